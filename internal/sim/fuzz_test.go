package sim

import (
	"testing"

	"github.com/aksnet/aksnet/internal/netmodel"
)

// FuzzParseEndpoint: bad input never panics; what parses round-trips
// through String and resolves or fails cleanly in a topology.
func FuzzParseEndpoint(f *testing.F) {
	for _, s := range []string{"pod:web@node1", "pod@node2", "pod", "pod:api", "node:1", "node:node3", "node:10.224.0.5", "node",
		"vm:10.232.0.9", "vm", "peered:10.50.0.4", "onprem:192.168.10.5", "internet:203.0.113.10:443", "internet", "service:api",
		"service", "pod:@", "node:0", "internet:1.2.3.4:0", "vm:::", "POD@NODE1", "x:y"} {
		f.Add(s)
	}
	top, ds := Build(Options{Choice: netmodel.Choice{Model: netmodel.AzureNodeSubnet}})
	if ds.HasErrors() {
		f.Fatal(ds)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseEndpoint(s)
		if err != nil {
			return
		}
		again, err := ParseEndpoint(sp.String())
		if err != nil {
			t.Fatalf("%q parsed to %+v whose String %q does not parse: %v", s, sp, sp.String(), err)
		}
		if again != sp {
			t.Fatalf("%q: %+v round-trips to %+v", s, sp, again)
		}
		c := top.Clone()
		e, err := c.Resolve(sp)
		if err != nil {
			return
		}
		if !e.IP.IsValid() || e.Host == "" {
			t.Fatalf("%q resolved to %+v", s, e)
		}
		from, _ := c.Resolve(EndpointSpec{Kind: KindPod})
		if r := c.Trace(from, e); r.Verdict == "" {
			t.Fatalf("trace to %q has no verdict", s)
		}
	})
}

// FuzzParseNSGRule: bad input never panics; rules that parse keep their
// direction and action.
func FuzzParseNSGRule(f *testing.F) {
	for _, s := range []string{"deny:out:*:Internet", "allow:in:10.50.0.0/16:*:443", "deny:in:10.0.0.1:10.0.0.2:80", "deny:out:*:*:*",
		"drop:in:*:*", "deny:sideways:*:*", "deny:in:300.0.0.0/8:*", "deny:in:*:*:70000", "::::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseNSGRule(s)
		if err != nil {
			return
		}
		if r.Direction != DirInbound && r.Direction != DirOutbound {
			t.Fatalf("%q: direction %q", s, r.Direction)
		}
		if r.Src.IsValid() && !r.Src.Addr().Is4() || r.Dst.IsValid() && !r.Dst.Addr().Is4() {
			t.Fatalf("%q: non-IPv4 prefix %+v", s, r)
		}
	})
}

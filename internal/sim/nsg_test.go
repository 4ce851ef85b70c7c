package sim

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseNSGRule(t *testing.T) {
	p := netip.MustParsePrefix
	cases := []struct {
		in      string
		want    NSGRule
		wantErr bool
	}{
		{in: "deny:out:*:Internet", want: NSGRule{Name: "deny:out:*:Internet", Direction: DirOutbound, Deny: true, DstTag: TagInternet}},
		{in: "allow:in:10.50.0.0/16:*:443", want: NSGRule{Name: "allow:in:10.50.0.0/16:*:443", Direction: DirInbound, Src: p("10.50.0.0/16"), Port: 443}},
		{in: "deny:inbound:10.0.0.1:10.0.0.0/8:*", want: NSGRule{Name: "deny:inbound:10.0.0.1:10.0.0.0/8:*", Direction: DirInbound, Deny: true, Src: p("10.0.0.1/32"), Dst: p("10.0.0.0/8")}},
		{in: "drop:in:*:*", wantErr: true},
		{in: "deny:up:*:*", wantErr: true},
		{in: "deny:in:fd00::/8:*", wantErr: true},
		{in: "deny:in:*:*:0", wantErr: true},
		{in: "deny:in:*", wantErr: true},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseNSGRule(c.in)
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, c.wantErr)
			}
			if diff := cmp.Diff(c.want, got, netipCmp); !c.wantErr && diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// netipCmp compares netip values by value.
var netipCmp = cmp.Options{
	cmp.Comparer(func(x, y netip.Addr) bool { return x == y }),
	cmp.Comparer(func(x, y netip.Prefix) bool { return x == y }),
}

// TestNSGSeesModelSource: an NSG on the node subnet matches the source the
// model puts on the wire — the node IP for kubenet (KUB), the pod IP for Pod
// Subnet (LEG; CNIOV) — so a rule written for pod addresses only bites
// where pod IPs are preserved.
func TestNSGSeesModelSource(t *testing.T) {
	cases := []struct {
		model, rule, want string
	}{
		{"kubenet", "deny:out:10.244.0.0/16:10.50.0.0/16", "node"},
		{"azure-overlay", "deny:out:10.244.0.0/16:10.50.0.0/16", "node"},
		{"azure-pod-subnet", "deny:out:10.228.0.0/14:10.50.0.0/16", VerdictNSG},
		{"azure-node-subnet", "deny:out:10.224.0.7:10.232.0.0/14", VerdictNSG},
		{"kubenet", "deny:out:10.224.0.4:10.50.0.0/16", VerdictNSG},
		{"azure-pod-subnet", "deny:in:10.50.0.0/16:*:443", VerdictNSG},
		{"azure-pod-subnet", "deny:in:10.50.0.0/16:*:80", "pod"},
	}
	for _, c := range cases {
		t.Run(c.model+"/"+c.rule, func(t *testing.T) {
			r, err := ParseNSGRule(c.rule)
			if err != nil {
				t.Fatal(err)
			}
			top := mustBuild(t, Options{Choice: mustChoice(t, c.model), NSGRules: []NSGRule{r}})
			to := "peered"
			if r.Dst.IsValid() && r.Dst.Contains(netip.MustParseAddr("10.232.0.4")) {
				to = "vm"
			}
			from := "pod:web@node1"
			if r.Direction == DirInbound {
				from, to = "peered", "pod:web@node1"
			}
			res := mustTrace(t, top, from, to)
			got := seenClass(top, res)
			if r.Direction == DirInbound && got == "self" {
				got = "pod"
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\nhops %+v", diff, res.Hops)
			}
		})
	}
}

func TestParseEndpoint(t *testing.T) {
	a := netip.MustParseAddr
	cases := []struct {
		in      string
		want    EndpointSpec
		wantErr bool
	}{
		{in: "pod:web@node1", want: EndpointSpec{Kind: KindPod, Name: "web", Node: "node1"}},
		{in: "pod@node2", want: EndpointSpec{Kind: KindPod, Node: "node2"}},
		{in: "pod", want: EndpointSpec{Kind: KindPod}},
		{in: "node:1", want: EndpointSpec{Kind: KindNode, Name: "node1"}},
		{in: "node:10.224.0.5", want: EndpointSpec{Kind: KindNode, Addr: a("10.224.0.5")}},
		{in: "vm:10.1.0.4", want: EndpointSpec{Kind: KindVM, Addr: a("10.1.0.4")}},
		{in: "peered:10.50.0.4", want: EndpointSpec{Kind: KindPeered, Addr: a("10.50.0.4")}},
		{in: "onprem:192.168.10.5", want: EndpointSpec{Kind: KindOnPrem, Addr: a("192.168.10.5")}},
		{in: "internet:203.0.113.10:443", want: EndpointSpec{Kind: KindInternet, Addr: a("203.0.113.10"), Port: 443}},
		{in: "internet", want: EndpointSpec{Kind: KindInternet}},
		{in: "service:api", want: EndpointSpec{Kind: KindService, Name: "api"}},
		{in: "pod:web@", wantErr: true},
		{in: "node:0", wantErr: true},
		{in: "vm:10.1.0", wantErr: true},
		{in: "internet:203.0.113.10:99999", wantErr: true},
		{in: "router", wantErr: true},
		{in: "vm:fd00::1", wantErr: true},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseEndpoint(c.in)
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, c.wantErr)
			}
			if diff := cmp.Diff(c.want, got, netipCmp); !c.wantErr && diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestInternetTagExcludesVirtualNetwork: the Internet service tag is the
// space outside the virtual network, so a VNet, peered VNet or on-premises
// network in public address space is not blocked by outbound type block's
// deny-Internet rule, while the internet still is.
func TestInternetTagExcludesVirtualNetwork(t *testing.T) {
	top := mustBuild(t, Options{
		Choice:       mustChoice(t, "azure-overlay"),
		OutboundType: OutboundBlock,
		VNet:         netip.MustParsePrefix("20.1.0.0/16"),
		Peered:       netip.MustParsePrefix("20.50.0.0/16"),
		OnPrem:       netip.MustParsePrefix("31.0.0.0/16"),
	})
	for _, c := range []struct {
		to        string
		reachable bool
	}{
		{"vm", true},
		{"peered", true},
		{"onprem", true},
		{"internet", false},
	} {
		t.Run(c.to, func(t *testing.T) {
			res := mustTrace(t, top, "node:1", c.to)
			if res.Reachable != c.reachable {
				t.Errorf("node:1 → %s reachable %t, want %t (verdict %s)", c.to, res.Reachable, c.reachable, res.Verdict)
			}
		})
	}
	got := top.NotInternet()
	want := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16"),
		netip.MustParsePrefix("100.64.0.0/10"), netip.MustParsePrefix("20.1.0.0/16"), netip.MustParsePrefix("20.50.0.0/16"),
		netip.MustParsePrefix("31.0.0.0/16"),
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
		t.Errorf("NotInternet (-want +got):\n%s", diff)
	}
}

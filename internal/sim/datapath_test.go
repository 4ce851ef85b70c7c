package sim

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

func mustChoice(t testing.TB, s string) netmodel.Choice {
	t.Helper()
	parts := strings.SplitN(s, "/", 2)
	c, err := netmodel.ParseModel(parts[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) == 2 {
		if c.Allocation, err = netmodel.ParseAllocation(parts[1]); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func mustBuild(t testing.TB, o Options) *Topology {
	t.Helper()
	top, ds := Build(o)
	if ds.HasErrors() {
		t.Fatalf("Build(%+v): %v", o, ds)
	}
	return top
}

func mustTrace(t testing.TB, top *Topology, from, to string) Result {
	t.Helper()
	ep := func(s string) Endpoint {
		sp, err := ParseEndpoint(s)
		if err != nil {
			t.Fatal(err)
		}
		e, err := top.Resolve(sp)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	return top.Trace(ep(from), ep(to))
}

// seenClass names what the destination saw: "pod" (the pod's own IP),
// "node" (the source's node IP), "public" (an egress public IP), "self"
// (a non-pod source's own IP), or the verdict when unreachable.
func seenClass(top *Topology, r Result) string {
	if !r.Reachable {
		return r.Verdict
	}
	s := *r.SeenSource
	switch {
	case r.Attributable:
		return "pod"
	case r.Source.NodeIP == s:
		return "node"
	case Public.Contains(s):
		return "public"
	case r.Source.IP == s:
		return "self"
	}
	return "other " + s.String()
}

// TestDataPath checks each model's flows against the facts sheet's data-path
// table (section 4.1); every case cites the source it checks.
func TestDataPath(t *testing.T) {
	type flow struct {
		from, to, want, source string
	}
	podCIDRModel := func(src string) []flow {
		return []flow{
			{"pod:web@node1", "pod:api@node1", "pod", src + ": same-node pod to pod is node-local"},
			{"pod:web@node1", "pod:web@node2", "pod", src + ": cross-node pod to pod keeps the pod IP"},
			{"pod:web@node1", "node:2", "node", src + ": SNAT to the node IP outside the pod CIDR"},
			{"pod:web@node1", "vm", "node", src + ": pod to VNet is NATed to the node primary IP"},
			{"pod:web@node1", "peered", "node", src + ": pod to peered VNet is NATed to the node IP"},
			{"pod:web@node1", "onprem", "node", src + ": pod to on-prem is NATed to the node IP"},
			{"pod:web@node1", "internet", "public", "EGR: internet egress through the outbound type's public IP"},
			{"pod:web@node1", "service:api", "pod", "CONC: ClusterIP DNAT to a backend pod"},
			{"vm", "pod:web@node2", VerdictBlackhole, "CNIOV: pod initiated only; the pod CIDR is not routable from the VNet"},
			{"peered", "pod:web@node2", VerdictNoRoute, "CNIOV: pod initiated only; peering carries the VNet space, not the pod CIDR"},
			{"onprem", "pod:web@node1", VerdictNoRoute, "CNIOV: pod initiated only; the gateway advertises the VNet space"},
			{"vm", "service:api", VerdictBlackhole, "IPPLAN: ClusterIPs are not reachable from outside the cluster"},
			{"node:1", "pod:web@node2", "self", src + ": node to pod through the pod routes"},
		}
	}
	flat := func(snatPeered, src string) []flow {
		return []flow{
			{"pod:web@node1", "pod:api@node1", "pod", src + ": same-node pods through host routes"},
			{"pod:web@node1", "pod:web@node2", "pod", src + ": VNet routing, pod IPs are VNet IPs"},
			{"pod:web@node1", "vm", "pod", src + ": destination in the same VNet sees the pod IP"},
			{"pod:web@node1", "peered", snatPeered, src + ": peered VNet"},
			{"pod:web@node1", "onprem", snatPeered, src + ": on-premises"},
			{"pod:web@node1", "internet", "public", "EGR: internet egress through the outbound type's public IP"},
			{"vm", "pod:web@node2", "self", "CNIOV: pods reachable both ways"},
			{"peered", "pod:web@node2", "self", "CNIOV: pods reachable both ways"},
			{"onprem", "pod:web@node1", "self", "CNIOV: pods reachable both ways"},
			{"pod:web@node1", "service:api", "pod", "CONC: ClusterIP DNAT to a backend pod"},
		}
	}
	cases := []struct {
		model string
		flows []flow
	}{
		{"kubenet", podCIDRModel("KUB")},
		{"azure-overlay", podCIDRModel("OVL")},
		{"cilium", podCIDRModel("CIL/OVL")},
		{"azure-node-subnet", flat("node", "LEG/CNIOV")},
		{"azure-pod-subnet/dynamic", flat("pod", "LEG/CNIOV/DYN")},
		{"azure-pod-subnet/static-block", flat("pod", "LEG/CNIOV/STB")},
		{"none", []flow{
			{"pod:web@node1", "vm", VerdictPluginDefined, "BYO: plugin-defined"},
			{"vm", "pod:web@node1", VerdictPluginDefined, "BYO: plugin-defined"},
			{"node:1", "internet", "public", "BYO; EGR: egress by outbound type"},
			{"vm", "node:1", "self", "BYO: nodes are VNet hosts"},
		}},
	}
	for _, c := range cases {
		top := mustBuild(t, Options{Choice: mustChoice(t, c.model)})
		for _, f := range c.flows {
			t.Run(c.model+"/"+f.from+"->"+f.to, func(t *testing.T) {
				r := mustTrace(t, top, f.from, f.to)
				if diff := cmp.Diff(f.want, seenClass(top, r)); diff != "" {
					t.Errorf("%s (-want +got):\n%s\nhops: %+v", f.source, diff, r.Hops)
				}
			})
		}
	}
}

// TestOutboundTypes checks the egress device per outbound type (EGR; UDR;
// NATGW; ISO).
func TestOutboundTypes(t *testing.T) {
	cases := []struct {
		outbound, want, device, source string
	}{
		{OutboundLoadBalancer, "public", "lb-outbound", "EGR"},
		{OutboundManagedNAT, "public", "nat-gateway", "NATGW"},
		{OutboundUserAssignedNAT, "public", "nat-gateway", "NATGW"},
		{OutboundUDR, "public", "firewall", "UDR"},
		{OutboundNone, VerdictNoRoute, "", "EGR"},
		{OutboundBlock, VerdictNSG, "", "EGR; ISO"},
	}
	for _, model := range []string{"kubenet", "azure-overlay", "azure-node-subnet", "azure-pod-subnet"} {
		for _, c := range cases {
			t.Run(model+"/"+c.outbound, func(t *testing.T) {
				top := mustBuild(t, Options{Choice: mustChoice(t, model), OutboundType: c.outbound})
				r := mustTrace(t, top, "pod:web@node1", "internet:203.0.113.10:443")
				if diff := cmp.Diff(c.want, seenClass(top, r)); diff != "" {
					t.Errorf("%s (-want +got):\n%s", c.source, diff)
				}
				if c.device != "" && !visits(r, c.device) {
					t.Errorf("%s: trace does not pass %s: %+v", c.source, c.device, r.Hops)
				}
				// VNet traffic is unaffected by the egress choice (ISO for block).
				if v := mustTrace(t, top, "pod:web@node1", "vm"); !v.Reachable {
					t.Errorf("pod to VM unreachable with %s: %s", c.outbound, v.Reason)
				}
			})
		}
	}
}

func visits(r Result, host string) bool {
	for _, h := range r.Hops {
		if h.Host == host {
			return true
		}
	}
	return false
}

// TestAddressing checks the IPAM per model against the facts sheet's worked
// examples and formulas.
func TestAddressing(t *testing.T) {
	cases := []struct {
		model   string
		maxPods int
		// want maps host names to their primary address.
		want   map[string]string
		source string
	}{
		{"kubenet", 0, map[string]string{"node1": "10.224.0.4", "node3": "10.224.0.6", "web@node1": "10.244.0.2", "web@node2": "10.244.1.2", "api@node3": "10.244.2.3"},
			"KUB worked example 6: node 1 10.244.0.0/24, node 2 10.244.1.0/24, node 3 10.244.2.0/24; OVL first usable is .4"},
		{"azure-overlay", 0, map[string]string{"web@node2": "10.244.1.2"}, "OVL: fixed /24 per node"},
		{"azure-node-subnet", 30, map[string]string{"node3": "10.224.0.6", "web@node1": "10.224.0.7", "web@node2": "10.224.0.37", "api@node3": "10.224.0.68"},
			"IPPLAN: maxPods IPs reserved per node after the node IPs"},
		{"azure-pod-subnet/dynamic", 0, map[string]string{"node1": "10.224.0.4", "web@node1": "10.228.0.4", "web@node2": "10.228.0.20", "api@node3": "10.228.0.37"},
			"DYN: batches of 16 per node"},
		{"azure-pod-subnet/static-block", 30, map[string]string{"web@node1": "10.228.0.17", "web@node2": "10.228.0.49"},
			"STB: ceil((30+1)/16) = 2 /28 blocks per node, one IP per node reserved"},
	}
	for _, c := range cases {
		t.Run(c.model, func(t *testing.T) {
			top := mustBuild(t, Options{Choice: mustChoice(t, c.model), MaxPods: c.maxPods})
			got := map[string]string{}
			for name := range c.want {
				h, ok := top.Host(name)
				if !ok {
					t.Fatalf("no host %s", name)
				}
				got[name] = h.Primary().String()
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.source, diff)
			}
		})
	}
}

// TestGoldenMatrices pins the full matrix of every model.
func TestGoldenMatrices(t *testing.T) {
	for _, model := range []string{"kubenet", "azure-overlay", "cilium", "azure-node-subnet", "azure-pod-subnet/dynamic", "azure-pod-subnet/static-block", "none"} {
		t.Run(model, func(t *testing.T) {
			top := mustBuild(t, Options{Choice: mustChoice(t, model)})
			m, err := top.Matrix(nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "# %s, outbound %s\n", m.Model, m.OutboundType)
			for _, f := range m.Flows {
				seen := "-"
				if f.SeenSource != nil {
					seen = f.SeenSource.String()
				}
				fmt.Fprintf(&b, "%-14s -> %-14s %-30s seen=%-13s pod=%v hops=%d\n", f.From, f.To, f.Verdict, seen, f.Attributable, len(f.Hops))
			}
			for _, n := range m.Notes {
				fmt.Fprintf(&b, "note %s (%s)\n", n.Topic, n.Source)
			}
			golden(t, "matrix-"+strings.ReplaceAll(model, "/", "-")+".golden", b.String())
		})
	}
}

// TestGoldenTopology pins the exported topology and predictions the lab reads.
func TestGoldenTopology(t *testing.T) {
	for _, model := range []string{"kubenet", "azure-pod-subnet"} {
		t.Run(model, func(t *testing.T) {
			top := mustBuild(t, Options{Choice: mustChoice(t, model), Nodes: 2})
			ex, err := ExportFor(top)
			if err != nil {
				t.Fatal(err)
			}
			b, err := ex.JSON()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "export-"+model+".golden.json", string(b))
		})
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

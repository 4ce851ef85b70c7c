package emu

import (
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/sim"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", p, d)
	}
}

// labSpecs are the labs the tests and benchmarks build: every model and
// every outbound type the lab realises.
func labSpecs() []struct {
	name string
	spec Spec
} {
	mk := func(model, alloc, out string) Spec {
		return Spec{Model: model, Allocation: alloc, OutboundType: out, Nodes: 2, PodsPerNode: len(sim.PodNames)}
	}
	return []struct {
		name string
		spec Spec
	}{
		{"kubenet", mk("kubenet", "", sim.OutboundLoadBalancer)},
		{"nodesubnet", mk("azure-node-subnet", "", sim.OutboundLoadBalancer)},
		{"poddyn", mk("azure-pod-subnet", "dynamic", sim.OutboundLoadBalancer)},
		{"podstatic", mk("azure-pod-subnet", "static-block", sim.OutboundLoadBalancer)},
		{"overlay", mk("azure-overlay", "", sim.OutboundLoadBalancer)},
		{"cilium", mk("cilium", "", sim.OutboundLoadBalancer)},
		{"byo", mk("none", "", sim.OutboundLoadBalancer)},
		{"natgw", mk("azure-overlay", "", sim.OutboundManagedNAT)},
		{"udr", mk("kubenet", "", sim.OutboundUDR)},
		{"noegress", mk("azure-node-subnet", "", sim.OutboundNone)},
		{"block", mk("azure-overlay", "", sim.OutboundBlock)},
		// A VNet and a peered VNet in public space, used privately: the
		// Internet tag of block's deny rule must not cover them.
		{"publicblock", withRanges(mk("azure-overlay", "", sim.OutboundBlock), "20.1.0.0/16", "20.50.0.0/16")},
		{"nsg", withNSG(mk("azure-pod-subnet", "dynamic", sim.OutboundLoadBalancer),
			"deny:in:10.50.0.0/16:*", "deny:out:*:192.168.0.0/16", "deny:in:*:*:443", "allow:out:*:Internet")},
		{"nsgkubenet", withNSG(mk("kubenet", "", sim.OutboundUDR), "deny:in:10.244.0.0/16:*", "allow:in:*:*:443", "deny:out:*:10.232.0.0/16")},
	}
}

func withRanges(s Spec, vnet, peered string) Spec {
	s.VNet, s.Peered = netip.MustParsePrefix(vnet), netip.MustParsePrefix(peered)
	return s
}

func withNSG(s Spec, rules ...string) Spec {
	s.NSG = rules
	return s
}

func TestPlanGolden(t *testing.T) {
	for _, c := range labSpecs() {
		t.Run(c.name, func(t *testing.T) {
			topo, err := c.spec.Topology()
			if err != nil {
				t.Fatal(err)
			}
			p, err := PlanFor("lab", topo)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "plan-"+c.name+".golden", p.Text())
		})
	}
}

// TestPlanInvariants checks what every plan must hold whatever the model:
// every namespace carries the lab's prefix, link names fit the kernel's
// limit, every veth's peer lands in the lab's switch namespace, and no
// operation names a namespace outside the lab.
func TestPlanInvariants(t *testing.T) {
	for _, c := range labSpecs() {
		t.Run(c.name, func(t *testing.T) {
			topo, err := c.spec.Topology()
			if err != nil {
				t.Fatal(err)
			}
			p, err := PlanFor("x1", topo)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(p.Namespaces), len(topo.Hosts)+1; got != want {
				t.Errorf("namespaces = %d, want %d", got, want)
			}
			for _, ns := range p.Namespaces {
				if !strings.HasPrefix(ns, "aksnet-x1-") {
					t.Errorf("namespace %q lacks the lab prefix", ns)
				}
			}
			for _, o := range p.Ops {
				if !strings.HasPrefix(o.NS, "aksnet-x1-") {
					t.Errorf("%s: namespace %q outside the lab", o, o.NS)
				}
				for _, l := range []string{o.Link, o.Peer, o.Master} {
					if len(l) > MaxLinkName {
						t.Errorf("%s: link name %q longer than %d", o, l, MaxLinkName)
					}
				}
				if o.Kind == OpVeth && o.PeerNS != Namespace("x1", SwitchHost) {
					t.Errorf("%s: veth peer outside the switch namespace", o)
				}
			}
		})
	}
}

func TestPlanRoutes(t *testing.T) {
	p := func(s string) netip.Prefix { return netip.MustParsePrefix(s) }
	a := func(s string) netip.Addr { return netip.MustParseAddr(s) }
	h := sim.Host{Name: "h", Routes: []sim.Route{
		{Dst: p("10.0.0.0/8"), Type: sim.RouteBlackhole},
		{Dst: p("0.0.0.0/0"), Via: a("10.1.0.1"), Dev: "eth0"},
		{Dst: p("10.1.0.0/16"), Dev: "eth0"},
		{Dst: p("0.0.0.0/0"), Via: a("10.2.0.1"), Dev: "eth1", Table: 20},
		{Dst: p("10.0.0.0/8"), Dev: "eth0"}, // a second route to the same prefix: the first wins
		{Dst: p("10.9.0.5/32"), Via: a("169.254.1.1"), Dev: "eth0", OnLink: true},
	}}
	got, err := planRoutes(h)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range got {
		lines = append(lines, r.op.String())
	}
	want := []string{
		"10.1.0.0/16 dev eth0",
		"0.0.0.0/0 via 10.1.0.1 dev eth0",
		"0.0.0.0/0 via 10.2.0.1 dev eth1 onlink table 20",
		"10.9.0.5/32 via 169.254.1.1 dev eth0 onlink",
		"blackhole 10.0.0.0/8",
	}
	if d := cmp.Diff(want, lines); d != "" {
		t.Errorf("routes (-want +got):\n%s", d)
	}
}

func TestPlanNAT(t *testing.T) {
	p := func(s string) netip.Prefix { return netip.MustParsePrefix(s) }
	tests := []struct {
		name string
		r    sim.NATRule
		want []string
	}{
		{"snat", sim.NATRule{Kind: sim.NATSNAT, SrcIn: p("10.244.0.0/16"), DstNotIn: []netip.Prefix{p("10.244.0.0/16")}, OutIface: "eth0",
			To: netip.MustParseAddrPort("10.224.0.4:0")},
			[]string{`postrouting oifname "eth0" ip saddr 10.244.0.0/16 ip daddr != 10.244.0.0/16 snat to 10.224.0.4`}},
		{"dnat any interface", sim.NATRule{Kind: sim.NATDNAT, DstIn: p("10.0.0.100/32"), DPort: 443, To: netip.MustParseAddrPort("10.244.1.3:443")},
			[]string{
				"prerouting ip daddr 10.0.0.100 tcp dport 443 dnat to 10.244.1.3:443",
				"prerouting ip daddr 10.0.0.100 udp dport 443 dnat to 10.244.1.3:443",
				"output ip daddr 10.0.0.100 tcp dport 443 dnat to 10.244.1.3:443",
				"output ip daddr 10.0.0.100 udp dport 443 dnat to 10.244.1.3:443",
			}},
		{"dnat one interface", sim.NATRule{Kind: sim.NATDNAT, InIface: "eth0", DstIn: p("198.51.100.1/32"), To: netip.MustParseAddrPort("10.1.0.4:0")},
			[]string{`prerouting iifname "eth0" ip daddr 198.51.100.1 dnat to 10.1.0.4`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ops, err := planNAT(tc.r)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range ops {
				got = append(got, o.String())
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	for _, bad := range []sim.NATRule{
		{Kind: "masquerade", To: netip.MustParseAddrPort("10.0.0.1:0")},
		{Kind: sim.NATSNAT, InIface: "eth0", To: netip.MustParseAddrPort("10.0.0.1:0")},
		{Kind: sim.NATDNAT, OutIface: "eth0", To: netip.MustParseAddrPort("10.0.0.1:0")},
	} {
		if _, err := planNAT(bad); err == nil {
			t.Errorf("planNAT(%+v) = nil error", bad)
		}
	}
}

func TestPlanRejects(t *testing.T) {
	topo, err := Spec{Model: "kubenet", OutboundType: sim.OutboundLoadBalancer, Nodes: 2, PodsPerNode: 2}.Topology()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PlanFor("Bad-Name", topo); err == nil {
		t.Error("invalid lab name accepted")
	}
	badNSG := topo.Clone()
	badNSG.Segments[0].NSG = "missing"
	if _, err := PlanFor("lab", badNSG); err == nil {
		t.Error("a segment naming an unknown NSG accepted")
	}
	long := topo.Clone()
	long.Hosts[0].Interfaces[0].Name = "a-very-long-interface"
	if _, err := PlanFor("lab", long); err == nil {
		t.Error("link name over 15 characters accepted")
	}
	clash := topo.Clone()
	clash.Hosts = append(clash.Hosts, sim.Host{Name: "web-node1"})
	if _, err := PlanFor("lab", clash); err == nil {
		t.Error("two hosts mapping to one namespace accepted")
	}
}

package sim

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/netmodel"
)

var propModels = []string{"kubenet", "azure-overlay", "cilium", "azure-node-subnet", "azure-pod-subnet/dynamic", "azure-pod-subnet/static-block", "none"}

// randomOptions draws a topology: model, outbound type, node count, VNet,
// pod CIDR and maxPods, all valid.
func randomOptions(t testing.TB, r *rand.Rand) Options {
	for {
		o := drawOptions(t, r)
		if _, ds := Build(o); !ds.HasErrors() {
			return o
		}
	}
}

func drawOptions(t testing.TB, r *rand.Rand) Options {
	bits := 12 + r.IntN(9) // /12../20
	vnet := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(128 + r.IntN(112)), byte(r.IntN(256)), 0}), bits).Masked()
	pod := netip.PrefixFrom(netip.AddrFrom4([4]byte{100, byte(64 + r.IntN(32)), 0, 0}), 14+r.IntN(3)).Masked()
	return Options{
		Choice:       mustChoice(t, propModels[r.IntN(len(propModels))]),
		OutboundType: OutboundTypes()[r.IntN(len(OutboundTypes()))],
		Nodes:        2 + r.IntN(7),
		MaxPods:      []int{0, 30, 31, 110, 250}[r.IntN(5)],
		VNet:         vnet,
		PodCIDR:      pod,
	}
}

func randomEndpoint(r *rand.Rand, top *Topology, nodes int) string {
	node := "node" + string(rune('1'+r.IntN(nodes)))
	a := top.Addressing
	switch r.IntN(9) {
	case 0:
		return "pod:" + PodNames[r.IntN(len(PodNames))] + "@" + node
	case 1:
		return "pod@" + node
	case 2:
		return "node:" + node
	case 3:
		return "vm"
	case 4:
		return "vm:" + nth(a.VMSubnet, 4+r.IntN(8)).String()
	case 5:
		return "peered:" + nth(a.Peered, 4+r.IntN(200)).String()
	case 6:
		return "onprem:" + nth(a.OnPrem, 3+r.IntN(200)).String()
	case 7:
		return "internet:" + nth(Internet, 2+r.IntN(200)).String() + ":443"
	}
	return "service:api"
}

// TestProperties checks, over random topologies and endpoints: no kubenet or
// overlay pod IP is ever seen outside the pod CIDR (KUB; OVL); a pod-subnet
// pod IP is seen by every VNet, peered and on-prem destination (LEG; CNIOV);
// none/block outbound never reaches the internet (EGR; ISO); every trace
// terminates with a verdict within the hop bound.
func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 2026))
	for i := range 300 {
		o := randomOptions(t, r)
		top, ds := Build(o)
		if ds.HasErrors() {
			t.Fatalf("case %d: Build(%+v): %v", i, o, ds)
		}
		for range 20 {
			fs, ts := randomEndpoint(r, top, o.Nodes), randomEndpoint(r, top, o.Nodes)
			res := mustTrace(t, top, fs, ts)
			if res.Verdict == "" || len(res.Hops) > 4*MaxHops {
				t.Fatalf("%s %s -> %s: no verdict or too many hops (%d)", top.label(), fs, ts, len(res.Hops))
			}
			if res.Reachable != (res.Verdict == VerdictReachable) || res.Reachable != (res.SeenSource != nil) {
				t.Fatalf("%s %s -> %s: inconsistent result %+v", top.label(), fs, ts, res)
			}
			model := netmodel.ID(top.Model)
			dst := res.Destination
			if res.Reachable && (model == netmodel.Kubenet || model == netmodel.AzureOverlay) &&
				dst.Kind != KindPod && dst.Kind != KindService && dst.Name != nodeOf(top, res.Source) &&
				top.Addressing.PodCIDR.Contains(*res.SeenSource) {
				t.Errorf("%s %s -> %s: pod IP %s seen outside the pod CIDR", top.label(), fs, ts, res.SeenSource)
			}
			if model == netmodel.AzurePodSubnet && res.Source.Kind == KindPod && o.OutboundType != OutboundBlock &&
				(dst.Kind == KindVM || dst.Kind == KindNode || dst.Kind == KindPeered || dst.Kind == KindOnPrem || dst.Kind == KindPod) {
				if !res.Reachable || *res.SeenSource != res.Source.IP {
					t.Errorf("%s %s -> %s: want the pod IP %s seen, got %s (%s)", top.label(), fs, ts, res.Source.IP, res.SeenSource, res.Reason)
				}
			}
			if (o.OutboundType == OutboundNone || o.OutboundType == OutboundBlock) && dst.Kind == KindInternet && res.Source.Kind != KindInternet && res.Reachable {
				t.Errorf("%s outbound %s: %s reached the internet", top.label(), o.OutboundType, fs)
			}
		}
	}
}

// nodeOf returns the node a pod endpoint runs on: the pod's own node holds
// the pod's block on its bridge, so it is inside the pod network.
func nodeOf(top *Topology, e EndpointView) string {
	if h, ok := top.Host(e.Name); ok && e.Kind == KindPod {
		return h.Node
	}
	return ""
}

// TestTerminatesOnBrokenRoutes adds random routes to random hosts and checks
// that every trace still ends with a verdict.
func TestTerminatesOnBrokenRoutes(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 5))
	for i := range 200 {
		o := randomOptions(t, r)
		top := mustBuild(t, o)
		prefixes := []netip.Prefix{top.Addressing.VNet, top.Addressing.NodeSubnet, top.Addressing.Peered, top.Addressing.OnPrem,
			netip.MustParsePrefix("0.0.0.0/0"), Internet, top.Addressing.ServiceCIDR}
		if top.Addressing.PodCIDR.IsValid() {
			prefixes = append(prefixes, top.Addressing.PodCIDR)
		}
		for range 1 + r.IntN(6) {
			h := &top.Hosts[r.IntN(len(top.Hosts))]
			ifc := h.Interfaces[r.IntN(len(h.Interfaces))]
			via := netip.Addr{}
			if nb := neighboursOn(top, h, ifc.Segment); len(nb) > 0 {
				via = nb[r.IntN(len(nb))]
			}
			h.Routes = append(h.Routes, Route{Dst: prefixes[r.IntN(len(prefixes))], Via: via, Dev: ifc.Name})
			h.Forward = h.Forward || r.IntN(2) == 0
		}
		for range 10 {
			fs, ts := randomEndpoint(r, top, o.Nodes), randomEndpoint(r, top, o.Nodes)
			res := mustTrace(t, top, fs, ts)
			if res.Verdict == "" {
				t.Fatalf("case %d %s -> %s: no verdict", i, fs, ts)
			}
		}
	}
}

func neighboursOn(top *Topology, self *Host, seg string) []netip.Addr {
	var out []netip.Addr
	for _, h := range top.Hosts {
		if h.Name == self.Name {
			continue
		}
		for _, ifc := range h.Interfaces {
			if ifc.Segment == seg {
				for _, a := range ifc.Addrs {
					out = append(out, a.Addr())
				}
			}
		}
	}
	return out
}

// TestRoutingLoop builds a loop between the fabric and a node and checks
// the verdict.
func TestRoutingLoop(t *testing.T) {
	top := mustBuild(t, Options{Choice: mustChoice(t, "kubenet")})
	n1, _ := top.Host("node1")
	f, _ := top.Host("fabric")
	target := netip.MustParsePrefix("10.99.0.0/16")
	f.Routes = append(f.Routes, Route{Dst: target, Via: n1.Primary(), Dev: "node"})
	n1.Routes = append(n1.Routes, Route{Dst: target, Via: netip.MustParseAddr("10.224.0.1"), Dev: "eth0"})
	sp := EndpointSpec{Kind: KindNode, Name: "node2"}
	from, err := top.Resolve(sp)
	if err != nil {
		t.Fatal(err)
	}
	to := Endpoint{Kind: KindVM, Name: "ghost", Host: "vm", IP: netip.MustParseAddr("10.99.0.1"), Port: 443}
	res := top.Trace(from, to)
	if res.Verdict != VerdictLoop || res.Reachable {
		t.Fatalf("verdict %q, want %q; hops %+v", res.Verdict, VerdictLoop, res.Hops)
	}
}

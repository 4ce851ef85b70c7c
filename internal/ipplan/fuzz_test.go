package ipplan

import (
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzCompute checks that no request panics and that the plan's numbers are
// consistent with each other: demand covers the nodes, a subnet said to fit
// holds the demand, and maxNodes never exceeds what the subnet offers; and
// that Demand computes exactly Compute's numbers.
func FuzzCompute(f *testing.F) {
	f.Add(uint8(1), 50, 0, 30, 1, false, 0, true, uint32(0x0a010000), uint8(24), uint32(0x0af40000), uint8(16), uint32(0x0a000000), uint8(16), uint8(0))
	f.Add(uint8(2), 1000, 1000, 250, 100, true, 3, false, uint32(0xac1e0000), uint8(12), uint32(0), uint8(0), uint32(0xc0000200), uint8(24), uint8(1))
	f.Add(uint8(0), 0, 0, 0, 0, false, -1, true, uint32(0xffffffff), uint8(32), uint32(1), uint8(33), uint32(0), uint8(0), uint8(2))
	f.Fuzz(func(t *testing.T, model uint8, nodes, maxNodes, maxPods, surgeN int, pct bool, ilbs int, private bool,
		a1 uint32, b1 uint8, a2 uint32, b2 uint8, a3 uint32, b3 uint8, alloc uint8) {
		clamp := func(v, lo, hi int) int { return min(max(v, lo), hi) }
		prefix := func(a uint32, b uint8) netip.Prefix {
			if b > 32 {
				return netip.Prefix{}
			}
			return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}), int(b)).Masked()
		}
		ids := netmodel.IDs()
		c := netmodel.Choice{Model: ids[int(model)%len(ids)]}
		if alloc%2 == 1 {
			c.Allocation = netmodel.StaticBlock
		}
		sg := Surge{N: clamp(surgeN, 0, maxInputSurge), Percent: pct}
		if pct {
			sg.N = clamp(surgeN, 0, 100)
		}
		n := clamp(nodes, 0, maxInputNodes)
		pool := Pool{Nodes: n, MaxNodes: clamp(maxNodes, 0, maxInputNodes), MaxPods: clamp(maxPods, 0, maxInputPods), MaxSurge: &sg}
		if pool.MaxNodes < n {
			pool.MaxNodes = 0
		}
		req := Request{Choice: c, Pools: []Pool{pool, pool}, ILBs: clamp(ilbs, 0, 1000), PrivateCluster: private,
			NodeSubnet: prefix(a1, b1), PodSubnet: prefix(a2, b2), PodCIDR: prefix(a2, b2), ServiceCIDR: prefix(a3, b3),
			VNets: []netip.Prefix{prefix(a1, b1/2)}, Avoid: []netip.Prefix{prefix(a3, b3)}}
		full := Compute(req)
		full.Defaults, full.Diagnostics = nil, nil
		if diff := cmp.Diff(full, Demand(req), cmpopts.EquateComparable(netip.Prefix{}, netip.Addr{})); diff != "" {
			t.Fatalf("Demand differs from Compute (-compute +demand):\n%s", diff)
		}
		for _, p := range append(ComputeAll(req), Compute(req)) {
			ns := p.NodeSubnet
			if ns.RequiredIPs < int64(p.Nodes.Peak) {
				t.Fatalf("%s: requiredIPs %d below %d nodes", p.Model, ns.RequiredIPs, p.Nodes.Peak)
			}
			if ns.Fits != nil && *ns.Fits && ns.RequiredIPs > ns.Usable {
				t.Fatalf("%s: fits but needs %d of %d", p.Model, ns.RequiredIPs, ns.Usable)
			}
			if ns.MaxNodes != nil && (*ns.MaxNodes < 0 || int64(*ns.MaxNodes) > ns.Usable) {
				t.Fatalf("%s: maxNodes %d with %d usable", p.Model, *ns.MaxNodes, ns.Usable)
			}
			if pc := p.PodCIDR; pc != nil && pc.Fits != nil && *pc.Fits != (pc.RequiredBlocks <= *pc.NodesSupported) {
				t.Fatalf("%s: pod CIDR fits %v with %d of %d", p.Model, *pc.Fits, pc.RequiredBlocks, *pc.NodesSupported)
			}
			for _, d := range p.Diagnostics {
				if d.Code == "" || d.Message == "" {
					t.Fatalf("bad diagnostic %+v", d)
				}
			}
		}
	})
}

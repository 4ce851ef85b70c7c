package ipplan

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/google/go-cmp/cmp"
)

// The reference below is slow and obviously correct: it restates the
// formulas of the facts sheet with loops instead of arithmetic and shares no
// code with the planner.

// refSurge is the smallest k with k × 100 ≥ size × p.
func refSurge(s Surge, size int) int {
	if size <= 0 {
		return 0
	}
	if !s.Percent {
		return s.N
	}
	k := size * s.N / 100
	if k*100 < size*s.N {
		k++
	}
	return k
}

// refSurgeSlow counts surge nodes one by one.
func refSurgeSlow(s Surge, size int) int {
	k := 0
	for size > 0 && k*100 < size*s.N {
		k++
	}
	return k
}

// refNodeCost: node subnet addresses per node (IPPLAN): the node, plus max
// pods for the flat Node Subnet model.
func refNodeCost(id netmodel.ID, maxPods int) int64 {
	if id == netmodel.AzureNodeSubnet {
		return int64(1 + maxPods)
	}
	return 1
}

// refUsable enumerates a prefix of length l's addresses and drops the first
// four and the last (OVL).
func refUsable(l int) int64 {
	return int64(1)<<(32-l) - 5
}

// refMinPrefix walks prefixes from /32 towards /0 and returns the first that holds n.
func refMinPrefix(n int64) int {
	for l := 32; l >= 0; l-- {
		if refUsable(l) >= max(n, 1) {
			return l
		}
	}
	return -1
}

// refBlocks enumerates the /28 blocks of 10.0.0.0/l and counts those free of
// Azure's reserved addresses.
func refBlocks(l int) int64 {
	p := netip.PrefixFrom(netip.MustParseAddr("10.0.0.0"), l)
	first := p.Addr()
	last := first
	for range (1 << (32 - l)) - 1 {
		last = last.Next()
	}
	reserved := map[netip.Addr]bool{last: true}
	a := first
	for range 4 {
		reserved[a] = true
		a = a.Next()
	}
	var n int64
	for b := first; p.Contains(b); {
		ok := true
		x := b
		for range 16 {
			if reserved[x] {
				ok = false
			}
			x = x.Next()
		}
		if ok {
			n++
		}
		b = x
		if !b.IsValid() {
			break
		}
	}
	return n
}

func refDynamic(maxPods int) int64 {
	alloc := 16
	for alloc-maxPods < 8 {
		alloc += 16
	}
	return int64(alloc)
}

func refStaticBlocks(maxPods int) int {
	n := 1
	for 16*n-1 < maxPods {
		n++
	}
	return n
}

// refMaxNodes counts up from 0 while the demand with surge still fits.
func refMaxNodes(capacity, per, fixed int64, s Surge) int {
	n := 0
	for int64(n+1+refSurge(s, n+1))*per+fixed <= capacity {
		n++
	}
	return n
}

func TestUsableBlocksAgainstEnumeration(t *testing.T) {
	for l := 16; l <= 28; l++ {
		if got, want := usableBlocks(l), refBlocks(l); got != want {
			t.Errorf("/%d: usableBlocks = %d, enumeration = %d", l, got, want)
		}
	}
}

func TestMinPrefixExhaustive(t *testing.T) {
	for n := int64(0); n < 70000; n++ {
		if got, want := func() int { l, _ := minPrefixFor(n); return l }(), refMinPrefix(n); got != want {
			t.Fatalf("n=%d: %d, want %d", n, got, want)
		}
	}
}

func minPrefixFor(n int64) (int, bool) {
	b := builder{p: &Plan{}}
	return b.minPrefix(n, ""), true
}

func TestSurgeExhaustive(t *testing.T) {
	for p := 0; p <= 100; p++ {
		for size := 0; size <= 1000; size++ {
			s := Surge{N: p, Percent: true}
			if got, want := s.Nodes(size), refSurgeSlow(s, size); got != want {
				t.Fatalf("%d%% of %d: %d, want %d", p, size, got, want)
			}
		}
	}
}

func TestPerNodeExhaustive(t *testing.T) {
	for mp := 1; mp <= 250; mp++ {
		if got, want := dynamicPerNode(mp), refDynamic(mp); got != want {
			t.Errorf("dynamic %d: %d, want %d", mp, got, want)
		}
		if got, want := staticBlock(mp).BlocksPerNode, refStaticBlocks(mp); got != want {
			t.Errorf("static %d: %d, want %d", mp, got, want)
		}
	}
}

func randSurge(r *rand.Rand) *Surge {
	switch r.IntN(3) {
	case 0:
		return nil
	case 1:
		return &Surge{N: r.IntN(5)}
	}
	return &Surge{N: r.IntN(101), Percent: true}
}

// TestRandomAgainstReference compares the planner's demand, prefixes and
// node capacities with the reference on random requests.
func TestRandomAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ids := netmodel.IDs()
	for i := range 3000 {
		id := ids[r.IntN(len(ids))]
		c := netmodel.Choice{Model: id}
		static := id == netmodel.AzurePodSubnet && r.IntN(2) == 0
		if static {
			c.Allocation = netmodel.StaticBlock
		}
		var pools []Pool
		for range 1 + r.IntN(3) {
			n := r.IntN(300)
			pools = append(pools, Pool{Nodes: n, MaxNodes: n + r.IntN(50), MaxPods: 10 + r.IntN(241), MaxSurge: randSurge(r)})
		}
		if r.IntN(2) == 0 {
			pools = pools[:1]
		}
		req := Request{Choice: c, Pools: pools, ILBs: r.IntN(4), PrivateCluster: r.IntN(2) == 0,
			NodeSubnet: netip.PrefixFrom(netip.MustParseAddr("10.0.0.0"), 18+r.IntN(11)),
			PodSubnet:  netip.PrefixFrom(netip.MustParseAddr("10.128.0.0"), 14+r.IntN(13)),
			PodCIDR:    netip.PrefixFrom(netip.MustParseAddr("100.64.0.0"), 10+r.IntN(15)),
		}
		p := Compute(req)

		fixed := int64(req.ILBs)
		if req.PrivateCluster {
			fixed++
		}
		var nodeIPs, podIPs int64
		var blocks int
		for _, pl := range pools {
			s := DefaultSurge()
			if pl.MaxSurge != nil {
				s = *pl.MaxSurge
			}
			total := pl.MaxNodes + refSurge(s, pl.MaxNodes)
			blocks += total
			nodeIPs += int64(total) * refNodeCost(id, pl.MaxPods)
			if static {
				podIPs += int64(total) * int64(refStaticBlocks(pl.MaxPods)) * 16
			} else {
				podIPs += int64(total) * refDynamic(pl.MaxPods)
			}
		}
		type got struct {
			NodeIPs, PodIPs          int64
			NodePrefix, PodPrefix    int
			PodCIDRBlocks, CIDRPrefx int
			NodeMax, PodMax, CIDRMax int
		}
		want := got{NodeIPs: nodeIPs + fixed, NodePrefix: refMinPrefix(nodeIPs + fixed), NodeMax: -1, PodMax: -1, CIDRMax: -1}
		have := got{NodeIPs: p.NodeSubnet.RequiredIPs, NodePrefix: p.NodeSubnet.MinPrefixLength, NodeMax: -1, PodMax: -1, CIDRMax: -1}
		if len(pools) == 1 {
			s := DefaultSurge()
			if pools[0].MaxSurge != nil {
				s = *pools[0].MaxSurge
			}
			want.NodeMax = refMaxNodes(refUsable(req.NodeSubnet.Bits()), refNodeCost(id, pools[0].MaxPods), fixed, s)
			have.NodeMax = *p.NodeSubnet.MaxNodes
			switch {
			case id == netmodel.AzurePodSubnet && static:
				bl := int64(1)<<(28-req.PodSubnet.Bits()) - 2
				want.PodMax = refMaxNodes(max(bl, 0), int64(refStaticBlocks(pools[0].MaxPods)), 0, s)
			case id == netmodel.AzurePodSubnet:
				want.PodMax = refMaxNodes(refUsable(req.PodSubnet.Bits()), refDynamic(pools[0].MaxPods), 0, s)
			case id == netmodel.Kubenet || id == netmodel.AzureOverlay:
				want.CIDRMax = refMaxNodes(int64(1)<<(24-req.PodCIDR.Bits()), 1, 0, s)
			}
			if p.PodSubnet != nil {
				have.PodMax = *p.PodSubnet.MaxNodes
			}
			if p.PodCIDR != nil {
				have.CIDRMax = *p.PodCIDR.MaxNodes
			}
		}
		if id == netmodel.AzurePodSubnet {
			want.PodIPs = podIPs
			if static {
				for l := 26; l >= 0; l-- {
					if int64(1)<<(28-l)-2 >= max(podIPs/16, 1) {
						want.PodPrefix = l
						break
					}
				}
			} else {
				want.PodPrefix = refMinPrefix(podIPs)
			}
			have.PodIPs, have.PodPrefix = p.PodSubnet.RequiredIPs, p.PodSubnet.MinPrefixLength
		}
		if id == netmodel.Kubenet || id == netmodel.AzureOverlay {
			want.PodCIDRBlocks = blocks
			l := 24
			for (1 << (24 - l)) < blocks {
				l--
			}
			want.CIDRPrefx = l
			have.PodCIDRBlocks, have.CIDRPrefx = p.PodCIDR.RequiredBlocks, p.PodCIDR.MinPrefixLength
		}
		if diff := cmp.Diff(want, have); diff != "" {
			t.Fatalf("case %d %s %+v (-want +got):\n%s", i, id, pools, diff)
		}
	}
}

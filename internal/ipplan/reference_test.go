package ipplan

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/netmodel"
)

// The reference below is slow and obviously correct: it enumerates addresses
// and nodes one by one instead of using formulas.

// refSurge is the smallest whole number of nodes that is at least pct% of size.
func refSurge(s Surge, size int) int {
	if !s.Percent {
		return s.N
	}
	n := 0
	for n*100 < s.N*size {
		n++
	}
	return n
}

// refUsable enumerates a subnet's addresses and drops the first four and the last.
func refUsable(p netip.Prefix) int64 {
	var all []netip.Addr
	for a := p.Masked().Addr(); p.Contains(a); a = a.Next() {
		all = append(all, a)
	}
	if len(all) <= 5 {
		return 0
	}
	return int64(len(all) - 5)
}

// refUsableBlocks enumerates a subnet's /28 blocks and keeps those that hold
// none of the reserved addresses.
func refUsableBlocks(p netip.Prefix) int64 {
	if p.Bits() > 28 {
		return 0
	}
	first, last := p.Masked().Addr(), netip.Addr{}
	for a := first; p.Contains(a); a = a.Next() {
		last = a
	}
	reserved := []netip.Addr{first, first.Next(), first.Next().Next(), first.Next().Next().Next(), last}
	var n int64
	for a := first; p.Contains(a); {
		b := netip.PrefixFrom(a, 28)
		ok := true
		for _, r := range reserved {
			if b.Contains(r) {
				ok = false
			}
		}
		if ok {
			n++
		}
		for range 16 {
			a = a.Next()
		}
	}
	return n
}

// refNodeDemand counts node-subnet addresses node by node.
func refNodeDemand(model netmodel.ID, pools []Pool, fixed int) int64 {
	var n int64
	for _, p := range pools {
		sg := DefaultSurge()
		if p.MaxSurge != nil {
			sg = *p.MaxSurge
		}
		for range p.Max() + refSurge(sg, p.Max()) {
			n++ // the node's own address
			if model == netmodel.AzureNodeSubnet {
				for range p.MaxPods {
					n++
				}
			}
		}
	}
	return n + int64(fixed)
}

// refMinPrefix tries every prefix length from /32 down and returns the first
// whose enumerated usable addresses hold n.
func refMinPrefix(n int64) int {
	for bits := 32; bits >= 0; bits-- {
		if refUsable(netip.PrefixFrom(netip.MustParseAddr("10.0.0.0"), bits)) >= max(n, 1) {
			return bits
		}
	}
	return -1
}

// refMaxNodes counts up from 0 until one more node (with its surge) no longer fits.
func refMaxNodes(model netmodel.ID, pools []Pool, fixed int, usable int64) int {
	maxPods, surges := 0, []Surge{}
	for _, p := range pools {
		maxPods = max(maxPods, p.MaxPods)
		if p.MaxSurge != nil {
			surges = append(surges, *p.MaxSurge)
		} else {
			surges = append(surges, DefaultSurge())
		}
	}
	demand := func(k int) int64 {
		s := 0
		for _, sg := range surges {
			s = max(s, refSurge(sg, k))
		}
		return refNodeDemand(model, []Pool{{Nodes: k + s, MaxPods: maxPods, MaxSurge: &Surge{}}}, fixed)
	}
	k := 0
	if demand(0) > usable {
		return 0
	}
	for demand(k+1) <= usable {
		k++
	}
	return k
}

func randomPools(r *rand.Rand) []Pool {
	pools := make([]Pool, 1+r.IntN(3))
	for i := range pools {
		p := Pool{Nodes: 1 + r.IntN(40), MaxPods: 10 + r.IntN(241)}
		if r.IntN(2) == 0 {
			p.MaxNodes = p.Nodes + r.IntN(30)
		}
		switch r.IntN(3) {
		case 0:
			p.MaxSurge = &Surge{N: r.IntN(4)}
		case 1:
			p.MaxSurge = &Surge{N: r.IntN(101), Percent: true}
		}
		pools[i] = p
	}
	return pools
}

// TestNodeSubnetAgainstReference compares Compute with the reference on
// random requests for every model.
func TestNodeSubnetAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		model := netmodel.IDs()[r.IntN(len(netmodel.IDs()))]
		pools := randomPools(r)
		ilbs, private := r.IntN(4), r.IntN(2) == 0
		fixed := ilbs
		if private {
			fixed++
		}
		subnet := netip.PrefixFrom(netip.MustParseAddr("10.1.0.0"), 20+r.IntN(10))
		req := Request{Choice: choice(model), Pools: pools, ILBs: ilbs, PrivateCluster: private, NodeSubnet: subnet}
		t.Run(fmt.Sprintf("%d_%s", i, model), func(t *testing.T) {
			p := Compute(req)
			want := refNodeDemand(model, pools, fixed)
			if p.NodeSubnet.RequiredIPs != want {
				t.Fatalf("requiredIPs = %d, reference %d", p.NodeSubnet.RequiredIPs, want)
			}
			if want <= 1<<13 {
				if got, ref := p.NodeSubnet.MinPrefixLength, refMinPrefix(want); got != ref {
					t.Errorf("minPrefixLength = %d, reference %d", got, ref)
				}
			}
			usable := refUsable(subnet)
			if p.NodeSubnet.Usable != usable {
				t.Errorf("usable = %d, reference %d", p.NodeSubnet.Usable, usable)
			}
			if got, ref := *p.NodeSubnet.MaxNodes, refMaxNodes(model, pools, fixed, usable); got != ref {
				t.Errorf("maxNodes = %d, reference %d", got, ref)
			}
			if fits := want <= usable; *p.NodeSubnet.Fits != fits {
				t.Errorf("fits = %v, reference %v", *p.NodeSubnet.Fits, fits)
			}
		})
	}
}

// TestSmallExhaustive checks every node count from 0 to 300 in one pool
// against the reference prefix and every subnet /22–/30 against maxNodes.
func TestSmallExhaustive(t *testing.T) {
	for _, model := range []netmodel.ID{netmodel.AzureNodeSubnet, netmodel.AzureOverlay} {
		for nodes := 1; nodes <= 300; nodes++ {
			pools := []Pool{{Nodes: nodes, MaxPods: 30, MaxSurge: &Surge{N: 10, Percent: true}}}
			p := Compute(Request{Choice: choice(model), Pools: pools})
			if want := refMinPrefix(refNodeDemand(model, pools, 0)); p.NodeSubnet.MinPrefixLength != want {
				t.Fatalf("%s %d nodes: prefix /%d, reference /%d", model, nodes, p.NodeSubnet.MinPrefixLength, want)
			}
		}
		for bits := 22; bits <= 30; bits++ {
			s := netip.PrefixFrom(netip.MustParseAddr("10.2.0.0"), bits)
			pools := []Pool{{Nodes: 1, MaxPods: 30}}
			p := Compute(Request{Choice: choice(model), Pools: pools, NodeSubnet: s})
			if want := refMaxNodes(model, pools, 0, refUsable(s)); *p.NodeSubnet.MaxNodes != want {
				t.Errorf("%s /%d: maxNodes %d, reference %d", model, bits, *p.NodeSubnet.MaxNodes, want)
			}
		}
	}
}

// TestStaticBlocksAgainstReference compares the block arithmetic with
// enumeration of /28 blocks.
func TestStaticBlocksAgainstReference(t *testing.T) {
	c := choice(netmodel.AzurePodSubnet)
	c.Allocation = netmodel.StaticBlock
	r := rand.New(rand.NewPCG(3, 4))
	for bits := 16; bits <= 28; bits++ {
		s := netip.PrefixFrom(netip.MustParseAddr("10.8.0.0"), bits)
		maxPods := 10 + r.IntN(241)
		pools := []Pool{{Nodes: 1 + r.IntN(20), MaxPods: maxPods, MaxSurge: &Surge{N: 1}}}
		p := Compute(Request{Choice: c, Pools: pools, PodSubnet: s})
		blocks := refUsableBlocks(s)
		if got := p.PodSubnet.Usable / 16; got != blocks {
			t.Errorf("/%d: usable blocks %d, reference %d", bits, got, blocks)
		}
		per := int64(0)
		for per*16-1 < int64(maxPods) {
			per++
		}
		k := 0
		for int64(k+2)*per <= blocks {
			k++
		}
		if int64(1)*per > blocks {
			k = 0
		}
		if got := *p.PodSubnet.MaxNodes; got != k {
			t.Errorf("/%d maxPods %d: maxNodes %d, reference %d", bits, maxPods, got, k)
		}
		need := int64(pools[0].Nodes+1) * per
		min := -1
		for b := 28; b >= 0; b-- {
			if refUsableBlocks(netip.PrefixFrom(netip.MustParseAddr("10.0.0.0"), b)) >= need {
				min = b
				break
			}
			if b < 14 { // enumeration gets slow; the formula is checked above
				break
			}
		}
		if min >= 0 && p.PodSubnet.MinPrefixLength != min {
			t.Errorf("need %d blocks: prefix /%d, reference /%d", need, p.PodSubnet.MinPrefixLength, min)
		}
	}
}

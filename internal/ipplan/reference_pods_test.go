package ipplan

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/netmodel"
)

// slowSurge counts surge nodes one by one: the smallest k with k × 100 ≥ size × p.
func slowSurge(s Surge, size int) int {
	if !s.Percent {
		return s.N
	}
	k := 0
	for size > 0 && k*100 < size*s.N {
		k++
	}
	return k
}

// slowDynamic hands a node batches of 16 until at least 8 stay free at maxPods (DYN).
func slowDynamic(maxPods int) int {
	alloc := 16
	for alloc-maxPods < 8 {
		alloc += 16
	}
	return alloc
}

// slowBlocks adds /28 blocks until 16 × blocks − 1 pods fit (STB).
func slowBlocks(maxPods int) int {
	n := 1
	for 16*n-1 < maxPods {
		n++
	}
	return n
}

// slowFit counts up while one more node, with its surge, still fits.
func slowFit(capacity, per int64, s Surge) int {
	n := 0
	for int64(n+1+slowSurge(s, n+1))*per <= capacity {
		n++
	}
	return n
}

func TestSurgeAndPerNodeExhaustive(t *testing.T) {
	for p := 0; p <= 100; p++ {
		for size := 0; size <= 1000; size++ {
			s := Surge{N: p, Percent: true}
			if got, want := s.Nodes(size), slowSurge(s, size); got != want {
				t.Fatalf("%d%% of %d: %d, want %d", p, size, got, want)
			}
		}
	}
	for mp := 1; mp <= 250; mp++ {
		if got, want := netmodel.DynamicIPsPerNode(mp), slowDynamic(mp); got != want {
			t.Errorf("dynamic, maxPods %d: %d per node, want %d", mp, got, want)
		}
		if got, want := netmodel.StaticBlocksPerNode(mp), slowBlocks(mp); got != want {
			t.Errorf("static, maxPods %d: %d blocks, want %d", mp, got, want)
		}
	}
}

// TestPodRangesAgainstReference checks the dynamic pod subnet and the pod
// CIDR of random single-pool requests against the slow reference.
func TestPodRangesAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 400 {
		pool := Pool{Nodes: r.IntN(200), MaxPods: 10 + r.IntN(241)}
		pool.MaxNodes = pool.Nodes + r.IntN(50)
		s := DefaultSurge()
		switch r.IntN(3) {
		case 0:
			s = Surge{N: r.IntN(5)}
		case 1:
			s = Surge{N: r.IntN(101), Percent: true}
		}
		pool.MaxSurge = &s
		peak := pool.Max() + slowSurge(s, pool.Max())

		podSubnet := netip.PrefixFrom(netip.MustParseAddr("10.128.0.0"), 16+r.IntN(11))
		p := Compute(Request{Choice: choice(netmodel.AzurePodSubnet), Pools: []Pool{pool}, PodSubnet: podSubnet})
		per := slowDynamic(pool.MaxPods)
		if got, want := p.PodSubnet.RequiredIPs, int64(peak*per); got != want {
			t.Fatalf("case %d: pod subnet %d IPs, want %d", i, got, want)
		}
		if got, want := *p.PodSubnet.MaxNodes, slowFit(refUsable(podSubnet), int64(per), s); got != want {
			t.Fatalf("case %d %+v in %s: max nodes %d, want %d", i, pool, podSubnet, got, want)
		}

		podCIDR := netip.PrefixFrom(netip.MustParseAddr("100.64.0.0"), 14+r.IntN(11))
		p = Compute(Request{Choice: choice(netmodel.AzureOverlay), Pools: []Pool{pool}, PodCIDR: podCIDR})
		blocks := int64(1) << (24 - podCIDR.Bits())
		l := 24
		for int64(1)<<(24-l) < int64(peak) {
			l--
		}
		if got := p.PodCIDR; got.RequiredBlocks != peak || got.MinPrefixLength != l || int64(*got.NodesSupported) != blocks {
			t.Fatalf("case %d: pod CIDR %+v, want %d blocks, /%d, %d supported", i, *got, peak, l, blocks)
		}
		if got, want := *p.PodCIDR.MaxNodes, slowFit(blocks, 1, s); got != want {
			t.Fatalf("case %d %+v in %s: max nodes %d, want %d", i, pool, podCIDR, got, want)
		}
	}
}

package ipplan

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/google/go-cmp/cmp"
)

func surge(s string) *Surge {
	v, err := ParseSurge(s)
	if err != nil {
		panic(err)
	}
	return &v
}

func choice(id netmodel.ID) netmodel.Choice {
	c, err := netmodel.ParseModel(string(id))
	if err != nil {
		panic(err)
	}
	return c
}

func codes(l diag.List) []string {
	out := []string{}
	for _, d := range l {
		out = append(out, d.Code)
	}
	return out
}

// TestWorkedExamples reproduces the planning examples of the facts sheet's
// "Documented worked examples"; each case says how the number arises.
func TestWorkedExamples(t *testing.T) {
	type subnetWant struct {
		required  int64
		minPrefix int
		maxNodes  int // -1: not given
	}
	tests := []struct {
		name string
		req  Request
		node subnetWant
		// pods is maxNodes × max pods, the docs' "up to N pods".
		pods int64
	}{
		{
			// Example 1 (IPPLAN): (50 + 1) + (50 + 1) × 30 = 1,581 → /21
			// (a /22 has 1,024 − 5 = 1,019 usable, a /21 2,043).
			name: "1 node subnet 50 nodes surge 1",
			req:  Request{Choice: choice(netmodel.AzureNodeSubnet), Pools: []Pool{{Nodes: 50, MaxPods: 30, MaxSurge: surge("1")}}},
			node: subnetWant{1581, 21, -1},
		},
		{
			// Example 2 (IPPLAN): 50 nodes + 10 scale-out = autoscaler max 60,
			// + surge 1 = 61; 61 + 61 × 30 = 1,891 → /21.
			name: "2 node subnet 60 max nodes surge 1",
			req:  Request{Choice: choice(netmodel.AzureNodeSubnet), Pools: []Pool{{Nodes: 50, MaxNodes: 60, MaxPods: 30, MaxSurge: surge("1")}}},
			node: subnetWant{1891, 21, -1},
		},
		{
			// Example 3 (KUB), upper end: a /27 has 32 − 5 = 27 usable. "Room
			// to upgrade" with surge 2: 25 + 2 = 27 nodes fit → 25 nodes,
			// 25 × 110 = 2,750 pods.
			name: "3 kubenet /27 surge 2",
			req:  Request{Choice: choice(netmodel.Kubenet), NodeSubnet: netip.MustParsePrefix("10.240.0.0/27"), Pools: []Pool{{Nodes: 25, MaxPods: 110, MaxSurge: surge("2")}}},
			node: subnetWant{27, 27, 25},
			pods: 2750,
		},
		{
			// Example 3 (KUB), lower end: with the production surge of 33%
			// (SURGE), 20 + ceil(6.6) = 27 fits and 21 + 7 = 28 does not →
			// 20 nodes, 20 × 110 = 2,200 pods.
			name: "3 kubenet /27 surge 33%",
			req:  Request{Choice: choice(netmodel.Kubenet), NodeSubnet: netip.MustParsePrefix("10.240.0.0/27"), Pools: []Pool{{Nodes: 20, MaxPods: 110, MaxSurge: surge("33%")}}},
			node: subnetWant{27, 27, 20},
			pods: 2200,
		},
		{
			// Example 4 (KUB): a /24 has 256 − 5 = 251 usable; with surge 0
			// each node takes one address → 251 nodes, 251 × 110 = 27,610 pods.
			name: "4 kubenet /24 surge 0",
			req:  Request{Choice: choice(netmodel.Kubenet), NodeSubnet: netip.MustParsePrefix("10.240.0.0/24"), Pools: []Pool{{Nodes: 251, MaxPods: 110, MaxSurge: surge("0")}}},
			node: subnetWant{251, 24, 251},
			pods: 27610,
		},
		{
			// Example 5 (KUB, LEG): Node Subnet takes 1 + 30 addresses per node;
			// 8 × 31 = 248 ≤ 251 < 9 × 31 = 279 → 8 nodes, 240 pods.
			name: "5 node subnet /24 surge 0",
			req:  Request{Choice: choice(netmodel.AzureNodeSubnet), NodeSubnet: netip.MustParsePrefix("10.240.0.0/24"), Pools: []Pool{{Nodes: 8, MaxPods: 30, MaxSurge: surge("0")}}},
			node: subnetWant{248, 24, 8},
			pods: 240,
		},
		{
			// Example 7 (OVL): a /24 is 256 addresses, 251 usable; 251 overlay
			// nodes with surge 0 fill it exactly.
			name: "7 overlay /24 holds 251",
			req:  Request{Choice: choice(netmodel.AzureOverlay), NodeSubnet: netip.MustParsePrefix("10.240.0.0/24"), Pools: []Pool{{Nodes: 251, MaxPods: 250, MaxSurge: surge("0")}}},
			node: subnetWant{251, 24, 251},
			pods: 251 * 250,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Compute(tt.req)
			got := subnetWant{p.NodeSubnet.RequiredIPs, p.NodeSubnet.MinPrefixLength, -1}
			if p.NodeSubnet.MaxNodes != nil {
				got.maxNodes = *p.NodeSubnet.MaxNodes
			}
			if diff := cmp.Diff(tt.node, got, cmp.AllowUnexported(subnetWant{})); diff != "" {
				t.Errorf("node subnet (-want +got):\n%s", diff)
			}
			if tt.pods != 0 {
				if got := int64(got.maxNodes) * int64(tt.req.Pools[0].MaxPods); got != tt.pods {
					t.Errorf("pods at max nodes = %d, want %d", got, tt.pods)
				}
			}
			if p.Diagnostics.HasErrors() {
				t.Errorf("unexpected errors: %v", p.Diagnostics)
			}
		})
	}
}

// TestExample6NodePodPrefix: KUB, --pod-cidr 10.244.0.0/16 → node 1
// 10.244.0.0/24, node 2 10.244.1.0/24, node 3 10.244.2.0/24.
func TestExample6NodePodPrefix(t *testing.T) {
	cidr := netip.MustParsePrefix("10.244.0.0/16")
	var got []string
	for i := range 3 {
		p, ok := NodePodPrefix(cidr, 24, i)
		if !ok {
			t.Fatalf("node %d: no block", i)
		}
		got = append(got, p.String())
	}
	want := []string{"10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, ok := NodePodPrefix(cidr, 24, 256); ok {
		t.Error("node 257 of a /16 got a block")
	}
	if p, ok := NodePodPrefix(cidr, 24, 255); !ok || p.String() != "10.244.255.0/24" {
		t.Errorf("node 256 = %v %v", p, ok)
	}
}

// TestStaticBlockExamples: examples 8–10 (STB/PODSUB). Blocks per node are
// ceil((maxPods + 1) / 16); one IP per node is reserved, so N blocks hold
// 16N − 1 pods and the rest is waste.
func TestStaticBlockExamples(t *testing.T) {
	tests := []struct {
		maxPods int
		want    StaticBlock
	}{
		{30, StaticBlock{BlocksPerNode: 2, IdealMaxPods: 31, WastePerNode: 1}},  // 8: acceptable
		{31, StaticBlock{BlocksPerNode: 2, IdealMaxPods: 31, WastePerNode: 0}},  // 9: ideal
		{32, StaticBlock{BlocksPerNode: 3, IdealMaxPods: 47, WastePerNode: 15}}, // 10: not recommended
	}
	for _, tt := range tests {
		t.Run("maxPods", func(t *testing.T) {
			c := choice(netmodel.AzurePodSubnet)
			c.Allocation = netmodel.StaticBlock
			p := Compute(Request{Choice: c, Pools: []Pool{{Nodes: 10, MaxPods: tt.maxPods, MaxSurge: surge("0")}}})
			if diff := cmp.Diff(&tt.want, p.Pools[0].StaticBlock); diff != "" {
				t.Errorf("maxPods %d (-want +got):\n%s", tt.maxPods, diff)
			}
			if got, want := p.PodSubnet.RequiredIPs, int64(10*tt.want.BlocksPerNode*16); got != want {
				t.Errorf("pod subnet required = %d, want %d", got, want)
			}
			if got := slices.Contains(codes(p.Diagnostics), CodeStaticWaste); got != (tt.want.WastePerNode > 0) {
				t.Errorf("waste diagnostic = %v, want %v", got, tt.want.WastePerNode > 0)
			}
		})
	}
}

// TestExample11Dynamic (DYN): a node starts with a batch of 16 and asks for
// another when fewer than 8 are free; every node takes at least 16.
func TestExample11Dynamic(t *testing.T) {
	for _, tt := range []struct {
		maxPods int
		want    int64
	}{{1, 16}, {8, 16}, {9, 32}, {24, 32}, {25, 48}, {30, 48}, {110, 128}, {250, 272}} {
		if got := dynamicPerNode(tt.maxPods); got != tt.want {
			t.Errorf("dynamicPerNode(%d) = %d, want %d", tt.maxPods, got, tt.want)
		}
	}
	p := Compute(Request{Choice: choice(netmodel.AzurePodSubnet), Pools: []Pool{{Nodes: 3, MaxPods: 8, MaxSurge: surge("0")}}})
	if p.PodSubnet == nil || p.PodSubnet.RequiredIPs != 48 {
		t.Fatalf("3 nodes at 16 each: pod subnet = %+v, want 48", p.PodSubnet)
	}
}

// TestExample15MinPodsPerPool (IPPLAN/OVL): max pods 10 → a pool needs at
// least 3 nodes (3 × 10 = 30 pods).
func TestExample15MinPodsPerPool(t *testing.T) {
	for _, tt := range []struct {
		nodes   int
		wantErr bool
	}{{1, true}, {2, true}, {3, false}, {5, false}} {
		p := Compute(Request{Choice: choice(netmodel.AzureOverlay), Pools: []Pool{{Nodes: tt.nodes, MaxPods: 10}}})
		if got := slices.Contains(codes(p.Diagnostics), CodePoolMinPods); got != tt.wantErr {
			t.Errorf("%d nodes: PLAN017 = %v, want %v (%v)", tt.nodes, got, tt.wantErr, p.Diagnostics)
		}
	}
}

// TestExample16Surge (SURGE): 5 pools × 4 nodes with max surge 50% → 2 extra
// nodes per pool, 10 in all.
func TestExample16Surge(t *testing.T) {
	var pools []Pool
	for range 5 {
		pools = append(pools, Pool{Nodes: 4, MaxSurge: surge("50%")})
	}
	p := Compute(Request{Choice: choice(netmodel.AzureOverlay), Pools: pools})
	if p.Nodes != 20 || p.SurgeNodes != 10 {
		t.Errorf("nodes %d surge %d, want 20 and 10", p.Nodes, p.SurgeNodes)
	}
	if p.NodeSubnet.RequiredIPs != 30 {
		t.Errorf("node subnet %d, want 30", p.NodeSubnet.RequiredIPs)
	}
}

// TestExample30OverlayPodCIDR (derived): a /19 pod CIDR is 8,192 addresses =
// 32 /24 blocks → at most 32 nodes, surge included.
func TestExample30OverlayPodCIDR(t *testing.T) {
	req := Request{Choice: choice(netmodel.AzureOverlay), PodCIDR: netip.MustParsePrefix("10.244.0.0/19"),
		Pools: []Pool{{Nodes: 32, MaxPods: 250, MaxSurge: surge("0")}}}
	p := Compute(req)
	want := &PodCIDRNeed{MinPrefixLength: 19, NodesSupported: ptr(32), RequiredBlocks: 32, PerNodePrefixLength: 24,
		Given: req.PodCIDR, MaxNodes: ptr(32), Fits: ptr(true)}
	if diff := cmp.Diff(want, p.PodCIDR, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	req.Pools[0].Nodes = 33
	p = Compute(req)
	if !slices.Contains(codes(p.Diagnostics), CodePodCIDRSmall) || !p.Diagnostics.HasErrors() {
		t.Errorf("33 nodes in a /19: want PLAN042 error, got %v", p.Diagnostics)
	}
	// With the default 10% surge, 30 + 3 = 33 > 32 but 29 + 3 = 32 fits.
	req.Pools[0].MaxSurge = nil
	if p := Compute(req); *p.PodCIDR.MaxNodes != 29 {
		t.Errorf("max nodes with 10%% surge = %d, want 29", *p.PodCIDR.MaxNodes)
	}
}

func ptr[T any](v T) *T { return &v }

// TestReservedFive: example 7, a /24 leaves 251 usable.
func TestReservedFive(t *testing.T) {
	p := Compute(Request{Choice: choice(netmodel.AzureOverlay), NodeSubnet: netip.MustParsePrefix("10.1.0.0/24"), Pools: []Pool{{Nodes: 3}}})
	if p.NodeSubnet.Usable != 251 || p.NodeSubnet.Usable != azaddr.UsableInSubnet(24) {
		t.Errorf("usable = %d, want 251", p.NodeSubnet.Usable)
	}
}

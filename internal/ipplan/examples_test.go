package ipplan

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

func surge(s string) *Surge {
	sg, err := ParseSurge(s)
	if err != nil {
		panic(err)
	}
	return &sg
}

func choice(id netmodel.ID) netmodel.Choice {
	c, err := netmodel.ParseModel(string(id))
	if err != nil {
		panic(err)
	}
	return c
}

func codes(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, d.Code)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// TestWorkedExamples reproduces the planning examples of the facts sheet's
// "Documented worked examples" section. Each case says how the documented
// number arises from the arithmetic.
func TestWorkedExamples(t *testing.T) {
	type want struct {
		nodeIPs, nodePrefix int64
		maxNodes            *int
		podCIDRSupported    *int
		podCIDRMax          *int
		surgeNodes          int
	}
	tests := []struct {
		name string
		req  Request
		want want
	}{
		{
			// Example 1 (IPPLAN): 50 nodes + 1 surge = 51; (51) + (51 × 30) = 1,581;
			// a /22 has 1,019 usable addresses, a /21 2,043, so /21.
			name: "1 node subnet 50 nodes surge 1 maxPods 30",
			req:  Request{Choice: choice(netmodel.AzureNodeSubnet), Pools: []Pool{{Nodes: 50, MaxPods: 30, MaxSurge: surge("1")}}},
			want: want{nodeIPs: 1581, nodePrefix: 21, surgeNodes: 1},
		},
		{
			// Example 2 (IPPLAN): 50 nodes scaling out by 10 (autoscaler maximum 60)
			// + 1 surge = 61; (61) + (61 × 30) = 1,891 → /21.
			name: "2 node subnet 60 nodes surge 1 maxPods 30",
			req:  Request{Choice: choice(netmodel.AzureNodeSubnet), Pools: []Pool{{Nodes: 50, MaxNodes: 60, MaxPods: 30, MaxSurge: surge("1")}}},
			want: want{nodeIPs: 1891, nodePrefix: 21, surgeNodes: 1},
		},
		{
			// Example 3 (KUB): kubenet in a /27 → "20–25 nodes with room to
			// scale/upgrade". A /27 has 32 − 5 = 27 usable addresses; with the
			// default 10% surge n + ceil(n/10) ≤ 27 gives n = 24 (24 + 3 = 27), inside
			// the documented range; 24 × 110 = 2,640 pods, inside 2,200–2,750.
			name: "3 kubenet /27 default surge",
			req:  Request{Choice: choice(netmodel.Kubenet), Pools: []Pool{{Nodes: 20}}, NodeSubnet: netip.MustParsePrefix("10.1.4.0/27")},
			want: want{nodeIPs: 22, nodePrefix: 27, maxNodes: ptr(24), podCIDRSupported: ptr(256), podCIDRMax: ptr(232), surgeNodes: 2},
		},
		{
			// Example 4 (KUB): kubenet in a /24 → up to 251 nodes: 256 − 5 = 251
			// usable, one address per node, no surge; 251 × 110 = 27,610 pods.
			name: "4 kubenet /24 surge 0",
			req:  Request{Choice: choice(netmodel.Kubenet), Pools: []Pool{{Nodes: 1, MaxSurge: surge("0")}}, NodeSubnet: netip.MustParsePrefix("10.1.4.0/24")},
			want: want{nodeIPs: 1, nodePrefix: 29, maxNodes: ptr(251), podCIDRSupported: ptr(256), podCIDRMax: ptr(256)},
		},
		{
			// Example 5 (KUB, LEG): Azure CNI Node Subnet in the same /24 → max 8
			// nodes: each node takes 1 + 30 = 31 addresses; 8 × 31 = 248 ≤ 251 <
			// 9 × 31 = 279; 8 × 30 = 240 pods (no surge: "excludes headroom").
			name: "5 node subnet /24 surge 0 maxPods 30",
			req:  Request{Choice: choice(netmodel.AzureNodeSubnet), Pools: []Pool{{Nodes: 1, MaxPods: 30, MaxSurge: surge("0")}}, NodeSubnet: netip.MustParsePrefix("10.1.4.0/24")},
			want: want{nodeIPs: 31, nodePrefix: 26, maxNodes: ptr(8)},
		},
		{
			// Example 30 (derived): overlay pod CIDR /19 = 8,192 addresses = 32 /24s
			// → at most 32 nodes, surge included (surge 0 here).
			name: "30 overlay pod CIDR /19",
			req:  Request{Choice: choice(netmodel.AzureOverlay), Pools: []Pool{{Nodes: 32, MaxSurge: surge("0")}}, PodCIDR: netip.MustParsePrefix("10.244.0.0/19")},
			want: want{nodeIPs: 32, nodePrefix: 26, podCIDRSupported: ptr(32), podCIDRMax: ptr(32)},
		},
		{
			// Example 16 (SURGE): 5 pools × 4 nodes, max surge 50% → 2 extra nodes
			// per pool, 10 in all.
			name: "16 five pools surge 50%",
			req: Request{Choice: choice(netmodel.AzureOverlay), Pools: []Pool{
				{Nodes: 4, MaxSurge: surge("50%")}, {Nodes: 4, MaxSurge: surge("50%")}, {Nodes: 4, MaxSurge: surge("50%")},
				{Nodes: 4, MaxSurge: surge("50%")}, {Nodes: 4, MaxSurge: surge("50%")},
			}},
			want: want{nodeIPs: 30, nodePrefix: 26, podCIDRSupported: ptr(256), podCIDRMax: ptr(170), surgeNodes: 10},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Compute(tt.req)
			got := want{nodeIPs: p.NodeSubnet.RequiredIPs, nodePrefix: int64(p.NodeSubnet.MinPrefixLength),
				maxNodes: p.NodeSubnet.MaxNodes, surgeNodes: p.Nodes.Surge}
			if p.PodCIDR != nil {
				got.podCIDRSupported, got.podCIDRMax = p.PodCIDR.NodesSupported, p.PodCIDR.MaxNodes
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
			if p.Diagnostics.HasErrors() {
				t.Errorf("unexpected errors: %v", p.Diagnostics)
			}
		})
	}
}

// TestWorkedExamplePods checks the pod counts of examples 3–5: nodes that fit
// times maxPods.
func TestWorkedExamplePods(t *testing.T) {
	tests := []struct {
		name    string
		model   netmodel.ID
		subnet  string
		surge   string
		maxPods int
		pods    int
	}{
		{"3 kubenet /27 lower bound", netmodel.Kubenet, "10.1.0.0/27", "1", 110, 26 * 110}, // 2,860 > 2,750: surge 1 alone is not the docs' headroom
		{"3 kubenet /27 default surge", netmodel.Kubenet, "10.1.0.0/27", "10%", 110, 2640},
		{"4 kubenet /24", netmodel.Kubenet, "10.1.0.0/24", "0", 110, 27610},
		{"5 node subnet /24", netmodel.AzureNodeSubnet, "10.1.0.0/24", "0", 30, 240},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Compute(Request{Choice: choice(tt.model), Pools: []Pool{{Nodes: 1, MaxPods: tt.maxPods, MaxSurge: surge(tt.surge)}},
				NodeSubnet: netip.MustParsePrefix(tt.subnet)})
			if got := *p.NodeSubnet.MaxNodes * tt.maxPods; got != tt.pods {
				t.Errorf("pods = %d, want %d", got, tt.pods)
			}
		})
	}
}

// TestWorkedExample6 checks the per-node /24s of a kubenet pod CIDR (KUB).
func TestWorkedExample6(t *testing.T) {
	pc := netip.MustParsePrefix("10.244.0.0/16")
	var got []string
	for i := range 3 {
		b, ok := NodeBlock(pc, 24, i)
		if !ok {
			t.Fatalf("NodeBlock(%d) not ok", i)
		}
		got = append(got, b.String())
	}
	if diff := cmp.Diff([]string{"10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"}, got); diff != "" {
		t.Errorf("blocks (-want +got):\n%s", diff)
	}
	if _, ok := NodeBlock(pc, 24, 256); ok {
		t.Error("NodeBlock(256) of a /16 should not exist")
	}
	if b, _ := NodeBlock(pc, 24, 255); b.String() != "10.244.255.0/24" {
		t.Errorf("last block = %s", b)
	}
}

// TestWorkedExample7 checks that a /24 subnet has 256 addresses, 251 usable (OVL).
func TestWorkedExample7(t *testing.T) {
	p := Compute(Request{Choice: choice(netmodel.AzureOverlay), Pools: []Pool{{Nodes: 3}}, NodeSubnet: netip.MustParsePrefix("10.1.0.0/24")})
	if p.NodeSubnet.Usable != 251 || azaddr.Size64(p.NodeSubnet.Given) != 256 {
		t.Errorf("usable = %d of %d, want 251 of 256", p.NodeSubnet.Usable, azaddr.Size64(p.NodeSubnet.Given))
	}
}

// TestWorkedExamplesStaticBlock reproduces examples 8–10 (STB/PODSUB): blocks
// per node ceil((maxPods+1)/16), usable pods 16N − 1, waste usable − maxPods,
// and the waste warning only where STB says "not recommended".
func TestWorkedExamplesStaticBlock(t *testing.T) {
	tests := []struct {
		maxPods int
		want    StaticBlockPlan
		warn    bool
	}{
		{30, StaticBlockPlan{BlocksPerNode: 2, UsablePods: 31, Waste: 1, IdealMaxPods: 31}, false},    // example 8: acceptable
		{31, StaticBlockPlan{BlocksPerNode: 2, UsablePods: 31, Waste: 0, IdealMaxPods: 31}, false},    // example 9: ideal
		{32, StaticBlockPlan{BlocksPerNode: 3, UsablePods: 47, Waste: 15, IdealMaxPods: 47}, true},    // example 10: not recommended
		{250, StaticBlockPlan{BlocksPerNode: 16, UsablePods: 255, Waste: 5, IdealMaxPods: 255}, true}, // default maxPods
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("maxPods %d", tt.maxPods), func(t *testing.T) {
			c := choice(netmodel.AzurePodSubnet)
			c.Allocation = netmodel.StaticBlock
			p := Compute(Request{Choice: c, Pools: []Pool{{Nodes: 10, MaxPods: tt.maxPods, MaxSurge: surge("0")}}})
			if diff := cmp.Diff(&tt.want, p.Pools[0].StaticBlock); diff != "" {
				t.Errorf("static block (-want +got):\n%s", diff)
			}
			if got := slices.Contains(codes(p.Diagnostics), CodeStaticBlockWaste); got != tt.warn {
				t.Errorf("waste warning = %v, want %v", got, tt.warn)
			}
			if got, want := p.PodSubnet.RequiredIPs, int64(10*tt.want.BlocksPerNode*16); got != want {
				t.Errorf("pod subnet IPs = %d, want %d", got, want)
			}
		})
	}
}

// TestWorkedExample11 checks dynamic allocation (DYN): a node starts with one
// batch of 16 and asks for another when fewer than 8 remain unallocated, so
// every node needs at least 16 pod-subnet IPs.
func TestWorkedExample11(t *testing.T) {
	for _, tt := range []struct{ maxPods, want int }{{0, 16}, {8, 16}, {9, 32}, {24, 32}, {25, 48}, {30, 48}, {110, 128}, {250, 272}} {
		if got := netmodel.DynamicIPsPerNode(tt.maxPods); got != tt.want {
			t.Errorf("DynamicIPsPerNode(%d) = %d, want %d", tt.maxPods, got, tt.want)
		}
	}
	p := Compute(Request{Choice: choice(netmodel.AzurePodSubnet), Pools: []Pool{{Nodes: 3, MaxPods: 10, MaxSurge: surge("1")}}})
	if p.PodSubnet.RequiredIPs < 16*4 {
		t.Errorf("pod subnet IPs %d below 16 per node", p.PodSubnet.RequiredIPs)
	}
}

// TestWorkedExample15 checks maxPods 10 needs at least 3 nodes per pool (IPPLAN; OVL).
func TestWorkedExample15(t *testing.T) {
	for _, tt := range []struct {
		nodes int
		err   bool
	}{{2, true}, {3, false}} {
		p := Compute(Request{Choice: choice(netmodel.AzureOverlay), Pools: []Pool{{Nodes: tt.nodes, MaxPods: 10}}})
		if got := slices.Contains(codes(p.Diagnostics), CodePodsPerPool); got != tt.err {
			t.Errorf("%d nodes: PLAN009 = %v, want %v", tt.nodes, got, tt.err)
		}
	}
}

// TestWorkedExamples13and14 checks the range rules of examples 13 (UPD: the
// pod CIDR must not overlap the VNet) and 14 (CNIOV: 172.16.0.0/12 contains
// forbidden ranges).
func TestWorkedExamples13and14(t *testing.T) {
	base := Request{Choice: choice(netmodel.AzureOverlay), Pools: []Pool{{Nodes: 3}},
		VNets: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, NodeSubnet: netip.MustParsePrefix("10.240.0.0/16"),
		ServiceCIDR: netip.MustParsePrefix("192.168.0.0/16"), DNSServiceIP: netip.MustParseAddr("192.168.0.10")}
	r := base
	r.PodCIDR = netip.MustParsePrefix("100.64.0.0/16")
	if p := Compute(r); p.Diagnostics.HasErrors() {
		t.Errorf("pod CIDR outside the VNet: unexpected errors %v", p.Diagnostics)
	}
	r.PodCIDR = netip.MustParsePrefix("10.244.0.0/16")
	if p := Compute(r); !slices.Contains(codes(p.Diagnostics), CodeOverlap) {
		t.Errorf("pod CIDR inside the VNet: want PLAN013, got %v", p.Diagnostics)
	}
	r.PodCIDR = netip.MustParsePrefix("172.16.0.0/12")
	p := Compute(r)
	n := 0
	for _, d := range p.Diagnostics {
		if d.Code == CodeForbiddenRange {
			n++
		}
	}
	if n != 1 {
		t.Errorf("172.16.0.0/12: want one PLAN012, got %v", p.Diagnostics)
	}
}

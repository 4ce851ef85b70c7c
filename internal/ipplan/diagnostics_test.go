package ipplan

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/netmodel"
)

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

// TestDiagnostics checks that each diagnostic fires on the input it describes.
func TestDiagnostics(t *testing.T) {
	overlay, kubenet, nodeSub := choice(netmodel.AzureOverlay), choice(netmodel.Kubenet), choice(netmodel.AzureNodeSubnet)
	static := choice(netmodel.AzurePodSubnet)
	static.Allocation = netmodel.StaticBlock
	cilium := choice("cilium")
	many := make([]Pool, 101)
	for i := range many {
		many[i] = Pool{Nodes: 3}
	}
	tests := []struct {
		name string
		req  Request
		code string
	}{
		{"kubenet over 400", Request{Choice: kubenet, Pools: []Pool{{Nodes: 401}}}, CodeModelMaxNodes},
		{"kubenet surge past 400", Request{Choice: kubenet, Pools: []Pool{{Nodes: 400}}}, CodeKubenetSurgeRoutes},
		{"pool over 1000", Request{Choice: overlay, Pools: []Pool{{Nodes: 1001}}}, CodePoolMaxNodes},
		{"pool surge over 1000", Request{Choice: overlay, Pools: []Pool{{Nodes: 1000}}}, CodePoolSurgeNodes},
		{"cluster over 5000", Request{Choice: overlay, Pools: slices.Repeat([]Pool{{Nodes: 900}}, 6)}, CodeClusterMaxNodes},
		{"cluster over quota", Request{Choice: overlay, Pools: []Pool{{Nodes: 600}, {Nodes: 600}}}, CodeClusterQuota},
		{"too many pools", Request{Choice: overlay, Pools: many}, CodeMaxPools},
		{"maxPods 251", Request{Choice: overlay, Pools: []Pool{{Nodes: 3, MaxPods: 251}}}, CodeMaxPodsRange},
		{"maxPods 9", Request{Choice: overlay, Pools: []Pool{{Nodes: 3, MaxPods: 9}}}, CodeMaxPodsRange},
		{"30 pods per pool", Request{Choice: overlay, Pools: []Pool{{Nodes: 2, MaxPods: 10}}}, CodePodsPerPool},
		{"windows maxPods", Request{Choice: overlay, Pools: []Pool{{Nodes: 3, OS: "windows"}}}, CodeWindowsMaxPods},
		{"windows on kubenet", Request{Choice: kubenet, Pools: []Pool{{Nodes: 3, MaxPods: 30, OS: "windows"}}}, CodeWindowsUnsupported},
		{"windows on cilium", Request{Choice: cilium, Pools: []Pool{{Nodes: 3, MaxPods: 30, OS: "windows"}}}, CodeWindowsUnsupported},
		{"forbidden service CIDR", Request{Choice: overlay, Pools: []Pool{{Nodes: 3}}, ServiceCIDR: pfx("172.30.0.0/16"), DNSServiceIP: netip.MustParseAddr("172.30.0.10")}, CodeForbiddenRange},
		{"forbidden node subnet", Request{Choice: overlay, Pools: []Pool{{Nodes: 3}}, NodeSubnet: pfx("192.0.2.0/24")}, CodeForbiddenRange},
		{"node subnet overlaps avoid", Request{Choice: overlay, Pools: []Pool{{Nodes: 3}}, NodeSubnet: pfx("10.1.0.0/24"), Avoid: []netip.Prefix{pfx("10.1.0.0/16")}}, CodeOverlap},
		{"service CIDR in VNet", Request{Choice: overlay, Pools: []Pool{{Nodes: 3}}, VNets: []netip.Prefix{pfx("10.0.0.0/8")}}, CodeOverlap},
		{"node subnet outside VNet", Request{Choice: overlay, Pools: []Pool{{Nodes: 3}}, NodeSubnet: pfx("10.1.0.0/24"), VNets: []netip.Prefix{pfx("10.2.0.0/16")}}, CodeOutsideVNet},
		{"service CIDR /12", Request{Choice: overlay, Pools: []Pool{{Nodes: 3}}, ServiceCIDR: pfx("10.16.0.0/12"), DNSServiceIP: netip.MustParseAddr("10.16.0.10")}, CodeServiceCIDRTooLarge},
		{"DNS outside", Request{Choice: overlay, Pools: []Pool{{Nodes: 3}}, ServiceCIDR: pfx("10.3.0.0/16"), DNSServiceIP: netip.MustParseAddr("10.4.0.10")}, CodeDNSOutside},
		{"DNS first", Request{Choice: overlay, Pools: []Pool{{Nodes: 3}}, ServiceCIDR: pfx("10.3.0.0/16"), DNSServiceIP: netip.MustParseAddr("10.3.0.1")}, CodeDNSFirstAddress},
		{"node subnet too small", Request{Choice: nodeSub, Pools: []Pool{{Nodes: 10}}, NodeSubnet: pfx("10.1.0.0/26")}, CodeNodeSubnetTooSmall},
		{"pod subnet too small", Request{Choice: choice(netmodel.AzurePodSubnet), Pools: []Pool{{Nodes: 10}}, PodSubnet: pfx("10.2.0.0/24")}, CodePodSubnetTooSmall},
		{"pod CIDR too small", Request{Choice: overlay, Pools: []Pool{{Nodes: 40}}, PodCIDR: pfx("10.244.0.0/19")}, CodePodCIDRTooSmall},
		{"pod CIDR public", Request{Choice: overlay, Pools: []Pool{{Nodes: 3}}, PodCIDR: pfx("20.0.0.0/16")}, CodePodCIDRNotPrivate},
		{"IPv6 node subnet", Request{Choice: overlay, Pools: []Pool{{Nodes: 3}}, NodeSubnet: pfx("fd00::/64")}, CodeIPv6},
		{"beyond VNet", Request{Choice: nodeSub, Pools: slices.Repeat([]Pool{{Nodes: 1000, MaxPods: 250, MaxSurge: &Surge{}}}, 80)}, CodeBeyondVNet},
		{"node subnet 64000", Request{Choice: nodeSub, Pools: []Pool{{Nodes: 900, MaxPods: 250}}}, CodeNodeSubnetIPLimit},
		{"dynamic pods", Request{Choice: choice(netmodel.AzurePodSubnet), Pools: []Pool{{Nodes: 201}}}, CodeDynamicPodLimit},
		{"static block /12", Request{Choice: static, Pools: slices.Repeat([]Pool{{Nodes: 1000, MaxPods: 250, MaxSurge: &Surge{}}}, 5)}, CodeStaticBlockSubnet},
		{"static block waste", Request{Choice: static, Pools: []Pool{{Nodes: 3, MaxPods: 32}}}, CodeStaticBlockWaste},
		{"overlay pods", Request{Choice: overlay, Pools: []Pool{{Nodes: 801}}}, CodeOverlayPodLimit},
		{"azure NPM on kubenet", Request{Choice: netmodel.Choice{Model: netmodel.Kubenet, Policy: netmodel.PolicyAzure}, Pools: []Pool{{Nodes: 3}}}, CodePolicyIncompatible},
		{"cilium policy without cilium data plane", Request{Choice: netmodel.Choice{Model: netmodel.AzureOverlay, Policy: netmodel.PolicyCilium}, Pools: []Pool{{Nodes: 3}}}, CodePolicyIncompatible},
		{"unknown model", Request{Choice: netmodel.Choice{Model: "flannel"}, Pools: []Pool{{Nodes: 3}}}, CodePolicyIncompatible},
		{"NPM over 250", Request{Choice: netmodel.Choice{Model: netmodel.AzureOverlay, Policy: netmodel.PolicyAzure}, Pools: []Pool{{Nodes: 251}}}, CodeNPMNodes},
		{"pod subnet ignored", Request{Choice: overlay, Pools: []Pool{{Nodes: 3}}, PodSubnet: pfx("10.5.0.0/16")}, CodeIgnoredRange},
		{"no pools", Request{Choice: overlay}, CodeNoPools},
		{"empty pools", Request{Choice: overlay, Pools: []Pool{{Nodes: 0}}}, CodeNoPools},
		{"capacity beyond model", Request{Choice: kubenet, Pools: []Pool{{Nodes: 3}}, NodeSubnet: pfx("10.1.0.0/20")}, CodeCapacityBeyondModel},
		{"kubenet retires", Request{Choice: kubenet, Pools: []Pool{{Nodes: 3}}}, CodeKubenetRetires},
		{"allocation without pod subnet", Request{Choice: netmodel.Choice{Model: netmodel.AzureOverlay, Allocation: netmodel.StaticBlock}, Pools: []Pool{{Nodes: 3}}}, CodeAllocationNoPodSub},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Compute(tt.req)
			if !slices.Contains(codes(p.Diagnostics), tt.code) {
				t.Errorf("want %s, got %v", tt.code, p.Diagnostics)
			}
			for _, d := range p.Diagnostics {
				if d.Message == "" || !slices.Contains(Codes(), d.Code) {
					t.Errorf("diagnostic %+v: empty message or undocumented code", d)
				}
				if d.Severity != "info" && d.Hint == "" {
					t.Errorf("diagnostic %s has no hint", d.Code)
				}
			}
		})
	}
}

// TestCleanPlans checks that ordinary requests produce no errors for any model.
func TestCleanPlans(t *testing.T) {
	req := Request{Pools: []Pool{{Name: "sys", Nodes: 3, MaxNodes: 5}, {Name: "user", Nodes: 10, MaxNodes: 50, MaxPods: 60}},
		VNets: []netip.Prefix{pfx("10.10.0.0/16")}, NodeSubnet: pfx("10.10.0.0/20"), PodSubnet: pfx("10.10.64.0/18"),
		Avoid: []netip.Prefix{pfx("10.20.0.0/16")}}
	for _, p := range ComputeAll(req) {
		if p.Diagnostics.HasErrors() {
			t.Errorf("%s: unexpected errors %v", p.Model, p.Diagnostics)
		}
	}
}

// TestAllDiagnosticsAtOnce checks that problems are collected, not stopped at.
func TestAllDiagnosticsAtOnce(t *testing.T) {
	p := Compute(Request{Choice: choice(netmodel.Kubenet), Pools: []Pool{{Nodes: 1200, MaxPods: 300}},
		ServiceCIDR: pfx("172.31.0.0/16"), DNSServiceIP: netip.MustParseAddr("10.0.0.10"), NodeSubnet: pfx("10.1.0.0/28")})
	want := []string{CodeKubenetRetires, CodeModelMaxNodes, CodeClusterQuota, CodePoolMaxNodes, CodeMaxPodsRange,
		CodeNodeSubnetTooSmall, CodePodCIDRTooSmall, CodeForbiddenRange, CodeDNSOutside}
	if diff := cmp.Diff(want, codes(p.Diagnostics)); diff != "" {
		t.Errorf("codes (-want +got):\n%s", diff)
	}
}

package ipplan_test

import (
	"fmt"
	"net/netip"

	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// Carve an Azure CNI Pod Subnet cluster into a VNet that already has a
// gateway subnet, keeping the pod and service CIDRs off the on-premises
// network.
func ExampleCarve() {
	req := ipplan.CarveRequest{
		Cluster: ipplan.Request{
			Choice: netmodel.Choice{Model: netmodel.AzurePodSubnet},
			Pools: []ipplan.Pool{
				{Name: "sys", Nodes: 3, MaxPods: 30},
				{Name: "user", Nodes: 10, MaxNodes: 50, MaxPods: 30},
			},
			VNets: []netip.Prefix{netip.MustParsePrefix("10.60.0.0/16")},
			Avoid: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/12")},
		},
		Used:            []netip.Prefix{netip.MustParsePrefix("10.60.0.0/27")},
		APIServerSubnet: true,
	}
	l, ds := ipplan.Carve(req)
	for _, s := range l.Subnets {
		fmt.Println(s.Name, s.Prefix)
	}
	fmt.Println("service", l.ServiceCIDR, "dns", l.DNSServiceIP)
	fmt.Println("errors:", ds.HasErrors(), "validate:", len(ipplan.Validate(l, req)))
	// Output:
	// aks-nodes 10.60.0.64/26
	// aks-pods 10.60.16.0/20
	// aks-apiserver 10.60.0.32/28
	// service 10.61.0.0/16 dns 10.61.0.10
	// errors: false validate: 0
}

// A VNet too small for the cluster: the diagnostic says what is short and by how much.
func ExampleCarve_short() {
	req := ipplan.CarveRequest{Cluster: ipplan.Request{
		Choice: netmodel.Choice{Model: netmodel.AzureNodeSubnet},
		Pools:  []ipplan.Pool{{Name: "sys", Nodes: 20, MaxPods: 30}},
		VNets:  []netip.Prefix{netip.MustParsePrefix("10.70.0.0/24")},
	}}
	_, ds := ipplan.Carve(req)
	for _, d := range ds {
		if d.Code == ipplan.CodeCarveShort {
			fmt.Println(d.Code, d.Message)
		}
	}
	// Output:
	// CARVE002 no free /22 for the node subnet in the VNet's free space: it needs 1024 addresses in one aligned block; the largest free block is a /24 (256 addresses): short by 768
}

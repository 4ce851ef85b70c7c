package ipplan_test

import (
	"fmt"
	"net/netip"

	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// The documented Node Subnet example: 50 nodes, max surge 1, 30 pods per node.
func ExampleCompute() {
	surge, _ := ipplan.ParseSurge("1")
	p := ipplan.Compute(ipplan.Request{
		Choice: netmodel.Choice{Model: netmodel.AzureNodeSubnet},
		Pools:  []ipplan.Pool{{Name: "sys", Nodes: 50, MaxPods: 30, MaxSurge: &surge}},
	})
	fmt.Printf("%d addresses, a /%d\n", p.NodeSubnet.RequiredIPs, p.NodeSubnet.MinPrefixLength)
	// Output: 1581 addresses, a /21
}

// How many kubenet and overlay nodes fit a /24 node subnet and a /19 pod CIDR.
func ExampleComputeAll() {
	pool, _ := ipplan.ParsePool("name=apps,nodes=10,surge=0")
	req := ipplan.Request{
		Pools:      []ipplan.Pool{pool},
		NodeSubnet: netip.MustParsePrefix("10.240.0.0/24"),
		PodCIDR:    netip.MustParsePrefix("10.244.0.0/19"),
	}
	for _, p := range ipplan.ComputeAll(req) {
		if p.PodCIDR != nil {
			fmt.Printf("%s: %d nodes in the subnet, %d in the pod CIDR\n", p.Model, *p.NodeSubnet.MaxNodes, *p.PodCIDR.MaxNodes)
		}
	}
	// Output:
	// kubenet: 251 nodes in the subnet, 32 in the pod CIDR
	// azure-overlay: 251 nodes in the subnet, 32 in the pod CIDR
}

func ExampleParseSurge() {
	s, _ := ipplan.ParseSurge("33%")
	fmt.Println(s.Nodes(20))
	// Output: 7
}

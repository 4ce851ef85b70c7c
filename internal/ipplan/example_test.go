package ipplan_test

import (
	"fmt"
	"net/netip"

	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// The IP address planning page's example: 50 nodes, max surge 1, 30 pods per
// node on Azure CNI Node Subnet.
func ExampleCompute() {
	surge, _ := ipplan.ParseSurge("1")
	p := ipplan.Compute(ipplan.Request{
		Choice: netmodel.Choice{Model: netmodel.AzureNodeSubnet},
		Pools:  []ipplan.Pool{{Name: "nodepool1", Nodes: 50, MaxPods: 30, MaxSurge: &surge}},
	})
	fmt.Printf("%d addresses, /%d\n", p.NodeSubnet.RequiredIPs, p.NodeSubnet.MinPrefixLength)
	// Output: 1581 addresses, /21
}

// How many kubenet nodes a /24 holds with no surge, and how many overlay
// nodes a /19 pod CIDR holds.
func ExampleComputeAll() {
	pool, _ := ipplan.ParsePool("name=sys,nodes=3,surge=0")
	for _, p := range ipplan.ComputeAll(ipplan.Request{
		Pools:      []ipplan.Pool{pool},
		NodeSubnet: netip.MustParsePrefix("10.1.0.0/24"),
		PodCIDR:    netip.MustParsePrefix("10.244.0.0/19"),
	}) {
		line := fmt.Sprintf("%-18s node subnet: %d nodes", p.Model, *p.NodeSubnet.MaxNodes)
		if p.PodCIDR != nil {
			line += fmt.Sprintf("; pod CIDR: %d nodes", *p.PodCIDR.MaxNodes)
		}
		fmt.Println(line)
	}
	// Output:
	// kubenet            node subnet: 251 nodes; pod CIDR: 32 nodes
	// azure-node-subnet  node subnet: 8 nodes
	// azure-pod-subnet   node subnet: 251 nodes
	// azure-overlay      node subnet: 251 nodes; pod CIDR: 32 nodes
	// none               node subnet: 251 nodes
}

package source_test

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/source"
)

// BenchmarkLink links 30,000 pools against 10,000 VNets.
func BenchmarkLink(b *testing.B) {
	const n = 10_000
	vnets := aks.Document{File: "vnets.json"}
	clusters := aks.Document{File: "clusters.json"}
	for i := range n {
		id := fmt.Sprintf("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v%d", i)
		base := netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0})
		vnets.VNets = append(vnets.VNets, aks.VNet{Name: fmt.Sprint("v", i), ResourceID: id,
			Subnets: []aks.Subnet{{Name: "nodes", ResourceID: id + "/subnets/nodes", Prefixes: []netip.Prefix{netip.PrefixFrom(base, 24)}}}})
		c := aks.Cluster{}
		for range 3 {
			c.Pools = append(c.Pools, aks.NodePool{SubnetID: aks.SetAt(id+"/SUBNETS/nodes", aks.Origin{})})
		}
		clusters.Clusters = append(clusters.Clusters, c)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		docs := []aks.Document{clusters, vnets}
		docs[0].Clusters = make([]aks.Cluster, n)
		for i, c := range clusters.Clusters {
			docs[0].Clusters[i] = aks.Cluster{Pools: append([]aks.NodePool(nil), c.Pools...)}
		}
		b.StartTimer()
		source.Link(docs)
		if !docs[0].Clusters[n-1].Pools[2].Subnet.Known() {
			b.Fatal("not linked")
		}
	}
}

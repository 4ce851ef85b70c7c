package migrate

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// fleet generates n clusters across the models, policy engines, identities
// and sizes, each in its own /16 of a shared VNet inventory.
func fleet(n int) []aks.Document {
	var vnets []aks.VNet
	var cs []aks.Cluster
	for i := range n {
		o := aks.Origin{File: fmt.Sprintf("c%04d.json", i), Line: 1}
		space := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)
		sub := netip.PrefixFrom(space.Addr(), 25)
		vnets = append(vnets, aks.VNet{Name: fmt.Sprintf("vnet-%d", i), AddressSpace: []netip.Prefix{space},
			Subnets: []aks.Subnet{{Name: "nodes", ResourceID: fmt.Sprintf("/vnet-%d/subnets/nodes", i), Prefixes: []netip.Prefix{sub}}}})
		c := aks.Cluster{Name: aks.SetAt(fmt.Sprintf("aks-%04d", i), o), Source: o,
			ResourceID:        fmt.Sprintf("/subscriptions/0/resourceGroups/rg-%d/providers/Microsoft.ContainerService/managedClusters/aks-%04d", i%17, i),
			KubernetesVersion: aks.SetAt(fmt.Sprintf("1.%d.3", 25+i%8), o),
			Identity:          aks.SetAt([]aks.IdentityType{aks.IdentityUserAssigned, aks.IdentitySystemAssigned, aks.IdentityServicePrincipal}[i%3], o),
		}
		if i%5 == 0 {
			c.Tags = map[string]string{"env": "prod"}
		}
		switch i % 4 {
		case 0:
			c.Network.Plugin = aks.SetAt("kubenet", o)
			c.Network.PodCIDR = aks.SetAt(netip.MustParsePrefix("10.244.0.0/16"), o)
		case 1:
			c.Network.Plugin = aks.SetAt("azure", o)
		case 2:
			c.Network.Plugin, c.Network.PluginMode = aks.SetAt("azure", o), aks.SetAt("overlay", o)
		case 3:
			c.Network.Plugin = aks.SetAt("azure", o)
		}
		if i%3 == 0 && i%4 != 0 {
			c.Network.Policy = aks.SetAt(netmodel.PolicyAzure, o)
		}
		for j := range 1 + i%3 {
			p := aks.NodePool{Name: aks.SetAt(fmt.Sprintf("pool%d", j), o), Count: aks.SetAt(3+i%40, o),
				SubnetID: aks.SetAt(fmt.Sprintf("/vnet-%d/subnets/nodes", i), o), Subnet: aks.SetAt(sub, o)}
			if i%4 == 3 {
				p.PodSubnetID = aks.SetAt(fmt.Sprintf("/vnet-%d/subnets/pods", i), o)
			}
			if j == 2 && i%4 == 1 {
				p.OS = aks.SetAt("Windows", o)
			}
			c.Pools = append(c.Pools, p)
		}
		aks.ApplyDefaults(&c)
		cs = append(cs, c)
	}
	return []aks.Document{{Clusters: cs, VNets: vnets}}
}

// BenchmarkPlanFleet plans migrations for a generated fleet of 1,000
// clusters to each target (one PlanFleet per target and iteration).
func BenchmarkPlanFleet(b *testing.B) {
	docs := fleet(1000)
	for _, tg := range Targets() {
		b.Run(string(tg), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f := PlanFleet(docs, FleetOptions{Options: Options{Target: tg}})
				if len(f.Plans) != 1000 {
					b.Fatalf("%d plans", len(f.Plans))
				}
			}
		})
	}
}

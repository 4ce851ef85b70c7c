package migrate_test

import (
	"fmt"
	"net/netip"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/migrate"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// A kubenet cluster with Calico, a system-assigned identity and a pod CIDR
// inside its VNet, planned to the Cilium data plane: two stages, the policy
// engine removed first, a proposed pod CIDR, and the identity left for the
// user to fix.
func ExamplePlanCluster() {
	at := func(line int) aks.Origin { return aks.Origin{File: "aks.json", Line: line} }
	c := aks.Cluster{
		Name:              aks.SetAt("legacy", at(2)),
		ResourceID:        "/subscriptions/0000/resourceGroups/rg-legacy/providers/Microsoft.ContainerService/managedClusters/legacy",
		Source:            at(1),
		KubernetesVersion: aks.SetAt("1.30.5", at(5)),
		Identity:          aks.SetAt(aks.IdentitySystemAssigned, at(3)),
	}
	c.Network.Plugin = aks.SetAt("kubenet", at(7))
	c.Network.Policy = aks.SetAt(netmodel.PolicyCalico, at(8))
	c.Network.PodCIDR = aks.SetAt(netip.MustParsePrefix("10.10.0.0/16"), at(9))
	c.Pools = []aks.NodePool{{Name: aks.SetAt("system", at(12)), Count: aks.SetAt(5, at(13)), VMSize: aks.SetAt("Standard_D4s_v5", at(14))}}
	aks.ApplyDefaults(&c)
	vnets := []aks.VNet{{Name: "vnet-legacy", AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/15")},
		Subnets: []aks.Subnet{{Name: "nodes", Prefixes: []netip.Prefix{netip.MustParsePrefix("10.11.0.0/24")}}}}}
	c.Pools[0].Subnet = aks.SetAt(netip.MustParsePrefix("10.11.0.0/24"), at(15))

	p := migrate.PlanCluster(c, vnets, migrate.Options{Target: migrate.ToCilium})
	fmt.Println(p.Path, "blocked:", p.Blocked)
	for _, ch := range p.Checks {
		if ch.Status != migrate.Pass {
			fmt.Printf("%s %s %s at %s:%d\n", ch.Status, ch.Code, ch.Title, ch.Evidence.File, ch.Evidence.Line)
		}
	}
	for _, cmd := range p.Commands {
		fmt.Printf("%d. %s\n", cmd.N, cmd.Run)
	}
	// Output:
	// staged blocked: true
	// fail MIG002 network policy engine at aks.json:8
	// fail MIG005 cluster identity at aks.json:3
	// fail MIG006 pod CIDR overlap at aks.json:9
	// 1. az aks update --name legacy --resource-group rg-legacy --network-policy none
	// 2. az aks update --name legacy --resource-group rg-legacy --network-plugin azure --network-plugin-mode overlay --pod-cidr 10.244.0.0/16
	// 3. az aks update --name legacy --resource-group rg-legacy --network-dataplane cilium
}

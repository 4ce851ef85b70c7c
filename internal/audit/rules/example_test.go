package rules_test

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/audit/rules"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// Auditing one cluster built in Go: a private Overlay cluster with Cilium
// whose egress leaves through a NAT gateway. A NAT gateway scales SNAT but is
// no firewall, so AKSNET-018 fires at the line that sets the outbound type;
// the /20 pod CIDR holds 16 nodes, two more than the pools' 12 plus surge.
func ExampleAll() {
	at := func(line int) aks.Origin { return aks.Origin{File: "main.tf", Line: line} }
	c := aks.Cluster{
		Name:   aks.SetAt("payments", at(2)),
		Source: at(1),
		Network: aks.NetworkProfile{
			Plugin:       aks.SetAt("azure", at(10)),
			PluginMode:   aks.SetAt("overlay", at(11)),
			Dataplane:    aks.SetAt(netmodel.DataplaneCilium, at(12)),
			Policy:       aks.SetAt(netmodel.PolicyCilium, at(13)),
			PodCIDR:      aks.SetAt(netip.MustParsePrefix("10.244.0.0/20"), at(14)),
			OutboundType: aks.SetAt("managedNATGateway", at(15)),
		},
		APIServer: aks.APIServerAccess{Private: aks.SetAt(true, at(20))},
		Pools: []aks.NodePool{{
			Name: aks.SetAt("apps", at(30)), Source: at(29),
			Count: aks.SetAt(3, at(31)), AutoScaling: aks.SetAt(true, at(32)),
			MinCount: aks.SetAt(3, at(33)), MaxCount: aks.SetAt(12, at(34)),
		}},
	}
	rep := audit.Run(rules.All(), []aks.Document{{File: "main.tf", Clusters: []aks.Cluster{c}}}, audit.Options{
		Now:      time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC),
		Capacity: rules.PlannerCapacity,
	})
	for _, f := range rep.Findings {
		fmt.Printf("%s %s %s: %s\n", f.RuleID, f.Severity, f.Location(), f.Message)
	}
	for _, h := range rep.KPIs.SubnetHeadroom {
		fmt.Printf("%s %s: %d of %d %s free\n", h.Space, h.Given, h.Headroom, h.Capacity, h.Unit)
	}
	// Output:
	// AKSNET-018 medium main.tf:15: outboundType managedNATGateway (set): an AKS-managed NAT gateway SNATs to 1–16 public IPs (64,512 flows each); it scales egress, it does not filter it (NATGW)
	// pod-cidr 10.244.0.0/20: 2 of 16 nodes free
}

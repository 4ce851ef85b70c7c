package rules

import (
	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/ipplan"
)

// PlannerCapacity is the audit's capacity source: the planner's demand for
// a cluster at its autoscaler maximum plus upgrade surge (ipplan.FromCluster,
// ipplan.Compute). Pass it as audit.Options.Capacity.
func PlannerCapacity(c aks.Cluster) audit.Capacity {
	req, _ := ipplan.FromCluster(c)
	if req.Choice.Model == "" || len(req.Pools) == 0 {
		return audit.Capacity{}
	}
	p := ipplan.Compute(req)
	out := audit.Capacity{MaxNodes: p.Nodes.Max, SurgeNodes: p.Nodes.Surge, NodeSubnet: subnetNeed(p.NodeSubnet)}
	if p.PodSubnet != nil {
		out.PodSubnet = subnetNeed(*p.PodSubnet)
	}
	if n := p.PodCIDR; n != nil {
		out.PodCIDR = &audit.PodCIDRNeed{RequiredBlocks: n.RequiredBlocks, MinPrefixLength: n.MinPrefixLength,
			Given: n.Given, NodesSupported: n.NodesSupported, Fits: n.Fits}
	}
	return out
}

func subnetNeed(n ipplan.Need) *audit.SubnetNeed {
	out := &audit.SubnetNeed{Required: n.RequiredIPs, MinPrefixLength: n.MinPrefixLength, Given: n.Given, Usable: n.Usable, Fits: n.Fits}
	if out.Usable == 0 && n.Given.IsValid() && n.Given.Addr().Is4() {
		out.Usable = azaddr.UsableInSubnet(n.Given.Bits())
	}
	return out
}

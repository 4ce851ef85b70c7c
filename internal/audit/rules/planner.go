package rules

import (
	"net/netip"
	"slices"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// PlannerCapacity is the audit's capacity source: the planner's demand for
// a cluster at its autoscaler maximum plus upgrade surge. Pass it as
// audit.Options.Capacity. It runs the planner without its notes
// (ipplan.ClusterRequest, ipplan.Demand): the numbers are ipplan.FromCluster
// and ipplan.Compute's, without building messages the audit never shows.
//
// The demand matters only against a range: when the cluster has no node
// subnet, pod subnet or pod CIDR that the planner could check (a managed
// cluster's JSON names subnets by id only), the capacity is empty and the
// planner is not run.
func PlannerCapacity(c aks.Cluster) audit.Capacity {
	if !mayCheck(&c) {
		return audit.Capacity{}
	}
	req := ipplan.ClusterRequest(&c)
	if req.Choice.Model == "" || len(req.Pools) == 0 || !checkable(req) {
		return audit.Capacity{}
	}
	return capacityOf(ipplan.Demand(req))
}

// capacityOf is the audit's reading of a plan. The needs it points at are
// allocated together.
func capacityOf(p ipplan.Plan) audit.Capacity {
	a := new(struct {
		node, pod audit.SubnetNeed
		cidr      audit.PodCIDRNeed
	})
	a.node = subnetNeed(p.NodeSubnet)
	out := audit.Capacity{MaxNodes: p.Nodes.Max, SurgeNodes: p.Nodes.Surge, NodeSubnet: &a.node}
	if p.PodSubnet != nil {
		a.pod = subnetNeed(*p.PodSubnet)
		out.PodSubnet = &a.pod
	}
	if n := p.PodCIDR; n != nil {
		a.cidr = audit.PodCIDRNeed{RequiredBlocks: n.RequiredBlocks, MinPrefixLength: n.MinPrefixLength,
			Given: n.Given, NodesSupported: n.NodesSupported, Fits: n.Fits}
		out.PodCIDR = &a.cidr
	}
	return out
}

// mayCheck is checkable's quick reading of the cluster itself, before the
// planner's request is built: false only when no request from c could be
// checkable (FromCluster takes the subnets from the pools' known values).
func mayCheck(c *aks.Cluster) bool {
	id, ok := c.Network.Model.Get()
	if !ok {
		return false
	}
	m, ok := netmodel.Lookup(id)
	if !ok {
		return false
	}
	switch m.PodSource.Value {
	case netmodel.FromPodCIDR:
		return true
	case netmodel.FromPodSubnet:
		if slices.ContainsFunc(c.Pools, func(p aks.NodePool) bool { return p.PodSubnet.Known() }) {
			return true
		}
	}
	return slices.ContainsFunc(c.Pools, func(p aks.NodePool) bool { return p.Subnet.Known() })
}

// checkable reports whether ipplan.Compute would check the demand against
// any range: an IPv4 node subnet; an IPv4 pod subnet on a model that takes
// pod IPs from one; a pod CIDR (given, else the default) on a model that
// takes pod IPs from one. Otherwise every fit it reports is unknown.
func checkable(req ipplan.Request) bool {
	m, ok := netmodel.Lookup(req.Choice.Model)
	if !ok {
		return false
	}
	ipv4 := func(p netip.Prefix) bool { return p.IsValid() && p.Addr().Is4() }
	switch m.PodSource.Value {
	case netmodel.FromPodCIDR:
		return true
	case netmodel.FromPodSubnet:
		if ipv4(req.PodSubnet) {
			return true
		}
	}
	return ipv4(req.NodeSubnet)
}

func subnetNeed(n ipplan.Need) audit.SubnetNeed {
	out := audit.SubnetNeed{Required: n.RequiredIPs, MinPrefixLength: n.MinPrefixLength, Given: n.Given, Usable: n.Usable, Fits: n.Fits}
	if out.Usable == 0 && n.Given.IsValid() && n.Given.Addr().Is4() {
		out.Usable = azaddr.UsableInSubnet(n.Given.Bits())
	}
	return out
}

package sim

import (
	"net/netip"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// FromCluster derives topology options from a normalized cluster and the
// VNets read with it. Defaults are applied to a copy first; values the
// cluster leaves unknown fall back to the simulator's defaults with a
// warning, and a model that can't be resolved is an error.
func FromCluster(c aks.Cluster, vnets []aks.VNet) (Options, diag.List) {
	var ds diag.List
	cp := c
	cp.Pools = append([]aks.NodePool(nil), c.Pools...)
	aks.ApplyDefaults(&cp)
	n := cp.Network
	o := Options{}
	warn := func(what string, v aks.Origin) {
		ds.Add(diag.Diagnostic{Code: CodeCluster, Severity: diag.Warning, File: v.File, Line: v.Line, Column: v.Column, Path: v.Path,
			Message: what + " can't be resolved; the simulator uses its default", Detail: v.Note, Hint: "set it to a literal value to simulate the real one"})
	}
	model, ok := n.Model.Get()
	if !ok {
		o := n.Model.Origin
		ds.Add(diag.Diagnostic{Code: CodeCluster, Severity: diag.Error, File: cp.Source.File, Line: cp.Source.Line, Path: o.Path,
			Message: "the cluster's networking model can't be resolved", Detail: o.Note, Hint: "set networkPlugin (and networkPluginMode) to literal values"})
		return Options{}, ds
	}
	o.Choice = netmodel.Choice{Model: model, Dataplane: n.Dataplane.Or(""), Policy: n.Policy.Or(netmodel.PolicyNone)}
	o.OutboundType = n.OutboundType.Or(OutboundLoadBalancer)
	take := func(what string, v aks.Value[netip.Prefix], dst *netip.Prefix) {
		if p, ok := v.Get(); ok {
			*dst = p
		} else if v.State == aks.Unknown {
			warn(what, v.Origin)
		}
	}
	take("podCidr", n.PodCIDR, &o.PodCIDR)
	take("serviceCidr", n.ServiceCIDR, &o.ServiceCIDR)
	nodes := 0
	for i, p := range cp.Pools {
		nodes += p.Count.Or(0)
		if i > 0 {
			continue
		}
		o.MaxPods = p.MaxPods.Or(0)
		if a, ok := p.PodIPAllocation.Get(); ok {
			o.Choice.Allocation = a
		}
		take("the node subnet", p.Subnet, &o.NodeSubnet)
		take("the pod subnet", p.PodSubnet, &o.PodSubnet)
	}
	if nodes > MaxNodes {
		ds.Add(diag.Diagnostic{Code: CodeNodes, Severity: diag.Info, Message: "the simulation uses the first nodes only",
			Detail: "the cluster has more nodes than the simulator builds; every node behaves alike, so the first ones show the data path"})
		nodes = MaxNodes
	}
	o.Nodes = max(nodes, 2)
	if o.NodeSubnet.IsValid() {
		for _, v := range vnets {
			for _, sp := range v.AddressSpace {
				if sp.Contains(o.NodeSubnet.Addr()) {
					o.VNet = sp
					for _, pe := range v.Peerings {
						if len(pe.RemoteSpace) > 0 {
							o.Peered = pe.RemoteSpace[0]
						}
					}
				}
			}
		}
		if !o.VNet.IsValid() {
			// No VNet read with the cluster: assume the node (and pod) subnet's /16 or the subnet itself if larger.
			o.VNet = netip.PrefixFrom(o.NodeSubnet.Addr(), min(16, o.NodeSubnet.Bits())).Masked()
			if o.PodSubnet.IsValid() && !o.VNet.Contains(o.PodSubnet.Addr()) {
				o.PodSubnet = netip.Prefix{}
			}
			ds.Add(diag.Diagnostic{Code: CodeCluster, Severity: diag.Info, Message: "the VNet is not in the input; the simulation assumes " + o.VNet.String(),
				Hint: "read the VNet with the cluster to simulate its real address space"})
		}
	}
	if o.Choice.Model == netmodel.AzurePodSubnet && !o.PodSubnet.IsValid() {
		o.NodeSubnet, o.VNet = netip.Prefix{}, netip.Prefix{}
	}
	return o, ds
}

package rules

import (
	"fmt"
	"net/netip"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// subnetOrigin points at the first pool's subnet: its address prefix when
// the input defines it (the line to resize), else the reference to it.
func subnetOrigin(c *aks.Cluster, pod bool) (aks.Origin, *aks.NodePool) {
	for i := range c.Pools {
		p := &c.Pools[i]
		prefix, ref := p.Subnet, p.SubnetID
		if pod {
			prefix, ref = p.PodSubnet, p.PodSubnetID
		}
		if o := at(prefix); o.File != "" {
			return o, p
		}
		if ref.State == aks.Set || ref.State == aks.Unknown {
			return ref.Origin, p
		}
	}
	return aks.Origin{}, nil
}

// scaleOf is the node count the planner sized the demand for, else the
// rules' own reading of the pools.
func scaleOf(c *aks.Cluster, capy audit.Capacity) scale {
	s := clusterScale(c)
	if capy.MaxNodes > 0 {
		s.maxNodes, s.surge = capy.MaxNodes, capy.SurgeNodes
	}
	return s
}

func exhaustion(space string, pod bool, flag string, need func(audit.Capacity) *audit.SubnetNeed) func(*aks.Cluster, *audit.Fleet) []audit.Hit {
	return func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		capy, ok := f.CapacityOf(c)
		if !ok {
			return nil
		}
		n := need(capy)
		if n == nil || n.Fits == nil || *n.Fits {
			return nil
		}
		s := scaleOf(c, capy)
		o, p := subnetOrigin(c, pod)
		return []audit.Hit{{
			Message: fmt.Sprintf("%s %s holds %d usable addresses (5 reserved per subnet, OVL) but the pools need %d at their maximum of %d nodes plus %d upgrade surge; a /%d or larger is needed",
				space, n.Given, n.Usable, n.Required, s.maxNodes, s.surge, n.MinPrefixLength),
			At: o, Pool: p,
			Remediation: fmt.Sprintf("Give the pools a /%d or larger %s (existing pools can't change subnets): az aks nodepool add %s --name <new-pool> %s <subnet-id>, then drain and delete the old pool; or lower maxCount",
				n.MinPrefixLength, space, poolTarget(c), flag),
		}}
	}
}

var nodeSubnetExhaustion = audit.Rule{
	ID: "AKSNET-009", Name: "NodeSubnetExhaustion", Severity: audit.High,
	Title: "node subnet too small for the pools at maximum scale plus surge",
	Rationale: "Scale-out and upgrades fail when the node subnet runs out of addresses: every node (and on Node Subnet every node's maxPods) " +
		"needs one, upgrades add surge nodes, and Azure reserves 5 per subnet (IPPLAN; OVL; QUOTA).",
	Remediation: "Use a larger node subnet for new pools (az aks nodepool add --vnet-subnet-id <subnet-id>) or lower the pools' maxCount.",
	Sources:     []string{"IPPLAN", "OVL", "QUOTA", "SURGE"},
	Links:       links("IPPLAN", "SURGE"),
	Check:       exhaustion("node subnet", false, "--vnet-subnet-id", func(c audit.Capacity) *audit.SubnetNeed { return c.NodeSubnet }),
}

var podSubnetExhaustion = audit.Rule{
	ID: "AKSNET-010", Name: "PodSubnetExhaustion", Severity: audit.High,
	Title: "pod subnet too small for the pools at maximum scale plus surge",
	Rationale: "With Azure CNI Pod Subnet, pods take addresses from the pod subnet in batches of 16 per node (dynamic) or /28 blocks " +
		"(static block); when it runs out, pods and nodes fail to start (DYN; STB; PODSUB).",
	Remediation: "Use a larger pod subnet for new pools (az aks nodepool add --pod-subnet-id <subnet-id>) or lower maxCount.",
	Sources:     []string{"DYN", "STB", "PODSUB"},
	Links:       links("PODSUB", "DYN"),
	Models:      []netmodel.ID{netmodel.AzurePodSubnet},
	Check:       exhaustion("pod subnet", true, "--pod-subnet-id", func(c audit.Capacity) *audit.SubnetNeed { return c.PodSubnet }),
}

var podCIDRTooSmall = audit.Rule{
	ID: "AKSNET-011", Name: "PodCIDRTooSmall", Severity: audit.High,
	Title: "pod CIDR too small for maximum nodes plus surge",
	Rationale: "kubenet and Overlay give every node a fixed /24 from the pod CIDR, so a pod CIDR of /N holds 2^(24−N) nodes, surge " +
		"included (KUB; OVL). kubenet's pod CIDR can't be changed; Overlay's can only be expanded to a superset on Linux-only clusters (OVLEXP).",
	Remediation: "Overlay, Linux-only: expand to a contiguous superset: az aks update --resource-group <resource-group> --name <cluster> --pod-cidr <superset-cidr> (OVLEXP); " +
		"otherwise lower maxCount.",
	Sources: []string{"KUB", "OVL", "OVLEXP"},
	Links:   links("OVL", "KUB"),
	Models:  []netmodel.ID{netmodel.Kubenet, netmodel.AzureOverlay},
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		capy, ok := f.CapacityOf(c)
		if !ok {
			return nil
		}
		n := capy.PodCIDR
		if n == nil || n.Fits == nil || *n.Fits || n.NodesSupported == nil {
			return nil
		}
		s := scaleOf(c, capy)
		m, _ := model(c)
		sup := n.Given
		if g := n.Given; g.IsValid() && n.MinPrefixLength >= 0 && n.MinPrefixLength < g.Bits() {
			sup, _ = g.Addr().Prefix(n.MinPrefixLength)
		}
		rem := fmt.Sprintf("The pod CIDR can't be changed on kubenet (KUB); lower maxCount, or migrate to Overlay with a larger pod CIDR (UPD; GH-5278): "+
			"az aks update %s --network-plugin azure --network-plugin-mode overlay --pod-cidr %s (check it overlaps nothing)", target(c), sup)
		if m == netmodel.AzureOverlay {
			rem = fmt.Sprintf("Expand the pod CIDR to a contiguous superset (Linux-only clusters; OVLEXP): az aks update %s --pod-cidr %s", target(c), sup)
		}
		return []audit.Hit{{
			Message: fmt.Sprintf("pod CIDR %s holds %d nodes (one /24 per node) but the pools reach %d nodes plus %d upgrade surge = %d; a /%d or larger is needed",
				n.Given, *n.NodesSupported, s.maxNodes, s.surge, n.RequiredBlocks, n.MinPrefixLength),
			At:          at(c.Network.PodCIDR),
			Remediation: rem,
		}}
	},
}

var subnetSizeUnknown = audit.Rule{
	ID: "AKSNET-012", Name: "SubnetSizeUnknown", Severity: audit.Info,
	Title: "subnet size unknown: exhaustion not checked",
	Rationale: "Subnet exhaustion needs the subnet's address prefix, which only a template, Terraform configuration or VNet inventory " +
		"gives; a managed cluster's resource JSON names the subnet by id only.",
	Remediation: "Pass the VNet inventory: az network vnet list --output json > vnets.json; aksnet audit --vnets vnets.json <paths>",
	Sources:     []string{"IPPLAN"},
	Links:       links("IPPLAN"),
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		node, pod := false, false
		for i := range c.Pools {
			p := &c.Pools[i]
			node = node || (p.SubnetID.State != aks.Absent && !known(f, p.SubnetID, p.Subnet))
			pod = pod || (p.PodSubnetID.State != aks.Absent && !known(f, p.PodSubnetID, p.PodSubnet))
		}
		var msg string
		switch {
		case node && pod:
			msg = "the node and pod subnets' sizes are unknown, so exhaustion was not checked (pass --vnets)"
		case node:
			msg = "the node subnet's size is unknown, so exhaustion was not checked (pass --vnets)"
		case pod:
			msg = "the pod subnet's size is unknown, so exhaustion was not checked (pass --vnets)"
		default:
			return nil
		}
		o, p := subnetOrigin(c, !node)
		return []audit.Hit{{Message: msg, At: o, Pool: p}}
	},
}

// known reports whether a subnet's prefix is known from the input or from
// the VNet inventory (by resource id).
func known(f *audit.Fleet, id aks.Value[string], prefix aks.Value[netip.Prefix]) bool {
	if p, ok := prefix.Get(); ok && p.IsValid() {
		return true
	}
	if v, ok := id.Get(); ok && v != "" {
		_, _, found := f.SubnetOf(v, netip.Prefix{})
		return found
	}
	return false
}

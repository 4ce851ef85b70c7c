package aks

import (
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// DefaultPluginSwitchMinor is the Kubernetes minor version from which new
// clusters without networkPlugin default to Azure CNI Overlay (below it,
// kubenet). SPEC-PR; GH-4760.
const DefaultPluginSwitchMinor = 30 // SPEC-PR

// ApplyDefaults fills every absent field AKS would fill, marking each as
// Defaulted with a note citing its source, and resolves Network.Model from
// the plugin, plugin mode and pod subnets. Set and Unknown values are left
// alone. It is idempotent.
func ApplyDefaults(c *Cluster) {
	n := &c.Network
	resolvePlugin(c)
	resolveModel(c)
	model, modelKnown := n.Model.Get()

	if n.Dataplane.State == Absent && n.Plugin.Known() && n.Plugin.V == "azure" {
		n.Dataplane = Default(netmodel.DataplaneAzure, "networkDataplane defaults to azure (CLI)")
	}
	if n.Policy.State == Absent {
		if dp, ok := n.Dataplane.Get(); ok && dp == netmodel.DataplaneCilium {
			n.Policy = Default(netmodel.PolicyCilium, "the cilium data plane enforces network policy with Cilium (CIL)")
		} else {
			n.Policy = Default(netmodel.PolicyNone, "networkPolicy defaults to none: no enforcement (SPEC)")
		}
	}
	if modelKnown && (model == netmodel.Kubenet || model == netmodel.AzureOverlay || model == netmodel.BYOCNI) &&
		n.PodCIDR.State == Absent && len(n.PodCIDRs) == 0 {
		n.PodCIDR = Default(azaddr.DefaultPodCIDR, "podCidr defaults to 10.244.0.0/16 (SPEC; OVLCFG)")
	}
	if n.ServiceCIDR.State == Absent && len(n.ServiceCIDRs) == 0 {
		n.ServiceCIDR = Default(azaddr.DefaultServiceCIDR, "serviceCidr defaults to 10.0.0.0/16 (SPEC; KUB)")
	}
	if n.DNSServiceIP.State == Absent && n.ServiceCIDR.State == Defaulted {
		n.DNSServiceIP = Default(azaddr.DefaultDNSServiceIP, "dnsServiceIP defaults to 10.0.0.10 (SPEC; KUB)")
	}
	if n.OutboundType.State == Absent {
		n.OutboundType = Default("loadBalancer", "outboundType defaults to loadBalancer (SPEC)")
	}
	if n.LoadBalancerSKU.State == Absent {
		n.LoadBalancerSKU = Default("standard", "loadBalancerSku defaults to standard (SPEC)")
	}
	if c.APIServer.Private.State == Absent {
		c.APIServer.Private = Default(false, "enablePrivateCluster defaults to false (SPEC)")
	}

	for i := range c.Pools {
		p := &c.Pools[i]
		if p.Count.State == Absent && p.AutoScaling.Or(false) && p.MinCount.Known() {
			p.Count = Default(p.MinCount.V, "count starts at the autoscaler's minCount")
		}
		if p.Count.State == Absent {
			p.Count = Default(1, "count defaults to 1 (SPEC)")
		}
		if p.OS.State == Absent {
			p.OS = Default("Linux", "osType defaults to Linux (SPEC)")
		}
		if p.MaxSurge.State == Absent {
			p.MaxSurge = Default(strconv.Itoa(netmodel.DefaultMaxSurgePercent.Value)+"%",
				"maxSurge defaults to 10% of the pool, rounded up (SPEC; the docs' one node is the other side of a listed contradiction)")
		}
		if p.MaxPods.State == Absent && modelKnown {
			m := netmodel.MustLookup(model)
			note := "maxPods defaults to " + strconv.Itoa(m.MaxPodsDefault.Value) + " for " + string(model) + " (" + m.MaxPodsDefault.Source + ")"
			if m.MaxPodsDefaultNote != "" {
				note += "; " + m.MaxPodsDefaultNote
			}
			p.MaxPods = Default(m.MaxPodsDefault.Value, note)
		}
		if p.Type.State == Absent {
			p.Type = Default("VirtualMachineScaleSets", "type defaults to VirtualMachineScaleSets (CLI)")
		}
		if p.NodePublicIP.State == Absent {
			p.NodePublicIP = Default(false, "enableNodePublicIP defaults to false (SPEC)")
		}
		if p.PodIPAllocation.State == Absent && p.PodSubnetID.State == Set {
			p.PodIPAllocation = Default(netmodel.Dynamic, "podIPAllocationMode defaults to DynamicIndividual (SPEC)")
		}
	}
}

func resolvePlugin(c *Cluster) {
	n := &c.Network
	if n.Plugin.State != Absent {
		return
	}
	ver, ok := c.KubernetesVersion.Get()
	if !ok || ver == "" {
		if c.KubernetesVersion.State == Unknown {
			n.Plugin = Value[string]{State: Unknown, Origin: Origin{Note: "networkPlugin is absent and the Kubernetes version can't be resolved: the default plugin depends on it (SPEC-PR)"}}
			return
		}
		n.Plugin = Default("azure", "networkPlugin absent and no Kubernetes version: current default versions (1.30 or later) get Azure CNI Overlay (SPEC-PR; GH-4760)")
		n.PluginMode = Default("overlay", "networkPluginMode defaults to overlay with the azure plugin on Kubernetes 1.30 or later (SPEC-PR; OVLCFG)")
		return
	}
	kv, err := ParseK8sVersion(ver)
	if err != nil {
		n.Plugin = Value[string]{State: Unknown, Origin: Origin{Note: "networkPlugin is absent and Kubernetes version " + strconv.Quote(ver) + " can't be parsed (SPEC-PR)"}}
		return
	}
	if kv.Minor < DefaultPluginSwitchMinor {
		n.Plugin = Default("kubenet", "networkPlugin absent on Kubernetes "+ver+" (below 1.30): kubenet (SPEC-PR; GH-4760)")
		return
	}
	n.Plugin = Default("azure", "networkPlugin absent on Kubernetes "+ver+" (1.30 or later): Azure CNI Overlay (SPEC-PR; GH-4760)")
	if n.PluginMode.State == Absent {
		n.PluginMode = Default("overlay", "networkPluginMode defaults to overlay on Kubernetes 1.30 or later (SPEC-PR)")
	}
}

func resolveModel(c *Cluster) {
	n := &c.Network
	if n.Model.State == Set {
		return
	}
	plugin, ok := n.Plugin.Get()
	if !ok {
		if n.Plugin.State == Unknown {
			n.Model = Value[netmodel.ID]{State: Unknown, Origin: Origin{Note: "the network plugin can't be resolved"}}
		}
		return
	}
	var note string
	switch strings.ToLower(plugin) {
	case "kubenet":
		n.Model = Default(netmodel.Kubenet, "networkPlugin kubenet")
		return
	case "none":
		n.Model = Default(netmodel.BYOCNI, "networkPlugin none: bring your own CNI (BYO)")
		return
	case "azure":
	default:
		n.Model = Value[netmodel.ID]{State: Unknown, Origin: Origin{Note: "networkPlugin " + strconv.Quote(plugin) + " is not one of azure, kubenet, none (SPEC)"}}
		return
	}
	switch mode := n.PluginMode; {
	case mode.State == Unknown:
		n.Model = Value[netmodel.ID]{State: Unknown, Origin: Origin{Note: "networkPluginMode can't be resolved"}}
		return
	case mode.Known() && strings.EqualFold(mode.V, "overlay"):
		n.Model = Default(netmodel.AzureOverlay, "networkPlugin azure with networkPluginMode overlay (OVLCFG)")
		return
	case mode.Known() && mode.V != "":
		n.Model = Value[netmodel.ID]{State: Unknown, Origin: Origin{Note: "networkPluginMode " + strconv.Quote(mode.V) + " is not overlay (SPEC)"}}
		return
	}
	podSubnet, unknown := false, false
	for _, p := range c.Pools {
		switch p.PodSubnetID.State {
		case Set:
			if p.PodSubnetID.V != "" {
				podSubnet = true
			}
		case Unknown:
			unknown = true
		}
	}
	switch {
	case podSubnet:
		note = "networkPlugin azure without overlay mode and a pod subnet on a pool: Azure CNI Pod Subnet (PODSUB; SPEC podSubnetID)"
		n.Model = Default(netmodel.AzurePodSubnet, note)
	case unknown:
		n.Model = Value[netmodel.ID]{State: Unknown, Origin: Origin{Note: "networkPlugin azure without overlay mode; whether a pool sets a pod subnet can't be resolved (Pod Subnet or Node Subnet)"}}
	default:
		note = "networkPlugin azure without networkPluginMode and no pod subnet: pods get VNet IPs from the node subnet (OVLCFG; LEG)"
		n.Model = Default(netmodel.AzureNodeSubnet, note)
	}
}

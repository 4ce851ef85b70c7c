package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/netmodel"
)

var nodePublicIP = audit.Rule{
	ID: "AKSNET-020", Name: "NodePublicIP", Severity: audit.Medium,
	Title: "node pool gives every node a public IP",
	Rationale: "enableNodePublicIP puts each node directly on the internet: inbound exposure beyond the load balancer and NSGs, egress that " +
		"bypasses the cluster's outbound type (even on network-isolated clusters, ISO), and it is incompatible with authorized IP ranges " +
		"unless public IP prefixes are used (SPEC; AUTHIP).",
	Remediation: "Node public IPs can't be turned off on an existing pool: add a pool without them (az aks nodepool add --resource-group <resource-group> --cluster-name <cluster> --name <pool>), " +
		"move workloads, then az aks nodepool delete the old pool.",
	Sources: []string{"SPEC", "AUTHIP", "ISO"},
	Links:   links("SPEC", "AUTHIP"),
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		var hits []audit.Hit
		for i := range c.Pools {
			p := &c.Pools[i]
			if !p.NodePublicIP.Or(false) {
				continue
			}
			hits = append(hits, audit.Hit{
				Message: fmt.Sprintf("node pool %q sets enableNodePublicIP: every node gets a public IP", p.Name.Or("")),
				At:      at(p.NodePublicIP), Pool: p,
				Remediation: fmt.Sprintf("Add a pool without node public IPs, move workloads, delete this one: az aks nodepool add %s --name <new-pool>; az aks nodepool delete %s --name %s",
					poolTarget(c), poolTarget(c), p.Name.Or("<pool>")),
			})
		}
		return hits
	},
}

// poolTarget is "--resource-group RG --cluster-name NAME" for az aks nodepool.
func poolTarget(c *aks.Cluster) string {
	return strings.Replace(target(c), "--name", "--cluster-name", 1)
}

var overlayUnsupportedVM = audit.Rule{
	ID: "AKSNET-021", Name: "OverlayUnsupportedVM", Severity: audit.High,
	Title:       "Azure CNI Overlay with availability sets or DCsv2 VMs",
	Rationale:   "Azure CNI Overlay does not support VM availability sets or DCsv2-series VMs (OVL).",
	Remediation: "Use a VirtualMachineScaleSets pool with a supported VM size: az aks nodepool add --resource-group <resource-group> --cluster-name <cluster> --name <pool> --node-vm-size <size>, then delete the old pool.",
	Sources:     []string{"OVL"},
	Links:       links("OVL"),
	Models:      []netmodel.ID{netmodel.AzureOverlay},
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		var hits []audit.Hit
		for i := range c.Pools {
			p := &c.Pools[i]
			rem := func() string {
				pt := poolTarget(c)
				return "Add a supported pool and delete this one: az aks nodepool add " + pt + " --name <new-pool> --node-vm-size <size>; az aks nodepool delete " +
					pt + " --name " + p.Name.Or("<pool>")
			}
			if t, ok := p.Type.Get(); ok && slices.ContainsFunc(netmodel.OverlayUnsupportedPoolTypes.Value, func(s string) bool { return strings.EqualFold(s, t) }) {
				hits = append(hits, audit.Hit{
					Message: fmt.Sprintf("node pool %q uses %s, which Azure CNI Overlay does not support (%s)", p.Name.Or(""), t, netmodel.OverlayUnsupportedPoolTypes.Source),
					At:      at(p.Type), Pool: p, Remediation: rem(),
				})
			}
			if s, ok := p.VMSize.Get(); ok && netmodel.IsDCsv2(s) {
				hits = append(hits, audit.Hit{
					Message: fmt.Sprintf("node pool %q uses %s, a DCsv2-series size, which Azure CNI Overlay does not support (%s)", p.Name.Or(""), s, netmodel.OverlayUnsupportedVMSeries.Source),
					At:      at(p.VMSize), Pool: p, Remediation: rem(),
				})
			}
		}
		return hits
	},
}

var maxPodsPoolMinimum = audit.Rule{
	ID: "AKSNET-022", Name: "MaxPodsPoolMinimum", Severity: audit.Medium,
	Title: "maxPods breaks the per-pool pod minimum or range",
	Rationale: "maxPods must be between 10 and 250, and every node pool must have room for at least 30 pods: with maxPods 10 a pool needs " +
		"at least 3 nodes (IPPLAN; OVL). maxPods can't be changed on an existing pool.",
	Remediation: "Raise maxPods or the pool's minimum node count; maxPods is fixed per pool, so add a new pool: az aks nodepool add --resource-group <resource-group> --cluster-name <cluster> --name <pool> --max-pods <n> --min-count <n>",
	Sources:     []string{"IPPLAN", "OVL", "QUOTA"},
	Links:       links("IPPLAN"),
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		var hits []audit.Hit
		minPerPool, lo, hi := netmodel.MinPodsPerPool, netmodel.MinPodsLimit, netmodel.MaxPodsLimit
		for i := range c.Pools {
			p := &c.Pools[i]
			mp, ok := p.MaxPods.Get()
			if !ok {
				continue
			}
			switch {
			case mp < lo.Value || mp > hi.Value:
				hits = append(hits, audit.Hit{
					Message: fmt.Sprintf("node pool %q sets maxPods %d, outside the allowed %d–%d (%s)", p.Name.Or(""), mp, lo.Value, hi.Value, lo.Source),
					At:      at(p.MaxPods), Pool: p, Severity: audit.High,
				})
				continue
			}
			nodes := poolMinNodes(p)
			if nodes == 0 {
				continue // a pool scaled to zero runs no pods
			}
			if mp*nodes < minPerPool.Value {
				need := (minPerPool.Value + mp - 1) / mp
				field := p.Count
				if p.AutoScaling.Or(false) && p.MinCount.Known() {
					field = p.MinCount
				}
				o := at(p.MaxPods)
				if o.File == "" {
					o = at(field)
				}
				hits = append(hits, audit.Hit{
					Message: fmt.Sprintf("node pool %q has room for %d × %d = %d pods at its minimum size, below the %d pods every pool needs (%s); with maxPods %d it needs at least %d nodes",
						p.Name.Or(""), nodes, mp, mp*nodes, minPerPool.Value, minPerPool.Source, mp, need),
					At: o, Pool: p,
					Remediation: fmt.Sprintf("Keep at least %d nodes in the pool (az aks nodepool update %s --name %s --update-cluster-autoscaler --min-count %d --max-count <n>), or add a pool with a higher --max-pods",
						need, poolTarget(c), p.Name.Or("<pool>"), need),
				})
			}
		}
		return hits
	},
}

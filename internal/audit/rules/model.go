package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// overlayMinK8s is the Kubernetes version the in-place move to Overlay
// needs (UPD).
var overlayMinK8s = aks.K8sVersion{Major: 1, Minor: netmodel.OverlayMigrationMinK8sMinor.Value}

// overlayCommand is the in-place migration to Azure CNI Overlay (UPD). The
// pod CIDR is kept when omitted for kubenet; from legacy Node Subnet UPD's
// generic tab says --pod-cidr is required, so it is always given.
func overlayCommand(c *aks.Cluster) string {
	pod := "<pod-cidr>"
	if p, ok := c.Network.PodCIDR.Get(); ok {
		pod = p.String()
	} else if m, _ := model(c); m == netmodel.AzureNodeSubnet {
		pod = "10.244.0.0/16"
	}
	rg, name := targetParts(c)
	return "az aks update --resource-group " + rg + " --name " + name + " --network-plugin azure --network-plugin-mode overlay --pod-cidr " + pod
}

// migrationBlockers lists the unmet prerequisites of the in-place move to
// Overlay that the definition shows (UPD).
func migrationBlockers(c *aks.Cluster) []string {
	var out []string
	if v, ok := c.KubernetesVersion.Get(); ok {
		if kv, err := aks.ParseK8sVersion(v); err == nil && kv.Less(overlayMinK8s) {
			out = append(out, fmt.Sprintf("upgrade Kubernetes %s to %s or later first (%s)", v, overlayMinK8s, netmodel.OverlayMigrationMinK8sMinor.Source))
		}
	}
	if p, ok := policy(c); ok && p != netmodel.PolicyNone {
		rg, name := targetParts(c)
		out = append(out, "remove network policy "+strconv.Quote(string(p))+": az aks update --resource-group "+rg+" --name "+name+" --network-policy none (UPD; NETPOL)")
	}
	if m, _ := model(c); m == netmodel.AzureNodeSubnet {
		for _, p := range c.Pools {
			if p.PodIPAllocation.Known() {
				out = append(out, "dynamic IP allocation pools can't migrate (UPD)")
				break
			}
		}
	}
	return out
}

var kubenetRetirement = audit.Rule{
	ID: "AKSNET-001", Name: "KubenetRetirement", Severity: audit.Medium,
	Title: "kubenet is retiring",
	Rationale: "AKS stops supporting kubenet on 2028-03-31 (RET-KUB). The only migration target is Azure CNI Overlay, " +
		"in place, one-way, reimaging every pool at once (UPD).",
	Remediation: "Migrate in place to Azure CNI Overlay. Prerequisites (UPD): Kubernetes " + overlayMinK8s.String() + " or later, a user-assigned managed identity " +
		"(to detach the route table), no network policy enabled, no Windows pools with the Docker runtime, no custom azure-ip-masq-agent ranges. " +
		"Then: az aks update --resource-group <resource-group> --name <cluster> --network-plugin azure --network-plugin-mode overlay --pod-cidr <pod-cidr>",
	Sources:     []string{"RET-KUB", "UPD", "GH-4859"},
	Links:       links("KUB", "UPD"),
	Models:      []netmodel.ID{netmodel.Kubenet},
	AzurePolicy: "46238e2f-3f6f-4589-9f3f-77bed4116e67",
	Policy:      kubenetPolicy,
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		ret := netmodel.KubenetRetires
		days := ret.Value.DaysFrom(f.Now)
		sev := audit.Medium
		msg := "kubenet retires on " + ret.Value.String() + " (" + ret.Source + "): " + plural(days, "day", "days") + " left as of " + f.Now.UTC().Format("2006-01-02")
		switch {
		case days < 0:
			sev = audit.Critical
			msg = fmt.Sprintf("kubenet retired on %s (%s), %s before %s: the cluster runs an unsupported model", ret.Value, ret.Source, plural(-days, "day", "days"), f.Now.UTC().Format("2006-01-02"))
		case days <= 180:
			sev = audit.High
		}
		rem := "Migrate in place to Azure CNI Overlay (one-way; all pools are reimaged at once; needs a user-assigned managed identity; UPD): " + overlayCommand(c)
		if b := migrationBlockers(c); len(b) > 0 {
			rem += ". Before that: " + strings.Join(b, "; ")
		}
		return []audit.Hit{{Message: msg, At: at(c.Network.Plugin), Severity: sev, Remediation: rem}}
	},
}

var kubenetNodeLimit = audit.Rule{
	ID: "AKSNET-002", Name: "KubenetNodeLimit", Severity: audit.High,
	Title: "kubenet planned or scaled past its node limit",
	Rationale: "kubenet routes each node's pod /24 with one Azure route-table entry; a route table holds at most 400 routes, " +
		"so a kubenet cluster can't exceed 400 nodes (KUB; OVL), 200 when dual-stack (two routes per node). Upgrade surge nodes " +
		"need routes too. For more than 400 nodes use Azure CNI or Overlay (CA).",
	Remediation: "Lower the pools' maxCount (or count) so nodes plus surge stay within the limit, or migrate to Azure CNI Overlay: " +
		"az aks update --resource-group <resource-group> --name <cluster> --network-plugin azure --network-plugin-mode overlay --pod-cidr <pod-cidr>",
	Sources: []string{"KUB", "OVL", "CA", "BLOG-OVL"},
	Links:   links("KUB", "CA", "UPD"),
	Models:  []netmodel.ID{netmodel.Kubenet},
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		limit := netmodel.MustLookup(netmodel.Kubenet).MaxNodes
		if dualStack(c) {
			limit = netmodel.KubenetMaxNodesDualStack
		}
		s := clusterScale(c)
		if s.total() <= limit.Value {
			return nil
		}
		o, p := scaleOrigin(s)
		return []audit.Hit{{
			Message: fmt.Sprintf("kubenet supports at most %d nodes (%s); the pools reach %d nodes at their maximum plus %d upgrade surge = %d",
				limit.Value, limit.Source, s.maxNodes, s.surge, s.total()),
			At: o, Pool: p,
			Remediation: "Keep nodes plus surge at or below " + fmt.Sprint(limit.Value) + " (lower maxCount), or migrate in place to Azure CNI Overlay (UPD): " + overlayCommand(c),
		}}
	},
}

var nodeSubnetLegacy = audit.Rule{
	ID: "AKSNET-003", Name: "NodeSubnetLegacy", Severity: audit.Low,
	Title: "Azure CNI Node Subnet is the legacy model",
	Rationale: "Azure CNI Node Subnet pre-reserves maxPods VNet addresses per node and exhausts subnets fastest; Microsoft recommends it " +
		"only when a managed VNet is needed, Pod Subnet as the flat option and Overlay in general (CNIOV; PLANPOD).",
	Remediation: "Migrate in place to Azure CNI Overlay (one-way; all pools reimaged; Kubernetes " + overlayMinK8s.String() + " or later; no network policy during the move; UPD): " +
		"az aks update --resource-group <resource-group> --name <cluster> --network-plugin azure --network-plugin-mode overlay --pod-cidr <pod-cidr>. " +
		"If pods need VNet-routable IPs, Pod Subnet is only available on new clusters or new node pools with --pod-subnet-id (no in-place path).",
	Sources: []string{"CNIOV", "LEG", "UPD", "PLANPOD"},
	Links:   links("LEG", "CNIOV", "UPD"),
	Models:  []netmodel.ID{netmodel.AzureNodeSubnet},
	Policy:  nodeSubnetPolicy,
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		rem := "Migrate in place to Azure CNI Overlay (one-way; all pools reimaged; UPD): " + overlayCommand(c) +
			". If pods need VNet-routable IPs, use Pod Subnet instead (new node pools with --pod-subnet-id; no in-place path)"
		if b := migrationBlockers(c); len(b) > 0 {
			rem += ". Before migrating: " + strings.Join(b, "; ")
		}
		at := at(c.Network.Plugin)
		if c.Network.PluginMode.State == aks.Set {
			at = c.Network.PluginMode.Origin
		}
		return []audit.Hit{{
			Message:     "the cluster uses legacy Azure CNI Node Subnet (networkPlugin azure without overlay mode or pod subnets); Overlay is the general recommendation (CNIOV)",
			At:          at,
			Remediation: rem,
		}}
	},
}

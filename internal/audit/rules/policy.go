package rules

import (
	"fmt"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// enableEngineCommand is the command that turns on a policy engine that fits
// the cluster: Cilium (via the Cilium data plane) on Azure CNI without
// Windows pools, else Calico (kubenet; Windows). NETPOL; UPD; CIL.
func enableEngineCommand(c *aks.Cluster) string {
	m, _ := model(c)
	rg, name := targetParts(c)
	if _, win := hasWindows(c); m == netmodel.Kubenet || win {
		return "az aks update --resource-group " + rg + " --name " + name + " --network-policy calico"
	}
	return "az aks update --resource-group " + rg + " --name " + name + " --network-dataplane cilium"
}

var noNetworkPolicy = audit.Rule{
	ID: "AKSNET-004", Name: "NoNetworkPolicyEngine", Severity: audit.Medium,
	Title: "no network policy engine",
	Rationale: "Without a network policy engine every pod can reach every other pod and Kubernetes NetworkPolicy objects are silently " +
		"ignored. networkPolicy defaults to none (SPEC). The literal value \"none\" is no engine; azure, calico and cilium are (NETPOL).",
	Remediation: "Enable an engine; installing one reimages all pools at once (NETPOL). On Azure CNI without Windows pools: " +
		"az aks update --resource-group <resource-group> --name <cluster> --network-dataplane cilium; on kubenet or with Windows pools: " +
		"az aks update --resource-group <resource-group> --name <cluster> --network-policy calico",
	Sources: []string{"NETPOL", "SPEC", "CIL"},
	Links:   links("NETPOL", "CIL"),
	// Bring-your-own CNI plugins enforce policy themselves.
	Models: []netmodel.ID{netmodel.Kubenet, netmodel.AzureNodeSubnet, netmodel.AzurePodSubnet, netmodel.AzureOverlay},
	Policy: noPolicyEnginePolicy,
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		p, ok := policy(c)
		if c.Network.Policy.State == aks.Unknown || (ok && p != netmodel.PolicyNone) {
			return nil
		}
		msg := "networkPolicy is \"none\": no network policy engine enforces NetworkPolicy objects"
		if c.Network.Policy.State != aks.Set {
			msg = "networkPolicy is not set and defaults to none (SPEC): no network policy engine enforces NetworkPolicy objects"
		}
		return []audit.Hit{{Message: msg, At: at(c.Network.Policy), Remediation: "Enable an engine (all pools are reimaged at once; NETPOL): " + enableEngineCommand(c)}}
	},
}

var ciliumPolicyDataplane = audit.Rule{
	ID: "AKSNET-005", Name: "CiliumPolicyWithoutCiliumDataplane", Severity: audit.High,
	Title: "cilium network policy without the Cilium data plane",
	Rationale: "networkPolicy cilium requires networkDataplane cilium (SPEC); AKS rejects the combination, so the definition can't deploy " +
		"as written. Cilium is a real engine: the fix is the data plane, not dropping the engine.",
	Remediation: "Set the Cilium data plane (any Azure CNI IPAM, Linux pools only; UPD; CIL): az aks update --resource-group <resource-group> --name <cluster> --network-dataplane cilium",
	Sources:     []string{"SPEC", "CIL", "UPD"},
	Links:       links("CIL", "UPD"),
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		p, ok := policy(c)
		if !ok || p != netmodel.PolicyCilium || c.Network.Dataplane.State == aks.Unknown {
			return nil
		}
		dp := dataplane(c)
		if dp == netmodel.DataplaneCilium {
			return nil
		}
		e, _ := netmodel.LookupEngine(netmodel.PolicyCilium)
		m, _ := model(c)
		if works, _ := e.WorksWith(m, dp); works {
			return nil
		}
		return []audit.Hit{{
			Message: fmt.Sprintf("networkPolicy cilium requires networkDataplane cilium (%s); the data plane is %s (%s)",
				e.RequiresDataplane.Source, dp, stated(c.Network.Dataplane)),
			At:          at(c.Network.Policy),
			Remediation: "Set the Cilium data plane (UPD; CIL): az aks update " + target(c) + " --network-dataplane cilium",
		}}
	},
}

var npmRetirement = audit.Rule{
	ID: "AKSNET-006", Name: "AzureNPMRetirement", Severity: audit.Medium,
	Title: "Azure Network Policy Manager is retiring",
	Rationale: "Azure NPM is unsupported on Windows from 2026-09-30 (RET-NPMW) and on Linux from 2028-09-30 (RET-NPML); " +
		"Microsoft's migration target is Cilium network policy (NPM2CIL).",
	Remediation: "Migrate to Cilium (Linux pools only; NPM is uninstalled and replaced; all pools reimaged; NPM2CIL): " +
		"az aks update --resource-group <resource-group> --name <cluster> --network-dataplane cilium",
	Sources: []string{"RET-NPML", "RET-NPMW", "NPM2CIL", "NETPOL"},
	Links:   links("NPM2CIL", "NETPOL"),
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		if p, ok := policy(c); !ok || p != netmodel.PolicyAzure {
			return nil
		}
		e, _ := netmodel.LookupEngine(netmodel.PolicyAzure)
		ret := e.RetiresLinux
		os := "Linux"
		if _, win := hasWindows(c); win {
			ret, os = e.RetiresWindows, "Windows"
		}
		days := ret.Value.DaysFrom(f.Now)
		sev := audit.Medium
		msg := "Azure NPM on " + os + " is unsupported from " + ret.Value.String() + " (" + ret.Source + "): " +
			plural(days, "day", "days") + " left as of " + f.Now.UTC().Format("2006-01-02")
		switch {
		case days < 0:
			sev = audit.High
			msg = fmt.Sprintf("Azure NPM on %s has been unsupported since %s (%s)", os, ret.Value, ret.Source)
		case days <= 180:
			sev = audit.High
		}
		rg, name := targetParts(c)
		rem := "Migrate to Cilium network policy (NPM2CIL): az aks update --resource-group " + rg + " --name " + name + " --network-dataplane cilium"
		if os == "Windows" {
			rem += ". Cilium is Linux-only (CIL): move Windows workloads to Linux pools or to Calico first (az aks update " + target(c) + " --network-policy none, then --network-policy calico)"
		}
		return []audit.Hit{{Message: msg, At: at(c.Network.Policy), Severity: sev, Remediation: rem}}
	},
}

var npmScale = audit.Rule{
	ID: "AKSNET-007", Name: "AzureNPMScaleCeiling", Severity: audit.High,
	Title: "Azure NPM beyond its 250-node / 20,000-pod ceiling",
	Rationale: "Azure NPM on Linux supports at most 250 nodes and 20,000 pods; beyond that its pods run out of memory and policy " +
		"enforcement stalls (NETPOL; LARGE).",
	Remediation: "Migrate to Cilium network policy, which has no such ceiling (NPM2CIL): az aks update --resource-group <resource-group> --name <cluster> --network-dataplane cilium",
	Sources:     []string{"NETPOL", "LARGE", "NPM2CIL"},
	Links:       links("NETPOL", "NPM2CIL"),
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		if p, ok := policy(c); !ok || p != netmodel.PolicyAzure {
			return nil
		}
		s := clusterScale(c)
		pods := 0
		for i := range c.Pools {
			pods += poolMaxNodes(&c.Pools[i]) * c.Pools[i].MaxPods.Or(0)
		}
		var over []string
		if s.total() > netmodel.NPMMaxNodes.Value {
			over = append(over, fmt.Sprintf("%d nodes at maximum plus %d surge = %d > %d nodes (%s)",
				s.maxNodes, s.surge, s.total(), netmodel.NPMMaxNodes.Value, netmodel.NPMMaxNodes.Source))
		}
		if pods > netmodel.NPMMaxPods.Value {
			over = append(over, fmt.Sprintf("room for %d pods at maximum (nodes × maxPods) > %d pods (%s)",
				pods, netmodel.NPMMaxPods.Value, netmodel.NPMMaxPods.Source))
		}
		if len(over) == 0 {
			return nil
		}
		o, p := scaleOrigin(s)
		return []audit.Hit{{
			Message: "Azure NPM ceiling exceeded: " + strings.Join(over, "; "),
			At:      o, Pool: p,
			Remediation: "Cap the pools within the ceiling, or migrate to Cilium network policy (NPM2CIL): az aks update " + target(c) + " --network-dataplane cilium",
		}}
	},
}

var policyEngineUnsupported = audit.Rule{
	ID: "AKSNET-008", Name: "PolicyEngineUnsupported", Severity: audit.High,
	Title: "network policy engine or data plane unsupported by the model or OS",
	Rationale: "Engines have a support matrix: Azure NPM works with Azure CNI only, not kubenet (NETPOL; KUB); Cilium is Linux-only (CIL); " +
		"Azure NPM and Calico don't support dual-stack (OVLCFG). AKS rejects or silently fails to enforce these combinations.",
	Remediation: "Pick a supported engine: set --network-policy none first, then the new engine (NETPOL). Calico on kubenet; " +
		"Calico with Windows pools; Cilium with dual-stack.",
	Sources: []string{"NETPOL", "KUB", "CIL", "OVLCFG"},
	Links:   links("NETPOL", "CIL", "DUAL"),
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		var hits []audit.Hit
		m, mok := model(c)
		p, pok := policy(c)
		e, eok := netmodel.LookupEngine(p)
		none := func() string { return "az aks update " + target(c) + " --network-policy none" }
		if pok && eok && e.Enforces && mok {
			// The data-plane requirement is AKSNET-005's; here only the model list.
			if !containsID(e.Models.Value, m) {
				hits = append(hits, audit.Hit{
					Message:     fmt.Sprintf("%s does not work with %s (%s)", e.Title, netmodel.MustLookup(m).Title, e.Models.Source),
					At:          at(c.Network.Policy),
					Remediation: "Switch engines (NETPOL): " + none() + ", then az aks update " + target(c) + " --network-policy calico",
				})
			}
		}
		if win, ok := hasWindows(c); ok {
			if pok && eok && e.Enforces && e.Windows.Value == netmodel.Unsupported {
				hits = append(hits, audit.Hit{
					Message: fmt.Sprintf("%s is Linux-only (%s) but pool %q runs Windows", e.Title, e.Windows.Source, win.Name.Or("")),
					At:      at(c.Network.Policy), Pool: win,
					Remediation: "Use Calico for clusters with Windows pools (NETPOL): " + none() + ", then az aks update " + target(c) + " --network-policy calico",
				})
			} else if dataplane(c) == netmodel.DataplaneCilium && netmodel.CiliumDataplane.Windows.Value == netmodel.Unsupported {
				hits = append(hits, audit.Hit{
					Message: fmt.Sprintf("the Cilium data plane is Linux-only (%s) but pool %q runs Windows", netmodel.CiliumDataplane.Windows.Source, win.Name.Or("")),
					At:      at(c.Network.Dataplane), Pool: win,
					Remediation: "Move Windows workloads to a cluster on the azure data plane",
				})
			}
		}
		if pok && eok && e.Enforces && dualStack(c) && e.DualStack.Value == netmodel.Unsupported {
			hits = append(hits, audit.Hit{
				Message:     fmt.Sprintf("%s does not support dual-stack (%s); the cluster has IPv6 families or CIDRs", e.Title, e.DualStack.Source),
				At:          at(c.Network.Policy),
				Remediation: "Use Cilium on dual-stack Overlay (CIL): " + none() + ", then az aks update " + target(c) + " --network-dataplane cilium",
			})
		}
		return hits
	},
}

func containsID(ids []netmodel.ID, id netmodel.ID) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// Package rules is the audit rule catalog: every AKSNET-NNN rule as an
// explicit slice (All), each a metadata record plus a pure check over one
// normalized cluster and its fleet. Facts (limits, dates, support matrices)
// come from packages netmodel and azaddr; address demand comes from the
// planner through audit.Fleet.Capacity.
//
// Where other scanners get AKS networking wrong, these rules deliberately
// differ, each with a regression test: networkPolicy "cilium" is a policy
// engine and "none" is not; a private cluster needs no authorized IP ranges;
// a NAT gateway scales SNAT but does not restrict egress, while
// userDefinedRouting through a firewall and network-isolated clusters do.
package rules

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// All returns the catalog in id order. The slice is new on every call.
func All() []audit.Rule {
	return []audit.Rule{
		kubenetRetirement,       // AKSNET-001
		kubenetNodeLimit,        // AKSNET-002
		nodeSubnetLegacy,        // AKSNET-003
		noNetworkPolicy,         // AKSNET-004
		ciliumPolicyDataplane,   // AKSNET-005
		npmRetirement,           // AKSNET-006
		npmScale,                // AKSNET-007
		policyEngineUnsupported, // AKSNET-008
		nodeSubnetExhaustion,    // AKSNET-009
		podSubnetExhaustion,     // AKSNET-010
		podCIDRTooSmall,         // AKSNET-011
		subnetSizeUnknown,       // AKSNET-012
		forbiddenRange,          // AKSNET-013
		cidrOverlap,             // AKSNET-014
		dnsServiceIP,            // AKSNET-015
		nodeSubnetOverlap,       // AKSNET-016
		publicAPIServer,         // AKSNET-017
		unrestrictedEgress,      // AKSNET-018
		lbSNATPorts,             // AKSNET-019
		nodePublicIP,            // AKSNET-020
		overlayUnsupportedVM,    // AKSNET-021
		maxPodsPoolMinimum,      // AKSNET-022
	}
}

// Lookup returns the rule with the given id.
func Lookup(id string) (audit.Rule, bool) {
	for _, r := range All() {
		if strings.EqualFold(r.ID, id) {
			return r, true
		}
	}
	return audit.Rule{}, false
}

// docs maps facts-sheet source codes to their documentation pages.
var docs = map[string]string{
	"KUB":     "https://learn.microsoft.com/azure/aks/configure-kubenet",
	"RET-KUB": "https://learn.microsoft.com/azure/aks/configure-kubenet",
	"UPD":     "https://learn.microsoft.com/azure/aks/update-azure-cni",
	"LEG":     "https://learn.microsoft.com/azure/aks/concepts-network-legacy-cni",
	"CNIOV":   "https://learn.microsoft.com/azure/aks/concepts-network-cni-overview",
	"NETPOL":  "https://learn.microsoft.com/azure/aks/use-network-policies",
	"NPM2CIL": "https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy",
	"CIL":     "https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium",
	"IPPLAN":  "https://learn.microsoft.com/azure/aks/concepts-network-ip-address-planning",
	"OVL":     "https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay",
	"OVLCFG":  "https://learn.microsoft.com/azure/aks/azure-cni-overlay",
	"PODSUB":  "https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-pod-subnet",
	"AUTHIP":  "https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges",
	"PRIV":    "https://learn.microsoft.com/azure/aks/private-clusters",
	"EGR":     "https://learn.microsoft.com/azure/aks/egress-outboundtype",
	"UDR":     "https://learn.microsoft.com/azure/aks/egress-udr",
	"NATGW":   "https://learn.microsoft.com/azure/aks/nat-gateway",
	"ISO":     "https://learn.microsoft.com/azure/aks/concepts-network-isolated",
	"AZFW":    "https://learn.microsoft.com/azure/aks/limit-egress-traffic",
	"SLB":     "https://learn.microsoft.com/azure/aks/configure-load-balancer-standard",
	"CA":      "https://learn.microsoft.com/azure/aks/cluster-autoscaler-overview",
	"SURGE":   "https://learn.microsoft.com/azure/aks/upgrade-aks-node-pools-rolling",
	"DUAL":    "https://learn.microsoft.com/azure/aks/configure-dual-stack",
	"DYN":     "https://learn.microsoft.com/azure/aks/configure-azure-cni-dynamic-ip-allocation",
	"SPEC":    "https://learn.microsoft.com/rest/api/aks/managed-clusters",
}

// links returns the documentation pages of the given source codes, in
// order, without duplicates.
func links(codes ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range codes {
		if u, ok := docs[c]; ok && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// target returns "--resource-group RG --name NAME" for az commands, with
// placeholders where the input does not say.
func target(c *aks.Cluster) string {
	rg, name := targetParts(c)
	return "--resource-group " + rg + " --name " + name
}

// targetParts returns target's resource group and cluster name, so that a
// command can be built in one concatenation.
func targetParts(c *aks.Cluster) (rg, name string) {
	rg = "<resource-group>"
	if g := resourceGroup(c.ResourceID); g != "" {
		rg = g
	}
	name = "<cluster>"
	if n, ok := c.Name.Get(); ok && n != "" {
		name = n
	}
	return rg, name
}

// resourceGroup returns the resource group segment of an ARM id, or "".
func resourceGroup(id string) string {
	rest := id
	for rest != "" {
		seg, after, _ := strings.Cut(strings.TrimPrefix(rest, "/"), "/")
		if strings.EqualFold(seg, "resourceGroups") {
			g, _, _ := strings.Cut(after, "/")
			return g
		}
		rest = after
	}
	return ""
}

// model returns the resolved model, if known.
func model(c *aks.Cluster) (netmodel.ID, bool) { return c.Network.Model.Get() }

// policy returns the network-policy engine, lower-cased, if known.
func policy(c *aks.Cluster) (netmodel.PolicyEngine, bool) {
	p, ok := c.Network.Policy.Get()
	return netmodel.PolicyEngine(strings.ToLower(string(p))), ok
}

// dataplane returns the data plane, lower-cased, or azure when unknown.
func dataplane(c *aks.Cluster) netmodel.Dataplane {
	return netmodel.Dataplane(strings.ToLower(string(c.Network.Dataplane.Or(netmodel.DataplaneAzure))))
}

// poolMaxNodes is the pool's size at its autoscaler maximum, else its count.
func poolMaxNodes(p *aks.NodePool) int {
	if p.AutoScaling.Or(false) {
		if m, ok := p.MaxCount.Get(); ok {
			return m
		}
	}
	return p.Count.Or(0)
}

// poolMinNodes is the pool's smallest size: minCount when autoscaling, else count.
func poolMinNodes(p *aks.NodePool) int {
	if p.AutoScaling.Or(false) {
		if m, ok := p.MinCount.Get(); ok {
			return m
		}
	}
	return p.Count.Or(0)
}

// surgeNodes is the upgrade surge of a pool of n nodes, by the planner's
// reading of maxSurge (ipplan.ParseSurge; SPEC). An unparsable value counts
// as the default 10%.
func surgeNodes(p *aks.NodePool, n int) int {
	s, err := ipplan.ParseSurge(p.MaxSurge.Or(""))
	if err != nil {
		s = ipplan.DefaultSurge()
	}
	return s.Nodes(n)
}

// scale is a cluster's node count at autoscaler maximum and the surge on top.
type scale struct {
	maxNodes, surge int
	// largest is the pool with the most nodes at maximum (where to point).
	largest *aks.NodePool
}

func (s scale) total() int { return s.maxNodes + s.surge }

func clusterScale(c *aks.Cluster) scale {
	var s scale
	for i := range c.Pools {
		p := &c.Pools[i]
		n := poolMaxNodes(p)
		s.maxNodes += n
		s.surge += surgeNodes(p, n)
		if s.largest == nil || n > poolMaxNodes(s.largest) {
			s.largest = p
		}
	}
	return s
}

// scaleOrigin points at the largest pool's maxCount (or count).
func scaleOrigin(s scale) (aks.Origin, *aks.NodePool) {
	if s.largest == nil {
		return aks.Origin{}, nil
	}
	p := s.largest
	if p.AutoScaling.Or(false) && p.MaxCount.State == aks.Set {
		return p.MaxCount.Origin, p
	}
	if p.Count.State == aks.Set {
		return p.Count.Origin, p
	}
	return p.Source, p
}

// hasWindows reports whether any pool runs Windows.
func hasWindows(c *aks.Cluster) (*aks.NodePool, bool) {
	for i := range c.Pools {
		if strings.EqualFold(c.Pools[i].OS.Or(""), "windows") {
			return &c.Pools[i], true
		}
	}
	return nil, false
}

// dualStack reports whether the cluster is dual-stack (IPv4 and IPv6).
func dualStack(c *aks.Cluster) bool {
	for _, f := range c.Network.IPFamilies.Or(nil) {
		if strings.EqualFold(f, "ipv6") {
			return true
		}
	}
	for _, p := range append(append([]aks.Value[netip.Prefix]{}, c.Network.PodCIDRs...), c.Network.ServiceCIDRs...) {
		if v, ok := p.Get(); ok && v.Addr().Is6() {
			return true
		}
	}
	return false
}

// at returns o when it locates something in a file, else the empty origin
// (the engine then falls back to the pool or cluster definition).
func at[T any](v aks.Value[T]) aks.Origin {
	if v.State == aks.Set || v.State == aks.Unknown {
		return v.Origin
	}
	return aks.Origin{}
}

// stated describes how a value came to be, for messages: "set" or "defaulted".
func stated[T any](v aks.Value[T]) string {
	if v.State == aks.Defaulted {
		return "defaulted"
	}
	return "set"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

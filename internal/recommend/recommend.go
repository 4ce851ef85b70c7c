// Package recommend ranks AKS networking models against stated constraints.
// Hard constraints exclude a model and name the fact that excludes it; soft
// preferences add or subtract points, each with a reason that cites the
// catalog fact (and its source code) it comes from. All knowledge comes from
// package netmodel; this package only weighs it.
package recommend

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/aksnet/aksnet/internal/netmodel"
)

// Candidate is one networking choice the recommender weighs: a catalog model
// with a data plane. "cilium" is Azure CNI Overlay with the Cilium data plane
// and "azure-pod-subnet-cilium" the pod subnet with Cilium.
type Candidate struct {
	// Name is the id printed: a catalog model id, "cilium" or "azure-pod-subnet-cilium".
	Name      string             `json:"model"`
	Model     netmodel.ID        `json:"ipam"`
	Dataplane netmodel.Dataplane `json:"dataplane,omitempty"`
}

// Candidates lists every choice in a fixed order.
func Candidates() []Candidate {
	return []Candidate{
		{Name: string(netmodel.AzureOverlay), Model: netmodel.AzureOverlay, Dataplane: netmodel.DataplaneAzure},
		{Name: "cilium", Model: netmodel.AzureOverlay, Dataplane: netmodel.DataplaneCilium},
		{Name: string(netmodel.AzurePodSubnet), Model: netmodel.AzurePodSubnet, Dataplane: netmodel.DataplaneAzure},
		{Name: "azure-pod-subnet-cilium", Model: netmodel.AzurePodSubnet, Dataplane: netmodel.DataplaneCilium},
		{Name: string(netmodel.AzureNodeSubnet), Model: netmodel.AzureNodeSubnet, Dataplane: netmodel.DataplaneAzure},
		{Name: string(netmodel.Kubenet), Model: netmodel.Kubenet},
		{Name: string(netmodel.BYOCNI), Model: netmodel.BYOCNI},
	}
}

// Constraints are what the user requires or prefers.
type Constraints struct {
	// PodIPVisible: destinations (VNet, peered, on-prem) must see pod IPs.
	PodIPVisible bool
	// InboundToPods: VNet or on-prem hosts must open connections to pods directly.
	InboundToPods bool
	Windows       bool
	VirtualNodes  bool
	DualStack     bool
	// NetworkPolicy is the engine required: "" for no requirement, "any" for
	// some enforcing engine, or an engine name.
	NetworkPolicy string
	// EgressRestricted: egress goes through a firewall that should attribute traffic.
	EgressRestricted bool
	LatencySensitive bool
	// L7Policy: FQDN or L7 network policy is needed.
	L7Policy bool
	// MaxNodes is the largest node count the cluster will reach, surge
	// included (0 = unknown).
	MaxNodes int
	// Address, when set, says how many VNet addresses each IPAM model needs
	// and how many are free.
	Address *AddressFit
}

// AddressFit is the planner's answer for the VNet space: per model, the VNet
// addresses the cluster consumes (subnets at their minimum prefix, Azure's
// reserves included), and the free addresses available.
type AddressFit struct {
	Free int64
	// Need maps a model id to the VNet addresses it needs.
	Need map[netmodel.ID]int64
}

// Reason is one scored statement about a candidate.
type Reason struct {
	Points int    `json:"points"`
	Text   string `json:"text"`
	Source string `json:"source"`
}

// Ranked is a candidate that passed every hard constraint.
type Ranked struct {
	Candidate
	Score   int      `json:"score"`
	Reasons []Reason `json:"reasons"`
}

// Excluded is a candidate ruled out, with the constraint and the fact that rule it out.
type Excluded struct {
	Candidate
	Constraint string `json:"constraint"`
	Reason     string `json:"reason"`
	Source     string `json:"source"`
}

// Result is the recommendation: ranking best first, then exclusions.
type Result struct {
	Ranking  []Ranked   `json:"ranking"`
	Excluded []Excluded `json:"excluded"`
	Notes    []string   `json:"notes,omitempty"`
}

// Base score every candidate starts from.
const baseScore = 50

// Recommend weighs every candidate against c.
func Recommend(c Constraints) (Result, error) {
	var res Result
	if c.NetworkPolicy != "" && c.NetworkPolicy != "any" {
		if _, err := netmodel.ParsePolicy(c.NetworkPolicy); err != nil {
			return Result{}, err
		}
	}
	for _, cand := range Candidates() {
		ex, reasons := weigh(cand, c)
		if ex != nil {
			res.Excluded = append(res.Excluded, *ex)
			continue
		}
		r := Ranked{Candidate: cand, Score: baseScore, Reasons: reasons}
		for _, re := range reasons {
			r.Score += re.Points
		}
		res.Ranking = append(res.Ranking, r)
	}
	slices.SortStableFunc(res.Ranking, func(a, b Ranked) int { return cmp.Compare(b.Score, a.Score) })
	if c.LatencySensitive {
		res.Notes = append(res.Notes, "No Microsoft-documented latency figure exists per model; run `aksnet lab probe --latency` to measure each path.")
	}
	return res, nil
}

type weigher struct {
	cand    Candidate
	m       netmodel.Model
	reasons []Reason
	ex      *Excluded
}

func (w *weigher) exclude(constraint, reason, source string) {
	if w.ex == nil {
		w.ex = &Excluded{Candidate: w.cand, Constraint: constraint, Reason: reason, Source: source}
	}
}

func (w *weigher) add(points int, source, format string, args ...any) {
	w.reasons = append(w.reasons, Reason{Points: points, Text: fmt.Sprintf(format, args...), Source: source})
}

func weigh(cand Candidate, c Constraints) (*Excluded, []Reason) {
	w := &weigher{cand: cand, m: netmodel.MustLookup(cand.Model)}
	m := w.m
	cilium := cand.Dataplane == netmodel.DataplaneCilium

	// General standing of the model.
	switch {
	case m.Retires != nil:
		w.add(-40, m.Retires.Source, "%s retires on %s", m.Title, m.Retires.Value)
	case m.ID == netmodel.AzureOverlay:
		w.add(20, m.Recommended.Source, "Overlay is %s", m.Recommended.Value)
	case m.ID == netmodel.AzureNodeSubnet:
		w.add(-15, m.Recommended.Source, "Node Subnet is %s", m.Recommended.Value)
	case m.ID == netmodel.BYOCNI:
		w.add(-30, m.Recommended.Source, "bring-your-own CNI: %s", m.Recommended.Value)
	case m.ID == netmodel.AzurePodSubnet:
		w.add(5, m.Recommended.Source, "Pod Subnet is %s", m.Recommended.Value)
	}
	if cilium {
		w.add(10, netmodel.CiliumDataplane.KubeProxy.Source, "Cilium data plane: eBPF with kube-proxy %s; the default of AKS Automatic", netmodel.CiliumDataplane.KubeProxy.Value)
	}

	if c.Windows {
		if cilium {
			w.exclude("--windows", "Cilium runs on Linux nodes only", netmodel.CiliumDataplane.Windows.Source)
		}
		w.support("--windows", "Windows node pools", m.Windows)
		if m.Windows.Value == netmodel.PartlySupport {
			w.add(-5, m.Windows.Source, "Windows Server 2019 nodes are not supported with Pod Subnet")
		}
	}
	if c.VirtualNodes {
		w.support("--virtual-nodes", "virtual nodes", m.VirtualNodes)
	}
	if c.DualStack {
		if cilium && m.ID != netmodel.AzureOverlay {
			w.exclude("--dual-stack", "Cilium supports dual-stack "+netmodel.CiliumDataplane.DualStack.Value, netmodel.CiliumDataplane.DualStack.Source)
		}
		w.support("--dual-stack", "dual-stack (IPv4+IPv6)", m.DualStack)
		if cilium && m.ID == netmodel.AzureOverlay {
			w.add(0, netmodel.CiliumDataplane.DualStack.Source, "dual-stack with Cilium needs %s", netmodel.CiliumDataplane.DualStack.Value)
		}
	}
	if c.PodIPVisible {
		switch m.SNAT.Value {
		case netmodel.SNATNever:
			w.add(15, m.SNAT.Source, "pod IPs are preserved to every destination")
		case netmodel.SNATOutsideVNet:
			w.exclude("--pod-ip-visible", "destinations outside the cluster VNet (peered VNets, on-premises) see the node IP", m.SNAT.Source)
		case netmodel.SNATOutsidePodCIDR:
			w.exclude("--pod-ip-visible", "pod traffic leaving the pod CIDR is SNATed to the node IP", m.SNAT.Source)
		default:
			w.exclude("--pod-ip-visible", "source NAT is plugin-defined; AKS documents no pod-IP visibility", m.SNAT.Source)
		}
	}
	if c.InboundToPods {
		if m.InboundToPods.Value {
			w.add(10, m.InboundToPods.Source, "hosts in connected networks can reach pod IPs directly")
		} else {
			w.exclude("--inbound-to-pods", "connectivity to pods is pod-initiated only; external hosts reach them through a LoadBalancer service or ingress", m.InboundToPods.Source)
		}
	}
	if c.NetworkPolicy != "" {
		w.policy(c.NetworkPolicy, c.MaxNodes)
	}
	if c.L7Policy {
		if cilium {
			w.add(10, netmodel.L7PolicyRequires.Source, "%s", netmodel.L7PolicyRequires.Value)
		} else {
			w.exclude("--l7-policy", netmodel.L7PolicyRequires.Value, netmodel.L7PolicyRequires.Source)
		}
	}
	if c.EgressRestricted {
		switch m.SNAT.Value {
		case netmodel.SNATNever:
			w.add(10, m.SNAT.Source, "the egress firewall sees pod IPs, so rules and logs can tell workloads apart")
		case netmodel.SNATOutsidePodCIDR, netmodel.SNATOutsideVNet:
			w.add(-5, m.SNAT.Source, "the egress firewall sees node IPs, not pod IPs: per-workload egress rules need pod-level policy instead")
		}
	}
	if c.LatencySensitive {
		p := netmodel.Path(m.ID)
		if p.ExtraHop.Value {
			w.add(-10, p.ExtraHop.Source, "%s", p.Note.Value)
		} else if p.Note.Value != "" {
			w.add(5, p.Note.Source, "%s", p.Note.Value)
		}
		if cilium {
			w.add(5, netmodel.EBPFHostRouting.Source, "%s", netmodel.EBPFHostRouting.Value)
		}
	}
	if c.MaxNodes > 0 {
		limit := m.MaxNodes
		if c.DualStack && m.ID == netmodel.Kubenet {
			limit = netmodel.KubenetMaxNodesDualStack
		}
		if c.MaxNodes > limit.Value {
			w.exclude("--max-nodes", fmt.Sprintf("%d nodes exceed the model's limit of %d", c.MaxNodes, limit.Value), limit.Source)
		}
	}
	if a := c.Address; a != nil {
		if need, ok := a.Need[m.ID]; ok {
			switch {
			case need > a.Free:
				w.exclude("--vnet", fmt.Sprintf("needs %d VNet addresses, only %d free", need, a.Free), "IPPLAN")
			case a.Free > 0:
				// Prefer models that leave the VNet room: up to 20 points for using none of it.
				pts := int(20 - 20*need/a.Free)
				w.add(pts, "IPPLAN", "uses %d of %d free VNet addresses (%d%%)", need, a.Free, 100*need/a.Free)
			}
		}
	}
	return w.ex, w.reasons
}

// support excludes the candidate when a required feature is unsupported or
// undocumented (the conservative reading).
func (w *weigher) support(flag, feature string, s netmodel.Fact[netmodel.Support]) {
	switch s.Value {
	case netmodel.Unsupported:
		w.exclude(flag, fmt.Sprintf("%s is not supported", feature), s.Source)
	case netmodel.Undocumented:
		w.exclude(flag, fmt.Sprintf("%s is not documented as supported", feature), s.Source)
	}
}

func (w *weigher) policy(want string, maxNodes int) {
	dp := w.cand.Dataplane
	cilium := dp == netmodel.DataplaneCilium
	if want == "any" {
		var ok []string
		for _, e := range netmodel.Engines() {
			if !e.Enforces {
				continue
			}
			if works, _ := e.WorksWith(w.m.ID, dp); works {
				ok = append(ok, string(e.ID))
			}
		}
		if len(ok) == 0 {
			w.exclude("--network-policy any", "no supported network-policy engine works with "+w.m.Title, "NETPOL")
			return
		}
		w.add(0, "NETPOL", "network-policy engines that work: %s", strings.Join(ok, ", "))
		return
	}
	e, _ := netmodel.LookupEngine(netmodel.PolicyEngine(want))
	if cilium && e.ID != netmodel.PolicyCilium && e.Enforces {
		w.exclude("--network-policy "+want, "enabling Cilium replaces "+e.Title+" with Cilium's policy engine", "UPD")
		return
	}
	if works, why := e.WorksWith(w.m.ID, dp); !works {
		src := e.Models.Source
		if e.RequiresDataplane != nil && strings.Contains(why, "requires") {
			src = e.RequiresDataplane.Source
		}
		w.exclude("--network-policy "+want, why, src)
		return
	}
	if e.RetiresLinux != nil {
		w.add(-10, e.RetiresLinux.Source, "%s retires on Linux on %s", e.Title, e.RetiresLinux.Value)
	}
	if e.MaxNodes.Value > 0 && maxNodes > e.MaxNodes.Value {
		w.exclude("--network-policy "+want, fmt.Sprintf("%s supports at most %d nodes; %d planned", e.Title, e.MaxNodes.Value, maxNodes), e.MaxNodes.Source)
		return
	}
	if e.MaxNodes.Value > 0 {
		w.add(0, e.MaxNodes.Source, "%s supports at most %d nodes and %d pods", e.Title, e.MaxNodes.Value, e.MaxPods.Value)
	}
}

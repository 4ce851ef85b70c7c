// Package ipplan computes the addresses an AKS cluster needs under each
// networking model: the node subnet's demand (nodes at the autoscaler
// maximum plus upgrade surge, plus pod IPs where the model puts them there,
// plus internal load-balancer and private-endpoint IPs) and the smallest
// prefix that holds it after Azure's 5 reserved addresses; the pod subnet's
// demand for Azure CNI Pod Subnet (dynamic batches of 16, or static /28
// blocks); and the pod CIDR's /24-per-node demand for kubenet and overlay.
// When a subnet or pod CIDR is given it also says how many nodes it holds.
//
// Every limit and formula comes from the catalog in package netmodel and the
// ranges in package azaddr, each citing its facts-sheet source. Compute never
// stops at the first problem: every limit exceeded, forbidden range and
// overlap is reported as a diagnostic (codes in codes.go).
//
// Carve turns a plan into a concrete layout: the smallest aligned free blocks
// of a VNet for the subnets and private space outside it for the pod and
// service CIDRs; Validate checks any layout against its request (codes in
// carve_codes.go).
package ipplan

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// Request is what to plan: the networking choice, the node pools and the
// ranges the user already has. A zero prefix or address means "not given".
type Request struct {
	// Choice is the model, the pod-subnet allocation, data plane and policy.
	Choice netmodel.Choice `json:"choice"`
	Pools  []Pool          `json:"pools"`
	// ILBs is the number of internal load-balancer frontend IPs, taken from
	// the node subnet (IPPLAN; ILB).
	ILBs int `json:"ilbs,omitempty"`
	// PrivateCluster: the API server's private endpoint takes an IP in the
	// first pool's subnet (PRIV).
	PrivateCluster bool `json:"privateCluster,omitempty"`

	NodeSubnet   netip.Prefix `json:"nodeSubnet,omitzero"`
	PodSubnet    netip.Prefix `json:"podSubnet,omitzero"`
	PodCIDR      netip.Prefix `json:"podCIDR,omitzero"`
	ServiceCIDR  netip.Prefix `json:"serviceCIDR,omitzero"`
	DNSServiceIP netip.Addr   `json:"dnsServiceIP,omitzero"`
	// VNets are the cluster VNet's address spaces.
	VNets []netip.Prefix `json:"vnets,omitempty"`
	// Avoid are ranges the cluster must not overlap: peered VNets, on-premises
	// networks, other clusters.
	Avoid []netip.Prefix `json:"avoid,omitempty"`
}

// Need is a subnet's demand and, when a subnet is given, how it fares.
type Need struct {
	// RequiredIPs counts the addresses the cluster itself uses (the docs'
	// formulas), without Azure's 5 reserves.
	RequiredIPs int64 `json:"requiredIPs"`
	// MinPrefixLength is the longest prefix whose usable addresses hold
	// RequiredIPs (for static blocks: whose usable /28 blocks hold them).
	MinPrefixLength int `json:"minPrefixLength"`
	// MaxNodes is, for a given subnet, the largest node count before surge
	// whose demand with surge included still fits; nil when none is given.
	MaxNodes *int `json:"maxNodes"`
	// Given is the subnet the user supplied, if any.
	Given netip.Prefix `json:"given,omitzero"`
	// Usable is the addresses the given subnet offers after the reserves.
	Usable int64 `json:"usable,omitempty"`
	// Fits reports whether the demand fits the given subnet; nil when none is given.
	Fits *bool `json:"fits,omitempty"`
	// RequiredBlocks is the number of /28 blocks (static-block pod subnets only).
	RequiredBlocks int64 `json:"requiredBlocks,omitempty"`
}

// PodCIDRNeed is the pod CIDR's demand under a /24-per-node model.
type PodCIDRNeed struct {
	// MinPrefixLength is the longest pod CIDR holding one /24 per node, surge included.
	MinPrefixLength int `json:"minPrefixLength"`
	// NodesSupported is the /24 blocks (nodes, surge included) the given or
	// default pod CIDR holds.
	NodesSupported *int `json:"nodesSupported"`
	// RequiredBlocks is the per-node blocks needed: nodes at maximum plus surge.
	RequiredBlocks int `json:"requiredBlocks"`
	// Given is the pod CIDR checked (the user's or the default).
	Given netip.Prefix `json:"given,omitzero"`
	// Fits reports whether RequiredBlocks fit in Given.
	Fits *bool `json:"fits,omitempty"`
	// MaxNodes is the largest node count before surge whose blocks with
	// surge included fit in Given.
	MaxNodes *int `json:"maxNodes,omitempty"`
}

// NodeCount sums the pools.
type NodeCount struct {
	// Current is the node count today.
	Current int `json:"current"`
	// Max is the autoscaler maximum.
	Max int `json:"max"`
	// Surge is the extra nodes an upgrade adds at the maximum.
	Surge int `json:"surge"`
	// Peak is Max + Surge: the nodes the plan sizes for.
	Peak int `json:"peak"`
}

// PoolPlan is one pool's share of the plan, with the defaults resolved.
type PoolPlan struct {
	Name       string `json:"name"`
	Nodes      int    `json:"nodes"`
	MaxNodes   int    `json:"maxNodes"`
	MaxSurge   Surge  `json:"maxSurge"`
	SurgeNodes int    `json:"surgeNodes"`
	MaxPods    int    `json:"maxPods"`
	OS         string `json:"os"`
	// NodeSubnetIPs is the pool's node-subnet demand (nodes, plus pods for
	// the node-subnet model).
	NodeSubnetIPs int64 `json:"nodeSubnetIPs"`
	// PodSubnetIPs is the pool's pod-subnet demand (pod-subnet model).
	PodSubnetIPs int64 `json:"podSubnetIPs,omitempty"`
	// PodCIDRBlocks is the pool's /24 blocks (kubenet, overlay).
	PodCIDRBlocks int `json:"podCIDRBlocks,omitempty"`
	// StaticBlock details the /28 blocks (static-block allocation).
	StaticBlock *StaticBlockPlan `json:"staticBlock,omitempty"`
}

// StaticBlockPlan is the per-node /28 arithmetic of static-block allocation. STB.
type StaticBlockPlan struct {
	BlocksPerNode int `json:"blocksPerNode"`
	// UsablePods is 16 × blocks − 1: the pods the blocks can hold.
	UsablePods int `json:"usablePods"`
	// Waste is UsablePods − maxPods: addresses reserved but never used.
	Waste int `json:"waste"`
	// IdealMaxPods is the 16N − 1 value for the same blocks (no waste).
	IdealMaxPods int `json:"idealMaxPods"`
}

// Plan is one model's address plan.
type Plan struct {
	Model      netmodel.ID           `json:"model"`
	Allocation netmodel.Allocation   `json:"allocation,omitempty"`
	Dataplane  netmodel.Dataplane    `json:"dataplane,omitempty"`
	Policy     netmodel.PolicyEngine `json:"networkPolicy,omitempty"`
	Nodes      NodeCount             `json:"nodes"`
	NodeSubnet Need                  `json:"nodeSubnet"`
	// PodSubnet is set for azure-pod-subnet only.
	PodSubnet *Need `json:"podSubnet"`
	// PodCIDR is set for kubenet and azure-overlay only.
	PodCIDR      *PodCIDRNeed `json:"podCIDR"`
	ServiceCIDR  netip.Prefix `json:"serviceCIDR,omitzero"`
	DNSServiceIP netip.Addr   `json:"dnsServiceIP,omitzero"`
	Pools        []PoolPlan   `json:"pools"`
	// Defaults lists every default the plan applied, with its source.
	Defaults    []string  `json:"defaults"`
	Diagnostics diag.List `json:"diagnostics"`
}

// defaultSurgePercent is netmodel.DefaultMaxSurgePercent (SPEC).
func defaultSurgePercent() int { return netmodel.DefaultMaxSurgePercent.Value }

// ComputeAll plans every catalog model side by side. The pod-subnet model uses
// the requested allocation (dynamic when none); the request's data plane
// (except for BYO CNI, which has none) and policy engine apply to every
// model, and a model that doesn't support them gets a PLAN029 error.
func ComputeAll(req Request) []Plan {
	out := make([]Plan, 0, len(netmodel.IDs()))
	for _, id := range netmodel.IDs() {
		r := req
		r.Choice.Model = id
		if id != netmodel.AzurePodSubnet {
			r.Choice.Allocation = ""
		}
		if id == netmodel.BYOCNI {
			r.Choice.Dataplane = ""
		}
		out = append(out, Compute(r))
	}
	return out
}

// planner carries one Compute call's state.
type planner struct {
	req   Request
	model netmodel.Model
	p     Plan
	// maxPods and surge of the hypothetical single pool used for maxNodes:
	// the most demanding settings among the pools. Of the pools' surges only
	// the largest node count and the largest percentage matter: a
	// percentage's nodes never shrink as it grows.
	maxPods  int
	surgeMax struct{ nodes, percent int }
	fixed    int64 // ILB and private-endpoint IPs in the node subnet
	// quiet skips the notes (Demand): no defaults listed, no diagnostics,
	// and none of the checks that only produce diagnostics.
	quiet bool
}

func (pl *planner) add(code string, sev diag.Severity, source, hint, format string, args ...any) {
	if pl.quiet {
		return
	}
	pl.p.Diagnostics.Add(diag.Diagnostic{
		Code: code, Severity: sev, Message: fmt.Sprintf(format, args...), Hint: hint, Source: source,
	})
}

func (pl *planner) defaulted(s string) {
	if pl.quiet {
		return
	}
	if !slices.Contains(pl.p.Defaults, s) {
		pl.p.Defaults = append(pl.p.Defaults, s)
	}
}

// Compute plans one model, req.Choice.Model.
func Compute(req Request) Plan { return plan(req, false) }

// Demand is Compute without the notes, for callers that only read the
// numbers (the audit): the same arithmetic on the same code path, giving the
// same node counts, pools, subnet and pod-CIDR needs, service CIDR and DNS
// service IP, but Defaults and Diagnostics are left nil and the checks that
// only produce diagnostics (limits, policy support, overlaps) are skipped.
func Demand(req Request) Plan { return plan(req, true) }

// plan is Compute, or Demand when quiet.
func plan(req Request, quiet bool) Plan {
	p := Plan{Model: req.Choice.Model, Pools: make([]PoolPlan, 0, len(req.Pools))}
	if !quiet {
		p.Defaults, p.Diagnostics = []string{}, diag.List{}
	}
	m, ok := netmodel.Lookup(req.Choice.Model)
	if !ok {
		if quiet {
			return p
		}
		p.Diagnostics.Add(diag.Diagnostic{Code: CodePolicyIncompatible, Severity: diag.Error,
			Message: fmt.Sprintf("unknown networking model %q", req.Choice.Model),
			Hint:    "use kubenet, azure-node-subnet, azure-pod-subnet, azure-overlay, none or cilium"})
		return p
	}
	// The plan lives in the planner, which stays on the stack.
	pl := planner{req: req, model: m, p: p, quiet: quiet}
	pl.choice()
	pl.pools()
	pl.limits()
	pl.nodeSubnet()
	switch m.PodSource.Value {
	case netmodel.FromPodSubnet:
		pl.podSubnet()
	case netmodel.FromPodCIDR:
		pl.podCIDR()
	}
	pl.ranges()
	return pl.p
}

// choice resolves the allocation, data plane and policy engine.
func (pl *planner) choice() {
	p, c := &pl.p, pl.req.Choice
	p.Allocation, p.Dataplane, p.Policy = c.Allocation, c.Dataplane, c.Policy
	if pl.model.ID == netmodel.AzurePodSubnet {
		if p.Allocation == "" {
			p.Allocation = netmodel.Dynamic
			pl.defaulted("pod IP allocation: dynamic (podIPAllocationMode defaults to DynamicIndividual, SPEC)")
		}
	} else if p.Allocation != "" {
		pl.add(CodeAllocationNoPodSub, diag.Warning, "SPEC", "drop the pod IP allocation or choose azure-pod-subnet",
			"pod IP allocation %s applies only to azure-pod-subnet; ignored for %s", p.Allocation, pl.model.ID)
		p.Allocation = ""
	}
	if p.Dataplane == "" && pl.model.ID != netmodel.BYOCNI {
		p.Dataplane = netmodel.DataplaneAzure
		pl.defaulted("data plane: azure (CLI)")
	}
	if p.Policy == "" {
		p.Policy = netmodel.PolicyNone
	}
	if pl.quiet {
		return // the rest only reports
	}
	if p.Dataplane == netmodel.DataplaneCilium && !slices.Contains(netmodel.CiliumDataplane.Models.Value, pl.model.ID) {
		pl.add(CodePolicyIncompatible, diag.Error, netmodel.CiliumDataplane.Models.Source,
			"use an Azure CNI model (overlay, pod subnet or node subnet) with the cilium data plane",
			"the cilium data plane runs over Azure CNI IPAM only, not %s", pl.model.ID)
	}
	if e, ok := netmodel.LookupEngine(p.Policy); ok {
		dp := p.Dataplane
		if works, why := e.WorksWith(pl.model.ID, dp); !works {
			src := e.Models.Source
			if e.RequiresDataplane != nil && slices.Contains(e.Models.Value, pl.model.ID) {
				src = e.RequiresDataplane.Source
			}
			pl.add(CodePolicyIncompatible, diag.Error, src, "choose a policy engine the model supports",
				"network policy %s: %s", p.Policy, why)
		}
	}
	if pl.model.Retires != nil {
		r := pl.model.Retires
		pl.add(CodeKubenetRetires, diag.Warning, r.Source, "plan new clusters on azure-overlay",
			"%s retires on %s", pl.model.ID, r.Value)
	}
}

// pools resolves each pool's defaults and sums the node counts.
func (pl *planner) pools() {
	p, m := &pl.p, pl.model
	if len(pl.req.Pools) == 0 {
		pl.add(CodeNoPools, diag.Error, "", "give --nodes or at least one --pool", "no node pools to plan")
	}
	pl.fixed = int64(max(pl.req.ILBs, 0))
	if pl.req.PrivateCluster {
		pl.fixed++
	}
	for i, in := range pl.req.Pools {
		badSurge := in.MaxSurge != nil && (in.MaxSurge.N < 0 || in.MaxSurge.N > maxInputSurge || (in.MaxSurge.Percent && in.MaxSurge.N > 100))
		if in.Nodes < 0 || in.MaxNodes < 0 || in.MaxPods < 0 || badSurge ||
			in.Nodes > maxInputNodes || in.MaxNodes > maxInputNodes || in.MaxPods > maxInputPods {
			pl.add(CodePoolInvalid, diag.Error, "", "give node counts from 0 to 1,000,000 and maxPods from 1 to 100,000",
				"pool %d (%s): node counts, maxPods and surge must not be negative or absurdly large; out-of-range values are treated as 0", i+1, in.Name)
			in.Nodes, in.MaxNodes, in.MaxPods = inRange(in.Nodes, maxInputNodes), inRange(in.MaxNodes, maxInputNodes), inRange(in.MaxPods, maxInputPods)
			if badSurge {
				in.MaxSurge = &Surge{Percent: in.MaxSurge.Percent}
			}
		}
		pp := PoolPlan{Name: in.Name, Nodes: in.Nodes, MaxNodes: in.Max(), MaxPods: in.MaxPods, OS: "linux"}
		if pp.Name == "" {
			pp.Name = "pool" + strconv.Itoa(i+1)
		}
		if in.IsWindows() {
			pp.OS = "windows"
		}
		if pp.MaxPods == 0 {
			pp.MaxPods = m.MaxPodsDefault.Value
			if !pl.quiet {
				d := fmt.Sprintf("maxPods: %d for %s (%s)", pp.MaxPods, m.ID, m.MaxPodsDefault.Source)
				if m.MaxPodsDefaultNote != "" {
					d += "; " + m.MaxPodsDefaultNote
				}
				pl.defaulted(d)
			}
		}
		if in.MaxSurge != nil {
			pp.MaxSurge = *in.MaxSurge
		} else {
			pp.MaxSurge = DefaultSurge()
			if !pl.quiet {
				pl.defaulted(fmt.Sprintf("max surge: %s of each pool, rounded up (%s; the docs' one extra node is the other side of a listed contradiction)",
					pp.MaxSurge, netmodel.DefaultMaxSurgePercent.Source))
			}
		}
		pp.SurgeNodes = pp.MaxSurge.Nodes(pp.MaxNodes)
		p.Nodes.Current += pp.Nodes
		p.Nodes.Max += pp.MaxNodes
		p.Nodes.Surge += pp.SurgeNodes
		pl.maxPods = max(pl.maxPods, pp.MaxPods)
		if pp.MaxSurge.Percent {
			pl.surgeMax.percent = max(pl.surgeMax.percent, pp.MaxSurge.N)
		} else {
			pl.surgeMax.nodes = max(pl.surgeMax.nodes, pp.MaxSurge.N)
		}
		p.Pools = append(p.Pools, pp)
	}
	p.Nodes.Peak = p.Nodes.Max + p.Nodes.Surge
	if pl.maxPods == 0 {
		pl.maxPods = m.MaxPodsDefault.Value
		pl.surgeMax.nodes, pl.surgeMax.percent = 0, DefaultSurge().N
	}
	if len(pl.req.Pools) > 0 && p.Nodes.Max == 0 {
		pl.add(CodeNoPools, diag.Error, "SPEC", "a system pool needs at least one node", "the pools have no nodes")
	}
}

// inRange returns n when it is within 0..hi, else 0.
func inRange(n, hi int) int {
	if n < 0 || n > hi {
		return 0
	}
	return n
}

// surgeAt is the hypothetical single pool's surge at n nodes: the largest
// of the pools' surges at n nodes.
func (pl *planner) surgeAt(n int) int {
	return max(pl.surgeMax.nodes, Surge{N: pl.surgeMax.percent, Percent: true}.Nodes(n))
}

// nodeSubnetPodsPerNode is the pod IPs a node takes from the node subnet.
func (pl *planner) nodeSubnetPodsPerNode(maxPods int) int64 {
	if pl.model.PodSource.Value == netmodel.FromNodeSubnet {
		return int64(maxPods)
	}
	return 0
}

// limits reports every cluster, pool and per-node limit exceeded.
func (pl *planner) limits() {
	if pl.quiet {
		return // limits only report
	}
	p, m := &pl.p, pl.model
	if m.MaxNodes.Value < netmodel.ClusterMaxNodes.Value {
		if p.Nodes.Max > m.MaxNodes.Value {
			pl.add(CodeModelMaxNodes, diag.Error, m.MaxNodes.Source, "use azure-overlay for clusters over 400 nodes (CA)",
				"%s supports at most %s nodes (one route per node in a 400-route table); the pools reach %s",
				m.ID, fmt.Sprint(m.MaxNodes.Value), fmt.Sprint(p.Nodes.Max))
		} else if p.Nodes.Peak > m.MaxNodes.Value {
			pl.add(CodeKubenetSurgeRoutes, diag.Warning, m.MaxNodes.Source, "lower the max surge or the autoscaler maximum",
				"upgrade surge takes the cluster to %s nodes, past %s's %s routes", fmt.Sprint(p.Nodes.Peak), m.ID, fmt.Sprint(m.MaxNodes.Value))
		}
	}
	if p.Nodes.Max > netmodel.ClusterMaxNodes.Value {
		pl.add(CodeClusterMaxNodes, diag.Error, netmodel.ClusterMaxNodes.Source, "split the workload across clusters",
			"a cluster supports at most %s nodes; the pools reach %s", fmt.Sprint(netmodel.ClusterMaxNodes.Value), fmt.Sprint(p.Nodes.Max))
	} else if p.Nodes.Max > netmodel.ClusterDefaultNodeLimit.Value {
		pl.add(CodeClusterQuota, diag.Warning, netmodel.ClusterDefaultNodeLimit.Source, "request a node-limit quota increase through Azure support",
			"%s nodes is over the default node limit of %s", fmt.Sprint(p.Nodes.Max), fmt.Sprint(netmodel.ClusterDefaultNodeLimit.Value))
	}
	if len(p.Pools) > netmodel.MaxPools.Value {
		pl.add(CodeMaxPools, diag.Error, netmodel.MaxPools.Source, "merge pools",
			"a cluster supports at most %d node pools; %d given", netmodel.MaxPools.Value, len(p.Pools))
	}
	win := false
	for _, pp := range p.Pools {
		if pp.MaxNodes > netmodel.PoolMaxNodes.Value {
			pl.add(CodePoolMaxNodes, diag.Error, netmodel.PoolMaxNodes.Source, "split the pool",
				"pool %s: a pool supports at most %s nodes; its maximum is %s", pp.Name, fmt.Sprint(netmodel.PoolMaxNodes.Value), fmt.Sprint(pp.MaxNodes))
		} else if pp.MaxNodes+pp.SurgeNodes > netmodel.PoolMaxNodes.Value {
			pl.add(CodePoolSurgeNodes, diag.Error, "SURGE", "lower the pool's max surge or maximum so that together they stay within 1,000",
				"pool %s: %s nodes plus %s surge is over %s, so upgrades are rejected", pp.Name,
				fmt.Sprint(pp.MaxNodes), fmt.Sprint(pp.SurgeNodes), fmt.Sprint(netmodel.PoolMaxNodes.Value))
		}
		if pp.MaxPods < netmodel.MinPodsLimit.Value || pp.MaxPods > netmodel.MaxPodsLimit.Value {
			pl.add(CodeMaxPodsRange, diag.Error, netmodel.MaxPodsLimit.Source, "choose a maxPods from 10 to 250",
				"pool %s: maxPods %d is outside %d–%d", pp.Name, pp.MaxPods, netmodel.MinPodsLimit.Value, netmodel.MaxPodsLimit.Value)
		}
		if pp.MaxNodes > 0 && pp.MaxNodes*pp.MaxPods < netmodel.MinPodsPerPool.Value {
			need := (netmodel.MinPodsPerPool.Value + pp.MaxPods - 1) / max(pp.MaxPods, 1)
			pl.add(CodePodsPerPool, diag.Error, netmodel.MinPodsPerPool.Source,
				fmt.Sprintf("give the pool at least %d nodes or raise maxPods", need),
				"pool %s: %d nodes × %d pods is room for %d pods; every pool needs room for at least %d",
				pp.Name, pp.MaxNodes, pp.MaxPods, pp.MaxNodes*pp.MaxPods, netmodel.MinPodsPerPool.Value)
		}
		if pp.OS == "windows" {
			win = true
			if pp.MaxPods > netmodel.WindowsMaxPodsRecommended.Value {
				pl.add(CodeWindowsMaxPods, diag.Warning, netmodel.WindowsMaxPodsRecommended.Source, "use maxPods 110 or less for Windows pools",
					"pool %s: maxPods %d is above the %d recommended for Windows nodes", pp.Name, pp.MaxPods, netmodel.WindowsMaxPodsRecommended.Value)
			}
		}
	}
	if win {
		if m.Windows.Value == netmodel.Unsupported {
			pl.add(CodeWindowsUnsupported, diag.Error, m.Windows.Source, "use azure-overlay for Windows node pools",
				"%s does not support Windows node pools", m.ID)
		}
		if p.Dataplane == netmodel.DataplaneCilium {
			pl.add(CodeWindowsUnsupported, diag.Error, netmodel.CiliumDataplane.Windows.Source, "use the azure data plane for clusters with Windows pools",
				"the cilium data plane does not support Windows node pools")
		}
	}
	if p.Policy == netmodel.PolicyAzure && p.Nodes.Max > netmodel.NPMMaxNodes.Value {
		pl.add(CodeNPMNodes, diag.Warning, netmodel.NPMMaxNodes.Source, "use Cilium network policy for large clusters (NPM2CIL)",
			"Azure Network Policy Manager supports up to %d nodes; the pools reach %s", netmodel.NPMMaxNodes.Value, fmt.Sprint(p.Nodes.Max))
	}
}

// nodeSubnet sizes the node subnet.
func (pl *planner) nodeSubnet() {
	p := &pl.p
	n := &p.NodeSubnet
	pl.defaulted(azaddr.ReservedNote)
	for i := range p.Pools {
		pp := &p.Pools[i]
		nodes := int64(pp.MaxNodes + pp.SurgeNodes)
		// IPPLAN: (nodes + surge) + (nodes + surge) × maxPods for the node subnet model.
		pp.NodeSubnetIPs = nodes * (1 + pl.nodeSubnetPodsPerNode(pp.MaxPods))
		n.RequiredIPs += pp.NodeSubnetIPs
	}
	n.RequiredIPs += pl.fixed
	n.MinPrefixLength = pl.prefixFor(n.RequiredIPs, "node subnet")
	if pl.model.PodSource.Value == netmodel.FromNodeSubnet && n.RequiredIPs > int64(netmodel.NodeSubnetMaxIPs.Value) {
		pl.add(CodeNodeSubnetIPLimit, diag.Error, netmodel.NodeSubnetMaxIPs.Source, "use azure-overlay or azure-pod-subnet",
			"the node subnet model needs %s IPs; it is limited to %s", fmt.Sprint(n.RequiredIPs), fmt.Sprint(netmodel.NodeSubnetMaxIPs.Value))
	}
	g := pl.req.NodeSubnet
	if !g.IsValid() {
		return
	}
	if !g.Addr().Is4() {
		pl.add(CodeIPv6, diag.Error, "DUAL", "give an IPv4 node subnet", "node subnet %s is not IPv4; IPv6-only clusters are unsupported", g)
		return
	}
	n.Given, n.Usable = g, azaddr.UsableInSubnet(g.Bits())
	v := new(verdict)
	v.fits = n.RequiredIPs <= n.Usable
	per := 1 + pl.nodeSubnetPodsPerNode(pl.maxPods)
	v.maxNodes = maxNodes(n.Usable, func(k int) int64 { return int64(k+pl.surgeAt(k))*per + pl.fixed })
	n.Fits, n.MaxNodes = &v.fits, &v.maxNodes
	fits, mx := v.fits, v.maxNodes
	if !fits {
		pl.add(CodeNodeSubnetTooSmall, diag.Error, "IPPLAN", fmt.Sprintf("use a /%d or larger node subnet", n.MinPrefixLength),
			"node subnet %s has %s usable addresses; the plan needs %s", g, fmt.Sprint(n.Usable), fmt.Sprint(n.RequiredIPs))
	}
	pl.beyondModel(mx, "node subnet", g)
}

// verdict is what a checked range's Need or PodCIDRNeed points at, kept in
// one allocation (with the need itself where that is a pointer too).
type verdict struct {
	fits                bool
	maxNodes, supported int
}

// beyondModel notes when the capacity of range g (what: "node subnet") exceeds
// the model's node limit.
func (pl *planner) beyondModel(n int, what string, g netip.Prefix) {
	if lim := pl.model.MaxNodes; n > lim.Value && !pl.quiet {
		pl.add(CodeCapacityBeyondModel, diag.Info, lim.Source, "the model's node limit, not the range, bounds the cluster",
			"%s %s has room for %s nodes, but %s supports at most %s", what, g, fmt.Sprint(n), pl.model.ID, fmt.Sprint(lim.Value))
	}
}

// prefixFor returns the smallest subnet holding n usable addresses and
// reports when that is larger than the largest VNet.
func (pl *planner) prefixFor(n int64, what string) int {
	bits, ok := azaddr.SmallestSubnetFor(n)
	if !ok || bits < netmodel.VNetMinPrefixLen.Value {
		pl.add(CodeBeyondVNet, diag.Error, netmodel.VNetMinPrefixLen.Source, "plan fewer nodes or pods per node",
			"the %s needs %s addresses, more than the largest VNet (/%d) holds", what, fmt.Sprint(n), netmodel.VNetMinPrefixLen.Value)
	}
	return bits
}

// podSubnet sizes the pod subnet (azure-pod-subnet).
func (pl *planner) podSubnet() {
	p := &pl.p
	a := new(struct {
		need Need
		verdict
	})
	n := &a.need
	p.PodSubnet = n
	static := p.Allocation == netmodel.StaticBlock
	blockIPs := int64(netmodel.StaticBlockIPs())
	capacity := int64(0)
	for i := range p.Pools {
		pp := &p.Pools[i]
		nodes := int64(pp.MaxNodes + pp.SurgeNodes)
		capacity += int64(pp.MaxNodes) * int64(pp.MaxPods)
		if static {
			b := netmodel.StaticBlocksPerNode(pp.MaxPods)
			u := netmodel.StaticBlockUsablePods(b)
			pp.StaticBlock = &StaticBlockPlan{BlocksPerNode: b, UsablePods: u, Waste: u - pp.MaxPods, IdealMaxPods: u}
			n.RequiredBlocks += nodes * int64(b)
			pp.PodSubnetIPs = nodes * int64(b) * blockIPs
			// STB calls a waste of 1 acceptable and 15 not recommended.
			if w := pp.StaticBlock.Waste; w > 1 && !pl.quiet {
				lower := u - int(blockIPs)
				pl.add(CodeStaticBlockWaste, diag.Warning, "STB",
					fmt.Sprintf("use maxPods %d (same blocks) or %d (one block fewer)", u, lower),
					"pool %s: maxPods %d takes %d /28 blocks per node that hold %d pods; %d addresses per node are never used",
					pp.Name, pp.MaxPods, b, u, w)
			}
		} else {
			pp.PodSubnetIPs = nodes * int64(netmodel.DynamicIPsPerNode(pp.MaxPods))
		}
		n.RequiredIPs += pp.PodSubnetIPs
	}
	if static {
		n.MinPrefixLength = staticBlockPrefix(n.RequiredBlocks)
		if n.MinPrefixLength < netmodel.StaticBlockMaxSubnet.Value {
			pl.add(CodeStaticBlockSubnet, diag.Error, netmodel.StaticBlockMaxSubnet.Source, "split the cluster or lower maxPods",
				"static block allocation needs a /%d pod subnet; the largest supported is a /%d", n.MinPrefixLength, netmodel.StaticBlockMaxSubnet.Value)
		}
		pl.defaulted("static block: the /28 blocks holding a subnet's first four and last addresses are not counted as usable (derived from OVL and STB; conservative)")
	} else {
		n.MinPrefixLength = pl.prefixFor(n.RequiredIPs, "pod subnet")
		if capacity > int64(netmodel.PodSubnetDynamicMaxPods.Value) {
			pl.add(CodeDynamicPodLimit, diag.Warning, netmodel.PodSubnetDynamicMaxPods.Source, "use static block allocation for large clusters (STB)",
				"pod capacity %s is over the %s pods dynamic allocation supports (LARGE; PLANPOD says 64,000 IPs)",
				fmt.Sprint(capacity), fmt.Sprint(netmodel.PodSubnetDynamicMaxPods.Value))
		}
		pl.defaulted("dynamic allocation: each node holds 16 × ceil((maxPods + 8) / 16) pod IPs at full load (batches of 16, refilled below 8 free; derived from DYN)")
	}
	g := pl.req.PodSubnet
	if !g.IsValid() {
		return
	}
	if !g.Addr().Is4() {
		pl.add(CodeIPv6, diag.Error, "DUAL", "give an IPv4 pod subnet", "pod subnet %s is not IPv4", g)
		return
	}
	n.Given = g
	fits, mx := &a.fits, &a.maxNodes
	if static {
		blocks := azaddr.UsableBlocks(g.Bits(), netmodel.StaticBlockPrefixLen.Value)
		n.Usable = blocks * blockIPs
		*fits = n.RequiredBlocks <= blocks
		per := int64(netmodel.StaticBlocksPerNode(pl.maxPods))
		*mx = maxNodes(blocks, func(k int) int64 { return int64(k+pl.surgeAt(k)) * per })
	} else {
		n.Usable = azaddr.UsableInSubnet(g.Bits())
		*fits = n.RequiredIPs <= n.Usable
		per := int64(netmodel.DynamicIPsPerNode(pl.maxPods))
		*mx = maxNodes(n.Usable, func(k int) int64 { return int64(k+pl.surgeAt(k)) * per })
	}
	n.Fits, n.MaxNodes = fits, mx
	if !*fits {
		pl.add(CodePodSubnetTooSmall, diag.Error, sourceFor(static), fmt.Sprintf("use a /%d or larger pod subnet", n.MinPrefixLength),
			"pod subnet %s offers %s usable addresses; the plan needs %s", g, fmt.Sprint(n.Usable), fmt.Sprint(n.RequiredIPs))
	}
	pl.beyondModel(*mx, "pod subnet", g)
}

func sourceFor(static bool) string {
	if static {
		return "STB"
	}
	return "DYN"
}

// staticBlockPrefix is the longest prefix whose usable /28 blocks hold blocks.
func staticBlockPrefix(blocks int64) int {
	bl := netmodel.StaticBlockPrefixLen.Value
	for bits := bl; bits >= 0; bits-- {
		if azaddr.UsableBlocks(bits, bl) >= max(blocks, 1) {
			return bits
		}
	}
	return 0
}

// podCIDR sizes the pod CIDR (kubenet, azure-overlay): one /24 per node, surge included.
func (pl *planner) podCIDR() {
	p, m := &pl.p, pl.model
	per := m.PerNodePodPrefixLen.Value
	a := new(struct {
		need PodCIDRNeed
		verdict
	})
	n := &a.need
	p.PodCIDR = n
	capacity := int64(0)
	for i := range p.Pools {
		pp := &p.Pools[i]
		pp.PodCIDRBlocks = pp.MaxNodes + pp.SurgeNodes
		n.RequiredBlocks += pp.PodCIDRBlocks
		capacity += int64(pp.MaxNodes) * int64(pp.MaxPods)
	}
	n.MinPrefixLength = per
	for n.MinPrefixLength > 0 && netmodel.PodCIDRNodes(n.MinPrefixLength, per) < int64(n.RequiredBlocks) {
		n.MinPrefixLength--
	}
	if m.ID == netmodel.AzureOverlay && capacity > int64(netmodel.OverlayMaxPods.Value) {
		pl.add(CodeOverlayPodLimit, diag.Warning, netmodel.OverlayMaxPods.Source, "fewer pods per node or fewer nodes",
			"pod capacity %s (nodes × maxPods) is over the %s pods per cluster overlay supports (LARGE; PLANPOD says 250,000)",
			fmt.Sprint(capacity), fmt.Sprint(netmodel.OverlayMaxPods.Value))
	}
	g := pl.podCIDRInUse()
	if !g.IsValid() || !g.Addr().Is4() {
		return
	}
	n.Given = g
	a.supported = int(min(netmodel.PodCIDRNodes(g.Bits(), per), 1<<40))
	a.fits = n.RequiredBlocks <= a.supported
	a.maxNodes = maxNodes(int64(a.supported), func(k int) int64 { return int64(k + pl.surgeAt(k)) })
	n.NodesSupported, n.Fits, n.MaxNodes = &a.supported, &a.fits, &a.maxNodes
	sup, fits, mx := a.supported, a.fits, a.maxNodes
	if !fits {
		pl.add(CodePodCIDRTooSmall, diag.Error, m.PerNodePodPrefixLen.Source, fmt.Sprintf("use a /%d or larger pod CIDR", n.MinPrefixLength),
			"pod CIDR %s holds %s /%d blocks (one per node); the plan needs %s", g, fmt.Sprint(sup), per, fmt.Sprint(n.RequiredBlocks))
	}
	pl.beyondModel(mx, "pod CIDR", g)
}

// podCIDRInUse is the given pod CIDR or, for the pod-CIDR models and BYO
// CNI, the default.
func (pl *planner) podCIDRInUse() netip.Prefix {
	if pl.req.PodCIDR.IsValid() {
		return pl.req.PodCIDR
	}
	switch pl.model.PodSource.Value {
	case netmodel.FromPodCIDR, netmodel.FromPlugin:
		if !pl.quiet {
			pl.defaulted(fmt.Sprintf("pod CIDR: %s (SPEC; OVLCFG)", azaddr.DefaultPodCIDR))
		}
		return azaddr.DefaultPodCIDR
	}
	return netip.Prefix{}
}

// maxNodes returns the largest k ≥ 0 with demand(k) ≤ limit, or 0 when even
// demand(0) exceeds it. demand must be non-decreasing with demand(k) ≥ k.
func maxNodes(limit int64, demand func(int) int64) int {
	if limit > 1<<40 {
		limit = 1 << 40
	}
	if demand(0) > limit {
		return 0
	}
	lo, hi := 0, int(limit)+1 // demand(lo) ≤ limit < demand(hi)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if demand(mid) <= limit {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// NodeBlock returns the i-th (0-based) per-node block of length bits in an
// IPv4 pod CIDR: node 1 gets 10.244.0.0/24, node 2 10.244.1.0/24 and so on
// (KUB). It reports false when the pod CIDR is not IPv4, is smaller than a
// block, or has fewer than i+1 blocks.
func NodeBlock(podCIDR netip.Prefix, bits, i int) (netip.Prefix, bool) {
	if !podCIDR.Addr().Is4() || bits < podCIDR.Bits() || bits > 32 || i < 0 ||
		int64(i) >= netmodel.PodCIDRNodes(podCIDR.Bits(), bits) {
		return netip.Prefix{}, false
	}
	a := podCIDR.Masked().Addr().As4()
	v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	v += uint32(i) << (32 - bits)
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), bits), true
}

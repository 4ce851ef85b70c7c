// Package ipplan is the address planner: for a cluster's node pools and a
// networking model it computes how many addresses the node subnet, the pod
// subnet and the pod CIDR need, the smallest prefixes that hold them with
// Azure's reserved addresses, how many nodes given ranges hold, and every
// limit, forbidden range and overlap the request runs into, as diagnostics.
//
// The numbers come from the formulas of the facts sheet (IPPLAN, KUB, OVL,
// DYN, STB) and the catalog in package netmodel; defaults that the request
// leaves open are applied and listed in Plan.Defaults. Compute plans one
// model; ComputeAll plans every catalog model side by side. FromCluster
// adapts a normalized aks.Cluster into a Request.
package ipplan

import (
	"fmt"
	"math/bits"
	"net/netip"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// Request is what the planner is asked: a networking choice, node pools,
// extra consumers of node-subnet addresses and the ranges already decided.
// A zero prefix or address means "not given".
type Request struct {
	// Choice is the model, pod-subnet allocation, data plane and policy engine.
	Choice netmodel.Choice
	Pools  []Pool
	// ILBs is the number of internal load-balancer frontend IPs taken from
	// the node subnet (IPPLAN; ILB).
	ILBs int
	// PrivateCluster: the API server's private endpoint takes an IP in the
	// first pool's subnet (PRIV).
	PrivateCluster bool

	NodeSubnet, PodSubnet, PodCIDR, ServiceCIDR netip.Prefix
	DNSServiceIP                                netip.Addr
	// VNets are the cluster's VNet address spaces; Avoid are ranges the
	// cluster must not overlap (peered VNets, on-premises, other clusters).
	VNets, Avoid []netip.Prefix
}

// Need is a subnet's demand and, when a subnet is given, how it fares.
type Need struct {
	// RequiredIPs counts the addresses the cluster itself uses (the docs'
	// formulas), without Azure's 5 reserved addresses.
	RequiredIPs int64 `json:"requiredIPs"`
	// MinPrefixLength is the longest prefix whose usable addresses hold
	// RequiredIPs (for static-block pod subnets: whose usable /28 blocks hold them).
	MinPrefixLength int `json:"minPrefixLength"`
	// MaxNodes is, when a subnet is given, the largest node count before
	// surge whose demand with surge included still fits; otherwise nil.
	MaxNodes *int `json:"maxNodes"`
	// Given is the subnet the request names, if any.
	Given netip.Prefix `json:"given,omitzero"`
	// Usable is the given subnet's usable addresses after Azure's reserves.
	Usable int64 `json:"usable,omitempty"`
	// Fits says whether the demand fits the given subnet; nil when none is given.
	Fits *bool `json:"fits,omitempty"`
}

// PodCIDRNeed is the pod-CIDR demand of kubenet and overlay: one per-node
// block (a /24) for every node, surge included (KUB; OVL).
type PodCIDRNeed struct {
	// MinPrefixLength is the longest pod CIDR with RequiredBlocks per-node blocks.
	MinPrefixLength int `json:"minPrefixLength"`
	// NodesSupported is how many nodes (surge included) the given or default
	// pod CIDR holds: 2^(24 − prefix length).
	NodesSupported *int `json:"nodesSupported"`
	// RequiredBlocks is the number of per-node blocks: nodes at the
	// autoscaler maximum plus surge.
	RequiredBlocks int `json:"requiredBlocks"`
	// PerNodePrefixLength is the per-node block (24).
	PerNodePrefixLength int `json:"perNodePrefixLength"`
	// Given is the pod CIDR checked: the request's, or the default.
	Given netip.Prefix `json:"given,omitzero"`
	// Default is true when Given is the default pod CIDR.
	Default bool `json:"default,omitempty"`
	// MaxNodes is the largest node count before surge that Given holds.
	MaxNodes *int  `json:"maxNodes,omitempty"`
	Fits     *bool `json:"fits,omitempty"`
}

// StaticBlock is the per-node arithmetic of static block allocation (STB).
type StaticBlock struct {
	// BlocksPerNode is ceil((maxPods + 1) / 16) /28 blocks.
	BlocksPerNode int `json:"blocksPerNode"`
	// IdealMaxPods is 16 × BlocksPerNode − 1: the max pods those blocks hold.
	IdealMaxPods int `json:"idealMaxPods"`
	// WastePerNode is IdealMaxPods − maxPods addresses per node left idle.
	WastePerNode int `json:"wastePerNode"`
}

// PoolPlan is one pool's share of the demand.
type PoolPlan struct {
	Name     string `json:"name"`
	OS       string `json:"os"`
	Nodes    int    `json:"nodes"`
	MaxNodes int    `json:"maxNodes"`
	// MaxSurge is the surge setting; SurgeNodes what it adds at MaxNodes.
	MaxSurge   string `json:"maxSurge"`
	SurgeNodes int    `json:"surgeNodes"`
	MaxPods    int    `json:"maxPods"`
	// MaxPodsDefault is true when MaxPods is the model's default.
	MaxPodsDefault bool `json:"maxPodsDefault,omitempty"`
	// NodeSubnetIPs and PodSubnetIPs are the pool's addresses, surge included.
	NodeSubnetIPs int64 `json:"nodeSubnetIPs"`
	PodSubnetIPs  int64 `json:"podSubnetIPs,omitempty"`
	// PodSubnetIPsPerNode is the pod-subnet addresses one node takes.
	PodSubnetIPsPerNode int64        `json:"podSubnetIPsPerNode,omitempty"`
	StaticBlock         *StaticBlock `json:"staticBlock,omitempty"`
}

// Plan is the address plan for one networking model.
type Plan struct {
	Model      netmodel.ID           `json:"model"`
	Allocation netmodel.Allocation   `json:"allocation,omitempty"`
	Dataplane  netmodel.Dataplane    `json:"dataplane,omitempty"`
	Policy     netmodel.PolicyEngine `json:"networkPolicy,omitempty"`

	// Nodes is the nodes at the autoscaler maximum, all pools; SurgeNodes
	// what upgrades add on top; Pods the pods those nodes hold at max pods.
	Nodes      int   `json:"nodes"`
	SurgeNodes int   `json:"surgeNodes"`
	Pods       int64 `json:"pods"`
	// ILBIPs and PrivateEndpointIPs are node-subnet addresses besides nodes and pods.
	ILBIPs             int `json:"ilbIPs"`
	PrivateEndpointIPs int `json:"privateEndpointIPs"`

	NodeSubnet Need         `json:"nodeSubnet"`
	PodSubnet  *Need        `json:"podSubnet"`
	PodCIDR    *PodCIDRNeed `json:"podCIDR"`

	ServiceCIDR  netip.Prefix `json:"serviceCIDR,omitzero"`
	DNSServiceIP netip.Addr   `json:"dnsServiceIP,omitzero"`

	Pools []PoolPlan `json:"pools"`
	// Defaults lists every default the plan applied, with its source.
	Defaults    []string  `json:"defaults"`
	Diagnostics diag.List `json:"diagnostics"`
}

// ComputeAll plans every catalog model side by side. The pod-subnet model
// uses the requested allocation (default dynamic); data plane and policy
// engine are the requested ones, so combinations a model does not support
// show up as diagnostics.
func ComputeAll(req Request) []Plan {
	out := make([]Plan, 0, len(netmodel.IDs()))
	for _, id := range netmodel.IDs() {
		r := req
		r.Choice.Model = id
		out = append(out, Compute(r))
	}
	return out
}

// Compute plans one model, req.Choice.Model. It never fails: every problem
// is a diagnostic in the plan.
func Compute(req Request) Plan {
	p := Plan{Model: req.Choice.Model, Defaults: []string{}, Diagnostics: diag.List{}, Pools: []PoolPlan{}}
	m, ok := netmodel.Lookup(req.Choice.Model)
	if !ok {
		p.Diagnostics.Add(diag.Diagnostic{Code: CodeUnknownModel, Severity: diag.Error,
			Message: fmt.Sprintf("unknown networking model %q", req.Choice.Model),
			Hint:    "use one of kubenet, azure-node-subnet, azure-pod-subnet, azure-overlay, none, or cilium"})
		return p
	}
	p.Defaults = append(p.Defaults, azaddr.ReservedNote)
	b := builder{req: req, m: m, p: &p}
	b.choice()
	b.buildPools()
	b.nodeSubnet()
	switch m.PodSource.Value {
	case netmodel.FromPodSubnet:
		b.podSubnet()
	case netmodel.FromPodCIDR:
		b.podCIDR()
	}
	b.limits()
	b.addresses()
	return p
}

// builder carries one Compute call.
type builder struct {
	req Request
	m   netmodel.Model
	p   *Plan
	// pools normalized: defaults filled.
	pools []PoolPlan
	// rep is the index of the pool with the largest per-node node-subnet
	// cost, used to answer "how many nodes fit" for multi-pool clusters.
	rep int
}

func (b *builder) add(d diag.Diagnostic) { b.p.Diagnostics.Add(d) }

func (b *builder) choice() {
	c, p := b.req.Choice, b.p
	if b.m.ID == netmodel.AzurePodSubnet {
		p.Allocation = c.Allocation
		if p.Allocation == "" {
			p.Allocation = netmodel.Dynamic
			p.Defaults = append(p.Defaults, "pod IP allocation dynamic (DynamicIndividual, SPEC)")
		}
	}
	p.Dataplane = c.Dataplane
	if p.Dataplane == "" && b.m.ID != netmodel.BYOCNI {
		p.Dataplane = netmodel.DataplaneAzure
	}
	if b.m.ID == netmodel.BYOCNI {
		p.Dataplane = ""
	}
	p.Policy = c.Policy
	if p.Policy == "" {
		p.Policy = netmodel.PolicyNone
	}
}

// nodeCost is the node-subnet addresses one node takes: its own IP, plus
// max pods where the model takes pod IPs from the node subnet (IPPLAN).
func (b *builder) nodeCost(maxPods int) int64 {
	if b.m.PodSource.Value == netmodel.FromNodeSubnet {
		return 1 + int64(maxPods)
	}
	return 1
}

func (b *builder) buildPools() {
	p := b.p
	if len(b.req.Pools) == 0 {
		b.add(diag.Diagnostic{Code: CodeNoPools, Severity: diag.Error, Message: "no node pools to plan",
			Hint: "give --nodes N or one or more --pool name=...,nodes=N"})
	}
	defaultedPods, defaultedSurge := []string{}, []string{}
	for i, in := range b.req.Pools {
		pp := PoolPlan{Name: in.Name, OS: "linux", Nodes: in.Nodes, MaxPods: in.MaxPods}
		if pp.Name == "" {
			pp.Name = fmt.Sprintf("nodepool%d", i+1)
		}
		if in.windows() {
			pp.OS = "windows"
		}
		if in.Nodes < 0 || in.MaxNodes < 0 || in.MaxPods < 0 || in.Nodes > maxPoolNumber || in.MaxNodes > maxPoolNumber || in.MaxPods > maxPoolNumber {
			b.add(diag.Diagnostic{Code: CodePoolInvalid, Severity: diag.Error, Path: pp.Name,
				Message: fmt.Sprintf("pool %s: node counts and max pods must be between 0 and %d", pp.Name, maxPoolNumber),
				Hint:    "give whole, non-negative numbers"})
			pp.Nodes, in.MaxNodes, pp.MaxPods = clamp(in.Nodes), clamp(in.MaxNodes), clamp(in.MaxPods)
			in.Nodes = pp.Nodes
		}
		if in.MaxNodes != 0 && in.MaxNodes < in.Nodes {
			b.add(diag.Diagnostic{Code: CodePoolInvalid, Severity: diag.Error, Path: pp.Name,
				Message: fmt.Sprintf("pool %s: autoscaler maximum %d is below the node count %d", pp.Name, in.MaxNodes, in.Nodes),
				Hint:    "raise the maximum to at least the node count"})
		}
		pp.MaxNodes = in.maxNodes()
		if pp.MaxPods == 0 {
			pp.MaxPods = b.m.MaxPodsDefault.Value
			pp.MaxPodsDefault = true
			defaultedPods = append(defaultedPods, pp.Name)
		}
		sg := in.surge()
		if in.MaxSurge == nil {
			defaultedSurge = append(defaultedSurge, pp.Name)
		}
		pp.MaxSurge = sg.String()
		pp.SurgeNodes = sg.Nodes(pp.MaxNodes)
		withSurge := int64(pp.MaxNodes + pp.SurgeNodes)
		pp.NodeSubnetIPs = withSurge * b.nodeCost(pp.MaxPods)
		if b.m.PodSource.Value == netmodel.FromPodSubnet {
			if b.p.Allocation == netmodel.StaticBlock {
				sb := staticBlock(pp.MaxPods)
				pp.StaticBlock = &sb
				pp.PodSubnetIPsPerNode = int64(sb.BlocksPerNode) * blockSize
			} else {
				pp.PodSubnetIPsPerNode = dynamicPerNode(pp.MaxPods)
			}
			pp.PodSubnetIPs = withSurge * pp.PodSubnetIPsPerNode
		}
		p.Nodes += pp.MaxNodes
		p.SurgeNodes += pp.SurgeNodes
		p.Pods += int64(pp.MaxNodes) * int64(pp.MaxPods)
		b.pools = append(b.pools, pp)
		if b.nodeCost(pp.MaxPods) > b.nodeCost(b.pools[b.rep].MaxPods) || pp.PodSubnetIPsPerNode > b.pools[b.rep].PodSubnetIPsPerNode {
			b.rep = i
		}
	}
	p.Pools = b.pools
	if len(defaultedPods) > 0 {
		note := fmt.Sprintf("max pods %d for %s (%s) on pools %s", b.m.MaxPodsDefault.Value, b.m.ID, b.m.MaxPodsDefault.Source, joinNames(defaultedPods))
		if b.m.MaxPodsDefaultNote != "" {
			note += "; " + b.m.MaxPodsDefaultNote
		}
		p.Defaults = append(p.Defaults, note)
	}
	if len(defaultedSurge) > 0 {
		p.Defaults = append(p.Defaults, fmt.Sprintf("max surge %d%% of the pool size, rounded up (%s; the docs' one extra node is the other side of a listed contradiction) on pools %s",
			netmodel.DefaultMaxSurgePercent.Value, netmodel.DefaultMaxSurgePercent.Source, joinNames(defaultedSurge)))
	}
	if b.m.PodSource.Value == netmodel.FromPodSubnet && p.Allocation == netmodel.Dynamic {
		p.Defaults = append(p.Defaults, fmt.Sprintf("dynamic pod subnet: %d IPs per batch, another batch when fewer than %d are free (%s); a node at max pods holds 16 × ceil((max pods + 8) / 16) — derived, the conservative reading",
			netmodel.DynamicBatch.Value, netmodel.DynamicRefillBelow.Value, netmodel.DynamicBatch.Source))
	}
}

func clamp(n int) int { return min(max(n, 0), maxPoolNumber) }

func joinNames(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}

// blockSize is the size of a static block: a /28 (STB).
const blockSize = int64(1) << (32 - 28) // STB: /28 blocks

// staticBlock sizes a node's /28 blocks: ceil((maxPods + 1) / 16), one IP per
// node reserved internally (STB; derived from the STB examples).
func staticBlock(maxPods int) StaticBlock {
	per := int(blockSize)
	reserved := netmodel.StaticBlockReservedPerNode.Value
	n := max((maxPods+reserved+per-1)/per, 1)
	ideal := per*n - reserved
	return StaticBlock{BlocksPerNode: n, IdealMaxPods: ideal, WastePerNode: ideal - maxPods}
}

// dynamicPerNode is the pod-subnet addresses a node holds at max pods under
// dynamic allocation: batches of 16, another batch whenever fewer than 8
// remain free (DYN), so 16 × ceil((maxPods + 8) / 16), and at least one batch
// ("plan at least 16 per node"). Derived; the conservative reading.
func dynamicPerNode(maxPods int) int64 {
	batch := int64(netmodel.DynamicBatch.Value)
	free := int64(netmodel.DynamicRefillBelow.Value)
	n := (int64(maxPods) + free + batch - 1) / batch
	return max(n, 1) * batch
}

func (b *builder) fixedNodeSubnetIPs() int64 {
	b.p.ILBIPs = max(b.req.ILBs, 0)
	if b.req.PrivateCluster {
		b.p.PrivateEndpointIPs = 1 // PRIV: the API server private endpoint
	}
	return int64(b.p.ILBIPs + b.p.PrivateEndpointIPs)
}

func (b *builder) nodeSubnet() {
	n := &b.p.NodeSubnet
	fixed := b.fixedNodeSubnetIPs()
	n.RequiredIPs = fixed
	for _, pp := range b.pools {
		n.RequiredIPs += pp.NodeSubnetIPs
	}
	n.MinPrefixLength = b.minPrefix(n.RequiredIPs, "node subnet")
	g := b.req.NodeSubnet
	if !g.IsValid() || !g.Addr().Is4() {
		return
	}
	n.Given = g
	n.Usable = azaddr.UsableInSubnet(g.Bits())
	fits := n.RequiredIPs <= n.Usable
	n.Fits = &fits
	if len(b.pools) > 0 {
		rep := b.pools[b.rep]
		mx := maxFitting(n.Usable, b.nodeCost(rep.MaxPods), fixed, b.repSurge())
		n.MaxNodes = &mx
	}
	if !fits {
		b.add(diag.Diagnostic{Code: CodeNodeSubnetSmall, Severity: diag.Error, Source: "IPPLAN",
			Message: fmt.Sprintf("%s: node subnet %s has %s usable addresses; the plan needs %s (a /%d)", b.m.ID, g, thousands(n.Usable), thousands(n.RequiredIPs), n.MinPrefixLength),
			Detail:  fmt.Sprintf("%d addresses minus %d Azure reserves (OVL); demand counts nodes at the autoscaler maximum plus surge%s", azaddr.Size64(g), azaddr.ReservedPerSubnet, b.podsNote()),
			Hint:    fmt.Sprintf("use a /%d or larger node subnet, or plan for at most %d nodes", n.MinPrefixLength, deref(n.MaxNodes))})
	}
}

func (b *builder) podsNote() string {
	if b.m.PodSource.Value == netmodel.FromNodeSubnet {
		return " and max pods per node"
	}
	return ""
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// repSurge is the surge setting of the representative pool.
func (b *builder) repSurge() Surge {
	if len(b.req.Pools) == 0 {
		return DefaultSurge()
	}
	return b.req.Pools[b.rep].surge()
}

func (b *builder) podSubnet() {
	n := &Need{}
	b.p.PodSubnet = n
	static := b.p.Allocation == netmodel.StaticBlock
	for _, pp := range b.pools {
		n.RequiredIPs += pp.PodSubnetIPs
	}
	if static {
		n.MinPrefixLength = minStaticPrefix(n.RequiredIPs / blockSize)
		if n.MinPrefixLength < 0 {
			n.MinPrefixLength = 0
			b.noFit("pod subnet", n.RequiredIPs)
		}
	} else {
		n.MinPrefixLength = b.minPrefix(n.RequiredIPs, "pod subnet")
	}
	if g := b.req.PodSubnet; g.IsValid() && g.Addr().Is4() {
		n.Given = g
		n.Usable = azaddr.UsableInSubnet(g.Bits())
		var mx int
		var fits bool
		rep := b.pools
		if static {
			blocks := usableBlocks(g.Bits())
			fits = n.RequiredIPs/blockSize <= blocks
			if len(rep) > 0 {
				mx = maxFitting(blocks, int64(staticBlock(rep[b.rep].MaxPods).BlocksPerNode), 0, b.repSurge())
			}
		} else {
			fits = n.RequiredIPs <= n.Usable
			if len(rep) > 0 {
				mx = maxFitting(n.Usable, dynamicPerNode(rep[b.rep].MaxPods), 0, b.repSurge())
			}
		}
		n.Fits = &fits
		if len(rep) > 0 {
			n.MaxNodes = &mx
		}
		if !fits {
			b.add(diag.Diagnostic{Code: CodePodSubnetSmall, Severity: diag.Error, Source: b.allocationSource(),
				Message: fmt.Sprintf("%s (%s): pod subnet %s does not hold %s pod addresses (needs a /%d)", b.m.ID, b.p.Allocation, g, thousands(n.RequiredIPs), n.MinPrefixLength),
				Hint:    fmt.Sprintf("use a /%d or larger pod subnet, or plan for at most %d nodes", n.MinPrefixLength, mx)})
		}
	}
	if static {
		lim := netmodel.StaticBlockMaxSubnet
		if n.MinPrefixLength < lim.Value || n.RequiredIPs > int64(netmodel.PodSubnetStaticMaxIPs.Value) {
			b.add(diag.Diagnostic{Code: CodeIPLimit, Severity: diag.Error, Source: lim.Source,
				Message: fmt.Sprintf("%s (static-block): %s pod addresses need a /%d; static block supports at most a /%d (about %s IPs)", b.m.ID, thousands(n.RequiredIPs), n.MinPrefixLength, lim.Value, thousands(int64(netmodel.PodSubnetStaticMaxIPs.Value))),
				Hint:    "split the workload across clusters or lower max pods"})
		}
		for _, pp := range b.pools {
			if sb := pp.StaticBlock; sb != nil && sb.WastePerNode > 0 {
				b.add(diag.Diagnostic{Code: CodeStaticWaste, Severity: diag.Info, Source: "STB", Path: pp.Name,
					Message: fmt.Sprintf("pool %s: max pods %d takes %d /28 blocks per node, which hold %d pods; %d addresses per node stay idle", pp.Name, pp.MaxPods, sb.BlocksPerNode, sb.IdealMaxPods, sb.WastePerNode),
					Hint:    fmt.Sprintf("choose max pods as 16N−1 (for example %d) to use every block", sb.IdealMaxPods)})
			}
		}
	} else if lim := netmodel.PodSubnetDynamicMaxPods; b.p.Pods > int64(lim.Value) {
		b.add(diag.Diagnostic{Code: CodePodScale, Severity: diag.Warning, Source: lim.Source,
			Message: fmt.Sprintf("%s (dynamic): %s pods exceed the documented %s pods per cluster", b.m.ID, thousands(b.p.Pods), thousands(int64(lim.Value))),
			Detail:  "PLANPOD says 64,000 IPs, STB about 65K, LARGE 50,000 application pods; the lowest is used",
			Hint:    "use static-block allocation (scales to about 1,000,000 IPs) or overlay"})
	}
}

func (b *builder) allocationSource() string {
	if b.p.Allocation == netmodel.StaticBlock {
		return "STB"
	}
	return "DYN"
}

// usableBlocks is the number of whole /28 blocks a subnet of prefix length
// bitsLen can hand out: the first and last blocks hold Azure's reserved
// addresses (the first four and the last, OVL), so they are not whole.
// Derived; the conservative reading.
func usableBlocks(bitsLen int) int64 {
	if bitsLen < 0 || bitsLen > 26 {
		return 0
	}
	return int64(1)<<(28-bitsLen) - 2
}

// minStaticPrefix returns the longest prefix whose usable blocks hold n
// blocks, or -1 when none does.
func minStaticPrefix(n int64) int {
	for l := 26; l >= 0; l-- {
		if usableBlocks(l) >= max(n, 1) {
			return l
		}
	}
	return -1
}

func (b *builder) podCIDR() {
	per := b.m.PerNodePodPrefixLen.Value
	n := &PodCIDRNeed{PerNodePrefixLength: per}
	b.p.PodCIDR = n
	n.RequiredBlocks = b.p.Nodes + b.p.SurgeNodes
	l, ok := podCIDRPrefix(n.RequiredBlocks, per)
	n.MinPrefixLength = l
	if !ok {
		b.noFit("pod CIDR", int64(n.RequiredBlocks)<<(32-per))
	}
	g, def := b.req.PodCIDR, false
	if !g.IsValid() {
		g, def = azaddr.DefaultPodCIDR, true
	}
	if !g.Addr().Is4() {
		return
	}
	n.Given, n.Default = g, def
	sup := nodesSupported(g.Bits(), per)
	n.NodesSupported = &sup
	fits := n.RequiredBlocks <= sup
	n.Fits = &fits
	if len(b.pools) > 0 {
		mx := maxFitting(int64(sup), 1, 0, b.repSurge())
		n.MaxNodes = &mx
	}
	if !fits {
		sev, what := diag.Error, "pod CIDR "+g.String()
		hint := fmt.Sprintf("use a /%d or larger pod CIDR", n.MinPrefixLength)
		if def {
			sev, what = diag.Warning, "the default pod CIDR "+g.String()
			hint = fmt.Sprintf("pass a /%d or larger --pod-cidr", n.MinPrefixLength)
		}
		b.add(diag.Diagnostic{Code: CodePodCIDRSmall, Severity: sev, Source: b.m.PerNodePodPrefixLen.Source,
			Message: fmt.Sprintf("%s: %s holds %d nodes (one /%d each); the plan needs %d with surge", b.m.ID, what, sup, per, n.RequiredBlocks),
			Hint:    hint})
	}
}

// nodesSupported is how many per-node blocks of length per fit a pod CIDR of
// length l: 2^(per − l) (derived from OVL and KUB).
func nodesSupported(l, per int) int {
	if l > per || l < 0 {
		return 0
	}
	if per-l >= 31 {
		return 1 << 31
	}
	return 1 << (per - l)
}

// podCIDRPrefix is the longest pod CIDR holding n per-node blocks of length per.
func podCIDRPrefix(n, per int) (int, bool) {
	if n <= 1 {
		return per, true
	}
	l := per - bits.Len(uint(n-1))
	if l < 0 {
		return 0, false
	}
	return l, true
}

// minPrefix returns the longest IPv4 prefix whose usable addresses hold n,
// reporting an error when nothing does.
func (b *builder) minPrefix(n int64, what string) int {
	l, ok := azaddr.SmallestSubnetFor(n)
	if !ok {
		b.noFit(what, n)
		return 0
	}
	return l
}

func (b *builder) noFit(what string, n int64) {
	b.add(diag.Diagnostic{Code: CodeNoIPv4Fit, Severity: diag.Error,
		Message: fmt.Sprintf("%s: the %s would need %s addresses, more than IPv4 holds", b.m.ID, what, thousands(n)),
		Hint:    "lower node counts or max pods"})
}

// maxFitting returns the largest n ≥ 0 with (n + surge(n)) × per + fixed ≤
// capacity, or 0 when even none fits. Demand grows with n, so a binary
// search finds it.
func maxFitting(capacity, per, fixed int64, s Surge) int {
	if per <= 0 || capacity-fixed < per {
		return 0
	}
	fits := func(n int64) bool {
		return (n+int64(s.Nodes(int(n))))*per+fixed <= capacity
	}
	lo, hi := int64(0), (capacity-fixed)/per+1 // fits(lo), !fits(hi)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return int(lo)
}

// NodePodPrefix returns the pod block of the node with zero-based index i in
// podCIDR, for per-node blocks of length per: node 0 gets the first /24,
// node 1 the next (KUB: 10.244.0.0/16 → 10.244.0.0/24, 10.244.1.0/24, …).
// It reports false when the pod CIDR has no such block.
func NodePodPrefix(podCIDR netip.Prefix, per, i int) (netip.Prefix, bool) {
	if !podCIDR.IsValid() || !podCIDR.Addr().Is4() || i < 0 || per > 32 || i >= nodesSupported(podCIDR.Bits(), per) {
		return netip.Prefix{}, false
	}
	a := podCIDR.Masked().Addr().As4()
	v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	v += uint32(i) << (32 - per)
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), per), true
}

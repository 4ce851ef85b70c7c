// Package netmodel is the catalog of AKS networking models: per model its
// limits, defaults, where pod addresses come from, what the data path does to
// pod traffic, which operating systems and features it supports, which
// network-policy engines work with it, and when it retires.
//
// Every value carries the facts-sheet source code it comes from (see the
// legend of aks-facts.md, for example "KUB" for configure-kubenet). The
// planner, the audit rules, the recommender and the simulator read this
// catalog instead of restating it.
package netmodel

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Fact is a catalog value with the facts-sheet source code that backs it.
type Fact[T any] struct {
	Value  T      `json:"value"`
	Source string `json:"source"`
}

// F builds a Fact.
func F[T any](v T, source string) Fact[T] { return Fact[T]{Value: v, Source: source} }

// ID names a networking model (the IPAM and routing scheme).
type ID string

const (
	Kubenet         ID = "kubenet"
	AzureNodeSubnet ID = "azure-node-subnet"
	AzurePodSubnet  ID = "azure-pod-subnet"
	AzureOverlay    ID = "azure-overlay"
	BYOCNI          ID = "none"
)

// IDs lists every model id in catalog order.
func IDs() []ID { return []ID{Kubenet, AzureNodeSubnet, AzurePodSubnet, AzureOverlay, BYOCNI} }

// Allocation is the pod-subnet IP allocation mode.
type Allocation string

const (
	// Dynamic is podIPAllocationMode DynamicIndividual (DYN).
	Dynamic Allocation = "dynamic"
	// StaticBlock is podIPAllocationMode StaticBlock (STB).
	StaticBlock Allocation = "static-block"
)

// ARMValue returns the ARM/CLI spelling of the allocation mode (SPEC).
func (a Allocation) ARMValue() string {
	if a == StaticBlock {
		return "StaticBlock"
	}
	return "DynamicIndividual"
}

// Dataplane is the network data plane (SPEC networkDataplane).
type Dataplane string

const (
	DataplaneAzure  Dataplane = "azure"
	DataplaneCilium Dataplane = "cilium"
)

// PolicyEngine is the network-policy engine (SPEC networkPolicy).
type PolicyEngine string

const (
	PolicyNone   PolicyEngine = "none"
	PolicyAzure  PolicyEngine = "azure"
	PolicyCalico PolicyEngine = "calico"
	PolicyCilium PolicyEngine = "cilium"
)

// PolicyEngines lists the engines in catalog order.
func PolicyEngines() []PolicyEngine {
	return []PolicyEngine{PolicyNone, PolicyAzure, PolicyCalico, PolicyCilium}
}

// PodSource says where a model's pod addresses come from.
type PodSource string

const (
	// FromPodCIDR: a private range outside the VNet, one block per node.
	FromPodCIDR PodSource = "pod-cidr"
	// FromNodeSubnet: VNet addresses from the node subnet, pre-reserved per node.
	FromNodeSubnet PodSource = "node-subnet"
	// FromPodSubnet: VNet addresses from a dedicated pod subnet.
	FromPodSubnet PodSource = "pod-subnet"
	// FromPlugin: the bring-your-own plugin decides.
	FromPlugin PodSource = "plugin"
)

// SNATScope says for which destinations pod traffic is source-NATed to the
// node's primary IP by the model itself (before any egress device).
type SNATScope string

const (
	// SNATOutsidePodCIDR: any destination outside the pod CIDR sees the node IP.
	SNATOutsidePodCIDR SNATScope = "outside-pod-cidr"
	// SNATOutsideVNet: destinations outside the cluster VNet see the node IP
	// (ip-masq-agent); inside the VNet they see the pod IP.
	SNATOutsideVNet SNATScope = "outside-vnet"
	// SNATNever: the pod IP is preserved to every destination.
	SNATNever SNATScope = "never"
	// SNATPlugin: plugin-defined.
	SNATPlugin SNATScope = "plugin"
)

// Support is a tri-state support answer.
type Support string

const (
	Supported     Support = "yes"
	Unsupported   Support = "no"
	Undocumented  Support = "undocumented"
	PartlySupport Support = "partly"
)

// Model is one catalog entry.
type Model struct {
	ID    ID     `json:"id"`
	Title string `json:"title"`
	// Summary is a one-line description.
	Summary string `json:"summary"`

	// MaxNodes is the model's own node ceiling (or the cluster cap where the
	// model has none).
	MaxNodes Fact[int] `json:"maxNodes"`
	// MaxPodsDefault is the default maxPods per node this tool applies.
	MaxPodsDefault Fact[int] `json:"maxPodsDefault"`
	// MaxPodsDefaultNote explains a contradiction in the default, if any.
	MaxPodsDefaultNote string `json:"maxPodsDefaultNote,omitempty"`

	PodSource Fact[PodSource] `json:"podSource"`
	// PerNodePodPrefixLen is the fixed per-node pod block of pod-CIDR models
	// (/24 for kubenet and overlay); 0 when not applicable.
	PerNodePodPrefixLen Fact[int] `json:"perNodePodPrefixLen"`
	// PodCIDRChangeable says whether the pod CIDR can be changed after creation.
	PodCIDRChangeable Fact[string] `json:"podCIDRChangeable"`

	SNAT Fact[SNATScope] `json:"snat"`
	// InboundToPods: can hosts in connected networks open connections to pod
	// IPs directly ("both ways") or only pod-initiated?
	InboundToPods Fact[bool] `json:"inboundToPods"`
	// RouteTablePerNode: the model needs one Azure route (UDR) per node.
	RouteTablePerNode Fact[bool] `json:"routeTablePerNode"`
	// Encapsulation used on the fabric between nodes ("none" for all Azure models).
	Encapsulation Fact[string] `json:"encapsulation"`

	Windows      Fact[Support] `json:"windows"`
	DualStack    Fact[Support] `json:"dualStack"`
	VirtualNodes Fact[Support] `json:"virtualNodes"`
	// SubnetShareable: may the node subnet be shared by several clusters?
	SubnetShareable Fact[bool] `json:"subnetShareable"`

	// Retires is the end of support, or nil.
	Retires *Fact[Date] `json:"retires,omitempty"`
	// Recommended states Microsoft's current position on the model.
	Recommended Fact[string] `json:"recommended"`
}

// Date is a calendar date (UTC midnight) that marshals as YYYY-MM-DD.
type Date struct{ time.Time }

// D builds a Date.
func D(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// MarshalText renders YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.Format(time.DateOnly)), nil }

// String renders YYYY-MM-DD.
func (d Date) String() string { return d.Format(time.DateOnly) }

// DaysFrom returns the whole days from now (truncated to its UTC date) until d;
// negative once d has passed.
func (d Date) DaysFrom(now time.Time) int {
	n := now.UTC()
	today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
	return int(d.Sub(today).Hours() / 24)
}

// Cluster-wide and generic limits.
var (
	// ClusterMaxNodes: max nodes per cluster across all pools (VMSS + Standard LB). QUOTA.
	ClusterMaxNodes = F(5000, "QUOTA")
	// ClusterDefaultNodeLimit: default node quota; above it needs a support request. QUOTA.
	ClusterDefaultNodeLimit = F(1000, "QUOTA")
	// PoolMaxNodes: max nodes per node pool (VMSS). QUOTA; SPEC.
	PoolMaxNodes = F(1000, "QUOTA")
	// MaxPools: max node pools per cluster. QUOTA.
	MaxPools = F(100, "QUOTA")
	// MaxPodsLimit: absolute maximum pods per node, all models. IPPLAN; QUOTA.
	MaxPodsLimit = F(250, "IPPLAN")
	// MinPodsLimit: minimum maxPods per node. IPPLAN; OVL.
	MinPodsLimit = F(10, "IPPLAN")
	// MinPodsPerPool: every pool needs room for at least 30 pods. IPPLAN; OVL.
	MinPodsPerPool = F(30, "IPPLAN")
	// WindowsMaxPodsRecommended: Windows Server containers, max recommended. OVL; QUOTA.
	WindowsMaxPodsRecommended = F(110, "OVL")
	// DefaultMaxSurgePercent: default upgrade max surge, percent of pool size
	// rounded up. SPEC (agentPool upgradeSettings.maxSurge). The docs' "one
	// extra node" (SURGE, SLB) is the other side of a listed contradiction;
	// 10% is the conservative choice for pools over 10 nodes.
	DefaultMaxSurgePercent = F(10, "SPEC")
	// MaxLoadBalancerServices per cluster (Standard LB). QUOTA.
	MaxLoadBalancerServices = F(300, "QUOTA")
	// VNetMaxAddresses: a VNet is limited to 65,536 configured IP addresses. IPPLAN.
	VNetMaxAddresses = F(65536, "IPPLAN")
	// VNetMaxPrefixLen: largest VNet is a /8. IPPLAN.
	VNetMinPrefixLen = F(8, "IPPLAN")
	// APIServerSubnetMinPrefixLen: API Server VNet Integration subnet minimum /28. VNETINT.
	APIServerSubnetMinPrefixLen = F(28, "VNETINT")
	// FreeTierRecommendedMaxNodes: Free tier recommended ≤10 nodes. QUOTA.
	FreeTierRecommendedMaxNodes = F(10, "QUOTA")
	// LBPortsPerIP: SNAT ports per outbound public IP on Standard LB. SLB.
	LBPortsPerIP = F(64000, "SLB")
	// LBMaxAllocatedPorts: allocatedOutboundPorts upper bound. SPEC.
	LBMaxAllocatedPorts = F(64000, "SPEC")
	// LBDefaultPortsPerNodeSmall: default ports per node for ≤50 nodes. SLB.
	LBDefaultPortsPerNodeSmall = F(1024, "SLB")
	// LBManagedOutboundIPsMax: managedOutboundIPs.count 1–100. SPEC.
	LBManagedOutboundIPsMax = F(100, "SPEC")
	// NATGatewayFlowsPerIP: SNAT flows per NAT gateway public IP. NATGW.
	NATGatewayFlowsPerIP = F(64512, "NATGW")
	// NATGatewayMaxIPs: public IPs per NAT gateway. NATGW.
	NATGatewayMaxIPs = F(16, "NATGW")
	// LBBackendConfigsPerFrontend: Standard LB backend IP configs per frontend IP. LARGE.
	LBBackendConfigsPerFrontend = F(10000, "LARGE")
	// CiliumIdentityLimit: Cilium security identities. CIL.
	CiliumIdentityLimit = F(65535, "CIL")
)

// Per-allocation pod-subnet facts.
var (
	// DynamicBatch: IPs handed to a node per batch, and the per-node planning
	// minimum, for dynamic pod-subnet allocation. DYN; PODSUB.
	DynamicBatch = F(16, "DYN")
	// DynamicRefillBelow: a node asks for another batch when fewer than this
	// many unallocated IPs remain. DYN.
	DynamicRefillBelow = F(8, "DYN")
	// StaticBlockPrefixLen: static block allocation hands out /28 blocks. STB; PODSUB.
	StaticBlockPrefixLen = F(28, "STB")
	// StaticBlockReservedPerNode: one IP per node is reserved internally. STB.
	StaticBlockReservedPerNode = F(1, "STB")
	// StaticBlockMaxSubnetPrefixLen: largest static-block subnet is a /12. STB.
	StaticBlockMaxSubnet = F(12, "STB")
	// PodSubnetDynamicMaxPods: "limitation of 64,000 IPs" (PLANPOD); LARGE
	// says 50,000 application pods, the conservative figure.
	PodSubnetDynamicMaxPods = F(50000, "LARGE")
	// PodSubnetStaticMaxIPs: static block scales to ~1,000,000 IPs. PLANPOD; STB.
	PodSubnetStaticMaxIPs = F(1000000, "PLANPOD")
	// NodeSubnetMaxIPs: "limitation of 64,000 IPs". PLANPOD.
	NodeSubnetMaxIPs = F(64000, "PLANPOD")
	// OverlayMaxPods: PLANPOD says 250,000, LARGE 200,000; conservative 200,000.
	OverlayMaxPods = F(200000, "LARGE")
)

// Retirement dates.
var (
	// KubenetRetires: AKS stops supporting kubenet. RET-KUB.
	KubenetRetires = F(D(2028, time.March, 31), "RET-KUB")
	// NPMWindowsRetires: Azure NPM on Windows unsupported from. RET-NPMW.
	NPMWindowsRetires = F(D(2026, time.September, 30), "RET-NPMW")
	// NPMLinuxRetires: Azure NPM on Linux unsupported from. RET-NPML.
	NPMLinuxRetires = F(D(2028, time.September, 30), "RET-NPML")
	// KubenetMaxNodesDualStack: two routes per node in a 400-route table. BLOG-OVL; kubenet-dual-stack history.
	KubenetMaxNodesDualStack = F(200, "BLOG-OVL")
)

// Migration prerequisites.
var (
	// OverlayMigrationMinK8sMinor: the in-place move of kubenet or Azure CNI
	// Node Subnet to Overlay needs Kubernetes 1.27 or later; the value is the
	// minor version of 1.x. UPD; the 2023 docs said 1.22 (a listed
	// contradiction): the newer, stricter minimum is kept.
	OverlayMigrationMinK8sMinor = F(27, "UPD")
)

// Azure NPM limits (Linux). NETPOL; LARGE.
var (
	NPMMaxNodes = F(250, "NETPOL")
	NPMMaxPods  = F(20000, "NETPOL")
)

var catalog = []Model{
	{
		ID:                  Kubenet,
		Title:               "kubenet",
		Summary:             "Nodes get VNet IPs; pods get a /24 per node from a private pod CIDR, routed by an Azure route table (one route per node), NATed to the node IP.",
		MaxNodes:            F(400, "KUB"), // route table holds at most 400 routes, one per node
		MaxPodsDefault:      F(110, "IPPLAN"),
		PodSource:           F(FromPodCIDR, "KUB"),
		PerNodePodPrefixLen: F(24, "KUB"),
		PodCIDRChangeable:   F("no (only during migration to overlay)", "KUB"),
		SNAT:                F(SNATOutsidePodCIDR, "KUB"),
		InboundToPods:       F(false, "CNIOV"),
		RouteTablePerNode:   F(true, "KUB"),
		Encapsulation:       F("none", "KUB"),
		Windows:             F(Unsupported, "KUB"),
		DualStack:           F(Unsupported, "DUAL"),
		VirtualNodes:        F(Unsupported, "VN"),
		SubnetShareable:     F(false, "KUB"),
		Retires:             &KubenetRetires,
		Recommended:         F("retiring 2028-03-31; migrate to Azure CNI Overlay", "RET-KUB"),
	},
	{
		ID:                AzureNodeSubnet,
		Title:             "Azure CNI Node Subnet (legacy)",
		Summary:           "Nodes and pods get VNet IPs from the node subnet; maxPods IPs are pre-reserved per node.",
		MaxNodes:          ClusterMaxNodes,
		MaxPodsDefault:    F(30, "IPPLAN"),
		PodSource:         F(FromNodeSubnet, "LEG"),
		PodCIDRChangeable: F("not applicable", "LEG"),
		SNAT:              F(SNATOutsideVNet, "LEG"),
		InboundToPods:     F(true, "CNIOV"),
		RouteTablePerNode: F(false, "LEG"),
		Encapsulation:     F("none", "LEG"),
		Windows:           F(Supported, "CNIOV"),
		DualStack:         F(Undocumented, "CNIOV"),
		VirtualNodes:      F(Supported, "VN"),
		SubnetShareable:   F(true, "CNIOV"),
		Recommended:       F("legacy: only when a managed VNet is needed; prefer Pod Subnet for flat networking, Overlay in general", "CNIOV"),
	},
	{
		ID:                 AzurePodSubnet,
		Title:              "Azure CNI Pod Subnet",
		Summary:            "Nodes get IPs from the node subnet, pods from a separate pod subnet in the same VNet (dynamic batches of 16 or static /28 blocks); pod IPs are preserved.",
		MaxNodes:           ClusterMaxNodes,
		MaxPodsDefault:     F(250, "DYN"),
		MaxPodsDefaultNote: "IPPLAN says 110, DYN says 250; 250 is used because it reserves more addresses (conservative).",
		PodSource:          F(FromPodSubnet, "PODSUB"),
		PodCIDRChangeable:  F("not applicable", "PODSUB"),
		SNAT:               F(SNATNever, "LEG"),
		InboundToPods:      F(true, "CNIOV"),
		RouteTablePerNode:  F(false, "PODSUB"),
		Encapsulation:      F("none", "PODSUB"),
		Windows:            F(PartlySupport, "PODSUB"), // all but Windows Server 2019 nodes
		DualStack:          F(Undocumented, "CNIOV"),
		VirtualNodes:       F(Undocumented, "CNIOV"),
		SubnetShareable:    F(true, "CNIOV"),
		Recommended:        F("the recommended flat option when pod IPs must be visible or reachable", "CNIOV"),
	},
	{
		ID:                  AzureOverlay,
		Title:               "Azure CNI Overlay",
		Summary:             "Nodes get VNet IPs; pods get a /24 per node from a private pod CIDR in a separate Azure routing domain, no encapsulation, NATed to the node IP.",
		MaxNodes:            F(5000, "OVL"),
		MaxPodsDefault:      F(250, "IPPLAN"),
		PodSource:           F(FromPodCIDR, "OVL"),
		PerNodePodPrefixLen: F(24, "OVL"),
		PodCIDRChangeable:   F("expand only, to a contiguous superset (Linux-only clusters)", "OVLEXP"),
		SNAT:                F(SNATOutsidePodCIDR, "OVL"),
		InboundToPods:       F(false, "CNIOV"),
		RouteTablePerNode:   F(false, "OVL"),
		Encapsulation:       F("none", "OVL"),
		Windows:             F(Supported, "OVL"),
		DualStack:           F(Supported, "OVLCFG"),
		VirtualNodes:        F(Unsupported, "OVL"),
		SubnetShareable:     F(true, "CNIOV"),
		Recommended:         F("the general recommendation and today's default", "CNIOV"),
	},
	{
		ID:                BYOCNI,
		Title:             "Bring your own CNI",
		Summary:           "AKS allocates no pod IPs; the installed plugin decides. A pod CIDR must still be supplied.",
		MaxNodes:          ClusterMaxNodes,
		MaxPodsDefault:    F(250, "CLI"),
		PodSource:         F(FromPlugin, "BYO"),
		PodCIDRChangeable: F("plugin-defined", "BYO"),
		SNAT:              F(SNATPlugin, "BYO"),
		InboundToPods:     F(false, "BYO"),
		RouteTablePerNode: F(false, "BYO"),
		Encapsulation:     F("plugin-defined", "BYO"),
		Windows:           F(Undocumented, "BYO"),
		DualStack:         F(Undocumented, "BYO"),
		VirtualNodes:      F(Undocumented, "BYO"),
		SubnetShareable:   F(true, "BYO"),
		Recommended:       F("only with a plugin you support yourself; Microsoft doesn't support CNI issues", "BYO"),
	},
}

// All returns every model in catalog order. The slice is a copy.
func All() []Model { return slices.Clone(catalog) }

// Lookup returns the model with the given id.
func Lookup(id ID) (Model, bool) {
	for i := range catalog { // by index: a Model is large, copy only the match
		if catalog[i].ID == id {
			return catalog[i], true
		}
	}
	return Model{}, false
}

// MustLookup returns the model with the given id or panics; for catalog ids
// known at compile time.
func MustLookup(id ID) Model {
	m, ok := Lookup(id)
	if !ok {
		panic("netmodel: unknown model " + string(id))
	}
	return m
}

// Choice is a fully specified networking choice: model, pod-subnet
// allocation (azure-pod-subnet only), data plane and policy engine.
type Choice struct {
	Model      ID           `json:"model"`
	Allocation Allocation   `json:"allocation,omitempty"`
	Dataplane  Dataplane    `json:"dataplane"`
	Policy     PolicyEngine `json:"networkPolicy"`
}

// ParseModel parses a --model value. Besides the catalog ids it accepts
// "cilium" as shorthand for azure-overlay with the cilium data plane, and
// "overlay", "node-subnet", "pod-subnet", "byo" as short forms.
func ParseModel(s string) (Choice, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	c := Choice{Dataplane: DataplaneAzure, Policy: PolicyNone}
	switch v {
	case string(Kubenet):
		c.Model = Kubenet
	case string(AzureNodeSubnet), "node-subnet", "azure":
		c.Model = AzureNodeSubnet
	case string(AzurePodSubnet), "pod-subnet":
		c.Model, c.Allocation = AzurePodSubnet, Dynamic
	case string(AzureOverlay), "overlay":
		c.Model = AzureOverlay
	case string(BYOCNI), "byo", "byo-cni":
		c.Model = BYOCNI
		c.Dataplane = ""
	case "cilium":
		c.Model, c.Dataplane, c.Policy = AzureOverlay, DataplaneCilium, PolicyCilium
	default:
		return Choice{}, fmt.Errorf("unknown model %q (want one of %s, or cilium)", s, strings.Join(idStrings(), ", "))
	}
	return c, nil
}

// ParseAllocation parses dynamic|static-block (also the ARM spellings).
func ParseAllocation(s string) (Allocation, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "dynamic", "dynamicindividual":
		return Dynamic, nil
	case "static-block", "staticblock", "static":
		return StaticBlock, nil
	}
	return "", fmt.Errorf("unknown pod IP allocation %q (want dynamic or static-block)", s)
}

// ParsePolicy parses a network-policy engine name.
func ParsePolicy(s string) (PolicyEngine, error) {
	v := PolicyEngine(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(PolicyEngines(), v) {
		return v, nil
	}
	return "", fmt.Errorf("unknown network policy engine %q (want none, azure, calico or cilium)", s)
}

// ParseDataplane parses azure|cilium.
func ParseDataplane(s string) (Dataplane, error) {
	switch Dataplane(strings.ToLower(strings.TrimSpace(s))) {
	case DataplaneAzure:
		return DataplaneAzure, nil
	case DataplaneCilium:
		return DataplaneCilium, nil
	}
	return "", fmt.Errorf("unknown data plane %q (want azure or cilium)", s)
}

func idStrings() []string {
	var out []string
	for _, id := range IDs() {
		out = append(out, string(id))
	}
	return out
}

package audit

import (
	"net/netip"

	"github.com/aksnet/aksnet/internal/aks"
)

// CapacityFunc computes a cluster's address demand at its autoscaler
// maximum plus upgrade surge. The audit package does no address arithmetic
// itself: the CLI wires the planner (package ipplan) in.
type CapacityFunc func(c aks.Cluster) Capacity

// Capacity is the demand on each address space of one cluster. A nil field
// means the model does not use that space; a capacity function may also
// leave every field empty when it has no range to check the demand against.
type Capacity struct {
	// MaxNodes and SurgeNodes are the node count the demand is sized for:
	// every pool at its autoscaler maximum, plus upgrade surge (0 when the
	// planner did not say).
	MaxNodes, SurgeNodes int
	NodeSubnet           *SubnetNeed
	PodSubnet            *SubnetNeed
	PodCIDR              *PodCIDRNeed
}

// SubnetNeed is the demand on a VNet subnet.
type SubnetNeed struct {
	// Required is the number of addresses needed at maximum scale plus surge.
	Required int64 `json:"required"`
	// MinPrefixLength is the longest prefix that holds Required.
	MinPrefixLength int `json:"minPrefixLength"`
	// Given is the subnet's prefix when known (invalid otherwise).
	Given netip.Prefix `json:"given,omitzero"`
	// Usable is the usable addresses in Given (after Azure's reserve).
	Usable int64 `json:"usable,omitempty"`
	// Fits is nil when Given is unknown.
	Fits *bool `json:"fits,omitempty"`
}

// PodCIDRNeed is the demand on an overlay or kubenet pod CIDR.
type PodCIDRNeed struct {
	// RequiredBlocks is the number of per-node blocks needed (max nodes + surge).
	RequiredBlocks int `json:"requiredBlocks"`
	// MinPrefixLength is the longest pod-CIDR prefix that holds them.
	MinPrefixLength int `json:"minPrefixLength"`
	// Given is the pod CIDR.
	Given netip.Prefix `json:"given,omitzero"`
	// NodesSupported is how many nodes Given holds (nil when Given is unknown).
	NodesSupported *int  `json:"nodesSupported,omitempty"`
	Fits           *bool `json:"fits,omitempty"`
}

package ipplan

import (
	"net/netip"
	"slices"

	"github.com/aksnet/aksnet/internal/azaddr"
)

// VNetAddresses returns the VNet addresses a plan consumes: its node subnet
// and, for the pod-subnet model, its pod subnet, each at its minimum prefix
// (Azure's 5 reserves included, since the prefix holds them). Pod CIDRs
// live outside the VNet and take none.
func VNetAddresses(p Plan) int64 {
	n := int64(1) << (32 - p.NodeSubnet.MinPrefixLength)
	if p.PodSubnet != nil {
		n += int64(1) << (32 - p.PodSubnet.MinPrefixLength)
	}
	return n
}

// FreeAddresses counts the IPv4 addresses of vnets not covered by taken
// (existing subnets, peers, avoided ranges) or by a range AKS forbids (CNIOV).
func FreeAddresses(vnets, taken []netip.Prefix) int64 {
	var n int64
	for _, p := range setOf(vnets, slices.Concat(taken, azaddr.Forbidden())).Prefixes() {
		n += azaddr.Size64(p)
	}
	return n
}

package ipplan

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

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

// maxHeadroomPercent bounds --headroom: ten times the maximum is far past
// every AKS limit already.
const maxHeadroomPercent = 1000

// ParseHeadroom parses a headroom percentage: "50%" or "50", from 0 to 1000.
func ParseHeadroom(s string) (int, error) {
	v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	n, err := strconv.Atoi(v)
	if err != nil || v == "" || strings.HasPrefix(v, "+") || n < 0 || n > maxHeadroomPercent {
		return 0, fmt.Errorf("invalid headroom %q: want a percentage from 0%% to %d%%, such as 50%%", s, maxHeadroomPercent)
	}
	return n, nil
}

package ipplan

import (
	"net/netip"
	"slices"

	"github.com/aksnet/aksnet/internal/azaddr"
)

// FreePrivatePrefix returns a block of length bits from RFC 1918 and RFC 6598
// space (OVL) that overlaps none of avoid nor the ranges AKS forbids
// (CNIOV): the block at preferred when that is free, else the best-fitting
// free block (the rule Carve uses for pod and service CIDRs). It reports
// false when no such block exists.
func FreePrivatePrefix(bits int, preferred netip.Addr, avoid []netip.Prefix) (netip.Prefix, bool) {
	if bits < 0 || bits > 32 {
		return netip.Prefix{}, false
	}
	free := setOf(azaddr.PrivateRanges(), slices.Concat(avoid, azaddr.Forbidden()))
	p, _, ok := carvePreferring(free, preferred, bits)
	return p, ok
}

// Package azaddr holds the well-known Azure and AKS address ranges and the
// small predicates over them: the addresses Azure reserves in every subnet,
// the ranges AKS forbids for pod, service and VNet CIDRs, the default pod and
// service CIDRs and DNS service IP, and the private ranges a pod CIDR may use.
// Each range cites its facts-sheet source code.
package azaddr

import (
	"fmt"
	"math/big"
	"net/netip"
)

// ReservedPerSubnet is the number of addresses Azure reserves in every subnet:
// the first four and the last. OVL (since 2026-07-31). KUB and older OVL say
// "first three"; 5 is the conservative reading of that contradiction.
const ReservedPerSubnet = 5 // OVL

// ReservedNote explains the contradiction behind ReservedPerSubnet, for output.
const ReservedNote = "Azure reserves 5 addresses per subnet (first four and last, OVL); older pages say three (KUB) — the conservative 5 is used."

// Forbidden ranges: reserved for service, pod and VNet ranges in all
// clusters. CNIOV; KUB; LEG; BYO.
var (
	// LinkLocal 169.254.0.0/16. CNIOV.
	LinkLocal = netip.MustParsePrefix("169.254.0.0/16")
	// Reserved172_30 172.30.0.0/16. CNIOV.
	Reserved172_30 = netip.MustParsePrefix("172.30.0.0/16")
	// Reserved172_31 172.31.0.0/16. CNIOV.
	Reserved172_31 = netip.MustParsePrefix("172.31.0.0/16")
	// TestNet1 192.0.2.0/24 (added 2019-05-21, CNICFG history). CNIOV.
	TestNet1 = netip.MustParsePrefix("192.0.2.0/24")
)

// Forbidden returns the ranges AKS rejects for pod, service and VNet CIDRs. CNIOV.
func Forbidden() []netip.Prefix {
	return []netip.Prefix{LinkLocal, Reserved172_30, Reserved172_31, TestNet1}
}

// Defaults. SPEC; KUB; OVLCFG; DUAL.
var (
	// DefaultPodCIDR 10.244.0.0/16. OVLCFG; SPEC; KUB.
	DefaultPodCIDR = netip.MustParsePrefix("10.244.0.0/16")
	// DefaultServiceCIDR 10.0.0.0/16. KUB; SPEC.
	DefaultServiceCIDR = netip.MustParsePrefix("10.0.0.0/16")
	// DefaultDNSServiceIP 10.0.0.10. KUB; SPEC.
	DefaultDNSServiceIP = netip.MustParseAddr("10.0.0.10")
	// DefaultPodCIDRv6 fd12:3456:789a::/64 (dual-stack). DUAL; OVLCFG.
	DefaultPodCIDRv6 = netip.MustParsePrefix("fd12:3456:789a::/64")
	// DefaultServiceCIDRv6 fd12:3456:789a:1::/108 (dual-stack). DUAL; OVLCFG.
	DefaultServiceCIDRv6 = netip.MustParsePrefix("fd12:3456:789a:1::/108")
	// LocalDNS 169.254.10.0/24, UDP/TCP 53, must be allowed by Cilium policies. CIL.
	LocalDNS = netip.MustParsePrefix("169.254.10.0/24")
)

// ServiceCIDRMinPrefixLen: the service CIDR must be smaller than /12, so its
// prefix length must be at least 13. IPPLAN; LEG; OVL; BYO.
const ServiceCIDRMinPrefixLen = 13 // IPPLAN

// ServiceCIDRv6MinPrefixLen: IPv6 service CIDR no larger than /108. DUAL.
const ServiceCIDRv6MinPrefixLen = 108 // DUAL

// Private ranges that an overlay pod CIDR may use: RFC 1918 and RFC 6598. OVL.
var (
	RFC1918_10  = netip.MustParsePrefix("10.0.0.0/8")
	RFC1918_172 = netip.MustParsePrefix("172.16.0.0/12")
	RFC1918_192 = netip.MustParsePrefix("192.168.0.0/16")
	RFC6598     = netip.MustParsePrefix("100.64.0.0/10")
)

// PrivateRanges returns RFC 1918 and RFC 6598 space, the pod-CIDR ranges
// overlay supports (public ranges are not blocked but unsupported). OVL.
func PrivateRanges() []netip.Prefix {
	return []netip.Prefix{RFC1918_10, RFC1918_172, RFC1918_192, RFC6598}
}

// IsPrivate reports whether p lies wholly inside RFC 1918 or RFC 6598 space.
func IsPrivate(p netip.Prefix) bool {
	for _, r := range PrivateRanges() {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// ForbiddenOverlap returns the first forbidden range p overlaps, if any. CNIOV.
func ForbiddenOverlap(p netip.Prefix) (netip.Prefix, bool) {
	for _, f := range Forbidden() {
		if f.Overlaps(p) {
			return f, true
		}
	}
	return netip.Prefix{}, false
}

// Size returns the number of addresses in p as a big.Int (IPv6 prefixes can
// exceed uint64).
func Size(p netip.Prefix) *big.Int {
	return new(big.Int).Lsh(big.NewInt(1), uint(p.Addr().BitLen()-p.Bits()))
}

// Size64 returns the number of addresses in p, saturating at 1<<62 for very
// large IPv6 prefixes.
func Size64(p netip.Prefix) int64 {
	host := p.Addr().BitLen() - p.Bits()
	if host >= 62 {
		return 1 << 62
	}
	return 1 << host
}

// UsableInSubnet returns the addresses a VM or pod can use in an Azure subnet
// of prefix length bits (IPv4): 2^(32-bits) minus the 5 Azure reserves, or 0
// when the subnet is smaller than that. OVL.
func UsableInSubnet(bits int) int64 {
	if bits < 0 || bits > 32 {
		return 0
	}
	n := int64(1)<<(32-bits) - ReservedPerSubnet
	if n < 0 {
		return 0
	}
	return n
}

// SmallestSubnetFor returns the longest IPv4 prefix length whose usable
// addresses (after Azure's reserves) hold n addresses, and false when even a
// /0 would not. A subnet holds at least one address, so n < 1 counts as 1.
func SmallestSubnetFor(n int64) (int, bool) {
	n = max(n, 1)
	for bits := 32; bits >= 0; bits-- {
		if UsableInSubnet(bits) >= n {
			return bits, true
		}
	}
	return 0, false
}

// ParsePrefix parses a CIDR and insists it is in canonical (masked) form,
// returning a clear error otherwise.
func ParsePrefix(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("invalid CIDR %q: want an address and a prefix length such as 10.244.0.0/16", s)
	}
	if p.Addr().Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("invalid CIDR %q: zones are not allowed", s)
	}
	if m := p.Masked(); m != p {
		return netip.Prefix{}, fmt.Errorf("invalid CIDR %q: host bits are set; did you mean %s?", s, m)
	}
	return p, nil
}

package azaddr

import "net/netip"

// DNSServiceIPOffset is the DNS service IP's offset in the service CIDR: the
// ".10" convention of the defaults 10.0.0.0/16 and 10.0.0.10. KUB; SPEC.
const DNSServiceIPOffset = 10 // KUB; SPEC

// DNSServiceIPFor returns the conventional DNS service IP of an IPv4 service
// CIDR: its address at DNSServiceIPOffset (10.0.0.10 in 10.0.0.0/16). It
// reports false when the CIDR is not IPv4 or too small to hold that address.
func DNSServiceIPFor(svc netip.Prefix) (netip.Addr, bool) {
	if !svc.Addr().Is4() || svc.Bits() > 28 {
		return netip.Addr{}, false
	}
	a := svc.Masked().Addr()
	for range DNSServiceIPOffset {
		a = a.Next()
	}
	return a, true
}

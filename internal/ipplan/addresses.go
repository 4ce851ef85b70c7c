package ipplan

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// namedRange is a range of the request with what it is.
type namedRange struct {
	kind   string // node subnet, pod subnet, pod CIDR, service CIDR, VNet, avoided range
	prefix netip.Prefix
	// ours: a range the cluster defines (checked against forbidden ranges).
	ours bool
	// dflt: the value is a default, not given.
	dflt bool
}

func (r namedRange) String() string {
	s := r.kind + " " + r.prefix.String()
	if r.dflt {
		s += " (default)"
	}
	return s
}

// addresses checks every range: IPv4, forbidden ranges, overlaps, VNet
// containment, service CIDR size and DNS service IP.
func (b *builder) addresses() {
	req, p := b.req, b.p
	var node, pod, podCIDR, svc namedRange
	var all []namedRange
	use := func(r *namedRange, kind string, pfx netip.Prefix, def netip.Prefix, defNote string) {
		if !pfx.IsValid() {
			if !def.IsValid() {
				return
			}
			pfx = def
			r.dflt = true
			p.Defaults = append(p.Defaults, defNote)
		}
		r.kind, r.prefix, r.ours = kind, pfx, true
		if b.ipv4(*r) {
			all = append(all, *r)
		}
	}
	use(&node, "node subnet", req.NodeSubnet, netip.Prefix{}, "")
	if b.m.PodSource.Value == netmodel.FromPodSubnet {
		use(&pod, "pod subnet", req.PodSubnet, netip.Prefix{}, "")
	}
	if b.m.PodSource.Value == netmodel.FromPodCIDR || b.m.ID == netmodel.BYOCNI {
		use(&podCIDR, "pod CIDR", req.PodCIDR, azaddr.DefaultPodCIDR, "pod CIDR "+azaddr.DefaultPodCIDR.String()+" (SPEC; OVLCFG)")
	}
	use(&svc, "service CIDR", req.ServiceCIDR, azaddr.DefaultServiceCIDR, "service CIDR "+azaddr.DefaultServiceCIDR.String()+" (SPEC; KUB)")
	if svc.prefix.IsValid() {
		p.ServiceCIDR = svc.prefix
	}
	var vnets, avoid []namedRange
	for _, v := range req.VNets {
		r := namedRange{kind: "VNet", prefix: v, ours: true}
		if b.ipv4(r) {
			vnets = append(vnets, r)
			all = append(all, r)
		}
	}
	for _, v := range req.Avoid {
		r := namedRange{kind: "avoided range", prefix: v}
		if b.ipv4(r) {
			avoid = append(avoid, r)
		}
	}
	for _, r := range all {
		if f, bad := azaddr.ForbiddenOverlap(r.prefix); bad {
			b.add(diag.Diagnostic{Code: CodeForbiddenRange, Severity: diag.Error, Source: "CNIOV",
				Message: fmt.Sprintf("%s overlaps %s, which AKS reserves", r, f),
				Detail:  "AKS rejects pod, service and VNet ranges overlapping 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 or 192.0.2.0/24",
				Hint:    "choose a range outside the reserved ones"})
		}
	}
	for _, v := range vnets {
		if lim := netmodel.VNetMinPrefixLen; v.prefix.Bits() < lim.Value {
			b.add(diag.Diagnostic{Code: CodeVNetSize, Severity: diag.Error, Source: lim.Source,
				Message: fmt.Sprintf("%s is larger than a /%d, the largest VNet", v, lim.Value),
				Hint:    "split the address space"})
		}
	}

	type pair struct {
		a, b   namedRange
		source string
		detail string
	}
	var pairs []pair
	add := func(x, y namedRange, source, detail string) {
		if x.prefix.IsValid() && y.prefix.IsValid() && x.prefix.Addr().Is4() && y.prefix.Addr().Is4() {
			pairs = append(pairs, pair{x, y, source, detail})
		}
	}
	add(node, pod, "DYN", "the node and pod subnets must be separate subnets")
	add(node, podCIDR, "OVL", "the pod CIDR must not overlap the cluster subnet")
	add(pod, podCIDR, "OVL", "")
	add(node, svc, "IPPLAN", "the service CIDR must not overlap any subnet")
	add(pod, svc, "IPPLAN", "the service CIDR must not overlap any subnet")
	add(podCIDR, svc, "UPD", "the pod CIDR must not overlap the service CIDR")
	for _, v := range vnets {
		add(podCIDR, v, "UPD", "UPD checks the pod CIDR against the whole VNet, GH-4760 only against its subnets; the whole VNet is the conservative reading")
		add(svc, v, "IPPLAN", "the service CIDR must not be inside the cluster VNet")
	}
	for i := range vnets {
		for j := i + 1; j < len(vnets); j++ {
			add(vnets[i], vnets[j], "IPPLAN", "address spaces of the cluster's VNets must be disjoint")
		}
	}
	for _, a := range avoid {
		for _, r := range []namedRange{node, pod, podCIDR, svc} {
			add(r, a, "OVL", "ranges the cluster uses must not overlap connected networks (peering, ExpressRoute, VPN)")
		}
		for _, v := range vnets {
			add(v, a, "OVL", "a VNet must not overlap the networks it connects to")
		}
	}
	for _, pr := range pairs {
		if pr.a.prefix.Overlaps(pr.b.prefix) {
			b.add(diag.Diagnostic{Code: CodeOverlap, Severity: diag.Error, Source: pr.source,
				Message: fmt.Sprintf("%s: %s overlaps %s", b.m.ID, pr.a, pr.b),
				Detail:  pr.detail,
				Hint:    "choose disjoint ranges"})
		}
	}

	if len(vnets) > 0 {
		for _, s := range []namedRange{node, pod} {
			if !s.prefix.IsValid() || !s.prefix.Addr().Is4() {
				continue
			}
			inside := false
			for _, v := range vnets {
				inside = inside || (v.prefix.Bits() <= s.prefix.Bits() && v.prefix.Contains(s.prefix.Addr()))
			}
			if !inside {
				b.add(diag.Diagnostic{Code: CodeNotInVNet, Severity: diag.Error, Source: "UNIQ",
					Message: fmt.Sprintf("%s is not inside any given VNet", s),
					Hint:    "node and pod subnets must lie in the cluster's VNet"})
			}
		}
	}
	if podCIDR.prefix.IsValid() && podCIDR.prefix.Addr().Is4() && !azaddr.IsPrivate(podCIDR.prefix) {
		b.add(diag.Diagnostic{Code: CodePodCIDRPublic, Severity: diag.Warning, Source: "OVL",
			Message: fmt.Sprintf("%s is outside RFC 1918 and RFC 6598 space: not blocked, but unsupported", podCIDR),
			Hint:    "use a private range such as 10.244.0.0/16 or 100.64.0.0/16"})
	}
	b.service(svc)
}

func (b *builder) service(svc namedRange) {
	if !svc.prefix.IsValid() || !svc.prefix.Addr().Is4() {
		return
	}
	if min := azaddr.ServiceCIDRMinPrefixLen; svc.prefix.Bits() < min {
		b.add(diag.Diagnostic{Code: CodeServiceCIDRSize, Severity: diag.Error, Source: "IPPLAN",
			Message: fmt.Sprintf("%s is a /%d; the service CIDR must be smaller than /12", svc, svc.prefix.Bits()),
			Hint:    "use a /" + strconv.Itoa(min) + " or smaller range, for example a /16"})
	}
	dns := b.req.DNSServiceIP
	if !dns.IsValid() {
		if !svc.dflt {
			return // a service CIDR without a DNS IP: nothing to check, nothing guessed
		}
		dns = azaddr.DefaultDNSServiceIP
		b.p.Defaults = append(b.p.Defaults, "DNS service IP "+dns.String()+" (SPEC; KUB)")
	}
	b.p.DNSServiceIP = dns
	switch {
	case !dns.Is4():
		b.add(diag.Diagnostic{Code: CodeNotIPv4, Severity: diag.Error,
			Message: fmt.Sprintf("DNS service IP %s is not IPv4", dns), Hint: "give an IPv4 address inside the service CIDR"})
	case !svc.prefix.Contains(dns):
		b.add(diag.Diagnostic{Code: CodeDNSOutside, Severity: diag.Error, Source: "SPEC",
			Message: fmt.Sprintf("DNS service IP %s is outside %s", dns, svc),
			Hint:    fmt.Sprintf("pick an address inside %s, conventionally the .10 address", svc.prefix)})
	case dns == svc.prefix.Addr():
		b.add(diag.Diagnostic{Code: CodeDNSFirst, Severity: diag.Error, Source: "IPPLAN",
			Message: fmt.Sprintf("DNS service IP %s is the first address of %s, which kubernetes.default.svc uses", dns, svc),
			Hint:    "use another address, conventionally the .10 address"})
	}
}

// ipv4 reports whether r is IPv4, adding a diagnostic when it is not.
func (b *builder) ipv4(r namedRange) bool {
	if r.prefix.Addr().Is4() {
		return true
	}
	b.add(diag.Diagnostic{Code: CodeNotIPv4, Severity: diag.Error,
		Message: fmt.Sprintf("%s is not IPv4; the planner sizes IPv4 ranges", r),
		Hint:    "give the IPv4 range (dual-stack IPv6 per-node prefixes are fixed and need no plan)"})
	return false
}

// thousands formats n with comma separators.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

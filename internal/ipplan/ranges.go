package ipplan

import (
	"fmt"
	"net/netip"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// rangeKind classifies the ranges a plan checks against each other.
type rangeKind int

const (
	kindNodeSubnet rangeKind = iota
	kindPodSubnet
	kindPodCIDR
	kindServiceCIDR
	kindVNet
	kindAvoid
)

// disjoint says which kinds must not overlap. Node and pod subnets live inside
// the VNet; everything else must stay apart. The overlay pod CIDR is checked
// against the whole VNet (UPD) rather than only its subnets (GH-4760): the
// conservative side of a listed contradiction.
var disjoint = map[[2]rangeKind]string{
	{kindNodeSubnet, kindPodSubnet}:   "DYN",
	{kindNodeSubnet, kindPodCIDR}:     "OVL",
	{kindNodeSubnet, kindServiceCIDR}: "IPPLAN",
	{kindNodeSubnet, kindAvoid}:       "KUB",
	{kindPodSubnet, kindServiceCIDR}:  "IPPLAN",
	{kindPodSubnet, kindAvoid}:        "LEG",
	{kindPodCIDR, kindServiceCIDR}:    "UPD",
	{kindPodCIDR, kindVNet}:           "UPD",
	{kindPodCIDR, kindAvoid}:          "OVL",
	{kindServiceCIDR, kindVNet}:       "IPPLAN",
	{kindServiceCIDR, kindAvoid}:      "IPPLAN",
	{kindVNet, kindAvoid}:             "KUB",
	{kindVNet, kindVNet}:              "IPPLAN",
}

type namedRange struct {
	kind   rangeKind
	name   string
	prefix netip.Prefix
}

// ranges checks forbidden ranges, overlaps, VNet containment and the
// service CIDR and DNS service IP.
func (pl *planner) ranges() {
	p, req, m := &pl.p, pl.req, pl.model
	if pl.quiet {
		p.ServiceCIDR, p.DNSServiceIP = serviceRange(req.ServiceCIDR, req.DNSServiceIP)
		return // the rest only reports
	}
	var rs []namedRange
	add := func(k rangeKind, name string, pr netip.Prefix) {
		if pr.IsValid() {
			rs = append(rs, namedRange{k, name, pr})
		}
	}
	add(kindNodeSubnet, "node subnet "+req.NodeSubnet.String(), req.NodeSubnet)
	if m.PodSource.Value == netmodel.FromPodSubnet {
		add(kindPodSubnet, "pod subnet "+req.PodSubnet.String(), req.PodSubnet)
	} else if req.PodSubnet.IsValid() {
		pl.add(CodeIgnoredRange, diag.Info, "", "only azure-pod-subnet takes pod IPs from a pod subnet", "pod subnet %s is not used by %s and is ignored", req.PodSubnet, m.ID)
	}
	if pc := pl.podCIDRInUse(); pc.IsValid() {
		name := "pod CIDR " + pc.String()
		if !req.PodCIDR.IsValid() {
			name += " (default)"
		}
		add(kindPodCIDR, name, pc)
		if m.PodSource.Value == netmodel.FromPodCIDR && pc.Addr().Is4() && !azaddr.IsPrivate(pc) {
			pl.add(CodePodCIDRNotPrivate, diag.Warning, "OVL", "use RFC 1918 or RFC 6598 space for the pod CIDR",
				"pod CIDR %s is not in RFC 1918 or RFC 6598 space; public ranges are not blocked but unsupported", pc)
		}
		if !pc.Addr().Is4() {
			pl.add(CodeIPv6, diag.Error, "DUAL", "give an IPv4 pod CIDR (dual-stack IPv6 ranges are not planned)", "pod CIDR %s is not IPv4", pc)
		}
	} else if req.PodCIDR.IsValid() {
		pl.add(CodeIgnoredRange, diag.Info, "", "only kubenet, azure-overlay and none use a pod CIDR", "pod CIDR %s is not used by %s and is ignored", req.PodCIDR, m.ID)
	}

	svc, dns := serviceRange(req.ServiceCIDR, req.DNSServiceIP)
	svcName := "service CIDR " + svc.String()
	if !req.ServiceCIDR.IsValid() {
		svcName += " (default)"
		pl.defaulted(fmt.Sprintf("service CIDR: %s (SPEC; KUB)", svc))
		if !req.DNSServiceIP.IsValid() {
			pl.defaulted(fmt.Sprintf("DNS service IP: %s (SPEC; KUB)", dns))
		}
	}
	p.ServiceCIDR, p.DNSServiceIP = svc, dns
	add(kindServiceCIDR, svcName, svc)
	for _, v := range req.VNets {
		add(kindVNet, "VNet "+v.String(), v)
	}
	for _, a := range req.Avoid {
		add(kindAvoid, "avoided range "+a.String(), a)
	}

	for _, r := range rs {
		if r.kind == kindAvoid {
			continue
		}
		if f, bad := azaddr.ForbiddenOverlap(r.prefix); bad {
			pl.add(CodeForbiddenRange, diag.Error, "CNIOV", "choose a range clear of 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24",
				"%s overlaps %s, which AKS reserves", r.name, f)
		}
	}
	for i, a := range rs {
		for _, b := range rs[i+1:] {
			src, ok := disjoint[[2]rangeKind{a.kind, b.kind}]
			if !ok {
				src, ok = disjoint[[2]rangeKind{b.kind, a.kind}]
			}
			if !ok || !a.prefix.Overlaps(b.prefix) {
				continue
			}
			d := diag.Diagnostic{Code: CodeOverlap, Severity: diag.Error, Source: src,
				Message: fmt.Sprintf("%s overlaps %s", a.name, b.name),
				Hint:    "choose ranges that do not overlap"}
			if a.kind == kindPodCIDR || b.kind == kindPodCIDR {
				d.Detail = "the pod CIDR must not overlap the cluster's VNet, its subnets or connected networks; " +
					"it is checked against the whole VNet (UPD), the conservative reading of a listed contradiction (GH-4760 checks only subnets)"
			}
			p.Diagnostics.Add(d)
		}
	}
	if len(req.VNets) > 0 {
		for _, r := range rs {
			if r.kind != kindNodeSubnet && r.kind != kindPodSubnet {
				continue
			}
			if !insideAny(r.prefix, req.VNets) {
				pl.add(CodeOutsideVNet, diag.Warning, "UNIQ", "node and pod subnets must be in the cluster's VNet",
					"%s is not inside any given VNet", r.name)
			}
		}
	}

	if svc.Addr().Is4() && svc.Bits() <= azaddr.ServiceCIDRMinPrefixLen-1 {
		pl.add(CodeServiceCIDRTooLarge, diag.Error, "IPPLAN", "use a service CIDR smaller than /12, such as a /16",
			"%s is too large: it must be smaller than /12", svcName)
	}
	if !svc.Addr().Is4() {
		pl.add(CodeIPv6, diag.Error, "DUAL", "give an IPv4 service CIDR", "%s is not IPv4", svcName)
	}
	if dns.IsValid() {
		switch {
		case !svc.Contains(dns):
			pl.add(CodeDNSOutside, diag.Error, "IPPLAN", "pick an address inside the service CIDR, conventionally its .10",
				"DNS service IP %s is outside the %s", dns, svcName)
		case dns == svc.Addr() || dns == svc.Addr().Next():
			pl.add(CodeDNSFirstAddress, diag.Error, "IPPLAN", "pick another address, conventionally the .10",
				"DNS service IP %s is the start of the %s; its first address belongs to kubernetes.default", dns, svcName)
		}
	}
}

// serviceRange returns the service CIDR and DNS service IP in use: the given
// ones, else AKS's defaults (the default DNS service IP only with the
// default service CIDR). SPEC; KUB.
func serviceRange(svc netip.Prefix, dns netip.Addr) (netip.Prefix, netip.Addr) {
	if !svc.IsValid() {
		svc = azaddr.DefaultServiceCIDR
		if !dns.IsValid() {
			dns = azaddr.DefaultDNSServiceIP
		}
	}
	return svc, dns
}

// insideAny reports whether p lies wholly inside one of vs.
func insideAny(p netip.Prefix, vs []netip.Prefix) bool {
	for _, v := range vs {
		if v.Bits() <= p.Bits() && v.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

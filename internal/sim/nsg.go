package sim

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// NSG rule directions.
const (
	DirInbound  = "inbound"
	DirOutbound = "outbound"
)

// TagInternet is the Internet service tag: the address space outside the
// virtual network (Azure's service-tag documentation: the VirtualNetwork tag
// covers the VNet's address space, peered VNets and networks connected
// through a gateway). Private space (RFC 1918, RFC 6598) is never Internet
// either. Topology.NotInternet lists what the tag excludes.
const TagInternet = "Internet"

// NSGRule is one NSG rule. Zero prefixes and port match anything.
type NSGRule struct {
	Name      string       `json:"name"`
	Direction string       `json:"direction"`
	Deny      bool         `json:"deny"`
	Src       netip.Prefix `json:"src,omitzero"`
	Dst       netip.Prefix `json:"dst,omitzero"`
	DstTag    string       `json:"dstTag,omitempty"`
	Port      uint16       `json:"port,omitempty"`
	Source    string       `json:"source,omitempty"`
}

// ParseNSGRule parses ACTION:DIRECTION:SRC:DST[:PORT], for example
// "deny:out:*:203.0.113.0/24:443" or "allow:in:10.50.0.0/16:*". ACTION is
// allow or deny; DIRECTION in or out; SRC and DST a prefix, an address,
// "*" or (DST only) "Internet"; PORT a number or "*".
func ParseNSGRule(s string) (NSGRule, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) != 4 && len(parts) != 5 {
		return NSGRule{}, fmt.Errorf("NSG rule %q: want ACTION:DIRECTION:SRC:DST[:PORT]", s)
	}
	r := NSGRule{Name: s}
	switch strings.ToLower(parts[0]) {
	case "allow":
	case "deny":
		r.Deny = true
	default:
		return NSGRule{}, fmt.Errorf("NSG rule %q: action %q is not allow or deny", s, parts[0])
	}
	switch strings.ToLower(parts[1]) {
	case "in", "inbound":
		r.Direction = DirInbound
	case "out", "outbound":
		r.Direction = DirOutbound
	default:
		return NSGRule{}, fmt.Errorf("NSG rule %q: direction %q is not in or out", s, parts[1])
	}
	var err error
	if r.Src, err = parseNSGPrefix(parts[2]); err != nil {
		return NSGRule{}, fmt.Errorf("NSG rule %q: source: %w", s, err)
	}
	if strings.EqualFold(parts[3], TagInternet) {
		r.DstTag = TagInternet
	} else if r.Dst, err = parseNSGPrefix(parts[3]); err != nil {
		return NSGRule{}, fmt.Errorf("NSG rule %q: destination: %w", s, err)
	}
	if len(parts) == 5 && parts[4] != "*" {
		p, err := strconv.ParseUint(parts[4], 10, 16)
		if err != nil || p == 0 {
			return NSGRule{}, fmt.Errorf("NSG rule %q: port %q is not 1-65535 or *", s, parts[4])
		}
		r.Port = uint16(p)
	}
	return r, nil
}

func parseNSGPrefix(s string) (netip.Prefix, error) {
	if s == "*" {
		return netip.Prefix{}, nil
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil || !p.Addr().Is4() {
			return netip.Prefix{}, fmt.Errorf("%q is not an IPv4 prefix", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return netip.Prefix{}, fmt.Errorf("%q is not an IPv4 address, prefix or *", s)
	}
	return netip.PrefixFrom(a, 32), nil
}

func (r NSGRule) matches(dir string, p packet, notInternet []netip.Prefix) bool {
	if r.Direction != dir {
		return false
	}
	if r.Src.IsValid() && !r.Src.Contains(p.src) {
		return false
	}
	if r.Dst.IsValid() && !r.Dst.Contains(p.dst) {
		return false
	}
	if r.DstTag == TagInternet {
		for _, pr := range notInternet {
			if pr.Contains(p.dst) {
				return false
			}
		}
	}
	return r.Port == 0 || r.Port == p.dport
}

// nsg evaluates the named NSG for a packet leaving (outbound) or entering
// (inbound) host; first match wins, no match allows. It reports whether the
// packet may pass.
func (tr *tracer) nsg(host, name, dir string) bool {
	for _, g := range tr.t.NSGs {
		if g.Name != name {
			continue
		}
		for _, r := range g.Rules {
			if !r.matches(dir, tr.pkt, tr.t.NotInternet()) {
				continue
			}
			verb := "allows"
			if r.Deny {
				verb = "denies"
			}
			tr.hop(host, ActNSG, r.Source, "%s %s rule %q %s %s → %s", name, dir, r.Name, verb, tr.pkt.src, tr.pkt.dst)
			if r.Deny {
				tr.res.Verdict, tr.res.Reason = VerdictNSG, fmt.Sprintf("NSG %s rule %q denies %s traffic from %s to %s", name, r.Name, dir, tr.pkt.src, tr.pkt.dst)
				tr.hop(host, ActDrop, r.Source, "%s", tr.res.Reason)
				return false
			}
			return true
		}
	}
	return true
}

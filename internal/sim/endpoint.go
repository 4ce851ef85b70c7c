package sim

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Endpoint kinds accepted by ParseEndpoint (the host kinds plus service).
const KindService = "service"

// EndpointSpec is a parsed endpoint before it is resolved in a topology:
//
//	pod:web@node1  pod@node2  pod:web  pod
//	node:1  node:node2  node:10.224.0.5  node
//	vm:10.1.0.4  vm   peered:10.50.0.4  peered   onprem:192.168.10.5  onprem
//	internet:203.0.113.10:443  internet   service:api  service
//
// Address kinds take an optional :PORT after the address.
type EndpointSpec struct {
	Kind string
	Name string
	Node string
	Addr netip.Addr
	Port uint16
}

// Endpoint is a resolved endpoint: the host it lives on and its address.
type Endpoint struct {
	Kind   string
	Name   string
	Host   string
	IP     netip.Addr
	NodeIP netip.Addr
	Port   uint16
}

// ParseEndpoint parses an endpoint argument.
func ParseEndpoint(s string) (EndpointSpec, error) {
	s = strings.TrimSpace(s)
	kind, rest, hasRest := strings.Cut(s, ":")
	kind = strings.ToLower(kind)
	var sp EndpointSpec
	if k, node, ok := strings.Cut(kind, "@"); ok && k == KindPod {
		kind, sp.Node = KindPod, node
	}
	sp.Kind = kind
	switch kind {
	case KindPod:
		if hasRest {
			name, node, ok := strings.Cut(rest, "@")
			if ok {
				if sp.Node != "" {
					return sp, fmt.Errorf("endpoint %q: node given twice", s)
				}
				sp.Node = node
			}
			sp.Name = name
			if sp.Name == "" || (ok && node == "") {
				return sp, fmt.Errorf("endpoint %q: want pod:NAME@NODE", s)
			}
		}
		if kind == KindPod && strings.Contains(kind+rest, "@") && sp.Node == "" {
			return sp, fmt.Errorf("endpoint %q: empty node", s)
		}
	case KindNode:
		if hasRest {
			if a, err := netip.ParseAddr(rest); err == nil {
				sp.Addr = a
			} else if n, err := strconv.Atoi(rest); err == nil {
				if n < 1 {
					return sp, fmt.Errorf("endpoint %q: node numbers start at 1", s)
				}
				sp.Name = "node" + strconv.Itoa(n)
			} else if rest != "" {
				sp.Name = rest
			} else {
				return sp, fmt.Errorf("endpoint %q: empty node", s)
			}
		}
	case KindService:
		if hasRest {
			if rest == "" {
				return sp, fmt.Errorf("endpoint %q: empty service name", s)
			}
			sp.Name = rest
		}
	case KindVM, KindPeered, KindOnPrem, KindInternet:
		if hasRest {
			host, port, hasPort := strings.Cut(rest, ":")
			a, err := netip.ParseAddr(host)
			if err != nil || !a.Is4() {
				return sp, fmt.Errorf("endpoint %q: %q is not an IPv4 address", s, host)
			}
			sp.Addr = a
			if hasPort {
				p, err := strconv.ParseUint(port, 10, 16)
				if err != nil || p == 0 {
					return sp, fmt.Errorf("endpoint %q: port %q is not 1-65535", s, port)
				}
				sp.Port = uint16(p)
			}
		}
	default:
		return sp, fmt.Errorf("endpoint %q: unknown kind %q (want pod, node, vm, peered, onprem, internet or service)", s, kind)
	}
	return sp, nil
}

// String renders the spec in ParseEndpoint's syntax.
func (sp EndpointSpec) String() string {
	s := sp.Kind
	switch {
	case sp.Kind == KindPod && sp.Name != "":
		s += ":" + sp.Name
	case sp.Name != "":
		s += ":" + sp.Name
	case sp.Addr.IsValid():
		s += ":" + sp.Addr.String()
	}
	if sp.Kind == KindPod && sp.Node != "" {
		s += "@" + sp.Node
	}
	if sp.Port != 0 {
		s += ":" + strconv.Itoa(int(sp.Port))
	}
	return s
}

// DefaultPort is the destination port when an endpoint gives none.
const DefaultPort = 443

// Resolve finds the endpoint in the topology. An explicit VM, peered,
// on-premises or internet address that no host has yet gets a new host on
// the same segment as the default one, so Resolve may add a host to t.
func (t *Topology) Resolve(sp EndpointSpec) (Endpoint, error) {
	ep := Endpoint{Kind: sp.Kind, Port: sp.Port}
	switch sp.Kind {
	case KindPod:
		name, node := sp.Name, sp.Node
		if name == "" {
			name = PodNames[0]
		}
		if node == "" {
			node = "node1"
		}
		h, ok := t.Host(name + "@" + node)
		if !ok {
			return ep, fmt.Errorf("no pod %s on %s (pods per node: %s; nodes node1..node%d)", name, node, strings.Join(PodNames, ", "), t.countKind(KindNode))
		}
		n, _ := t.Host(h.Node)
		ep.Name, ep.Host, ep.IP, ep.NodeIP = h.Name, h.Name, h.Primary(), n.Primary()
	case KindService:
		name := sp.Name
		if name == "" {
			name = "api"
		}
		for _, s := range t.Services {
			if s.Name == name {
				ep.Name, ep.Host, ep.IP = s.Name, s.Backend, s.ClusterIP
				if ep.Port == 0 {
					ep.Port = s.Port
				}
			}
		}
		if ep.Host == "" {
			return ep, fmt.Errorf("no service %q (services: api)", name)
		}
	case KindNode:
		for _, h := range t.Hosts {
			if h.Kind != KindNode {
				continue
			}
			if (sp.Name == "" && !sp.Addr.IsValid() && h.Name == "node1") || h.Name == sp.Name || (sp.Addr.IsValid() && h.Primary() == sp.Addr) {
				ep.Name, ep.Host, ep.IP = h.Name, h.Name, h.Primary()
			}
		}
		if ep.Host == "" {
			return ep, fmt.Errorf("no node %s (nodes node1..node%d)", sp.String(), t.countKind(KindNode))
		}
	case KindVM, KindPeered, KindOnPrem, KindInternet:
		def, ok := t.Host(sp.Kind)
		if !ok {
			return ep, fmt.Errorf("no %s host in the topology", sp.Kind)
		}
		h := def
		if sp.Addr.IsValid() && sp.Addr != def.Primary() {
			var err error
			if h, err = t.placeLike(def, sp.Addr); err != nil {
				return ep, err
			}
		}
		ep.Name, ep.Host, ep.IP = h.Name, h.Name, h.Primary()
	default:
		return ep, fmt.Errorf("unknown endpoint kind %q", sp.Kind)
	}
	if ep.Port == 0 {
		ep.Port = DefaultPort
	}
	return ep, nil
}

func (t *Topology) countKind(kind string) int {
	n := 0
	for _, h := range t.Hosts {
		if h.Kind == kind {
			n++
		}
	}
	return n
}

// placeLike adds a host of def's kind with address a on def's segment.
func (t *Topology) placeLike(def *Host, a netip.Addr) (*Host, error) {
	name := def.Kind + "-" + a.String()
	if h, ok := t.Host(name); ok {
		return h, nil
	}
	for _, h := range t.Hosts {
		if h.owns(a) {
			return nil, fmt.Errorf("%s %s is already used by %s", def.Kind, a, h.Name)
		}
	}
	seg, _ := t.segment(def.Interfaces[0].Segment)
	switch def.Kind {
	case KindInternet:
		if Public.Contains(a) {
			return nil, fmt.Errorf("internet address %s is in the egress range %s", a, Public)
		}
		if !a.IsGlobalUnicast() || a.IsPrivate() {
			return nil, fmt.Errorf("internet address %s is not a public unicast address", a)
		}
	case KindVM:
		vnet := t.Addressing.VNet
		if !vnet.Contains(a) {
			return nil, fmt.Errorf("vm address %s is outside the VNet %s (give --vnet)", a, vnet)
		}
		switch {
		case t.Addressing.PodSubnet.IsValid() && t.Addressing.PodSubnet.Contains(a):
			return nil, fmt.Errorf("vm address %s is in the pod subnet %s: VMs can't be deployed in a pod subnet (DYN)", a, t.Addressing.PodSubnet)
		case t.Addressing.NodeSubnet.Contains(a):
			seg, _ = t.segment(SegNode)
		case !t.Addressing.VMSubnet.Contains(a):
			return nil, fmt.Errorf("vm address %s is outside the VM subnet %s and the node subnet %s", a, t.Addressing.VMSubnet, t.Addressing.NodeSubnet)
		}
	default:
		if !seg.Prefix.Contains(a) {
			return nil, fmt.Errorf("%s address %s is outside %s (give --%s)", def.Kind, a, seg.Prefix, def.Kind)
		}
	}
	if seg.Prefix.IsValid() {
		first := netip.PrefixFrom(nth(seg.Prefix, 0), seg.Prefix.Bits())
		if a == first.Addr() || a == nth(seg.Prefix, 1) {
			return nil, fmt.Errorf("%s address %s is the network or gateway address of %s", def.Kind, a, seg.Prefix)
		}
	}
	h := Host{Name: name, Kind: def.Kind}
	h.Interfaces = []Interface{{Name: "eth0", Segment: seg.Name, Addrs: []netip.Prefix{netip.PrefixFrom(a, max(seg.Prefix.Bits(), 0))}}}
	if seg.Name == SegNode {
		h.Routes = []Route{{Dst: seg.Prefix, Dev: "eth0"}, {Dst: netip.MustParsePrefix("0.0.0.0/0"), Via: nth(seg.Prefix, 1), Dev: "eth0"}}
	} else {
		h.Routes = append([]Route(nil), def.Routes...)
	}
	t.Hosts = append(t.Hosts, h)
	return &t.Hosts[len(t.Hosts)-1], nil
}

func (t *Topology) view(e Endpoint) EndpointView {
	return EndpointView{Kind: e.Kind, Name: e.Name, IP: e.IP, NodeIP: e.NodeIP, Port: e.Port}
}

package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"

	"github.com/aksnet/aksnet/internal/azaddr"
)

// Topology is the exported, realisable shape of a simulated cluster network.
//
// It is deliberately mechanical so that a namespace realiser (the lab) can
// build it without knowing any AKS rule: every Host becomes a network
// namespace; every Interface joins the L2 Segment it names and carries its
// Addrs; Claims are addresses the Azure fabric delivers to that NIC without
// the NIC owning them (secondary IP configurations; realise them with proxy
// ARP on the segment's other side or with /32 routes); Routes are the
// host's routing tables (Table 0 is the main table, Rules select other
// tables by source prefix or incoming interface); NAT rules run DNAT at
// prerouting/output and SNAT at postrouting; Forward enables IP forwarding.
// NSGs are evaluated when a packet leaves or enters an endpoint NIC on a
// segment that names them.
//
// The simulator traces packets over exactly this structure, so what the
// lab realises is what the predictions were computed on.
type Topology struct {
	SchemaVersion int `json:"schemaVersion"`
	// Model is the networking model, Allocation the pod-subnet allocation,
	// Dataplane and Policy the data plane and network-policy engine.
	Model        string `json:"model"`
	Allocation   string `json:"allocation,omitempty"`
	Dataplane    string `json:"dataplane"`
	Policy       string `json:"networkPolicy"`
	OutboundType string `json:"outboundType"`
	// Addressing summarises the address plan the hosts were built from.
	Addressing Addressing `json:"addressing"`
	Segments   []Segment  `json:"segments"`
	Hosts      []Host     `json:"hosts"`
	Services   []Service  `json:"services,omitempty"`
	NSGs       []NSG      `json:"nsgs,omitempty"`
	// Notes are the contradictions and assumptions the topology follows.
	Notes []Note `json:"notes,omitempty"`
}

// Addressing is the address plan of a topology.
type Addressing struct {
	VNet           netip.Prefix `json:"vnet"`
	NodeSubnet     netip.Prefix `json:"nodeSubnet"`
	PodSubnet      netip.Prefix `json:"podSubnet,omitzero"`
	VMSubnet       netip.Prefix `json:"vmSubnet"`
	FirewallSubnet netip.Prefix `json:"firewallSubnet"`
	GatewaySubnet  netip.Prefix `json:"gatewaySubnet"`
	PodCIDR        netip.Prefix `json:"podCIDR,omitzero"`
	ServiceCIDR    netip.Prefix `json:"serviceCIDR"`
	Peered         netip.Prefix `json:"peered"`
	OnPrem         netip.Prefix `json:"onprem"`
	Internet       netip.Prefix `json:"internet"`
	Public         netip.Prefix `json:"public"`
	MaxPods        int          `json:"maxPods"`
}

// Segment is an L2 segment (a subnet, a bridge, a point-to-point link).
type Segment struct {
	Name   string       `json:"name"`
	Prefix netip.Prefix `json:"prefix,omitzero"`
	// NSG names the network security group attached to the subnet, if any.
	NSG string `json:"nsg,omitempty"`
}

// Host kinds.
const (
	KindFabric   = "fabric"   // the VNet's software-defined router
	KindNode     = "node"     // a cluster node
	KindPod      = "pod"      // a pod (network namespace on a node)
	KindVM       = "vm"       // a VM in the cluster VNet
	KindPeered   = "peered"   // a host in a peered VNet
	KindGateway  = "gateway"  // the VPN/ExpressRoute gateway
	KindOnPrem   = "onprem"   // an on-premises host
	KindEgress   = "egress"   // LB outbound, NAT gateway or firewall
	KindInternet = "internet" // a host on the internet
)

// Host is one machine or router: a future network namespace.
type Host struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Node is the node a pod runs on.
	Node       string      `json:"node,omitempty"`
	Forward    bool        `json:"forward,omitempty"`
	Interfaces []Interface `json:"interfaces"`
	Routes     []Route     `json:"routes,omitempty"`
	Rules      []Rule      `json:"rules,omitempty"`
	NAT        []NATRule   `json:"nat,omitempty"`
}

// Interface is a NIC on a segment.
type Interface struct {
	Name    string         `json:"name"`
	Segment string         `json:"segment"`
	Addrs   []netip.Prefix `json:"addrs,omitempty"`
	// Claims are addresses the fabric delivers to this NIC although the
	// host does not own them (secondary IP configurations of pods).
	Claims []netip.Prefix `json:"claims,omitempty"`
}

// Route types.
const (
	RouteUnicast   = ""
	RouteBlackhole = "blackhole"
)

// Route is a routing-table entry: Dst via Via (or directly) out of Dev.
type Route struct {
	Dst netip.Prefix `json:"dst"`
	Via netip.Addr   `json:"via,omitzero"`
	Dev string       `json:"dev,omitempty"`
	// OnLink treats Via as directly reachable on Dev although no address of
	// Dev covers it (a pod's /32 with the link-local transparent-mode gateway).
	OnLink bool `json:"onLink,omitempty"`
	// Table is the routing table, 0 for main.
	Table int    `json:"table,omitempty"`
	Type  string `json:"type,omitempty"`
	// Note says what the route is (for example "kubenet route table (UDR)")
	// and Source cites the facts-sheet code behind it.
	Note   string `json:"note,omitempty"`
	Source string `json:"source,omitempty"`
}

// Rule selects a routing table for packets from a prefix or an interface.
type Rule struct {
	Priority int          `json:"priority"`
	From     netip.Prefix `json:"from,omitzero"`
	IIF      string       `json:"iif,omitempty"`
	Table    int          `json:"table"`
	Note     string       `json:"note,omitempty"`
}

// NAT kinds.
const (
	NATSNAT = "snat"
	NATDNAT = "dnat"
)

// NATRule rewrites an address. SNAT runs at postrouting and matches OutIface;
// DNAT runs at prerouting (or output, for locally generated packets) and
// matches InIface ("" matches any, including locally generated packets).
// Every set matcher must hold.
type NATRule struct {
	Kind     string         `json:"kind"`
	SrcIn    netip.Prefix   `json:"srcIn,omitzero"`
	DstIn    netip.Prefix   `json:"dstIn,omitzero"`
	DstNotIn []netip.Prefix `json:"dstNotIn,omitempty"`
	OutIface string         `json:"outIface,omitempty"`
	InIface  string         `json:"inIface,omitempty"`
	DPort    uint16         `json:"dport,omitempty"`
	To       netip.AddrPort `json:"to"`
	Note     string         `json:"note,omitempty"`
	Source   string         `json:"source,omitempty"`
}

// Service is a ClusterIP service and its backend pod.
type Service struct {
	Name      string     `json:"name"`
	ClusterIP netip.Addr `json:"clusterIP"`
	Port      uint16     `json:"port"`
	Backend   string     `json:"backend"`
	BackendIP netip.Addr `json:"backendIP"`
}

// NSG is a network security group: rules in priority order, first match
// wins, no match allows (Azure's default rules allow VNet and outbound
// traffic; inbound internet traffic never reaches a private address here).
type NSG struct {
	Name  string    `json:"name"`
	Rules []NSGRule `json:"rules"`
}

// Note is a contradiction or assumption the topology follows.
type Note struct {
	Topic  string `json:"topic"`
	Text   string `json:"text"`
	Source string `json:"source"`
}

// JSON returns the topology as indented JSON with a trailing newline.
func (t *Topology) JSON() ([]byte, error) { return marshalIndent(t) }

// NotInternet is the address space the Internet service tag excludes:
// private space, and the VirtualNetwork tag's space — the VNet, the peered
// VNet and the on-premises network behind the gateway — which may be public
// addresses used privately.
func (t *Topology) NotInternet() []netip.Prefix {
	out := azaddr.PrivateRanges()
next:
	for _, p := range []netip.Prefix{t.Addressing.VNet, t.Addressing.Peered, t.Addressing.OnPrem} {
		if !p.IsValid() {
			continue
		}
		for _, q := range out {
			if q.Bits() <= p.Bits() && q.Contains(p.Addr()) {
				continue next // already excluded
			}
		}
		out = append(out, p)
	}
	return out
}

func marshalIndent(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding topology: %w", err)
	}
	return buf.Bytes(), nil
}

// Host returns the host with the given name.
func (t *Topology) Host(name string) (*Host, bool) {
	for i := range t.Hosts {
		if t.Hosts[i].Name == name {
			return &t.Hosts[i], true
		}
	}
	return nil, false
}

// Primary returns the host's first address.
func (h *Host) Primary() netip.Addr {
	for _, i := range h.Interfaces {
		if len(i.Addrs) > 0 {
			return i.Addrs[0].Addr()
		}
	}
	return netip.Addr{}
}

// owns reports whether a is one of the host's addresses.
func (h *Host) owns(a netip.Addr) bool {
	for _, i := range h.Interfaces {
		for _, p := range i.Addrs {
			if p.Addr() == a {
				return true
			}
		}
	}
	return false
}

func (h *Host) iface(name string) (*Interface, bool) {
	for i := range h.Interfaces {
		if h.Interfaces[i].Name == name {
			return &h.Interfaces[i], true
		}
	}
	return nil, false
}

// Clone returns a deep copy of t.
func (t *Topology) Clone() *Topology {
	c := *t
	c.Segments = append([]Segment(nil), t.Segments...)
	c.Services = append([]Service(nil), t.Services...)
	c.Notes = append([]Note(nil), t.Notes...)
	c.NSGs = make([]NSG, len(t.NSGs))
	for i, g := range t.NSGs {
		c.NSGs[i] = NSG{Name: g.Name, Rules: append([]NSGRule(nil), g.Rules...)}
	}
	c.Hosts = make([]Host, len(t.Hosts))
	for i, h := range t.Hosts {
		h.Routes = append([]Route(nil), h.Routes...)
		h.Rules = append([]Rule(nil), h.Rules...)
		h.NAT = append([]NATRule(nil), h.NAT...)
		ifs := make([]Interface, len(h.Interfaces))
		for j, f := range h.Interfaces {
			f.Addrs = append([]netip.Prefix(nil), f.Addrs...)
			f.Claims = append([]netip.Prefix(nil), f.Claims...)
			ifs[j] = f
		}
		h.Interfaces = ifs
		c.Hosts[i] = h
	}
	return &c
}

package emu

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/sim"
)

// Op kinds, in the order a plan applies them.
const (
	OpNetns    = "netns"    // create namespace NS
	OpSysctl   = "sysctl"   // write Key=Value under /proc/sys inside NS
	OpBridge   = "bridge"   // create bridge Link in NS and set it up
	OpLinkUp   = "up"       // set Link up in NS
	OpVeth     = "veth"     // create veth Link in NS with peer Peer in PeerNS, enslave the peer to Master, set both up
	OpAddr     = "addr"     // add Prefix to Link in NS without a prefix route
	OpPNeigh   = "pneigh"   // answer ARP for Prefix's address on Link (proxy neighbour entry)
	OpRoute    = "route"    // add Route in NS
	OpRule     = "rule"     // add policy rule Rule in NS
	OpNFTable  = "nftable"  // create the nat table and its chains in NS
	OpNFTRule  = "nftrule"  // append NAT rule to a chain in NS
	OpNSGTable = "nsgtable" // create the NSG filter table and its chains in NS
	OpNSGRule  = "nsgrule"  // append an NSG filter rule to a chain in NS
)

// NFT names: one table per namespace with the three NAT chains.
const (
	NFTTable         = "aksnet"
	ChainPrerouting  = "prerouting"
	ChainOutput      = "output"
	ChainPostrouting = "postrouting"
	// NSGTable holds a namespace's NSG rules: nsg-in filters packets as
	// they enter an interface (before DNAT), nsg-out as they leave one
	// (after SNAT), where the simulator evaluates them.
	NSGTable = "aksnet-nsg"
	// NSGInPriority runs after connection tracking (-200), so replies are
	// recognised, and before DNAT (-100); NSGOutPriority after SNAT (100).
	NSGInPriority  = -150
	NSGOutPriority = 200
	ChainNSGIn     = "nsg-in"
	ChainNSGOut    = "nsg-out"
)

// Op is one step of realising a topology. Fields not used by Kind are zero.
type Op struct {
	Kind string `json:"kind"`
	// Host is the topology host (or SwitchHost) and NS its namespace.
	Host   string       `json:"host"`
	NS     string       `json:"ns"`
	Link   string       `json:"link,omitempty"`
	Peer   string       `json:"peer,omitempty"`
	PeerNS string       `json:"peerNS,omitempty"`
	Master string       `json:"master,omitempty"`
	Prefix netip.Prefix `json:"prefix,omitzero"`
	Key    string       `json:"key,omitempty"`
	Value  string       `json:"value,omitempty"`
	Route  *RouteOp     `json:"route,omitempty"`
	Rule   *RuleOp      `json:"rule,omitempty"`
	NAT    *NATOp       `json:"nat,omitempty"`
	Filter *FilterOp    `json:"filter,omitempty"`
	// Note says what the step realises.
	Note string `json:"note,omitempty"`
}

// RouteOp is a route to install.
type RouteOp struct {
	Dst       netip.Prefix `json:"dst"`
	Via       netip.Addr   `json:"via,omitzero"`
	Dev       string       `json:"dev,omitempty"`
	OnLink    bool         `json:"onLink,omitempty"`
	Table     int          `json:"table,omitempty"`
	Blackhole bool         `json:"blackhole,omitempty"`
}

// RuleOp is a policy-routing rule.
type RuleOp struct {
	Priority int          `json:"priority"`
	From     netip.Prefix `json:"from,omitzero"`
	IIF      string       `json:"iif,omitempty"`
	Table    int          `json:"table"`
}

// NAT actions.
const (
	NATSNAT = "snat"
	NATDNAT = "dnat"
)

// NATOp is one nftables NAT rule. Every set matcher must hold.
type NATOp struct {
	Chain    string         `json:"chain"`
	Proto    string         `json:"proto,omitempty"` // "", "tcp" or "udp"
	IIF      string         `json:"iif,omitempty"`
	OIF      string         `json:"oif,omitempty"`
	SrcIn    netip.Prefix   `json:"srcIn,omitzero"`
	DstIn    netip.Prefix   `json:"dstIn,omitzero"`
	DstNotIn []netip.Prefix `json:"dstNotIn,omitempty"`
	DPort    uint16         `json:"dport,omitempty"`
	Action   string         `json:"action"`
	To       netip.AddrPort `json:"to"`
}

// Filter verdicts.
const (
	VerdictAccept = "accept"
	VerdictDrop   = "drop"
)

// FilterOp is one nftables filter rule of an NSG. Every set matcher must
// hold; Established matches packets of connections already allowed (NSGs
// are stateful).
type FilterOp struct {
	Chain       string         `json:"chain"`
	Established bool           `json:"established,omitempty"`
	IIF         string         `json:"iif,omitempty"`
	OIF         string         `json:"oif,omitempty"`
	SrcIn       netip.Prefix   `json:"srcIn,omitzero"`
	DstIn       netip.Prefix   `json:"dstIn,omitzero"`
	DstNotIn    []netip.Prefix `json:"dstNotIn,omitempty"`
	Proto       string         `json:"proto,omitempty"`
	DPort       uint16         `json:"dport,omitempty"`
	Verdict     string         `json:"verdict"`
	// Rule names the NSG rule the filter realises.
	Rule string `json:"rule,omitempty"`
}

// Plan is the ordered list of operations that realises a topology.
type Plan struct {
	Lab        string   `json:"lab"`
	Namespaces []string `json:"namespaces"`
	// Hosts maps each namespace's host key back to its topology host.
	Hosts map[string]string `json:"hosts"`
	Ops   []Op              `json:"ops"`
}

// PlanFor translates topology t into the operations that realise it as lab
// name. It fails on what the lab cannot realise faithfully.
func PlanFor(name string, t *sim.Topology) (*Plan, error) {
	if err := ValidName(name); err != nil {
		return nil, err
	}
	p := &Plan{Lab: name, Hosts: map[string]string{}}
	sw := Namespace(name, SwitchHost)
	keys := map[string]bool{HostKey(SwitchHost): true}
	for _, h := range t.Hosts {
		k := HostKey(h.Name)
		if keys[k] {
			return nil, fmt.Errorf("hosts %q and another map to the same namespace %s", h.Name, Namespace(name, h.Name))
		}
		keys[k] = true
	}
	add := func(op Op) { p.Ops = append(p.Ops, op) }

	// Namespaces first, each with its global sysctls.
	hosts := append([]sim.Host{{Name: SwitchHost}}, t.Hosts...)
	for _, h := range hosts {
		ns := Namespace(name, h.Name)
		p.Namespaces = append(p.Namespaces, ns)
		p.Hosts[HostKey(h.Name)] = h.Name
		add(Op{Kind: OpNetns, Host: h.Name, NS: ns})
		for _, s := range globalSysctls(h.Forward) {
			add(Op{Kind: OpSysctl, Host: h.Name, NS: ns, Key: s[0], Value: s[1]})
		}
		add(Op{Kind: OpLinkUp, Host: h.Name, NS: ns, Link: "lo"})
	}
	seg := map[string]int{}
	segNSG := map[string]*sim.NSG{}
	for i, s := range t.Segments {
		seg[s.Name] = i
		if s.NSG != "" {
			g := slices.IndexFunc(t.NSGs, func(g sim.NSG) bool { return g.Name == s.NSG })
			if g < 0 {
				return nil, fmt.Errorf("segment %s names unknown NSG %q", s.Name, s.NSG)
			}
			segNSG[s.Name] = &t.NSGs[g]
		}
		note := "segment " + s.Name
		if s.Prefix.IsValid() {
			note += " " + s.Prefix.String()
		}
		add(Op{Kind: OpBridge, Host: SwitchHost, NS: sw, Link: bridgeName(i), Note: note})
	}
	for hi, h := range t.Hosts {
		ns := Namespace(name, h.Name)
		for ii, ifc := range h.Interfaces {
			si, ok := seg[ifc.Segment]
			if !ok {
				return nil, fmt.Errorf("host %s interface %s: unknown segment %q", h.Name, ifc.Name, ifc.Segment)
			}
			if len(ifc.Name) > MaxLinkName || ifc.Name == "lo" || ifc.Name == "" {
				return nil, fmt.Errorf("host %s: interface name %q is not a valid link name", h.Name, ifc.Name)
			}
			add(Op{Kind: OpVeth, Host: h.Name, NS: ns, Link: ifc.Name, Peer: portName(hi+1, ii), PeerNS: sw, Master: bridgeName(si),
				Note: "on " + ifc.Segment})
		}
		for _, ifc := range h.Interfaces {
			for _, a := range ifc.Addrs {
				add(Op{Kind: OpAddr, Host: h.Name, NS: ns, Link: ifc.Name, Prefix: a})
			}
		}
		for _, ifc := range h.Interfaces {
			proxy := false
			for _, c := range ifc.Claims {
				if c.IsSingleIP() {
					add(Op{Kind: OpPNeigh, Host: h.Name, NS: ns, Link: ifc.Name, Prefix: c, Note: "claim: the fabric delivers " + c.Addr().String() + " to this NIC"})
				} else {
					proxy = true
				}
			}
			note := "claims " + prefixList(ifc.Claims)
			if len(ifc.Addrs) == 0 && len(ifc.Claims) == 0 && h.Forward {
				proxy, note = true, "unnumbered router link: answer for what the host routes elsewhere"
			}
			if proxy {
				add(Op{Kind: OpSysctl, Host: h.Name, NS: ns, Key: "net.ipv4.conf." + ifc.Name + ".proxy_arp", Value: "1", Note: note})
			}
			if proxy || slices.ContainsFunc(ifc.Claims, netip.Prefix.IsSingleIP) {
				add(Op{Kind: OpSysctl, Host: h.Name, NS: ns, Key: "net.ipv4.neigh." + ifc.Name + ".proxy_delay", Value: "0",
					Note: "answer proxied ARP at once"})
			}
		}
		routes, err := planRoutes(h)
		if err != nil {
			return nil, err
		}
		for _, r := range routes {
			add(Op{Kind: OpRoute, Host: h.Name, NS: ns, Route: &r.op, Note: r.note})
		}
		for _, r := range h.Rules {
			add(Op{Kind: OpRule, Host: h.Name, NS: ns, Rule: &RuleOp{Priority: r.Priority, From: r.From, IIF: r.IIF, Table: r.Table}, Note: r.Note})
		}
		if len(h.NAT) > 0 {
			add(Op{Kind: OpNFTable, Host: h.Name, NS: ns})
			for _, r := range h.NAT {
				nats, err := planNAT(r)
				if err != nil {
					return nil, fmt.Errorf("host %s: %w", h.Name, err)
				}
				for _, n := range nats {
					add(Op{Kind: OpNFTRule, Host: h.Name, NS: ns, NAT: &n, Note: r.Note})
				}
			}
		}
		for _, f := range planNSG(h, segNSG, t.NotInternet()) {
			if f == nil {
				add(Op{Kind: OpNSGTable, Host: h.Name, NS: ns})
				continue
			}
			add(Op{Kind: OpNSGRule, Host: h.Name, NS: ns, Filter: f, Note: f.Rule})
		}
	}
	return p, nil
}

// globalSysctls are written in every namespace before its interfaces exist,
// so new interfaces take them as defaults. A new namespace inherits IPv4
// defaults from the initial namespace (net.core.devconf_inherit_init_net),
// so every value the lab relies on is set explicitly: forwarding as the
// topology says, no reverse-path filtering and no ICMP redirects (the
// simulator models neither), plain ARP behaviour, and no IPv6.
func globalSysctls(forward bool) [][2]string {
	fwd := "0"
	if forward {
		fwd = "1"
	}
	out := [][2]string{{"net.ipv4.ip_forward", fwd}}
	for _, c := range []string{"all", "default"} {
		out = append(out,
			[2]string{"net.ipv4.conf." + c + ".rp_filter", "0"},
			[2]string{"net.ipv4.conf." + c + ".send_redirects", "0"},
			[2]string{"net.ipv4.conf." + c + ".accept_redirects", "0"},
			[2]string{"net.ipv4.conf." + c + ".proxy_arp", "0"},
			[2]string{"net.ipv4.conf." + c + ".arp_ignore", "0"},
			[2]string{"net.ipv4.conf." + c + ".arp_filter", "0"},
			[2]string{"net.ipv6.conf." + c + ".disable_ipv6", "1"},
		)
	}
	return out
}

type plannedRoute struct {
	op   RouteOp
	note string
}

// planRoutes orders a host's routes so that a gateway's covering device
// route exists before the route through it: device routes, then routes via
// a gateway, then blackholes. Interface addresses carry no prefix route, so
// a host's routes are exactly the topology's; a gateway that no device route
// of the same table (or the main table) covers is marked on-link, as the
// simulator treats it (it looks the next hop up on the segment).
func planRoutes(h sim.Host) ([]plannedRoute, error) {
	rank := func(r sim.Route) int {
		switch {
		case r.Type == sim.RouteBlackhole:
			return 2
		case r.Via.IsValid():
			return 1
		}
		return 0
	}
	// The simulator's longest-prefix match keeps the first of two routes
	// with the same destination in a table; the kernel holds only one.
	type key struct {
		table int
		dst   netip.Prefix
	}
	first := map[key]bool{}
	var rs []sim.Route
	for _, r := range h.Routes {
		k := key{r.Table, r.Dst.Masked()}
		if !first[k] {
			first[k] = true
			rs = append(rs, r)
		}
	}
	slices.SortStableFunc(rs, func(a, b sim.Route) int { return rank(a) - rank(b) })
	var out []plannedRoute
	for _, r := range rs {
		if !r.Dst.Addr().Is4() {
			return nil, fmt.Errorf("host %s: route %s is not IPv4", h.Name, r.Dst)
		}
		op := RouteOp{Dst: r.Dst.Masked(), Via: r.Via, Dev: r.Dev, OnLink: r.OnLink, Table: r.Table, Blackhole: r.Type == sim.RouteBlackhole}
		switch r.Type {
		case sim.RouteBlackhole:
			op.Dev, op.Via = "", netip.Addr{}
		case sim.RouteUnicast:
			if r.Dev == "" {
				return nil, fmt.Errorf("host %s: route %s names no device", h.Name, r.Dst)
			}
		default:
			return nil, fmt.Errorf("host %s: route %s has unknown type %q", h.Name, r.Dst, r.Type)
		}
		if op.Via.IsValid() && !op.OnLink {
			op.OnLink = !slices.ContainsFunc(h.Routes, func(c sim.Route) bool {
				return c.Type == sim.RouteUnicast && !c.Via.IsValid() && c.Dev == r.Dev && (c.Table == r.Table || c.Table == 0) && c.Dst.Contains(r.Via)
			})
		}
		out = append(out, plannedRoute{op: op, note: r.Note})
	}
	return out, nil
}

// planNAT turns one simulator NAT rule into nftables rules. DNAT runs at
// prerouting and, when it matches any incoming interface, at output for
// locally generated packets; a port match or port mapping is realised for
// TCP and UDP alike, since the simulator's rules name no protocol.
func planNAT(r sim.NATRule) ([]NATOp, error) {
	base := NATOp{SrcIn: r.SrcIn, DstIn: r.DstIn, DstNotIn: r.DstNotIn, DPort: r.DPort, To: r.To}
	if !r.To.Addr().Is4() {
		return nil, fmt.Errorf("NAT rule %q: target %s is not IPv4", r.Note, r.To)
	}
	var chains []NATOp
	switch r.Kind {
	case sim.NATSNAT:
		if r.InIface != "" {
			return nil, fmt.Errorf("NAT rule %q: SNAT cannot match an incoming interface", r.Note)
		}
		base.Action, base.Chain, base.OIF = NATSNAT, ChainPostrouting, r.OutIface
		chains = append(chains, base)
	case sim.NATDNAT:
		if r.OutIface != "" {
			return nil, fmt.Errorf("NAT rule %q: DNAT cannot match an outgoing interface", r.Note)
		}
		base.Action, base.Chain, base.IIF = NATDNAT, ChainPrerouting, r.InIface
		chains = append(chains, base)
		if r.InIface == "" {
			base.Chain = ChainOutput
			chains = append(chains, base)
		}
	default:
		return nil, fmt.Errorf("NAT rule %q: unknown kind %q", r.Note, r.Kind)
	}
	if r.DPort == 0 && r.To.Port() == 0 {
		return chains, nil
	}
	var out []NATOp
	for _, c := range chains {
		for _, proto := range []string{"tcp", "udp"} {
			c.Proto = proto
			out = append(out, c)
		}
	}
	return out, nil
}

// planNSG realises the NSGs of a host's interfaces. The simulator checks an
// NSG where a packet leaves or enters an interface of a host other than the
// fabric on a segment that names the NSG: outbound after SNAT, inbound
// before DNAT; first match wins and no match allows. A nil entry stands for
// the table with its two chains, each opening with the stateful accept.
func planNSG(h sim.Host, segNSG map[string]*sim.NSG, notInternet []netip.Prefix) []*FilterOp {
	if h.Kind == sim.KindFabric {
		return nil
	}
	var out []*FilterOp
	for _, ifc := range h.Interfaces {
		g := segNSG[ifc.Segment]
		if g == nil {
			continue
		}
		if out == nil {
			out = append(out, nil,
				&FilterOp{Chain: ChainNSGIn, Established: true, Verdict: VerdictAccept, Rule: "NSGs are stateful: replies and related packets pass"},
				&FilterOp{Chain: ChainNSGOut, Established: true, Verdict: VerdictAccept, Rule: "NSGs are stateful: replies and related packets pass"})
		}
		for _, r := range g.Rules {
			f := FilterOp{SrcIn: r.Src, DstIn: r.Dst, Verdict: VerdictAccept, Rule: g.Name + " " + r.Direction + " rule " + r.Name}
			if r.Deny {
				f.Verdict = VerdictDrop
			}
			if r.Direction == sim.DirInbound {
				f.Chain, f.IIF = ChainNSGIn, ifc.Name
			} else {
				f.Chain, f.OIF = ChainNSGOut, ifc.Name
			}
			if r.DstTag == sim.TagInternet {
				f.DstNotIn = notInternet // the Internet tag, as the simulator matches it
			}
			if r.Port == 0 {
				out = append(out, &f)
				continue
			}
			for _, proto := range []string{"tcp", "udp"} {
				g := f
				g.Proto, g.DPort = proto, r.Port
				out = append(out, &g)
			}
		}
	}
	return out
}

func prefixList(ps []netip.Prefix) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

// String renders the operation in ip(8)/nft(8)-like syntax.
func (o Op) String() string {
	var b strings.Builder
	if o.Kind == OpNetns {
		b.WriteString("netns add " + o.NS)
	} else {
		b.WriteString("[" + HostKey(o.Host) + "] ")
	}
	switch o.Kind {
	case OpSysctl:
		b.WriteString("sysctl " + o.Key + "=" + o.Value)
	case OpLinkUp:
		b.WriteString("link set " + o.Link + " up")
	case OpBridge:
		b.WriteString("link add " + o.Link + " type bridge")
	case OpVeth:
		fmt.Fprintf(&b, "link add %s type veth peer %s netns %s master %s", o.Link, o.Peer, o.PeerNS, o.Master)
	case OpAddr:
		fmt.Fprintf(&b, "addr add %s dev %s noprefixroute", o.Prefix, o.Link)
	case OpPNeigh:
		fmt.Fprintf(&b, "neigh add proxy %s dev %s", o.Prefix.Addr(), o.Link)
	case OpRoute:
		b.WriteString("route add " + o.Route.String())
	case OpRule:
		b.WriteString("rule add " + o.Rule.String())
	case OpNFTable:
		fmt.Fprintf(&b, "nft add table ip %s { %s; %s; %s }", NFTTable, chainSpec(ChainPrerouting), chainSpec(ChainOutput), chainSpec(ChainPostrouting))
	case OpNFTRule:
		b.WriteString("nft add rule ip " + NFTTable + " " + o.NAT.String())
	case OpNSGTable:
		fmt.Fprintf(&b, "nft add table ip %s { chain %s { type filter hook prerouting priority %d }; chain %s { type filter hook postrouting priority %d } }",
			NSGTable, ChainNSGIn, NSGInPriority, ChainNSGOut, NSGOutPriority)
	case OpNSGRule:
		b.WriteString("nft add rule ip " + NSGTable + " " + o.Filter.String())
	}
	if o.Note != "" {
		b.WriteString("  # " + o.Note)
	}
	return b.String()
}

func chainSpec(c string) string {
	switch c {
	case ChainPrerouting:
		return "chain prerouting { type nat hook prerouting priority dstnat }"
	case ChainOutput:
		return "chain output { type nat hook output priority -100 }"
	}
	return "chain postrouting { type nat hook postrouting priority srcnat }"
}

func (r RouteOp) String() string {
	var b strings.Builder
	if r.Blackhole {
		b.WriteString("blackhole ")
	}
	b.WriteString(r.Dst.String())
	if r.Via.IsValid() {
		b.WriteString(" via " + r.Via.String())
	}
	if r.Dev != "" {
		b.WriteString(" dev " + r.Dev)
	}
	if r.OnLink {
		b.WriteString(" onlink")
	}
	if r.Table != 0 {
		b.WriteString(" table " + strconv.Itoa(r.Table))
	}
	return b.String()
}

func (r RuleOp) String() string {
	s := "pref " + strconv.Itoa(r.Priority)
	if r.From.IsValid() {
		s += " from " + r.From.String()
	}
	if r.IIF != "" {
		s += " iif " + r.IIF
	}
	return s + " table " + strconv.Itoa(r.Table)
}

// match is what NAT and filter rules match on.
type match struct {
	iif, oif    string
	src, dst    netip.Prefix
	dstNot      []netip.Prefix
	proto       string
	dport       uint16
	established bool
}

func (n NATOp) match() match {
	return match{iif: n.IIF, oif: n.OIF, src: n.SrcIn, dst: n.DstIn, dstNot: n.DstNotIn, proto: n.Proto, dport: n.DPort}
}

func (f FilterOp) match() match {
	return match{iif: f.IIF, oif: f.OIF, src: f.SrcIn, dst: f.DstIn, dstNot: f.DstNotIn, proto: f.Proto, dport: f.DPort, established: f.Established}
}

// String renders the matchers as `nft list ruleset` prints them.
func (m match) String() []string {
	var parts []string
	if m.established {
		parts = append(parts, "ct state established,related")
	}
	if m.iif != "" {
		parts = append(parts, fmt.Sprintf("iifname %q", m.iif))
	}
	if m.oif != "" {
		parts = append(parts, fmt.Sprintf("oifname %q", m.oif))
	}
	if m.src.IsValid() && m.src.Bits() > 0 {
		parts = append(parts, "ip saddr "+prefixOrAddr(m.src))
	}
	if m.dst.IsValid() && m.dst.Bits() > 0 {
		parts = append(parts, "ip daddr "+prefixOrAddr(m.dst))
	}
	for _, x := range m.dstNot {
		parts = append(parts, "ip daddr != "+prefixOrAddr(x))
	}
	switch {
	case m.proto != "" && m.dport != 0:
		parts = append(parts, m.proto+" dport "+strconv.Itoa(int(m.dport)))
	case m.proto != "":
		parts = append(parts, "meta l4proto "+m.proto)
	}
	return parts
}

// String renders the chain and the rule in nft(8) syntax, the rule as
// `nft list ruleset` prints it.
func (f FilterOp) String() string {
	return strings.Join(append(append([]string{f.Chain}, f.match().String()...), f.Verdict), " ")
}

// String renders the chain and the rule in nft(8) syntax, the rule as
// `nft list ruleset` prints it.
func (n NATOp) String() string {
	parts := append([]string{n.Chain}, n.match().String()...)
	to := n.To.Addr().String()
	if n.To.Port() != 0 {
		to = n.To.String()
	}
	parts = append(parts, n.Action+" to "+to)
	return strings.Join(parts, " ")
}

func prefixOrAddr(p netip.Prefix) string {
	if p.IsSingleIP() {
		return p.Addr().String()
	}
	return p.Masked().String()
}

// Text renders the whole plan, one operation a line.
func (p *Plan) Text() string {
	var b strings.Builder
	for _, o := range p.Ops {
		b.WriteString(o.String())
		b.WriteByte('\n')
	}
	return b.String()
}

package sim

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/aksnet/aksnet/internal/netmodel"
)

// MaxHops bounds every trace: a packet is dropped as unreachable after this
// many forwarding steps (a TTL).
const MaxHops = 32

// Hop actions.
const (
	ActRoute   = "route"   // route lookup and the route that matched
	ActSNAT    = "snat"    // source NAT from→to
	ActDNAT    = "dnat"    // destination NAT from→to
	ActEncap   = "encap"   // encapsulation on the fabric (none for every Azure model)
	ActForward = "forward" // handed to the next host
	ActNSG     = "nsg"     // an NSG rule matched
	ActPolicy  = "policy"  // network-policy enforcement point
	ActDeliver = "deliver" // arrived
	ActDrop    = "drop"    // dropped
)

// Verdicts.
const (
	VerdictReachable     = "reachable"
	VerdictNoRoute       = "unreachable: no route"
	VerdictBlackhole     = "unreachable: dropped by route"
	VerdictNoNeighbour   = "unreachable: no host answers"
	VerdictNotRouter     = "unreachable: host does not forward"
	VerdictNSG           = "unreachable: denied by NSG"
	VerdictLoop          = "unreachable: routing loop"
	VerdictHopLimit      = "unreachable: hop limit exceeded"
	VerdictPluginDefined = "undetermined: plugin-defined"
)

// Hop is one step of a trace.
type Hop struct {
	Host   string     `json:"host"`
	Action string     `json:"action"`
	Detail string     `json:"detail"`
	Src    netip.Addr `json:"src"`
	Dst    netip.Addr `json:"dst"`
	Source string     `json:"source,omitempty"`
}

// Result is the outcome of one flow. Its JSON form is the trace contract:
// schemaVersion 1, source and destination, reachable, seenSource (null when
// unreachable), attributableToPod and hops.
type Result struct {
	SchemaVersion int    `json:"schemaVersion"`
	Model         string `json:"model"`
	// From and To are the endpoints as written (set in matrices).
	From         string       `json:"from,omitempty"`
	To           string       `json:"to,omitempty"`
	Source       EndpointView `json:"source"`
	Destination  EndpointView `json:"destination"`
	Reachable    bool         `json:"reachable"`
	Verdict      string       `json:"verdict"`
	Reason       string       `json:"reason"`
	SeenSource   *netip.Addr  `json:"seenSource"`
	Attributable bool         `json:"attributableToPod"`
	Hops         []Hop        `json:"hops"`
	Notes        []Note       `json:"notes,omitempty"`
}

// EndpointView is an endpoint as reported in a result.
type EndpointView struct {
	Kind   string     `json:"kind"`
	Name   string     `json:"name"`
	IP     netip.Addr `json:"ip"`
	NodeIP netip.Addr `json:"nodeIP,omitzero"`
	Port   uint16     `json:"port,omitempty"`
}

type packet struct {
	src, dst netip.Addr
	dport    uint16
}

type tracer struct {
	t     *Topology
	p     plane
	res   *Result
	pkt   packet
	from  Endpoint
	to    Endpoint
	notes map[string]bool
}

func (tr *tracer) hop(host, action, source, format string, args ...any) {
	tr.res.Hops = append(tr.res.Hops, Hop{Host: host, Action: action, Detail: fmt.Sprintf(format, args...),
		Src: tr.pkt.src, Dst: tr.pkt.dst, Source: source})
}

func (tr *tracer) note(n Note) {
	if tr.notes[n.Topic] {
		return
	}
	tr.notes[n.Topic] = true
	tr.res.Notes = append(tr.res.Notes, n)
}

func (tr *tracer) fail(host, verdict, reason string) {
	tr.res.Verdict, tr.res.Reason = verdict, reason
	tr.hop(host, ActDrop, "", "%s", reason)
}

// Trace sends one packet from endpoint from to endpoint to and follows it
// hop by hop over the topology. It always terminates: after MaxHops steps
// or when a host sees the same packet arrive on the same interface twice.
func (t *Topology) Trace(from, to Endpoint) Result {
	src, _ := t.Host(from.Host)
	dst, _ := t.Host(to.Host)
	sv := t.view(from)
	sv.Port = 0 // a source port carries no meaning here
	res := Result{SchemaVersion: 1, Model: t.label(), Source: sv, Destination: t.view(to), Hops: []Hop{}}
	tr := &tracer{t: t, p: planeFor(t), res: &res, from: from, to: to, notes: map[string]bool{}}
	if src == nil || dst == nil {
		res.Verdict, res.Reason = VerdictNoRoute, "endpoint not in topology"
		return res
	}
	tr.pkt = packet{src: from.IP, dst: to.IP, dport: to.Port}
	for _, n := range t.Notes {
		if n.Topic == "byo" || (to.Kind == KindInternet && (n.Topic == "outbound-none" || n.Topic == "outbound-block")) {
			tr.note(n)
		}
	}
	if v, why, ok := tr.p.undetermined(t, src, dst); ok {
		res.Verdict, res.Reason = v, why
		tr.hop(src.Name, ActDrop, "BYO", "%s", why)
		return res
	}
	tr.run(src, dst)
	if m, ok := netmodel.Lookup(netmodel.ID(t.Model)); ok && res.Verdict != VerdictReachable && dst.Kind == KindPod &&
		src.Kind != KindPod && src.Kind != KindNode && !m.InboundToPods.Value {
		res.Reason += fmt.Sprintf("; %s pods are reachable only pod-initiated from outside the cluster (%s): expose them with a LoadBalancer service or ingress",
			m.Title, m.InboundToPods.Source)
	}
	if res.Verdict == VerdictReachable {
		res.Reachable = true
		seen := tr.pkt.src
		res.SeenSource = &seen
		res.Attributable = from.Kind == KindPod && seen == from.IP
		switch {
		case res.Attributable:
			res.Reason = "the destination sees the pod's own IP " + seen.String()
		case from.Kind == KindPod:
			res.Reason = "the destination sees " + seen.String() + ", not the pod IP " + from.IP.String() + ": it cannot tell which pod sent it"
		default:
			res.Reason = "the destination sees " + seen.String()
		}
	}
	slices.SortStableFunc(res.Notes, func(a, b Note) int { return compareStr(a.Topic, b.Topic) })
	return res
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type visit struct {
	host, iif string
	pkt       packet
}

func (tr *tracer) run(cur, final *Host) {
	t := tr.t
	inIface := ""
	seen := map[visit]bool{}
	for step := 0; ; step++ {
		if step >= MaxHops {
			tr.fail(cur.Name, VerdictHopLimit, fmt.Sprintf("more than %d hops", MaxHops))
			return
		}
		v := visit{cur.Name, inIface, tr.pkt}
		if seen[v] {
			tr.fail(cur.Name, VerdictLoop, fmt.Sprintf("%s saw the packet to %s arrive on %q before", cur.Name, tr.pkt.dst, inIface))
			return
		}
		seen[v] = true

		// DNAT at prerouting (or output for locally generated packets).
		for _, r := range cur.NAT {
			if r.Kind != NATDNAT || (r.InIface != "" && r.InIface != inIface) || !r.matchAddrs(tr.pkt) {
				continue
			}
			if r.DPort != 0 && r.DPort != tr.pkt.dport {
				continue
			}
			old := tr.pkt.dst
			tr.pkt.dst = r.To.Addr()
			if r.To.Port() != 0 {
				tr.pkt.dport = r.To.Port()
			}
			tr.hop(cur.Name, ActDNAT, r.Source, "%s → %s (%s)", old, tr.pkt.dst, r.Note)
			break
		}
		if cur.owns(tr.pkt.dst) {
			tr.p.deliver(tr, cur)
			if cur.Kind == KindPod {
				tr.policy(cur)
			}
			tr.hop(cur.Name, ActDeliver, "", "delivered to %s (%s)", cur.Name, tr.pkt.dst)
			tr.res.Verdict = VerdictReachable
			return
		}
		if inIface != "" && !cur.Forward {
			tr.fail(cur.Name, VerdictNotRouter, cur.Name+" does not own "+tr.pkt.dst.String()+" and does not forward")
			return
		}
		rt, ok := cur.lookup(tr.pkt, inIface)
		if !ok {
			tr.fail(cur.Name, VerdictNoRoute, fmt.Sprintf("%s has no route to %s", cur.Name, tr.pkt.dst))
			return
		}
		tr.hop(cur.Name, ActRoute, rt.Source, "%s", rt.describe())
		if rt.Type == RouteBlackhole {
			tr.fail(cur.Name, VerdictBlackhole, fmt.Sprintf("%s drops %s: %s", cur.Name, tr.pkt.dst, rt.Note))
			return
		}
		out, ok := cur.iface(rt.Dev)
		if !ok {
			tr.fail(cur.Name, VerdictNoRoute, fmt.Sprintf("%s has no interface %q", cur.Name, rt.Dev))
			return
		}
		for _, r := range cur.NAT {
			if r.Kind != NATSNAT || (r.OutIface != "" && r.OutIface != out.Name) || !r.matchAddrs(tr.pkt) {
				continue
			}
			old := tr.pkt.src
			tr.pkt.src = r.To.Addr()
			tr.hop(cur.Name, ActSNAT, r.Source, "%s → %s (%s)", old, tr.pkt.src, r.Note)
			break
		}
		nh := rt.Via
		if !nh.IsValid() {
			nh = tr.pkt.dst
		}
		next, nin := t.neighbour(cur, out.Segment, nh)
		if next == nil {
			tr.fail(cur.Name, VerdictNoNeighbour, fmt.Sprintf("no host on %s answers for %s", out.Segment, nh))
			return
		}
		if seg, ok := t.segment(out.Segment); ok && seg.NSG != "" {
			if cur.Kind != KindFabric && !tr.nsg(cur.Name, seg.NSG, "outbound") {
				return
			}
			if next.Kind != KindFabric && !tr.nsg(next.Name, seg.NSG, "inbound") {
				return
			}
		}
		tr.p.transmit(tr, cur, out, next)
		tr.hop(cur.Name, ActForward, "", "out %s on %s to %s (%s)", out.Name, out.Segment, next.Name, nh)
		cur, inIface = next, nin
	}
}

func (tr *tracer) policy(pod *Host) {
	eng := tr.t.Policy
	if eng == "" || eng == "none" {
		return
	}
	tr.hop(pod.Name, ActPolicy, "NETPOL", "%s enforces NetworkPolicy for %s; it matches the source as %s (no policy given: allowed)", eng, pod.Name, tr.pkt.src)
}

func (r NATRule) matchAddrs(p packet) bool {
	if r.SrcIn.IsValid() && !r.SrcIn.Contains(p.src) {
		return false
	}
	if r.DstIn.IsValid() && !r.DstIn.Contains(p.dst) {
		return false
	}
	for _, x := range r.DstNotIn {
		if x.Contains(p.dst) {
			return false
		}
	}
	return true
}

// lookup applies the host's rules, then longest-prefix match in the chosen
// table, falling back to the main table.
func (h *Host) lookup(p packet, iif string) (Route, bool) {
	byPriority := func(a, b Rule) int { return a.Priority - b.Priority }
	rules := h.Rules
	if !slices.IsSortedFunc(rules, byPriority) {
		rules = slices.Clone(rules)
		slices.SortStableFunc(rules, byPriority)
	}
	for _, r := range rules {
		if r.From.IsValid() && !r.From.Contains(p.src) {
			continue
		}
		if r.IIF != "" && r.IIF != iif {
			continue
		}
		if rt, ok := h.lpm(r.Table, p.dst); ok {
			return rt, true
		}
	}
	return h.lpm(0, p.dst)
}

func (h *Host) lpm(table int, dst netip.Addr) (Route, bool) {
	best, found := Route{}, false
	for _, r := range h.Routes {
		if r.Table != table || !r.Dst.Contains(dst) {
			continue
		}
		if !found || r.Dst.Bits() > best.Dst.Bits() {
			best, found = r, true
		}
	}
	return best, found
}

func (r Route) describe() string {
	s := r.Dst.String()
	if r.Type == RouteBlackhole {
		s = "blackhole " + s
	}
	if r.Via.IsValid() {
		s += " via " + r.Via.String()
	}
	if r.Dev != "" {
		s += " dev " + r.Dev
	}
	if r.Table != 0 {
		s += fmt.Sprintf(" table %d", r.Table)
	}
	if r.Note != "" {
		s += " (" + r.Note + ")"
	}
	return s
}

// neighbour finds the host on segment seg (other than from) that owns or
// claims addr, and the interface it arrives on.
func (t *Topology) neighbour(from *Host, seg string, addr netip.Addr) (*Host, string) {
	for i := range t.Hosts {
		h := &t.Hosts[i]
		if h.Name == from.Name {
			continue
		}
		for _, ifc := range h.Interfaces {
			if ifc.Segment != seg {
				continue
			}
			for _, p := range ifc.Addrs {
				if p.Addr() == addr {
					return h, ifc.Name
				}
			}
			for _, p := range ifc.Claims {
				if p.Contains(addr) {
					return h, ifc.Name
				}
			}
		}
	}
	return nil, ""
}

func (t *Topology) segment(name string) (Segment, bool) {
	for _, s := range t.Segments {
		if s.Name == name {
			return s, true
		}
	}
	return Segment{}, false
}

func (t *Topology) label() string {
	s := t.Model
	if t.Allocation != "" {
		s += "/" + t.Allocation
	}
	if t.Dataplane == "cilium" {
		s += "+cilium"
	}
	return s
}

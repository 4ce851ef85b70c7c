package sim

import (
	"net/netip"

	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// plane is one networking model's packet handling: how it hands out pod
// addresses, which routes and NAT rules it installs, and the per-hop hooks
// that annotate a trace. Each model lives in its own file.
type plane interface {
	// allocate fills b.podIPs, b.podGW and b.blocks with the model's IPAM.
	allocate(b *builder)
	// bridge names the node's pod-side interface.
	bridge() string
	// build installs the model's routes, claims and NAT rules.
	build(b *builder)
	// transmit runs when a packet leaves cur on out toward next.
	transmit(tr *tracer, cur *Host, out *Interface, next *Host)
	// deliver runs when a packet arrives at its destination host.
	deliver(tr *tracer, h *Host)
	// undetermined reports flows the model cannot predict.
	undetermined(t *Topology, src, dst *Host) (verdict, reason string, ok bool)
}

// base is the no-op part of every plane.
type base struct{}

func (base) transmit(*tracer, *Host, *Interface, *Host) {}
func (base) deliver(*tracer, *Host)                     {}
func (base) undetermined(*Topology, *Host, *Host) (string, string, bool) {
	return "", "", false
}

// planeFor returns the plane of a topology's model and data plane.
func planeFor(t *Topology) plane {
	var p plane
	switch netmodel.ID(t.Model) {
	case netmodel.Kubenet:
		p = kubenet{}
	case netmodel.AzureNodeSubnet:
		p = nodeSubnet{}
	case netmodel.AzurePodSubnet:
		p = podSubnet{static: t.Allocation == string(netmodel.StaticBlock)}
	case netmodel.BYOCNI:
		p = byo{}
	default:
		p = overlay{}
	}
	if t.Dataplane == string(netmodel.DataplaneCilium) {
		p = cilium{plane: p}
	}
	return p
}

// allocPerNodeBlocks gives node k the k-th block of the model's per-node
// prefix length from the pod CIDR (KUB worked example 6: node 1
// 10.244.0.0/24, node 2 10.244.1.0/24); the node's pod-side interface takes
// the block's first host address and pods the following ones.
func allocPerNodeBlocks(b *builder, m netmodel.Model) {
	cidr := b.t.Addressing.PodCIDR
	bits := m.PerNodePodPrefixLen.Value
	if bits == 0 {
		bits = netmodel.MustLookup(netmodel.Kubenet).PerNodePodPrefixLen.Value // BYO: shown with the same /24 split (assumption)
	}
	if avail := netmodel.PodCIDRNodes(cidr.Bits(), bits); avail < int64(b.o.Nodes) {
		b.errorf(CodeCapacity, "give a larger --pod-cidr or fewer --nodes",
			"pod CIDR %s holds %d per-node /%d blocks; %d nodes need %d (%s)", cidr, avail, bits, b.o.Nodes, b.o.Nodes, m.PerNodePodPrefixLen.Source)
		return
	}
	for k := range b.o.Nodes {
		blk, _ := ipplan.NodeBlock(cidr, bits, k) // node k+1 gets the k-th block (KUB)
		b.blocks[k] = blk
		b.podGW[k] = netip.PrefixFrom(nth(blk, 1), bits)
		for i := range b.pods {
			b.podIPs[k] = append(b.podIPs[k], nth(blk, 2+i))
		}
	}
}

// podTraffic reports whether the traced packet started at or is bound for a pod.
func (tr *tracer) podTraffic() bool {
	return tr.from.Kind == KindPod || tr.to.Kind == KindPod || tr.to.Kind == KindService
}

// encapNone records that the model puts pod traffic on the fabric unencapsulated.
func (tr *tracer) encapNone(cur, next *Host, m netmodel.Model) {
	if cur.Kind == KindNode && (next.Kind == KindFabric || next.Kind == KindNode) && tr.podTraffic() {
		tr.hop(cur.Name, ActEncap, m.Encapsulation.Source, "encapsulation %s: the packet goes on the fabric as is", m.Encapsulation.Value)
	}
}

// snatToNode returns the node's SNAT rule for its pods.
func snatToNode(node *Host, src netip.Prefix, notIn []netip.Prefix, note, source string) NATRule {
	return NATRule{Kind: NATSNAT, SrcIn: src, DstNotIn: notIn, OutIface: "eth0",
		To: netip.AddrPortFrom(node.Primary(), 0), Note: note, Source: source}
}

// podCIDRWiring is what kubenet and overlay share: pods in per-node blocks
// of a pod CIDR, a fabric table with one route per block for packets from
// the node subnet, and SNAT to the node IP outside the pod CIDR. The fields
// carry each model's wording; the sources come from its catalog entry.
type podCIDRWiring struct {
	model                                    netmodel.ID
	table                                    int
	bridgeName                               string
	fabricNote, ruleNote, nodeNote, snatNote string
	hopTopic                                 string
	hopNote                                  netmodel.Fact[string]
}

func (w podCIDRWiring) build(b *builder) {
	m := netmodel.MustLookup(w.model)
	cidr := b.t.Addressing.PodCIDR
	src := m.PodSource.Source
	if m.RouteTablePerNode.Value {
		src = m.RouteTablePerNode.Source
	}
	fabricTable(b, w.table, w.fabricNote, w.ruleNote, src)
	for k, n := range b.nodes {
		n.Routes = append(n.Routes, Route{Dst: b.blocks[k], Dev: w.bridgeName, Note: w.nodeNote, Source: m.PerNodePodPrefixLen.Source})
		n.NAT = append(n.NAT, snatToNode(n, cidr, []netip.Prefix{cidr}, w.snatNote, m.SNAT.Source))
	}
}

func (w podCIDRWiring) transmit(tr *tracer, cur, next *Host) {
	tr.encapNone(cur, next, netmodel.MustLookup(w.model))
	if cur.Kind == KindFabric && next.Kind == KindNode && tr.t.Addressing.PodCIDR.Contains(tr.pkt.dst) {
		tr.note(Note{Topic: w.hopTopic, Source: w.hopNote.Source, Text: w.hopNote.Value})
	}
}

// fabricTable installs one route per node's pod block in a fabric table
// selected for packets arriving from the node subnet.
func fabricTable(b *builder, table int, note, rule, source string) {
	f, _ := b.t.Host("fabric")
	f.Rules = append(f.Rules, Rule{Priority: table, IIF: "node", Table: table, Note: rule})
	for k, n := range b.nodes {
		f.Routes = append(f.Routes, Route{Dst: b.blocks[k], Via: n.Primary(), Dev: "node", Table: table, Note: note, Source: source})
	}
}

package sim

import (
	"net/netip"

	"github.com/aksnet/aksnet/internal/netmodel"
)

// kubenet: nodes get VNet IPs; pods get addresses from the node's /24 of the
// pod CIDR on a local bridge (cbr0); an Azure route table (one route per
// node's /24) and IP forwarding on the nodes carry pod traffic between
// nodes; pod traffic to anything outside the pod CIDR is NATed to the node's
// primary IP; nothing outside the cluster can open a connection to a pod
// (pod initiated only). KUB; CNIOV; BLOG-OVL.
type kubenet struct{ base }

// kubenetUDRTable is the fabric table holding the kubenet route table.
const kubenetUDRTable = 10

func (kubenet) bridge() string { return "cbr0" }

func (kubenet) allocate(b *builder) { allocPerNodeBlocks(b, netmodel.MustLookup(netmodel.Kubenet)) }

func (kubenet) build(b *builder) {
	m := netmodel.MustLookup(netmodel.Kubenet)
	cidr := b.t.Addressing.PodCIDR
	fabricTable(b, kubenetUDRTable, "kubenet route table (UDR): one route per node's /24, next hop the node (IP forwarding on)",
		"the kubenet route table is associated with the node subnet", m.RouteTablePerNode.Source)
	for k, n := range b.nodes {
		n.Routes = append(n.Routes, Route{Dst: b.blocks[k], Dev: "cbr0", Note: "local bridge for the node's pods", Source: "KUB"})
		n.NAT = append(n.NAT, snatToNode(n, cidr, []netip.Prefix{cidr},
			"kubenet: NAT to the node's primary IP for destinations outside the pod CIDR", m.SNAT.Source))
	}
}

func (kubenet) transmit(tr *tracer, cur *Host, _ *Interface, next *Host) {
	m := netmodel.MustLookup(netmodel.Kubenet)
	tr.encapNone(cur, next, m)
	if cur.Kind == KindFabric && next.Kind == KindNode && tr.t.Addressing.PodCIDR.Contains(tr.pkt.dst) {
		tr.note(Note{Topic: "kubenet-extra-hop", Source: netmodel.KubenetExtraHop.Source, Text: netmodel.KubenetExtraHop.Value})
	}
}

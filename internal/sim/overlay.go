package sim

import (
	"net/netip"

	"github.com/aksnet/aksnet/internal/netmodel"
)

// overlay: Azure CNI Overlay. Nodes get VNet IPs; pods get addresses from
// the node's /24 of the pod CIDR; a separate Azure routing domain for the pod
// CIDR carries pod traffic between nodes with no route tables and no
// encapsulation; pod traffic to any destination outside the pod CIDR is
// SNATed to the node's primary IP; outside hosts cannot reach pods directly
// (pod initiated). OVL; CNIOV; SPEC networkPluginMode.
type overlay struct{ base }

// overlayDomainTable is the fabric table holding the overlay routing domain.
const overlayDomainTable = 11

func (overlay) bridge() string { return "azv" }

func (overlay) allocate(b *builder) {
	allocPerNodeBlocks(b, netmodel.MustLookup(netmodel.AzureOverlay))
}

func (overlay) build(b *builder) {
	m := netmodel.MustLookup(netmodel.AzureOverlay)
	cidr := b.t.Addressing.PodCIDR
	fabricTable(b, overlayDomainTable, "Azure routing domain for the pod CIDR: the node's /24 (no UDR, no encapsulation)",
		"the overlay routing domain serves the cluster's node NICs only", m.PodSource.Source)
	for k, n := range b.nodes {
		n.Routes = append(n.Routes, Route{Dst: b.blocks[k], Dev: "azv", Note: "the node's pods", Source: "OVL"})
		n.NAT = append(n.NAT, snatToNode(n, cidr, []netip.Prefix{cidr},
			"overlay: SNAT to the node's primary IP for any destination outside the pod CIDR", m.SNAT.Source))
	}
}

func (overlay) transmit(tr *tracer, cur *Host, _ *Interface, next *Host) {
	tr.encapNone(cur, next, netmodel.MustLookup(netmodel.AzureOverlay))
	if cur.Kind == KindFabric && next.Kind == KindNode && tr.t.Addressing.PodCIDR.Contains(tr.pkt.dst) {
		tr.note(Note{Topic: "overlay-hop", Source: netmodel.OverlayHopNote.Source, Text: netmodel.OverlayHopNote.Value})
	}
}

package sim

import "github.com/aksnet/aksnet/internal/netmodel"

// overlay: Azure CNI Overlay. Nodes get VNet IPs; pods get addresses from
// the node's /24 of the pod CIDR; a separate Azure routing domain for the pod
// CIDR carries pod traffic between nodes with no route tables and no
// encapsulation; pod traffic to any destination outside the pod CIDR is
// SNATed to the node's primary IP; outside hosts cannot reach pods directly
// (pod initiated). OVL; CNIOV; SPEC networkPluginMode.
type overlay struct{ base }

var overlayWiring = podCIDRWiring{
	model:      netmodel.AzureOverlay,
	table:      11, // the fabric table holding the overlay routing domain
	bridgeName: "azv",
	fabricNote: "Azure routing domain for the pod CIDR: the node's /24 (no UDR, no encapsulation)",
	ruleNote:   "the overlay routing domain serves the cluster's node NICs only",
	nodeNote:   "the node's pods",
	snatNote:   "overlay: SNAT to the node's primary IP for any destination outside the pod CIDR",
	hopTopic:   "overlay-hop",
	hopNote:    netmodel.OverlayHopNote,
}

func (overlay) bridge() string { return overlayWiring.bridgeName }
func (overlay) allocate(b *builder) {
	allocPerNodeBlocks(b, netmodel.MustLookup(netmodel.AzureOverlay))
}
func (overlay) build(b *builder) { overlayWiring.build(b) }
func (overlay) transmit(tr *tracer, cur *Host, _ *Interface, next *Host) {
	overlayWiring.transmit(tr, cur, next)
}

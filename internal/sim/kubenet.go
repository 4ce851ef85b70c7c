package sim

import "github.com/aksnet/aksnet/internal/netmodel"

// kubenet: nodes get VNet IPs; pods get addresses from the node's /24 of the
// pod CIDR on a local bridge (cbr0); an Azure route table (one route per
// node's /24) and IP forwarding on the nodes carry pod traffic between
// nodes; pod traffic to anything outside the pod CIDR is NATed to the node's
// primary IP; nothing outside the cluster can open a connection to a pod
// (pod initiated only). KUB; CNIOV; BLOG-OVL.
type kubenet struct{ base }

var kubenetWiring = podCIDRWiring{
	model:      netmodel.Kubenet,
	table:      10, // the fabric table holding the kubenet route table
	bridgeName: "cbr0",
	fabricNote: "kubenet route table (UDR): one route per node's /24, next hop the node (IP forwarding on)",
	ruleNote:   "the kubenet route table is associated with the node subnet",
	nodeNote:   "local bridge for the node's pods",
	snatNote:   "kubenet: NAT to the node's primary IP for destinations outside the pod CIDR",
	hopTopic:   "kubenet-extra-hop",
	hopNote:    netmodel.KubenetExtraHop,
}

func (kubenet) bridge() string      { return kubenetWiring.bridgeName }
func (kubenet) allocate(b *builder) { allocPerNodeBlocks(b, netmodel.MustLookup(netmodel.Kubenet)) }
func (kubenet) build(b *builder)    { kubenetWiring.build(b) }
func (kubenet) transmit(tr *tracer, cur *Host, _ *Interface, next *Host) {
	kubenetWiring.transmit(tr, cur, next)
}

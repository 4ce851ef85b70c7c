package sim

import (
	"net/netip"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// nodeSubnet: Azure CNI Node Subnet (legacy). Nodes and pods get VNet IPs
// from the node subnet, maxPods of them reserved per node after the node IPs
// (IPPLAN); transparent mode gives each pod a veth with an L3 host route
// (LEG; FAQ-OLD); the fabric delivers pod IPs to the node NIC (secondary IP
// configurations); ip-masq-agent SNATs pod traffic to the node IP for
// destinations outside the VNet (LEG; CNIOV); pods are reachable from
// connected networks ("both ways", CNIOV).
type nodeSubnet struct{ base }

func (nodeSubnet) bridge() string { return "azv" }

func (nodeSubnet) allocate(b *builder) {
	a := b.t.Addressing
	first := azaddr.ReservedPerSubnet - 1
	n, mp := b.o.Nodes, b.o.MaxPods
	for k := range n {
		start := first + n + k*mp // pods after the node IPs, maxPods reserved per node
		b.podGW[k] = host32(TransparentGateway)
		for i := range b.pods {
			b.podIPs[k] = append(b.podIPs[k], nth(a.NodeSubnet, start+i))
		}
	}
}

func (nodeSubnet) build(b *builder) {
	m := netmodel.MustLookup(netmodel.AzureNodeSubnet)
	b.t.Notes = append(b.t.Notes, flatSNATNote)
	for k, n := range b.nodes {
		for _, ip := range b.podIPs[k] {
			n.Interfaces[0].Claims = append(n.Interfaces[0].Claims, host32(ip))
			n.Routes = append(n.Routes, Route{Dst: host32(ip), Dev: "azv", Note: "transparent mode: host route to the pod's veth", Source: "LEG"})
			n.NAT = append(n.NAT, snatToNode(n, host32(ip), []netip.Prefix{b.t.Addressing.VNet},
				"ip-masq-agent: SNAT to the node IP for destinations outside the VNet", m.SNAT.Source))
		}
	}
}

// flatSNATNote records the flat-model SNAT contradiction. CONC vs LEG/CNIOV.
var flatSNATNote = Note{Topic: "flat-snat", Source: netmodel.FlatSNATNote.Source, Text: netmodel.FlatSNATNote.Value}

func (nodeSubnet) transmit(tr *tracer, cur *Host, _ *Interface, next *Host) {
	tr.encapNone(cur, next, netmodel.MustLookup(netmodel.AzureNodeSubnet))
	if tr.from.Kind == KindPod && cur.Kind == KindNode && next.Kind != KindPod {
		tr.note(flatSNATNote)
	}
}

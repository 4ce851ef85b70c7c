package sim

import (
	"net/netip"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// podSubnet: Azure CNI Pod Subnet. Nodes get IPs from the node subnet, pods
// from a separate pod subnet of the same VNet: dynamic allocation hands a
// node batches of 16 (DYN), static block allocation /28 blocks, ceil((maxPods
// + 1) / 16) per node with one IP per node reserved (STB). Pod IPs are VNet
// IPs, preserved to every destination (no ip-masq-agent) and reachable
// "both ways" (LEG; CNIOV; DYN).
type podSubnet struct {
	base
	static bool
}

// podSubnetTable is the node table for traffic sourced from the pod subnet.
const podSubnetTable = 20

func (podSubnet) bridge() string { return "azv" }

func (p podSubnet) allocate(b *builder) {
	a := b.t.Addressing
	n := b.o.Nodes
	batch := netmodel.DynamicBatch.Value
	stride, offset := batch, azaddr.ReservedPerSubnet-1
	if p.static {
		blockSize := netmodel.StaticBlockIPs()
		stride = netmodel.StaticBlocksPerNode(b.o.MaxPods) * blockSize // ceil((maxPods+1)/16) blocks (STB, derived)
		offset = blockSize                                             // the first /28 holds Azure's reserved addresses
	}
	need := offset + n*stride + azaddr.ReservedPerSubnet
	if size := int(azaddr.Size(a.PodSubnet).Int64()); need > size {
		b.errorf(CodeCapacity, "give a larger --vnet or fewer --nodes", "pod subnet %s has %d addresses; %d nodes need %d", a.PodSubnet, size, n, need)
		return
	}
	for k := range n {
		start := offset + k*stride
		if p.static {
			start += netmodel.StaticBlockReservedPerNode.Value // one IP per node reserved internally (STB)
		}
		b.podGW[k] = host32(TransparentGateway)
		for i := range b.pods {
			b.podIPs[k] = append(b.podIPs[k], nth(a.PodSubnet, start+i))
		}
	}
}

func (p podSubnet) build(b *builder) {
	a := b.t.Addressing
	src := "DYN"
	if p.static {
		src = "STB"
	}
	for k, n := range b.nodes {
		ifc := Interface{Name: "eth1", Segment: SegPod}
		n.Rules = append(n.Rules, Rule{Priority: podSubnetTable, From: a.PodSubnet, Table: podSubnetTable,
			Note: "pod traffic leaves through the pod subnet with the pod IP"})
		for _, ip := range b.podIPs[k] {
			ifc.Claims = append(ifc.Claims, host32(ip))
			r := Route{Dst: host32(ip), Dev: "azv", Note: "host route to the pod's veth", Source: src}
			n.Routes = append(n.Routes, r)
			r.Table = podSubnetTable
			n.Routes = append(n.Routes, r)
		}
		n.Routes = append(n.Routes, Route{Dst: netip.MustParsePrefix("0.0.0.0/0"), Via: nth(a.PodSubnet, 1), Dev: "eth1", Table: podSubnetTable,
			Note: "pod subnet gateway: pod IP preserved (no ip-masq-agent)", Source: "LEG"})
		n.Interfaces = append(n.Interfaces, ifc)
	}
}

func (podSubnet) transmit(tr *tracer, cur *Host, _ *Interface, next *Host) {
	tr.encapNone(cur, next, netmodel.MustLookup(netmodel.AzurePodSubnet))
}

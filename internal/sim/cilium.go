package sim

import (
	"net/netip"
	"slices"

	"github.com/aksnet/aksnet/internal/netmodel"
)

// cilium is the Cilium data-plane variant over any Azure CNI IPAM: it
// changes only the data plane, not the addresses (UPD; CIL). Services are
// load-balanced by eBPF at the pod's socket and on the host instead of by
// kube-proxy (CIL); masquerading follows the IPAM mode (with eBPF host
// routing Cilium does it in BPF, EBPF), so every reachability and
// seen-source answer is the wrapped model's.
type cilium struct{ plane }

func (c cilium) build(b *builder) {
	c.plane.build(b)
	for i := range b.t.Hosts {
		h := &b.t.Hosts[i]
		// Without kube-proxy there is no hairpin masquerade: the pod's
		// socket connects to the backend directly (its own IP for the
		// backend itself, delivered locally).
		h.NAT = slices.DeleteFunc(h.NAT, func(r NATRule) bool { return r.Note == HairpinNote })
		for j := range h.NAT {
			if h.NAT[j].Kind == NATDNAT {
				h.NAT[j].Note = "Cilium eBPF host service load balancing (no kube-proxy)"
				h.NAT[j].Source = "CIL"
			}
		}
	}
	for _, s := range b.t.Services {
		r := NATRule{Kind: NATDNAT, DstIn: netip.PrefixFrom(s.ClusterIP, 32), DPort: s.Port, To: netip.AddrPortFrom(s.BackendIP, s.Port),
			Note: "Cilium eBPF socket-level load balancing in the pod", Source: "CIL"}
		for i := range b.t.Hosts {
			if b.t.Hosts[i].Kind == KindPod {
				b.t.Hosts[i].NAT = append(b.t.Hosts[i].NAT, r)
			}
		}
	}
}

func (c cilium) transmit(tr *tracer, cur *Host, out *Interface, next *Host) {
	c.plane.transmit(tr, cur, out, next)
	if cur.Kind == KindNode && tr.podTraffic() {
		tr.note(Note{Topic: "cilium", Source: netmodel.CiliumDataplaneNote.Source, Text: netmodel.CiliumDataplaneNote.Value})
	}
}

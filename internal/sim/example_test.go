package sim_test

import (
	"fmt"

	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/sim"
)

// A kubenet pod talking to a VM in the VNet is NATed to its node's IP.
func ExampleTopology_Trace() {
	c, _ := netmodel.ParseModel("kubenet")
	t, _ := sim.Build(sim.Options{Choice: c})
	r, _ := t.TraceFlow("pod:web@node1", "vm")
	fmt.Println(r.Verdict, r.SeenSource, r.Attributable)
	for _, h := range r.Hops {
		if h.Action == sim.ActSNAT {
			fmt.Println(h.Host, h.Detail)
		}
	}
	// Output:
	// reachable 10.224.0.4 false
	// node1 10.244.0.2 → 10.224.0.4 (kubenet: NAT to the node's primary IP for destinations outside the pod CIDR)
}

// Pod Subnet pods are reachable from on-premises, and the pod sees the
// on-premises host's own address.
func ExampleTopology_Trace_inbound() {
	c, _ := netmodel.ParseModel("azure-pod-subnet")
	t, _ := sim.Build(sim.Options{Choice: c})
	r, _ := t.TraceFlow("onprem:192.168.10.5", "pod@node2")
	fmt.Println(r.Verdict, r.SeenSource)
	// Output:
	// reachable 192.168.10.5
}

// Overlay pods can't be reached from a VM: the pod CIDR isn't routable in the VNet.
func ExampleTopology_Matrix() {
	c, _ := netmodel.ParseModel("azure-overlay")
	t, _ := sim.Build(sim.Options{Choice: c, Nodes: 2})
	m, _ := t.Matrix([]string{"vm", "pod:web@node1"}, []string{"pod:web@node2", "internet"})
	for _, f := range m.Flows {
		seen := "-"
		if f.SeenSource != nil {
			seen = f.SeenSource.String()
		}
		fmt.Printf("%s -> %s: %s, seen %s\n", f.From, f.To, f.Verdict, seen)
	}
	// Output:
	// vm -> pod:web@node2: unreachable: dropped by route, seen -
	// vm -> internet: reachable, seen 198.51.100.1
	// pod:web@node1 -> pod:web@node2: reachable, seen 10.244.0.2
	// pod:web@node1 -> internet: reachable, seen 198.51.100.1
}

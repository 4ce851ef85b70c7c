// Package sim is aksnet's deterministic, pure-Go data-path simulator: it
// builds a topology for a networking model (the VNet's fabric, nodes, pods,
// a VM, a peered VNet, on-premises behind a gateway, the internet and the
// egress device of the outbound type), then traces single packets through
// it hop by hop — route lookups, SNAT and DNAT points, NSG checks and
// delivery — and reports whether the destination is reached, which source
// address it sees and whether that address identifies the pod.
//
// The shape follows Tailscale's natlab: machines with interfaces on
// networks and per-machine packet handling. Every AKS rule lives in the
// plane of one model (kubenet.go, overlay.go, nodesubnet.go, podsubnet.go,
// byo.go, with cilium.go as a data-plane variant) and cites its facts-sheet
// source; the tracing engine (trace.go) knows nothing about AKS. The
// exported Topology (topology.go) is what the lab realises in Linux network
// namespaces to compare real packets with these predictions.
//
// The package never touches the kernel and runs on every OS. Every trace
// terminates: hops are bounded by MaxHops and a packet seen twice at the
// same place is reported as a routing loop.
package sim

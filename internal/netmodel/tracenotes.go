package netmodel

// Trace notes: data-path contradictions and observations the simulator reports, each with
// the source it follows (facts sheet §4 and §10).
var (
	// FlatSNATNote: CONC says flat networks never SNAT traffic leaving the
	// cluster; LEG and CNIOV (more specific, current) say Node Subnet SNATs
	// to the node IP for destinations outside the VNet. LEG/CNIOV are followed.
	FlatSNATNote = F("sources disagree on flat-network SNAT: CONC says traffic leaving the cluster keeps the pod IP, LEG and CNIOV (more specific, current) say Node Subnet SNATs to the node IP for destinations outside the VNet; this trace follows LEG/CNIOV", "LEG")
	// OverlayHopNote: CONC's Feb-2024 table said overlay adds an acceptable
	// extra hop; OVL says no encapsulation and VM-like performance. OVL is followed.
	OverlayHopNote = F("sources disagree on an overlay hop: CONC (Feb 2024) said an extra hop is acceptable, OVL says no encapsulation and performance on par with VMs; this trace follows OVL (the routing domain adds no hop beyond the fabric's)", "OVL")
	// KubenetExtraHop: kubenet's route table and IP forwarding add an extra
	// hop with (minor) latency. KUB; BLOG-OVL.
	KubenetExtraHop = F("kubenet sends pod-to-pod traffic between nodes through the route table and the node's IP forwarding: an extra hop that adds (minor) latency", "KUB")
	// CiliumDataplaneNote: Cilium changes the data plane only; services are
	// handled by eBPF without kube-proxy. UPD; CIL.
	CiliumDataplaneNote = F("Cilium swaps only the data plane: addresses, routing and SNAT follow the IPAM mode; services are handled by eBPF without kube-proxy", "CIL")
	// BYODataPath: with bring-your-own CNI the plugin defines pod routing and SNAT. BYO.
	BYODataPath = F("bring-your-own CNI: pod addressing, routing and SNAT are plugin-defined", "BYO")
)

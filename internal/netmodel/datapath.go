package netmodel

// PathFacts are data-path performance facts per model, used where a choice
// depends on latency or on what a firewall sees.
type PathFacts struct {
	// ExtraHop: traffic between nodes' pods takes an extra routing hop.
	ExtraHop Fact[bool]
	// Note explains the figure, including any contradiction between sources.
	Note Fact[string]
}

var pathFacts = map[ID]PathFacts{
	// kubenet routes pod traffic through Azure route tables and IP forwarding
	// on nodes: "extra hop" adds (minor) latency. KUB; BLOG-OVL.
	Kubenet: {ExtraHop: F(true, "KUB"), Note: F("route-table UDRs and IP forwarding on nodes add an extra hop with minor latency", "KUB")},
	// Flat models: pod IPs are VNet IPs, routed natively. LEG; PODSUB.
	AzureNodeSubnet: {ExtraHop: F(false, "LEG"), Note: F("pod IPs are VNet IPs, routed natively by the VNet", "LEG")},
	AzurePodSubnet:  {ExtraHop: F(false, "PODSUB"), Note: F("pod IPs are VNet IPs, routed natively by the VNet", "PODSUB")},
	// Overlay: no encapsulation, performance on par with VMs in a VNet (OVL);
	// a Feb-2024 concepts page said an extra hop was "acceptable" (CONC).
	AzureOverlay: {ExtraHop: F(false, "OVL"), Note: F("no encapsulation, performance on par with VMs in a VNet (OVL; an older CONC table mentioned an acceptable extra hop, since removed — OVL, the current source, is followed)", "OVL")},
	BYOCNI:       {ExtraHop: F(false, "BYO"), Note: F("plugin-defined; additional encapsulation increases latency", "BYO")},
}

// Path returns the data-path facts of model id.
func Path(id ID) PathFacts { return pathFacts[id] }

// EBPFHostRouting: with Cilium, optional eBPF host routing bypasses host
// iptables (Ubuntu 24.04 / Azure Linux 3.0, Kubernetes 1.33+, ACNS). EBPF.
var EBPFHostRouting = F("Cilium's eBPF host routing bypasses host iptables (Kubernetes 1.33+, ACNS)", "EBPF")

// L7PolicyRequires: FQDN and L7 network policy need Cilium with Advanced
// Container Networking Services. CIL.
var L7PolicyRequires = F("FQDN and L7 policy need Azure CNI powered by Cilium with Advanced Container Networking Services", "CIL")

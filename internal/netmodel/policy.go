package netmodel

import "fmt"

// Engine is the catalog entry of a network-policy engine.
type Engine struct {
	ID    PolicyEngine `json:"id"`
	Title string       `json:"title"`
	// Enforces is false only for "none".
	Enforces bool `json:"enforces"`
	// Models lists the networking models the engine works with.
	Models Fact[[]ID] `json:"models"`
	// RequiresDataplane is set when the engine needs a specific data plane.
	RequiresDataplane *Fact[Dataplane] `json:"requiresDataplane,omitempty"`
	Windows           Fact[Support]    `json:"windows"`
	DualStack         Fact[Support]    `json:"dualStack"`
	// MaxNodes and MaxPods are the engine's own ceilings (0 = none documented).
	MaxNodes Fact[int] `json:"maxNodes"`
	MaxPods  Fact[int] `json:"maxPods"`
	// RetiresLinux and RetiresWindows are end-of-support dates, when announced.
	RetiresLinux   *Fact[Date] `json:"retiresLinux,omitempty"`
	RetiresWindows *Fact[Date] `json:"retiresWindows,omitempty"`
	// Limits lists known functional gaps.
	Limits []Fact[string] `json:"limits,omitempty"`
}

var engines = []Engine{
	{
		ID: PolicyNone, Title: "no network policy", Enforces: false,
		Models:    F([]ID{Kubenet, AzureNodeSubnet, AzurePodSubnet, AzureOverlay, BYOCNI}, "SPEC"),
		Windows:   F(Supported, "SPEC"),
		DualStack: F(Supported, "SPEC"),
	},
	{
		ID: PolicyAzure, Title: "Azure Network Policy Manager", Enforces: true,
		// Azure CNI only (Node Subnet, Pod Subnet, Overlay), not kubenet. NETPOL; KUB.
		Models:         F([]ID{AzureNodeSubnet, AzurePodSubnet, AzureOverlay}, "NETPOL"),
		Windows:        F(PartlySupport, "NETPOL"), // Windows Server 2022, preview
		DualStack:      F(Unsupported, "OVLCFG"),
		MaxNodes:       NPMMaxNodes,
		MaxPods:        NPMMaxPods,
		RetiresLinux:   &NPMLinuxRetires,
		RetiresWindows: &NPMWindowsRetires,
		Limits: []Fact[string]{
			F("no IPv6", "NETPOL"),
			F("Windows: no named ports, SCTP, negative selectors or except CIDRs", "NETPOL"),
			F("keep ipBlock sections to 4 or fewer per policy to lower race risk", "NETPOL"),
		},
	},
	{
		ID: PolicyCalico, Title: "Calico", Enforces: true,
		// Azure CNI (Linux+Windows) and kubenet (Linux). NETPOL.
		Models:    F([]ID{Kubenet, AzureNodeSubnet, AzurePodSubnet, AzureOverlay}, "NETPOL"),
		Windows:   F(Supported, "NETPOL"), // Windows Server 2019/2022 with Azure CNI
		DualStack: F(Unsupported, "OVLCFG"),
		Limits: []Fact[string]{
			F("not supported with node auto-provisioning", "NAP"),
		},
	},
	{
		ID: PolicyCilium, Title: "Cilium", Enforces: true,
		// Any Azure CNI IPAM: overlay, pod subnet (dynamic; static block listed as supported), node subnet. CIL; STB.
		Models:            F([]ID{AzureNodeSubnet, AzurePodSubnet, AzureOverlay}, "CIL"),
		RequiresDataplane: &Fact[Dataplane]{Value: DataplaneCilium, Source: "SPEC"},
		Windows:           F(Unsupported, "CIL"),
		DualStack:         F(Supported, "CIL"),
		Limits: []Fact[string]{
			F("ipBlock cannot select pod or node IPs", "CIL"),
			F("not applied to hostNetwork pods", "CIL"),
			F("identity limit 65,535", "CIL"),
			F("FQDN and L7 policy need Advanced Container Networking Services", "CIL"),
			F("LocalDNS 169.254.10.0/24 (UDP/TCP 53) must be allowed", "CIL"),
		},
	},
}

// Engines returns every policy engine's catalog entry.
func Engines() []Engine {
	out := make([]Engine, len(engines))
	copy(out, engines)
	return out
}

// LookupEngine returns the entry for id.
func LookupEngine(id PolicyEngine) (Engine, bool) {
	for _, e := range engines {
		if e.ID == id {
			return e, true
		}
	}
	return Engine{}, false
}

// WorksWith reports whether engine e supports model m with data plane dp,
// and if not, why (with the source code).
func (e Engine) WorksWith(m ID, dp Dataplane) (bool, string) {
	found := false
	for _, id := range e.Models.Value {
		if id == m {
			found = true
		}
	}
	if !found {
		return false, fmt.Sprintf("%s does not work with %s (%s)", e.Title, m, e.Models.Source)
	}
	if e.RequiresDataplane != nil && dp != e.RequiresDataplane.Value {
		return false, fmt.Sprintf("%s requires networkDataplane=%s (%s)", e.Title, e.RequiresDataplane.Value, e.RequiresDataplane.Source)
	}
	return true, ""
}

// CiliumDataplane describes the Cilium data plane, which can sit over any
// Azure CNI IPAM mode and changes only the data plane, not the IPAM. UPD; CIL.
var CiliumDataplane = struct {
	Models       Fact[[]ID]
	Windows      Fact[Support]
	DualStack    Fact[string]
	KubeProxy    Fact[string]
	MinVersionK8 Fact[string]
}{
	Models:       F([]ID{AzureNodeSubnet, AzurePodSubnet, AzureOverlay}, "UPD"),
	Windows:      F(Unsupported, "CIL"),
	DualStack:    F("with Overlay, Kubernetes 1.29 or later", "CIL"),
	KubeProxy:    F("removed (eBPF service handling)", "CIL"),
	MinVersionK8: F("1.29 for dual-stack", "CIL"),
}

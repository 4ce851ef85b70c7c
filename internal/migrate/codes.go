package migrate

// Diagnostic codes (stable). A pre-check's code is the diagnostic's code
// when the check fails (error) or can't be decided (warning).
//
//	MIG001 Kubernetes version below the minimum for an IPAM migration (1.27, UPD)
//	MIG002 a network policy engine is enabled; an IPAM migration needs none (UPD; NETPOL)
//	MIG003 a pool uses a pod subnet (dynamic IP allocation), which can't move to Overlay in place (UPD)
//	MIG004 Windows pools: no Docker runtime, build 20348.1668 or later (UPD); no Windows Server 2019 (OVL)
//	MIG005 kubenet needs a user-assigned managed identity to migrate (UPD)
//	MIG006 the overlay pod CIDR overlaps the VNet, service CIDR, a forbidden or an avoided range (UPD; OVL; CNIOV)
//	MIG007 the overlay pod CIDR is too small for the nodes at maximum plus surge (OVL; KUB)
//	MIG008 availability-set pools; overlay needs scale sets (OVL)
//	MIG009 DCsv2-series pools; overlay does not support them (OVL)
//	MIG010 static block pod allocation; the Cilium migration needs dynamic allocation (UPD; CIL)
//	MIG011 Windows pools; the Cilium data plane is Linux only (UPD; CIL)
//	MIG012 the network policy engine before the Cilium data plane (Azure NPM and Calico are replaced; UPD; CIL)
//	MIG013 the networking model can't be resolved; no path can be chosen
//	MIG014 no in-place path to the target: a new cluster with a blue-green cut-over (UPD)
//	MIG015 --to names no migration target
const (
	CodeK8sVersion      = "MIG001"
	CodePolicyEngine    = "MIG002"
	CodePodSubnet       = "MIG003"
	CodeWindowsOverlay  = "MIG004"
	CodeIdentity        = "MIG005"
	CodePodCIDROverlap  = "MIG006"
	CodePodCIDRSize     = "MIG007"
	CodeAvailabilitySet = "MIG008"
	CodeDCsv2           = "MIG009"
	CodeStaticBlock     = "MIG010"
	CodeWindowsCilium   = "MIG011"
	CodePolicyReplaced  = "MIG012"
	CodeModelUnknown    = "MIG013"
	CodeNewCluster      = "MIG014"
	CodeTargetUnknown   = "MIG015"
)

// Codes lists every diagnostic code.
func Codes() []string {
	return []string{
		CodeK8sVersion, CodePolicyEngine, CodePodSubnet, CodeWindowsOverlay, CodeIdentity,
		CodePodCIDROverlap, CodePodCIDRSize, CodeAvailabilitySet, CodeDCsv2, CodeStaticBlock,
		CodeWindowsCilium, CodePolicyReplaced, CodeModelUnknown, CodeNewCluster, CodeTargetUnknown,
	}
}

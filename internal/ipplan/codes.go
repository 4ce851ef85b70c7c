package ipplan

// Diagnostic codes. They are stable: tooling may match on them. The facts
// source each enforced limit comes from is set on the diagnostic's Source.
//
//	PLAN001 error    more nodes (autoscaler maximum) than the model allows: kubenet 400 (KUB)
//	PLAN002 warning  kubenet: upgrade surge nodes push the route count past 400 (KUB)
//	PLAN003 error    a pool's maximum is over 1,000 nodes (QUOTA)
//	PLAN004 error    a pool's maximum plus surge is over 1,000: upgrade rejected (SURGE)
//	PLAN005 error    the cluster's maximum is over 5,000 nodes (QUOTA)
//	PLAN006 warning  the cluster's maximum is over 1,000 nodes: default quota, needs a support request (QUOTA)
//	PLAN007 error    more than 100 node pools (QUOTA)
//	PLAN008 error    maxPods outside 10–250 (IPPLAN)
//	PLAN009 error    a pool has room for fewer than 30 pods (IPPLAN; OVL)
//	PLAN010 warning  a Windows pool's maxPods is above the recommended 110 (OVL)
//	PLAN011 error    a Windows pool on a model or data plane that has no Windows support (KUB; CIL)
//	PLAN012 error    a range overlaps a range AKS forbids (CNIOV)
//	PLAN013 error    two ranges that must be disjoint overlap (OVL; IPPLAN; UPD; LEG)
//	PLAN014 warning  a node or pod subnet lies outside every given VNet (DYN; UNIQ)
//	PLAN015 error    the service CIDR is /12 or larger (IPPLAN)
//	PLAN016 error    the DNS service IP is outside the service CIDR (IPPLAN; SPEC)
//	PLAN017 error    the DNS service IP is the service CIDR's first address (IPPLAN; SPEC)
//	PLAN018 error    the given node subnet is too small (IPPLAN)
//	PLAN019 error    the given pod subnet is too small (DYN; STB)
//	PLAN020 error    the given pod CIDR has too few /24 blocks (KUB; OVL)
//	PLAN021 warning  the pod CIDR is outside RFC 1918 and RFC 6598 space (OVL)
//	PLAN022 error    an IPv6 range where the planner needs IPv4 (DUAL: IPv6-only is unsupported)
//	PLAN023 error    the addresses needed exceed the largest VNet, a /8 (IPPLAN)
//	PLAN024 error    node subnet (legacy CNI) demand over 64,000 IPs (PLANPOD)
//	PLAN025 warning  dynamic pod subnet: pod capacity over 50,000 (LARGE; PLANPOD says 64,000)
//	PLAN026 error    static block: the pod subnet would be larger than a /12 (STB)
//	PLAN027 warning  static block: maxPods wastes addresses; 16N−1 is ideal (STB)
//	PLAN028 warning  overlay: pod capacity over 200,000 (LARGE; PLANPOD says 250,000)
//	PLAN029 error    the model is unknown, or the policy engine or data plane doesn't work with it (NETPOL; CIL; SPEC)
//	PLAN030 warning  Azure NPM: more than 250 nodes (NETPOL)
//	PLAN031 info     a given range doesn't apply to this model and is ignored
//	PLAN032 info     a value could not be read from the cluster definition; the plan leaves it out
//	PLAN033 error    no node pool, or a pool without nodes
//	PLAN034 info     the subnet or pod CIDR holds more nodes than the model allows
//	PLAN035 warning  kubenet retires on 2028-03-31 (RET-KUB)
//	PLAN036 warning  the pod IP allocation mode is set on a model without a pod subnet; ignored
const (
	CodeModelMaxNodes       = "PLAN001"
	CodeKubenetSurgeRoutes  = "PLAN002"
	CodePoolMaxNodes        = "PLAN003"
	CodePoolSurgeNodes      = "PLAN004"
	CodeClusterMaxNodes     = "PLAN005"
	CodeClusterQuota        = "PLAN006"
	CodeMaxPools            = "PLAN007"
	CodeMaxPodsRange        = "PLAN008"
	CodePodsPerPool         = "PLAN009"
	CodeWindowsMaxPods      = "PLAN010"
	CodeWindowsUnsupported  = "PLAN011"
	CodeForbiddenRange      = "PLAN012"
	CodeOverlap             = "PLAN013"
	CodeOutsideVNet         = "PLAN014"
	CodeServiceCIDRTooLarge = "PLAN015"
	CodeDNSOutside          = "PLAN016"
	CodeDNSFirstAddress     = "PLAN017"
	CodeNodeSubnetTooSmall  = "PLAN018"
	CodePodSubnetTooSmall   = "PLAN019"
	CodePodCIDRTooSmall     = "PLAN020"
	CodePodCIDRNotPrivate   = "PLAN021"
	CodeIPv6                = "PLAN022"
	CodeBeyondVNet          = "PLAN023"
	CodeNodeSubnetIPLimit   = "PLAN024"
	CodeDynamicPodLimit     = "PLAN025"
	CodeStaticBlockSubnet   = "PLAN026"
	CodeStaticBlockWaste    = "PLAN027"
	CodeOverlayPodLimit     = "PLAN028"
	CodePolicyIncompatible  = "PLAN029"
	CodeNPMNodes            = "PLAN030"
	CodeIgnoredRange        = "PLAN031"
	CodeUnknownValue        = "PLAN032"
	CodeNoPools             = "PLAN033"
	CodeCapacityBeyondModel = "PLAN034"
	CodeKubenetRetires      = "PLAN035"
	CodeAllocationNoPodSub  = "PLAN036"
)

// Codes lists every diagnostic code, in order.
func Codes() []string {
	return []string{
		CodeModelMaxNodes, CodeKubenetSurgeRoutes, CodePoolMaxNodes, CodePoolSurgeNodes,
		CodeClusterMaxNodes, CodeClusterQuota, CodeMaxPools, CodeMaxPodsRange, CodePodsPerPool,
		CodeWindowsMaxPods, CodeWindowsUnsupported, CodeForbiddenRange, CodeOverlap, CodeOutsideVNet,
		CodeServiceCIDRTooLarge, CodeDNSOutside, CodeDNSFirstAddress, CodeNodeSubnetTooSmall,
		CodePodSubnetTooSmall, CodePodCIDRTooSmall, CodePodCIDRNotPrivate, CodeIPv6, CodeBeyondVNet,
		CodeNodeSubnetIPLimit, CodeDynamicPodLimit, CodeStaticBlockSubnet, CodeStaticBlockWaste,
		CodeOverlayPodLimit, CodePolicyIncompatible, CodeNPMNodes, CodeIgnoredRange, CodeUnknownValue,
		CodeNoPools, CodeCapacityBeyondModel, CodeKubenetRetires, CodeAllocationNoPodSub,
	}
}

package ipplan

// Diagnostic codes of the planner. They are stable: tooling may match on
// them. Where a diagnostic enforces a documented limit it carries the
// facts-sheet source code in Diagnostic.Source; every diagnostic has a hint.
const (
	// CodeNoPools (error): the request has no node pools.
	CodeNoPools = "PLAN001"
	// CodePoolInvalid (error): a pool's numbers are impossible (negative
	// counts, autoscaler maximum below the node count, an absurd size).
	CodePoolInvalid = "PLAN002"
	// CodeUnknownModel (error): the networking model is not in the catalog.
	CodeUnknownModel = "PLAN003"

	// CodeKubenetNodes (error): kubenet over 400 nodes, surge included; the
	// Azure route table holds one route per node (KUB).
	CodeKubenetNodes = "PLAN010"
	// CodePoolNodes (error): a pool over 1,000 nodes (QUOTA).
	CodePoolNodes = "PLAN011"
	// CodePoolSurgeNodes (error): a pool's size plus surge over 1,000: the
	// upgrade is rejected (SURGE).
	CodePoolSurgeNodes = "PLAN012"
	// CodeClusterNodes (error): the cluster over 5,000 nodes (QUOTA).
	CodeClusterNodes = "PLAN013"
	// CodeNodeQuota (info): over the default 1,000-node quota; a support
	// request raises it (QUOTA).
	CodeNodeQuota = "PLAN014"
	// CodeTooManyPools (error): more than 100 node pools (QUOTA).
	CodeTooManyPools = "PLAN015"
	// CodeMaxPodsRange (error): max pods outside 10–250 (IPPLAN).
	CodeMaxPodsRange = "PLAN016"
	// CodePoolMinPods (error): a pool has room for fewer than 30 pods
	// (nodes × max pods); with max pods 10 a pool needs 3 nodes (IPPLAN; OVL).
	CodePoolMinPods = "PLAN017"
	// CodeModelMaxNodes (error): more nodes than the model supports (overlay 5,000, OVL).
	CodeModelMaxNodes = "PLAN018"

	// CodeWindowsUnsupported (error): a Windows pool on a model or data plane
	// without Windows support (KUB; CIL).
	CodeWindowsUnsupported = "PLAN020"
	// CodeWindowsMaxPods (warning): a Windows pool above the recommended 110
	// max pods (OVL; QUOTA).
	CodeWindowsMaxPods = "PLAN021"
	// CodePolicyUnsupported (error): the network-policy engine or data plane
	// does not work with the model (NETPOL; CIL; SPEC).
	CodePolicyUnsupported = "PLAN022"
	// CodeNPMScale (warning): Azure NPM above 250 nodes or 20,000 pods (NETPOL).
	CodeNPMScale = "PLAN023"
	// CodeRetiring (warning): the model or engine has an announced retirement
	// date (RET-KUB; RET-NPML; RET-NPMW).
	CodeRetiring = "PLAN024"

	// CodeForbiddenRange (error): a subnet, pod CIDR, service CIDR or VNet
	// overlaps a range AKS forbids: 169.254.0.0/16, 172.30.0.0/16,
	// 172.31.0.0/16, 192.0.2.0/24 (CNIOV).
	CodeForbiddenRange = "PLAN030"
	// CodeOverlap (error): two ranges that must be disjoint overlap (node and
	// pod subnets, pod CIDR, service CIDR, VNets, avoided ranges; OVL; IPPLAN;
	// UPD).
	CodeOverlap = "PLAN031"
	// CodeServiceCIDRSize (error): the service CIDR is /12 or larger; it must
	// be smaller than /12 (IPPLAN).
	CodeServiceCIDRSize = "PLAN032"
	// CodeDNSOutside (error): the DNS service IP is outside the service CIDR (SPEC; IPPLAN).
	CodeDNSOutside = "PLAN033"
	// CodeDNSFirst (error): the DNS service IP is the service CIDR's first
	// address, which kubernetes.default.svc uses (IPPLAN; OVL).
	CodeDNSFirst = "PLAN034"
	// CodeNotInVNet (error): a node or pod subnet is not inside any given VNet
	// (DYN; UNIQ).
	CodeNotInVNet = "PLAN035"
	// CodePodCIDRPublic (warning): the pod CIDR is outside RFC 1918 and RFC
	// 6598 space: not blocked but unsupported (OVL).
	CodePodCIDRPublic = "PLAN036"
	// CodeNotIPv4 (error): a prefix or address is not IPv4; the planner sizes
	// IPv4 subnets (IPv6 per-node prefixes are fixed and not planned).
	CodeNotIPv4 = "PLAN037"
	// CodeVNetSize (error): a VNet larger than /8 (IPPLAN).
	CodeVNetSize = "PLAN038"

	// CodeNodeSubnetSmall (error): the given node subnet does not hold the
	// demand (OVL: 5 reserved addresses).
	CodeNodeSubnetSmall = "PLAN040"
	// CodePodSubnetSmall (error): the given pod subnet does not hold the demand.
	CodePodSubnetSmall = "PLAN041"
	// CodePodCIDRSmall (error when the pod CIDR is given, warning when it is
	// the default): the pod CIDR has fewer /24 blocks than nodes with surge
	// (KUB; OVL).
	CodePodCIDRSmall = "PLAN042"
	// CodeIPLimit (error): demand above a documented per-model address
	// ceiling (Node Subnet 64,000 IPs, PLANPOD; static block 1,000,000 IPs or
	// a subnet larger than /12, STB; VNet 65,536 addresses, IPPLAN).
	CodeIPLimit = "PLAN043"
	// CodePodScale (warning): more pods than a documented per-model pod
	// ceiling (dynamic pod subnet 50,000, LARGE; overlay 200,000, LARGE).
	CodePodScale = "PLAN044"
	// CodeStaticWaste (info): static block max pods is not 16N−1, so each
	// node wastes addresses (STB).
	CodeStaticWaste = "PLAN045"
	// CodeNoIPv4Fit (error): the demand exceeds the whole IPv4 space.
	CodeNoIPv4Fit = "PLAN046"

	// CodeUnknownValue (info): a cluster value could not be resolved from its
	// input; the plan uses the default instead of guessing and says so.
	CodeUnknownValue = "PLAN050"
	// CodeSubnetVaries (info): pools use different subnets; the plan sizes
	// the first pool's subnet.
	CodeSubnetVaries = "PLAN051"
	// CodeBadValue (error): a cluster value does not parse (for example a
	// maxSurge of "ten").
	CodeBadValue = "PLAN052"
)

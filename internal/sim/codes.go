package sim

// Diagnostic codes of the simulator. They are stable; tooling may match on them.
const (
	// CodeModel: the model, data plane or policy engine is unknown or unsupported in that combination.
	CodeModel = "SIM001"
	// CodeAddress: an address range is malformed, not IPv4 or of a size the simulator can't carve.
	CodeAddress = "SIM002"
	// CodeOverlap: two ranges overlap or a pod CIDR uses a reserved range.
	CodeOverlap = "SIM003"
	// CodeCapacity: the nodes or pods do not fit their subnet or pod CIDR.
	CodeCapacity = "SIM004"
	// CodeNodes: node count or maxPods out of range.
	CodeNodes = "SIM005"
	// CodeOutbound: unknown outbound type or one the model can't use.
	CodeOutbound = "SIM006"
	// CodeEndpoint: an endpoint can't be parsed or isn't in the topology.
	CodeEndpoint = "SIM007"
	// CodeNSG: an NSG rule can't be parsed.
	CodeNSG = "SIM008"
	// CodeCluster: a cluster read from a file lacks what the simulator needs.
	CodeCluster = "SIM009"
)

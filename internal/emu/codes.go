package emu

// Diagnostic codes of the lab. They are stable; tooling may match on them.
const (
	// CodeRoot: the lab needs root and Linux network namespaces.
	CodeRoot = "LAB001"
	// CodeSpec: a lab flag is out of range or names something unknown.
	CodeSpec = "LAB002"
	// CodeExists: a lab of that name is up or left behind.
	CodeExists = "LAB003"
	// CodeMissing: no lab of that name is up.
	CodeMissing = "LAB004"
	// CodeDisagree: real packets disagree with the simulator's prediction.
	CodeDisagree = "LAB005"
	// CodeNodes: a lab built from a cluster runs fewer nodes than the
	// cluster's simulation (informational).
	CodeNodes = "LAB006"
)

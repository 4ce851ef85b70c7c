package example

// Diagnostic codes.
//
//	EX001 error    the first problem
//	EX002 warning  the second problem
const (
	CodeFirst  = "EX001"
	CodeSecond = "EX002"
	CodeThird  = "EX003"
)

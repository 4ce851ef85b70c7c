package example

// Diagnostic codes.
//
//	EX001 error    the first problem
//	EX001 warning  the first problem again
//	EX002 the second problem, without a severity
const (
	CodeFirst  = "EX001"
	CodeSecond = "EX002"
)

package example

const (
	// CodeFirst (error): the first problem.
	CodeFirst  = "EX001"
	CodeSecond = "EX002"
)

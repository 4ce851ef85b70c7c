package example

const (
	// CodeFirst: the first problem.
	CodeFirst = "EX001"
	// CodeAgain: the same code.
	CodeAgain = "EX001"
	// CodeOther: another package's prefix.
	CodeOther = "OT001"
	// CodeShort: too few digits.
	CodeShort = "EX01"
	// CodeNumber: not a string.
	CodeNumber = 7
)

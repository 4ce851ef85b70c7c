package source

// Diagnostic codes of the readers. Codes are stable: tooling may match on
// them. Each reader documents its own range:
//
//	READ001–READ099  resource JSON (package armjson)
//	READ101–READ199  ARM property mapping shared by the JSON and template readers (package armmap)
//	READ201–READ299  this package: finding, detecting and linking inputs
//
// This package's codes:
//
//	READ201 info     a Bicep file: aksnet reads the compiled JSON (az bicep build)
//	READ202 info     the input's format is recognised but not yet readable
//	READ203 info     a file named on the command line is not a format aksnet reads
//	READ204 warning  a pool's subnet id matches subnets with different prefixes in several inputs; left unknown
const (
	CodeBicep     = "READ201"
	CodeNotYet    = "READ202"
	CodeUnknown   = "READ203"
	CodeAmbiguous = "READ204"
)

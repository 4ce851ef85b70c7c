package armtemplate

// Diagnostic codes. They are stable: tooling may match on them.
//
// Problems with a managed cluster's or a VNet's properties (wrong types, bad
// CIDRs, out-of-range numbers, values that can't be resolved) are reported
// by the shared mapper with its READ1xx codes (package armmap), exactly as
// for resource JSON; the codes below cover the template itself.
const (
	// CodeSyntax (error): the file is not valid JSON.
	CodeSyntax = "ARMT001"
	// CodeNotTemplate (error): valid JSON but not a deployment template.
	CodeNotTemplate = "ARMT002"
	// CodeExpr (error): a "[...]" string is not a valid template expression.
	CodeExpr = "ARMT003"
	// CodeUnknown (warning): a resource's name can't be evaluated (a
	// deployment-time function, a parameter without a value, a function
	// aksnet doesn't evaluate), so it can't be matched with its parent or
	// its subnets. Property values that can't be evaluated are READ104.
	CodeUnknown = "ARMT004"
	// CodeWrongType (error or warning): a template element (resources, a
	// resource, a condition, an inline template) has the wrong JSON type.
	CodeWrongType = "ARMT005"
	// CodeConditionFalse (info): a resource is skipped because its condition
	// evaluates to false.
	CodeConditionFalse = "ARMT007"
	// CodeConditionUnknown (warning): a resource's condition can't be
	// evaluated; the resource is read as if it were deployed.
	CodeConditionUnknown = "ARMT008"
	// CodeCopy (warning): a copy loop's count can't be evaluated or is out of
	// range; its instances are not read.
	CodeCopy = "ARMT009"
	// CodeCycle (error): a variable refers to itself.
	CodeCycle = "ARMT010"
	// CodeDepth (warning): nested deployments go deeper than MaxDeploymentDepth.
	CodeDepth = "ARMT011"
	// CodeLinkedTemplate (info): a nested deployment links to a template by
	// URI; it is not fetched.
	CodeLinkedTemplate = "ARMT012"
	// CodeParamsFile (error or warning): the parameters file is invalid or
	// names a parameter the template does not declare.
	CodeParamsFile = "ARMT013"
	// CodeOrphanPool (warning): an agentPools resource whose cluster is not
	// declared in the template (or whose name can't be evaluated).
	CodeOrphanPool = "ARMT014"
	// CodeNoClusters (info): the template declares no managed cluster.
	CodeNoClusters = "ARMT015"
	// CodeSubnetNotFound (info): a pool's subnet id points at a subnet the
	// template does not declare; the prefix is left for cross-document linking.
	CodeSubnetNotFound = "ARMT016"
	// CodeBudget (warning): evaluation stopped after its step budget; later
	// values are unknown.
	CodeBudget = "ARMT017"
	// CodeInternal (error): a bug in aksnet; the document is incomplete.
	CodeInternal = "ARMT099"
)

package terraform

// Diagnostic codes of the Terraform reader. They are stable: tooling may
// match on them. Every diagnostic carries the file, line and column (HCL) or
// the file and JSON pointer (plan JSON) it came from, and a hint.
const (
	// CodeSyntax (error): a .tf or .tfvars file is not valid HCL.
	CodeSyntax = "TF001"
	// CodeJSONSyntax (info): a .tf.json file; the JSON syntax of Terraform
	// is not read.
	CodeJSONSyntax = "TF002"
	// CodeDuplicate (error): a variable, local, resource or module declared twice.
	CodeDuplicate = "TF003"

	// CodeUnresolved (warning): a value the model needs is written as an
	// expression that can't be resolved before apply (a variable without a
	// default or tfvars value, a data source, a module output, a computed
	// attribute). The value is unknown; the detail says why.
	CodeUnresolved = "TF010"
	// CodeModuleCall (warning): a module call is not followed; whatever it
	// defines is unknown to the reader.
	CodeModuleCall = "TF011"
	// CodeCycle (error): locals or resources refer to each other in a cycle.
	CodeCycle = "TF013"
	// CodeUndeclared (error): a reference to a variable, local or resource
	// that the module does not declare.
	CodeUndeclared = "TF014"
	// CodeEval (error): evaluating an expression failed (wrong argument to a
	// function, wrong operand type, ...).
	CodeEval = "TF015"

	// CodeCount (warning): a resource's count or for_each can't be resolved;
	// the resource is read once, as if it existed.
	CodeCount = "TF020"
	// CodeDynamic (warning): a dynamic block's for_each can't be resolved;
	// the blocks it would generate are unknown.
	CodeDynamic = "TF021"
	// CodeTooMany (error): count or for_each asks for more instances than the
	// reader expands.
	CodeTooMany = "TF022"
	// CodeCountZero (info): a resource has no instances (count = 0 or an
	// empty for_each) and is skipped.
	CodeCountZero = "TF023"

	// CodeInvalidValue (error): a value is not one the provider or AKS
	// accepts (for example network_plugin = "kubernet").
	CodeInvalidValue = "TF030"
	// CodeInvalidCIDR (error): an address or prefix does not parse, or has
	// host bits set.
	CodeInvalidCIDR = "TF031"
	// CodeWrongType (error): a value has the wrong type (a list where a
	// string belongs, a fraction where a count belongs, a number out of range).
	CodeWrongType = "TF032"

	// CodeOrphanPool (warning): a node pool resource whose cluster can't be
	// found among the clusters of the module.
	CodeOrphanPool = "TF040"
	// CodeSubnetRef (info): a pool's subnet is given by an id that is not
	// defined in the module, so its prefix is unknown.
	CodeSubnetRef = "TF041"
	// CodeNoDefaultPool (error): a cluster without a default_node_pool block.
	CodeNoDefaultPool = "TF042"
	// CodeRepeatedBlock (warning): a block that may appear once appears more
	// than once; the first is read.
	CodeRepeatedBlock = "TF043"
	// CodeProviderDefault (info): the azurerm provider's schema default
	// differs from the AKS API default, or the provider requires what the API
	// does not.
	CodeProviderDefault = "TF044"

	// CodeTFVars (warning): a tfvars file sets a variable the module does not
	// declare, or a value that does not convert to the variable's type.
	CodeTFVars = "TF050"

	// CodePlanSyntax (error): a plan file is not valid JSON or not a
	// terraform show -json document.
	CodePlanSyntax = "TF060"
	// CodePlanFormat (warning): the plan's format_version is not one the
	// reader knows (1.x).
	CodePlanFormat = "TF061"
	// CodePlanUnknown (info): a value in the plan is known only after
	// apply (after_unknown) and is therefore unknown.
	CodePlanUnknown = "TF062"

	// CodeAzAPIType (info): an azapi_resource whose type can't be resolved;
	// if it is a managed cluster, it is not read.
	CodeAzAPIType = "TF070"
)

package audit

// PolicyMapping says how a rule is enforced as a custom Azure Policy
// definition on Microsoft.ContainerService/managedClusters. Package azpolicy
// turns it into the definition: the rule's ID names the definition, its
// Title becomes the displayName and its Rationale and Remediation the
// description, so a rule and its policy can't drift apart.
//
// A policy only sees one cluster resource as Azure Resource Manager stores
// or receives it: no VNet inventory, no other clusters, no planner. Broader
// and Narrower say, in words, where that makes the policy differ from the
// rule; tests evaluate both against the rule's fixtures.
type PolicyMapping struct {
	// Category is the definition's metadata category: Kubernetes or Network.
	Category string `json:"category"`
	// Version is the definition's metadata version; raise it whenever If or
	// Parameters change.
	Version string `json:"version"`
	// If is the policyRule "if" condition as JSON, in the Azure Policy rule
	// language with Microsoft.ContainerService/managedClusters aliases. It
	// names its parameters as [parameters('name')]; the effect parameter is
	// added by the generator.
	If string `json:"if"`
	// Parameters are the definition's parameters besides effect.
	Parameters []PolicyParameter `json:"parameters,omitempty"`
	// Broader lists what the policy flags that the rule does not.
	Broader []string `json:"broader,omitempty"`
	// Narrower lists what the rule flags that the policy can't see.
	Narrower []string `json:"narrower,omitempty"`
}

// PolicyParameter is one parameter of a policy definition.
type PolicyParameter struct {
	// Name is the parameter name used in [parameters('name')].
	Name string `json:"name"`
	// Type is an Azure Policy parameter type: String, Array, Boolean, Integer.
	Type        string `json:"type"`
	DisplayName string `json:"displayName"`
	Description string `json:"description"`
	// Default is the defaultValue: a string, []string, bool or int.
	Default any `json:"defaultValue"`
}

package azpolicy_test

import (
	"fmt"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit/rules"
	"github.com/aksnet/aksnet/internal/azpolicy"
)

// Generate turns the rules with an Azure Policy mapping into definitions
// and an initiative.
func ExampleGenerate() {
	set, _ := azpolicy.Generate(rules.All(), azpolicy.Options{Effect: azpolicy.Deny})
	for _, d := range set.Definitions {
		fmt.Println(d.Name, d.Properties.Metadata.Category, d.Properties.Parameters["effect"].DefaultValue)
	}
	fmt.Println(set.Initiative.Name, len(set.Initiative.Properties.PolicyDefinitions))
	// Output:
	// AKSNET-001-KubenetRetirement Kubernetes Deny
	// AKSNET-003-NodeSubnetLegacy Kubernetes Deny
	// AKSNET-004-NoNetworkPolicyEngine Kubernetes Deny
	// AKSNET-013-ForbiddenRange Network Deny
	// AKSNET-014-CIDROverlap Network Deny
	// AKSNET-017-PublicAPIServerUnrestricted Kubernetes Deny
	// AKSNET-018-UnrestrictedEgress Network Deny
	// aksnet-networking-guardrails 7
}

// Evaluate runs a definition's rule against a normalized cluster.
func ExampleEvaluate() {
	set, _ := azpolicy.Generate(rules.All(), azpolicy.Options{})
	d := set.Definitions[0] // AKSNET-001: kubenet
	cond, _ := d.Condition()
	c := &aks.Cluster{KubernetesVersion: aks.SetAt("1.29.4", aks.Origin{})}
	aks.ApplyDefaults(c) // networkPlugin defaults to kubenet below 1.30
	stored, _ := azpolicy.Evaluate(cond, azpolicy.Document(c, azpolicy.Stored), d.Params())
	request, _ := azpolicy.Evaluate(cond, azpolicy.Document(c, azpolicy.Request), d.Params())
	fmt.Println("stored resource flagged:", stored)
	fmt.Println("create request flagged:", request)
	// Output:
	// stored resource flagged: true
	// create request flagged: false
}

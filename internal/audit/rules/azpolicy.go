package rules

import (
	"fmt"

	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// Azure Policy mappings of the rules that a single managedClusters resource
// can decide. Every alias below is listed for the resource type by
// Get-AzPolicyAlias (Microsoft.ContainerService/managedClusters); the
// generator in package azpolicy adds the type check and the effect.

// alias is the Azure Policy alias of a managedClusters property path.
func alias(path string) string { return "Microsoft.ContainerService/managedClusters/" + path }

// overlapExpr is an Azure Policy template expression that is true when the
// CIDRs a and b (expressions) overlap. Azure Policy has no overlap function;
// ipRangeContains(range, target) is containment, and two CIDR blocks overlap
// exactly when one contains the other. ipRangeContains fails the evaluation
// (an implicit deny) on an empty range or mixed IP families, so nested if()
// guards (if evaluates only the branch it takes) compare only non-empty
// values of the same family (an IPv6 value contains ':').
func overlapExpr(a, b string) string {
	return fmt.Sprintf("if(empty(%[1]s), false(), if(empty(%[2]s), false(), if(equals(contains(%[1]s, ':'), contains(%[2]s, ':')), or(ipRangeContains(%[1]s, %[2]s), ipRangeContains(%[2]s, %[1]s)), false())))", a, b)
}

// cidrListCondition is the condition "a CIDR in the single field or in the
// list field (dual-stack podCidrs or serviceCidrs) overlaps one of the CIDRs
// in the array parameter param".
func cidrListCondition(single, list, param string) string {
	f := fmt.Sprintf("field('%s')", alias(single))
	member := fmt.Sprintf("current('%s[*]')", alias(list))
	return fmt.Sprintf(`{"anyOf": [
    {"count": {"value": "[parameters('%[1]s')]", "name": "cidr", "where": {"value": "[%[2]s]", "equals": true}}, "greater": 0},
    {"count": {"field": "%[3]s[*]", "where": {"count": {"value": "[parameters('%[1]s')]", "name": "cidr", "where": {"value": "[%[4]s]", "equals": true}}, "greater": 0}}, "greater": 0}
  ]}`, param, overlapExpr("current('cidr')", f), alias(list), overlapExpr("current('cidr')", member))
}

// podCIDRModels is the condition "the pod CIDR is in use": kubenet, bring
// your own CNI (networkPlugin none) or Overlay; flat models ignore podCidr
// (usesPodCIDR).
var podCIDRModels = fmt.Sprintf(`{"anyOf": [{"field": "%s", "in": ["kubenet", "none"]}, {"field": "%s", "equals": "overlay"}]}`,
	alias("networkProfile.networkPlugin"), alias("networkProfile.networkPluginMode"))

// statedNote is the difference every policy has: it sees the resource as
// Azure Resource Manager holds it. At create time a Deny effect sees only the
// request body, where omitted fields carry no value yet; the rules read the
// definition with the service defaults applied (aks.ApplyDefaults).
const statedNote = "A Deny at create time sees only the request body: a field the request omits has no value yet, while the rule applies the service default (e.g. networkPlugin kubenet below Kubernetes 1.30, SPEC-PR)."

var kubenetPolicy = &audit.PolicyMapping{
	Category: "Kubernetes", Version: "1.0.0",
	If:       fmt.Sprintf(`{"field": "%s", "equals": "kubenet"}`, alias("networkProfile.networkPlugin")),
	Narrower: []string{statedNote},
}

var nodeSubnetPolicy = &audit.PolicyMapping{
	Category: "Kubernetes", Version: "1.0.0",
	If: fmt.Sprintf(`{"anyOf": [
  {"field": "%[1]s", "equals": "kubenet"},
  {"allOf": [
    {"field": "%[1]s", "equals": "azure"},
    {"field": "%[2]s", "notEquals": "overlay"},
    {"count": {"field": "%[3]s", "where": {"allOf": [{"field": "%[4]s", "exists": true}, {"field": "%[4]s", "notEquals": ""}]}}, "equals": 0}
  ]}
]}`, alias("networkProfile.networkPlugin"), alias("networkProfile.networkPluginMode"), alias("agentPoolProfiles[*]"), alias("agentPoolProfiles[*].podSubnetID")),
	Broader: []string{
		"Also flags kubenet (AKSNET-001): the policy requires Overlay or Pod Subnet, so neither legacy model may be created.",
		"A Deny also refuses updates to existing Node Subnet or kubenet clusters until they migrate; use Audit for existing fleets.",
	},
	Narrower: []string{statedNote},
}

var noPolicyEnginePolicy = &audit.PolicyMapping{
	Category: "Kubernetes", Version: "1.0.0",
	If: fmt.Sprintf(`{"allOf": [
  {"field": "%[1]s", "notEquals": "none"},
  {"anyOf": [
    {"field": "%[2]s", "equals": "none"},
    {"allOf": [{"field": "%[2]s", "exists": false}, {"field": "%[3]s", "notEquals": "cilium"}]}
  ]}
]}`, alias("networkProfile.networkPlugin"), alias("networkProfile.networkPolicy"), alias("networkProfile.networkDataplane")),
	Broader: []string{
		"Flags a missing engine even when the networking model can't be resolved (an unknown networkPlugin or networkPluginMode); the rule then does not run.",
	},
	Narrower: []string{statedNote},
}

var publicAPIServerPolicy = &audit.PolicyMapping{
	Category: "Kubernetes", Version: "1.0.0",
	If: fmt.Sprintf(`{"allOf": [
  {"field": "%[1]s", "notEquals": true},
  {"anyOf": [
    {"count": {"field": "%[2]s"}, "equals": 0},
    {"count": {"field": "%[2]s", "where": {"field": "%[2]s", "like": "*/0"}}, "greater": 0}
  ]}
]}`, alias("apiServerAccessProfile.enablePrivateCluster"), alias("apiServerAccessProfile.authorizedIPRanges[*]")),
	Narrower: []string{
		"A range is taken as admitting every address when its text ends in /0 (like \"*/0\"); the rule parses the prefix.",
	},
}

// restrictingOutbound lists the outbound types that restrict egress by
// themselves, from the catalog (netmodel.Outbounds; UDR; ISO).
func restrictingOutbound() []string {
	var out []string
	for _, o := range netmodel.Outbounds() {
		if o.RestrictsEgress.Value {
			out = append(out, o.Type)
		}
	}
	return out
}

var unrestrictedEgressPolicy = &audit.PolicyMapping{
	Category: "Network", Version: "1.0.0",
	If: fmt.Sprintf(`{"anyOf": [
  {"field": "%[1]s", "exists": false},
  {"field": "%[1]s", "notIn": "[parameters('allowedOutboundTypes')]"}
]}`, alias("networkProfile.outboundType")),
	Parameters: []audit.PolicyParameter{{
		Name: "allowedOutboundTypes", Type: "Array", DisplayName: "Allowed outbound types",
		Description: "networkProfile.outboundType values that restrict egress: userDefinedRouting sends 0.0.0.0/0 to a firewall (UDR); none and block are network-isolated (ISO). A NAT gateway or load balancer does not filter egress (NATGW; EGR).",
		Default:     restrictingOutbound(),
	}},
	Broader: []string{
		"Flags an absent outboundType (it defaults to loadBalancer, SPEC) and any value outside the allowed list, including types the rule's catalog does not know; the rule skips unknown types.",
	},
}

func forbiddenStrings() []string {
	var out []string
	for _, p := range azaddr.Forbidden() {
		out = append(out, p.String())
	}
	return out
}

var forbiddenRangePolicy = &audit.PolicyMapping{
	Category: "Network", Version: "1.0.0",
	If: fmt.Sprintf(`{"anyOf": [
  {"allOf": [%s, %s]},
  %s
]}`, podCIDRModels, cidrListCondition("networkProfile.podCidr", "networkProfile.podCidrs", "reservedCidrs"), cidrListCondition("networkProfile.serviceCidr", "networkProfile.serviceCidrs", "reservedCidrs")),
	Parameters: []audit.PolicyParameter{{
		Name: "reservedCidrs", Type: "Array", DisplayName: "Reserved CIDRs",
		Description: "Ranges AKS reserves in every cluster and rejects for pod and service CIDRs (CNIOV).",
		Default:     forbiddenStrings(),
	}},
	Narrower: []string{
		"Does not check the VNet address space: the VNet is another resource (Microsoft.Network/virtualNetworks).",
	},
}

var cidrOverlapPolicy = &audit.PolicyMapping{
	Category: "Network", Version: "1.0.0",
	If: fmt.Sprintf(`{"anyOf": [
  {"allOf": [%[1]s, %[2]s]},
  %[3]s,
  {"allOf": [%[1]s, {"value": "[%[4]s]", "equals": true}]}
]}`, podCIDRModels, cidrListCondition("networkProfile.podCidr", "networkProfile.podCidrs", "forbiddenCidrs"), cidrListCondition("networkProfile.serviceCidr", "networkProfile.serviceCidrs", "forbiddenCidrs"),
		overlapExpr(fmt.Sprintf("field('%s')", alias("networkProfile.podCidr")), fmt.Sprintf("field('%s')", alias("networkProfile.serviceCidr")))),
	Parameters: []audit.PolicyParameter{{
		Name: "forbiddenCidrs", Type: "Array", DisplayName: "Forbidden CIDRs",
		Description: "Ranges pod and service CIDRs must not overlap: the VNet address spaces, peered and on-premises ranges (IPPLAN; LEG; OVL). Empty by default: list your network's ranges.",
		Default:     []string{},
	}},
	Narrower: []string{
		"Sees only the ranges listed in forbiddenCidrs (and the cluster's own pod and service CIDRs); the rule reads the VNet, its subnets and peerings from the inventory.",
		"The pod CIDR is compared with the service CIDR in the single-CIDR fields (podCidr, serviceCidr) only, not across the dual-stack lists.",
	},
}

// Package azpolicy turns audit rules that carry an Azure Policy mapping
// (audit.Rule.Policy) into custom Azure Policy definitions for
// Microsoft.ContainerService/managedClusters, plus an initiative (policy set
// definition) that bundles them with every parameter passed through.
//
// A definition is generated from its rule: the rule ID names it and sits in
// its metadata, the title becomes the displayName, the remediation the
// description, so a rule and its policy never disagree. The package also
// holds a small evaluator of the policy-rule language (ParseCondition,
// Evaluate) over a normalized cluster (Document), which tests use to check
// each policy against its rule's pass and fail fixtures.
//
// Diagnostic codes raised by this package:
//
//	AZPOL001  error    a policy rule's if block is malformed or uses an unsupported operator or function
//	AZPOL002  error    a field names an alias the alias table does not map
//	AZPOL003  error    an invalid option: effect, parameter value or scope
//	AZPOL004  error    a generated name, displayName or description exceeds Azure Policy's length limit
package azpolicy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// Diagnostic codes.
const (
	CodeRuleSyntax   = "AZPOL001"
	CodeUnknownAlias = "AZPOL002"
	CodeOption       = "AZPOL003"
	CodeLength       = "AZPOL004"
)

// SchemaVersion is the version of the JSON output; it changes only by adding.
const SchemaVersion = 1

// Length limits of policy resources: name 64 characters (the Resource API's
// InvalidPolicyDefinitionName error), displayName 128 and description 512
// characters (Azure Policy resource limits, as EnterprisePolicyAsCode's
// Get-PolicyResourceLengthError checks them).
const (
	MaxNameLength        = 64
	MaxDisplayNameLength = 128
	MaxDescriptionLength = 512
)

// Effect is a policy effect these definitions allow.
type Effect string

const (
	Audit    Effect = "Audit"
	Deny     Effect = "Deny"
	Disabled Effect = "Disabled"
)

// Effects lists the allowed effects in the order of the allowedValues.
func Effects() []Effect { return []Effect{Audit, Deny, Disabled} }

// ParseEffect parses an effect name case-insensitively.
func ParseEffect(s string) (Effect, error) {
	for _, e := range Effects() {
		if strings.EqualFold(strings.TrimSpace(s), string(e)) {
			return e, nil
		}
	}
	return "", fmt.Errorf("unknown effect %q (want Audit, Deny or Disabled)", s)
}

// Options tune generation.
type Options struct {
	// Effect is every definition's default effect; empty means Audit.
	Effect Effect
	// Scope is where the definitions are created, used for the initiative's
	// policyDefinitionId references: /subscriptions/<id> or
	// /providers/Microsoft.Management/managementGroups/<id>. Empty means the
	// placeholder /subscriptions/{subscriptionId}.
	Scope string
	// Defaults overrides parameter default values by parameter name (for
	// example allowedOutboundTypes or forbiddenCidrs).
	Defaults map[string]any
}

// DefaultScope is the placeholder scope used when Options.Scope is empty.
const DefaultScope = "/subscriptions/{subscriptionId}"

// Set is the generated definitions and the initiative bundling them.
type Set struct {
	SchemaVersion int          `json:"schemaVersion"`
	Definitions   []Definition `json:"definitions"`
	Initiative    Initiative   `json:"initiative"`
}

// Definition is a policy definition as the REST API takes it (PUT
// .../policyDefinitions/{name} with this body minus name).
type Definition struct {
	Name       string               `json:"name"`
	Properties DefinitionProperties `json:"properties"`
}

// DefinitionProperties are a definition's properties.
type DefinitionProperties struct {
	DisplayName string               `json:"displayName"`
	Description string               `json:"description"`
	PolicyType  string               `json:"policyType"`
	Mode        string               `json:"mode"`
	Metadata    Metadata             `json:"metadata"`
	Parameters  map[string]Parameter `json:"parameters"`
	PolicyRule  PolicyRule           `json:"policyRule"`
}

// Metadata is a definition's metadata: the standard category and version
// plus the rule it comes from.
type Metadata struct {
	Category string `json:"category"`
	Version  string `json:"version"`
	// RuleID is the audit rule the definition is generated from.
	RuleID    string   `json:"aksnetRuleId"`
	Severity  string   `json:"aksnetSeverity"`
	Rationale string   `json:"aksnetRationale"`
	Sources   []string `json:"aksnetSources"`
	// BuiltIn is the built-in definition the rule mirrors, if any.
	BuiltIn  string   `json:"aksnetBuiltInEquivalent,omitempty"`
	Broader  []string `json:"aksnetBroaderThanRule,omitempty"`
	Narrower []string `json:"aksnetNarrowerThanRule,omitempty"`
}

// Parameter is a definition or initiative parameter.
type Parameter struct {
	Type          string        `json:"type"`
	Metadata      ParameterMeta `json:"metadata"`
	DefaultValue  any           `json:"defaultValue"`
	AllowedValues []string      `json:"allowedValues,omitempty"`
}

// ParameterMeta names a parameter in the portal.
type ParameterMeta struct {
	DisplayName string `json:"displayName"`
	Description string `json:"description"`
}

// PolicyRule is the if/then of a definition.
type PolicyRule struct {
	If   json.RawMessage `json:"if"`
	Then Then            `json:"then"`
}

// Then is the effect block.
type Then struct {
	Effect string `json:"effect"`
}

// Initiative is a policy set definition.
type Initiative struct {
	Name       string               `json:"name"`
	Properties InitiativeProperties `json:"properties"`
}

// InitiativeProperties are an initiative's properties.
type InitiativeProperties struct {
	DisplayName       string               `json:"displayName"`
	Description       string               `json:"description"`
	PolicyType        string               `json:"policyType"`
	Metadata          InitiativeMetadata   `json:"metadata"`
	Parameters        map[string]Parameter `json:"parameters"`
	PolicyDefinitions []Reference          `json:"policyDefinitions"`
}

// InitiativeMetadata is an initiative's metadata.
type InitiativeMetadata struct {
	Category string `json:"category"`
	Version  string `json:"version"`
}

// Reference is one member of an initiative.
type Reference struct {
	ReferenceID  string                    `json:"policyDefinitionReferenceId"`
	DefinitionID string                    `json:"policyDefinitionId"`
	Parameters   map[string]ParameterValue `json:"parameters"`
}

// ParameterValue passes a value (or an initiative parameter) to a member.
type ParameterValue struct {
	Value any `json:"value"`
}

// InitiativeName is the initiative's resource name.
const InitiativeName = "aksnet-networking-guardrails"

// InitiativeVersion is the initiative's metadata version.
const InitiativeVersion = "1.0.0"

// Generate builds a definition for every rule with a Policy mapping, in the
// rules' order, and the initiative. Every problem is returned as a
// diagnostic; the set is nil when any is an error.
func Generate(rules []audit.Rule, opts Options) (*Set, diag.List) {
	var ds diag.List
	effect := opts.Effect
	if effect == "" {
		effect = Audit
	}
	if _, err := ParseEffect(string(effect)); err != nil {
		ds.Add(diag.Diagnostic{Code: CodeOption, Severity: diag.Error, Message: err.Error(), Hint: "use --effect Audit, Deny or Disabled"})
	}
	scope := opts.Scope
	if scope == "" {
		scope = DefaultScope
	} else if err := ValidateScope(scope); err != nil {
		ds.Add(diag.Diagnostic{Code: CodeOption, Severity: diag.Error, Message: err.Error(),
			Hint: "use /subscriptions/<id> or /providers/Microsoft.Management/managementGroups/<id>"})
	}
	used := map[string]bool{}
	set := &Set{SchemaVersion: SchemaVersion}
	ini := InitiativeProperties{
		DisplayName: "aksnet AKS networking guardrails",
		Description: "AKS networking rules from aksnet as Azure Policy: no kubenet or legacy Node Subnet, a network policy engine, a private or IP-restricted API server, restricted egress, and pod and service CIDRs clear of reserved and listed ranges.",
		PolicyType:  "Custom",
		Metadata:    InitiativeMetadata{Category: "Kubernetes", Version: InitiativeVersion},
		Parameters:  map[string]Parameter{},
	}
	for _, r := range rules {
		if r.Policy == nil {
			continue
		}
		d, dd := definition(r, effect, opts.Defaults, used)
		ds = append(ds, dd...)
		if d == nil {
			continue
		}
		set.Definitions = append(set.Definitions, *d)
		ref := Reference{
			ReferenceID:  r.ID,
			DefinitionID: strings.TrimRight(scope, "/") + "/providers/Microsoft.Authorization/policyDefinitions/" + d.Name,
			Parameters:   map[string]ParameterValue{},
		}
		for name, p := range d.Properties.Parameters {
			iname := name + "-" + r.ID
			ini.Parameters[iname] = p
			ref.Parameters[name] = ParameterValue{Value: "[parameters('" + iname + "')]"}
		}
		ini.PolicyDefinitions = append(ini.PolicyDefinitions, ref)
	}
	for name := range opts.Defaults {
		if !used[name] {
			ds.Add(diag.Diagnostic{Code: CodeOption, Severity: diag.Error, Message: fmt.Sprintf("no definition has a parameter %q", name),
				Hint: "parameters: " + strings.Join(ParameterNames(rules), ", ")})
		}
	}
	set.Initiative = Initiative{Name: InitiativeName, Properties: ini}
	ds.Sort()
	if ds.HasErrors() {
		return nil, ds
	}
	return set, ds
}

// ParameterNames lists the parameters (besides effect) of the rules' policies.
func ParameterNames(rules []audit.Rule) []string {
	var out []string
	for _, r := range rules {
		if r.Policy == nil {
			continue
		}
		for _, p := range r.Policy.Parameters {
			out = append(out, p.Name)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// DefinitionName is the resource name of a rule's definition.
func DefinitionName(r audit.Rule) string { return r.ID + "-" + r.Name }

func definition(r audit.Rule, effect Effect, defaults map[string]any, used map[string]bool) (*Definition, diag.List) {
	var ds diag.List
	m := r.Policy
	at := "rule " + r.ID
	cond, pd := ParseCondition([]byte(m.If), at)
	ds = append(ds, pd...)
	effects := make([]string, 0, 3)
	for _, e := range Effects() {
		effects = append(effects, string(e))
	}
	params := map[string]Parameter{
		"effect": {Type: "String", DefaultValue: string(effect), AllowedValues: effects,
			Metadata: ParameterMeta{DisplayName: "Effect", Description: "Audit reports non-compliant clusters, Deny refuses creating or updating them, Disabled turns the policy off."}},
	}
	for _, p := range m.Parameters {
		def := p.Default
		if v, ok := defaults[p.Name]; ok {
			def = v
			used[p.Name] = true
		}
		params[p.Name] = Parameter{Type: p.Type, DefaultValue: def, Metadata: ParameterMeta{DisplayName: p.DisplayName, Description: p.Description}}
	}
	if cond != nil {
		// Every parameter the condition names must be defined.
		for _, name := range parameterRefs(m.If) {
			if _, ok := params[name]; !ok {
				ds.Add(diag.Diagnostic{Code: CodeRuleSyntax, Severity: diag.Error, File: at,
					Message: fmt.Sprintf("the condition uses parameter %q, which the mapping does not define", name), Hint: "add it to the mapping's Parameters"})
			}
		}
	}
	var buf bytes.Buffer
	ifJSON := fmt.Sprintf(`{"allOf": [{"field": "type", "equals": %q}, %s]}`, ResourceType, m.If)
	if err := json.Compact(&buf, []byte(ifJSON)); err != nil {
		ds.Add(diag.Diagnostic{Code: CodeRuleSyntax, Severity: diag.Error, File: at, Message: "policy rule is not valid JSON: " + err.Error()})
	}
	d := &Definition{
		Name: DefinitionName(r),
		Properties: DefinitionProperties{
			DisplayName: r.ID + ": " + r.Title,
			Description: r.Remediation,
			PolicyType:  "Custom",
			Mode:        "Indexed",
			Metadata: Metadata{Category: m.Category, Version: m.Version, RuleID: r.ID, Severity: string(r.Severity),
				Rationale: r.Rationale, Sources: r.Sources, BuiltIn: r.AzurePolicy, Broader: m.Broader, Narrower: m.Narrower},
			Parameters: params,
			PolicyRule: PolicyRule{If: json.RawMessage(buf.Bytes()), Then: Then{Effect: "[parameters('effect')]"}},
		},
	}
	for _, l := range []struct {
		what string
		n    int
		max  int
	}{{"name", len(d.Name), MaxNameLength}, {"displayName", len(d.Properties.DisplayName), MaxDisplayNameLength}, {"description", len(d.Properties.Description), MaxDescriptionLength}} {
		if l.n > l.max {
			ds.Add(diag.Diagnostic{Code: CodeLength, Severity: diag.Error, File: at,
				Message: fmt.Sprintf("the definition's %s is %d characters; Azure Policy allows %d", l.what, l.n, l.max), Hint: "shorten the rule's metadata"})
		}
	}
	if ds.HasErrors() {
		return nil, ds
	}
	return d, ds
}

// parameterRefs lists the names in parameters('name') calls of a rule text.
func parameterRefs(s string) []string {
	var out []string
	for {
		i := strings.Index(strings.ToLower(s), "parameters('")
		if i < 0 {
			break
		}
		s = s[i+len("parameters('"):]
		j := strings.IndexByte(s, '\'')
		if j < 0 {
			break
		}
		out = append(out, s[:j])
		s = s[j:]
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Params returns the default parameter values of a definition, the form
// Evaluate takes.
func (d Definition) Params() map[string]any {
	out := map[string]any{}
	for k, p := range d.Properties.Parameters {
		out[k] = jsonValue(p.DefaultValue)
	}
	return out
}

// Condition parses the definition's if block.
func (d Definition) Condition() (*Condition, diag.List) {
	return ParseCondition(d.Properties.PolicyRule.If, d.Name)
}

// jsonValue converts a Go value to the evaluator's JSON form ([]any,
// float64, ...).
func jsonValue(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil
	}
	return out
}

// ValidateScope checks a definition scope: a subscription or a management group.
func ValidateScope(s string) error {
	parts := strings.Split(strings.Trim(s, "/"), "/")
	switch {
	case len(parts) == 2 && strings.EqualFold(parts[0], "subscriptions") && parts[1] != "":
		return nil
	case len(parts) == 4 && strings.EqualFold(parts[0], "providers") && strings.EqualFold(parts[1], "Microsoft.Management") &&
		strings.EqualFold(parts[2], "managementGroups") && parts[3] != "":
		return nil
	}
	return fmt.Errorf("invalid scope %q: want /subscriptions/<id> or /providers/Microsoft.Management/managementGroups/<id>", s)
}

// ParseCIDRList parses comma-separated CIDRs (as --forbidden-cidr takes
// them; the flag may repeat) into their canonical strings, collecting every
// invalid entry.
func ParseCIDRList(values []string) ([]string, error) {
	var out, bad []string
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			p, err := netip.ParsePrefix(part)
			if err != nil {
				bad = append(bad, part)
				continue
			}
			out = append(out, p.Masked().String())
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("invalid CIDR %s: want address/bits, e.g. 10.0.0.0/8", strings.Join(quoteAll(bad), ", "))
	}
	return out, nil
}

// ParseOutboundTypes parses comma-separated outbound types (as
// --allowed-outbound takes them) into their catalog spelling; an unknown
// type is an error.
func ParseOutboundTypes(values []string) ([]string, error) {
	var out, bad []string
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			o, ok := netmodel.LookupOutbound(part)
			if !ok {
				bad = append(bad, part)
				continue
			}
			if !slices.Contains(out, o.Type) {
				out = append(out, o.Type)
			}
		}
	}
	if len(bad) > 0 {
		var known []string
		for _, o := range netmodel.Outbounds() {
			known = append(known, o.Type)
		}
		return nil, fmt.Errorf("unknown outbound type %s (want %s)", strings.Join(quoteAll(bad), ", "), strings.Join(known, ", "))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no outbound type given")
	}
	return out, nil
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

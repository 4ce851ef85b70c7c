package azpolicy

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/diag"
)

const (
	plugin = "Microsoft.ContainerService/managedClusters/networkProfile.networkPlugin"
	pools  = "Microsoft.ContainerService/managedClusters/agentPoolProfiles[*]"
	ranges = "Microsoft.ContainerService/managedClusters/apiServerAccessProfile.authorizedIPRanges[*]"
)

// sample is a resource document as Document builds it.
func sample() map[string]any {
	return map[string]any{
		"type": ResourceType, "name": "aks-main", "location": "westeurope",
		"tags": map[string]any{"env": "Prod"},
		"properties": map[string]any{
			"kubernetesVersion": "1.31.2",
			"networkProfile": map[string]any{
				"networkPlugin": "azure", "networkPluginMode": "overlay", "podCidr": "10.244.0.0/16", "serviceCidr": "10.0.0.0/16",
			},
			"apiServerAccessProfile": map[string]any{"enablePrivateCluster": false, "authorizedIPRanges": []any{"203.0.113.0/24", "198.51.100.7/32"}},
			"agentPoolProfiles": []any{
				map[string]any{"name": "system", "count": 3.0, "maxPods": 30.0, "osType": "Linux"},
				map[string]any{"name": "win", "count": 2.0, "maxPods": 110.0, "osType": "Windows", "podSubnetID": "/sub/pods"},
			},
		},
	}
}

// TestOperators is one table over every operator, logical operator, count
// form and template function the evaluator supports.
func TestOperators(t *testing.T) {
	params := map[string]any{"allowed": []any{"azure", "none"}, "cidrs": []any{"10.0.0.0/8", "fd00::/8"}, "name": "aks"}
	tests := []struct {
		name, rule string
		want       bool
	}{
		{"equals is case-insensitive", `{"field": "` + plugin + `", "equals": "AZURE"}`, true},
		{"equals misses", `{"field": "` + plugin + `", "equals": "kubenet"}`, false},
		{"notEquals", `{"field": "` + plugin + `", "notEquals": "kubenet"}`, true},
		{"notEquals on an absent field", `{"field": "Microsoft.ContainerService/managedClusters/networkProfile.networkPolicy", "notEquals": "none"}`, true},
		{"equals on an absent field", `{"field": "Microsoft.ContainerService/managedClusters/networkProfile.networkPolicy", "equals": "none"}`, false},
		{"bool equals bool", `{"field": "Microsoft.ContainerService/managedClusters/apiServerAccessProfile.enablePrivateCluster", "equals": false}`, true},
		{"bool equals its string", `{"field": "Microsoft.ContainerService/managedClusters/apiServerAccessProfile.enablePrivateCluster", "equals": "false"}`, true},
		{"in literal", `{"field": "` + plugin + `", "in": ["kubenet", "azure"]}`, true},
		{"in parameter", `{"field": "` + plugin + `", "in": "[parameters('allowed')]"}`, true},
		{"notIn", `{"field": "` + plugin + `", "notIn": ["kubenet"]}`, true},
		{"notIn on an absent field", `{"field": "Microsoft.ContainerService/managedClusters/networkProfile.outboundType", "notIn": ["none"]}`, true},
		{"exists true", `{"field": "` + plugin + `", "exists": true}`, true},
		{"exists string false", `{"field": "Microsoft.ContainerService/managedClusters/networkProfile.outboundType", "exists": "false"}`, true},
		{"contains", `{"field": "Microsoft.ContainerService/managedClusters/kubernetesVersion", "contains": "31"}`, true},
		{"notContains", `{"field": "Microsoft.ContainerService/managedClusters/kubernetesVersion", "notContains": "29"}`, true},
		{"like", `{"field": "Microsoft.ContainerService/managedClusters/networkProfile.podCidr", "like": "10.244.*"}`, true},
		{"like suffix", `{"field": "Microsoft.ContainerService/managedClusters/networkProfile.podCidr", "like": "*/0"}`, false},
		{"notLike", `{"field": "Microsoft.ContainerService/managedClusters/networkProfile.podCidr", "notLike": "192.*"}`, true},
		{"containsKey", `{"field": "tags", "containsKey": "ENV"}`, true},
		{"notContainsKey", `{"field": "tags", "notContainsKey": "owner"}`, true},
		{"tag field", `{"field": "tags['env']", "equals": "prod"}`, true},
		{"type field", `{"field": "type", "equals": "microsoft.containerservice/managedclusters"}`, true},
		{"greater on count", `{"count": {"field": "` + pools + `"}, "greater": 1}`, true},
		{"less", `{"count": {"field": "` + pools + `"}, "less": 2}`, false},
		{"lessOrEquals", `{"count": {"field": "` + pools + `"}, "lessOrEquals": 2}`, true},
		{"greaterOrEquals", `{"count": {"field": "` + pools + `"}, "greaterOrEquals": 3}`, false},
		{"field count with where", `{"count": {"field": "` + pools + `", "where": {"field": "` + pools + `.osType", "equals": "windows"}}, "equals": 1}`, true},
		{"field count over absent members", `{"count": {"field": "` + pools + `", "where": {"field": "` + pools + `.podSubnetID", "exists": true}}, "equals": 1}`, true},
		{"count of a primitive array", `{"count": {"field": "` + ranges + `", "where": {"field": "` + ranges + `", "like": "*/32"}}, "equals": 1}`, true},
		{"current() in a field count", `{"count": {"field": "` + ranges + `", "where": {"value": "[current('` + ranges + `')]", "equals": "203.0.113.0/24"}}, "equals": 1}`, true},
		{"value count with current", `{"count": {"value": "[parameters('cidrs')]", "name": "c", "where": {"value": "[current('c')]", "like": "fd*"}}, "equals": 1}`, true},
		{"value count literal default name", `{"count": {"value": [1, 2, 3], "where": {"value": "[current()]", "greater": 1}}, "equals": 2}`, true},
		{"[*] outside a count means every member", `{"field": "` + pools + `.maxPods", "greaterOrEquals": 30}`, true},
		{"[*] outside a count fails on one member", `{"field": "` + pools + `.osType", "equals": "Linux"}`, false},
		{"allOf", `{"allOf": [{"field": "` + plugin + `", "equals": "azure"}, {"field": "name", "equals": "aks-main"}]}`, true},
		{"anyOf", `{"anyOf": [{"field": "` + plugin + `", "equals": "kubenet"}, {"field": "name", "equals": "aks-main"}]}`, true},
		{"not", `{"not": {"field": "` + plugin + `", "equals": "kubenet"}}`, true},
		{"ipRangeContains", `{"value": "[ipRangeContains('10.0.0.0/8', field('Microsoft.ContainerService/managedClusters/networkProfile.podCidr'))]", "equals": true}`, true},
		{"ipRangeContains is not overlap", `{"value": "[ipRangeContains(field('Microsoft.ContainerService/managedClusters/networkProfile.podCidr'), '10.0.0.0/8')]", "equals": true}`, false},
		{"ipRangeContains with a start-end range", `{"value": "[ipRangeContains('10.244.0.0-10.244.255.255', '10.244.3.0/24')]", "equals": true}`, true},
		{"if is lazy", `{"value": "[if(empty(field('Microsoft.ContainerService/managedClusters/networkProfile.dnsServiceIP')), 'none', ipRangeContains('10.0.0.0/8', field('Microsoft.ContainerService/managedClusters/networkProfile.dnsServiceIP')))]", "equals": "none"}`, true},
		{"and or not equals", `{"value": "[and(or(false(), true()), not(equals(1, 2)))]", "equals": true}`, true},
		{"concat toLower length", `{"value": "[length(concat(toLower(parameters('name')), '-', field('name')))]", "equals": 12}`, true},
		{"contains function on an array", `{"value": "[contains(parameters('allowed'), 'none')]", "equals": true}`, true},
		{"property access on a parameter", `{"value": "[parameters('cidrs')[1]]", "equals": "fd00::/8"}`, true},
		{"escaped bracket literal", `{"value": "[[not an expression]", "equals": "[[not an expression]"}`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, ds := ParseCondition([]byte(tc.rule), "test")
			if c == nil {
				t.Fatalf("parse: %v", ds)
			}
			got, err := Evaluate(c, sample(), params)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("-want +got\n%s", diff)
			}
		})
	}
}

// TestParseErrors: malformed rules are diagnostics with a code and the JSON
// pointer of the offending condition, never a panic or a silent false.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, rule string
		want       []string // code@path
	}{
		{"not JSON", `{"field":`, []string{"AZPOL001@"}},
		{"trailing data", `{"field": "type", "equals": "x"} {}`, []string{"AZPOL001@"}},
		{"not an object", `[1]`, []string{"AZPOL001@"}},
		{"unknown alias", `{"field": "Microsoft.ContainerService/managedClusters/networkProfile.noSuchField", "equals": "x"}`, []string{"AZPOL002@/field"}},
		{"alias of another type", `{"field": "Microsoft.Network/virtualNetworks/addressSpace.addressPrefixes[*]", "equals": "x"}`, []string{"AZPOL002@/field"}},
		{"[*] on a scalar", `{"field": "` + plugin + `[*]", "equals": "x"}`, []string{"AZPOL002@/field"}},
		{"unsupported operator", `{"field": "type", "match": "x"}`, []string{"AZPOL001@/match", "AZPOL001@"}},
		{"two operators", `{"field": "type", "equals": "x", "notEquals": "y"}`, []string{"AZPOL001@"}},
		{"logical with extra key", `{"allOf": [{"field": "type", "equals": "x"}], "field": "type"}`, []string{"AZPOL001@"}},
		{"empty allOf", `{"allOf": []}`, []string{"AZPOL001@/allOf"}},
		{"in without an array", `{"field": "type", "in": "x"}`, []string{"AZPOL001@/in"}},
		{"unsupported function", `{"value": "[utcNow()]", "equals": "x"}`, []string{"AZPOL001@/value"}},
		{"wrong arity", `{"value": "[ipRangeContains('10.0.0.0/8')]", "equals": true}`, []string{"AZPOL001@/value"}},
		{"unterminated string", `{"value": "[concat('a)]", "equals": "a"}`, []string{"AZPOL001@/value"}},
		{"count without field or value", `{"count": {"where": {"field": "type", "equals": "x"}}, "equals": 0}`, []string{"AZPOL001@/count"}},
		{"count field not an array alias", `{"count": {"field": "` + plugin + `"}, "equals": 0}`, []string{"AZPOL001@/count/field", "AZPOL001@/count"}},
		{"count compared with like", `{"count": {"field": "` + pools + `"}, "like": "1"}`, []string{"AZPOL001@/like"}},
		{"nested error path", `{"anyOf": [{"field": "type", "equals": "x"}, {"not": {"field": "nope/x", "equals": 1}}]}`, []string{"AZPOL002@/anyOf/1/not/field"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, ds := ParseCondition([]byte(tc.rule), "test")
			if c != nil {
				t.Fatalf("parsed %s", tc.rule)
			}
			var got []string
			for _, d := range ds {
				if d.Severity != diag.Error || d.Hint == "" {
					t.Errorf("diagnostic without error severity or hint: %+v", d)
				}
				got = append(got, d.Code+"@"+d.Path)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("-want +got\n%s", diff)
			}
		})
	}
}

// TestEvaluationErrors: a template failure is an error (Azure Policy makes
// it an implicit deny), and unknown values wrap ErrUnknown.
func TestEvaluationErrors(t *testing.T) {
	tests := []struct {
		name, rule, want string
		unknown          bool
	}{
		{"mixed families", `{"value": "[ipRangeContains('10.0.0.0/8', 'fd00::/8')]", "equals": true}`, "mix IP families", false},
		{"empty range", `{"value": "[ipRangeContains('', '10.0.0.0/8')]", "equals": true}`, "empty range", false},
		{"undefined parameter", `{"field": "type", "in": "[parameters('nope')]"}`, "not defined", false},
		{"current outside count", `{"value": "[current('x')]", "equals": 1}`, "outside a count", false},
		{"ordering mismatched types", `{"field": "name", "greater": 3}`, "can't order", false},
		{"unknown value", `{"field": "` + plugin + `", "equals": "azure"}`, "value unknown", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, ds := ParseCondition([]byte(tc.rule), "test")
			if c == nil {
				t.Fatalf("parse: %v", ds)
			}
			doc := sample()
			if tc.unknown {
				doc["properties"].(map[string]any)["networkProfile"].(map[string]any)["networkPlugin"] = unknownValue{}
			}
			_, err := Evaluate(c, doc, map[string]any{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if got := errors.Is(err, ErrUnknown); got != tc.unknown {
				t.Errorf("errors.Is(err, ErrUnknown) = %v", got)
			}
		})
	}
}

// TestIPRangeContains checks the function against containment computed
// from first and last addresses.
func TestIPRangeContains(t *testing.T) {
	tests := []struct {
		rng, target string
		want        bool
	}{
		{"10.0.0.0/8", "10.1.0.0/16", true},
		{"10.1.0.0/16", "10.0.0.0/8", false},
		{"10.0.0.0/8", "10.0.0.0/8", true},
		{"10.0.0.0/8", "10.255.255.255", true},
		{"10.0.0.5/8", "10.9.0.0/16", true}, // host bits are masked
		{"172.16.0.0/12", "172.30.0.0/16", true},
		{"169.254.0.0/16", "172.16.0.0/12", false},
		{"fd00::/8", "fd12:3456::/64", true},
		{"0.0.0.0/0", "203.0.113.0/24", true},
		{"10.0.0.0-10.0.0.255", "10.0.0.0/24", true},
		{"10.0.0.0-10.0.0.254", "10.0.0.0/24", false},
	}
	for _, tc := range tests {
		t.Run(tc.rng+" "+tc.target, func(t *testing.T) {
			got, err := ipRangeContains(tc.rng, tc.target)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

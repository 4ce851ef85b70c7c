package azpolicy

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseCondition feeds arbitrary JSON to the rule parser and evaluates
// whatever parses against a sample cluster: neither may panic, and a parsed
// rule must evaluate to a result or an error.
func FuzzParseCondition(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "definitions", "*.json"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{"field": "type", "equals": "x"}`,
		`{"count": {"value": [1,2], "name": "n", "where": {"value": "[current('n')]", "greater": 1}}, "equals": 1}`,
		`{"not": {"anyOf": [{"field": "tags['a''b']", "exists": true}]}}`,
		`{"value": "[if(true(), parameters('p')[0], 'x')]", "in": ["a"]}`,
		`{"allOf": [{"allOf": [{"allOf": []}]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, ds := ParseCondition(data, "fuzz")
		if c == nil {
			if len(ds) == 0 {
				t.Fatal("no condition and no diagnostic")
			}
			return
		}
		_, _ = Evaluate(c, sample(), map[string]any{"p": []any{"a"}, "effect": "Audit"})
	})
}

// FuzzExpr parses and evaluates arbitrary template expressions.
func FuzzExpr(f *testing.F) {
	for _, s := range []string{
		"ipRangeContains('10.0.0.0/8', field('Microsoft.ContainerService/managedClusters/networkProfile.podCidr'))",
		"if(empty(''), false(), or(true(), not(false())))",
		"concat('a', 'b''c')[0]",
		"parameters('p')[0].x",
		"length(concat(parameters('p'), parameters('p')))",
		"ipRangeContains('10.0.0.0-10.0.0.9', '::1')",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := parseExpr(s)
		if err != nil {
			return
		}
		ev := &evaluation{doc: sample(), params: map[string]any{"p": []any{"a", map[string]any{"x": 1.0}}}}
		_, _ = ev.evalExpr(e)
	})
}

// FuzzFlagValues feeds the parsers behind --effect, --forbidden-cidr,
// --allowed-outbound and --scope.
func FuzzFlagValues(f *testing.F) {
	for _, s := range []string{"Audit", "deny", "10.0.0.0/8,192.168.0.0/16", "fd00::/8", "userDefinedRouting,none", "/subscriptions/x", ",,", "10.0.0.0/33"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if e, err := ParseEffect(s); err == nil && e == "" {
			t.Fatal("empty effect without error")
		}
		if cidrs, err := ParseCIDRList([]string{s}); err == nil {
			for _, c := range cidrs {
				if _, err := parseRange(c); err != nil {
					t.Fatalf("ParseCIDRList returned %q that ipRangeContains rejects: %v", c, err)
				}
			}
		}
		if types, err := ParseOutboundTypes([]string{s}); err == nil && len(types) == 0 {
			t.Fatal("no outbound type without error")
		}
		_ = ValidateScope(s)
	})
}

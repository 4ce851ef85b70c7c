package armtemplate

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse feeds templates (seeded from the corpus and hostile shapes) to
// Parse: it must not panic or hang, and every diagnostic must be located.
func FuzzParse(f *testing.F) {
	_, files := templates(f)
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) < 64<<10 { // the big AVM files make slow seeds
			f.Add(data)
		}
	}
	for _, s := range []string{
		symbolic, classic, nested,
		`{"$schema": "x", "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "[` + strings.Repeat("concat(", 300) + `'a'` + strings.Repeat(")", 300) + `]"}]}`,
		`{"$schema": "x", "variables": {"a": "[variables('a')]"}, "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "[variables('a')]"}]}`,
		`{"$schema": "x", "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "c", "properties": {"networkProfile": {"podCidr": "300.1.1.1/8", "serviceCidr": 12}, "agentPoolProfiles": [{"count": 1e999}]}}]}`,
		`{"$schema": "x", "resources": [{"type": "Microsoft.Resources/deployments", "name": "d", "properties": {"template": {"resources": [{"type": "Microsoft.Resources/deployments", "name": "e", "properties": {"template": {}}}]}}}]}`,
		`{"$schema": "x", "resources": {"a": {"type": "Microsoft.Network/virtualNetworks/subnets", "name": "[concat('v', '/', 's')]", "copy": {"name": "l", "count": "[range(0, 5)]"}}}}`,
		`[[[[[[[[`, `{"resources": null}`, `{"$schema": 1, "resources": "[parameters('x')]"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := Parse("fuzz.json", data)
		for _, d := range doc.Diagnostics {
			if d.Line <= 0 || d.File == "" || d.Code == "" {
				t.Fatalf("diagnostic without code or location: %+v", d)
			}
		}
		if doc.Clusters == nil {
			t.Fatal("Clusters is nil; want an empty slice")
		}
	})
}

// FuzzExpr parses and evaluates arbitrary expression text: no panics, and
// what parses renders back to text that parses to the same rendering.
func FuzzExpr(f *testing.F) {
	for _, s := range []string{
		"parameters('a')", "concat('it''s', 'x')", "format('{0}-{1:D3}', 1, -2)",
		"parameters('o').a.b[0]['c']", "resourceGroup().location", "__bicep.fn(1)",
		"if(equals(variables('x'), ''), null(), 'y')", "map(range(0, 3), lambda('x', mul(lambdaVariables('x'), 2)))",
		"cidrSubnet('10.0.0.0/8', 24, 70000)", "split('a/b', '/')[5]", "substring('abc', -1, 2)",
		"resourceId('Microsoft.Network/virtualNetworks/subnets', 'v', 's')", "union(createObject('a', 1), createArray(1))",
		"99999999999999999999", "'", "a(", "a()..b", "a()[", strings.Repeat("f(", 500),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := ParseExpr(src)
		if err != nil {
			return
		}
		text := String(e)
		e2, err := ParseExpr(text)
		if err != nil {
			t.Fatalf("rendering %q of %q does not parse: %v", text, src, err)
		}
		if String(e2) != text {
			t.Fatalf("round trip changed %q to %q", text, String(e2))
		}
		_ = evalIn(t, "["+src+"]")
	})
}

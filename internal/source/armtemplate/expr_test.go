package armtemplate

import (
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/jsonpos"
	"github.com/google/go-cmp/cmp"
)

func TestParseExpr(t *testing.T) {
	tests := []struct {
		src  string
		want string // String(expr), or "error: <substring>"
	}{
		{"parameters('a')", "parameters('a')"},
		{"concat('it''s', 'x')", "concat('it''s', 'x')"},
		{" format( '{0}-{1}' , 1 , -2 ) ", "format('{0}-{1}', 1, -2)"},
		{"parameters('o').a.b[0]['c']", "parameters('o').a.b[0]['c']"},
		{"resourceGroup().location", "resourceGroup().location"},
		{"__bicep.fn(1)", "__bicep.fn(1)"},
		{"createArray()", "createArray()"},
		{"if(equals(variables('x'), ''), null(), 'y')", "if(equals(variables('x'), ''), null(), 'y')"},
		{"", "error: unexpected end"},
		{"concat('a'", "error: unexpected end of expression in the arguments"},
		{"concat('a' 'b')", "error: want ',' or ')'"},
		{"'unterminated", "error: unterminated string"},
		{"foo", "error: want '('"},
		{"a().", "error: want a property name"},
		{"a()[1", "error: want ']'"},
		{"99999999999999999999", "error: invalid integer"},
		{"a() b", "error: after the expression"},
		{"true", "error: want '('"},
		{strings.Repeat("f(", 10000) + strings.Repeat(")", 10000), "error: nested deeper"},
		{"a()" + strings.Repeat(".b", 10000), "error: nested deeper"},
	}
	for _, tt := range tests {
		name := tt.src
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			e, err := ParseExpr(tt.src)
			got := ""
			if err != nil {
				got = "error: " + err.Error()
				if strings.HasPrefix(tt.want, "error: ") && strings.Contains(got, strings.TrimPrefix(tt.want, "error: ")) {
					return
				}
			} else {
				got = String(e)
			}
			if got != tt.want {
				t.Errorf("ParseExpr(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		in, lit, expr string
		isExpr        bool
	}{
		{"plain", "plain", "", false},
		{"[parameters('a')]", "", "parameters('a')", true},
		{"[[not an expression]", "[not an expression]", "", false},
		{"[", "[", "", false},
		{"[]", "", "", true},
		{"x[y]", "x[y]", "", false},
	}
	for _, tt := range tests {
		lit, expr, isExpr := Classify(tt.in)
		if lit != tt.lit || expr != tt.expr || isExpr != tt.isExpr {
			t.Errorf("Classify(%q) = %q, %q, %v; want %q, %q, %v", tt.in, lit, expr, isExpr, tt.lit, tt.expr, tt.isExpr)
		}
	}
}

const evalTemplate = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {
    "name": {"type": "string", "defaultValue": "aks1"},
    "count": {"type": "int", "defaultValue": 3},
    "flag": {"type": "bool", "defaultValue": true},
    "nodefault": {"type": "string"},
    "nullable": {"type": "string", "nullable": true},
    "obj": {"type": "object", "defaultValue": {"a": {"b": [10, 20]}, "s": "x"}},
    "derived": {"type": "string", "defaultValue": "[concat(parameters('name'), '-dns')]"},
    "selfp": {"type": "string", "defaultValue": "[parameters('selfp')]"}
  },
  "variables": {
    "vnetName": "vnet-[x]",
    "subnetName": "nodes",
    "subnetId": "[resourceId('Microsoft.Network/virtualNetworks/subnets', variables('vnetName'), variables('subnetName'))]",
    "chain": "[concat(variables('subnetName'), '-', variables('vnetName'))]",
    "self": "[variables('self')]",
    "a": "[variables('b')]",
    "b": "[variables('a')]",
    "literal": "[[brackets]",
    "copy": [{"name": "pools", "count": 2, "input": {"name": "[concat('pool', copyIndex('pools', 1))]"}}]
  },
  "resources": []
}`

func evalIn(t *testing.T, src string) any {
	t.Helper()
	tree, err := jsonpos.Parse([]byte(evalTemplate))
	if err != nil {
		t.Fatal(err)
	}
	r := &reader{file: "t.json", budget: defaultBudget, exprs: map[string]exprResult{}, rootNode: tree.Root()}
	tm := r.newTemplate(tree.Root(), nil, 0)
	return (&scope{t: tm}).evalString(src)
}

func TestEval(t *testing.T) {
	rid := "/subscriptions/" + PlaceholderSubscription + "/resourceGroups/" + PlaceholderResourceGroup +
		"/providers/Microsoft.Network/virtualNetworks/vnet-[x]/subnets/nodes"
	tests := []struct {
		src  string
		want string // render() of the value, or "unknown: <substring>"
	}{
		{"literal", "literal"},
		{"[[escaped]", "[escaped]"},
		{"[parameters('name')]", "aks1"},
		{"[parameters('NAME')]", "aks1"},
		{"[parameters('count')]", "3"},
		{"[parameters('derived')]", "aks1-dns"},
		{"[parameters('nullable')]", "null"},
		{"[parameters('nodefault')]", "unknown: has no default value"},
		{"[parameters('missing')]", "unknown: not declared"},
		{"[parameters('selfp')]", "unknown: refers to itself"},
		{"[parameters('obj').a.b[1]]", "20"},
		{"[parameters('obj')['s']]", "x"},
		{"[parameters('obj').nope]", "unknown: no property"},
		{"[variables('literal')]", "[brackets]"},
		{"[variables('chain')]", "nodes-vnet-[x]"},
		{"[variables('subnetId')]", rid},
		{"[variables('self')]", "unknown: refers to itself"},
		{"[variables('a')]", "unknown: refers to itself"},
		{"[variables('pools')[1].name]", "pool2"},
		{"[concat('a', 'b', 1, true())]", "ab1true"},
		{"[concat(createArray(1, 2), createArray(3))]", "[1,2,3]"},
		{"[format('{0}/{1}-{2:D3}', 'a', 'b', 7)]", "a/b-007"},
		{"[format('{{literal}} {0}', 'x')]", "{literal} x"},
		{"[format('{1}', 'x')]", "unknown: no matching argument"},
		{"[if(parameters('flag'), 'yes', 'no')]", "yes"},
		{"[if(equals(parameters('count'), 3), 'three', reference('x').y)]", "three"},
		{"[if(parameters('nodefault'), 'a', 'b')]", "unknown: condition can't be evaluated"},
		{"[equals('Azure', 'azure')]", "false"},
		{"[equals(toLower('Azure'), 'azure')]", "true"},
		{"[not(equals(1, 2))]", "true"},
		{"[and(true(), false(), reference('x'))]", "false"},
		{"[or(reference('x'), true())]", "true"},
		{"[and(true(), reference('x'))]", "unknown: reference()"},
		{"[empty('')]", "true"},
		{"[empty(createArray(reference('x')))]", "false"},
		{"[empty(parameters('nullable'))]", "true"},
		{"[coalesce(null(), parameters('nullable'), 'c')]", "c"},
		{"[coalesce(parameters('nodefault'), 'c')]", "unknown: no default value"},
		{"[toUpper('abc')]", "ABC"},
		{"[string(parameters('obj'))]", `{"a":{"b":[10,20]},"s":"x"}`},
		{"[int('42')]", "42"},
		{"[int('4x')]", "unknown: not an integer"},
		{"[bool('True')]", "true"},
		{"[length(parameters('obj').a.b)]", "2"},
		{"[length('héllo')]", "5"},
		{"[union(createObject('a', 1, 'n', createObject('x', 1)), createObject('b', 2, 'n', createObject('y', 2)))]", `{"a":1,"n":{"x":1,"y":2},"b":2}`},
		{"[union(createArray(1, 2), createArray(2, 3))]", "[1,2,3]"},
		{"[contains(createArray('a', 'b'), 'b')]", "true"},
		{"[contains('abc', 'bc')]", "true"},
		{"[contains(createObject('k', 1), 'K')]", "true"},
		{"[subscription().subscriptionId]", PlaceholderSubscription},
		{"[resourceGroup().name]", PlaceholderResourceGroup},
		{"[resourceGroup().location]", "unknown: known only at deployment"},
		{"[reference('x').fqdn]", "unknown: reference()"},
		{"[listKeys('x', '2020-01-01').keys[0]]", "unknown: listKeys()"},
		{"[uniqueString(resourceGroup().id)]", "{uniquestring:4a8c07761d5f42d9}"},
		{"[equals(uniqueString('a', 'b'), uniqueString('a', 'b'))]", "true"},
		{"[equals(uniqueString('a', 'b'), uniqueString('ab'))]", "false"},
		{"[uniqueString(reference('x').id)]", "unknown: reference()"},
		{"[resourceId('rg2', 'Microsoft.Network/virtualNetworks', 'v')]", "/subscriptions/" + PlaceholderSubscription + "/resourceGroups/rg2/providers/Microsoft.Network/virtualNetworks/v"},
		{"[resourceId('s', 'rg2', 'Microsoft.Network/virtualNetworks', 'v')]", "/subscriptions/s/resourceGroups/rg2/providers/Microsoft.Network/virtualNetworks/v"},
		{"[resourceId('Microsoft.ContainerService/managedClusters/', 'c')]", "/subscriptions/" + PlaceholderSubscription + "/resourceGroups/" + PlaceholderResourceGroup + "/providers/Microsoft.ContainerService/managedClusters/c"},
		{"[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v')]", "unknown: takes 2 name(s)"},
		{"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r')]", "/subscriptions/" + PlaceholderSubscription + "/providers/Microsoft.Authorization/roleDefinitions/r"},
		{"[map(createArray(1, 2), lambda('x', mul(lambdaVariables('x'), 10)))]", "[10,20]"},
		{"[filter(createArray(1, 2, 3), lambda('x', greater(lambdaVariables('x'), 1)))]", "[2,3]"},
		{"[reduce(createArray(1, 2, 3), 0, lambda('acc', 'x', add(lambdaVariables('acc'), lambdaVariables('x'))))]", "6"},
		{"[tryGet(parameters('obj'), 'a', 'b')]", "[10,20]"},
		{"[tryGet(parameters('obj'), 'zzz')]", "null"},
		{"[split('a/b/c', '/')[2]]", "c"},
		{"[last(split('a/b/c', '/'))]", "c"},
		{"[replace('a-b', '-', '_')]", "a_b"},
		{"[substring('abcdef', 2, 3)]", "cde"},
		{"[substring('abc', 2, 5)]", "unknown: out of range"},
		{"[range(1, 3)]", "[1,2,3]"},
		{"[range(0, 100000000)]", "unknown: above"},
		{"[div(1, 0)]", "unknown: divides by zero"},
		{"[add(9223372036854775807, 1)]", "unknown: overflows"},
		{"[cidrSubnet('10.0.0.0/16', 24, 3)]", "10.0.3.0/24"},
		{"[cidrSubnet('10.0.0.0/16', 24, 256)]", "unknown: fewer than"},
		{"[createObject('a', reference('x')).a]", "unknown: reference()"},
		{"[createObject('a', reference('x'), 'b', 2).b]", "2"},
		{"[copyIndex()]", "unknown: outside a copy loop"},
		{"[notAFunction(1)]", "unknown: not evaluated"},
		{"[__bicep.fn(1)]", "unknown: user-defined function"},
		{"[concat('a']", "unknown: invalid expression"},
		{"[concat('a'", "[concat('a'"},
		{"[not('x')]", "unknown: want a bool"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			v := evalIn(t, tt.src)
			if u, ok := v.(Unknown); ok {
				if !strings.HasPrefix(tt.want, "unknown: ") || !strings.Contains(u.Why, strings.TrimPrefix(tt.want, "unknown: ")) {
					t.Errorf("eval(%q) = unknown (%s), want %s", tt.src, u.Why, tt.want)
				}
				return
			}
			if diff := cmp.Diff(tt.want, render(v)); diff != "" {
				t.Errorf("eval(%q) mismatch (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestSameResourceID(t *testing.T) {
	ph := "/subscriptions/" + PlaceholderSubscription + "/resourceGroups/" + PlaceholderResourceGroup
	tests := []struct {
		a, b string
		want bool
	}{
		{ph + "/providers/Microsoft.Network/virtualNetworks/v/subnets/s", "/subscriptions/1/resourceGroups/rg/providers/microsoft.network/virtualnetworks/V/subnets/S", true},
		{"/subscriptions/1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s", "/subscriptions/2/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s", false},
		{ph + "/providers/Microsoft.Network/virtualNetworks/v/subnets/s", ph + "/providers/Microsoft.Network/virtualNetworks/v/subnets/t", false},
		{"not an id", ph + "/providers/x/y/z", false},
	}
	for _, tt := range tests {
		if got := SameResourceID(tt.a, tt.b); got != tt.want {
			t.Errorf("SameResourceID(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

package armtemplate

import (
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/source/armmap"
	"github.com/google/go-cmp/cmp"
)

const symbolic = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "languageVersion": "2.0",
  "parameters": {
    "clusterName": {"type": "string", "defaultValue": "aks1"},
    "userPool": {"type": "bool", "defaultValue": false}
  },
  "variables": {"vnetName": "vnet1", "subnetName": "nodes"},
  "resources": {
    "vnet": {
      "type": "Microsoft.Network/virtualNetworks",
      "apiVersion": "2023-04-01",
      "name": "[variables('vnetName')]",
      "properties": {
        "addressSpace": {"addressPrefixes": ["10.10.0.0/16"]},
        "subnets": [{"name": "[variables('subnetName')]", "properties": {"addressPrefix": "10.10.0.0/22"}}]
      }
    },
    "existingThing": {"type": "Microsoft.Network/virtualNetworks", "existing": true, "name": "other"},
    "aks": {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2024-05-01",
      "name": "[parameters('clusterName')]",
      "properties": {
        "kubernetesVersion": "1.29.2",
        "networkProfile": {"networkPlugin": "azure", "networkPolicy": "calico", "serviceCidr": "10.0.0.0/16", "dnsServiceIP": "10.0.0.10", "outboundType": "userDefinedRouting"},
        "apiServerAccessProfile": {"enablePrivateCluster": true},
        "agentPoolProfiles": [{
          "name": "system", "mode": "System", "count": 3, "maxPods": 50,
          "vnetSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', variables('vnetName'), variables('subnetName'))]"
        }]
      }
    },
    "pool2": {
      "type": "Microsoft.ContainerService/managedClusters/agentPools",
      "apiVersion": "2024-05-01",
      "name": "[concat(parameters('clusterName'), '/pool2')]",
      "properties": {"count": 2, "enableAutoScaling": true, "maxCount": 5, "osType": "Windows",
        "vnetSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet1', 'nodes')]"}
    },
    "pool3": {
      "type": "Microsoft.ContainerService/managedClusters/agentPools",
      "apiVersion": "2024-05-01",
      "parent": "aks",
      "name": "pool3",
      "properties": {"count": 7}
    },
    "user": {
      "condition": "[parameters('userPool')]",
      "type": "Microsoft.ContainerService/managedClusters/agentPools",
      "apiVersion": "2024-05-01",
      "name": "[format('{0}/{1}', parameters('clusterName'), 'user')]",
      "properties": {"count": 1}
    }
  }
}`

const classic = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {
    "name": {"type": "string", "defaultValue": "c1"},
    "pools": {"type": "int", "defaultValue": 2},
    "later": {"type": "bool"}
  },
  "resources": [
    {
      "type": "Microsoft.Network/virtualNetworks",
      "name": "v",
      "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}},
      "resources": [{"type": "subnets", "name": "s1", "properties": {"addressPrefix": "10.1.4.0/24"}}]
    },
    {
      "type": "Microsoft.Network/virtualNetworks/subnets",
      "name": "v/s2",
      "properties": {"addressPrefixes": ["10.1.8.0/24"]}
    },
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "name": "[parameters('name')]",
      "properties": {
        "networkProfile": {"networkPlugin": "azure", "networkPluginMode": "overlay", "podCidr": "192.168.0.0/16"},
        "agentPoolProfiles": [{"name": "sys", "count": 1, "vnetSubnetID": "[concat(resourceId('Microsoft.Network/virtualNetworks', 'v'), '/subnets/s1')]"}]
      },
      "resources": [
        {"type": "agentPools", "name": "nested", "properties": {"count": 4, "vnetSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v', 's2')]"}}
      ]
    },
    {
      "type": "Microsoft.ContainerService/managedClusters/agentPools",
      "name": "[concat(parameters('name'), '/loop', copyIndex(1))]",
      "copy": {"name": "poolLoop", "count": "[parameters('pools')]"},
      "properties": {"count": "[copyIndex(10)]", "podSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'elsewhere', 'pods')]"}
    },
    {
      "type": "Microsoft.ContainerService/managedClusters/agentPools",
      "name": "[concat(parameters('name'), '/unk', copyIndex())]",
      "copy": {"name": "unknownLoop", "count": "[length(reference('x').items)]"},
      "properties": {"count": 1}
    },
    {
      "type": "Microsoft.ContainerService/managedClusters/agentPools",
      "condition": "[parameters('later')]",
      "name": "[concat(parameters('name'), '/maybe')]",
      "properties": {"count": 1}
    },
    {
      "type": "Microsoft.ContainerService/managedClusters/agentPools",
      "name": "other/orphan",
      "properties": {"count": 1}
    }
  ]
}`

const nested = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {"outerName": {"type": "string", "defaultValue": "outer-aks"}, "plugin": {"type": "string", "defaultValue": "kubenet"}},
  "resources": [
    {
      "type": "Microsoft.Resources/deployments",
      "name": "inner",
      "properties": {
        "expressionEvaluationOptions": {"scope": "inner"},
        "parameters": {"clusterName": {"value": "[concat(parameters('outerName'), '-in')]"}, "secret": {"reference": {"keyVault": {"id": "x"}, "secretName": "s"}}},
        "template": {
          "parameters": {"clusterName": {"type": "string"}, "secret": {"type": "securestring"}, "plugin": {"type": "string", "defaultValue": "none"}},
          "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "[parameters('clusterName')]",
            "properties": {"networkProfile": {"networkPlugin": "[parameters('plugin')]", "networkMode": "[parameters('secret')]"}}}]
        }
      }
    },
    {
      "type": "Microsoft.Resources/deployments",
      "name": "outerScoped",
      "properties": {
        "template": {
          "parameters": {"plugin": {"type": "string", "defaultValue": "azure"}},
          "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "[concat(parameters('outerName'), '-out')]",
            "properties": {"networkProfile": {"networkPlugin": "[parameters('plugin')]"}}}]
        }
      }
    },
    {"type": "Microsoft.Resources/deployments", "name": "linked", "properties": {"templateLink": {"uri": "https://example.com/t.json"}}}
  ]
}`

func TestParseTemplates(t *testing.T) {
	ph := "/subscriptions/" + PlaceholderSubscription + "/resourceGroups/" + PlaceholderResourceGroup + "/providers/"
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"symbolic names, inline and separate pools, template-local subnet", symbolic, `cluster aks1 (line 20) identity=-
  model=azure-node-subnet (default) plugin=azure mode=- dataplane=azure (default) policy=calico
  podCIDR=- serviceCIDR=10.0.0.0/16 dnsServiceIP=10.0.0.10 outbound=userDefinedRouting private=true
  pool system: mode=System count=3 maxCount=- maxPods=50 os=Linux (default) subnet=10.10.0.0/22
    vnetSubnetID=` + ph + `Microsoft.Network/virtualNetworks/vnet1/subnets/nodes
  pool pool2: mode=- count=2 maxCount=5 maxPods=30 (default) os=Windows subnet=10.10.0.0/22
    vnetSubnetID=` + ph + `Microsoft.Network/virtualNetworks/vnet1/subnets/nodes
  pool pool3: mode=- count=7 maxCount=- maxPods=30 (default) os=Linux (default) subnet=-
vnet vnet1 space=[10.10.0.0/16]
  subnet nodes [10.10.0.0/22]
diagnostics:
  line 49: info ARMT007: user (Microsoft.ContainerService/managedClusters/agentPools) is skipped: its condition is false
`},
		{"array form, child resources, copy loops, conditions", classic, `cluster c1 (line 20) identity=-
  model=azure-overlay (default) plugin=azure mode=overlay dataplane=azure (default) policy=none (default)
  podCIDR=192.168.0.0/16 serviceCIDR=10.0.0.0/16 (default) dnsServiceIP=10.0.0.10 (default) outbound=loadBalancer (default) private=false (default)
  pool sys: mode=- count=1 maxCount=- maxPods=250 (default) os=Linux (default) subnet=10.1.4.0/24
    vnetSubnetID=` + ph + `Microsoft.Network/virtualNetworks/v/subnets/s1
  pool nested: mode=- count=4 maxCount=- maxPods=250 (default) os=Linux (default) subnet=10.1.8.0/24
    vnetSubnetID=` + ph + `Microsoft.Network/virtualNetworks/v/subnets/s2
  pool loop1: mode=- count=10 maxCount=- maxPods=250 (default) os=Linux (default) subnet=-
  pool loop2: mode=- count=11 maxCount=- maxPods=250 (default) os=Linux (default) subnet=-
  pool maybe: mode=- count=1 maxCount=- maxPods=250 (default) os=Linux (default) subnet=-
vnet v space=[10.1.0.0/16]
  subnet s1 [10.1.4.0/24]
  subnet s2 [10.1.8.0/24]
diagnostics:
  line 35: info ARMT016: subnet ` + ph + `Microsoft.Network/virtualNetworks/elsewhere/subnets/pods is not declared in this template; its prefix is left to cross-document linking
  line 35: info ARMT016: subnet ` + ph + `Microsoft.Network/virtualNetworks/elsewhere/subnets/pods is not declared in this template; its prefix is left to cross-document linking
  line 40: warning ARMT009: Microsoft.ContainerService/managedClusters/agentPools: copy count can't be evaluated: reference() reads a deployed resource's state, known only at deployment; its instances are not read
  line 45: warning ARMT008: Microsoft.ContainerService/managedClusters/agentPools is read although its condition can't be evaluated: parameter 'later' has no default value and no value was supplied
  line 49: warning ARMT014: agent pool resource is not read: its cluster is not declared in this template
`},
		{"nested deployments", nested, `cluster outer-aks-in (line 13) identity=-
  model=none (default) plugin=none mode=- dataplane=- policy=none (default)
  podCIDR=10.244.0.0/16 (default) serviceCIDR=10.0.0.0/16 (default) dnsServiceIP=10.0.0.10 (default) outbound=loadBalancer (default) private=false (default)
cluster outer-aks-out (line 24) identity=-
  model=kubenet (default) plugin=kubenet mode=- dataplane=- policy=none (default)
  podCIDR=10.244.0.0/16 (default) serviceCIDR=10.0.0.0/16 (default) dnsServiceIP=10.0.0.10 (default) outbound=loadBalancer (default) private=false (default)
diagnostics:
  line 14: info READ104: networkMode can't be resolved: parameter 'secret' is a Key Vault reference, known only at deployment
  line 29: info ARMT012: Microsoft.Resources/deployments links to a template that is not read
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Parse("t.json", []byte(tt.src))
			if diff := cmp.Diff(tt.want, summarize(doc)); diff != "" {
				t.Errorf("summary mismatch (-want +got):\n%s", diff)
			}
			checkLocated(t, doc)
		})
	}
}

func checkLocated(t *testing.T, doc aks.Document) {
	t.Helper()
	for _, d := range doc.Diagnostics {
		if d.Line <= 0 || d.File == "" || d.Code == "" || d.Message == "" {
			t.Errorf("diagnostic without code, message or location: %+v", d)
		}
	}
}

func TestParseWithParameters(t *testing.T) {
	params := `{
  "parameters": {
    "clusterName": {"value": "fromfile"},
    "userPool": {"value": true},
    "notDeclared": {"value": 1}
  }
}`
	doc := ParseWithParameters("t.json", []byte(symbolic), "t.parameters.json", []byte(params))
	var names []string
	for _, c := range doc.Clusters {
		names = append(names, c.Name.V)
		for _, p := range c.Pools {
			names = append(names, p.Name.V)
		}
	}
	if diff := cmp.Diff([]string{"fromfile", "system", "pool2", "pool3", "user"}, names); diff != "" {
		t.Errorf("clusters and pools (-want +got):\n%s", diff)
	}
	var codes []string
	for _, d := range doc.Diagnostics {
		codes = append(codes, d.Code+" "+d.File)
	}
	if diff := cmp.Diff([]string{CodeParamsFile + " t.parameters.json"}, codes); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	checkLocated(t, doc)

	bad := ParseWithParameters("t.json", []byte(symbolic), "p.json", []byte(`{"parameters": `))
	if len(bad.Clusters) != 1 || bad.Diagnostics[0].Code != CodeParamsFile || bad.Diagnostics[0].File != "p.json" {
		t.Errorf("invalid parameters file: got %d clusters, diagnostics %v", len(bad.Clusters), bad.Diagnostics)
	}
}

func TestHostile(t *testing.T) {
	deep := strings.Repeat("[", 600) + strings.Repeat("]", 600)
	tmpl := func(props string) string {
		return `{"$schema": "x", "parameters": {}, "variables": {"a": "[variables('b')]", "b": "[variables('a')]", "me": "[variables('me')]",
  "dbl0": "x", "dbl1": "[concat(variables('dbl0'), variables('dbl0'))]"},
  "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "c", "properties": ` + props + `}]}`
	}
	doubling := `{"$schema": "x", "variables": {"v0": "xxxxxxxxxxxxxxxx"` // each variable doubles the previous
	for i := 1; i < 80; i++ {
		doubling += `, "v` + itoa(i) + `": "[concat(variables('v` + itoa(i-1) + `'), variables('v` + itoa(i-1) + `'))]"`
	}
	doubling += `}, "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "[variables('v79')]", "properties": {}}]}`
	tests := []struct {
		name  string
		src   string
		codes []string // diagnostic codes expected (in any order, at least these)
	}{
		{"not JSON", `{"resources": [}`, []string{CodeSyntax}},
		{"empty", ``, []string{CodeSyntax}},
		{"deep nesting", deep, []string{CodeSyntax}},
		{"not a template", `{"foo": 1}`, []string{CodeNotTemplate}},
		{"array", `[1, 2]`, []string{CodeNotTemplate}},
		{"resources wrong type", `{"$schema": "x", "resources": 5}`, []string{CodeWrongType, CodeNoClusters}},
		{"invalid CIDR", tmpl(`{"networkProfile": {"podCidr": "10.0.0.0/33", "serviceCidr": "10.0.0.1/16", "dnsServiceIP": "x"}}`), []string{armmap.CodeBadAddress}},
		{"wrong types", tmpl(`{"networkProfile": {"networkPlugin": 5}, "agentPoolProfiles": {"name": "x"}, "apiServerAccessProfile": {"enablePrivateCluster": "yes"}}`), []string{armmap.CodeWrongType}},
		{"huge numbers", tmpl(`{"agentPoolProfiles": [{"name": "p", "count": 1e400, "maxPods": 99999999999999999999999}]}`), []string{armmap.CodeRange}},
		{"self-referencing variables", tmpl(`{"networkProfile": {"networkPlugin": "[variables('a')]", "networkMode": "[variables('me')]"}}`), []string{CodeCycle, armmap.CodeUnresolved}},
		{"expression nested 10k deep", tmpl(`{"networkProfile": {"networkPlugin": "[` + strings.Repeat("concat(", 10000) + `'a'` + strings.Repeat(")", 10000) + `]"}}`), []string{CodeExpr}},
		{"bad expression", tmpl(`{"networkProfile": {"networkPlugin": "[concat('a' 'b')]"}}`), []string{CodeExpr}},
		{"unknown enum", tmpl(`{"networkProfile": {"networkPolicy": "weave"}}`), []string{armmap.CodeBadEnum}},
		{"doubling variables", doubling, []string{armmap.CodeUnresolved}},
		{"parent cycle", `{"$schema": "x", "languageVersion": "2.0", "resources": {
  "a": {"type": "Microsoft.Network/virtualNetworks/subnets", "name": "s", "parent": "b"},
  "b": {"type": "Microsoft.Network/virtualNetworks", "name": "v", "parent": "a"},
  "c": {"type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "p", "parent": "c"}}}`, []string{CodeWrongType, CodeNoClusters}},
		{"copy count too big", `{"$schema": "x", "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "c", "copy": {"name": "l", "count": 1000000000}}]}`, []string{CodeCopy}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Parse("h.json", []byte(tt.src))
			checkLocated(t, doc)
			have := map[string]bool{}
			for _, d := range doc.Diagnostics {
				have[d.Code] = true
			}
			for _, c := range tt.codes {
				if !have[c] {
					t.Errorf("want a %s diagnostic, got %v", c, doc.Diagnostics)
				}
			}
		})
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

package armtemplate_test

import (
	"fmt"

	"github.com/aksnet/aksnet/internal/source/armtemplate"
)

func ExampleParse() {
	template := `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {"clusterName": {"type": "string", "defaultValue": "aks1"}},
  "variables": {"vnetName": "vnet1", "subnetName": "nodes"},
  "resources": [
    {"type": "Microsoft.Network/virtualNetworks", "name": "[variables('vnetName')]",
     "properties": {"addressSpace": {"addressPrefixes": ["10.10.0.0/16"]},
       "subnets": [{"name": "[variables('subnetName')]", "properties": {"addressPrefix": "10.10.0.0/22"}}]}},
    {"type": "Microsoft.ContainerService/managedClusters", "name": "[parameters('clusterName')]",
     "location": "[resourceGroup().location]",
     "properties": {
       "kubernetesVersion": "1.30.4",
       "networkProfile": {"networkPlugin": "azure", "networkPluginMode": "overlay"},
       "agentPoolProfiles": [{"name": "system", "count": 3,
         "vnetSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', variables('vnetName'), variables('subnetName'))]"}]}}
  ]
}`
	doc := armtemplate.Parse("azuredeploy.json", []byte(template))
	for _, c := range doc.Clusters {
		fmt.Println(c.Name.V, c.Network.Model.V, c.Network.PodCIDR.V, c.Network.PodCIDR.State)
		for _, p := range c.Pools {
			fmt.Println(p.Name.V, p.Count.V, p.MaxPods.V, p.Subnet.V)
		}
	}
	for _, d := range doc.Diagnostics {
		fmt.Println(d)
	}
	// Output:
	// aks1 azure-overlay 10.244.0.0/16 defaulted
	// system 3 250 10.10.0.0/22
	// azuredeploy.json:10:18: info READ104: location can't be resolved: resourceGroup().location is the target resource group's region, known only at deployment
}

func ExampleParseExpr() {
	e, err := armtemplate.ParseExpr("concat(parameters('prefix'), '-', 'it''s')")
	fmt.Println(armtemplate.String(e), err)
	lit, _, isExpr := armtemplate.Classify("[[not an expression]")
	fmt.Println(lit, isExpr)
	// Output:
	// concat(parameters('prefix'), '-', 'it''s') <nil>
	// [not an expression] false
}

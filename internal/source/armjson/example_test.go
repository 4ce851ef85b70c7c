package armjson_test

import (
	"fmt"

	"github.com/aksnet/aksnet/internal/source/armjson"
)

func ExampleParse() {
	data := []byte(`[{
  "name": "aks-prod",
  "type": "Microsoft.ContainerService/ManagedClusters",
  "kubernetesVersion": "1.31",
  "networkProfile": {"networkPlugin": "azure", "networkPluginMode": "overlay", "podCidr": "192.168.0.0/16"},
  "agentPoolProfiles": [{"name": "system", "count": 3}]
}]`)
	doc := armjson.Parse("clusters.json", data)
	c := doc.Clusters[0]
	model, _ := c.Network.Model.Get()
	fmt.Println(c.Name.V, model)
	fmt.Println("pod CIDR", c.Network.PodCIDR.V, "at", c.Network.PodCIDR.Origin.Path, "line", c.Network.PodCIDR.Origin.Line)
	fmt.Println("service CIDR", c.Network.ServiceCIDR.V, c.Network.ServiceCIDR.State)
	p := c.Pools[0]
	fmt.Println(p.Name.V, "count", p.Count.V, "maxPods", p.MaxPods.V, p.MaxPods.State)
	// Output:
	// aks-prod azure-overlay
	// pod CIDR 192.168.0.0/16 at /0/networkProfile/podCidr line 5
	// service CIDR 10.0.0.0/16 defaulted
	// system count 3 maxPods 250 defaulted
}

package terraform_test

import (
	"fmt"

	"github.com/aksnet/aksnet/internal/source/terraform"
)

func ExampleParseDir() {
	files := map[string][]byte{"main.tf": []byte(`
variable "vnet_cidr" {
  default = "10.20.0.0/16"
}

resource "azurerm_subnet" "nodes" {
  name             = "nodes"
  address_prefixes = [cidrsubnet(var.vnet_cidr, 8, 1)]
}

resource "azurerm_kubernetes_cluster" "main" {
  name               = "aks"
  kubernetes_version = var.k8s

  default_node_pool {
    name           = "system"
    node_count     = 3
    vnet_subnet_id = azurerm_subnet.nodes.id
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
  }
}

variable "k8s" {}
`)}
	tfvars := map[string][]byte{"prod.tfvars": []byte(`k8s = "1.31"`)}
	doc := terraform.ParseDir("infra", files, tfvars)
	c := doc.Clusters[0]
	p := c.Pools[0]
	fmt.Println(c.Address, c.Network.Model.V, c.KubernetesVersion.V)
	fmt.Println(c.KubernetesVersion.Origin.Note)
	fmt.Println(p.Name.V, p.Count.V, p.MaxPods.V, p.Subnet.V, p.Subnet.State)
	fmt.Println(c.Network.PodCIDR.V, c.Network.PodCIDR.State)
	// Output:
	// azurerm_kubernetes_cluster.main azure-overlay 1.31
	// var.k8s is set at prod.tfvars:1:1
	// system 3 250 10.20.1.0/24 set
	// 10.244.0.0/16 defaulted
}

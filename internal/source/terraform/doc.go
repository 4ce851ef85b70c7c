// Package terraform reads Terraform definitions of AKS clusters into the
// normalized model of package aks: HCL module directories (ParseDir) and the
// JSON of terraform show -json plans (ParsePlan).
//
// ParseDir evaluates a module the way Terraform would before apply, and no
// further: literals, variable defaults and tfvars (terraform.tfvars and
// *.auto.tfvars found among the module's files, then the files given on the
// command line, later ones winning), locals, references among resources,
// count and for_each, dynamic blocks, and the functions of go-cty's standard
// library plus try, can and the cidr* family. Every value the reader can't
// know — a variable without a value, a data source, a module output, an
// attribute the provider computes — stays unknown, carried as a cty mark
// that names the reason, and becomes a diagnostic at the attribute that
// needed it. Nothing is guessed. Calls of local modules are followed (three
// levels deep) with their arguments bound to the module's variables; other
// module calls are reported and their outputs are unknown.
//
// Resources read: azurerm_kubernetes_cluster (default_node_pool,
// network_profile, api_server_access_profile, old and new attribute
// spellings, azurerm 1.x agent_pool_profile),
// azurerm_kubernetes_cluster_node_pool (attached through kubernetes_cluster_id),
// azurerm_virtual_network (with inline subnet blocks) and azurerm_subnet, and
// azapi_resource of type Microsoft.ContainerService/managedClusters and
// .../agentPools (ARM property names, as the AVM module writes them). Provider
// values are mapped to the ARM spellings the model uses, and aks.ApplyDefaults
// fills what AKS would.
//
// A resource's id is an opaque marker naming the instance
// (azurerm_subnet.aks.id), so vnet_subnet_id = azurerm_subnet.aks.id resolves
// to the subnet's prefix. The diagnostic codes are listed in codes.go.
package terraform

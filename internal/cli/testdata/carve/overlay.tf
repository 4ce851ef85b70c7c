# aksnet carve: azure-overlay layout in VNet spoke-1 (resource group rg-prod).

resource "azurerm_subnet" "aks_nodes" {
  name                 = "aks-nodes"
  resource_group_name  = "rg-prod"
  virtual_network_name = "spoke-1"
  address_prefixes     = ["10.40.0.64/26"]
}

resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks-prod"
  location            = "swedencentral"
  resource_group_name = "rg-prod"
  dns_prefix          = "aks-prod"

  default_node_pool {
    name                 = "nodepool1"
    vm_size              = "Standard_D4ds_v5"
    node_count           = 3
    auto_scaling_enabled = true
    min_count            = 3
    max_count            = 20
    max_pods             = 110
    vnet_subnet_id       = azurerm_subnet.aks_nodes.id
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_data_plane  = "cilium"
    network_policy      = "cilium"
    pod_cidr            = "10.41.64.0/18"
    service_cidr        = "10.1.0.0/16"
    dns_service_ip      = "10.1.0.10"
  }
}

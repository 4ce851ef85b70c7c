resource "azurerm_virtual_network" "net" {
  name                = "vnet-aks"
  location            = "westeurope"
  resource_group_name = "rg-net"
  address_space       = ["10.1.0.0/16"]
}

resource "azurerm_subnet" "nodes" {
  name                 = "nodes"
  resource_group_name  = "rg-net"
  virtual_network_name = azurerm_virtual_network.net.name
  address_prefixes     = ["10.1.0.0/24"]
}

resource "azurerm_subnet" "pods" {
  name                 = "pods"
  resource_group_name  = "rg-net"
  virtual_network_name = azurerm_virtual_network.net.name
  address_prefixes     = ["10.1.1.0/24"]
}

resource "azurerm_kubernetes_cluster" "main" {
  name                    = "aks-main"
  location                = "westeurope"
  resource_group_name     = "rg-aks"
  dns_prefix              = "aksmain"
  kubernetes_version      = "1.31.2"
  private_cluster_enabled = true

  default_node_pool {
    name           = "system"
    node_count     = 3
    vm_size        = "Standard_D4s_v5"
    max_pods       = 30
    vnet_subnet_id = azurerm_subnet.nodes.id
    pod_subnet_id  = azurerm_subnet.pods.id
  }

  network_profile {
    network_plugin      = "azure"
    network_data_plane  = "cilium"
    network_policy      = "cilium"
    service_cidr        = "10.0.0.0/16"
    dns_service_ip      = "10.0.0.10"
    outbound_type       = "userDefinedRouting"
  }

  identity {
    type = "SystemAssigned"
  }
}

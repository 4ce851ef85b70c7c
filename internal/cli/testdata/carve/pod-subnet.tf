# aksnet carve: azure-pod-subnet layout in VNet spoke-7 (resource group rg-aks).

resource "azurerm_subnet" "aks_nodes_sys" {
  name                 = "aks-nodes-sys"
  resource_group_name  = "rg-aks"
  virtual_network_name = "spoke-7"
  address_prefixes     = ["10.20.1.128/28"]
}

resource "azurerm_subnet" "aks_nodes_user" {
  name                 = "aks-nodes-user"
  resource_group_name  = "rg-aks"
  virtual_network_name = "spoke-7"
  address_prefixes     = ["10.20.1.0/25"]
}

resource "azurerm_subnet" "aks_pods" {
  name                 = "aks-pods"
  resource_group_name  = "rg-aks"
  virtual_network_name = "spoke-7"
  address_prefixes     = ["10.20.32.0/19"]
}

resource "azurerm_subnet" "aks_apiserver" {
  name                 = "aks-apiserver"
  resource_group_name  = "rg-aks"
  virtual_network_name = "spoke-7"
  address_prefixes     = ["10.20.1.144/28"]
  delegation {
    name = "apiserver"
    service_delegation {
      name    = "Microsoft.ContainerService/managedClusters"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

resource "azurerm_kubernetes_cluster" "aks" {
  name                    = "aks1"
  location                = "westeurope"
  resource_group_name     = "rg-aks"
  dns_prefix              = "aks1"
  private_cluster_enabled = true

  default_node_pool {
    name                   = "sys"
    vm_size                = "Standard_D4ds_v5"
    node_count             = 3
    max_pods               = 250
    vnet_subnet_id         = azurerm_subnet.aks_nodes_sys.id
    pod_subnet_id          = azurerm_subnet.aks_pods.id
    pod_ip_allocation_mode = "DynamicIndividual"
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin = "azure"
    service_cidr   = "10.0.0.0/16"
    dns_service_ip = "10.0.0.10"
  }

  api_server_access_profile {
    virtual_network_integration_enabled = true
    subnet_id                           = azurerm_subnet.aks_apiserver.id
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "user" {
  kubernetes_cluster_id  = azurerm_kubernetes_cluster.aks.id
  name                   = "user"
  vm_size                = "Standard_D4ds_v5"
  node_count             = 5
  auto_scaling_enabled   = true
  min_count              = 5
  max_count              = 50
  max_pods               = 63
  vnet_subnet_id         = azurerm_subnet.aks_nodes_user.id
  pod_subnet_id          = azurerm_subnet.aks_pods.id
  pod_ip_allocation_mode = "DynamicIndividual"
  upgrade_settings {
    max_surge = "33%"
  }
}

variable "prefix" {
  type    = string
  default = "demo"
}

variable "vnet_cidr" {
  type    = string
  default = "10.50.0.0/16"
}

variable "create_user_pool" {
  type    = bool
  default = false
}

variable "k8s_version" {
  type = string
}

locals {
  name        = "${var.prefix}-aks"
  node_subnet = cidrsubnet(var.vnet_cidr, 6, 1)
  pod_subnet  = cidrsubnet(var.vnet_cidr, 2, 1)
  max_pods    = 31
}

resource "azurerm_virtual_network" "net" {
  name          = "${var.prefix}-vnet"
  address_space = [var.vnet_cidr]
}

resource "azurerm_subnet" "nodes" {
  name                 = "nodes"
  virtual_network_name = azurerm_virtual_network.net.name
  address_prefixes     = [local.node_subnet]
}

resource "azurerm_subnet" "pods" {
  name                 = "pods"
  virtual_network_name = azurerm_virtual_network.net.name
  address_prefix       = local.pod_subnet
}

resource "azurerm_kubernetes_cluster" "main" {
  name                            = local.name
  kubernetes_version              = var.k8s_version
  api_server_authorized_ip_ranges = ["203.0.113.0/24"]
  private_cluster_enabled         = false

  default_node_pool {
    name                = "system"
    vm_size             = "Standard_D4s_v5"
    enable_auto_scaling = true
    min_count           = 2
    max_count           = 5
    max_pods            = local.max_pods
    vnet_subnet_id      = azurerm_subnet.nodes.id
    pod_subnet_id       = azurerm_subnet.pods.id
    upgrade_settings {
      max_surge = "33%"
    }
  }

  network_profile {
    network_plugin  = "azure"
    ebpf_data_plane = "cilium"
    network_policy  = "cilium"
    service_cidr    = "172.20.0.0/16"
    dns_service_ip  = cidrhost("172.20.0.0/16", 10)
    outbound_type   = "userAssignedNATGateway"
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "user" {
  count                 = var.create_user_pool ? 1 : 0
  name                  = "user"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.main.id
  vm_size               = "Standard_D8s_v5"
  node_count            = 3
  os_type               = "Windows"
  vnet_subnet_id        = azurerm_subnet.nodes.id
}

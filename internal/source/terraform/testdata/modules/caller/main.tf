module "aks" {
  source = "../full"

  prefix           = "caller"
  vnet_cidr        = "10.60.0.0/16"
  create_user_pool = true
  k8s_version      = "1.29.9"
}

module "twice" {
  source   = "../full"
  for_each = toset(["a", "b"])

  prefix      = each.key
  k8s_version = data.azurerm_kubernetes_service_versions.current.latest_version
}

module "registry" {
  source  = "Azure/aks/azurerm"
  version = "10.0.0"
}

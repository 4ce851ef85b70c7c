# aksnet carve: azure-overlay layout in VNet spoke-1 (resource group rg-prod).
sub="/subscriptions/$(az account show --query id --output tsv)/resourceGroups/rg-prod/providers/Microsoft.Network/virtualNetworks/spoke-1/subnets"

az network vnet subnet create --resource-group rg-prod --vnet-name spoke-1 \
  --name aks-nodes --address-prefixes 10.40.0.64/26

az aks create --resource-group rg-prod --name aks-prod --location swedencentral \
  --network-plugin azure --network-plugin-mode overlay --network-dataplane cilium --network-policy cilium \
  --pod-cidr 10.41.64.0/18 --service-cidr 10.1.0.0/16 --dns-service-ip 10.1.0.10 \
  --nodepool-name nodepool1 --node-vm-size Standard_D4ds_v5 --node-count 3 --enable-cluster-autoscaler --min-count 3 --max-count 20 --max-pods 110 --vnet-subnet-id "$sub/aks-nodes" \
  --generate-ssh-keys

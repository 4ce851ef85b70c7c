# aksnet carve: azure-pod-subnet layout in VNet spoke-7 (resource group rg-aks).
sub="/subscriptions/$(az account show --query id --output tsv)/resourceGroups/rg-aks/providers/Microsoft.Network/virtualNetworks/spoke-7/subnets"

az network vnet subnet create --resource-group rg-aks --vnet-name spoke-7 \
  --name aks-nodes-sys --address-prefixes 10.20.1.128/28

az network vnet subnet create --resource-group rg-aks --vnet-name spoke-7 \
  --name aks-nodes-user --address-prefixes 10.20.1.0/25

az network vnet subnet create --resource-group rg-aks --vnet-name spoke-7 \
  --name aks-pods --address-prefixes 10.20.32.0/19

az network vnet subnet create --resource-group rg-aks --vnet-name spoke-7 \
  --name aks-apiserver --address-prefixes 10.20.1.144/28 \
  --delegations Microsoft.ContainerService/managedClusters

az aks create --resource-group rg-aks --name aks1 --location westeurope \
  --network-plugin azure \
  --service-cidr 10.0.0.0/16 --dns-service-ip 10.0.0.10 \
  --nodepool-name sys --node-vm-size Standard_D4ds_v5 --node-count 3 --max-pods 250 --vnet-subnet-id "$sub/aks-nodes-sys" --pod-subnet-id "$sub/aks-pods" --pod-ip-allocation-mode DynamicIndividual \
  --enable-private-cluster \
  --enable-apiserver-vnet-integration --apiserver-subnet-id "$sub/aks-apiserver" \
  --generate-ssh-keys

az aks nodepool add --resource-group rg-aks --cluster-name aks1 --name user \
  --node-vm-size Standard_D4ds_v5 --node-count 5 --enable-cluster-autoscaler --min-count 5 --max-count 50 --max-pods 63 --max-surge 33% --vnet-subnet-id "$sub/aks-nodes-user" --pod-subnet-id "$sub/aks-pods" --pod-ip-allocation-mode DynamicIndividual

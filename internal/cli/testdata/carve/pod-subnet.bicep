// aksnet carve: azure-pod-subnet layout in VNet spoke-7.

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  name: 'spoke-7'
}

resource aks_nodes_sys 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' = {
  parent: vnet
  name: 'aks-nodes-sys'
  properties: {
    addressPrefix: '10.20.1.128/28'
  }
}

resource aks_nodes_user 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' = {
  parent: vnet
  name: 'aks-nodes-user'
  properties: {
    addressPrefix: '10.20.1.0/25'
  }
  dependsOn: [
    aks_nodes_sys
  ]
}

resource aks_pods 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' = {
  parent: vnet
  name: 'aks-pods'
  properties: {
    addressPrefix: '10.20.32.0/19'
  }
  dependsOn: [
    aks_nodes_user
  ]
}

resource aks_apiserver 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' = {
  parent: vnet
  name: 'aks-apiserver'
  properties: {
    addressPrefix: '10.20.1.144/28'
    delegations: [
      {
        name: 'apiserver'
        properties: {
          serviceName: 'Microsoft.ContainerService/managedClusters'
        }
      }
    ]
  }
  dependsOn: [
    aks_pods
  ]
}

resource aks 'Microsoft.ContainerService/managedClusters@2026-07-01' = {
  name: 'aks1'
  location: 'westeurope'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: 'aks1'
    agentPoolProfiles: [
      {
        name: 'sys'
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4ds_v5'
        maxPods: 250
        osType: 'Linux'
        vnetSubnetID: aks_nodes_sys.id
        podSubnetID: aks_pods.id
        podIPAllocationMode: 'DynamicIndividual'
      }
      {
        name: 'user'
        mode: 'User'
        count: 5
        vmSize: 'Standard_D4ds_v5'
        enableAutoScaling: true
        minCount: 5
        maxCount: 50
        maxPods: 63
        osType: 'Linux'
        vnetSubnetID: aks_nodes_user.id
        podSubnetID: aks_pods.id
        podIPAllocationMode: 'DynamicIndividual'
        upgradeSettings: {
          maxSurge: '33%'
        }
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      serviceCidr: '10.0.0.0/16'
      dnsServiceIP: '10.0.0.10'
    }
    apiServerAccessProfile: {
      enablePrivateCluster: true
      enableVnetIntegration: true
      subnetId: aks_apiserver.id
    }
  }
}

// aksnet carve: azure-overlay layout in VNet spoke-1.

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  name: 'spoke-1'
}

resource aks_nodes 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' = {
  parent: vnet
  name: 'aks-nodes'
  properties: {
    addressPrefix: '10.40.0.64/26'
  }
}

resource aks 'Microsoft.ContainerService/managedClusters@2026-07-01' = {
  name: 'aks-prod'
  location: 'swedencentral'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: 'aks-prod'
    agentPoolProfiles: [
      {
        name: 'nodepool1'
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4ds_v5'
        enableAutoScaling: true
        minCount: 3
        maxCount: 20
        maxPods: 110
        osType: 'Linux'
        vnetSubnetID: aks_nodes.id
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      networkPluginMode: 'overlay'
      networkDataplane: 'cilium'
      networkPolicy: 'cilium'
      podCidr: '10.41.64.0/18'
      serviceCidr: '10.1.0.0/16'
      dnsServiceIP: '10.1.0.10'
    }
  }
}

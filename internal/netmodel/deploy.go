package netmodel

// Deployment settings: how a catalog model is written in a managed
// cluster's networkProfile (SPEC §8.1; CLI) and the delegation the API-server
// subnet needs (VNETINT).

// PluginFor returns the networkPlugin and networkPluginMode that select a
// model (SPEC networkPlugin, networkPluginMode; CLI --network-plugin,
// --network-plugin-mode). The pod-subnet model is networkPlugin azure with a
// podSubnetID on its pools; the node-subnet model is azure without either.
// Mode is empty when the model sets none.
func PluginFor(id ID) (plugin, mode string) {
	switch id {
	case Kubenet:
		return "kubenet", "" // SPEC; KUB
	case AzureOverlay:
		return "azure", "overlay" // SPEC; OVLCFG
	case AzureNodeSubnet, AzurePodSubnet:
		return "azure", "" // SPEC; PODSUB; LEG
	case BYOCNI:
		return "none", "" // SPEC; BYO
	}
	return "", ""
}

// APIServerSubnetDelegation is the service the API-server subnet of API
// Server VNet Integration is delegated to. VNETINT.
const APIServerSubnetDelegation = "Microsoft.ContainerService/managedClusters" // VNETINT

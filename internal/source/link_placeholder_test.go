package source

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/source/armtemplate"
)

// A template's subnet id carries placeholders for the subscription and
// resource group; Link still joins it to a concrete subnet read elsewhere.
func TestLinkTemplatePlaceholders(t *testing.T) {
	tmplID := "/subscriptions/" + armtemplate.PlaceholderSubscription + "/resourceGroups/" + armtemplate.PlaceholderResourceGroup +
		"/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/aks"
	docs := []aks.Document{
		{File: "azuredeploy.json", Clusters: []aks.Cluster{{Pools: []aks.NodePool{
			{SubnetID: aks.SetAt(tmplID, aks.Origin{File: "azuredeploy.json", Line: 40})},
			{SubnetID: aks.SetAt(tmplID[:len(tmplID)-3]+"other", aks.Origin{File: "azuredeploy.json", Line: 41})},
		}}}},
		{File: "vnets.json", VNets: []aks.VNet{{
			ResourceID: "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet1",
			Subnets:    []aks.Subnet{{Name: "aks", Prefixes: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/22")}, Source: aks.Origin{File: "vnets.json", Line: 7}}},
		}}},
	}
	Link(docs)
	pools := docs[0].Clusters[0].Pools
	got := []string{pools[0].Subnet.State.String() + " " + pools[0].Subnet.V.String(), pools[1].Subnet.State.String()}
	if diff := cmp.Diff([]string{"set 10.1.0.0/22", "unknown"}, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

package armjson_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/source/armjson"
)

// fleet generates `az aks list` output: n clusters in the az CLI's
// flattened shape, three pools each, with the fields a real listing has.
func fleet(n int) []byte {
	var b strings.Builder
	b.WriteString("[\n")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		rg := fmt.Sprintf("rg-%03d", i%200)
		id := fmt.Sprintf("/subscriptions/00000000-0000-0000-0000-%012d/resourcegroups/%s/providers/Microsoft.ContainerService/managedClusters/aks-%05d", i%7, rg, i)
		vnet := fmt.Sprintf("/subscriptions/00000000-0000-0000-0000-%012d/resourceGroups/%s/providers/Microsoft.Network/virtualNetworks/vnet-%05d/subnets/", i%7, rg, i)
		plugin := [...]string{`"networkPlugin": "azure", "networkPluginMode": "overlay", "networkDataplane": "cilium", "networkPolicy": "cilium", "podCidr": "10.244.0.0/16", "podCidrs": ["10.244.0.0/16"],`,
			`"networkPlugin": "kubenet", "networkPolicy": "calico", "podCidr": "10.244.0.0/16", "podCidrs": ["10.244.0.0/16"],`,
			`"networkPlugin": "azure", "networkPolicy": "azure", "networkDataplane": "azure",`}[i%3]
		fmt.Fprintf(&b, `  {
    "aadProfile": null,
    "addonProfiles": {"azurepolicy": {"config": null, "enabled": true, "identity": null}, "omsagent": {"config": {"logAnalyticsWorkspaceResourceID": "/subscriptions/x/resourceGroups/%[2]s/providers/Microsoft.OperationalInsights/workspaces/logs"}, "enabled": true}},
    "agentPoolProfiles": [`, i, rg)
		for j, pool := range []string{"system", "user1", "win"} {
			if j > 0 {
				b.WriteString(",")
			}
			os, mode := "Linux", "User"
			if pool == "win" {
				os = "Windows"
			}
			if j == 0 {
				mode = "System"
			}
			fmt.Fprintf(&b, `
      {
        "availabilityZones": ["1", "2", "3"],
        "count": %d,
        "currentOrchestratorVersion": "1.30.6",
        "enableAutoScaling": %t,
        "enableEncryptionAtHost": false,
        "enableFips": false,
        "enableNodePublicIp": false,
        "kubeletDiskType": "OS",
        "maxCount": %d,
        "maxPods": %d,
        "minCount": %d,
        "mode": "%s",
        "name": "%s",
        "nodeImageVersion": "AKSUbuntu-2204gen2containerd-202411.12.0",
        "nodeLabels": {"team": "platform", "env": "prod"},
        "orchestratorVersion": "1.30.6",
        "osDiskSizeGb": 128,
        "osDiskType": "Ephemeral",
        "osSku": "Ubuntu",
        "osType": "%s",
        "powerState": {"code": "Running"},
        "provisioningState": "Succeeded",
        "scaleSetPriority": null,
        "type": "VirtualMachineScaleSets",
        "upgradeSettings": {"drainTimeoutInMinutes": null, "maxSurge": "33%%", "nodeSoakDurationInMinutes": null},
        "vmSize": "Standard_D4ds_v5",
        "vnetSubnetId": "%snodes-%d"
      }`, 3+j, j > 0, 10+j, 30+50*j, 3, mode, pool, os, vnet, j)
		}
		fmt.Fprintf(&b, `
    ],
    "apiServerAccessProfile": {"authorizedIpRanges": ["203.0.113.0/24"], "enablePrivateCluster": %[1]t, "privateDnsZone": null},
    "azurePortalFqdn": "aks-%05[2]d-abcdef12.portal.hcp.westeurope.azmk8s.io",
    "currentKubernetesVersion": "1.30.6",
    "dnsPrefix": "aks-%05[2]d",
    "enableRbac": true,
    "fqdn": "aks-%05[2]d-abcdef12.hcp.westeurope.azmk8s.io",
    "id": "%[3]s",
    "identity": {"principalId": "11111111-1111-1111-1111-111111111111", "tenantId": "22222222-2222-2222-2222-222222222222", "type": "SystemAssigned", "userAssignedIdentities": null},
    "kubernetesVersion": "1.30",
    "location": "westeurope",
    "name": "aks-%05[2]d",
    "networkProfile": {
      %[4]s
      "dnsServiceIp": "10.0.0.10",
      "ipFamilies": ["IPv4"],
      "loadBalancerProfile": {"allocatedOutboundPorts": null, "effectiveOutboundIPs": [{"id": "/subscriptions/x/resourceGroups/MC_%[5]s/providers/Microsoft.Network/publicIPAddresses/pip", "resourceGroup": "MC_%[5]s"}], "idleTimeoutInMinutes": null, "managedOutboundIPs": {"count": 1, "countIpv6": null}},
      "loadBalancerSku": "standard",
      "outboundType": "loadBalancer",
      "serviceCidr": "10.0.0.0/16",
      "serviceCidrs": ["10.0.0.0/16"]
    },
    "nodeResourceGroup": "MC_%[5]s_aks-%05[2]d_westeurope",
    "powerState": {"code": "Running"},
    "provisioningState": "Succeeded",
    "resourceGroup": "%[5]s",
    "sku": {"name": "Base", "tier": "Standard"},
    "tags": {"env": "prod", "owner": "team-%[6]d"},
    "type": "Microsoft.ContainerService/ManagedClusters"
  }`, i%5 == 0, i, id, plugin, rg, i%40)
	}
	b.WriteString("\n]\n")
	return []byte(b.String())
}

var fleetData = func() func() []byte {
	var data []byte
	return func() []byte {
		if data == nil {
			data = fleet(10_000)
		}
		return data
	}
}()

// BenchmarkParseFleet reads `az aks list` of 10,000 clusters into the
// normalized model (positions, pointers and defaults included). It reports
// the peak heap in use while parsing as peak-MB.
func BenchmarkParseFleet(b *testing.B) {
	data := fleetData()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		doc := armjson.Parse("fleet.json", data)
		if len(doc.Clusters) != 10_000 || len(doc.Diagnostics) != 0 {
			b.Fatalf("clusters %d, diagnostics %v", len(doc.Clusters), doc.Diagnostics[:min(3, len(doc.Diagnostics))])
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}

// BenchmarkStdlibFleet decodes the same bytes with encoding/json into any:
// the baseline the reader is measured against.
func BenchmarkStdlibFleet(b *testing.B) {
	data := fleetData()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}

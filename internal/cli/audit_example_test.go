package cli_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aksnet/aksnet/internal/cli"
)

// Auditing one private kubenet cluster (az aks show output on standard input)
// that sends egress through a firewall and enforces Calico: the only risk is
// kubenet's retirement, with the days left as of the run date and the
// in-place migration command with its prerequisites.
func ExampleRunWith_audit() {
	in := strings.NewReader(`{
  "id": "/subscriptions/0000/resourceGroups/rg-legacy/providers/Microsoft.ContainerService/managedClusters/legacy",
  "name": "legacy",
  "type": "Microsoft.ContainerService/ManagedClusters",
  "properties": {
    "networkProfile": {"networkPlugin": "kubenet", "networkPolicy": "calico", "outboundType": "userDefinedRouting"},
    "apiServerAccessProfile": {"enablePrivateCluster": true},
    "agentPoolProfiles": [{"name": "system", "count": 3}]
  }
}`)
	now := func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC) }
	err := cli.RunWith(context.Background(), cli.Streams{In: in, Out: os.Stdout, Err: os.Stderr},
		[]string{"audit", "-", "--fail-on", "high"}, cli.Options{Now: now})
	fmt.Println("error:", err)
	// Output:
	// == legacy  [kubenet, policy calico]  <stdin>:1
	//    MEDIUM   AKSNET-001  <stdin>:6
	//             kubenet retires on 2028-03-31 (RET-KUB): 495 days left as of 2026-11-22
	//             fix: Migrate in place to Azure CNI Overlay (one-way; all pools are reimaged at once; needs a user-assigned managed identity; UPD): az aks update --resource-group rg-legacy --name legacy --network-plugin azure --network-plugin-mode overlay --pod-cidr 10.244.0.0/16. Before that: remove network policy "calico": az aks update --resource-group rg-legacy --name legacy --network-policy none (UPD; NETPOL)
	//
	// Fleet KPIs:
	//    Clusters: 1 (kubenet 1)
	//    Production clusters not on kubenet: 0 of 0 (n/a)
	//    Clusters with a network policy engine: 1 of 1 (100.0%)
	//    Still on kubenet: legacy (<stdin>) — retires 2028-03-31, 495 days left
	//
	// Subnet headroom at autoscaler maximum plus surge:
	// CLUSTER  SPACE     GIVEN          CAPACITY   REQUIRED AT MAX+SURGE  HEADROOM
	// legacy   pod-cidr  10.244.0.0/16  256 nodes  4                      252 (98.4%)
	//
	// 1 finding (1 medium) as of 2026-11-22
	// error: <nil>
}

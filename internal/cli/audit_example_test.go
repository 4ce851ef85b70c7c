package cli_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/aksnet/aksnet/internal/cli"
)

// Auditing one private kubenet cluster that sends egress through a firewall
// and enforces Calico: the only risk is kubenet's retirement, with the days
// left as of the run date and the in-place migration command.
func ExampleRunWith_audit() {
	dir, _ := os.MkdirTemp("", "aksnet-example")
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "legacy.json")
	_ = os.WriteFile(in, []byte(`{"clusters": [{
	  "name": "legacy",
	  "resourceId": "/subscriptions/0000/resourceGroups/rg-legacy/providers/Microsoft.ContainerService/managedClusters/legacy",
	  "source": {"file": "legacy.json", "line": 1},
	  "network": {"plugin": {"value": "kubenet", "state": "set", "origin": {"file": "legacy.json", "line": 9}},
	    "networkPolicy": "calico", "outboundType": "userDefinedRouting"},
	  "apiServer": {"privateCluster": true},
	  "pools": [{"name": "system", "count": 3}]}]}`), 0o644)

	now := func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC) }
	err := cli.RunWith(context.Background(), cli.Streams{Out: os.Stdout, Err: os.Stderr},
		[]string{"audit", in, "--fail-on", "high"}, cli.Options{Now: now})
	fmt.Println("error:", err)
	// Output:
	// == legacy  [kubenet, policy calico]  legacy.json:1
	//    MEDIUM   AKSNET-001  legacy.json:9
	//             kubenet retires on 2028-03-31 (RET-KUB): 495 days left as of 2026-11-22
	//             fix: Migrate in place to Azure CNI Overlay (one-way; all pools are reimaged at once; needs a user-assigned managed identity; UPD): az aks update --resource-group rg-legacy --name legacy --network-plugin azure --network-plugin-mode overlay --pod-cidr 10.244.0.0/16. Before that: remove network policy "calico": az aks update --resource-group rg-legacy --name legacy --network-policy none (UPD; NETPOL)
	//
	// Fleet KPIs:
	//    Clusters: 1 (kubenet 1)
	//    Production clusters not on kubenet: 0 of 0 (n/a)
	//    Clusters with a network policy engine: 1 of 1 (100.0%)
	//    Still on kubenet: legacy (legacy.json) — retires 2028-03-31, 495 days left
	//
	// 1 finding (1 medium) as of 2026-11-22
	// error: <nil>
}

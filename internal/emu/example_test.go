package emu_test

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aksnet/aksnet/internal/emu"
	"github.com/aksnet/aksnet/internal/sim"
	"github.com/aksnet/aksnet/internal/source"
)

// ExamplePlanFor shows how a kubenet node is realised: its NICs, its
// routes (the pod block on the bridge, the default route to the Azure
// subnet gateway) and its NAT (kube-proxy's ClusterIP DNAT, SNAT to the
// node IP).
func ExamplePlanFor() {
	topo, err := emu.Spec{Model: "kubenet", OutboundType: "loadBalancer", Nodes: 2, PodsPerNode: 2}.Topology()
	if err != nil {
		panic(err)
	}
	plan, err := emu.PlanFor("lab", topo)
	if err != nil {
		panic(err)
	}
	for _, op := range plan.Ops {
		if op.Host == "node1" && (op.Kind == emu.OpVeth || op.Kind == emu.OpAddr || op.Kind == emu.OpRoute || op.Kind == emu.OpNFTRule) {
			s, _, _ := strings.Cut(op.String(), "  #")
			fmt.Println(s)
		}
	}
	// Output:
	// [node1] link add eth0 type veth peer h7i0 netns aksnet-lab-switch master b0
	// [node1] link add cbr0 type veth peer h7i1 netns aksnet-lab-switch master b7
	// [node1] addr add 10.224.0.4/14 dev eth0 noprefixroute
	// [node1] addr add 10.244.0.1/24 dev cbr0 noprefixroute
	// [node1] route add 10.224.0.0/14 dev eth0
	// [node1] route add 10.244.0.0/24 dev cbr0
	// [node1] route add 0.0.0.0/0 via 10.224.0.1 dev eth0
	// [node1] nft add rule ip aksnet prerouting ip daddr 10.0.0.100 tcp dport 443 dnat to 10.244.1.3:443
	// [node1] nft add rule ip aksnet prerouting ip daddr 10.0.0.100 udp dport 443 dnat to 10.244.1.3:443
	// [node1] nft add rule ip aksnet output ip daddr 10.0.0.100 tcp dport 443 dnat to 10.244.1.3:443
	// [node1] nft add rule ip aksnet output ip daddr 10.0.0.100 udp dport 443 dnat to 10.244.1.3:443
	// [node1] nft add rule ip aksnet postrouting oifname "eth0" ip saddr 10.244.0.0/16 ip daddr != 10.244.0.0/16 snat to 10.224.0.4
}

// ExampleSpecFor records what aksnet trace --cluster takes from a
// Terraform-defined overlay cluster (its VNet, node subnet, CIDRs, data
// plane and outbound type) as the spec a lab's state file keeps, so that
// probe rebuilds the same topology without the file.
func ExampleSpecFor() {
	docs, err := source.ReadPaths([]string{"../audit/rules/testdata/AKSNET-004/pass.tf"}, nil)
	if err != nil {
		panic(err)
	}
	o, ds := sim.FromCluster(docs[0].Clusters[0], docs[0].VNets)
	if ds.HasErrors() {
		panic(ds)
	}
	spec := emu.SpecFor(o, min(o.Nodes, emu.MaxNodes), len(sim.PodNames), nil)
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		panic(err)
	}
	fmt.Println(string(b))
	// Output:
	// {
	//   "model": "azure-overlay",
	//   "dataplane": "cilium",
	//   "networkPolicy": "cilium",
	//   "outboundType": "userDefinedRouting",
	//   "nodes": 3,
	//   "podsPerNode": 2,
	//   "maxPods": 30,
	//   "vnet": "10.1.0.0/16",
	//   "nodeSubnet": "10.1.0.0/24",
	//   "podCIDR": "10.244.0.0/16",
	//   "serviceCIDR": "10.0.0.0/16"
	// }
}

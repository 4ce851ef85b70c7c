package ipplan

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/netmodel"
)

// bigRequest is a 5,000-node cluster: 100 pools of 50 nodes at 250 max pods.
func bigRequest() Request {
	var pools []Pool
	for i := range 100 {
		pools = append(pools, Pool{Name: fmt.Sprintf("p%d", i), Nodes: 50, MaxPods: 250, MaxSurge: &Surge{N: 10, Percent: true}})
	}
	return Request{Pools: pools, ILBs: 10, PrivateCluster: true,
		NodeSubnet: netip.MustParsePrefix("10.0.0.0/16"), PodSubnet: netip.MustParsePrefix("10.64.0.0/11"),
		PodCIDR: netip.MustParsePrefix("100.64.0.0/10"), ServiceCIDR: netip.MustParsePrefix("10.255.0.0/16"),
		VNets: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, Avoid: []netip.Prefix{netip.MustParsePrefix("192.168.0.0/16")}}
}

func BenchmarkComputeAll5000Nodes(b *testing.B) {
	req := bigRequest()
	for b.Loop() {
		_ = ComputeAll(req)
	}
}

func BenchmarkComputeStaticBlock5000Nodes(b *testing.B) {
	req := bigRequest()
	req.Choice = netmodel.Choice{Model: netmodel.AzurePodSubnet, Allocation: netmodel.StaticBlock}
	for b.Loop() {
		_ = Compute(req)
	}
}

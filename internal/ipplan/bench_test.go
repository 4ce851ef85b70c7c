package ipplan

import (
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/netmodel"
)

// bigRequest is a 5,000-node cluster in 100 pools of 50 nodes at 250 max pods,
// with every range given so that every check runs.
func bigRequest() Request {
	req := Request{ILBs: 10, PrivateCluster: true,
		NodeSubnet: netip.MustParsePrefix("10.0.0.0/16"), PodSubnet: netip.MustParsePrefix("10.64.0.0/12"),
		PodCIDR: netip.MustParsePrefix("100.64.0.0/10"), ServiceCIDR: netip.MustParsePrefix("172.20.0.0/16"),
		DNSServiceIP: netip.MustParseAddr("172.20.0.10"),
		VNets:        []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
		Avoid:        []netip.Prefix{netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("172.16.0.0/16")}}
	for range 100 {
		req.Pools = append(req.Pools, Pool{Nodes: 50, MaxPods: 250, MaxSurge: &Surge{N: 33, Percent: true}})
	}
	return req
}

// BenchmarkComputeAll plans the 5,000-node, 100-pool cluster for every model.
func BenchmarkComputeAll(b *testing.B) {
	req := bigRequest()
	b.ReportAllocs()
	for b.Loop() {
		_ = ComputeAll(req)
	}
}

// BenchmarkComputeStaticBlock plans the same cluster with static blocks.
func BenchmarkComputeStaticBlock(b *testing.B) {
	req := bigRequest()
	req.Choice = netmodel.Choice{Model: netmodel.AzurePodSubnet, Allocation: netmodel.StaticBlock}
	b.ReportAllocs()
	for b.Loop() {
		_ = Compute(req)
	}
}

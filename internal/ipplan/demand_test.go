package ipplan_test

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/source"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// numbers is a plan without its notes: what Demand must reproduce.
func numbers(p ipplan.Plan) ipplan.Plan {
	p.Defaults, p.Diagnostics = nil, nil
	return p
}

var equatePrefixes = cmpopts.EquateComparable(netip.Prefix{}, netip.Addr{})

// randomPrefix is an IPv4 prefix of 8 to 30 bits (or, now and then, an IPv6
// prefix, a forbidden or public range, or none at all).
func randomPrefix(r *rand.Rand) netip.Prefix {
	switch r.IntN(8) {
	case 0:
		return netip.Prefix{}
	case 1:
		return netip.MustParsePrefix("fd00:1::/64")
	case 2:
		return netip.MustParsePrefix([]string{"169.254.0.0/16", "172.30.0.0/17", "8.8.0.0/16", "100.64.0.0/10"}[r.IntN(4)])
	}
	a := netip.AddrFrom4([4]byte{10, byte(r.IntN(256)), byte(r.IntN(256)), 0})
	return netip.PrefixFrom(a, 8+r.IntN(23)).Masked()
}

// randomRequest draws a request over every model (and an unknown one), both
// allocations, pools with defaults left out, Windows pools, out-of-range
// values, and given or missing ranges.
func randomRequest(r *rand.Rand) ipplan.Request {
	models := append(netmodel.IDs(), "", "bogus")
	req := ipplan.Request{
		Choice: netmodel.Choice{Model: models[r.IntN(len(models))],
			Allocation: []netmodel.Allocation{"", netmodel.Dynamic, netmodel.StaticBlock}[r.IntN(3)],
			Dataplane:  []netmodel.Dataplane{"", netmodel.DataplaneAzure, netmodel.DataplaneCilium}[r.IntN(3)],
			Policy:     []netmodel.PolicyEngine{"", netmodel.PolicyNone, netmodel.PolicyAzure, netmodel.PolicyCalico, netmodel.PolicyCilium}[r.IntN(5)]},
		ILBs: r.IntN(5) - 1, PrivateCluster: r.IntN(2) == 0,
		NodeSubnet: randomPrefix(r), PodSubnet: randomPrefix(r), PodCIDR: randomPrefix(r), ServiceCIDR: randomPrefix(r),
	}
	if r.IntN(2) == 0 {
		req.DNSServiceIP = netip.AddrFrom4([4]byte{10, 0, 0, byte(r.IntN(20))})
	}
	for range r.IntN(4) {
		req.VNets = append(req.VNets, randomPrefix(r))
	}
	if r.IntN(3) == 0 {
		req.Avoid = append(req.Avoid, randomPrefix(r))
	}
	for range r.IntN(5) {
		p := ipplan.Pool{Name: []string{"", "sys", "user"}[r.IntN(3)], Nodes: r.IntN(60), OS: []string{"", "Linux", "Windows"}[r.IntN(3)]}
		switch r.IntN(4) {
		case 0: // maxPods left to the model's default
		case 1:
			p.MaxPods = r.IntN(300) - 10
		default:
			p.MaxPods = 10 + r.IntN(241)
		}
		if r.IntN(2) == 0 {
			p.MaxNodes = p.Nodes + r.IntN(1200)
		}
		switch r.IntN(4) {
		case 0:
			p.MaxSurge = &ipplan.Surge{N: r.IntN(5) - 1}
		case 1:
			p.MaxSurge = &ipplan.Surge{N: r.IntN(120), Percent: true}
		}
		if r.IntN(50) == 0 {
			p.Nodes = -p.Nodes - 1
		}
		req.Pools = append(req.Pools, p)
	}
	return req
}

// TestDemandMatchesCompute checks that the quiet planner computes exactly
// Compute's numbers (everything but the defaults and diagnostics) on random
// requests, for the requested model and for every model side by side.
func TestDemandMatchesCompute(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for i := range 2000 {
		req := randomRequest(r)
		t.Run(fmt.Sprintf("%d_%s", i, req.Choice.Model), func(t *testing.T) {
			full := ipplan.Compute(req)
			got := ipplan.Demand(req)
			if diff := cmp.Diff(numbers(full), got, equatePrefixes); diff != "" {
				t.Fatalf("Demand differs from Compute (-compute +demand):\n%s\nrequest %+v", diff, req)
			}
			if got.Defaults != nil || got.Diagnostics != nil {
				t.Errorf("Demand built notes: %v %v", got.Defaults, got.Diagnostics)
			}
			if _, ok := netmodel.Lookup(req.Choice.Model); ok && len(full.Defaults) == 0 {
				t.Errorf("Compute lists no defaults; the quiet path must be the one that skips them")
			}
		})
	}
}

// randomValue is a value that is set, defaulted, unknown or absent.
func randomValue[T any](r *rand.Rand, v T, line int) aks.Value[T] {
	o := aks.Origin{File: "random.json", Line: line}
	switch r.IntN(8) {
	case 0:
		return aks.UnknownAt[T](o, "a reference")
	case 1:
		return aks.Value[T]{}
	case 2:
		return aks.Default(v, "a default")
	}
	return aks.SetAt(v, o)
}

// randomCluster draws a normalized cluster with every value FromCluster
// reads in every state.
func randomCluster(r *rand.Rand) aks.Cluster {
	models := netmodel.IDs()
	var c aks.Cluster
	c.Source = aks.Origin{File: "random.json", Line: 1}
	n := &c.Network
	n.Model = randomValue(r, models[r.IntN(len(models))], 2)
	n.Plugin = randomValue(r, "azure", 3)
	n.Dataplane = randomValue(r, []netmodel.Dataplane{netmodel.DataplaneAzure, netmodel.DataplaneCilium}[r.IntN(2)], 4)
	n.Policy = randomValue(r, []netmodel.PolicyEngine{netmodel.PolicyNone, netmodel.PolicyCalico}[r.IntN(2)], 5)
	n.PodCIDR = randomValue(r, randomPrefix(r), 6)
	n.ServiceCIDR = randomValue(r, randomPrefix(r), 7)
	n.DNSServiceIP = randomValue(r, netip.AddrFrom4([4]byte{10, 0, 0, 10}), 8)
	c.APIServer.Private = randomValue(r, r.IntN(2) == 0, 9)
	subnets := []netip.Prefix{randomPrefix(r), randomPrefix(r)}
	for k := range r.IntN(4) {
		l := 20 + 20*k
		c.Pools = append(c.Pools, aks.NodePool{
			Name:            randomValue(r, []string{"", "system", "user"}[r.IntN(3)], l),
			Count:           randomValue(r, r.IntN(50), l+1),
			AutoScaling:     randomValue(r, r.IntN(2) == 0, l+2),
			MaxCount:        randomValue(r, r.IntN(100), l+3),
			MaxPods:         randomValue(r, 10+r.IntN(241), l+4),
			MaxSurge:        randomValue(r, []string{"", "1", "33%", "x", "200%"}[r.IntN(5)], l+5),
			OS:              randomValue(r, []string{"Linux", "linux", "WINDOWS", "Windowſ", "Mariner"}[r.IntN(5)], l+6),
			SubnetID:        randomValue(r, "subnet", l+7),
			Subnet:          randomValue(r, subnets[r.IntN(2)], l+8),
			PodSubnetID:     randomValue(r, "pods", l+9),
			PodSubnet:       randomValue(r, subnets[r.IntN(2)], l+10),
			PodIPAllocation: randomValue(r, []netmodel.Allocation{netmodel.Dynamic, netmodel.StaticBlock}[r.IntN(2)], l+11),
		})
	}
	return c
}

// TestClusterRequestMatchesFromCluster checks that the quiet request builder
// gives FromCluster's request on random clusters and on every cluster of
// the corpus, and that the quiet plan of it matches the full plan.
func TestClusterRequestMatchesFromCluster(t *testing.T) {
	var clusters []aks.Cluster
	r := rand.New(rand.NewPCG(13, 14))
	for range 2000 {
		clusters = append(clusters, randomCluster(r))
	}
	shared := corpustest.Dir(t)
	for _, sub := range []string{"azure", "terraform"} {
		docs, err := source.ReadPaths([]string{filepath.Join(shared, sub)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			for _, c := range d.Clusters {
				c.Pools = slices.Clone(c.Pools)
				aks.ApplyDefaults(&c)
				clusters = append(clusters, c)
			}
		}
	}
	for i, c := range clusters {
		want, _ := ipplan.FromCluster(c)
		got := ipplan.ClusterRequest(&c)
		if diff := cmp.Diff(want, got, equatePrefixes); diff != "" {
			t.Fatalf("cluster %d: ClusterRequest differs from FromCluster (-want +got):\n%s", i, diff)
		}
		if diff := cmp.Diff(numbers(ipplan.Compute(want)), ipplan.Demand(got), equatePrefixes); diff != "" {
			t.Fatalf("cluster %d: Demand differs from Compute (-compute +demand):\n%s", i, diff)
		}
	}
	t.Logf("%d clusters", len(clusters))
}

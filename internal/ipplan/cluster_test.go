package ipplan_test

import (
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/source/terraform"
)

func TestFromCluster(t *testing.T) {
	at := func(line int) aks.Origin { return aks.Origin{File: "main.tf", Line: line, Column: 3} }
	subnet := netip.MustParsePrefix("10.10.0.0/22")
	c := aks.Cluster{
		Network: aks.NetworkProfile{
			Plugin:       aks.SetAt("azure", at(1)),
			PluginMode:   aks.SetAt("overlay", at(2)),
			PodCIDR:      aks.SetAt(netip.MustParsePrefix("100.64.0.0/16"), at(3)),
			ServiceCIDR:  aks.UnknownAt[netip.Prefix](at(4), "var.service_cidr has no value"),
			DNSServiceIP: aks.SetAt(netip.MustParseAddr("10.0.0.10"), at(5)),
		},
		APIServer: aks.APIServerAccess{Private: aks.SetAt(true, at(6))},
		Pools: []aks.NodePool{
			{Name: aks.SetAt("sys", at(10)), Count: aks.SetAt(3, at(11)), AutoScaling: aks.SetAt(true, at(12)),
				MaxCount: aks.SetAt(5, at(13)), MaxSurge: aks.SetAt("33%", at(14)), Subnet: aks.SetAt(subnet, at(15))},
			{Name: aks.SetAt("user", at(20)), Count: aks.SetAt(10, at(21)), MaxPods: aks.SetAt(50, at(22)),
				OS: aks.SetAt("Windows", at(23)), MaxSurge: aks.SetAt("lots", at(24)), Subnet: aks.SetAt(subnet, at(25))},
			{Name: aks.SetAt("gpu", at(30)), Count: aks.UnknownAt[int](at(31), "var.gpu_count has no value")},
		},
	}
	aks.ApplyDefaults(&c)
	req, ds := ipplan.FromCluster(c)
	want := ipplan.Request{
		Choice: netmodel.Choice{Model: netmodel.AzureOverlay, Dataplane: netmodel.DataplaneAzure, Policy: netmodel.PolicyNone},
		Pools: []ipplan.Pool{
			{Name: "sys", Nodes: 3, MaxNodes: 5, MaxSurge: &ipplan.Surge{N: 33, Percent: true}, OS: "linux"},
			{Name: "user", Nodes: 10, MaxPods: 50, OS: "windows"},
		},
		PrivateCluster: true,
		NodeSubnet:     subnet,
		PodCIDR:        netip.MustParsePrefix("100.64.0.0/16"),
		DNSServiceIP:   netip.MustParseAddr("10.0.0.10"),
	}
	if diff := cmp.Diff(want, req, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }), cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
		t.Errorf("request (-want +got):\n%s", diff)
	}
	var got []string
	for _, d := range ds {
		if d.Severity != "info" || d.Code != ipplan.CodeUnknownValue {
			t.Errorf("diagnostic %v: want info %s", d, ipplan.CodeUnknownValue)
		}
		got = append(got, d.Location())
	}
	if diff := cmp.Diff([]string{"main.tf:4:3", "main.tf:24:3", "main.tf:31:3"}, got); diff != "" {
		t.Errorf("diagnostic locations (-want +got):\n%s", diff)
	}
	p := ipplan.Compute(req)
	if p.NodeSubnet.RequiredIPs != 5+2+10+1+1 { // sys 5 + 33% → 2; user 10 + 10% → 1; private endpoint 1
		t.Errorf("requiredIPs = %d", p.NodeSubnet.RequiredIPs)
	}
}

// TestFromClusterCorpus plans a real Terraform example in place: four pools
// in four subnets, so the node subnet is left out with an info diagnostic.
func TestFromClusterCorpus(t *testing.T) {
	dir := corpustest.Dir(t, "terraform", "Azure-terraform-azurerm-aks", "examples", "multiple_node_pools")
	files := map[string][]byte{}
	tfs, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil || len(tfs) == 0 {
		t.Fatalf("no .tf files in %s: %v", dir, err)
	}
	for _, f := range tfs {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(f)] = b
	}
	doc := terraform.ParseDir(dir, files, nil)
	if len(doc.Clusters) != 1 {
		t.Fatalf("clusters = %d, want 1", len(doc.Clusters))
	}
	req, ds := ipplan.FromCluster(doc.Clusters[0])
	if req.Choice.Model != netmodel.Kubenet || len(req.Pools) != 4 || req.NodeSubnet.IsValid() {
		t.Errorf("request = %+v", req)
	}
	if !slices.ContainsFunc(ds, func(d diag.Diagnostic) bool { return strings.Contains(d.Message, "4 node subnets") }) {
		t.Error("want an info diagnostic about several node subnets")
	}
	p := ipplan.Compute(req)
	if p.Nodes.Max != 5 || p.Nodes.Peak != 9 || p.PodCIDR == nil || *p.PodCIDR.NodesSupported != 256 {
		t.Errorf("plan nodes %+v pod CIDR %+v", p.Nodes, p.PodCIDR)
	}
	if p.Diagnostics.HasErrors() {
		t.Errorf("unexpected errors: %v", p.Diagnostics)
	}
}

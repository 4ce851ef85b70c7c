package audit

import (
	"net/netip"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/source"
)

// TestDefaulted keeps defaulted in step with aks.ApplyDefaults: a cluster it
// calls defaulted is one ApplyDefaults leaves unchanged, and every cluster is
// defaulted once ApplyDefaults ran.
func TestDefaulted(t *testing.T) {
	var clusters []aks.Cluster
	clusters = append(clusters,
		cluster("raw-azure", "a.json", nil, "azure", ""),
		cluster("raw-kubenet", "a.json", nil, "kubenet", netmodel.PolicyCalico),
		aks.Cluster{Name: aks.SetAt("empty", aks.Origin{})},
		aks.Cluster{Name: aks.SetAt("v129", aks.Origin{}), KubernetesVersion: aks.SetAt("1.29.2", aks.Origin{}),
			Pools: []aks.NodePool{{PodSubnetID: aks.SetAt("x", aks.Origin{})}}},
	)
	paths, _ := filepath.Glob(filepath.Join("rules", "testdata", "AKSNET-*", "*"))
	docs, err := source.ReadPaths(paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		clusters = append(clusters, d.Clusters...)
	}
	if len(clusters) < 40 {
		t.Fatalf("only %d clusters", len(clusters))
	}
	for _, c := range clusters {
		applied := c
		applied.Pools = slices.Clone(c.Pools)
		aks.ApplyDefaults(&applied)
		if !defaulted(&applied) {
			t.Errorf("%s: not defaulted after ApplyDefaults", ClusterName(&c))
		}
		if defaulted(&c) {
			if diff := cmp.Diff(c, applied, cmpopts.EquateComparable(netip.Prefix{}, netip.Addr{})); diff != "" {
				t.Errorf("%s: called defaulted, but ApplyDefaults changes it (-before +after):\n%s", ClusterName(&c), diff)
			}
		}
	}
}

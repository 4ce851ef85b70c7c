package ipplan_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/source"
)

// TestCorpusFromCluster plans every cluster of the real-world corpus, read in
// place: FromCluster never guesses (what it can't resolve comes back as a
// located info diagnostic) and every plan is complete.
func TestCorpusFromCluster(t *testing.T) {
	shared := corpustest.Dir(t)
	planned := 0
	for _, sub := range []string{"azure", "terraform"} {
		dir := filepath.Join(shared, sub)
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		docs, err := source.ReadPaths([]string{dir}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			for _, c := range d.Clusters {
				aks.ApplyDefaults(&c)
				req, ds := ipplan.FromCluster(c)
				for _, g := range ds {
					if g.Code == "" || g.Message == "" {
						t.Errorf("%s: incomplete diagnostic %+v", d.File, g)
					}
					if g.Code == ipplan.CodeUnknownValue && g.File == "" && g.Path == "" {
						t.Errorf("%s: unknown value without a location: %v", d.File, g)
					}
				}
				plans := ipplan.ComputeAll(req)
				if req.Choice.Model != "" {
					plans = append(plans, ipplan.Compute(req))
					if got := plans[len(plans)-1].Model; got != req.Choice.Model {
						t.Errorf("%s: planned %s, want %s", d.File, got, req.Choice.Model)
					}
				}
				for _, p := range plans {
					if p.Diagnostics == nil || p.Defaults == nil || p.NodeSubnet.MinPrefixLength <= 0 && len(req.Pools) > 0 && !p.Diagnostics.HasErrors() {
						t.Errorf("%s: incomplete plan for %s: %+v", d.File, p.Model, p.NodeSubnet)
					}
				}
				planned++
			}
		}
	}
	if planned == 0 {
		t.Fatal("no cluster in the corpus was planned")
	}
	t.Logf("planned %d corpus clusters", planned)
}

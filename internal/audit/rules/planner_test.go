package rules

import (
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/source"
	"github.com/aksnet/aksnet/internal/source/armjson"
	"github.com/aksnet/aksnet/internal/source/terraform"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// alwaysPlan is PlannerCapacity without its shortcut and with the full
// planner (FromCluster, Compute, notes and all): the planner runs for every
// cluster with a model and pools.
func alwaysPlan(c aks.Cluster) audit.Capacity {
	req, _ := ipplan.FromCluster(c)
	if req.Choice.Model == "" || len(req.Pools) == 0 {
		return audit.Capacity{}
	}
	return capacityOf(ipplan.Compute(req))
}

// TestPlannerCapacityShortcut checks that skipping the planner for clusters
// with no range to check changes no report: over the rule fixtures, the
// corpus and the benchmark fleets, auditing with PlannerCapacity and with
// the full planner (FromCluster, Compute) run for every cluster gives the
// same JSON, and wherever the shortcut is taken the full plan has no fit to
// report; wherever it is not, the quiet planner's capacity equals the full
// planner's.
func TestPlannerCapacityShortcut(t *testing.T) {
	inputs := map[string][]aks.Document{
		"fleet":   fleet(800),
		"az list": {armjson.Parse("fleet.json", azList(800))},
	}
	jsons, _ := filepath.Glob(filepath.Join("testdata", "AKSNET-*", "*.json"))
	for _, f := range jsons {
		docs, err := source.ReadPaths([]string{f}, nil)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = docs
	}
	tfs, _ := filepath.Glob(filepath.Join("testdata", "AKSNET-*", "*.tf"))
	for _, f := range tfs {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = []aks.Document{terraform.ParseDir(filepath.Dir(f), map[string][]byte{filepath.Base(f): data}, nil)}
	}
	for _, rel := range []string{"azure", "terraform"} {
		dir := corpustest.Dir(t, rel)
		docs, err := source.ReadPaths([]string{dir}, nil)
		if err != nil {
			t.Fatal(err)
		}
		inputs["corpus/"+rel] = docs
	}
	skipped, planned := 0, 0
	for name, docs := range inputs {
		t.Run(name, func(t *testing.T) {
			for _, d := range docs {
				for _, c := range d.Clusters {
					c.Pools = slices.Clone(c.Pools) // ApplyDefaults writes into pools
					aks.ApplyDefaults(&c)
					got, full := PlannerCapacity(c), alwaysPlan(c)
					if diff := cmp.Diff(full, got, cmpopts.EquateComparable(netip.Prefix{})); diff == "" {
						planned++
						continue
					}
					skipped++
					if got != (audit.Capacity{}) {
						t.Errorf("%s: shortcut gave a partial capacity %+v", audit.ClusterName(&c), got)
					}
					if n := full.NodeSubnet; n != nil && n.Fits != nil {
						t.Errorf("%s: shortcut taken but the node subnet %s was checked", audit.ClusterName(&c), n.Given)
					}
					if n := full.PodSubnet; n != nil && n.Fits != nil {
						t.Errorf("%s: shortcut taken but the pod subnet %s was checked", audit.ClusterName(&c), n.Given)
					}
					if n := full.PodCIDR; n != nil && (n.Fits != nil || n.NodesSupported != nil) {
						t.Errorf("%s: shortcut taken but the pod CIDR %s was checked", audit.ClusterName(&c), n.Given)
					}
				}
			}
			opts := audit.Options{Now: now, Capacity: alwaysPlan}
			want, _ := json.Marshal(audit.Run(All(), docs, opts))
			opts.Capacity = PlannerCapacity
			got, _ := json.Marshal(audit.Run(All(), docs, opts))
			if string(want) != string(got) {
				t.Errorf("report differs with the shortcut:\n%s", cmp.Diff(string(want), string(got)))
			}
		})
	}
	if skipped == 0 || planned == 0 {
		t.Errorf("inputs exercise one side only: %d clusters took the shortcut, %d did not", skipped, planned)
	}
	t.Logf("%d clusters took the shortcut, %d got the same capacity either way", skipped, planned)
}

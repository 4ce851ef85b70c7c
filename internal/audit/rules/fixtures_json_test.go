package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/source"
)

// TestJSONFixtures runs every rule's pass.json and fail.json (az aks show or
// az aks list output) through the readers together with the VNet inventory
// beside them (vnets.json, or pass.vnets.json / fail.vnets.json): a pass
// fixture must not fire its rule, a fail fixture must.
func TestJSONFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "AKSNET-*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, f := range files {
		kind := strings.TrimSuffix(filepath.Base(f), ".json")
		if kind != "pass" && kind != "fail" {
			continue
		}
		id := filepath.Base(filepath.Dir(f))
		ids[id] = true
		t.Run(id+"/"+filepath.Base(f), func(t *testing.T) {
			paths := []string{f}
			vnets := filepath.Join(filepath.Dir(f), kind+".vnets.json")
			if _, err := os.Stat(vnets); err != nil {
				vnets = filepath.Join(filepath.Dir(f), "vnets.json")
			}
			if _, err := os.Stat(vnets); err == nil {
				paths = append(paths, vnets)
			}
			docs, err := source.ReadPaths(paths, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(docs[0].Clusters) == 0 {
				t.Fatalf("no cluster read: %v", docs[0].Diagnostics)
			}
			rep := audit.Run(All(), docs, audit.Options{Now: now, Capacity: PlannerCapacity})
			var fired []audit.Finding
			for _, fd := range rep.Findings {
				if fd.RuleID == id {
					fired = append(fired, fd)
				}
			}
			switch {
			case kind == "pass" && len(fired) > 0:
				t.Errorf("%s fired on the pass fixture: %s: %s", id, fired[0].Location(), fired[0].Message)
			case kind == "fail" && len(fired) == 0:
				for _, fd := range rep.Findings {
					t.Logf("%s %s: %s", fd.RuleID, fd.Location(), fd.Message)
				}
				t.Errorf("%s did not fire on the fail fixture", id)
			}
			for _, fd := range fired {
				if fd.File == "" || fd.Line == 0 {
					t.Errorf("%s: finding without a line: %+v", id, fd)
				}
			}
		})
	}
	for _, r := range All() {
		if !ids[r.ID] {
			t.Errorf("%s has no JSON fixtures", r.ID)
		}
	}
}

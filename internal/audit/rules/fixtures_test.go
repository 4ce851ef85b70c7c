package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/source/terraform"
)

var wantRE = regexp.MustCompile(`#\s*want:\s*(AKSNET-\d{3})`)

// TestTerraformFixtures runs every rule's pass.tf and fail.tf through the
// Terraform reader and the whole catalog: a pass fixture must not fire its
// rule; in a fail fixture the rule must fire at exactly the lines marked
// "# want: AKSNET-NNN".
func TestTerraformFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "AKSNET-*", "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	ids := map[string]bool{}
	for _, f := range files {
		id := filepath.Base(filepath.Dir(f))
		ids[id] = true
		t.Run(id+"/"+filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc := terraform.ParseDir(filepath.Dir(f), map[string][]byte{filepath.Base(f): data}, nil)
			if len(doc.Clusters) == 0 {
				t.Fatalf("no cluster read: %v", doc.Diagnostics)
			}
			rep := audit.Run(All(), []aks.Document{doc}, audit.Options{Now: now, Capacity: PlannerCapacity})
			var want, got []int
			for i, l := range strings.Split(string(data), "\n") {
				if m := wantRE.FindStringSubmatch(l); m != nil && m[1] == id {
					want = append(want, i+1)
				}
			}
			for _, fd := range rep.Findings {
				if fd.RuleID == id {
					got = append(got, fd.Line)
					if !strings.HasSuffix(fd.File, filepath.Base(f)) {
						t.Errorf("finding in %s, want %s", fd.File, f)
					}
				}
			}
			slices.Sort(got)
			switch {
			case strings.HasPrefix(filepath.Base(f), "pass"):
				if len(want) > 0 {
					t.Fatalf("pass fixture carries want markers")
				}
				if len(got) > 0 {
					t.Errorf("%s fired on the pass fixture at lines %v", id, got)
				}
			default:
				if len(want) == 0 {
					t.Fatalf("fail fixture has no want markers")
				}
				if !slices.Equal(want, got) {
					for _, fd := range rep.Findings {
						t.Logf("%s %s: %s", fd.RuleID, fd.Location(), fd.Message)
					}
					t.Errorf("%s fired at lines %v, want %v", id, got, want)
				}
			}
		})
	}
	for _, r := range All() {
		if !ids[r.ID] {
			t.Errorf("%s has no Terraform fixtures", r.ID)
		}
	}
}

package migrate

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aksnet/aksnet/internal/source/armjson"
)

// FuzzPlanCluster plans any cluster the ARM JSON reader makes of the input,
// for every target: planning never panics, and every plan has a path and
// keeps its invariants.
func FuzzPlanCluster(f *testing.F) {
	for _, n := range []string{"kubenet-fail.json", "kubenet-unknown.json", "nodesubnet-windows.json", "podsubnet-static.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "fixtures", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := armjson.Parse("fuzz.json", data)
		for _, c := range doc.Clusters {
			for _, tg := range Targets() {
				p := PlanCluster(c, doc.VNets, Options{Target: tg})
				if p.Path == "" {
					t.Fatal("no path")
				}
				blocked := false
				for _, ch := range p.Checks {
					if ch.Status != Pass && ch.Status != Fail && ch.Status != Unknown {
						t.Fatalf("check %s has status %q", ch.Code, ch.Status)
					}
					blocked = blocked || ch.Blocking()
				}
				if blocked != p.Blocked {
					t.Fatalf("Blocked = %v, checks say %v", p.Blocked, blocked)
				}
				if (p.Path == InPlace || p.Path == Staged) && len(p.Commands) == 0 {
					t.Fatalf("%s path without commands", p.Path)
				}
			}
		}
	})
}

package azpolicy_test

import (
	"path/filepath"
	"testing"

	"github.com/aksnet/aksnet/internal/azpolicy"
	"github.com/aksnet/aksnet/internal/source"
)

// TestPoliciesMatchTerraformFixtures repeats the fixture check on the
// rules' Terraform fixtures (pass.tf, fail.tf): the same cluster written in
// HCL must give the same verdicts.
func TestPoliciesMatchTerraformFixtures(t *testing.T) {
	defs := generated(t, azpolicy.Options{})
	for id, d := range defs {
		for _, kind := range []string{"pass", "fail"} {
			t.Run(id+"/"+kind+".tf", func(t *testing.T) {
				dir := filepath.Join(ruleFixtures, id)
				docs, err := source.ReadPaths([]string{filepath.Join(dir, kind+".tf"), filepath.Join(dir, "vnets.json")}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if len(docs) == 0 || len(docs[0].Clusters) != 1 {
					t.Fatalf("want one cluster: %v", docs[0].Diagnostics)
				}
				want := kind == "fail"
				if got := ruleFires(docs, id); got != want {
					t.Fatalf("rule %s fires = %v on %s.tf", id, got, kind)
				}
				var params map[string]any
				if id == "AKSNET-014" {
					params = map[string]any{"forbiddenCidrs": vnetRanges(docs)}
				}
				if got := flags(t, d, &docs[0].Clusters[0], azpolicy.Stored, params); got != want {
					t.Errorf("policy %s flags = %v on %s.tf, want %v", d.Name, got, kind, want)
				}
			})
		}
	}
}

package terraform

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParsePlanGolden(t *testing.T) {
	for _, name := range []string{"overlay-cilium.json", "module-kubenet.json", "azapi.json"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "plan", name))
			if err != nil {
				t.Fatal(err)
			}
			doc := ParsePlan(name, data)
			got := summarize(doc)
			for _, d := range doc.Diagnostics {
				got += "  at " + d.Path + "\n"
			}
			checkGolden(t, filepath.Join("testdata", "plan", name+".golden"), got)
		})
	}
}

func TestParsePlanRejects(t *testing.T) {
	for name, in := range map[string]string{
		"empty":       ``,
		"not json":    `terraform`,
		"array":       `[1,2]`,
		"no format":   `{"planned_values": {}}`,
		"wrong types": `{"format_version": "1.2", "planned_values": {"root_module": {"resources": 3}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			doc := ParsePlan("plan.json", []byte(in))
			if len(doc.Clusters) != 0 {
				t.Errorf("clusters from bad input: %v", doc.Clusters)
			}
			if len(doc.Diagnostics) == 0 || doc.Diagnostics[0].Code != CodePlanSyntax {
				t.Errorf("want a %s diagnostic, got %v", CodePlanSyntax, doc.Diagnostics)
			}
		})
	}
}

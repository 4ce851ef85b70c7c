package corpustest

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// legendRow matches a row of the facts sheet's source legend: "| KUB | ...".
var legendRow = regexp.MustCompile(`(?m)^\| ([A-Z0-9-]+) \|`)

// FactsLegend returns the source codes of the legend of shared/aks-facts.md,
// so tests can check that every source a finding cites exists. It skips or
// fails like Dir when the shared folder is missing.
func FactsLegend(t testing.TB) map[string]bool {
	t.Helper()
	shared := SharedDir()
	if shared == "" {
		Dir(t) // skips, or fails under CI
	}
	facts, err := os.ReadFile(filepath.Join(shared, "aks-facts.md"))
	if err != nil {
		t.Fatal(err)
	}
	legend := map[string]bool{}
	for _, m := range legendRow.FindAllSubmatch(facts, -1) {
		legend[string(m[1])] = true
	}
	if !legend["KUB"] || len(legend) < 40 {
		t.Fatalf("the facts sheet's legend parsed to %d codes", len(legend))
	}
	return legend
}

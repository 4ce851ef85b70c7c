package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/corpustest"
)

// factsLegend returns the source codes of the facts sheet's legend.
func factsLegend(t *testing.T) map[string]bool {
	t.Helper()
	shared := corpustest.SharedDir()
	if shared == "" {
		corpustest.Dir(t) // skips or fails as corpustest decides
	}
	facts, err := os.ReadFile(filepath.Join(shared, "aks-facts.md"))
	if err != nil {
		t.Fatal(err)
	}
	legend := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| ([A-Z0-9-]+) \\|").FindAllSubmatch(facts, -1) {
		legend[string(m[1])] = true
	}
	if len(legend) < 40 {
		t.Fatalf("legend parse found %d codes", len(legend))
	}
	return legend
}

// TestSourcesInFactsSheet checks that every source the recommend matrix and
// the carve goldens cite — reasons, exclusions, diagnostics — is a code of the
// facts sheet's legend.
func TestSourcesInFactsSheet(t *testing.T) {
	legend := factsLegend(t)
	check := func(where, src string) {
		for _, s := range strings.Split(src, ";") {
			if s = strings.TrimSpace(s); s != "" && !legend[s] {
				t.Errorf("%s: source %q is not in the facts sheet legend", where, s)
			}
		}
	}
	for _, tt := range recommendMatrix {
		out, _, _ := run(t, "", append([]string{"recommend", "-o", "json"}, tt.args...)...)
		var doc struct {
			Ranking []struct {
				Model   string `json:"model"`
				Reasons []struct {
					Source string `json:"source"`
				} `json:"reasons"`
			} `json:"ranking"`
			Excluded []struct {
				Model  string `json:"model"`
				Source string `json:"source"`
			} `json:"excluded"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		for _, r := range doc.Ranking {
			for _, re := range r.Reasons {
				check(tt.name+" "+r.Model, re.Source)
			}
		}
		for _, e := range doc.Excluded {
			check(tt.name+" "+e.Model, e.Source)
		}
	}
	files, _ := filepath.Glob("testdata/carve/*.json")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Diagnostics []struct {
				Source string `json:"source"`
			} `json:"diagnostics"`
		}
		if json.Unmarshal(data, &doc) != nil {
			continue // an inventory, not a carve document
		}
		for _, d := range doc.Diagnostics {
			check(f, d.Source)
		}
	}
}

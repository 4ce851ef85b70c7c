package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/corpustest"
)

// TestSourcesInFactsSheet checks that every source the recommend matrix and
// the carve goldens cite — reasons, exclusions, diagnostics — is a code of the
// facts sheet's legend.
func TestSourcesInFactsSheet(t *testing.T) {
	legend := corpustest.FactsLegend(t)
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

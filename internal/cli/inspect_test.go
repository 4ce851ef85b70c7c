package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/corpustest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), Streams{In: strings.NewReader(stdin), Out: &out, Err: &errb}, args)
	if err != nil {
		errb.WriteString(err.Error())
	}
	return out.String(), errb.String(), exitCode(err)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s (-want +got):\n%s", name, d)
	}
}

func TestInspect(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{"table", []string{"inspect", "testdata/inspect"}, "inspect.txt"},
		{"json", []string{"inspect", "-o", "json", "testdata/inspect"}, "inspect.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, "", tt.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tt.golden, out)
		})
	}
}

func TestInspectStdinAndErrors(t *testing.T) {
	data, err := os.ReadFile("testdata/inspect/fleet.json")
	if err != nil {
		t.Fatal(err)
	}
	out, _, code := run(t, string(data), "inspect", "-")
	if code != ExitOK || !strings.Contains(out, "cluster prod-weu  (<stdin>") {
		t.Errorf("stdin: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{
		{"inspect", "testdata/missing.json"},
		{"inspect"},
		{"inspect", "-o", "yaml", "testdata/inspect"},
	} {
		if _, _, code := run(t, "", args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}

// TestInspectCorpus reads the Azure corpus through the CLI: exit 0 and a
// JSON document that honours the contract.
func TestInspectCorpus(t *testing.T) {
	dir := corpustest.Dir(t, "azure")
	out, errOut, code := run(t, "", "inspect", "-o", "json", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var v struct {
		SchemaVersion int `json:"schemaVersion"`
		Clusters      []struct {
			Name  struct{ Value string } `json:"name"`
			Model struct{ State string } `json:"model"`
			Pools []map[string]any       `json:"pools"`
		} `json:"clusters"`
		Diagnostics []struct {
			Code string `json:"code"`
			File string `json:"file"`
			Line int    `json:"line"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if v.SchemaVersion != 1 || len(v.Clusters) < 50 {
		t.Errorf("schemaVersion %d, %d clusters", v.SchemaVersion, len(v.Clusters))
	}
	for _, c := range v.Clusters {
		if c.Model.State == "absent" {
			t.Errorf("cluster %s: model absent", c.Name.Value)
		}
		for _, p := range c.Pools {
			for _, k := range []string{"name", "count", "maxCount", "maxPods", "os", "subnet"} {
				if _, ok := p[k]; !ok {
					t.Errorf("cluster %s: pool lacks %q", c.Name.Value, k)
				}
			}
		}
	}
	for _, d := range v.Diagnostics {
		if d.File == "" || d.Line == 0 {
			t.Errorf("diagnostic %s without location", d.Code)
		}
	}
}

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/corpustest"
)

// migrateFixtures are the migrate package's JSON fixtures with their VNet
// inventory: one cluster per path and pre-check outcome.
func migrateFixtures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "migrate", "testdata", "fixtures", "*.json"))
	if err != nil || len(files) < 5 {
		t.Fatalf("fixtures: %v (%d files)", err, len(files))
	}
	return files
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	name = filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("reading golden (run go test -update): %v", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s (-want +got):\n%s", name, d)
	}
}

// TestMigrateRunbooks renders the fixture fleet in every format for every
// target and compares with golden files.
func TestMigrateRunbooks(t *testing.T) {
	files := migrateFixtures(t)
	for _, to := range []string{"azure-overlay", "cilium", "azure-pod-subnet"} {
		for _, f := range []string{"table", "json", "markdown"} {
			t.Run(to+"/"+f, func(t *testing.T) {
				args := append([]string{"migrate", "--to", to, "-o", f, "--avoid", "192.168.0.0/16"}, files...)
				out, errs, code := runCLI(t, args...)
				if code != ExitOK {
					t.Fatalf("exit %d: %s", code, errs)
				}
				if f == "json" {
					var v map[string]any
					if err := json.Unmarshal([]byte(out), &v); err != nil {
						t.Fatalf("not JSON: %v", err)
					}
					if v["schemaVersion"] != float64(1) {
						t.Errorf("schemaVersion %v", v["schemaVersion"])
					}
				}
				ext := map[string]string{"table": "txt", "json": "json", "markdown": "md"}[f]
				checkGolden(t, "migrate-"+to+"."+ext, out)
			})
		}
	}
}

// TestMigrateCorpus plans the shared corpus in place (Azure resource JSON
// and templates, Terraform) and compares with golden files (corpus paths
// shortened to corpus/...).
func TestMigrateCorpus(t *testing.T) {
	for _, sub := range []string{"azure", "terraform"} {
		t.Run(sub, func(t *testing.T) {
			dir := corpustest.Dir(t, sub)
			out, errs, code := runCLI(t, "migrate", dir, "--to", "azure-overlay")
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			out = strings.ReplaceAll(out, filepath.Dir(dir)+"/", "corpus/")
			checkGolden(t, "migrate-corpus-"+sub+".txt", out)
		})
	}
}

func TestMigrateExitCodes(t *testing.T) {
	files := migrateFixtures(t)
	pass := filepath.Join("..", "migrate", "testdata", "fixtures", "kubenet-pass.json")
	fail := filepath.Join("..", "migrate", "testdata", "fixtures", "kubenet-fail.json")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"blocked plans are still plans", append([]string{"migrate", "--to", "cilium"}, files...), ExitOK},
		{"--fail-on-blocked with a blocked plan", []string{"migrate", "--to", "azure-overlay", "--fail-on-blocked", fail}, ExitFindings},
		{"--fail-on-blocked without one", []string{"migrate", "--to", "azure-overlay", "--fail-on-blocked", pass}, ExitOK},
		{"--to is required", []string{"migrate", pass}, ExitUsage},
		{"unknown target", []string{"migrate", "--to", "kubenet", pass}, ExitUsage},
		{"bad --avoid", []string{"migrate", "--to", "cilium", "--avoid", "10.0.0.0/33", pass}, ExitUsage},
		{"bad --prod-tag", []string{"migrate", "--to", "cilium", "--prod-tag", "env", pass}, ExitUsage},
		{"bad output", []string{"migrate", "--to", "cilium", "-o", "sarif", pass}, ExitUsage},
		{"missing input", []string{"migrate", "--to", "cilium", "does-not-exist.json"}, ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runCLI(t, tt.args...)
			if code != tt.want {
				t.Errorf("exit %d, want %d: %s", code, tt.want, errs)
			}
		})
	}
}

// TestREADMEMigrateOutput keeps the README's migrate example equal to real
// output (run from the repository root); -update rewrites it.
func TestREADMEMigrateOutput(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, blk := range strings.Split(string(b), "```console\n")[1:] {
		blk, _, _ = strings.Cut(blk, "```")
		cmdLine, want, _ := strings.Cut(blk, "\n")
		if !strings.HasPrefix(cmdLine, "$ aksnet migrate ") {
			continue
		}
		n++
		var args []string
		for _, a := range strings.Fields(strings.TrimPrefix(cmdLine, "$ aksnet ")) {
			if strings.HasPrefix(a, "internal/") {
				a = "../../" + a
			}
			args = append(args, a)
		}
		got, errs, code := runCLI(t, args...)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		got = strings.ReplaceAll(got, "../../", "")
		if *update {
			readme := strings.Replace(string(b), cmdLine+"\n"+want, cmdLine+"\n"+got, 1)
			if err := os.WriteFile("../../README.md", []byte(readme), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if d := cmp.Diff(strings.TrimRight(want, "\n"), strings.TrimRight(got, "\n")); d != "" {
			t.Errorf("README output of %q is stale (-README +real):\n%s", cmdLine, d)
		}
	}
	if n == 0 {
		t.Error("no migrate example in the README")
	}
}

// TestMigrateInventoryAndStdin checks that --vnets links the VNet to the
// cluster's pools (the pod CIDR overlap is found, not left unknown) and that
// a cluster can come on standard input.
func TestMigrateInventoryAndStdin(t *testing.T) {
	fx := filepath.Join("..", "migrate", "testdata", "fixtures")
	line := func(out, code string) string {
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, " "+code+" ") && strings.Contains(l, "pod CIDR") {
				return strings.Join(strings.Fields(l), " ")
			}
		}
		return ""
	}
	out, errs, code := runCLI(t, "migrate", "--to", "azure-overlay", filepath.Join(fx, "kubenet-fail.json"))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if got := line(out, "MIG006"); !strings.HasPrefix(got, "UNKNOWN MIG006") || !strings.Contains(got, "not in the inputs") {
		t.Errorf("without inventory: %q", got)
	}
	out, _, _ = runCLI(t, "migrate", "--to", "azure-overlay", filepath.Join(fx, "kubenet-fail.json"), "--vnets", filepath.Join(fx, "vnets.json"))
	if got := line(out, "MIG006"); !strings.HasPrefix(got, "FAIL (fixed by 2) MIG006") || !strings.Contains(got, "VNet vnet-aks address space 10.1.0.0/16") {
		t.Errorf("with --vnets: %q", got)
	}

	data, err := os.ReadFile(filepath.Join(fx, "kubenet-pass.json"))
	if err != nil {
		t.Fatal(err)
	}
	var o bytes.Buffer
	err = RunWith(context.Background(), Streams{In: bytes.NewReader(data), Out: &o, Err: &o}, []string{"migrate", "-", "--to", "cilium", "-o", "json"}, Options{Now: auditNow})
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Plans []struct {
			Cluster string `json:"cluster"`
			Path    string `json:"path"`
		} `json:"plans"`
	}
	if err := json.Unmarshal(o.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(`[{aks-kubenet-pass staged}]`, fmt.Sprint(f.Plans)); d != "" {
		t.Errorf("stdin (-want +got):\n%s", d)
	}
}

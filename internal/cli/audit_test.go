package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/corpustest"
)

var auditNow = func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC) }

// kubenetCluster is az aks show output for a private kubenet cluster with
// egress through a firewall and Calico.
const kubenetCluster = `{
  "id": "/subscriptions/0000/resourceGroups/rg-legacy/providers/Microsoft.ContainerService/managedClusters/legacy",
  "name": "legacy",
  "type": "Microsoft.ContainerService/ManagedClusters",
  "location": "westeurope",
  "tags": {"env": "prod"},
  "properties": {
    "kubernetesVersion": "1.29.4",
    "networkProfile": {
      "networkPlugin": "kubenet",
      "networkPolicy": "calico",
      "podCidr": "10.244.0.0/16",
      "serviceCidr": "10.0.0.0/16",
      "dnsServiceIP": "10.0.0.10",
      "outboundType": "userDefinedRouting"
    },
    "apiServerAccessProfile": {"enablePrivateCluster": true},
    "agentPoolProfiles": [
      {"name": "system", "mode": "System", "count": 3, "maxPods": 110, "vmSize": "Standard_D4s_v5", "osType": "Linux"}
    ]
  }
}
`

func writeInput(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := RunWith(context.Background(), Streams{In: strings.NewReader(""), Out: &out, Err: &errb}, args, Options{Now: auditNow})
	if err != nil && exitCode(err) != ExitFindings {
		errb.WriteString(err.Error())
	}
	return out.String(), errb.String(), exitCode(err)
}

func TestAuditExitCodes(t *testing.T) {
	in := writeInput(t, "legacy.json", kubenetCluster)
	sup := writeInput(t, "sup.yaml", "suppressions:\n- rule: AKSNET-001\n  cluster: legacy\n  reason: migration planned, NET-7\n")
	badSup := writeInput(t, "bad.yaml", "suppressions:\n- rule: AKSNET-001\n")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no threshold", []string{"audit", in}, ExitOK, "AKSNET-001"},
		{"medium reached", []string{"audit", in, "--fail-on", "medium"}, ExitFindings, "495 days left"},
		{"high not reached", []string{"audit", in, "--fail-on", "high"}, ExitOK, ""},
		{"suppressed", []string{"audit", in, "--fail-on", "medium", "--suppressions", sup}, ExitOK, "migration planned, NET-7"},
		{"bad fail-on", []string{"audit", in, "--fail-on", "severe"}, ExitUsage, "invalid --fail-on"},
		{"bad avoid", []string{"audit", in, "--avoid", "10.0.0.1/8"}, ExitUsage, "host bits"},
		{"bad suppressions", []string{"audit", in, "--suppressions", badSup}, ExitUsage, "AUDIT003"},
		{"bad prod tag", []string{"audit", in, "--prod-tag", "prod"}, ExitUsage, "key=value"},
		{"missing input", []string{"audit", filepath.Join(t.TempDir(), "none.json")}, ExitUsage, "reading"},
		{"bad output", []string{"audit", in, "-o", "xml"}, ExitUsage, "invalid --output"},
		{"no args", []string{"audit"}, ExitUsage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCLI(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errs)
			}
			if tt.want != "" && !strings.Contains(out+errs, tt.want) {
				t.Errorf("output lacks %q:\n%s%s", tt.want, out, errs)
			}
		})
	}
}

func TestAuditFormats(t *testing.T) {
	in := writeInput(t, "legacy.json", kubenetCluster)
	for _, f := range []string{"json", "sarif"} {
		out, errs, code := runCLI(t, "audit", in, "-o", f)
		if code != ExitOK {
			t.Fatalf("%s: exit %d: %s", f, code, errs)
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("%s: not JSON: %v", f, err)
		}
		if f == "json" && v["schemaVersion"] != float64(1) {
			t.Errorf("schemaVersion %v", v["schemaVersion"])
		}
		if f == "sarif" && v["version"] != "2.1.0" {
			t.Errorf("SARIF version %v", v["version"])
		}
	}
	out, _, _ := runCLI(t, "audit", in, "-o", "markdown")
	if !strings.HasPrefix(out, "## aksnet audit") {
		t.Errorf("markdown:\n%s", out)
	}
}

// TestAuditCorpus audits the shared corpus in place, Terraform and Azure
// resource JSON, and compares each report with a golden file (corpus paths
// shortened to corpus/...).
func TestAuditCorpus(t *testing.T) {
	for _, sub := range []string{"terraform", "azure"} {
		dir := corpustest.Dir(t, sub)
		for _, f := range []string{"table", "json"} {
			t.Run(sub+"/"+f, func(t *testing.T) {
				out, errs, code := runCLI(t, "audit", dir, "-o", f)
				if code != ExitOK {
					t.Fatalf("exit %d: %s", code, errs)
				}
				out = strings.ReplaceAll(out, filepath.Dir(dir)+"/", "corpus/")
				name := filepath.Join("testdata", "audit-corpus-"+sub+"."+map[string]string{"table": "txt", "json": "json"}[f])
				if *update {
					if err := os.WriteFile(name, []byte(out), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(name)
				if err != nil {
					t.Fatalf("reading golden (run go test -update): %v", err)
				}
				if diff := cmp.Diff(string(want), out); diff != "" {
					t.Errorf("%s (-want +got):\n%s", name, diff)
				}
			})
		}
	}
}

// TestAuditInventory checks that --vnets links subnets to the clusters' pools
// (the overlap is found and located in the inventory) and that --avoid is
// honoured.
func TestAuditInventory(t *testing.T) {
	fx := filepath.Join("..", "audit", "rules", "testdata", "AKSNET-016")
	out, errs, code := runCLI(t, "audit", filepath.Join(fx, "fail.json"), "--vnets", filepath.Join(fx, "vnets.json"), "-o", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Findings []struct{ RuleID, File string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range rep.Findings {
		if f.RuleID == "AKSNET-016" {
			n++
			if !strings.HasSuffix(f.File, "vnets.json") {
				t.Errorf("AKSNET-016 at %s, want the subnet in vnets.json", f.File)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d AKSNET-016 findings, want one per cluster", n)
	}
	out, _, _ = runCLI(t, "audit", filepath.Join(fx, "fail.json"), "--avoid", "10.0.0.0/8")
	if !strings.Contains(out, "service CIDR 10.0.0.0/16 overlaps avoided range 10.0.0.0/8") {
		t.Errorf("--avoid not honoured:\n%s", out)
	}
}

// TestAuditFingerprintsIgnoreLocation audits one tree copied to two places:
// the fingerprints (SARIF partialFingerprints) must not change.
func TestAuditFingerprintsIgnoreLocation(t *testing.T) {
	fx := filepath.Join("..", "audit", "rules", "testdata", "AKSNET-001")
	prints := func(dir string) []string {
		for _, name := range []string{"fail.json", "fail.tf"} {
			data, err := os.ReadFile(filepath.Join(fx, name))
			if err != nil {
				t.Fatal(err)
			}
			sub := filepath.Join(dir, strings.TrimPrefix(filepath.Ext(name), "."))
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(sub, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		out, errs, _ := runCLI(t, "audit", dir, "-o", "json")
		var rep struct {
			Findings []struct{ Fingerprint string }
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("%v\n%s", err, errs)
		}
		var fp []string
		for _, f := range rep.Findings {
			fp = append(fp, f.Fingerprint)
		}
		return fp
	}
	a := prints(filepath.Join(t.TempDir(), "one"))
	b := prints(filepath.Join(t.TempDir(), "two", "deeper"))
	if len(a) == 0 {
		t.Fatal("no findings")
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("fingerprints moved with the tree (-first +second):\n%s", diff)
	}
}

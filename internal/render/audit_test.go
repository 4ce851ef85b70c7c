package render_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/audit/rules"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/render"
)

var update = flag.Bool("update", false, "rewrite golden files")

func set[T any](v T, file string, line int) aks.Value[T] {
	return aks.SetAt(v, aks.Origin{File: file, Line: line})
}

// sampleReport audits a small fleet with a pinned clock and a stand-in planner.
func sampleReport(t *testing.T) audit.Report {
	t.Helper()
	kub := aks.Cluster{
		Name: set("legacy", "envs/prod/legacy.tf", 1), Address: "azurerm_kubernetes_cluster.legacy",
		Source: aks.Origin{File: "envs/prod/legacy.tf", Line: 1}, Tags: map[string]string{"env": "prod"},
		Network: aks.NetworkProfile{
			Plugin: set("kubenet", "envs/prod/legacy.tf", 12), Policy: set(netmodel.PolicyNone, "envs/prod/legacy.tf", 13),
			PodCIDR: set(netip.MustParsePrefix("10.244.0.0/22"), "envs/prod/legacy.tf", 14),
		},
		Pools: []aks.NodePool{{Name: set("system", "envs/prod/legacy.tf", 20), Source: aks.Origin{File: "envs/prod/legacy.tf", Line: 19},
			Count: set(3, "envs/prod/legacy.tf", 21), AutoScaling: set(true, "envs/prod/legacy.tf", 22),
			MinCount: set(3, "envs/prod/legacy.tf", 23), MaxCount: set(6, "envs/prod/legacy.tf", 24),
			NodePublicIP: set(true, "envs/prod/legacy.tf", 25)}},
	}
	ovl := aks.Cluster{
		Name:       set("payments", "clusters.json", 4),
		ResourceID: "/subscriptions/0000/resourceGroups/rg-pay/providers/Microsoft.ContainerService/managedClusters/payments",
		Source:     aks.Origin{File: "clusters.json", Line: 2}, Tags: map[string]string{"environment": "production"},
		Network: aks.NetworkProfile{
			Plugin: set("azure", "clusters.json", 10), PluginMode: set("overlay", "clusters.json", 11),
			Dataplane: set(netmodel.DataplaneCilium, "clusters.json", 12), Policy: set(netmodel.PolicyCilium, "clusters.json", 13),
			OutboundType: set("managedNATGateway", "clusters.json", 14),
		},
		APIServer: aks.APIServerAccess{Private: set(true, "clusters.json", 20)},
		Pools: []aks.NodePool{{Name: set("apps", "clusters.json", 30), Source: aks.Origin{File: "clusters.json", Line: 29},
			Count: set(5, "clusters.json", 31), MaxPods: set(50, "clusters.json", 32), Subnet: set(netip.MustParsePrefix("10.10.0.0/24"), "clusters.json", 33)}},
	}
	sups, diags := audit.ParseSuppressions("suppressions.yaml", []byte(`suppressions:
  - rule: AKSNET-018
    cluster: payments
    reason: egress filtered by the hub firewall, NET-42
    expires: "2027-06-30"
`))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	capFn := func(c aks.Cluster) audit.Capacity {
		if c.Name.V == "legacy" {
			return audit.Capacity{PodCIDR: &audit.PodCIDRNeed{RequiredBlocks: 7, MinPrefixLength: 21, Given: netip.MustParsePrefix("10.244.0.0/22"), NodesSupported: new(4), Fits: new(false)}}
		}
		return audit.Capacity{NodeSubnet: &audit.SubnetNeed{Required: 6, MinPrefixLength: 29, Given: netip.MustParsePrefix("10.10.0.0/24"), Usable: 251, Fits: new(true)}}
	}
	return audit.Run(rules.All(), []aks.Document{{File: "x", Clusters: []aks.Cluster{kub, ovl}}}, audit.Options{
		Now: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC), Capacity: capFn, Suppressions: sups,
	})
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden (run go test -update): %v", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

func TestAuditViews(t *testing.T) {
	rep := sampleReport(t)
	for _, tt := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"audit.txt", func(b *bytes.Buffer) error { return render.AuditTable(b, rep) }},
		{"audit.md", func(b *bytes.Buffer) error { return render.AuditMarkdown(b, rep) }},
		{"audit.json", func(b *bytes.Buffer) error { return render.AuditJSON(b, rep) }},
		{"audit.sarif", func(b *bytes.Buffer) error {
			return render.AuditSARIF(b, rep, render.SARIFOptions{Rules: rules.All(), Version: "1.2.3"})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, b.Bytes())
		})
	}
}

func sarifBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := render.AuditSARIF(&b, sampleReport(t), render.SARIFOptions{Rules: rules.All(), Version: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSARIFSchema validates the SARIF log against the SARIF 2.1.0 JSON schema
// (testdata/sarif-schema-2.1.0.json, see SARIF-SCHEMA-NOTE.md) and checks
// what GitHub code scanning reads.
func TestSARIFSchema(t *testing.T) {
	out := sarifBytes(t)
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate: %v", err)
	}
	// The schema allows a lot; GitHub needs these.
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID, Name, HelpURI string
						Help              struct{ Text, Markdown string }
						Properties        map[string]any
					}
				}
			}
			Results []struct {
				RuleID    string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(rules.All()) {
		t.Errorf("%d rules, want the catalog's %d", len(run.Tool.Driver.Rules), len(rules.All()))
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.Help.Text == "" || r.Help.Markdown == "" || r.HelpURI == "" || r.Properties["security-severity"] == nil {
			t.Errorf("rule %s lacks help, helpUri or security-severity", r.ID)
		}
	}
	if len(run.Results) == 0 {
		t.Fatal("no results")
	}
	for _, r := range run.Results {
		l := r.Locations[0].PhysicalLocation
		if l.ArtifactLocation.URI == "" || filepath.IsAbs(l.ArtifactLocation.URI) || l.Region.StartLine < 1 || len(r.PartialFingerprints) == 0 {
			t.Errorf("result %s: location %+v, fingerprints %v", r.RuleID, l, r.PartialFingerprints)
		}
	}
}

// multitoolVersion pins the SARIF Multitool. CI installs it with:
//
//	npm install --prefix "$TMPDIR/aksnet-sarif-multitool" @microsoft/sarif-multitool-linux@5.7.0
const multitoolVersion = "5.7.0"

// TestSARIFMultitool validates the SARIF log with Microsoft's SARIF
// Multitool, installed with npm into a reused temporary directory. It skips
// only when npm is missing or the registry is unreachable outside CI.
func TestSARIFMultitool(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the SARIF Multitool download")
	}
	dir := filepath.Join(os.TempDir(), "aksnet-sarif-multitool")
	tool := filepath.Join(dir, "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool")
	if _, err := os.Stat(tool); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			skipOrFail(t, "npm not found: can't install @microsoft/sarif-multitool-linux")
		}
		cmd := exec.Command(npm, "install", "--no-audit", "--no-fund", "--prefix", dir, "@microsoft/sarif-multitool-linux@"+multitoolVersion)
		if out, err := cmd.CombinedOutput(); err != nil {
			skipOrFail(t, "npm install @microsoft/sarif-multitool-linux failed (registry unreachable?): "+err.Error()+"\n"+string(out))
		}
		_ = os.Chmod(tool, 0o755) // its postinstall script may be blocked
	}
	sarif := filepath.Join(t.TempDir(), "aksnet.sarif")
	if err := os.WriteFile(sarif, sarifBytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	outFile := filepath.Join(t.TempDir(), "validation.sarif")
	cmd := exec.Command(tool, "validate", "--output", outFile, "--log", "ForceOverwrite", "--level", "Error;Warning;Note", sarif)
	cmd.Env = append(os.Environ(), "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("Sarif.Multitool validate: %v\n%s", err, out)
	}
	// The validation log lists errors as results with level "error".
	data, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	var vlog struct {
		Runs []struct {
			Results []struct {
				RuleID  string
				Level   string
				Message struct {
					Text      string
					Arguments []string
				}
			}
		}
	}
	if err := json.Unmarshal(data, &vlog); err != nil {
		t.Fatal(err)
	}
	for _, r := range vlog.Runs {
		for _, res := range r.Results {
			if res.Level == "error" || res.Level == "" {
				t.Errorf("multitool %s %s: %s %v", res.Level, res.RuleID, res.Message.Text, res.Message.Arguments)
			} else {
				t.Logf("multitool %s %s: %v", res.Level, res.RuleID, res.Message.Arguments)
			}
		}
	}
	if strings.Contains(string(out), "error") && t.Failed() {
		t.Logf("%s", out)
	}
}

func skipOrFail(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

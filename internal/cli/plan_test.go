package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPlanGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"readme", []string{"plan", "--model", "azure-node-subnet", "--nodes", "50", "--max-pods", "30", "--max-surge", "1"}, 0},
		{"readme-json", []string{"plan", "--model", "azure-node-subnet", "--nodes", "50", "--max-pods", "30", "--max-surge", "1", "-o", "json"}, 0},
		{"all-models", []string{"plan", "--nodes", "50", "--max-nodes", "60", "--node-subnet", "10.1.0.0/22", "--vnet", "10.1.0.0/16"}, 1},
		{"all-models-json", []string{"plan", "--nodes", "50", "--max-nodes", "60", "--node-subnet", "10.1.0.0/22", "--vnet", "10.1.0.0/16", "-o", "json"}, 1},
		{"pools-markdown", []string{"plan", "--pool", "name=sys,nodes=3,max=5", "--pool", "name=user,nodes=10,max=100,max-pods=50,surge=33%",
			"--vnet", "10.10.0.0/16", "--node-subnet", "10.10.0.0/22", "--pod-subnet", "10.10.128.0/17", "--avoid", "10.0.0.0/16",
			"--service-cidr", "10.100.0.0/16", "--dns-service-ip", "10.100.0.10", "--ilbs", "2", "--private-cluster", "-o", "markdown"}, 1},
		{"static-block", []string{"plan", "--model", "azure-pod-subnet", "--pod-ip-allocation", "static-block", "--nodes", "10", "--max-pods", "32", "--pod-subnet", "10.20.0.0/24"}, 1},
		{"kubenet-limits", []string{"plan", "--model", "kubenet", "--pool", "name=a,nodes=300,max=420,os=windows", "--pod-cidr", "172.16.0.0/12"}, 1},
		{"cilium", []string{"plan", "--model", "cilium", "--nodes", "5", "-o", "json"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.code, errOut)
			}
			golden(t, filepath.Join("plan", tt.name+".golden"), out)
		})
	}
}

// TestPlanJSONContract checks the field names later tooling relies on.
func TestPlanJSONContract(t *testing.T) {
	out, _, _ := run(t, "", "plan", "--nodes", "5", "--node-subnet", "10.1.0.0/24", "--pod-cidr", "10.244.0.0/16", "-o", "json")
	var doc struct {
		SchemaVersion *int `json:"schemaVersion"`
		Plans         []map[string]json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion == nil || *doc.SchemaVersion != 1 || len(doc.Plans) != 5 {
		t.Fatalf("schemaVersion %v, %d plans", doc.SchemaVersion, len(doc.Plans))
	}
	keys := func(raw json.RawMessage) []string {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil || m == nil {
			return nil
		}
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		return ks
	}
	for _, p := range doc.Plans {
		for _, k := range []string{"model", "nodeSubnet", "podSubnet", "podCIDR", "diagnostics"} {
			if _, ok := p[k]; !ok {
				t.Errorf("plan lacks %q", k)
			}
		}
		has := func(raw json.RawMessage, want ...string) {
			got := keys(raw)
			for _, w := range want {
				if !strings.Contains(","+strings.Join(got, ",")+",", ","+w+",") {
					t.Errorf("%s lacks %q (has %v)", raw, w, got)
				}
			}
		}
		has(p["nodeSubnet"], "requiredIPs", "minPrefixLength", "maxNodes")
		if string(p["podSubnet"]) != "null" {
			has(p["podSubnet"], "requiredIPs", "minPrefixLength", "maxNodes")
		}
		if string(p["podCIDR"]) != "null" {
			has(p["podCIDR"], "minPrefixLength", "nodesSupported")
		}
		var ds []map[string]json.RawMessage
		if err := json.Unmarshal(p["diagnostics"], &ds); err != nil || ds == nil {
			t.Errorf("diagnostics %s is not a list", p["diagnostics"])
		}
		for _, d := range ds {
			has(mustJSON(t, d), "code", "severity", "message")
		}
	}
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPlanUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no pools", []string{"plan"}, "give the node count with --nodes"},
		{"both", []string{"plan", "--nodes", "3", "--pool", "nodes=3"}, "either --pool or the single-pool flags"},
		{"bad pool", []string{"plan", "--pool", "nodes=3,colour=red"}, `--pool: invalid pool "nodes=3,colour=red": unknown key "colour"`},
		{"bad surge", []string{"plan", "--nodes", "3", "--max-surge", "200%"}, "invalid single-pool flags: invalid max surge"},
		{"max below nodes", []string{"plan", "--nodes", "3", "--max-nodes", "2"}, "max=2 is below nodes=3"},
		{"bad model", []string{"plan", "--model", "flannel", "--nodes", "3"}, `--model: unknown model "flannel"`},
		{"bad allocation", []string{"plan", "--model", "azure-pod-subnet", "--pod-ip-allocation", "random", "--nodes", "3"}, "--pod-ip-allocation: unknown pod IP allocation"},
		{"allocation on overlay", []string{"plan", "--model", "overlay", "--pod-ip-allocation", "static-block", "--nodes", "3"}, "applies only to --model azure-pod-subnet"},
		{"bad CIDR", []string{"plan", "--nodes", "3", "--node-subnet", "10.1.0.1/24"}, "--node-subnet: invalid CIDR \"10.1.0.1/24\": host bits are set; did you mean 10.1.0.0/24?"},
		{"bad vnet", []string{"plan", "--nodes", "3", "--vnet", "banana"}, "--vnet: invalid CIDR"},
		{"bad dns", []string{"plan", "--nodes", "3", "--dns-service-ip", "10.0.0"}, "--dns-service-ip: invalid IP address"},
		{"bad output", []string{"plan", "--nodes", "3", "-o", "yaml"}, `invalid --output "yaml"`},
		{"bad flag", []string{"plan", "--nodez", "3"}, "unknown flag: --nodez"},
		{"negative nodes", []string{"plan", "--nodes", "-3"}, "out of range"},
		{"negative ilbs", []string{"plan", "--nodes", "3", "--ilbs", "-1"}, "--ilbs must not be negative"},
		{"explicit zero max pods", []string{"plan", "--nodes", "3", "--max-pods", "0"}, "max-pods=0 is out of range"},
		{"bad policy", []string{"plan", "--nodes", "3", "--network-policy", "weave"}, "--network-policy: unknown network policy engine"},
		{"args", []string{"plan", "extra", "--nodes", "3"}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, "", tt.args...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q lacks %q", errOut, tt.want)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
		})
	}
}

// BenchmarkPlanInProcess runs the CLI in-process for every model at the
// 5,000-node, 100-pool, 250-pod scale.
func BenchmarkPlanInProcess(b *testing.B) {
	args := []string{"plan", "-o", "json"}
	for range 100 {
		args = append(args, "--pool", "nodes=50,max-pods=250,surge=33%")
	}
	b.ReportAllocs()
	for b.Loop() {
		var out bytes.Buffer
		_ = Run(context.Background(), Streams{In: strings.NewReader(""), Out: &out, Err: &out}, args)
	}
}

// BenchmarkPlanProcess measures the built binary from process start to
// output for the README's first command.
func BenchmarkPlanProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "aksnet")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/aksnet")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for b.Loop() {
		cmd := exec.Command(bin, "plan", "--model", "azure-node-subnet", "--nodes", "50", "--max-pods", "30", "--max-surge", "1")
		if out, err := cmd.Output(); err != nil || len(out) == 0 {
			b.Fatalf("run: %v", err)
		}
	}
}

// TestREADMEPlanOutput keeps the README's plan examples equal to real output.
func TestREADMEPlanOutput(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(b), "```console\n")[1:]
	n := 0
	for _, blk := range blocks {
		blk, _, _ = strings.Cut(blk, "```")
		cmdLine, want, _ := strings.Cut(blk, "\n")
		for strings.HasSuffix(cmdLine, `\`) {
			var next string
			next, want, _ = strings.Cut(want, "\n")
			cmdLine = strings.TrimSuffix(cmdLine, `\`) + " " + strings.TrimSpace(next)
		}
		if !strings.HasPrefix(cmdLine, "$ aksnet plan ") || strings.Contains(cmdLine, "-o json") {
			continue
		}
		n++
		got, _, _ := run(t, "", strings.Fields(strings.TrimPrefix(cmdLine, "$ aksnet "))...)
		if diff := cmp.Diff(strings.TrimRight(want, "\n"), strings.TrimRight(got, "\n")); diff != "" {
			t.Errorf("README output of %q is stale (-README +real):\n%s", cmdLine, diff)
		}
	}
	if n < 2 {
		t.Errorf("found %d plan examples in the README, want at least 2", n)
	}
}

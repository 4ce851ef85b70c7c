package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlanGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"readme", []string{"plan", "--model", "azure-node-subnet", "--nodes", "50", "--max-pods", "30", "--max-surge", "1"}, 0},
		{"readme-json", []string{"plan", "--model", "azure-node-subnet", "--nodes", "50", "--max-pods", "30", "--max-surge", "1", "-o", "json"}, 0},
		{"all-models", []string{"plan", "--nodes", "20", "--max-nodes", "100", "--node-subnet", "10.240.0.0/22", "--vnet", "10.240.0.0/16"}, 1},
		{"all-models-json", []string{"plan", "--nodes", "20", "--max-nodes", "100", "--node-subnet", "10.240.0.0/22", "--vnet", "10.240.0.0/16", "-o", "json"}, 1},
		{"pools-markdown", []string{"plan", "--pool", "name=sys,nodes=3,max-pods=31,surge=1", "--pool", "name=apps,nodes=10,max=50,surge=33%", "--pod-ip-allocation", "static-block", "--ilbs", "2", "--private-cluster", "-o", "markdown"}, 0},
		{"static-block", []string{"plan", "--model", "azure-pod-subnet", "--pod-ip-allocation", "static-block", "--nodes", "40", "--max-pods", "32", "--pod-subnet", "10.241.0.0/24", "--node-subnet", "10.240.0.0/24", "--vnet", "10.240.0.0/15"}, 1},
		{"errors", []string{"plan", "--model", "kubenet", "--pool", "name=sys,nodes=2,max-pods=10", "--pool", "name=big,nodes=450,os=windows", "--pod-cidr", "172.16.0.0/12", "--service-cidr", "10.0.0.0/12", "--dns-service-ip", "10.0.0.0", "--network-policy", "azure", "--vnet", "10.0.0.0/16", "--avoid", "10.0.0.0/24"}, 1},
		{"cilium-json", []string{"plan", "--model", "cilium", "--nodes", "300", "--max-surge", "33%", "--pod-cidr", "100.64.0.0/15", "--vnet", "10.0.0.0/16", "--node-subnet", "10.0.0.0/22", "--service-cidr", "10.1.0.0/16", "--dns-service-ip", "10.1.0.10", "-o", "json"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			golden(t, filepath.Join("plan", tt.name+".golden"), out)
		})
	}
}

// TestPlanJSONContract checks the fields later tooling relies on.
func TestPlanJSONContract(t *testing.T) {
	out, _, _ := run(t, "", "plan", "--nodes", "10", "--node-subnet", "10.240.0.0/24", "--pod-cidr", "10.244.0.0/20", "-o", "json")
	var doc struct {
		SchemaVersion *int `json:"schemaVersion"`
		Plans         []map[string]json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion == nil || *doc.SchemaVersion != 1 {
		t.Fatalf("schemaVersion = %v", doc.SchemaVersion)
	}
	if len(doc.Plans) != 5 {
		t.Fatalf("%d plans, want 5", len(doc.Plans))
	}
	for _, p := range doc.Plans {
		for _, k := range []string{"model", "nodeSubnet", "podSubnet", "podCIDR", "diagnostics"} {
			if _, ok := p[k]; !ok {
				t.Errorf("plan lacks %q", k)
			}
		}
		var ns map[string]json.RawMessage
		_ = json.Unmarshal(p["nodeSubnet"], &ns)
		for _, k := range []string{"requiredIPs", "minPrefixLength", "maxNodes"} {
			if _, ok := ns[k]; !ok {
				t.Errorf("nodeSubnet lacks %q", k)
			}
		}
		if string(p["podCIDR"]) != "null" {
			var pc map[string]json.RawMessage
			_ = json.Unmarshal(p["podCIDR"], &pc)
			for _, k := range []string{"minPrefixLength", "nodesSupported"} {
				if _, ok := pc[k]; !ok {
					t.Errorf("podCIDR lacks %q", k)
				}
			}
		}
		var ds []map[string]any
		if err := json.Unmarshal(p["diagnostics"], &ds); err != nil || ds == nil {
			t.Errorf("diagnostics = %s, want a list", p["diagnostics"])
		}
		for _, d := range ds {
			for _, k := range []string{"code", "severity", "message"} {
				if _, ok := d[k]; !ok {
					t.Errorf("diagnostic lacks %q", k)
				}
			}
		}
	}
}

func TestPlanUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"plan"}, []string{"give the node count with --nodes N"}},
		{[]string{"plan", "--nodes", "x"}, []string{`invalid argument "x" for "--nodes"`}},
		{[]string{"plan", "--model", "foo", "--nodes", "3"}, []string{`unknown model "foo"`}},
		{[]string{"plan", "--pool", "a"}, []string{`"a" is not key=value`}},
		{[]string{"plan", "--nodes", "3", "--pod-cidr", "10.0.0.1/8"}, []string{"--pod-cidr", "did you mean 10.0.0.0/8?"}},
		{[]string{"plan", "--nodes", "3", "--dns-service-ip", "zz"}, []string{"--dns-service-ip", `"zz"`}},
		{[]string{"plan", "--pool", "nodes=3", "--nodes", "3"}, []string{"use either --pool or the single-pool flags"}},
		{[]string{"plan", "--nodes", "3", "--max-nodes", "2"}, []string{"max=2 is below nodes=3"}},
		{[]string{"plan", "--nodes", "3", "--max-surge", "10 %%"}, []string{"invalid max surge"}},
		{[]string{"plan", "--nodes", "3", "--max-pods", "0"}, []string{"max-pods"}},
		{[]string{"plan", "--nodes", "3", "--ilbs", "-1"}, []string{"--ilbs must not be negative"}},
		{[]string{"plan", "--nodes", "3", "--model", "kubenet", "--pod-ip-allocation", "static-block"}, []string{"applies only to --model azure-pod-subnet"}},
		{[]string{"plan", "--nodes", "3", "--pod-ip-allocation", "sometimes"}, []string{"unknown pod IP allocation"}},
		{[]string{"plan", "--nodes", "3", "--vnet", "10.0.0.0"}, []string{"--vnet", "want an address and a prefix length"}},
		{[]string{"plan", "--nodes", "3", "-o", "yaml"}, []string{"invalid --output"}},
		{[]string{"plan", "--nodes", "3", "--network-policy", "istio"}, []string{"unknown network policy engine"}},
		{[]string{"plan", "extra"}, []string{"unknown command"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, errOut, code := run(t, "", tt.args...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if out != "" {
				t.Errorf("stdout not empty: %q", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q lacks %q", errOut, w)
				}
			}
		})
	}
}

// BenchmarkPlanCLI runs the verb in-process from argument parsing to output.
func BenchmarkPlanCLI(b *testing.B) {
	args := []string{"plan", "--nodes", "50", "--max-nodes", "200", "--node-subnet", "10.240.0.0/20", "-o", "json"}
	for b.Loop() {
		var out bytes.Buffer
		_ = RunWith(context.Background(), Streams{In: strings.NewReader(""), Out: &out, Err: &out}, args, Options{})
	}
}

// TestREADMEPlanOutput keeps the README's plan examples real: each shown
// output must be what the command prints today.
func TestREADMEPlanOutput(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Skipf("README not found: %v", err)
	}
	for _, args := range [][]string{
		{"plan", "--model", "azure-node-subnet", "--nodes", "50", "--max-pods", "30", "--max-surge", "1"},
		{"plan", "--nodes", "20", "--max-nodes", "100", "--max-pods", "30", "--node-subnet", "10.240.0.0/22", "--vnet", "10.240.0.0/16"},
	} {
		out, _, _ := run(t, "", args...)
		block := "$ go run ./cmd/aksnet " + strings.Join(args, " ") + "\n" + out + "```"
		if !strings.Contains(string(readme), block) {
			t.Errorf("README does not show the current output of aksnet %s; it prints:\n%s", strings.Join(args, " "), out)
		}
	}
}

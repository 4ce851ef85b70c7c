package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/azpolicy"
)

func TestGuardrails(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		golden string // stdout golden under testdata/guardrails
		want   string // substring of stdout+stderr
	}{
		{"azure-policy defaults", []string{"guardrails", "azure-policy"}, ExitOK, "azure-policy.json", ""},
		{"azure-policy options", []string{"guardrails", "azure-policy", "--effect", "deny", "--allowed-outbound", "userDefinedRouting",
			"--allowed-outbound", "none", "--forbidden-cidr", "10.0.0.0/8,192.168.0.0/16", "--scope", "/providers/Microsoft.Management/managementGroups/platform"},
			ExitOK, "azure-policy-options.json", ""},
		{"netpol yaml", []string{"guardrails", "netpol", "-n", "payments,web", "--engine", "cilium", "--localdns"}, ExitOK, "netpol-cilium-localdns.yaml", ""},
		{"netpol azure", []string{"guardrails", "netpol", "--namespace", "apps", "--engine", "azure"}, ExitOK, "netpol-azure.yaml", ""},
		{"netpol json", []string{"guardrails", "netpol", "-n", "apps", "--engine", "calico", "-o", "json"}, ExitOK, "netpol-calico.json", ""},
		{"netpol system namespace warns", []string{"guardrails", "netpol", "-n", "kube-system"}, ExitOK, "", "NPOL002"},
		{"no subcommand", []string{"guardrails"}, ExitUsage, "", "azure-policy or netpol"},
		{"bad effect", []string{"guardrails", "azure-policy", "--effect", "Modify"}, ExitUsage, "", "unknown effect"},
		{"bad outbound", []string{"guardrails", "azure-policy", "--allowed-outbound", "udr"}, ExitUsage, "", `unknown outbound type "udr"`},
		{"bad cidr", []string{"guardrails", "azure-policy", "--forbidden-cidr", "10.0.0.0/33"}, ExitUsage, "", `invalid CIDR "10.0.0.0/33"`},
		{"bad scope", []string{"guardrails", "azure-policy", "--scope", "/resourceGroups/x"}, ExitUsage, "", "invalid scope"},
		{"bad output", []string{"guardrails", "azure-policy", "-o", "yaml"}, ExitUsage, "", "invalid --output"},
		{"dir without a folder", []string{"guardrails", "azure-policy", "-o", "dir"}, ExitUsage, "", "--out-dir"},
		{"no namespace", []string{"guardrails", "netpol"}, ExitUsage, "", "NPOL004"},
		{"bad namespace", []string{"guardrails", "netpol", "-n", "Web_1"}, ExitUsage, "", "NPOL001"},
		{"bad engine", []string{"guardrails", "netpol", "-n", "apps", "--engine", "none"}, ExitUsage, "", "unknown policy engine"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCLI(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errs)
			}
			if tt.golden != "" {
				golden(t, filepath.Join("guardrails", tt.golden), out)
			}
			if tt.want != "" && !strings.Contains(out+errs, tt.want) {
				t.Errorf("output lacks %q:\n%s%s", tt.want, out, errs)
			}
		})
	}
}

// TestAzurePolicyOutDir writes the az CLI inputs and checks that each file
// holds what az policy definition create --rules/--params expects.
func TestAzurePolicyOutDir(t *testing.T) {
	dir := t.TempDir()
	out, errs, code := runCLI(t, "guardrails", "azure-policy", "-o", "dir", "--out-dir", dir, "--scope", "/subscriptions/0000")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, filepath.Join("guardrails", "out-dir.txt"), out)
	sh, err := os.ReadFile(filepath.Join(dir, "commands.sh"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("guardrails", "commands.sh"), string(sh))
	for _, rel := range strings.Fields(out) {
		if !strings.HasSuffix(rel, ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Base(rel) {
		case "rules.json":
			var r azpolicy.PolicyRule
			if err := json.Unmarshal(data, &r); err != nil || r.Then.Effect != "[parameters('effect')]" || len(r.If) == 0 {
				t.Errorf("%s: not a policy rule: %v", rel, err)
			}
			if c, ds := azpolicy.ParseCondition(r.If, rel); c == nil {
				t.Errorf("%s: %v", rel, ds)
			}
		case "params.json":
			var p map[string]azpolicy.Parameter
			if err := json.Unmarshal(data, &p); err != nil || len(p) == 0 {
				t.Errorf("%s: not parameters: %v", rel, err)
			}
		case "definitions.json":
			var refs []azpolicy.Reference
			if err := json.Unmarshal(data, &refs); err != nil || len(refs) == 0 || !strings.HasPrefix(refs[0].DefinitionID, "/subscriptions/0000/providers/Microsoft.Authorization/policyDefinitions/") {
				t.Errorf("%s: not initiative members: %v", rel, err)
			}
		}
	}
}

// FuzzGuardrailsFlags runs both verbs with arbitrary flag values: the exit
// code is 0 or 2, never an internal error.
func FuzzGuardrailsFlags(f *testing.F) {
	f.Add("Deny", "userDefinedRouting,none", "10.0.0.0/8", "/subscriptions/x", "apps,web", "cilium")
	f.Add("", "", "", "", "", "")
	f.Add("audit", "loadBalancer", "fd00::/8,10.0.0.1/8", "/providers/Microsoft.Management/managementGroups/", "Kube-System", "AZURE")
	f.Fuzz(func(t *testing.T, effect, outbound, cidr, scope, ns, engine string) {
		dir := t.TempDir()
		for _, args := range [][]string{
			{"guardrails", "azure-policy", "--effect", effect, "--allowed-outbound", outbound, "--forbidden-cidr", cidr, "--scope", scope, "--out-dir", dir},
			{"guardrails", "netpol", "--namespace", ns, "--engine", engine, "--localdns"},
		} {
			_, errs, code := runCLI(t, args...)
			if code != ExitOK && code != ExitUsage {
				t.Fatalf("%v: exit %d: %s", args, code, errs)
			}
		}
	})
}

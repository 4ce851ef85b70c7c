package azpolicy_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/audit/rules"
	"github.com/aksnet/aksnet/internal/azpolicy"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s: -want +got\n%s", path, diff)
	}
}

// TestGolden pins every generated definition and the initiative.
func TestGolden(t *testing.T) {
	set, ds := azpolicy.Generate(rules.All(), azpolicy.Options{})
	if set == nil {
		t.Fatal(ds)
	}
	for _, d := range set.Definitions {
		t.Run(d.Name, func(t *testing.T) { golden(t, filepath.Join("definitions", d.Name+".json"), d) })
	}
	t.Run("initiative", func(t *testing.T) { golden(t, "initiative.json", set.Initiative) })
}

// TestGenerateFromMetadata checks that each definition is its rule: ID in
// the name and metadata, title in the displayName, remediation as the
// description, and that every definition's parameters reach the initiative.
func TestGenerateFromMetadata(t *testing.T) {
	set, _ := azpolicy.Generate(rules.All(), azpolicy.Options{Effect: azpolicy.Deny, Scope: "/providers/Microsoft.Management/managementGroups/platform"})
	if set == nil {
		t.Fatal("no set")
	}
	byID := map[string]azpolicy.Definition{}
	for _, d := range set.Definitions {
		byID[d.Properties.Metadata.RuleID] = d
	}
	n := 0
	for _, r := range rules.All() {
		if r.Policy == nil {
			if _, ok := byID[r.ID]; ok {
				t.Errorf("%s has no mapping but a definition", r.ID)
			}
			continue
		}
		n++
		d := byID[r.ID]
		got := []string{d.Name, d.Properties.DisplayName, d.Properties.Description, d.Properties.Parameters["effect"].DefaultValue.(string), d.Properties.PolicyRule.Then.Effect}
		want := []string{r.ID + "-" + r.Name, r.ID + ": " + r.Title, r.Remediation, "Deny", "[parameters('effect')]"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: -want +got\n%s", r.ID, diff)
		}
	}
	if len(set.Initiative.Properties.PolicyDefinitions) != n {
		t.Fatalf("initiative has %d members, want %d", len(set.Initiative.Properties.PolicyDefinitions), n)
	}
	for _, ref := range set.Initiative.Properties.PolicyDefinitions {
		d := byID[ref.ReferenceID]
		if want := "/providers/Microsoft.Management/managementGroups/platform/providers/Microsoft.Authorization/policyDefinitions/" + d.Name; ref.DefinitionID != want {
			t.Errorf("%s: definition id %s, want %s", ref.ReferenceID, ref.DefinitionID, want)
		}
		for name := range d.Properties.Parameters {
			v, ok := ref.Parameters[name]
			iname := name + "-" + ref.ReferenceID
			if !ok || v.Value != "[parameters('"+iname+"')]" {
				t.Errorf("%s: parameter %s not passed through: %+v", ref.ReferenceID, name, v)
			}
			if _, ok := set.Initiative.Properties.Parameters[iname]; !ok {
				t.Errorf("initiative lacks parameter %s", iname)
			}
		}
	}
}

// TestGenerateOptions: overridden defaults reach the definitions, and bad
// options are diagnostics.
func TestGenerateOptions(t *testing.T) {
	set, ds := azpolicy.Generate(rules.All(), azpolicy.Options{Defaults: map[string]any{
		"allowedOutboundTypes": []string{"userDefinedRouting"}, "forbiddenCidrs": []string{"10.0.0.0/8"},
	}})
	if set == nil {
		t.Fatal(ds)
	}
	got := map[string]any{}
	for _, d := range set.Definitions {
		for k, p := range d.Properties.Parameters {
			if k != "effect" {
				got[k] = p.DefaultValue
			}
		}
	}
	want := map[string]any{"allowedOutboundTypes": []string{"userDefinedRouting"}, "forbiddenCidrs": []string{"10.0.0.0/8"},
		"reservedCidrs": []string{"169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("-want +got\n%s", diff)
	}

	for _, tc := range []struct {
		name string
		opts azpolicy.Options
		want string
	}{
		{"bad effect", azpolicy.Options{Effect: "Modify"}, "unknown effect"},
		{"bad scope", azpolicy.Options{Scope: "/subscriptions"}, "invalid scope"},
		{"unknown parameter", azpolicy.Options{Defaults: map[string]any{"nope": 1}}, `no definition has a parameter "nope"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, ds := azpolicy.Generate(rules.All(), tc.opts)
			if set != nil || len(ds) != 1 || ds[0].Code != azpolicy.CodeOption || !contains(ds[0].Message, tc.want) {
				t.Fatalf("got set=%v diags=%v, want one %s %q", set != nil, ds, azpolicy.CodeOption, tc.want)
			}
		})
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

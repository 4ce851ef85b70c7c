package azpolicy

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/source"
)

// TestAliasTable reads a fixture through the readers and resolves every
// alias of the table on its document: each maps to the normalized field it
// names, defaults appear only in the stored view, and every alias the
// generated definitions use is in the table.
func TestAliasTable(t *testing.T) {
	docs, err := source.ReadPaths([]string{filepath.Join("..", "audit", "rules", "testdata", "AKSNET-001", "pass.json")}, nil)
	if err != nil || len(docs) == 0 || len(docs[0].Clusters) != 1 {
		t.Fatalf("reading fixture: %v", err)
	}
	c := &docs[0].Clusters[0]
	get := func(v View, alias string) any {
		ev := &evaluation{doc: Document(c, v)}
		x, err := ev.field(alias)
		if err != nil {
			t.Fatalf("%s: %v", alias, err)
		}
		if s, ok := x.(starValues); ok {
			return []any(s)
		}
		return x
	}
	p := aliasPrefix
	want := map[string]any{
		"type":                                            ResourceType,
		"name":                                            "aks-main",
		"tags['env']":                                     "prod",
		p + "kubernetesVersion":                           "1.31.2",
		p + "networkProfile.networkPlugin":                "azure",
		p + "networkProfile.networkPluginMode":            "overlay",
		p + "networkProfile.networkPolicy":                "cilium",
		p + "networkProfile.networkDataplane":             "cilium",
		p + "networkProfile.outboundType":                 "userDefinedRouting",
		p + "networkProfile.podCidr":                      "10.244.0.0/16",
		p + "networkProfile.serviceCidr":                  "10.0.0.0/16",
		p + "networkProfile.dnsServiceIP":                 "10.0.0.10",
		p + "networkProfile.loadBalancerSku":              "standard", // defaulted
		p + "apiServerAccessProfile.enablePrivateCluster": true,
		p + "agentPoolProfiles[*].name":                   []any{"system"},
		p + "agentPoolProfiles[*].count":                  []any{3.0},
		p + "agentPoolProfiles[*].maxPods":                []any{30.0},
		p + "agentPoolProfiles[*].osType":                 []any{"Linux"},
		p + "agentPoolProfiles[*].mode":                   []any{"System"},
		p + "agentPoolProfiles[*].vmSize":                 []any{"Standard_D4s_v5"},
		p + "agentPoolProfiles[*].type":                   []any{"VirtualMachineScaleSets"},
		p + "agentPoolProfiles[*].podSubnetID":            []any{absent},
		p + "agentPoolProfiles[*].enableNodePublicIP":     []any{false}, // defaulted
		p + "networkProfile.podCidrs[*]":                  []any{},
	}
	got := map[string]any{}
	for a := range want {
		got[a] = get(Stored, a)
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b absentT) bool { return true })); diff != "" {
		t.Errorf("stored view -want +got\n%s", diff)
	}
	if x := get(Request, p+"networkProfile.loadBalancerSku"); x != absent {
		t.Errorf("request view shows the defaulted loadBalancerSku: %v", x)
	}
	if x := get(Request, p+"networkProfile.networkPlugin"); x != "azure" {
		t.Errorf("request view lost the set networkPlugin: %v", x)
	}
	for _, a := range Aliases() {
		if _, err := resolveAlias(a); err != nil {
			t.Errorf("Aliases() lists %s, which does not resolve: %v", a, err)
		}
		if _, err := resolveAlias(strings.ToUpper(a)); err != nil {
			t.Errorf("aliases are case-insensitive: %v", err)
		}
	}
}

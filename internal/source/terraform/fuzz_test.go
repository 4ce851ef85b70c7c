package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/corpustest"
)

// corpusFiles returns every .tf file of the shared corpus, read in place.
func corpusFiles(t testing.TB) [][]byte {
	root := corpustest.Dir(t, "terraform")
	var out [][]byte
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tf") {
			if b, err := os.ReadFile(p); err == nil {
				out = append(out, b)
			}
		}
		return nil
	})
	return out
}

var hostileHCL = []string{
	"",
	"resource",
	`resource "azurerm_kubernetes_cluster" "c" { default_node_pool { name = "p" } network_profile { network_plugin = "kubernet" } }`,
	"locals {\n a = local.b\n b = local.a\n}\nresource \"azurerm_kubernetes_cluster\" \"c\" {\n name = local.a\n}\n",
	"locals {\n x = " + strings.Repeat("[", 500) + strings.Repeat("]", 500) + "\n}\n",
	"resource \"azurerm_kubernetes_cluster\" \"c\" {\n count = 1e999\n}\n",
	"resource \"azurerm_kubernetes_cluster\" \"c\" {\n default_node_pool {\n node_count = 99999999999999999999999\n max_pods = -1\n }\n network_profile {\n pod_cidr = \"300.0.0.0/8\"\n dns_service_ip = [1]\n }\n}\n",
	"resource \"azurerm_subnet\" \"s\" {\n address_prefixes = [cidrsubnet(\"10.0.0.0/8\", 40, 1)]\n}\n",
	"resource \"azurerm_kubernetes_cluster\" \"c\" {\n for_each = toset([\"a\", \"b\"])\n name = each.key\n default_node_pool {\n name = each.value\n }\n}\n",
	"resource \"azapi_resource\" \"c\" {\n type = \"Microsoft.ContainerService/managedClusters@2024-01-01\"\n body = { properties = { networkProfile = { networkPlugin = 1 }, agentPoolProfiles = \"x\" } }\n}\n",
	"resource \"azurerm_kubernetes_cluster\" \"c\" {\n dynamic \"default_node_pool\" {\n for_each = var.x\n content {\n name = default_node_pool.value\n }\n }\n}\n",
}

// FuzzParseDir feeds single-file modules to ParseDir: it must not panic and
// every diagnostic must say where it is.
func FuzzParseDir(f *testing.F) {
	for _, b := range corpusFiles(f) {
		f.Add(b)
	}
	for _, s := range hostileHCL {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := ParseDir("fuzz", map[string][]byte{"main.tf": data}, map[string][]byte{"x.tfvars": data})
		for _, d := range doc.Diagnostics {
			if d.File == "" || d.Line == 0 {
				t.Fatalf("diagnostic without file and line: %v", d)
			}
		}
		for _, c := range doc.Clusters {
			if c.Address == "" {
				t.Fatalf("cluster without address")
			}
		}
	})
}

// FuzzParsePlan feeds plan JSON to ParsePlan: it must not panic, and bad
// input must come with a diagnostic rather than clusters.
func FuzzParsePlan(f *testing.F) {
	ents, _ := os.ReadDir(filepath.Join("testdata", "plan"))
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".json") {
			if b, err := os.ReadFile(filepath.Join("testdata", "plan", e.Name())); err == nil {
				f.Add(b)
			}
		}
	}
	for _, s := range []string{
		"", "{}", "null", `{"format_version": "1.2"}`,
		`{"format_version": "9.0", "planned_values": {"root_module": {"resources": [{"address": "azurerm_kubernetes_cluster.c", "type": "azurerm_kubernetes_cluster", "values": {"default_node_pool": [{"node_count": 1e999}], "network_profile": [{"pod_cidr": "10.0.0.0/99"}]}}]}}}`,
		`{"format_version": "1.2", "resource_changes": [{"address": "azurerm_kubernetes_cluster.c", "type": "azurerm_kubernetes_cluster", "change": {"actions": ["create"], "after": {"network_profile": "x"}, "after_unknown": {"network_profile": [[[true]]]}}}]}`,
		`{"format_version": "1.2", "planned_values": {"root_module": {"child_modules": [` + strings.Repeat(`{"child_modules": [`, 200) + strings.Repeat(`]}`, 200) + `]}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := ParsePlan("plan.json", data)
		for _, d := range doc.Diagnostics {
			if d.File == "" {
				t.Fatalf("diagnostic without file: %v", d)
			}
		}
	})
}

// BenchmarkParseDir parses the corpus's largest module (the Azure AKS
// module's root, about 3,800 lines).
func BenchmarkParseDir(b *testing.B) {
	dir := filepath.Join(corpustest.Dir(b, "terraform"), "Azure-terraform-azurerm-aks")
	files := readModule(b, dir)
	n := 0
	for _, f := range files {
		n += len(f)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		doc := ParseDir("Azure-terraform-azurerm-aks", files, nil)
		if len(doc.Clusters) != 1 {
			b.Fatalf("got %d clusters", len(doc.Clusters))
		}
	}
}

// BenchmarkParsePlan parses the overlay plan fixture.
func BenchmarkParsePlan(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "plan", "overlay-cilium.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		ParsePlan("plan.json", data)
	}
}

package source_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/aksnet/aksnet/internal/source"
)

func TestDetectJSON(t *testing.T) {
	tests := []struct {
		src  string
		want aks.Format
	}{
		{`{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}`, aks.FormatARMTemplate},
		{`{"contentVersion": "1.0.0.0", "resources": {}}`, aks.FormatARMTemplate},
		{`{"format_version": "1.2", "planned_values": {}}`, aks.FormatTerraformPlan},
		{`{"format_version": "1.2", "resource_changes": []}`, aks.FormatTerraformPlan},
		{`{"format_version": "1.2"}`, aks.FormatARMJSON},
		{`[{"type": "Microsoft.ContainerService/managedClusters"}]`, aks.FormatARMJSON},
		{`{"parameters": {}, "responses": {}}`, aks.FormatARMJSON},
		{`not json`, aks.FormatARMJSON},
		{``, aks.FormatARMJSON},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			if got := source.DetectJSON([]byte(tt.src)); got != tt.want {
				t.Errorf("DetectJSON = %q, want %q", got, tt.want)
			}
		})
	}
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const clusterJSON = `{"name": "c", "type": "Microsoft.ContainerService/managedClusters", "properties": {
  "kubernetesVersion": "1.29", "networkProfile": {"networkPlugin": "azure"},
  "agentPoolProfiles": [{"name": "a", "vnetSubnetID": "/SUBS/x/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes"},
                        {"name": "b", "vnetSubnetID": "/subs/x/providers/Microsoft.Network/virtualNetworks/v/subnets/other"}]}}`

const vnetJSON = `[{"name": "v", "id": "/subs/x/providers/Microsoft.Network/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks",
  "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
  "subnets": [{"name": "nodes", "properties": {"addressPrefix": "10.0.4.0/22"}}]}}]`

// listing renders what ReadPaths returned, one line per document with its
// clusters' pool subnets and its diagnostics.
func listing(docs []aks.Document, base string) string {
	var b strings.Builder
	for _, d := range docs {
		rel := strings.TrimPrefix(filepath.ToSlash(d.File), filepath.ToSlash(base)+"/")
		fmt.Fprintf(&b, "%s %s clusters=%d vnets=%d\n", rel, d.Format, len(d.Clusters), len(d.VNets))
		for _, c := range d.Clusters {
			for _, p := range c.Pools {
				fmt.Fprintf(&b, "  pool %s subnet=%s %s\n", p.Name.V, p.Subnet.State, p.Subnet.V)
			}
		}
		for _, g := range d.Diagnostics {
			fmt.Fprintf(&b, "  %s %s %s\n", g.Severity, g.Code, g.Message)
		}
	}
	return b.String()
}

func TestReadPaths(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"a/cluster.json": clusterJSON,
		"a/vnet.json":    vnetJSON,
		"b/main.bicep":   "resource x 'y' = {}",
		"b/main.tf": `resource "azurerm_kubernetes_cluster" "x" {
  name = "tf"
  default_node_pool {
    name           = "sys"
    vm_size        = "Standard_D4s_v5"
    node_count     = var.nodes
    vnet_subnet_id = "/subs/x/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes"
  }
  network_profile { network_plugin = "azure" }
}`,
		"b/vars.tf":               `variable "nodes" { default = 2 }`,
		"b/terraform.tfvars":      `nodes = 5`,
		"b/template.json":         `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0", "resources": []}`,
		"b/README.md":             "# not read",
		".git/objects/x.json":     "{",
		"node_modules/m/pkg.json": "{",
	})
	docs, err := source.ReadPaths([]string{dir, "-"}, strings.NewReader(`[1]`))
	if err != nil {
		t.Fatal(err)
	}
	want := `a/cluster.json arm-json clusters=1 vnets=0
  pool a subnet=set 10.0.4.0/22
  pool b subnet=unknown invalid Prefix
a/vnet.json arm-json clusters=0 vnets=1
b/main.bicep arm-template clusters=0 vnets=0
  info READ201 Bicep is read through its compiled JSON; skipped
b terraform clusters=1 vnets=0
  pool sys subnet=set 10.0.4.0/22
  info TF041 default_node_pool.vnet_subnet_id names a subnet that is not defined in this module; its prefix is unknown
b/template.json arm-template clusters=0 vnets=0
  info ARMT015 the template declares no Microsoft.ContainerService/managedClusters resource
<stdin> arm-json clusters=0 vnets=0
  warning READ003 list element 0 is a number, not a resource object; skipped
  info READ002 no managed cluster or virtual network found
`
	if d := cmp.Diff(want, listing(docs, dir)); d != "" {
		t.Errorf("ReadPaths (-want +got):\n%s", d)
	}
	if n := docs[3].Clusters[0].Pools[0].Count; n.V != 5 {
		t.Errorf("terraform.tfvars not applied: count %+v", n)
	}
	sub := docs[0].Clusters[0].Pools[0].Subnet.Origin
	if sub.File != filepath.Join(dir, "a/vnet.json") || sub.Line != 3 || sub.Path != "/0/properties/subnets/0/properties/addressPrefix" {
		t.Errorf("subnet origin = %+v", sub)
	}
}

func TestReadPathsErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"notes.txt": "hello"})
	if _, err := source.ReadPaths([]string{filepath.Join(dir, "missing.json")}, nil); err == nil {
		t.Error("missing path: no error")
	}
	docs, err := source.ReadPaths([]string{filepath.Join(dir, "notes.txt")}, nil)
	if err != nil || len(docs) != 1 || docs[0].Diagnostics[0].Code != source.CodeUnknown {
		t.Errorf("named text file: %v %+v", err, docs)
	}
}

func TestLinkAmbiguous(t *testing.T) {
	dir := t.TempDir()
	other := strings.Replace(vnetJSON, "10.0.4.0/22", "10.0.8.0/22", 1)
	write(t, dir, map[string]string{"c.json": clusterJSON, "v1.json": vnetJSON, "v2.json": other, "v3.json": vnetJSON})
	docs, err := source.ReadPaths([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := docs[0].Clusters[0].Pools[0]
	if p.Subnet.State != aks.Unknown {
		t.Errorf("subnet = %+v, want unknown", p.Subnet)
	}
	var codes []string
	for _, d := range docs[0].Diagnostics {
		codes = append(codes, d.Code)
	}
	if d := cmp.Diff([]string{source.CodeAmbiguous}, codes); d != "" {
		t.Errorf("codes (-want +got):\n%s", d)
	}
}

// TestCorpusWalk reads all of corpus/azure and corpus/terraform through the
// front door: no panic, no error, every diagnostic located.
func TestCorpusWalk(t *testing.T) {
	shared := corpustest.Dir(t)
	for _, sub := range []string{"azure", "terraform"} {
		dir := filepath.Join(shared, sub)
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		docs, err := source.ReadPaths([]string{dir}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) == 0 {
			t.Errorf("%s: nothing read", sub)
		}
		for _, d := range docs {
			for _, g := range d.Diagnostics {
				if g.File == "" || g.Line <= 0 {
					t.Errorf("diagnostic without location: %v", g)
				}
			}
		}
	}
}

func FuzzDetectJSON(f *testing.F) {
	f.Add([]byte(`{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"}`))
	f.Add([]byte(`{"format_version": "1.2", "planned_values": {}}`))
	f.Add([]byte("\xef\xbb\xbf[{}]"))
	f.Add([]byte(`{"resources": [], "contentVersion": 1`))
	f.Fuzz(func(t *testing.T, data []byte) {
		switch f := source.DetectJSON(data); f {
		case aks.FormatARMJSON, aks.FormatARMTemplate, aks.FormatTerraformPlan:
		default:
			t.Errorf("DetectJSON = %q", f)
		}
	})
}

package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/netmodel"
)

func mustRead(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseDirResolves checks variables, tfvars, locals, cidrsubnet and
// cidrhost, references to subnets, old attribute spellings and conditional
// count on a hand-written module.
func TestParseDirResolves(t *testing.T) {
	dir := filepath.Join("testdata", "modules", "full")
	files := map[string][]byte{"main.tf": mustRead(t, filepath.Join(dir, "main.tf"))}
	type pool struct {
		Name, OS, Surge string
		Count, MaxPods  int
		Subnet, PodSub  string
		SubnetState     aks.State
	}
	type want struct {
		Name, K8s   string
		K8sState    aks.State
		Model       netmodel.ID
		ModelState  aks.State
		Dataplane   netmodel.Dataplane
		DNS         string
		Outbound    string
		Authorized  string
		Pools       []pool
		Diagnostics []string
	}
	summarizeDoc := func(doc aks.Document) want {
		if len(doc.Clusters) != 1 {
			t.Fatalf("got %d clusters, want 1", len(doc.Clusters))
		}
		c := doc.Clusters[0]
		w := want{Name: c.Name.V, K8s: c.KubernetesVersion.V, K8sState: c.KubernetesVersion.State,
			Model: c.Network.Model.V, ModelState: c.Network.Model.State, Dataplane: c.Network.Dataplane.V,
			DNS: c.Network.DNSServiceIP.V.String(), Outbound: c.Network.OutboundType.V, Authorized: fmt.Sprint(c.APIServer.AuthorizedIPRanges.V)}
		for _, p := range c.Pools {
			w.Pools = append(w.Pools, pool{Name: p.Name.V, OS: p.OS.V, Surge: p.MaxSurge.V, Count: p.Count.V, MaxPods: p.MaxPods.V,
				Subnet: p.Subnet.V.String(), PodSub: p.PodSubnet.V.String(), SubnetState: p.Subnet.State})
		}
		for _, d := range doc.Diagnostics {
			w.Diagnostics = append(w.Diagnostics, fmt.Sprintf("%s %s:%d", d.Code, filepath.Base(d.File), d.Line))
		}
		return w
	}
	tests := []struct {
		name   string
		tfvars map[string][]byte
		want   want
	}{
		{
			name: "defaults only",
			want: want{
				Name: "demo-aks", K8sState: aks.Unknown, Model: netmodel.AzurePodSubnet, ModelState: aks.Defaulted,
				Dataplane: netmodel.DataplaneCilium, DNS: "172.20.0.10", Outbound: "userAssignedNATGateway",
				Authorized: "[203.0.113.0/24]",
				Pools: []pool{{Name: "system", OS: "Linux", Surge: "33%", Count: 2, MaxPods: 31,
					Subnet: "10.50.4.0/22", PodSub: "10.50.64.0/18", SubnetState: aks.Set}},
				Diagnostics: []string{"TF010 main.tf:46", "TF023 main.tf:74"},
			},
		},
		{
			name:   "tfvars enable the user pool",
			tfvars: map[string][]byte{"prod.tfvars": mustRead(t, filepath.Join(dir, "prod.tfvars"))},
			want: want{
				Name: "demo-aks", K8s: "1.31.2", K8sState: aks.Set, Model: netmodel.AzurePodSubnet, ModelState: aks.Defaulted,
				Dataplane: netmodel.DataplaneCilium, DNS: "172.20.0.10", Outbound: "userAssignedNATGateway",
				Authorized: "[203.0.113.0/24]",
				Pools: []pool{
					{Name: "system", OS: "Linux", Surge: "33%", Count: 2, MaxPods: 31, Subnet: "10.50.4.0/22", PodSub: "10.50.64.0/18", SubnetState: aks.Set},
					{Name: "user", OS: "Windows", Surge: "10%", Count: 3, MaxPods: 250, Subnet: "10.50.4.0/22", PodSub: "invalid Prefix", SubnetState: aks.Set},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := ParseDir(dir, files, tt.tfvars)
			if diff := cmp.Diff(tt.want, summarizeDoc(doc)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func itoa(i int) string { return fmt.Sprintf("%03d", i) }

// TestParseDirHostile checks that bad input yields diagnostics, not panics,
// hangs or made-up values.
func TestParseDirHostile(t *testing.T) {
	cluster := func(np string) string {
		return "resource \"azurerm_kubernetes_cluster\" \"c\" {\n  default_node_pool {\n    name = \"p\"\n    node_count = local.n\n  }\n  network_profile {\n" + np + "\n  }\n}\n"
	}
	tests := []struct {
		name string
		src  string
		code string
	}{
		{"typo plugin", cluster(`network_plugin = "kubernet"`) + "locals {\n n = 1\n}\n", CodeInvalidValue},
		{"invalid cidr", cluster("network_plugin = \"azure\"\npod_cidr = \"10.0.0.0/33\"") + "locals {\n n = 1\n}\n", CodeInvalidCIDR},
		{"host bits", cluster("network_plugin = \"azure\"\nservice_cidr = \"10.0.0.1/16\"") + "locals {\n n = 1\n}\n", CodeInvalidCIDR},
		{"huge number", cluster(`network_plugin = "azure"`) + "locals {\n n = 1e400\n}\n", CodeWrongType},
		{"fraction", cluster(`network_plugin = "azure"`) + "locals {\n n = 1.5\n}\n", CodeWrongType},
		{"wrong type", cluster(`network_plugin = "azure"`) + "locals {\n n = [1, 2]\n}\n", CodeWrongType},
		{"cycle", cluster(`network_plugin = "azure"`) + "locals {\n n = local.m\n m = local.n\n}\n", CodeCycle},
		{"self cycle", cluster(`network_plugin = "azure"`) + "locals {\n n = local.n + 1\n}\n", CodeCycle},
		{"undeclared", cluster(`network_plugin = "azure"`), CodeUndeclared},
		{"syntax", "resource \"azurerm_kubernetes_cluster\" \"c\" {\n  name = \n}\n", CodeSyntax},
		{"data source", cluster(`network_plugin = data.x.y.plugin`) + "locals {\n n = 1\n}\n", CodeUnresolved},
		{"module output", cluster(`network_plugin = module.net.plugin`) + "locals {\n n = 1\n}\n", CodeUnresolved},
		{"no default pool", "resource \"azurerm_kubernetes_cluster\" \"c\" {\n}\n", CodeNoDefaultPool},
		{"huge count", "resource \"azurerm_kubernetes_cluster\" \"c\" {\n count = 100000\n default_node_pool {\n name = \"p\"\n }\n}\n", CodeTooMany},
		{"module recursion", "module \"self\" {\n  source = \"./\"\n  for_each = toset([\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"])\n}\n", CodeModuleCall},
		{"duplicate", "variable \"a\" {}\nvariable \"a\" {}\n", CodeDuplicate},
		{"tfvars type", "variable \"n\" {\n  type = number\n  default = \"x\"\n}\n", CodeTFVars},
		{"registry module", "module \"net\" {\n  source = \"Azure/avm-res-network/azurerm\"\n}\n", CodeModuleCall},
		{"unknown count", "variable \"on\" {}\nresource \"azurerm_kubernetes_cluster\" \"c\" {\n count = var.on ? 1 : 0\n default_node_pool {\n name = \"p\"\n }\n}\n", CodeCount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := ParseDir("x", map[string][]byte{"main.tf": []byte(tt.src)}, nil)
			var codes []string
			found := false
			for _, d := range doc.Diagnostics {
				codes = append(codes, d.Code)
				found = found || d.Code == tt.code
				if d.File == "" || d.Line == 0 {
					t.Errorf("diagnostic without file and line: %v", d)
				}
				if d.Hint == "" {
					t.Errorf("diagnostic without a hint: %v", d)
				}
			}
			if !found {
				t.Errorf("want a %s diagnostic, got codes %v: %v", tt.code, codes, doc.Diagnostics)
			}
		})
	}
}

func TestParseDirJSONSyntax(t *testing.T) {
	doc := ParseDir("x", map[string][]byte{"main.tf.json": []byte(`{"resource": {}}`)}, nil)
	if len(doc.Diagnostics) != 1 || doc.Diagnostics[0].Code != CodeJSONSyntax || doc.Diagnostics[0].File != filepath.Join("x", "main.tf.json") {
		t.Fatalf("want one %s diagnostic on x/main.tf.json, got %v", CodeJSONSyntax, doc.Diagnostics)
	}
}

func TestParseDirDeepNesting(t *testing.T) {
	depth := 2000
	src := "locals {\n  x = " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\n}\n"
	src += "locals {\n  y = " + strings.Repeat("(", depth) + "1" + strings.Repeat(")", depth) + "\n}\n"
	doc := ParseDir("x", map[string][]byte{"main.tf": []byte(src)}, nil)
	if len(doc.Clusters) != 0 {
		t.Fatalf("clusters from nothing: %v", doc.Clusters)
	}
	// A long chain of locals is evaluated up to the depth cap without
	// exhausting the stack.
	var b strings.Builder
	b.WriteString("locals {\n")
	for i := range 500 {
		b.WriteString("  l" + itoa(i) + " = local.l" + itoa(i+1) + "\n")
	}
	b.WriteString("  l500 = 1\n}\n")
	b.WriteString(`resource "azurerm_kubernetes_cluster" "c" {
  default_node_pool {
    name       = "p"
    node_count = local.l000
  }
}
`)
	doc = ParseDir("x", map[string][]byte{"main.tf": []byte(b.String())}, nil)
	if len(doc.Clusters) != 1 || doc.Clusters[0].Pools[0].Count.State != aks.Unknown {
		t.Fatalf("want one cluster with an unknown count, got %+v", doc.Clusters)
	}
}

// TestParseDirFollowsModules checks that local module calls are read with
// their arguments, from disk or from files given under relative names.
func TestParseDirFollowsModules(t *testing.T) {
	type cl struct {
		Addr, Name, K8s string
		Pools           []string
	}
	want := []cl{
		{Addr: "module.aks.azurerm_kubernetes_cluster.main", Name: "caller-aks", K8s: "1.29.9",
			Pools: []string{"system 10.60.4.0/22 31", "user 10.60.4.0/22 250"}},
		{Addr: `module.twice["a"].azurerm_kubernetes_cluster.main`, Name: "a-aks", K8s: "unknown",
			Pools: []string{"system 10.50.4.0/22 31"}},
		{Addr: `module.twice["b"].azurerm_kubernetes_cluster.main`, Name: "b-aks", K8s: "unknown",
			Pools: []string{"system 10.50.4.0/22 31"}},
	}
	caller := mustRead(t, filepath.Join("testdata", "modules", "caller", "main.tf"))
	full := mustRead(t, filepath.Join("testdata", "modules", "full", "main.tf"))
	for name, files := range map[string]map[string][]byte{
		"from disk":  {"main.tf": caller},
		"from files": {"main.tf": caller, "../full/main.tf": full},
	} {
		t.Run(name, func(t *testing.T) {
			doc := ParseDir(filepath.Join("testdata", "modules", "caller"), files, nil)
			var got []cl
			for _, c := range doc.Clusters {
				k := c.KubernetesVersion.State.String()
				if c.KubernetesVersion.Known() {
					k = c.KubernetesVersion.V
				}
				g := cl{Addr: c.Address, Name: c.Name.V, K8s: k}
				for _, p := range c.Pools {
					g.Pools = append(g.Pools, fmt.Sprintf("%s %s %d", p.Name.V, p.Subnet.V, p.MaxPods.V))
				}
				got = append(got, g)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("clusters (-want +got):\n%s", diff)
			}
			var modCalls []string
			for _, d := range doc.Diagnostics {
				if d.Code == CodeModuleCall {
					modCalls = append(modCalls, fmt.Sprintf("%s:%d", filepath.Base(d.File), d.Line))
				}
			}
			if diff := cmp.Diff([]string{"main.tf:18"}, modCalls); diff != "" {
				t.Errorf("module call diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

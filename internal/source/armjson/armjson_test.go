package armjson_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/source/armjson"
)

func TestShapes(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{{
		name: "az aks show flattened",
		src: `{"name": "a", "type": "Microsoft.ContainerService/ManagedClusters", "kubernetesVersion": "1.29.4",
		  "networkProfile": {"networkPlugin": "kubenet"}, "agentPoolProfiles": [{"name": "p", "count": 2}]}`,
		want: "cluster a [] identity=-\n  model=kubenet* plugin=kubenet mode=- dataplane=- policy=none*\n" +
			"  pod=10.244.0.0/16* service=10.0.0.0/16* dns=10.0.0.10* outbound=loadBalancer* lbsku=standard* private=false*\n" +
			"  pool p count=2 min=- max=- maxPods=110* os=Linux* mode=- subnet=- podSubnet=-\n",
	}, {
		name: "az aks list and resource graph",
		src: `{"data": [{"name": "b", "type": "microsoft.containerservice/managedclusters", "id": "/x/b",
		  "properties": {"networkProfile": {"networkPlugin": "azure", "networkPluginMode": "overlay", "podCidr": "192.168.0.0/16"}}}, 7]}`,
		want: "cluster b [/x/b] identity=-\n  model=azure-overlay* plugin=azure mode=overlay dataplane=azure* policy=none*\n" +
			"  pod=192.168.0.0/16 service=10.0.0.0/16* dns=10.0.0.10* outbound=loadBalancer* lbsku=standard* private=false*\n" +
			"diag x.json:2:129: warning READ003: list element 1 is a number, not a resource object; skipped\n",
	}, {
		name: "pod subnet with child agent pool",
		src: `[{"name": "c", "id": "/s/managedClusters/c", "type": "Microsoft.ContainerService/managedClusters",
		  "properties": {"kubernetesVersion": "1.31", "networkProfile": {"networkPlugin": "azure"}}},
		 {"name": "p", "id": "/s/managedClusters/c/agentPools/p", "type": "Microsoft.ContainerService/managedClusters/agentPools",
		  "properties": {"count": 4, "vnetSubnetID": "/v/subnets/n", "podSubnetID": "/v/subnets/pods"}}]`,
		want: "cluster c [/s/managedClusters/c] identity=-\n  model=azure-pod-subnet* plugin=azure mode=- dataplane=azure* policy=none*\n" +
			"  pod=- service=10.0.0.0/16* dns=10.0.0.10* outbound=loadBalancer* lbsku=standard* private=false*\n" +
			"  pool p count=4 min=- max=- maxPods=250* os=Linux* mode=- subnet=- podSubnet=-\n",
	}, {
		name: "az network vnet list",
		src: `[{"name": "v", "id": "/v", "type": "Microsoft.Network/virtualNetworks", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
		  "subnets": [{"name": "n", "addressPrefix": "10.0.1.0/24", "delegations": []}],
		  "virtualNetworkPeerings": [{"name": "hub", "remoteAddressSpace": {"addressPrefixes": ["10.100.0.0/16"]}}]},
		 {"name": "x", "id": "/w/subnets/x", "type": "Microsoft.Network/virtualNetworks/subnets", "properties": {"addressPrefixes": ["10.9.0.0/24"]}}]`,
		want: "vnet v space=[10.0.0.0/16]\n  subnet n [10.0.1.0/24] delegations=[]\n  peering hub remote=[10.100.0.0/16]\n" +
			"vnet w space=[]\n  subnet x [10.9.0.0/24] delegations=[]\n",
	}, {
		name: "not a resource",
		src:  `{"hello": "world"}`,
		want: "diag x.json:1:1: info READ002: no managed cluster or virtual network found\n",
	}, {
		name: "syntax error",
		src:  "{\n \"a\": [1,}",
		want: "diag x.json:2:10: error READ001: invalid JSON: unexpected '}', want a value\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(armjson.Parse("x.json", []byte(tt.src)))
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("summary (-want +got):\n%s", d)
			}
		})
	}
}

func TestOrigins(t *testing.T) {
	src := "[\n  {\"name\": \"a\", \"type\": \"Microsoft.ContainerService/managedClusters\",\n" +
		"   \"properties\": {\"networkProfile\": {\"serviceCidr\": \"10.1.0.0/16\"}}}\n]"
	doc := armjson.Parse("f.json", []byte(src))
	got := doc.Clusters[0].Network.ServiceCIDR.Origin
	want := aks.Origin{File: "f.json", Line: 3, Column: 53, Path: "/0/properties/networkProfile/serviceCidr"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("origin (-want +got):\n%s", d)
	}
}

// TestHostile feeds oversized and malformed input: each must produce a
// located diagnostic or a located unknown, never a panic or a hang.
func TestHostile(t *testing.T) {
	deep := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	tests := map[string]string{
		"deep nesting":    deep,
		"deep objects":    strings.Repeat(`{"a":`, 100_000) + "1" + strings.Repeat("}", 100_000),
		"huge number":     `{"type": "Microsoft.ContainerService/managedClusters", "properties": {"agentPoolProfiles": [{"name": "p", "count": 1` + strings.Repeat("0", 5000) + `}]}}`,
		"invalid cidrs":   `{"type": "Microsoft.ContainerService/managedClusters", "properties": {"networkProfile": {"podCidr": "10.0.0.0/33", "serviceCidr": "300.0.0.0/8", "dnsServiceIP": "::1%eth0"}}}`,
		"wrong types":     `{"type": "Microsoft.ContainerService/managedClusters", "properties": {"networkProfile": [], "agentPoolProfiles": {"a": 1}, "apiServerAccessProfile": {"enablePrivateCluster": "yes"}}}`,
		"empty":           ``,
		"nul bytes":       "\x00\x00",
		"top-level null":  `null`,
		"pools not array": `{"type": "Microsoft.ContainerService/managedClusters", "properties": {"agentPoolProfiles": "p"}}`,
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			doc := armjson.Parse("h.json", []byte(src))
			if len(doc.Diagnostics) == 0 {
				t.Fatalf("no diagnostic for hostile input")
			}
			checkLocated(t, doc)
		})
	}
}

// checkLocated fails for any diagnostic without file and line.
func checkLocated(t testing.TB, doc aks.Document) {
	t.Helper()
	for _, d := range doc.Diagnostics {
		if d.File == "" || d.Line <= 0 {
			t.Errorf("diagnostic without location: %v", d)
		}
	}
}

// TestCorpusWalk reads every file under corpus/azure (templates too, which
// this reader does not understand): no panic, every diagnostic located.
func TestCorpusWalk(t *testing.T) {
	root := corpustestRoot(t)
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc := armjson.Parse(p, data)
		checkLocated(t, doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func FuzzParse(f *testing.F) {
	root := corpustestRoot(f)
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			if data, err := os.ReadFile(p); err == nil && len(data) < 64<<10 {
				f.Add(data)
			}
		}
		return nil
	})
	f.Add([]byte(`[{"type":"Microsoft.Network/virtualNetworks","properties":{"subnets":[{"properties":{"addressPrefix":"10.0.0.0/99"}}]}}]`))
	f.Add([]byte(`{"data":[{"properties":{"networkProfile":{"podCidrs":[1,"x"]},"agentPoolProfiles":[{"count":-1,"maxPods":1e999}]}}]}`))
	f.Add([]byte(strings.Repeat("[", 200)))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := armjson.Parse("fuzz.json", data)
		checkLocated(t, doc)
		for _, c := range doc.Clusters {
			for _, p := range c.Pools {
				if v, ok := p.Count.Get(); ok && v < 0 {
					t.Errorf("negative count %d read as known", v)
				}
			}
		}
	})
}

package sim

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/source/terraform"
	"github.com/google/go-cmp/cmp"
)

func readTF(t *testing.T, dir string) aks.Document {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(n)] = b
	}
	return terraform.ParseDir(dir, files, nil)
}

// TestFromClusterCorpus simulates clusters read from real Terraform
// examples: kubenet behind a firewall (UDR) and Azure CNI behind a firewall.
func TestFromClusterCorpus(t *testing.T) {
	cases := []struct {
		example                   string
		model                     netmodel.ID
		outbound, nodeSubnet      string
		podToVM, podToInternetVia string
	}{
		{"egress-with-udr-kubenet", netmodel.Kubenet, OutboundUDR, "10.1.0.0/22", "node", "firewall"},
		{"egress-with-udr-azure-cni", netmodel.AzureNodeSubnet, OutboundUDR, "10.1.0.0/22", "pod", "firewall"},
	}
	for _, c := range cases {
		t.Run(c.example, func(t *testing.T) {
			doc := readTF(t, corpustest.Dir(t, "terraform", "hashicorp-terraform-provider-azurerm", "examples", "kubernetes", c.example))
			if len(doc.Clusters) != 1 {
				t.Fatalf("clusters: %d", len(doc.Clusters))
			}
			o, ds := FromCluster(doc.Clusters[0], doc.VNets)
			if ds.HasErrors() {
				t.Fatal(ds)
			}
			got := []string{string(o.Choice.Model), o.OutboundType, o.NodeSubnet.String()}
			if diff := cmp.Diff([]string{string(c.model), c.outbound, c.nodeSubnet}, got); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
			top := mustBuild(t, o)
			if r := mustTrace(t, top, "pod", "vm"); seenClass(top, r) != c.podToVM {
				t.Errorf("pod to VM: seen %s, want %s", seenClass(top, r), c.podToVM)
			}
			if r := mustTrace(t, top, "pod", "internet"); !visits(r, c.podToInternetVia) || seenClass(top, r) != "public" {
				t.Errorf("pod to internet: want via %s to a public IP: %+v", c.podToInternetVia, r.Hops)
			}
		})
	}
}

// TestFromClusterUnknownModel: an unresolvable model is an error with a location.
func TestFromClusterUnknownModel(t *testing.T) {
	c := aks.Cluster{Source: aks.Origin{File: "main.tf", Line: 3}}
	c.Network.Plugin = aks.UnknownAt[string](aks.Origin{File: "main.tf", Line: 7, Path: "network_profile.network_plugin"}, "var.plugin has no value")
	_, ds := FromCluster(c, nil)
	if !ds.HasErrors() || ds[0].Code != CodeCluster || ds[0].File != "main.tf" {
		t.Fatalf("diagnostics: %v", ds)
	}
}

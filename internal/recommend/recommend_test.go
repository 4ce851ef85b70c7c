package recommend

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/aksnet/aksnet/internal/netmodel"
)

var update = flag.Bool("update", false, "rewrite golden files")

var matrix = []struct {
	name string
	c    Constraints
}{
	{"no-constraints", Constraints{}},
	{"pod-ip-visible", Constraints{PodIPVisible: true}},
	{"inbound-to-pods", Constraints{InboundToPods: true}},
	{"windows", Constraints{Windows: true}},
	{"virtual-nodes", Constraints{VirtualNodes: true}},
	{"dual-stack", Constraints{DualStack: true}},
	{"policy-any", Constraints{NetworkPolicy: "any"}},
	{"policy-azure-600-nodes", Constraints{NetworkPolicy: "azure", MaxNodes: 600}},
	{"policy-calico", Constraints{NetworkPolicy: "calico"}},
	{"policy-cilium", Constraints{NetworkPolicy: "cilium"}},
	{"l7-policy", Constraints{L7Policy: true}},
	{"egress-restricted", Constraints{EgressRestricted: true}},
	{"latency-sensitive", Constraints{LatencySensitive: true}},
	{"max-nodes-1000", Constraints{MaxNodes: 1000}},
	{"windows-and-l7", Constraints{Windows: true, L7Policy: true}},
	{"tight-vnet", Constraints{Address: &AddressFit{Free: 2000, Need: map[netmodel.ID]int64{
		netmodel.Kubenet: 64, netmodel.AzureOverlay: 64, netmodel.BYOCNI: 64,
		netmodel.AzureNodeSubnet: 4096, netmodel.AzurePodSubnet: 1100,
	}}}},
}

func TestRecommendGolden(t *testing.T) {
	for _, tt := range matrix {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Recommend(tt.c)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Ranking)+len(res.Excluded) != len(Candidates()) {
				t.Fatalf("%d ranked + %d excluded, want %d candidates", len(res.Ranking), len(res.Excluded), len(Candidates()))
			}
			got, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", tt.name+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// TestExclusions pins the decisive facts: which candidates each hard
// constraint rules out, and the source code of the fact that does it.
func TestExclusions(t *testing.T) {
	tests := []struct {
		name string
		c    Constraints
		want map[string]string // candidate → source
	}{
		{"pod IP visible keeps only the pod subnet", Constraints{PodIPVisible: true}, map[string]string{
			"azure-overlay": "OVL", "cilium": "OVL", "azure-node-subnet": "LEG", "kubenet": "KUB", "none": "BYO"}},
		{"inbound to pods needs a flat model", Constraints{InboundToPods: true}, map[string]string{
			"azure-overlay": "CNIOV", "cilium": "CNIOV", "kubenet": "CNIOV", "none": "BYO"}},
		{"windows", Constraints{Windows: true}, map[string]string{
			"cilium": "CIL", "azure-pod-subnet-cilium": "CIL", "kubenet": "KUB", "none": "BYO"}},
		{"virtual nodes", Constraints{VirtualNodes: true}, map[string]string{
			"azure-overlay": "OVL", "cilium": "OVL", "azure-pod-subnet": "CNIOV", "azure-pod-subnet-cilium": "CNIOV", "kubenet": "VN", "none": "BYO"}},
		{"dual-stack", Constraints{DualStack: true}, map[string]string{
			"azure-pod-subnet": "CNIOV", "azure-pod-subnet-cilium": "CIL", "azure-node-subnet": "CNIOV", "kubenet": "DUAL", "none": "BYO"}},
		{"kubenet past 400 nodes", Constraints{MaxNodes: 401}, map[string]string{"kubenet": "KUB"}},
		{"Azure NPM past 250 nodes", Constraints{NetworkPolicy: "azure", MaxNodes: 251}, map[string]string{
			"azure-overlay": "NETPOL", "azure-pod-subnet": "NETPOL", "azure-node-subnet": "NETPOL", "kubenet": "NETPOL", "none": "NETPOL",
			"cilium": "UPD", "azure-pod-subnet-cilium": "UPD"}},
		{"cilium policy needs the cilium data plane", Constraints{NetworkPolicy: "cilium"}, map[string]string{
			"azure-overlay": "SPEC", "azure-pod-subnet": "SPEC", "azure-node-subnet": "SPEC", "kubenet": "CIL", "none": "CIL"}},
		{"l7", Constraints{L7Policy: true}, map[string]string{
			"azure-overlay": "CIL", "azure-pod-subnet": "CIL", "azure-node-subnet": "CIL", "kubenet": "CIL", "none": "CIL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Recommend(tt.c)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, e := range res.Excluded {
				got[e.Name] = e.Source
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("exclusions (-want +got)\n%s", diff)
			}
		})
	}
}

func TestDefaultRankingPrefersOverlay(t *testing.T) {
	res, err := Recommend(Constraints{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Ranking[0].Name != "cilium" && res.Ranking[0].Name != "azure-overlay" {
		t.Errorf("best = %s, want an overlay choice", res.Ranking[0].Name)
	}
	if last := res.Ranking[len(res.Ranking)-1].Name; last != "kubenet" {
		t.Errorf("last = %s, want kubenet (retiring)", last)
	}
}

func TestUnknownPolicy(t *testing.T) {
	if _, err := Recommend(Constraints{NetworkPolicy: "weave"}); err == nil {
		t.Fatal("want an error for an unknown engine")
	}
}

// TestEverySourceIsInTheFactsSheet checks each reason and exclusion cites a
// source code from the facts sheet's legend.
func TestEverySourceIsInTheFactsSheet(t *testing.T) {
	legend := corpustest.FactsLegend(t)
	for _, tt := range matrix {
		res, err := Recommend(tt.c)
		if err != nil {
			t.Fatal(err)
		}
		var sources []string
		for _, r := range res.Ranking {
			for _, re := range r.Reasons {
				sources = append(sources, re.Source)
			}
		}
		for _, e := range res.Excluded {
			sources = append(sources, e.Source)
		}
		for _, s := range sources {
			if !legend[s] {
				t.Errorf("%s: source %q is not in the facts sheet legend", tt.name, s)
			}
		}
	}
}

package netmodel

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseModel(t *testing.T) {
	tests := []struct {
		in   string
		want Choice
		err  bool
	}{
		{"kubenet", Choice{Model: Kubenet, Dataplane: DataplaneAzure, Policy: PolicyNone}, false},
		{"azure-node-subnet", Choice{Model: AzureNodeSubnet, Dataplane: DataplaneAzure, Policy: PolicyNone}, false},
		{"node-subnet", Choice{Model: AzureNodeSubnet, Dataplane: DataplaneAzure, Policy: PolicyNone}, false},
		{"azure-pod-subnet", Choice{Model: AzurePodSubnet, Allocation: Dynamic, Dataplane: DataplaneAzure, Policy: PolicyNone}, false},
		{"Azure-Overlay", Choice{Model: AzureOverlay, Dataplane: DataplaneAzure, Policy: PolicyNone}, false},
		{" overlay ", Choice{Model: AzureOverlay, Dataplane: DataplaneAzure, Policy: PolicyNone}, false},
		{"none", Choice{Model: BYOCNI, Policy: PolicyNone}, false},
		// cilium is shorthand for overlay with the cilium data plane (and its policy engine).
		{"cilium", Choice{Model: AzureOverlay, Dataplane: DataplaneCilium, Policy: PolicyCilium}, false},
		{"flannel", Choice{}, true},
		{"", Choice{}, true},
	}
	for _, tt := range tests {
		got, err := ParseModel(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseModel(%q) err = %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseModel(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestCatalogDefaults checks the maxPods defaults the planner uses (IPPLAN,
// DYN, CLI) and that every model is in the catalog with sources.
func TestCatalogDefaults(t *testing.T) {
	want := map[ID]int{Kubenet: 110, AzureNodeSubnet: 30, AzurePodSubnet: 250, AzureOverlay: 250, BYOCNI: 250}
	for _, id := range IDs() {
		m, ok := Lookup(id)
		if !ok {
			t.Fatalf("%s missing", id)
		}
		if m.MaxPodsDefault.Value != want[id] || m.MaxPodsDefault.Source == "" || m.MaxNodes.Source == "" {
			t.Errorf("%s: maxPods default %+v, max nodes %+v", id, m.MaxPodsDefault, m.MaxNodes)
		}
	}
	if MustLookup(Kubenet).MaxNodes.Value != 400 {
		t.Error("kubenet max nodes should be 400 (KUB)")
	}
}

func TestPodBlocks(t *testing.T) {
	// STB examples 8–10: 30 → 2, 31 → 2, 32 → 3 blocks.
	for _, tt := range []struct{ maxPods, blocks, usable int }{{30, 2, 31}, {31, 2, 31}, {32, 3, 47}, {10, 1, 15}, {15, 1, 15}, {16, 2, 31}, {250, 16, 255}} {
		b := StaticBlocksPerNode(tt.maxPods)
		if b != tt.blocks || StaticBlockUsablePods(b) != tt.usable {
			t.Errorf("maxPods %d: %d blocks, %d usable; want %d, %d", tt.maxPods, b, StaticBlockUsablePods(b), tt.blocks, tt.usable)
		}
	}
	// Derived overlay sizing: /16 → 256, /14 → 1,024, /19 → 32, /13 → 2,048.
	for bits, want := range map[int]int64{16: 256, 14: 1024, 19: 32, 13: 2048, 24: 1, 25: 0} {
		if got := PodCIDRNodes(bits, 24); got != want {
			t.Errorf("PodCIDRNodes(/%d) = %d, want %d", bits, got, want)
		}
	}
}

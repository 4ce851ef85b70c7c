package netmodel

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseModel(t *testing.T) {
	tests := []struct {
		in      string
		want    Choice
		wantErr bool
	}{
		{"kubenet", Choice{Model: Kubenet, Dataplane: DataplaneAzure, Policy: PolicyNone}, false},
		{"azure-node-subnet", Choice{Model: AzureNodeSubnet, Dataplane: DataplaneAzure, Policy: PolicyNone}, false},
		{"node-subnet", Choice{Model: AzureNodeSubnet, Dataplane: DataplaneAzure, Policy: PolicyNone}, false},
		{"azure-pod-subnet", Choice{Model: AzurePodSubnet, Allocation: Dynamic, Dataplane: DataplaneAzure, Policy: PolicyNone}, false},
		{"Azure-Overlay", Choice{Model: AzureOverlay, Dataplane: DataplaneAzure, Policy: PolicyNone}, false},
		{"overlay", Choice{Model: AzureOverlay, Dataplane: DataplaneAzure, Policy: PolicyNone}, false},
		{"none", Choice{Model: BYOCNI, Policy: PolicyNone}, false},
		// "cilium" is shorthand for overlay with the cilium data plane (and its policy engine).
		{"cilium", Choice{Model: AzureOverlay, Dataplane: DataplaneCilium, Policy: PolicyCilium}, false},
		{" cilium ", Choice{Model: AzureOverlay, Dataplane: DataplaneCilium, Policy: PolicyCilium}, false},
		{"calico", Choice{}, true},
		{"", Choice{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseModel(tt.in)
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "unknown model") {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestCatalogSources checks that every model is in the catalog with a source
// beside each value the planner reads.
func TestCatalogSources(t *testing.T) {
	for _, id := range IDs() {
		m, ok := Lookup(id)
		if !ok {
			t.Fatalf("%s missing from the catalog", id)
		}
		for name, src := range map[string]string{"MaxNodes": m.MaxNodes.Source, "MaxPodsDefault": m.MaxPodsDefault.Source, "PodSource": m.PodSource.Source} {
			if src == "" {
				t.Errorf("%s.%s has no source", id, name)
			}
		}
	}
	if got := MustLookup(Kubenet).MaxNodes.Value; got != 400 {
		t.Errorf("kubenet max nodes = %d, want 400 (KUB)", got)
	}
	if got := MustLookup(AzureOverlay).PerNodePodPrefixLen.Value; got != 24 {
		t.Errorf("overlay per-node prefix = /%d, want /24 (OVL)", got)
	}
}

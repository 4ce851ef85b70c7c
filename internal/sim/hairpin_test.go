package sim

import (
	"testing"

	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/google/go-cmp/cmp"
)

// TestServiceHairpin: a pod that reaches a service it backs itself is
// answered, with kube-proxy's masquerade address as the source; under the
// Cilium data plane the pod's socket connects to itself directly. The lab
// showed the kernel drops the un-masqueraded packet as a martian.
func TestServiceHairpin(t *testing.T) {
	tests := []struct {
		name   string
		choice netmodel.Choice
		seen   string
	}{
		{"kubenet: bridge address", netmodel.Choice{Model: netmodel.Kubenet}, "10.244.1.1"},
		{"overlay: bridge address", netmodel.Choice{Model: netmodel.AzureOverlay}, "10.244.1.1"},
		{"node subnet: node IP", netmodel.Choice{Model: netmodel.AzureNodeSubnet}, "10.224.0.5"},
		{"pod subnet: node IP", netmodel.Choice{Model: netmodel.AzurePodSubnet, Allocation: netmodel.Dynamic}, "10.224.0.5"},
		{"cilium: own IP", netmodel.Choice{Model: netmodel.AzureOverlay, Dataplane: netmodel.DataplaneCilium}, "10.244.1.3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			topo, ds := Build(Options{Choice: tc.choice, Nodes: 2})
			if ds.HasErrors() {
				t.Fatal(ds)
			}
			r, err := topo.TraceFlow("pod:api@node2", "service:api")
			if err != nil {
				t.Fatal(err)
			}
			var seen string
			if r.SeenSource != nil {
				seen = r.SeenSource.String()
			}
			got := struct {
				Reachable bool
				Seen      string
			}{r.Reachable, seen}
			want := struct {
				Reachable bool
				Seen      string
			}{true, tc.seen}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s\n%+v", d, r.Hops)
			}
		})
	}
}

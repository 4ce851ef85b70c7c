package sim

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/google/go-cmp/cmp"
)

func TestPodNamesFor(t *testing.T) {
	if d := cmp.Diff([]string{"web", "api", "pod3", "pod4"}, PodNamesFor(4)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestPodsPerNode builds every model with several pods per node and checks
// that each node runs them all, on distinct addresses, and that the
// default matrix still traces.
func TestPodsPerNode(t *testing.T) {
	choices := []netmodel.Choice{
		{Model: netmodel.Kubenet}, {Model: netmodel.AzureNodeSubnet}, {Model: netmodel.AzureOverlay}, {Model: netmodel.BYOCNI},
		{Model: netmodel.AzurePodSubnet, Allocation: netmodel.Dynamic}, {Model: netmodel.AzurePodSubnet, Allocation: netmodel.StaticBlock},
	}
	for _, c := range choices {
		for _, pods := range []int{2, 5, MaxPodsPerNode} {
			t.Run(fmt.Sprintf("%s-%s-%d", c.Model, c.Allocation, pods), func(t *testing.T) {
				topo, ds := Build(Options{Choice: c, Nodes: 3, PodsPerNode: pods})
				if ds.HasErrors() {
					t.Fatal(ds)
				}
				seen := map[netip.Addr]string{}
				perNode := map[string]int{}
				for _, h := range topo.Hosts {
					if h.Kind != KindPod {
						continue
					}
					perNode[h.Node]++
					ip := h.Primary()
					if other, dup := seen[ip]; dup {
						t.Errorf("%s and %s share %s", other, h.Name, ip)
					}
					seen[ip] = h.Name
				}
				if d := cmp.Diff(map[string]int{"node1": pods, "node2": pods, "node3": pods}, perNode); d != "" {
					t.Errorf("pods per node (-want +got):\n%s", d)
				}
				if _, err := topo.Matrix(nil, nil); err != nil {
					t.Error(err)
				}
			})
		}
	}
	for _, pods := range []int{1, MaxPodsPerNode + 1} {
		if _, ds := Build(Options{PodsPerNode: pods}); !ds.HasErrors() {
			t.Errorf("PodsPerNode %d accepted", pods)
		}
	}
	if _, ds := Build(Options{PodsPerNode: 10, MaxPods: 8}); !ds.HasErrors() {
		t.Error("more pods than maxPods accepted")
	}
}

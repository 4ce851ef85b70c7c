package render

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

func TestPlanDefaultsMerge(t *testing.T) {
	plans := []ipplan.Plan{
		{Model: netmodel.Kubenet, Defaults: []string{"a", "b"}},
		{Model: netmodel.AzurePodSubnet, Allocation: netmodel.StaticBlock, Defaults: []string{"a", "c"}},
		{Model: netmodel.AzureOverlay, Dataplane: netmodel.DataplaneCilium, Defaults: []string{"a", "c"}},
	}
	want := []string{"a", "b — kubenet", "c — azure-pod-subnet (static-block), azure-overlay + cilium"}
	if diff := cmp.Diff(want, planDefaults(plans)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestPlanJSONEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := PlanJSON(&b, nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("{\n  \"schemaVersion\": 1,\n  \"plans\": []\n}\n", b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

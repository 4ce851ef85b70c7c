package render

import (
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/sim"
	"github.com/google/go-cmp/cmp"
)

func TestMatrixCell(t *testing.T) {
	ip := netip.MustParseAddr("10.224.0.4")
	cases := []struct {
		name string
		r    sim.Result
		want string
	}{
		{"pod", sim.Result{Reachable: true, SeenSource: &ip, Attributable: true, Verdict: sim.VerdictReachable}, "10.224.0.4 (pod)"},
		{"node", sim.Result{Reachable: true, SeenSource: &ip, Verdict: sim.VerdictReachable}, "10.224.0.4"},
		{"unreachable", sim.Result{Verdict: sim.VerdictLoop}, "no: routing loop"},
		{"byo", sim.Result{Verdict: sim.VerdictPluginDefined}, sim.VerdictPluginDefined},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, MatrixCell(c.r)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMatricesTableAlignsFlows(t *testing.T) {
	ip := netip.MustParseAddr("10.0.0.1")
	a := sim.Matrix{Model: "a", Flows: []sim.Result{{From: "x", To: "y", Reachable: true, SeenSource: &ip, Verdict: sim.VerdictReachable}}}
	b := sim.Matrix{Model: "b", Flows: []sim.Result{{From: "x", To: "z", Verdict: sim.VerdictNoRoute}}}
	got := MatricesTable([]sim.Matrix{a, b})
	want := Table{Header: []string{"FROM", "TO", "a", "b"}, Rows: [][]string{{"x", "y", "10.0.0.1", "-"}, {"x", "z", "-", "no: no route"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

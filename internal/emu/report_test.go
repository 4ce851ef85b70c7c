package emu

import (
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/sim"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestCompare(t *testing.T) {
	a := func(s string) *netip.Addr { x := netip.MustParseAddr(s); return &x }
	yes := func(host, seen string) Answer {
		return Answer{Reachable: true, AnsweredBy: host, SeenSource: a(seen), Tries: 1}
	}
	no := Answer{Tries: 3}
	tests := []struct {
		name      string
		verdict   string
		predicted Observation
		udp, tcp  Answer
		agree     bool
		compared  bool
		observed  Observation
		detail    string
	}{
		{"agree reachable", sim.VerdictReachable, Observation{true, a("10.0.0.1")}, yes("vm", "10.0.0.1"), yes("vm", "10.0.0.1"),
			true, true, Observation{true, a("10.0.0.1")}, ""},
		{"agree unreachable", sim.VerdictNoRoute, Observation{}, no, no, true, true, Observation{}, ""},
		{"other seen source", sim.VerdictReachable, Observation{true, a("10.0.0.1")}, yes("vm", "10.0.0.2"), yes("vm", "10.0.0.2"),
			false, true, Observation{true, a("10.0.0.2")}, "predicted seen source 10.0.0.1, observed 10.0.0.2"},
		{"unexpectedly reachable", sim.VerdictBlackhole, Observation{}, yes("vm", "10.0.0.1"), yes("vm", "10.0.0.1"),
			false, true, Observation{true, a("10.0.0.1")}, "predicted reachable false, observed true"},
		{"wrong host answered", sim.VerdictReachable, Observation{true, a("10.0.0.1")}, yes("fabric", "10.0.0.1"), yes("vm", "10.0.0.1"),
			false, true, Observation{}, "udp answered by fabric, not vm; udp reachable false but tcp reachable true; predicted reachable true, observed false"},
		{"protocols differ", sim.VerdictReachable, Observation{true, a("10.0.0.1")}, yes("vm", "10.0.0.1"), no,
			false, true, Observation{}, "udp reachable true but tcp reachable false; predicted reachable true, observed false"},
		{"undetermined", sim.VerdictPluginDefined, Observation{}, yes("vm", "10.0.0.1"), yes("vm", "10.0.0.1"),
			true, false, Observation{true, a("10.0.0.1")}, "not compared: " + sim.VerdictPluginDefined},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Flow{Verdict: tc.verdict, Predicted: tc.predicted, UDP: tc.udp, TCP: tc.tcp}
			f.Compare("vm")
			got := struct {
				Agree, Compared bool
				Observed        Observation
				Detail          string
			}{f.Agree, f.Compared, f.Observed, f.Detail}
			want := struct {
				Agree, Compared bool
				Observed        Observation
				Detail          string
			}{tc.agree, tc.compared, tc.observed, tc.detail}
			if d := cmp.Diff(want, got, cmpopts.EquateComparable(netip.Addr{})); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestFinishAndMedian(t *testing.T) {
	r := Report{Flows: []Flow{{Agree: true, RTTMicros: []int64{30, 10, 20}}, {Agree: false, Detail: "x", RTTMicros: []int64{5, 7}}, {Agree: true}}}
	r.Finish()
	if len(r.Disagreements) != 1 || r.Disagreements[0].Detail != "x" {
		t.Errorf("disagreements = %+v", r.Disagreements)
	}
	if r.LatencyMedianMicros != 5 { // medians 20 and 5: the lower middle
		t.Errorf("median = %d, want 5", r.LatencyMedianMicros)
	}
	for _, tc := range []struct {
		in   []int64
		want int64
	}{{nil, 0}, {[]int64{3}, 3}, {[]int64{4, 1, 3}, 3}, {[]int64{4, 1, 3, 2}, 2}} {
		if got := Median(tc.in); got != tc.want {
			t.Errorf("Median(%v) = %d, want %d", tc.in, got, tc.want)
		}
	}
	ok := Report{Flows: []Flow{{Agree: true}}}
	ok.Finish()
	if ok.Disagreements == nil || len(ok.Disagreements) != 0 {
		t.Errorf("agreeing report: disagreements %#v, want empty and non-nil", ok.Disagreements)
	}
}

package emu

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/aksnet/aksnet/internal/sim"
)

// Observation is what a flow does: whether the destination answered and
// which source address it saw.
type Observation struct {
	Reachable  bool        `json:"reachable"`
	SeenSource *netip.Addr `json:"seenSource"`
}

// Answer is one protocol's outcome of a probe.
type Answer struct {
	Reachable  bool        `json:"reachable"`
	SeenSource *netip.Addr `json:"seenSource"`
	// AnsweredBy is the host whose responder replied.
	AnsweredBy string `json:"answeredBy,omitempty"`
	Tries      int    `json:"tries"`
}

// Flow is one flow of the matrix with its prediction and observation.
type Flow struct {
	From        string           `json:"from"`
	To          string           `json:"to"`
	Source      sim.EndpointView `json:"source"`
	Destination sim.EndpointView `json:"destination"`
	// Port is the destination port the probes used.
	Port      uint16      `json:"port"`
	Verdict   string      `json:"verdict"`
	Predicted Observation `json:"predicted"`
	Observed  Observation `json:"observed"`
	UDP       Answer      `json:"udp"`
	TCP       Answer      `json:"tcp"`
	// Compared is false for flows the simulator leaves undetermined.
	Compared bool `json:"compared"`
	Agree    bool `json:"agree"`
	// Reprobed is true when the flow disagreed at first and was probed
	// again, alone and with a longer timeout; the answers are the second
	// probe's.
	Reprobed bool   `json:"reprobed,omitempty"`
	Detail   string `json:"detail,omitempty"`
	// RTTMicros are the measured round-trip times with --latency.
	RTTMicros []int64 `json:"rttMicros,omitempty"`
}

// Report is the outcome of probing a lab. Its JSON form is the contract of
// `aksnet lab probe -o json`.
type Report struct {
	SchemaVersion int    `json:"schemaVersion"`
	Lab           string `json:"lab"`
	Model         string `json:"model"`
	OutboundType  string `json:"outboundType"`
	Port          uint16 `json:"port"`
	Flows         []Flow `json:"flows"`
	// Disagreements are the flows whose observation differs from the
	// prediction; empty when the lab and the simulator agree.
	Disagreements []Flow `json:"disagreements"`
	// LatencyMedianMicros is the median over the flows' median RTTs.
	LatencyMedianMicros int64 `json:"latencyMedianMicros,omitempty"`
}

// Compare fills f's observation from its two answers and decides whether it
// agrees with the prediction. expect is the host that must answer (the
// destination, or the service's backend).
func (f *Flow) Compare(expect string) {
	f.Compared = !strings.HasPrefix(f.Verdict, "undetermined")
	var why []string
	for _, a := range []struct {
		proto string
		ans   *Answer
	}{{"udp", &f.UDP}, {"tcp", &f.TCP}} {
		if a.ans.Reachable && a.ans.AnsweredBy != expect {
			why = append(why, fmt.Sprintf("%s answered by %s, not %s", a.proto, a.ans.AnsweredBy, expect))
			a.ans.Reachable = false
		}
	}
	f.Observed = Observation{Reachable: f.UDP.Reachable && f.TCP.Reachable, SeenSource: f.UDP.SeenSource}
	if f.UDP.Reachable != f.TCP.Reachable {
		why = append(why, fmt.Sprintf("udp reachable %t but tcp reachable %t", f.UDP.Reachable, f.TCP.Reachable))
	}
	if f.UDP.Reachable && f.TCP.Reachable && !equalAddr(f.UDP.SeenSource, f.TCP.SeenSource) {
		why = append(why, fmt.Sprintf("udp seen from %s but tcp from %s", addrString(f.UDP.SeenSource), addrString(f.TCP.SeenSource)))
	}
	if !f.Observed.Reachable {
		f.Observed.SeenSource = nil
	}
	if f.Predicted.Reachable != f.Observed.Reachable {
		why = append(why, fmt.Sprintf("predicted reachable %t, observed %t", f.Predicted.Reachable, f.Observed.Reachable))
	} else if !equalAddr(f.Predicted.SeenSource, f.Observed.SeenSource) {
		why = append(why, fmt.Sprintf("predicted seen source %s, observed %s", addrString(f.Predicted.SeenSource), addrString(f.Observed.SeenSource)))
	}
	f.Agree = len(why) == 0 || !f.Compared
	f.Detail = strings.Join(why, "; ")
	if !f.Compared {
		f.Detail = "not compared: " + f.Verdict
	}
}

func equalAddr(a, b *netip.Addr) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func addrString(a *netip.Addr) string {
	if a == nil {
		return "none"
	}
	return a.String()
}

// Finish collects the disagreements and the latency median.
func (r *Report) Finish() {
	r.Disagreements = []Flow{}
	var meds []int64
	for _, f := range r.Flows {
		if !f.Agree {
			r.Disagreements = append(r.Disagreements, f)
		}
		if len(f.RTTMicros) > 0 {
			meds = append(meds, Median(f.RTTMicros))
		}
	}
	if len(meds) > 0 {
		r.LatencyMedianMicros = Median(meds)
	}
}

// Median returns the median of xs (the lower middle for an even count).
func Median(xs []int64) int64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

// Table renders the report as a text table.
func (r *Report) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "lab %s: model %s, outbound %s, port %d\n\n", r.Lab, r.Model, r.OutboundType, r.Port)
	rows := [][]string{{"FROM", "TO", "PREDICTED", "OBSERVED", "AGREE"}}
	lat := r.LatencyMedianMicros > 0
	if lat {
		rows[0] = append(rows[0], "RTT MEDIAN")
	}
	for _, f := range r.Flows {
		agree := "yes"
		switch {
		case !f.Compared:
			agree = "n/a (" + strings.TrimPrefix(f.Verdict, "undetermined: ") + ")"
		case !f.Agree:
			agree = "NO: " + f.Detail
		}
		row := []string{f.From, f.To, obsString(f.Predicted), obsString(f.Observed), agree}
		if lat {
			m := "-"
			if len(f.RTTMicros) > 0 {
				m = (time.Duration(Median(f.RTTMicros)) * time.Microsecond).String()
			}
			row = append(row, m)
		}
		rows = append(rows, row)
	}
	w := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			w[i] = max(w[i], len(c))
		}
	}
	for _, row := range rows {
		for i, c := range row {
			if i == len(row)-1 {
				b.WriteString(c)
			} else {
				fmt.Fprintf(&b, "%-*s  ", w[i], c)
			}
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "\n%d flows, %d disagreements", len(r.Flows), len(r.Disagreements))
	if lat {
		fmt.Fprintf(&b, "; median RTT %s", time.Duration(r.LatencyMedianMicros)*time.Microsecond)
	}
	b.WriteByte('\n')
	return b.String()
}

func obsString(o Observation) string {
	if !o.Reachable {
		return "unreachable"
	}
	return "seen " + addrString(o.SeenSource)
}

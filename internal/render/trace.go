package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/sim"
)

// TraceText writes one simulated flow for people: the verdict, the address
// the destination sees, every hop and the notes.
func TraceText(w io.Writer, r sim.Result) error {
	var b strings.Builder
	writeTraceHead(&b, r, false)
	t := traceHops(r)
	if err := writeString(w, b.String()); err != nil {
		return err
	}
	if err := t.Text(w); err != nil {
		return err
	}
	return writeString(w, notesText(r.Notes, false))
}

// TraceMarkdown writes one simulated flow as Markdown.
func TraceMarkdown(w io.Writer, r sim.Result) error {
	var b strings.Builder
	writeTraceHead(&b, r, true)
	if err := writeString(w, b.String()); err != nil {
		return err
	}
	if err := traceHops(r).Markdown(w); err != nil {
		return err
	}
	return writeString(w, notesText(r.Notes, true))
}

func writeString(w io.Writer, s string) error {
	_, err := io.WriteString(w, s)
	return err
}

func endpointText(e sim.EndpointView) string {
	s := e.Kind + " " + e.Name + " " + e.IP.String()
	if e.Port != 0 {
		s += ":" + strconv.Itoa(int(e.Port))
	}
	if e.NodeIP.IsValid() {
		s += " (node IP " + e.NodeIP.String() + ")"
	}
	return s
}

func writeTraceHead(b *strings.Builder, r sim.Result, md bool) {
	if md {
		fmt.Fprintf(b, "### %s → %s (%s)\n\n", MarkdownCell(r.Source.Kind+" "+r.Source.Name), MarkdownCell(r.Destination.Kind+" "+r.Destination.Name), r.Model)
	}
	fmt.Fprintf(b, "from:        %s\n", endpointText(r.Source))
	if md {
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "to:          %s\n", endpointText(r.Destination))
	if md {
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "model:       %s\n", r.Model)
	if md {
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "result:      %s: %s\n", r.Verdict, r.Reason)
	if md {
		b.WriteString("\n")
	}
	seen := "-"
	if r.SeenSource != nil {
		seen = r.SeenSource.String()
	}
	fmt.Fprintf(b, "seen source: %s\n", seen)
	if md {
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "attributable to the pod: %s\n\n", yesNo(r.Attributable))
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

func traceHops(r sim.Result) Table {
	t := Table{Header: []string{"#", "HOST", "ACTION", "SRC", "DST", "DETAIL", "SOURCE"}}
	for i, h := range r.Hops {
		t.AddRow(strconv.Itoa(i+1), h.Host, h.Action, h.Src.String(), h.Dst.String(), h.Detail, h.Source)
	}
	return t
}

func notesText(ns []sim.Note, md bool) string {
	if len(ns) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\nnotes:\n")
	if md {
		b.WriteString("\n")
	}
	for _, n := range ns {
		fmt.Fprintf(&b, "- %s (%s)\n", n.Text, n.Source)
	}
	return b.String()
}

// MatrixCell renders one flow for a matrix: the seen source (marked "pod"
// when it is the pod's own IP) or why it does not arrive.
func MatrixCell(r sim.Result) string {
	switch {
	case r.Reachable && r.Attributable:
		return r.SeenSource.String() + " (pod)"
	case r.Reachable:
		return r.SeenSource.String()
	}
	v, ok := strings.CutPrefix(r.Verdict, "unreachable: ")
	if ok {
		return "no: " + v
	}
	return r.Verdict
}

// MatrixTable lays out one topology's matrix: sources as rows, destinations
// as columns.
func MatrixTable(m sim.Matrix) Table {
	t := Table{Header: append([]string{"FROM \\ TO"}, m.Destinations...)}
	cells := map[[2]string]string{}
	for _, f := range m.Flows {
		cells[[2]string{f.From, f.To}] = MatrixCell(f)
	}
	for _, s := range m.Sources {
		row := []string{s}
		for _, d := range m.Destinations {
			c, ok := cells[[2]string{s, d}]
			if !ok {
				c = "-"
			}
			row = append(row, c)
		}
		t.AddRow(row...)
	}
	return t
}

// MatricesTable lays out several models side by side: one row per flow,
// one column per model.
func MatricesTable(ms []sim.Matrix) Table {
	t := Table{Header: []string{"FROM", "TO"}}
	for _, m := range ms {
		t.Header = append(t.Header, m.Model)
	}
	if len(ms) == 0 {
		return t
	}
	type key struct{ from, to string }
	var order []key
	cells := make([]map[key]string, len(ms))
	seen := map[key]bool{}
	for i, m := range ms {
		cells[i] = map[key]string{}
		for _, f := range m.Flows {
			k := key{f.From, f.To}
			cells[i][k] = MatrixCell(f)
			if !seen[k] {
				seen[k] = true
				order = append(order, k)
			}
		}
	}
	for _, k := range order {
		row := []string{k.from, k.to}
		for i := range ms {
			c, ok := cells[i][k]
			if !ok {
				c = "-"
			}
			row = append(row, c)
		}
		t.AddRow(row...)
	}
	return t
}

// MatrixNotes renders the notes of matrices once each.
func MatrixNotes(ms []sim.Matrix, md bool) string {
	var ns []sim.Note
	seen := map[string]bool{}
	for _, m := range ms {
		for _, n := range m.Notes {
			if !seen[n.Topic] {
				seen[n.Topic] = true
				ns = append(ns, n)
			}
		}
	}
	return notesText(ns, md)
}

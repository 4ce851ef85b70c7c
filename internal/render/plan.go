package render

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// PlanSchemaVersion is the version of the plan JSON document. The document
// changes only by adding fields.
const PlanSchemaVersion = 1

// PlanDocument is the JSON contract of `aksnet plan -o json`.
type PlanDocument struct {
	SchemaVersion int           `json:"schemaVersion"`
	Plans         []ipplan.Plan `json:"plans"`
}

// PlanJSON writes plans as a PlanDocument.
func PlanJSON(w io.Writer, plans []ipplan.Plan) error {
	if plans == nil {
		plans = []ipplan.Plan{}
	}
	return JSON(w, PlanDocument{SchemaVersion: PlanSchemaVersion, Plans: plans})
}

// PlanText writes the models side by side as an aligned table, then the
// diagnostics and the defaults applied.
func PlanText(w io.Writer, plans []ipplan.Plan) error {
	if err := PlanTable(plans).Text(w); err != nil {
		return err
	}
	var b strings.Builder
	if ds := planDiagnostics(plans); len(ds) > 0 {
		b.WriteString("\nDiagnostics:\n")
		for _, d := range ds {
			fmt.Fprintf(&b, "  %s %s: %s%s\n", d.Severity, d.Code, d.Message, sourceSuffix(d.Source))
			if d.Detail != "" {
				fmt.Fprintf(&b, "      %s\n", d.Detail)
			}
			if d.Hint != "" {
				fmt.Fprintf(&b, "      hint: %s\n", d.Hint)
			}
		}
	}
	b.WriteString("\nDefaults applied:\n")
	for _, s := range planDefaults(plans) {
		fmt.Fprintf(&b, "  - %s\n", s)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// PlanMarkdown writes the side-by-side table as Markdown, then the
// diagnostics and defaults as lists.
func PlanMarkdown(w io.Writer, plans []ipplan.Plan) error {
	if err := PlanTable(plans).Markdown(w); err != nil {
		return err
	}
	var b strings.Builder
	if ds := planDiagnostics(plans); len(ds) > 0 {
		b.WriteString("\n**Diagnostics**\n\n")
		for _, d := range ds {
			fmt.Fprintf(&b, "- **%s** `%s`: %s%s", d.Severity, d.Code, d.Message, sourceSuffix(d.Source))
			if d.Hint != "" {
				fmt.Fprintf(&b, " — %s", d.Hint)
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("\n**Defaults applied**\n\n")
	for _, s := range planDefaults(plans) {
		fmt.Fprintf(&b, "- %s\n", s)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func sourceSuffix(s string) string {
	if s == "" {
		return ""
	}
	return " [" + s + "]"
}

// planDiagnostics merges the plans' diagnostics in plan order, dropping
// exact repeats (a range problem shared by every model is shown once).
func planDiagnostics(plans []ipplan.Plan) diag.List {
	var out diag.List
	seen := map[string]bool{}
	for _, p := range plans {
		for _, d := range p.Diagnostics {
			k := d.Code + "\x00" + d.Message
			if !seen[k] {
				seen[k] = true
				out = append(out, d)
			}
		}
	}
	return out
}

func planDefaults(plans []ipplan.Plan) []string {
	var out []string
	for _, p := range plans {
		for _, s := range p.Defaults {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// PlanTable lays the plans out side by side: one column per model.
func PlanTable(plans []ipplan.Plan) Table {
	t := Table{Header: []string{""}}
	for _, p := range plans {
		t.Header = append(t.Header, planTitle(p))
	}
	row := func(label string, cell func(p ipplan.Plan) string) {
		r := []string{label}
		for _, p := range plans {
			r = append(r, cell(p))
		}
		t.Rows = append(t.Rows, r)
	}
	some := func(f func(p ipplan.Plan) bool) bool { return slices.ContainsFunc(plans, f) }
	dash := "—"
	row("nodes (max + surge)", func(p ipplan.Plan) string {
		return fmt.Sprintf("%s + %s", Thousands(int64(p.Nodes)), Thousands(int64(p.SurgeNodes)))
	})
	row("max pods per node", func(p ipplan.Plan) string {
		var vs []string
		for _, pp := range p.Pools {
			if v := strconv.Itoa(pp.MaxPods); !slices.Contains(vs, v) {
				vs = append(vs, v)
			}
		}
		return strings.Join(vs, "/")
	})
	row("pods at max nodes", func(p ipplan.Plan) string { return Thousands(p.Pods) })
	row("node subnet IPs", func(p ipplan.Plan) string { return Thousands(p.NodeSubnet.RequiredIPs) })
	row("node subnet prefix", func(p ipplan.Plan) string { return prefixLen(p.NodeSubnet.MinPrefixLength) })
	if some(func(p ipplan.Plan) bool { return p.NodeSubnet.MaxNodes != nil }) {
		row("max nodes in node subnet", func(p ipplan.Plan) string {
			return maxNodesCell(p.NodeSubnet.Given.String(), p.NodeSubnet.MaxNodes, p.NodeSubnet.Fits)
		})
	}
	if some(func(p ipplan.Plan) bool { return p.PodSubnet != nil }) {
		row("pod subnet IPs", func(p ipplan.Plan) string {
			if p.PodSubnet == nil {
				return dash
			}
			return Thousands(p.PodSubnet.RequiredIPs)
		})
		row("pod subnet prefix", func(p ipplan.Plan) string {
			if p.PodSubnet == nil {
				return dash
			}
			return prefixLen(p.PodSubnet.MinPrefixLength)
		})
		row("pod subnet per node", func(p ipplan.Plan) string {
			if p.PodSubnet == nil || len(p.Pools) == 0 {
				return dash
			}
			var vs []string
			for _, pp := range p.Pools {
				v := Thousands(pp.PodSubnetIPsPerNode)
				if sb := pp.StaticBlock; sb != nil {
					v = fmt.Sprintf("%d × /28 (%d pods, waste %d)", sb.BlocksPerNode, sb.IdealMaxPods, sb.WastePerNode)
				}
				if !slices.Contains(vs, v) {
					vs = append(vs, v)
				}
			}
			return strings.Join(vs, "; ")
		})
		if some(func(p ipplan.Plan) bool { return p.PodSubnet != nil && p.PodSubnet.MaxNodes != nil }) {
			row("max nodes in pod subnet", func(p ipplan.Plan) string {
				if p.PodSubnet == nil {
					return dash
				}
				return maxNodesCell(p.PodSubnet.Given.String(), p.PodSubnet.MaxNodes, p.PodSubnet.Fits)
			})
		}
	}
	if some(func(p ipplan.Plan) bool { return p.PodCIDR != nil }) {
		row("pod CIDR prefix", func(p ipplan.Plan) string {
			if p.PodCIDR == nil {
				return dash
			}
			return fmt.Sprintf("%s (%s × /%d)", prefixLen(p.PodCIDR.MinPrefixLength), Thousands(int64(p.PodCIDR.RequiredBlocks)), p.PodCIDR.PerNodePrefixLength)
		})
		row("max nodes in pod CIDR", func(p ipplan.Plan) string {
			if p.PodCIDR == nil || p.PodCIDR.NodesSupported == nil {
				return dash
			}
			g := p.PodCIDR.Given.String()
			if p.PodCIDR.Default {
				g += " (default)"
			}
			return maxNodesCell(g, p.PodCIDR.MaxNodes, p.PodCIDR.Fits)
		})
	}
	row("result", func(p ipplan.Plan) string {
		e, w := p.Diagnostics.Count(diag.Error), p.Diagnostics.Count(diag.Warning)
		switch {
		case e > 0:
			return plural(e, "error")
		case w > 0:
			return "ok, " + plural(w, "warning")
		}
		return "ok"
	})
	return t
}

func planTitle(p ipplan.Plan) string {
	var extra []string
	if p.Allocation != "" {
		extra = append(extra, string(p.Allocation))
	}
	if p.Dataplane == netmodel.DataplaneCilium {
		extra = append(extra, "cilium")
	}
	if len(extra) == 0 {
		return string(p.Model)
	}
	return fmt.Sprintf("%s (%s)", p.Model, strings.Join(extra, ", "))
}

func prefixLen(l int) string { return "/" + strconv.Itoa(l) }

func maxNodesCell(given string, n *int, fits *bool) string {
	if n == nil {
		return "—"
	}
	s := fmt.Sprintf("%s in %s", Thousands(int64(*n)), given)
	if fits != nil && !*fits {
		s += " (too small)"
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

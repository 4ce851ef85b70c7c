package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// PlanSchemaVersion is the version of the plan JSON contract. It changes only
// when a field is removed or changes meaning; adding fields keeps it.
const PlanSchemaVersion = 1

// PlanDocument is the JSON contract of `aksnet plan -o json`.
type PlanDocument struct {
	SchemaVersion int           `json:"schemaVersion"`
	Plans         []ipplan.Plan `json:"plans"`
}

// PlanJSON writes plans as the versioned JSON document.
func PlanJSON(w io.Writer, plans []ipplan.Plan) error {
	if plans == nil {
		plans = []ipplan.Plan{}
	}
	return JSON(w, PlanDocument{SchemaVersion: PlanSchemaVersion, Plans: plans})
}

// PlanText writes the side-by-side table, the defaults applied and every
// diagnostic, for people.
func PlanText(w io.Writer, plans []ipplan.Plan) error {
	if err := PlanTable(plans).Text(w); err != nil {
		return err
	}
	var b strings.Builder
	if ds := planDefaults(plans); len(ds) > 0 {
		b.WriteString("\nDefaults applied:\n")
		for _, d := range ds {
			b.WriteString("  - " + d + "\n")
		}
	}
	for _, p := range plans {
		if len(p.Diagnostics) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s:\n", planColumn(p))
		for _, d := range p.Diagnostics {
			fmt.Fprintf(&b, "  %s %s: %s", d.Severity, d.Code, d.Message)
			if d.Source != "" {
				fmt.Fprintf(&b, " [%s]", d.Source)
			}
			b.WriteString("\n")
			if d.Hint != "" {
				fmt.Fprintf(&b, "      hint: %s\n", d.Hint)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// PlanMarkdown writes the same content as PlanText as Markdown.
func PlanMarkdown(w io.Writer, plans []ipplan.Plan) error {
	if err := PlanTable(plans).Markdown(w); err != nil {
		return err
	}
	var b strings.Builder
	if ds := planDefaults(plans); len(ds) > 0 {
		b.WriteString("\n**Defaults applied**\n\n")
		for _, d := range ds {
			b.WriteString("- " + d + "\n")
		}
	}
	var diags Table
	diags.Header = []string{"model", "severity", "code", "message", "hint", "source"}
	for _, p := range plans {
		for _, d := range p.Diagnostics {
			diags.AddRow(planColumn(p), string(d.Severity), d.Code, d.Message, d.Hint, d.Source)
		}
	}
	if len(diags.Rows) > 0 {
		b.WriteString("\n**Diagnostics**\n\n")
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
		return diags.Markdown(w)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// PlanTable lays the plans out side by side: one column per model.
func PlanTable(plans []ipplan.Plan) Table {
	t := Table{Header: []string{""}}
	for _, p := range plans {
		t.Header = append(t.Header, planColumn(p))
	}
	row := func(label string, cell func(p ipplan.Plan) string) {
		r := []string{label}
		for _, p := range plans {
			r = append(r, cell(p))
		}
		t.Rows = append(t.Rows, r)
	}
	row("nodes: max + surge", func(p ipplan.Plan) string {
		return fmt.Sprintf("%s + %s = %s", Thousands(int64(p.Nodes.Max)), Thousands(int64(p.Nodes.Surge)), Thousands(int64(p.Nodes.Peak)))
	})
	row("node subnet: IPs needed", func(p ipplan.Plan) string { return Thousands(p.NodeSubnet.RequiredIPs) })
	row("node subnet: smallest", func(p ipplan.Plan) string { return fmt.Sprintf("/%d", p.NodeSubnet.MinPrefixLength) })
	if anyPlan(plans, func(p ipplan.Plan) bool { return p.NodeSubnet.Given.IsValid() }) {
		row("node subnet: given", func(p ipplan.Plan) string { return givenCell(p.NodeSubnet) })
	}
	if anyPlan(plans, func(p ipplan.Plan) bool { return p.PodSubnet != nil }) {
		row("pod subnet: IPs needed", func(p ipplan.Plan) string {
			if p.PodSubnet == nil {
				return "-"
			}
			return Thousands(p.PodSubnet.RequiredIPs)
		})
		row("pod subnet: smallest", func(p ipplan.Plan) string {
			if p.PodSubnet == nil {
				return "-"
			}
			return fmt.Sprintf("/%d", p.PodSubnet.MinPrefixLength)
		})
		if anyPlan(plans, func(p ipplan.Plan) bool { return p.PodSubnet != nil && p.PodSubnet.Given.IsValid() }) {
			row("pod subnet: given", func(p ipplan.Plan) string {
				if p.PodSubnet == nil {
					return "-"
				}
				return givenCell(*p.PodSubnet)
			})
		}
	}
	if anyPlan(plans, func(p ipplan.Plan) bool { return p.PodCIDR != nil }) {
		row("pod CIDR: /24 blocks needed", func(p ipplan.Plan) string {
			if p.PodCIDR == nil {
				return "-"
			}
			return Thousands(int64(p.PodCIDR.RequiredBlocks))
		})
		row("pod CIDR: smallest", func(p ipplan.Plan) string {
			if p.PodCIDR == nil {
				return "-"
			}
			return fmt.Sprintf("/%d", p.PodCIDR.MinPrefixLength)
		})
		row("pod CIDR: checked", func(p ipplan.Plan) string {
			c := p.PodCIDR
			if c == nil || c.NodesSupported == nil {
				return "-"
			}
			return fmt.Sprintf("%s: %s nodes with surge, max %s", c.Given, Thousands(int64(*c.NodesSupported)), Thousands(int64(*c.MaxNodes)))
		})
	}
	row("errors / warnings", func(p ipplan.Plan) string {
		return fmt.Sprintf("%d / %d", p.Diagnostics.Count("error"), p.Diagnostics.Count("warning"))
	})
	return t
}

func anyPlan(plans []ipplan.Plan, f func(ipplan.Plan) bool) bool {
	for _, p := range plans {
		if f(p) {
			return true
		}
	}
	return false
}

func givenCell(n ipplan.Need) string {
	if !n.Given.IsValid() || n.Fits == nil || n.MaxNodes == nil {
		return "-"
	}
	fit := "fits"
	if !*n.Fits {
		fit = "too small"
	}
	return fmt.Sprintf("%s: %s, max %s nodes", n.Given, fit, Thousands(int64(*n.MaxNodes)))
}

// planColumn names a plan's column: the model, with the allocation for the
// pod-subnet model and the data plane when it isn't azure.
func planColumn(p ipplan.Plan) string {
	s := string(p.Model)
	if p.Allocation != "" {
		s += " (" + string(p.Allocation) + ")"
	}
	if p.Dataplane == netmodel.DataplaneCilium {
		s += " + cilium"
	}
	return s
}

// planDefaults merges the plans' defaults: one line each, naming the models
// it applies to when it doesn't apply to all.
func planDefaults(plans []ipplan.Plan) []string {
	var order []string
	models := map[string][]string{}
	for _, p := range plans {
		for _, d := range p.Defaults {
			if _, ok := models[d]; !ok {
				order = append(order, d)
			}
			models[d] = append(models[d], planColumn(p))
		}
	}
	out := make([]string, 0, len(order))
	for _, d := range order {
		if len(plans) > 1 && len(models[d]) < len(plans) {
			d += " — " + strings.Join(models[d], ", ")
		}
		out = append(out, d)
	}
	return out
}

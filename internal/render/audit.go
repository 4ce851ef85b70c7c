package render

import (
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/aksnet/aksnet/internal/audit"
)

// AuditJSON writes the audit report as JSON (schemaVersion 1; the contract
// changes only by adding fields).
func AuditJSON(w io.Writer, r audit.Report) error { return JSON(w, r) }

func kpiLines(k audit.KPIs) []string {
	models := slices.Sorted(func(yield func(string) bool) {
		for m := range k.ClustersPerModel {
			if !yield(m) {
				return
			}
		}
	})
	var per []string
	for _, m := range models {
		per = append(per, fmt.Sprintf("%s %d", m, k.ClustersPerModel[m]))
	}
	pct := func(p *float64) string {
		if p == nil {
			return "n/a"
		}
		return fmt.Sprintf("%.1f%%", *p)
	}
	lines := []string{
		fmt.Sprintf("Clusters: %d (%s)", k.Clusters, strings.Join(per, ", ")),
		fmt.Sprintf("Production clusters not on kubenet: %d of %d (%s)", k.ProductionNotOnKubenet, k.Production, pct(k.ProductionNotOnKubenetPercent)),
		fmt.Sprintf("Clusters with a network policy engine: %d of %d (%s)", k.WithPolicyEngine, k.Clusters, pct(k.WithPolicyEnginePercent)),
	}
	for _, kc := range k.Kubenet {
		prod := ""
		if kc.Production {
			prod = ", production"
		}
		where := ""
		if kc.File != "" {
			where = " (" + kc.File + ")"
		}
		lines = append(lines, fmt.Sprintf("Still on kubenet: %s%s%s — retires %s, %d days left", kc.Cluster, where, prod, kc.Retires, kc.DaysLeft))
	}
	return lines
}

func headroomTable(k audit.KPIs) Table {
	t := Table{Header: []string{"CLUSTER", "SPACE", "GIVEN", "CAPACITY", "REQUIRED AT MAX+SURGE", "HEADROOM"}}
	for _, h := range k.SubnetHeadroom {
		t.AddRow(h.Cluster, h.Space, h.Given, Thousands(h.Capacity)+" "+h.Unit, Thousands(h.Required),
			fmt.Sprintf("%s (%.1f%%)", Thousands(h.Headroom), h.Percent))
	}
	return t
}

func byCluster(fs []audit.Finding) map[int][]audit.Finding {
	m := map[int][]audit.Finding{}
	for _, f := range fs {
		m[f.ClusterIndex] = append(m[f.ClusterIndex], f)
	}
	return m
}

// via names the input a cluster came through when its definition lives
// elsewhere (a module called from several configurations).
func via(c audit.ClusterSummary) string {
	if c.Input == "" || c.File == "" || strings.HasPrefix(c.File, c.Input) || path.Base(c.File) == path.Base(c.Input) {
		return ""
	}
	return " via " + c.Input
}

func summaryLine(r audit.Report) string {
	var parts []string
	for _, s := range slices.Backward(audit.Severities()) {
		if n := r.Count(s); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	if len(parts) == 0 {
		parts = []string{"no findings"}
	}
	noun := "findings"
	if len(r.Findings) == 1 {
		noun = "finding"
	}
	line := fmt.Sprintf("%d %s (%s)", len(r.Findings), noun, strings.Join(parts, ", "))
	if n := len(r.Suppressed); n > 0 {
		line += fmt.Sprintf(", %d suppressed", n)
	}
	return line + " as of " + r.AsOf
}

// AuditTable writes the report for a terminal: findings grouped by cluster,
// each with its fix, then suppressions, diagnostics and the fleet KPIs.
func AuditTable(w io.Writer, r audit.Report) error {
	var b strings.Builder
	groups := byCluster(r.Findings)
	for i, c := range r.Clusters {
		fs := groups[i]
		loc := c.File
		if c.Line > 0 {
			loc = fmt.Sprintf("%s:%d", c.File, c.Line)
		}
		fmt.Fprintf(&b, "== %s  [%s", c.Name, c.Model)
		if c.NetworkPolicy != "" {
			fmt.Fprintf(&b, ", policy %s", c.NetworkPolicy)
		}
		if c.Production {
			b.WriteString(", production")
		}
		fmt.Fprintf(&b, "]  %s%s\n", loc, via(c))
		if len(fs) == 0 {
			b.WriteString("   no findings\n\n")
			continue
		}
		for _, f := range fs {
			fmt.Fprintf(&b, "   %-8s %s  %s\n", strings.ToUpper(string(f.Severity)), f.RuleID, f.Location())
			fmt.Fprintf(&b, "            %s\n", f.Message)
			if f.SuppressionExpired {
				fmt.Fprintf(&b, "            suppression expired %s: %s\n", f.Suppression.Expires, f.Suppression.Reason)
			}
			fmt.Fprintf(&b, "            fix: %s\n", f.Remediation)
		}
		b.WriteString("\n")
	}
	if len(r.Suppressed) > 0 {
		b.WriteString("Suppressed (accepted on record):\n")
		for _, f := range r.Suppressed {
			exp := ""
			if f.Suppression.Expires != "" {
				exp = ", until " + f.Suppression.Expires
			}
			fmt.Fprintf(&b, "   %s %s %s — %s%s\n", f.RuleID, f.Cluster, f.Location(), f.Suppression.Reason, exp)
		}
		b.WriteString("\n")
	}
	diagnosticsSection(&b, r.Diagnostics)
	b.WriteString("Fleet KPIs:\n")
	for _, l := range kpiLines(r.KPIs) {
		fmt.Fprintf(&b, "   %s\n", l)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if len(r.KPIs.SubnetHeadroom) > 0 {
		fmt.Fprintln(w, "\nSubnet headroom at autoscaler maximum plus surge:")
		if err := headroomTable(r.KPIs).Text(w); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "\n%s\n", summaryLine(r))
	return err
}

// AuditMarkdown writes the report as GitHub-flavoured Markdown for pull
// request comments.
func AuditMarkdown(w io.Writer, r audit.Report) error {
	var b strings.Builder
	b.WriteString("## aksnet audit\n\n")
	fmt.Fprintf(&b, "**%s**\n\n", summaryLine(r))
	for _, l := range kpiLines(r.KPIs) {
		fmt.Fprintf(&b, "- %s\n", l)
	}
	b.WriteString("\n")
	if len(r.KPIs.SubnetHeadroom) > 0 {
		b.WriteString("### Subnet headroom at autoscaler maximum plus surge\n\n")
		if err := headroomTable(r.KPIs).Markdown(&b); err != nil {
			return err
		}
		b.WriteString("\n")
	}
	groups := byCluster(r.Findings)
	for i, c := range r.Clusters {
		fs := groups[i]
		if len(fs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "### %s (`%s`)%s\n\n", MarkdownCell(c.Name), c.Model, via(c))
		t := Table{Header: []string{"Severity", "Rule", "Location", "Finding", "Fix"}}
		for _, f := range fs {
			msg := f.Message
			if f.SuppressionExpired {
				msg += " (suppression expired " + f.Suppression.Expires + ")"
			}
			t.AddRow(string(f.Severity), f.RuleID, "`"+f.Location()+"`", msg, f.Remediation)
		}
		if err := t.Markdown(&b); err != nil {
			return err
		}
		b.WriteString("\n")
	}
	if len(r.Suppressed) > 0 {
		b.WriteString("<details><summary>Suppressed findings</summary>\n\n")
		t := Table{Header: []string{"Rule", "Cluster", "Location", "Reason", "Expires"}}
		for _, f := range r.Suppressed {
			t.AddRow(f.RuleID, f.Cluster, "`"+f.Location()+"`", f.Suppression.Reason, f.Suppression.Expires)
		}
		if err := t.Markdown(&b); err != nil {
			return err
		}
		b.WriteString("\n</details>\n")
	}
	if len(r.Diagnostics) > 0 {
		b.WriteString("\n")
		diagnosticsDetails(&b, r.Diagnostics)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

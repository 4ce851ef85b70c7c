package render

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/migrate"
)

// MigrateJSON writes the fleet's migration plans as JSON (schemaVersion 1;
// the contract changes only by adding fields).
func MigrateJSON(w io.Writer, f migrate.Fleet) error { return JSON(w, f) }

// where renders an origin as file:line or file#/pointer, followed by its
// note (why a default applies or a value is unknown) when it has one.
func where(o aks.Origin) string {
	loc := diag.Diagnostic{File: o.File, Line: o.Line, Path: o.Path}.Location()
	switch {
	case loc == "":
		return o.Note
	case o.Note != "":
		return loc + " (" + o.Note + ")"
	}
	return loc
}

func migrateSummary(f migrate.Fleet) string {
	var parts []string
	for _, k := range []migrate.PathKind{migrate.InPlace, migrate.Staged, migrate.NewCluster, migrate.AtTarget, migrate.Undecided} {
		if n := f.Counts[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	s := fmt.Sprintf("%d cluster(s) to %s", len(f.Plans), f.Target)
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s + fmt.Sprintf("; %d blocked by a failed pre-check", f.Blocked)
}

func fromString(c migrate.Current) string {
	if c.Model == "" {
		return "unknown model"
	}
	s := string(c.Model)
	if c.Dataplane == "cilium" {
		s += " + cilium data plane"
	}
	if c.Policy != "" && c.Policy != "none" {
		s += ", policy " + string(c.Policy)
	}
	return s
}

func statusWord(c migrate.Check) string {
	s := strings.ToUpper(string(c.Status))
	if c.FixedBy > 0 {
		s += fmt.Sprintf(" (fixed by %d)", c.FixedBy)
	}
	return s
}

func demandRows(a *migrate.Addresses) Table {
	t := Table{Header: []string{"", "BEFORE (" + string(a.Before.Model) + ")", "AFTER (" + string(a.After.Model) + ")"}}
	pre := func(ips int64, bits int) string {
		if ips == 0 && bits == 0 {
			return "-"
		}
		return fmt.Sprintf("%s IPs (/%d or larger)", Thousands(ips), bits)
	}
	cidr := func(d migrate.Demand) string {
		if d.PodCIDRBlocks == 0 {
			return "-"
		}
		s := fmt.Sprintf("%d /24 blocks (/%d or larger)", d.PodCIDRBlocks, d.PodCIDRPrefix)
		if d.PodCIDR.IsValid() {
			s += " in " + d.PodCIDR.String()
		}
		return s
	}
	t.AddRow("nodes at max + surge", fmt.Sprint(a.Before.Nodes), fmt.Sprint(a.After.Nodes))
	t.AddRow("node subnet", pre(a.Before.NodeSubnetIPs, a.Before.NodeSubnetPrefix), pre(a.After.NodeSubnetIPs, a.After.NodeSubnetPrefix))
	t.AddRow("pod subnet", pre(a.Before.PodSubnetIPs, a.Before.PodSubnetPrefix), pre(a.After.PodSubnetIPs, a.After.PodSubnetPrefix))
	t.AddRow("pod CIDR", cidr(a.Before), cidr(a.After))
	t.AddRow("VNet addresses", Thousands(a.Before.VNetIPs), Thousands(a.After.VNetIPs))
	return t
}

func planHeader(p migrate.Plan) string {
	prod := ""
	if p.Production {
		prod = ", production"
	}
	return fmt.Sprintf("%d. %s  [%s%s]  %s", p.Rank, p.Cluster, fromString(p.From), prod, where(p.Source))
}

// MigrateTable writes the plans for a terminal, in priority order.
func MigrateTable(w io.Writer, f migrate.Fleet) error {
	var b strings.Builder
	for _, p := range f.Plans {
		fmt.Fprintf(&b, "== %s\n", planHeader(p))
		fmt.Fprintf(&b, "   rank: %s\n", p.RankReason)
		fmt.Fprintf(&b, "   path: %s — %s\n", p.Path, p.Summary)
		if p.Blocked {
			b.WriteString("   BLOCKED: a pre-check fails that the commands don't fix\n")
		}
		if len(p.Checks) > 0 {
			b.WriteString("   pre-checks:\n")
			t := Table{}
			for _, c := range p.Checks {
				t.AddRow("     "+statusWord(c), c.Code, c.Title, c.Message, where(c.Evidence))
			}
			if err := t.Text(&b); err != nil {
				return err
			}
		}
		if p.ProposedPodCIDR.IsValid() {
			fmt.Fprintf(&b, "   proposed pod CIDR: %s\n", p.ProposedPodCIDR)
		}
		if len(p.Commands) > 0 {
			b.WriteString("   commands:\n")
			for _, c := range p.Commands {
				fmt.Fprintf(&b, "     %d. %s\n", c.N, c.Run)
			}
		}
		if len(p.Disruption) > 0 {
			b.WriteString("   disruption:\n")
			for _, d := range p.Disruption {
				fmt.Fprintf(&b, "     - %s%s (%s)\n", stageLabel(p, d.Stage), d.Text, d.Source)
			}
		}
		if p.Rollback != "" {
			fmt.Fprintf(&b, "   rollback: %s\n", p.Rollback)
		}
		if p.Addresses != nil {
			b.WriteString("   addresses:\n")
			t := demandRows(p.Addresses)
			for i := range t.Rows {
				t.Rows[i][0] = "     " + t.Rows[i][0]
			}
			t.Header[0] = "     "
			if err := t.Text(&b); err != nil {
				return err
			}
		}
		b.WriteString("\n")
	}
	diagnosticsSection(&b, f.Diagnostics)
	fmt.Fprintf(&b, "%s\n", migrateSummary(f))
	_, err := io.WriteString(w, b.String())
	return err
}

// MigrateMarkdown writes a runbook a team can follow: per cluster, in
// priority order, the path, the pre-check table, numbered commands, the
// disruption to expect, the rollback note and the address plan.
func MigrateMarkdown(w io.Writer, f migrate.Fleet) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Migration runbook: %s\n\n", f.Target)
	fmt.Fprintf(&b, "**%s**\n\n", migrateSummary(f))
	if len(f.Plans) > 1 {
		t := Table{Header: []string{"#", "Cluster", "From", "Path", "Blocked", "Why this rank"}}
		for _, p := range f.Plans {
			blocked := "no"
			if p.Blocked {
				blocked = "**yes**"
			}
			t.AddRow(fmt.Sprint(p.Rank), p.Cluster, fromString(p.From), string(p.Path), blocked, p.RankReason)
		}
		if err := t.Markdown(&b); err != nil {
			return err
		}
		b.WriteString("\n")
	}
	for _, p := range f.Plans {
		fmt.Fprintf(&b, "## %d. %s\n\n", p.Rank, MarkdownCell(p.Cluster))
		fmt.Fprintf(&b, "- From: %s (`%s`)\n", fromString(p.From), where(p.Source))
		fmt.Fprintf(&b, "- Path: **%s** — %s\n", p.Path, p.Summary)
		fmt.Fprintf(&b, "- Rank: %s\n", p.RankReason)
		if p.Blocked {
			b.WriteString("- **Blocked**: fix the failed pre-checks below before command 1.\n")
		}
		b.WriteString("\n")
		if len(p.Checks) > 0 {
			b.WriteString("### Pre-checks\n\n")
			t := Table{Header: []string{"Status", "Code", "Check", "Finding", "Evidence", "Hint"}}
			for _, c := range p.Checks {
				hint := c.Hint
				if c.FixedBy > 0 {
					hint = fmt.Sprintf("command %d does this", c.FixedBy)
				}
				t.AddRow(statusWord(c), c.Code, c.Title, c.Message+" ("+c.Source+")", "`"+where(c.Evidence)+"`", hint)
			}
			if err := t.Markdown(&b); err != nil {
				return err
			}
			b.WriteString("\n")
		}
		if p.ProposedPodCIDR.IsValid() {
			fmt.Fprintf(&b, "Proposed pod CIDR: `%s`\n\n", p.ProposedPodCIDR)
		}
		if len(p.Commands) > 0 {
			b.WriteString("### Steps\n\n")
			for _, c := range p.Commands {
				if c.Manual {
					fmt.Fprintf(&b, "%d. %s — %s%s\n", c.N, c.Run, c.Why, cite(c.Source))
					continue
				}
				fmt.Fprintf(&b, "%d. %s%s\n\n   ```sh\n   %s\n   ```\n\n", c.N, c.Why, cite(c.Source), c.Run)
			}
			b.WriteString("\n")
		}
		if len(p.Disruption) > 0 {
			b.WriteString("### Disruption to expect\n\n")
			for _, d := range p.Disruption {
				fmt.Fprintf(&b, "- %s%s (%s)\n", stageLabel(p, d.Stage), d.Text, d.Source)
			}
			b.WriteString("\n")
		}
		if p.Rollback != "" {
			fmt.Fprintf(&b, "### Rollback\n\n%s\n\n", p.Rollback)
		}
		if p.Addresses != nil {
			b.WriteString("### Addresses\n\n")
			if err := demandRows(p.Addresses).Markdown(&b); err != nil {
				return err
			}
			b.WriteString("\n")
		}
		if len(p.Readings) > 0 {
			b.WriteString("<details><summary>Readings of the documentation</summary>\n\n")
			for _, r := range dedupe(p.Readings) {
				fmt.Fprintf(&b, "- %s (%s)\n", r.Text, r.Source)
			}
			b.WriteString("\n</details>\n\n")
		}
	}
	diagnosticsDetails(&b, f.Diagnostics)
	_, err := io.WriteString(w, b.String())
	return err
}

// cite renders " (SOURCE)", or nothing for a step no source backs.
func cite(source string) string {
	if source == "" {
		return ""
	}
	return " (" + source + ")"
}

func dedupe(ns []migrate.Note) []migrate.Note {
	var out []migrate.Note
	for _, n := range ns {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// stageLabel names the stage a note belongs to when a plan has several, so
// that what each stage does (each reimages every pool, for example) reads
// as two events, not as a repetition.
func stageLabel(p migrate.Plan, stage int) string {
	if len(p.Stages) < 2 || stage <= 0 {
		return ""
	}
	for _, s := range p.Stages {
		if s.N == stage {
			return fmt.Sprintf("stage %d (%s): ", s.N, s.Kind)
		}
	}
	return ""
}

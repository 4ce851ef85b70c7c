package main

import (
	"bytes"
	"fmt"
	"github.com/aksnet/aksnet/internal/azpolicy"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/audit/rules"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// fixtureDir is where each rule's pass/fail fixtures live, relative to the
// repository root: <fixtureDir>/<ID>/{pass,fail}.{tf,json}.
const fixtureDir = "internal/audit/rules/testdata"

// fromRuleDocs is the path from docs/rules back to the repository root.
const fromRuleDocs = "../.."

// ruleDocs renders one page per rule and an index, keyed by file name.
func ruleDocs(root string) (map[string][]byte, error) {
	out := map[string][]byte{}
	all := rules.All()
	for _, r := range all {
		page, err := rulePage(root, r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.ID, err)
		}
		out[r.ID+".md"] = page
	}
	out["README.md"] = ruleIndex(all)
	return out, nil
}

// ruleIndex is the table of every rule, in catalog order.
func ruleIndex(all []audit.Rule) []byte {
	var b bytes.Buffer
	b.WriteString("# Audit rules\n\n")
	b.WriteString("`aksnet audit` checks every cluster against these rules. Each page gives the rule's\n")
	b.WriteString("rationale, its remediation, the facts-sheet sources and documentation behind it, and\n")
	b.WriteString("the failing and passing fixtures its tests run.\n\n")
	fmt.Fprintf(&b, "Generated from the rule catalog by `%s`; do not edit.\n\n", refreshCommand)
	b.WriteString("| ID | Title | Severity | Models |\n")
	b.WriteString("| --- | --- | --- | --- |\n")
	for _, r := range all {
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s | %s |\n", r.ID, r.ID, cell(r.Title), r.Severity, cell(models(r.Models)))
	}
	return b.Bytes()
}

// rulePage is one rule's reference page.
func rulePage(root string, r audit.Rule) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s: %s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "Generated from the rule catalog by `%s`; do not edit. [All rules](README.md).\n\n", refreshCommand)
	b.WriteString("| | |\n| --- | --- |\n")
	fmt.Fprintf(&b, "| ID | `%s` |\n", r.ID)
	fmt.Fprintf(&b, "| Name | `%s` |\n", r.Name)
	fmt.Fprintf(&b, "| Severity | %s |\n", r.Severity)
	fmt.Fprintf(&b, "| Models | %s |\n", cell(models(r.Models)))
	if r.AzurePolicy != "" {
		fmt.Fprintf(&b, "| Azure Policy | built-in definition `%s` |\n", r.AzurePolicy)
	}
	if r.Policy != nil {
		fmt.Fprintf(&b, "| Generated policy | `%s`, from `aksnet guardrails azure-policy` |\n", azpolicy.DefinitionName(r))
	}
	b.WriteString("\n## Rationale\n\n")
	b.WriteString(paragraph(r.Rationale))
	b.WriteString("\n## Remediation\n\n")
	b.WriteString(paragraph(r.Remediation))
	b.WriteString("\nA finding may carry a more specific remediation, with the cluster's own names filled in.\n")
	if p := r.Policy; p != nil {
		fmt.Fprintf(&b, "\n## Azure Policy\n\n`aksnet guardrails azure-policy` generates the definition `%s` from this rule (category %s, version %s).\n", azpolicy.DefinitionName(r), p.Category, p.Version)
		for _, part := range []struct {
			title string
			items []string
		}{{"It flags more than the rule", p.Broader}, {"It sees less than the rule", p.Narrower}} {
			if len(part.items) == 0 {
				continue
			}
			fmt.Fprintf(&b, "\n%s:\n\n", part.title)
			for _, it := range part.items {
				fmt.Fprintf(&b, "- %s\n", it)
			}
		}
	}
	if len(r.Sources) > 0 {
		b.WriteString("\n## Sources\n\n")
		b.WriteString("Codes of the facts sheet's source legend that this rule's numbers and dates come from: ")
		for i, s := range r.Sources {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "`%s`", s)
		}
		b.WriteString(".\n")
	}
	if len(r.Links) > 0 {
		b.WriteString("\n## Links\n\n")
		for _, l := range r.Links {
			fmt.Fprintf(&b, "- <%s>\n", l)
		}
	}
	examples, err := ruleExamples(root, r.ID)
	if err != nil {
		return nil, err
	}
	b.WriteString(examples)
	return b.Bytes(), nil
}

// ruleExamples embeds the rule's Terraform fixtures and links every fixture
// file. In a failing fixture, "# want: <ID>" marks each line the rule fires at.
func ruleExamples(root, id string) (string, error) {
	dir := path.Join(fixtureDir, id)
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
	if err != nil {
		return "", fmt.Errorf("fixtures: %w", err)
	}
	var b strings.Builder
	b.WriteString("\n## Examples\n\n")
	fmt.Fprintf(&b, "These are the fixtures the rule's tests run. In a failing fixture, `# want: %s` marks each line the rule fires at.\n", id)
	for _, ex := range []struct{ file, heading string }{
		{"fail.tf", "Fails (Terraform)"},
		{"pass.tf", "Passes (Terraform)"},
	} {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(dir), ex.file))
		if err != nil {
			return "", fmt.Errorf("fixtures: %w", err)
		}
		fmt.Fprintf(&b, "\n### %s\n\n[`%s`](%s)\n\n```hcl\n%s", ex.heading, ex.file, path.Join(fromRuleDocs, dir, ex.file), data)
		if !bytes.HasSuffix(data, []byte("\n")) {
			b.WriteString("\n")
		}
		b.WriteString("```\n")
	}
	b.WriteString("\n### All fixture files\n\n")
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		fmt.Fprintf(&b, "- [`%s`](%s)%s\n", e.Name(), path.Join(fromRuleDocs, dir, e.Name()), fixtureRole(e.Name()))
	}
	return b.String(), nil
}

// fixtureRole describes a fixture file by its name.
func fixtureRole(name string) string {
	switch {
	case strings.HasSuffix(name, "vnets.json"):
		return ": virtual networks the ARM fixtures reference"
	case strings.HasPrefix(name, "fail."):
		return ": fails the rule"
	case strings.HasPrefix(name, "pass."):
		return ": passes the rule"
	}
	return ""
}

// models names the models a rule applies to.
func models(ids []netmodel.ID) string {
	if len(ids) == 0 {
		return "all"
	}
	var names []string
	for _, id := range ids {
		if m, ok := netmodel.Lookup(id); ok && m.Title != string(id) {
			names = append(names, fmt.Sprintf("%s (`%s`)", m.Title, id))
		} else {
			names = append(names, fmt.Sprintf("`%s`", id))
		}
	}
	return strings.Join(names, ", ")
}

// paragraph returns s as a Markdown paragraph.
func paragraph(s string) string {
	return strings.TrimSpace(s) + "\n"
}

// cell makes s safe inside a Markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}

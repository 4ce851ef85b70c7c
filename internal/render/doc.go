package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/aksnet/aksnet/internal/diag"
)

// docWriter writes one view as plain text or Markdown: headed sections of
// tables, lists and notes. It keeps the first write error and ignores the
// rest, so a view reads as a sequence of sections.
type docWriter struct {
	w        io.Writer
	markdown bool
	started  bool
	err      error
}

func (d *docWriter) write(s string) {
	if d.err == nil {
		_, d.err = io.WriteString(d.w, s)
	}
}

// heading starts a section of a table; detail follows the title unemphasised.
func (d *docWriter) heading(title, detail string) { d.head(title, detail, "\n") }

// listHeading starts a section of lines: in text they follow the title directly.
func (d *docWriter) listHeading(title string) { d.head(title, "", "") }

func (d *docWriter) head(title, detail, gap string) {
	if d.started {
		d.write("\n")
	}
	d.started = true
	if detail != "" {
		detail = " " + detail
	}
	if d.markdown {
		d.write("**" + title + "**" + MarkdownCell(detail) + "\n\n")
	} else {
		d.write(title + detail + ":\n" + gap)
	}
}

func (d *docWriter) table(t Table) {
	if d.err != nil {
		return
	}
	if d.markdown {
		d.err = t.Markdown(d.w)
	} else {
		d.err = t.Text(d.w)
	}
}

func (d *docWriter) list(items []string) {
	for _, it := range items {
		if d.markdown {
			d.write("- " + MarkdownCell(it) + "\n")
		} else {
			d.write("  - " + it + "\n")
		}
	}
}

// text writes a line of prose.
func (d *docWriter) text(s string) {
	if d.markdown {
		s = MarkdownCell(s)
	}
	d.write(s + "\n")
}

// note writes a remark set apart from the sections.
func (d *docWriter) note(s string) {
	if d.markdown {
		d.write("\n> " + MarkdownCell(s) + "\n")
	} else {
		d.write("\nNote: " + s + "\n")
	}
}

func (d *docWriter) diagnostics(ds diag.List) {
	if len(ds) == 0 {
		return
	}
	if d.markdown {
		d.heading("Diagnostics", "")
		d.table(diagTable(ds))
		return
	}
	d.listHeading("Diagnostics")
	var b strings.Builder
	writeDiagnostics(&b, ds)
	d.write(b.String())
}

// writeDiagnostics writes one diagnostic per line, with its source, detail and hint.
func writeDiagnostics(b *strings.Builder, ds diag.List) {
	for _, d := range ds {
		fmt.Fprintf(b, "  %s %s: %s", d.Severity, d.Code, d.Message)
		if d.Source != "" {
			fmt.Fprintf(b, " [%s]", d.Source)
		}
		b.WriteString("\n")
		if d.Detail != "" {
			fmt.Fprintf(b, "      %s\n", d.Detail)
		}
		if d.Hint != "" {
			fmt.Fprintf(b, "      hint: %s\n", d.Hint)
		}
	}
}

// diagTable is the diagnostics as a table.
func diagTable(ds diag.List) Table {
	t := Table{Header: []string{"severity", "code", "message", "hint", "source"}}
	for _, d := range ds {
		t.AddRow(string(d.Severity), d.Code, d.Message, d.Hint, d.Source)
	}
	return t
}

// diagnosticsSection writes a report's reading diagnostics, when there are
// any, as a text section: a heading, one indented line each, a blank line.
func diagnosticsSection(b *strings.Builder, ds diag.List) {
	if len(ds) == 0 {
		return
	}
	b.WriteString("Diagnostics:\n")
	for _, d := range ds {
		fmt.Fprintf(b, "   %s\n", d)
	}
	b.WriteString("\n")
}

// diagnosticsDetails writes a report's reading diagnostics, when there are
// any, as a folded Markdown list.
func diagnosticsDetails(b *strings.Builder, ds diag.List) {
	if len(ds) == 0 {
		return
	}
	b.WriteString("<details><summary>Diagnostics</summary>\n\n")
	for _, d := range ds {
		fmt.Fprintf(b, "- `%s`\n", d)
	}
	b.WriteString("\n</details>\n")
}

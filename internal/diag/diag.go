// Package diag carries the problems a user must fix: each diagnostic has a
// stable code, a severity, a one-line message, optional detail and hint, and
// the place it came from (file with line and column, or a JSON pointer).
//
// Go errors are for programmer and I/O failures; diagnostics are for input
// the user controls. Builders and validators collect every diagnostic and
// return them together instead of stopping at the first.
package diag

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity orders diagnostics. Error means the result cannot be trusted or the
// plan does not fit; warning means it works but is risky or non-conservative;
// info states a fact the user should know (for example a default applied).
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Rank orders severities: error 3, warning 2, info 1, unknown 0.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 3
	case Warning:
		return 2
	case Info:
		return 1
	}
	return 0
}

// Diagnostic is one problem or notice.
//
// Code is stable across releases (for example "PLAN012"); tooling may match
// on it. Message is a one-line summary; Detail explains; Hint says what to do.
// File/Line/Column or Path locate it; all are optional.
type Diagnostic struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Detail   string   `json:"detail,omitempty"`
	Hint     string   `json:"hint,omitempty"`
	File     string   `json:"file,omitempty"`
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
	// Path is a JSON pointer (RFC 6901) into a JSON document, or an attribute
	// path such as "azurerm_kubernetes_cluster.main.network_profile.pod_cidr".
	Path string `json:"path,omitempty"`
	// Source is the facts-sheet source code that backs the diagnostic, when
	// it enforces a documented limit (for example "KUB" or "IPPLAN").
	Source string `json:"source,omitempty"`
}

// Location renders file:line:column, file#/path or the empty string.
func (d Diagnostic) Location() string {
	switch {
	case d.File != "" && d.Line > 0 && d.Column > 0:
		return fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Column)
	case d.File != "" && d.Line > 0:
		return fmt.Sprintf("%s:%d", d.File, d.Line)
	case d.File != "" && d.Path != "":
		return d.File + "#" + d.Path
	case d.File != "":
		return d.File
	case d.Path != "":
		return d.Path
	}
	return ""
}

// String renders "location: severity CODE: message".
func (d Diagnostic) String() string {
	loc := d.Location()
	if loc != "" {
		loc += ": "
	}
	return fmt.Sprintf("%s%s %s: %s", loc, d.Severity, d.Code, d.Message)
}

// List is an ordered collection of diagnostics.
type List []Diagnostic

// Add appends d.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Addf appends a diagnostic built from a code, severity and formatted message.
func (l *List) Addf(code string, sev Severity, format string, args ...any) *Diagnostic {
	*l = append(*l, Diagnostic{Code: code, Severity: sev, Message: fmt.Sprintf(format, args...)})
	return &(*l)[len(*l)-1]
}

// HasErrors reports whether any diagnostic has severity Error.
func (l List) HasErrors() bool { return l.Max() == Error }

// Max returns the highest severity in the list, or "" when empty.
func (l List) Max() Severity {
	var m Severity
	for _, d := range l {
		if d.Severity.Rank() > m.Rank() {
			m = d.Severity
		}
	}
	return m
}

// Count returns the number of diagnostics with severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Sort orders diagnostics deterministically: by file, line, column, path,
// then severity (highest first), code and message. It is stable.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

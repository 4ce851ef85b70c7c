// Package diagtest checks, in a package's tests, that its diagnostic codes
// are stable: spelled with the package's prefix and three digits, unique,
// and documented where the package documents them, either in a table of
// comment lines ("//\tMIG001 text") or in a doc comment on each constant.
package diagtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// tableLine is a line of a code table: a comment, a tab, the code, a space.
var tableLine = regexp.MustCompile(`(?m)^//\t([A-Z]+\d{3}) +(.*)$`)

// Table is a table of codes as documented: the codes in the order of their
// lines, and the text after each.
type Table struct {
	Codes []string
	Text  map[string]string
}

// Severity returns the severity a code's line starts with (error, warning
// or info), or "" when it starts with none.
func (t Table) Severity(code string) string {
	switch sev, _, _ := strings.Cut(t.Text[code], " "); sev {
	case "error", "warning", "info":
		return sev
	}
	return ""
}

// CheckTable checks codes against the table in the comments of file (a
// path relative to the package): each code is prefix and three digits,
// listed once and documented by a line "//\t<code> <text>", and every
// string constant of file spelled prefix and digits is among codes. It
// returns the table, for checks of order and severity.
func CheckTable(t testing.TB, file, prefix string, codes []string) Table {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	table := Table{Text: map[string]string{}}
	for _, m := range tableLine.FindAllStringSubmatch(string(src), -1) {
		if _, dup := table.Text[m[1]]; dup {
			t.Errorf("%s is documented twice in %s", m[1], file)
			continue
		}
		table.Codes = append(table.Codes, m[1])
		table.Text[m[1]] = m[2]
	}
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `\d{3}$`)
	seen := map[string]bool{}
	for _, c := range codes {
		if !re.MatchString(c) {
			t.Errorf("%q: want %s and three digits", c, prefix)
		}
		if seen[c] {
			t.Errorf("%s listed twice", c)
		}
		seen[c] = true
		if _, ok := table.Text[c]; !ok {
			t.Errorf("%s is not documented in %s", c, file)
		}
	}
	declared := regexp.MustCompile(`= "(` + regexp.QuoteMeta(prefix) + `\d+)"`)
	for _, m := range declared.FindAllStringSubmatch(string(src), -1) {
		if !seen[m[1]] {
			t.Errorf("%s declares %s, which is not listed", file, m[1])
		}
	}
	return table
}

// Const is a code constant: its name, its code and its doc comment.
type Const struct {
	Name, Code, Doc string
}

// CheckConsts reads the constants of file (a path relative to the package)
// and checks that each is a string literal spelled prefix and three digits,
// with a code of its own. It returns them in order, for checks of their doc
// comments, and fails when there are none.
func CheckConsts(t testing.TB, file, prefix string) []Const {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `\d{3}$`)
	var out []Const
	seen := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, name := range vs.Names {
				var lit *ast.BasicLit
				if i < len(vs.Values) {
					lit, _ = vs.Values[i].(*ast.BasicLit)
				}
				if lit == nil || lit.Kind != token.STRING {
					t.Errorf("%s is not a string literal", name.Name)
					continue
				}
				code, _ := strconv.Unquote(lit.Value)
				if !re.MatchString(code) {
					t.Errorf("%s = %q: want %s and three digits", name.Name, code, prefix)
				}
				if other, dup := seen[code]; dup {
					t.Errorf("%s and %s share code %s", other, name.Name, code)
				}
				seen[code] = name.Name
				out = append(out, Const{Name: name.Name, Code: code, Doc: strings.TrimSpace(vs.Doc.Text())})
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s declares no codes", file)
	}
	return out
}

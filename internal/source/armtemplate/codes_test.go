package armtemplate

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestCodes checks that every diagnostic code in codes.go is unique, spelled
// ARMT plus three digits, documented with its severity, and used.
func TestCodes(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "codes.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") || name == "codes.go" {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && strings.HasPrefix(id.Name, "Code") {
				used[id.Name] = true
			}
			return true
		})
	}
	pattern := regexp.MustCompile(`^ARMT\d{3}$`)
	seen := map[string]string{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			name := vs.Names[0].Name
			code, _ := strconv.Unquote(vs.Values[0].(*ast.BasicLit).Value)
			if !pattern.MatchString(code) {
				t.Errorf("%s = %q: want ARMT and three digits", name, code)
			}
			if prev, dup := seen[code]; dup {
				t.Errorf("%s and %s share code %s", prev, name, code)
			}
			seen[code] = name
			doc := vs.Doc.Text()
			if !strings.HasPrefix(doc, name+" (") || !regexp.MustCompile(`\((error|warning|info)`).MatchString(doc) {
				t.Errorf("%s: doc comment should start %q and name a severity, got %q", name, name+" (severity)", doc)
			}
			if !used[name] {
				t.Errorf("%s is never used", name)
			}
		}
	}
}

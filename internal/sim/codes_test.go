package sim

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// TestCodesDocumented: every diagnostic code is documented, unique and
// spelled SIMnnn.
func TestCodesDocumented(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			name := v.Names[0].Name
			if v.Doc == nil || !strings.HasPrefix(v.Doc.Text(), name+":") {
				t.Errorf("%s has no doc comment starting with its name", name)
			}
			code, _ := strconv.Unquote(v.Values[0].(*ast.BasicLit).Value)
			if len(code) != 6 || !strings.HasPrefix(code, "SIM") {
				t.Errorf("%s = %q: want SIMnnn", name, code)
			}
			if other, dup := seen[code]; dup {
				t.Errorf("%s and %s share %s", name, other, code)
			}
			seen[code] = name
		}
	}
	if len(seen) == 0 {
		t.Fatal("no codes found")
	}
}

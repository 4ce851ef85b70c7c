package terraform

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"regexp"
	"strconv"
	"testing"
)

// TestCodesStable checks that every diagnostic code in codes.go is TF plus
// three digits, unique, and documented.
func TestCodesStable(t *testing.T) {
	f, err := goparser.ParseFile(token.NewFileSet(), "codes.go", nil, goparser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^TF\d{3}$`)
	seen := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, name := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s is not a literal", name.Name)
				}
				code, _ := strconv.Unquote(lit.Value)
				if !re.MatchString(code) {
					t.Errorf("%s = %q: want TF and three digits", name.Name, code)
				}
				if other, dup := seen[code]; dup {
					t.Errorf("%s and %s share code %s", name.Name, other, code)
				}
				seen[code] = name.Name
				if vs.Doc == nil || vs.Doc.Text() == "" {
					t.Errorf("%s has no doc comment", name.Name)
				}
			}
		}
	}
	if len(seen) < 10 {
		t.Fatalf("found only %d codes", len(seen))
	}
}

package armtemplate

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/diag/diagtest"
)

// TestCodes checks that every diagnostic code in codes.go is unique, spelled
// ARMT plus three digits, documented with its severity, and used.
func TestCodes(t *testing.T) {
	fset := token.NewFileSet()
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
	severity := regexp.MustCompile(`\((error|warning|info)`)
	for _, c := range diagtest.CheckConsts(t, "codes.go", "ARMT") {
		if !strings.HasPrefix(c.Doc, c.Name+" (") || !severity.MatchString(c.Doc) {
			t.Errorf("%s: doc comment should start %q and name a severity, got %q", c.Name, c.Name+" (severity)", c.Doc)
		}
		if !used[c.Name] {
			t.Errorf("%s is never used", c.Name)
		}
	}
}

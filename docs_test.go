package aksnet_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mdLink matches an inline Markdown link or image target: [text](target).
var mdLink = regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)

// markdownFiles lists README.md and every Markdown file under docs/.
func markdownFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"README.md"}
	err := filepath.WalkDir("docs", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// localLinks returns the relative link targets of a Markdown text with their
// line numbers, skipping fenced code blocks, inline code, URLs with a scheme
// and in-page anchors.
func localLinks(text string) map[string][]int {
	out := map[string][]int{}
	fenced := false
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		line = regexp.MustCompile("`[^`]*`").ReplaceAllString(line, "")
		for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") || strings.HasPrefix(target, "#") {
				continue
			}
			target, _, _ = strings.Cut(target, "#")
			out[target] = append(out[target], i+1)
		}
	}
	return out
}

// TestMarkdownLinks checks that every relative link in the README and docs/
// resolves to a file or folder of the repository.
func TestMarkdownLinks(t *testing.T) {
	checked := 0
	for _, file := range markdownFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for target, lines := range localLinks(string(data)) {
			checked++
			p := filepath.Join(filepath.Dir(file), filepath.FromSlash(target))
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s:%d: link %q does not resolve: %v", file, lines[0], target, err)
			}
		}
	}
	if checked < 50 {
		t.Errorf("checked only %d links; is docs/ missing?", checked)
	}
}

func TestLocalLinks(t *testing.T) {
	text := "See [the rules](docs/rules/README.md#top) and ![img](a.png \"t\").\n" +
		"[web](https://example.com) [anchor](#exit-codes) `[code](x.md)`\n" +
		"```\n[fenced](y.md)\n```\n" +
		"[two](b.md) [three](b.md)\n"
	got := localLinks(text)
	want := map[string][]int{"docs/rules/README.md": {1}, "a.png": {1}, "b.md": {6, 6}}
	if len(got) != len(want) {
		t.Fatalf("localLinks = %v, want %v", got, want)
	}
	for k, v := range want {
		if g := got[k]; len(g) != len(v) || g[0] != v[0] {
			t.Errorf("localLinks[%q] = %v, want %v", k, g, v)
		}
	}
}

// TestReadmeDocumentation checks that the README's Documentation section
// points at the architecture, the CLI reference and the rule reference.
func TestReadmeDocumentation(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Documentation\n")
	if !ok {
		t.Fatal("README.md has no \"## Documentation\" section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	links := localLinks(section)
	for _, want := range []string{"docs/architecture.md", "docs/cli/aksnet.md", "docs/rules/README.md"} {
		if _, ok := links[want]; !ok {
			t.Errorf("Documentation section does not link %s; it links %v", want, links)
		}
	}
}

// TestPackageDocs checks that every package has a doc comment: "Package
// name ..." for a library, any comment for a command.
func TestPackageDocs(t *testing.T) {
	checked := 0
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			return filepath.SkipDir
		}
		names, err := filepath.Glob(filepath.Join(p, "*.go"))
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		var pkg string
		var docs []*ast.CommentGroup
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, parser.PackageClauseOnly|parser.ParseComments)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			pkg = f.Name.Name
			if f.Doc != nil {
				docs = append(docs, f.Doc)
			}
		}
		if pkg == "" {
			return nil // no package here, or tests only
		}
		checked++
		switch {
		case len(docs) == 0:
			t.Errorf("%s: package %s has no doc comment", p, pkg)
		case len(docs) > 1:
			t.Errorf("%s: package %s has %d doc comments; keep one (doc.go or the main file)", p, pkg, len(docs))
		case pkg != "main" && !strings.HasPrefix(docs[0].Text(), "Package "+pkg+" "):
			t.Errorf("%s: doc comment should start \"Package %s \", got %q", p, pkg, firstWords(docs[0].Text()))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("checked only %d packages", checked)
	}
}

func firstWords(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

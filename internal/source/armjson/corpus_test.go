package armjson_test

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/aksnet/aksnet/internal/source/armjson"
)

var update = flag.Bool("update", false, "rewrite golden files")

// corpusFiles lists the JSON files under corpus/azure/<sub>, sorted.
func corpusFiles(t testing.TB, sub ...string) (root string, files []string) {
	root = corpustest.Dir(t, "azure")
	err := filepath.WalkDir(filepath.Join(append([]string{root}, sub...)...), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return root, files
}

// TestCorpusGolden reads every managed-cluster example and CLI export and
// compares a summary per file with testdata/corpus.golden, checked by hand
// against the files.
func TestCorpusGolden(t *testing.T) {
	root, files := corpusFiles(t, "managedclusters")
	_, cli := corpusFiles(t, "cli-output")
	files = append(files, cli...)
	var b strings.Builder
	for _, f := range files {
		rel, _ := filepath.Rel(root, f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc := armjson.Parse(filepath.ToSlash(rel), data)
		b.WriteString("== " + filepath.ToSlash(rel) + "\n")
		b.WriteString(summary(doc))
	}
	golden := filepath.Join("testdata", "corpus.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), b.String()); d != "" {
		t.Errorf("corpus summary (-want +got):\n%s", d)
	}
}

func corpustestRoot(t testing.TB) string { return corpustest.Dir(t, "azure") }

// Command gendocs regenerates aksnet's reference documentation from the code:
// docs/cli from the cobra command tree, docs/rules from the audit rule
// catalog (rules.All) and its pass/fail fixtures, and the rule table in
// README.md between its rules:begin and rules:end markers. Run it from
// anywhere in the repository:
//
//	go run ./internal/tools/gendocs
//
// Every Markdown file under docs/cli and docs/rules is generated: files the
// code no longer produces are removed. The package's test fails when the
// committed docs differ from what this command would write.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aksnet/aksnet/internal/audit/rules"
)

// refreshCommand is what a contributor runs to bring the docs up to date.
const refreshCommand = "go run ./internal/tools/gendocs"

// generatedDirs are the folders, relative to the repository root, whose
// Markdown files all come from this generator.
var generatedDirs = []string{"docs/cli", "docs/rules"}

func main() {
	root := flag.String("root", "", "repository root (default: the nearest parent folder with go.mod)")
	check := flag.Bool("check", false, "report stale docs and exit 1 instead of writing")
	flag.Parse()
	if err := run(*root, *check); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

func run(root string, check bool) error {
	if root == "" {
		var err error
		if root, err = findRoot(); err != nil {
			return err
		}
	}
	files, err := generate(root)
	if err != nil {
		return err
	}
	if check {
		if stale := compare(root, files); len(stale) > 0 {
			return fmt.Errorf("docs are stale (%s); run: %s", strings.Join(stale, ", "), refreshCommand)
		}
		return nil
	}
	return write(root, files)
}

// findRoot returns the nearest folder at or above the working directory
// that holds go.mod.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory; pass -root")
		}
		dir = parent
	}
}

// generate returns every generated file, keyed by its slash-separated path
// relative to the repository root.
func generate(root string) (map[string][]byte, error) {
	files := map[string][]byte{}
	cliFiles, err := cliDocs()
	if err != nil {
		return nil, fmt.Errorf("CLI reference: %w", err)
	}
	for name, data := range cliFiles {
		files["docs/cli/"+name] = data
	}
	ruleFiles, err := ruleDocs(root)
	if err != nil {
		return nil, fmt.Errorf("rule reference: %w", err)
	}
	for name, data := range ruleFiles {
		files["docs/rules/"+name] = data
	}
	if files["README.md"], err = readme(root, rules.All()); err != nil {
		return nil, err
	}
	return files, nil
}

// existing lists the Markdown files now in the generated folders.
func existing(root string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, dir := range generatedDirs {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".md") {
				rel, err := filepath.Rel(root, p)
				if err != nil {
					return err
				}
				out[filepath.ToSlash(rel)] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// compare lists, sorted, the generated files that are missing, differ from
// files or are no longer generated.
func compare(root string, files map[string][]byte) []string {
	var stale []string
	have, err := existing(root)
	if err != nil {
		return []string{err.Error()}
	}
	for name := range have {
		if _, ok := files[name]; !ok {
			stale = append(stale, name+" is no longer generated")
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			stale = append(stale, name+" is missing")
		case err != nil:
			stale = append(stale, err.Error())
		case !bytes.Equal(got, files[name]):
			stale = append(stale, name+" differs")
		}
	}
	slices.Sort(stale)
	return stale
}

// write brings the generated folders to exactly files.
func write(root string, files map[string][]byte) error {
	have, err := existing(root)
	if err != nil {
		return err
	}
	for name := range have {
		if _, ok := files[name]; !ok {
			if err := os.Remove(filepath.Join(root, filepath.FromSlash(name))); err != nil {
				return err
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, files[name]) {
			continue
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

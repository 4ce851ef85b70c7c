package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/source/terraform"
)

// capacity is the planner the audit uses for subnet and pod-CIDR demand;
// nil until the planner is wired in (the capacity rules then stay silent).
var capacity audit.CapacityFunc

// readInputs reads the audit's inputs: Terraform directories and .tf files
// (every directory holding .tf files is one root module), terraform show
// -json plans, and documents in the normalized JSON form; "-" is standard
// input.
func readInputs(paths []string, stdin io.Reader) ([]aks.Document, error) {
	var docs []aks.Document
	for _, p := range paths {
		if p == "-" {
			data, err := io.ReadAll(stdin)
			if err != nil {
				return nil, fmt.Errorf("reading standard input: %w", err)
			}
			d, err := decodeJSON("-", data)
			if err != nil {
				return nil, err
			}
			docs = append(docs, d)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		if !st.IsDir() {
			d, err := readFile(p)
			if err != nil {
				return nil, err
			}
			docs = append(docs, d)
			continue
		}
		dirs, err := moduleDirs(p)
		if err != nil {
			return nil, err
		}
		for _, dir := range dirs {
			d, err := readModule(dir)
			if err != nil {
				return nil, err
			}
			docs = append(docs, d)
		}
	}
	return docs, nil
}

func readFile(p string) (aks.Document, error) {
	if strings.HasSuffix(p, ".tf") {
		data, err := os.ReadFile(p)
		if err != nil {
			return aks.Document{}, fmt.Errorf("reading %s: %w", p, err)
		}
		return terraform.ParseDir(filepath.Dir(p), map[string][]byte{filepath.Base(p): data}, nil), nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return aks.Document{}, fmt.Errorf("reading %s: %w", p, err)
	}
	return decodeJSON(p, data)
}

// moduleDirs returns every directory under root that holds .tf files, sorted.
func moduleDirs(root string) ([]string, error) {
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".tf") {
			seen[filepath.Dir(p)] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walking %s: %w", root, err)
	}
	var dirs []string
	for d := range seen {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	return dirs, nil
}

// readModule reads one Terraform root module: its .tf files and tfvars.
func readModule(dir string) (aks.Document, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return aks.Document{}, fmt.Errorf("reading %s: %w", dir, err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !(strings.HasSuffix(n, ".tf") || n == "terraform.tfvars" || strings.HasSuffix(n, ".auto.tfvars")) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return aks.Document{}, fmt.Errorf("reading %s: %w", filepath.Join(dir, n), err)
		}
		files[n] = data
	}
	return terraform.ParseDir(dir, files, nil), nil
}

// decodeJSON reads a terraform show -json plan or a normalized document.
func decodeJSON(name string, data []byte) (aks.Document, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return aks.Document{}, fmt.Errorf("decoding %s: %w", name, err)
	}
	if _, ok := probe["planned_values"]; ok {
		return terraform.ParsePlan(name, data), nil
	}
	if _, ok := probe["clusters"]; !ok {
		return aks.Document{}, fmt.Errorf("decoding %s: not a Terraform plan or a normalized document (ARM JSON is not read yet)", name)
	}
	var d aks.Document
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&d); err != nil {
		return aks.Document{}, fmt.Errorf("decoding %s: %w", name, err)
	}
	if d.File == "" {
		d.File = name
	}
	return d, nil
}

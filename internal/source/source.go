// Package source is the front door every verb uses to read cluster
// definitions: it walks the paths the user gives, decides which files to
// read, detects each JSON file's format, hands it to the reader for that
// format and links node pools to the subnets found in any input.
//
// Readers live in sub-packages, one per format: armjson (resource JSON from
// the REST API, az CLI and Resource Graph), terraform (HCL directories and
// plan JSON) and armmap (the ARM property mapping shared by the JSON and
// template readers).
package source

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/jsonpos"
	"github.com/aksnet/aksnet/internal/source/armjson"
	"github.com/aksnet/aksnet/internal/source/armtemplate"
	"github.com/aksnet/aksnet/internal/source/terraform"
)

// StdinName labels input read from standard input ("-").
const StdinName = "<stdin>"

// skipDirs are never walked.
var skipDirs = []string{".git", "node_modules", ".terraform"}

// DetectJSON tells which JSON format data is: an ARM deployment template
// ($schema naming deploymentTemplate, or resources with contentVersion), a
// Terraform plan (format_version with planned_values or resource_changes),
// or else resource JSON (which also reports invalid JSON).
func DetectJSON(data []byte) aks.Format {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return aks.FormatARMJSON // arrays are resource lists
	}
	tree, err := jsonpos.Parse(data)
	if err != nil {
		return aks.FormatARMJSON
	}
	root := tree.Root()
	if s, ok := root.Get("$schema").Str(); ok && strings.Contains(strings.ToLower(s), "deploymenttemplate") {
		return aks.FormatARMTemplate
	}
	if root.Get("resources").Valid() && root.Get("contentVersion").Valid() {
		return aks.FormatARMTemplate
	}
	if root.Get("format_version").Valid() && (root.Get("planned_values").Valid() || root.Get("resource_changes").Valid()) {
		return aks.FormatTerraformPlan
	}
	return aks.FormatARMJSON
}

// input is one thing to read: a JSON file, or a directory's Terraform files.
type input struct {
	name   string
	format aks.Format
	data   []byte
	// Terraform: the directory's .tf files and the .tfvars files given on
	// the command line, by name.
	files, tfvars map[string][]byte
	// doc, when set, answers the input by itself (e.g. a Bicep notice).
	doc *aks.Document
}

// read is the one place where each format meets its reader.
func read(in input) aks.Document {
	if in.doc != nil {
		return *in.doc
	}
	switch in.format {
	case aks.FormatARMJSON:
		return armjson.Parse(in.name, in.data)
	case aks.FormatTerraformPlan:
		return terraform.ParsePlan(in.name, in.data)
	case aks.FormatTerraform:
		return terraform.ParseDir(in.name, in.files, in.tfvars)
	case aks.FormatARMTemplate:
		// azuredeploy.json is read with azuredeploy.parameters.json when
		// that file sits beside it.
		if pf := armtemplate.ParametersFileFor(in.name); pf != "" {
			if params, err := os.ReadFile(pf); err == nil {
				return armtemplate.ParseWithParameters(in.name, in.data, pf, params)
			}
		}
		return armtemplate.Parse(in.name, in.data)
	default:
		return notYet(in.name, in.format)
	}
}

func notYet(name string, f aks.Format) aks.Document {
	doc := aks.Document{File: name, Format: f}
	doc.Diagnostics.Add(diag.Diagnostic{Code: CodeNotYet, Severity: diag.Info, File: name, Line: 1,
		Message: fmt.Sprintf("%s input is recognised but not yet readable; skipped", f)})
	return doc
}

// ReadPaths reads every path: files, directories (walked recursively,
// skipping .git, node_modules and .terraform) and "-" for stdin. In a
// directory it reads *.json files and each directory's *.tf files as one
// Terraform configuration; *.bicep files get an info diagnostic (compile
// them with az bicep build). *.tfvars files named on the command line go to
// every Terraform configuration read. Documents come back in path order,
// then linked (see Link). The error is for paths that can't be read at all.
func ReadPaths(paths []string, stdin io.Reader) ([]aks.Document, error) {
	var inputs []input
	tfvars := map[string][]byte{}
	for _, p := range paths {
		if strings.HasSuffix(p, ".tfvars") || strings.HasSuffix(p, ".tfvars.json") {
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("reading %s: %w", p, err)
			}
			tfvars[p] = data
		}
	}
	for _, p := range paths {
		if p == "-" {
			if stdin == nil {
				return nil, fmt.Errorf("reading standard input: no input stream")
			}
			data, err := io.ReadAll(stdin)
			if err != nil {
				return nil, fmt.Errorf("reading standard input: %w", err)
			}
			inputs = append(inputs, input{name: StdinName, format: DetectJSON(data), data: data})
			continue
		}
		if _, ok := tfvars[p]; ok {
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		if st.IsDir() {
			found, err := walk(p, tfvars)
			if err != nil {
				return nil, err
			}
			inputs = append(inputs, found...)
			continue
		}
		in, err := file(p, true)
		if err != nil {
			return nil, err
		}
		if in.format == aks.FormatTerraform {
			in.tfvars = tfvars
		}
		inputs = append(inputs, in)
	}
	docs := make([]aks.Document, 0, len(inputs))
	for _, in := range inputs {
		docs = append(docs, read(in))
	}
	Link(docs)
	return docs, nil
}

// file classifies one file. explicit is true when the user named it; a
// named file of an unknown kind gets READ203 instead of being ignored. The
// input has no name when the file is ignored.
func file(p string, explicit bool) (input, error) {
	ext := strings.ToLower(filepath.Ext(p))
	if isTerraform(p) {
		ext = ".tf"
	}
	switch ext {
	case ".bicep":
		d := aks.Document{File: p, Format: aks.FormatARMTemplate}
		d.Diagnostics.Add(diag.Diagnostic{Code: CodeBicep, Severity: diag.Info, File: p, Line: 1,
			Message: "Bicep is read through its compiled JSON; skipped",
			Hint:    "run `az bicep build --file " + filepath.Base(p) + "` and pass the .json it writes"})
		return input{name: p, doc: &d}, nil
	case ".tf":
		data, err := os.ReadFile(p)
		if err != nil {
			return input{}, fmt.Errorf("reading %s: %w", p, err)
		}
		return input{name: filepath.Dir(p), format: aks.FormatTerraform, files: map[string][]byte{filepath.Base(p): data}}, nil
	case ".json":
	default:
		if !explicit {
			return input{}, nil
		}
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return input{}, fmt.Errorf("reading %s: %w", p, err)
	}
	if ext != ".json" {
		if t := bytes.TrimLeft(data, " \t\r\n\xef\xbb\xbf"); len(t) == 0 || (t[0] != '{' && t[0] != '[') {
			d := aks.Document{File: p}
			d.Diagnostics.Add(diag.Diagnostic{Code: CodeUnknown, Severity: diag.Info, File: p, Line: 1,
				Message: "not a format aksnet reads (JSON, Terraform .tf or compiled Bicep); skipped"})
			return input{name: p, doc: &d}, nil
		}
	}
	return input{name: p, format: DetectJSON(data), data: data}, nil
}

// walk collects the readable files under dir in lexical order; each
// directory's Terraform files form one input named after the directory,
// keyed by base name as terraform.ParseDir expects.
func walk(dir string, tfvars map[string][]byte) ([]input, error) {
	var inputs []input
	tfdirs := map[string]int{} // directory → index in inputs
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("reading %s: %w", p, err)
		}
		if d.IsDir() {
			if p != dir && slices.Contains(skipDirs, d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if armtemplate.IsParametersFile(p) {
			return nil // read with its template (see read)
		}
		in, err := file(p, false)
		switch {
		case err != nil:
			return err
		case in.format == aks.FormatTerraform:
			if i, ok := tfdirs[in.name]; ok {
				maps.Copy(inputs[i].files, in.files)
				return nil
			}
			in.tfvars = tfvars
			tfdirs[in.name] = len(inputs)
			inputs = append(inputs, in)
		case in.name != "":
			inputs = append(inputs, in)
		}
		return nil
	})
	// a directory holding only variable files is no configuration
	inputs = slices.DeleteFunc(inputs, func(in input) bool {
		if in.format != aks.FormatTerraform {
			return false
		}
		for n := range in.files {
			if strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json") {
				return false
			}
		}
		return true
	})
	return inputs, err
}

// isTerraform reports whether a file belongs to a directory's Terraform
// configuration: .tf and .tf.json files, and the variable files Terraform
// loads by itself (terraform.tfvars, *.auto.tfvars).
func isTerraform(p string) bool {
	b := strings.ToLower(filepath.Base(p))
	return strings.HasSuffix(b, ".tf") || strings.HasSuffix(b, ".tf.json") ||
		b == "terraform.tfvars" || strings.HasSuffix(b, ".auto.tfvars") || b == "terraform.tfvars.json" || strings.HasSuffix(b, ".auto.tfvars.json")
}

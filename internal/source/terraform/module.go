package terraform

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/aksnet/aksnet/internal/diag"
)

// unresolved is the cty mark carried by every unknown value the reader
// introduces; its text says why the value can't be known before apply.
// Marks travel through expressions and functions, so an unknown result can
// name the variable, data source or module output it came from.
type unresolved string

// unresolvedVal returns an unknown value of type t marked with why.
func unresolvedVal(t cty.Type, why string) cty.Value {
	return cty.UnknownVal(t).Mark(unresolved(why))
}

// readTypes are the resource types the reader maps into the model; only
// their expansion problems are reported.
var readTypes = map[string]bool{
	"azurerm_kubernetes_cluster": true, "azurerm_kubernetes_cluster_node_pool": true,
	"azurerm_virtual_network": true, "azurerm_subnet": true, "azapi_resource": true,
	"module": true,
}

// reads reports whether r is a resource the reader maps: one of readTypes,
// and for azapi_resource a type that is not literally something else.
func (m *module) reads(r *resource) bool {
	if !readTypes[r.typ] {
		return false
	}
	if r.typ != "azapi_resource" {
		return true
	}
	t, literal := literalType(r)
	return !literal || t == armManagedCluster || t == armAgentPool
}

// literalType returns the lower-cased ARM type of an azapi resource when it is
// written literally.
func literalType(r *resource) (string, bool) {
	a, ok := r.block.Body.Attributes["type"]
	if !ok {
		return "", true
	}
	v, ds := a.Expr.Value(nil)
	if ds.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	t, _, _ := strings.Cut(strings.ToLower(v.AsString()), "@")
	return t, true
}

// quietCount reports whether an unresolved count or for_each need not be
// reported: an azapi resource whose type is not literal gets one TF070
// diagnostic instead, when its type turns out unknown.
func quietCount(r *resource) bool {
	if r.typ != "azapi_resource" {
		return false
	}
	_, literal := literalType(r)
	return !literal
}

// maxInstances caps count and for_each expansion.
const maxInstances = 256

// maxDepth caps recursion through locals and resources (hostile inputs).
const maxDepth = 64

type evalState uint8

const (
	notStarted evalState = iota
	inProgress
	done
)

type variable struct {
	from  string // where the value came from, for origins' notes
	name  string
	block *hclsyntax.Block
	typ   cty.Type
	def   *typeexpr.Defaults
	value cty.Value
}

type local struct {
	attr  *hclsyntax.Attribute
	state evalState
	value cty.Value
}

type resource struct {
	prefix   string // module path, e.g. "module.aks." ("" in the root module)
	mode     string // "resource" or "data"
	typ      string
	name     string
	block    *hclsyntax.Block
	state    evalState
	value    cty.Value
	extra    map[string]bool // referenced attributes the configuration does not set
	instance []instance
}

// instance is one expanded instance of a resource: its key (count index or
// for_each key) and the evaluation context its body is read with.
type instance struct {
	key cty.Value // NilVal when the resource has neither count nor for_each
	ctx *hcl.EvalContext
}

func (r *resource) addr() string { return r.prefix + r.typ + "." + r.name }

// module is one Terraform module directory: its declarations and the lazy,
// memoised evaluator over them.
type module struct {
	dir       string
	prefix    string // module path of this module's resources
	diags     *diag.List
	vars      map[string]*variable
	varOrder  []string
	locals    map[string]*local
	resources map[string]*resource // "type.name"
	resOrder  []*resource
	modules   map[string]*hclsyntax.Block
	modOrder  []string
	funcs     map[string]function.Function
	depth     int
	reported  map[string]bool
	bound     map[string]cty.Value // module call arguments (child modules)
	boundAt   map[string]hcl.Range // where each argument is written
}

// loadOptions are set when a module is loaded as a module call's child.
type loadOptions struct {
	prefix   string
	bound    map[string]cty.Value
	boundAt  map[string]hcl.Range
	child    bool // a child module: no tfvars are read
	diags    *diag.List
	reported map[string]bool
}

// load parses files (name → content) and collects declarations. tfvars are
// applied in order, later files overriding earlier ones.
func load(dir string, files map[string][]byte, tfvars []namedFile, opt loadOptions) *module {
	m := &module{
		dir: dir, prefix: opt.prefix, vars: map[string]*variable{}, locals: map[string]*local{},
		resources: map[string]*resource{}, modules: map[string]*hclsyntax.Block{},
		funcs: functions(), reported: opt.reported, diags: opt.diags, bound: opt.bound, boundAt: opt.boundAt,
	}
	if m.diags == nil {
		m.diags = &diag.List{}
	}
	if m.reported == nil {
		m.reported = map[string]bool{}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var autoVars []namedFile
	for _, n := range names {
		path := m.path(n)
		switch {
		case filepath.Dir(filepath.Clean(n)) != ".":
			continue // another directory's file (a called module's)
		case strings.HasSuffix(n, ".tf.json"):
			m.diags.Add(diag.Diagnostic{Code: CodeJSONSyntax, Severity: diag.Info, File: path, Line: 1, Column: 1,
				Message: "Terraform JSON syntax is not read", Hint: "write the configuration in HCL (.tf) to have it read"})
			continue
		case n == "terraform.tfvars" || strings.HasSuffix(n, ".auto.tfvars"):
			if opt.child {
				continue // Terraform reads tfvars for the root module only
			}
			autoVars = append(autoVars, namedFile{name: n, data: files[n]})
			continue
		case !strings.HasSuffix(n, ".tf"):
			continue
		}
		f, ds := hclsyntax.ParseConfig(files[n], path, hcl.InitialPos)
		m.addHCLDiags(ds, CodeSyntax)
		if f == nil {
			continue
		}
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		m.collect(body)
	}
	m.evalVariables(append(autoVars, tfvars...))
	return m
}

type namedFile struct {
	name string
	data []byte
	// asGiven: the name is a path as given on the command line, not a name
	// inside the module directory.
	asGiven bool
}

func (m *module) path(name string) string {
	if m.dir == "" || filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(m.dir, name)
}

func (m *module) collect(body *hclsyntax.Body) {
	for _, b := range body.Blocks {
		switch b.Type {
		case "variable":
			if len(b.Labels) != 1 {
				continue
			}
			n := b.Labels[0]
			if _, dup := m.vars[n]; dup {
				m.addAt(CodeDuplicate, diag.Error, b.DefRange(), "variable %q is declared more than once", n)
				continue
			}
			m.vars[n] = &variable{name: n, block: b, typ: cty.DynamicPseudoType}
			m.varOrder = append(m.varOrder, n)
		case "locals":
			for n, a := range b.Body.Attributes {
				if _, dup := m.locals[n]; dup {
					m.addAt(CodeDuplicate, diag.Error, a.NameRange, "local value %q is declared more than once", n)
					continue
				}
				m.locals[n] = &local{attr: a}
			}
		case "resource", "data":
			if len(b.Labels) != 2 {
				continue
			}
			key := b.Labels[0] + "." + b.Labels[1]
			if b.Type == "data" {
				key = "data." + key
			}
			if _, dup := m.resources[key]; dup {
				m.addAt(CodeDuplicate, diag.Error, b.DefRange(), "%s %s is declared more than once", b.Type, key)
				continue
			}
			r := &resource{prefix: m.prefix, mode: b.Type, typ: b.Labels[0], name: b.Labels[1], block: b, extra: map[string]bool{}}
			m.resources[key] = r
			m.resOrder = append(m.resOrder, r)
		case "module":
			if len(b.Labels) != 1 {
				continue
			}
			if _, dup := m.modules[b.Labels[0]]; dup {
				m.addAt(CodeDuplicate, diag.Error, b.DefRange(), "module %q is declared more than once", b.Labels[0])
				continue
			}
			m.modules[b.Labels[0]] = b
			m.modOrder = append(m.modOrder, b.Labels[0])
		}
	}
}

// addAt adds a diagnostic located at r.
func (m *module) addAt(code string, sev diag.Severity, r hcl.Range, format string, args ...any) *diag.Diagnostic {
	d := m.diags.Addf(code, sev, format, args...)
	d.File, d.Line, d.Column = r.Filename, r.Start.Line, r.Start.Column
	if code == CodeDuplicate {
		d.Hint = "remove or rename one of the declarations"
	}
	return d
}

// addOnce adds a diagnostic unless one with the same code, place and message exists.
func (m *module) addOnce(d diag.Diagnostic) {
	k := fmt.Sprintf("%s|%s|%d|%d|%s", d.Code, d.File, d.Line, d.Column, d.Message)
	if m.reported[k] {
		return
	}
	m.reported[k] = true
	m.diags.Add(d)
}

func (m *module) addHCLDiags(ds hcl.Diagnostics, code string) {
	for _, d := range ds {
		sev := diag.Error
		if d.Severity == hcl.DiagWarning {
			sev = diag.Warning
		}
		out := diag.Diagnostic{Code: code, Severity: sev, Message: d.Summary, Detail: d.Detail,
			Hint: "fix the syntax; the reader skips what it can't parse"}
		if d.Subject != nil {
			out.File, out.Line, out.Column = d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column
		}
		if out.Line == 0 {
			out.Line, out.Column = 1, 1
		}
		m.addOnce(out)
	}
}

// evalVariables resolves every variable: the last tfvars value, else the
// default, else an unknown value marked with why.
func (m *module) evalVariables(tfvars []namedFile) {
	given := map[string]*hcl.Attribute{}
	for _, tv := range tfvars {
		path := m.path(tv.name)
		if tv.asGiven {
			path = tv.name
		}
		f, ds := hclsyntax.ParseConfig(tv.data, path, hcl.InitialPos)
		m.addHCLDiags(ds, CodeSyntax)
		if f == nil {
			continue
		}
		attrs, ds := f.Body.JustAttributes()
		m.addHCLDiags(ds, CodeSyntax)
		for n, a := range attrs {
			if _, ok := m.vars[n]; !ok {
				m.addOnce(diag.Diagnostic{Code: CodeTFVars, Severity: diag.Warning, File: a.NameRange.Filename,
					Line: a.NameRange.Start.Line, Column: a.NameRange.Start.Column,
					Message: fmt.Sprintf("tfvars sets %q, which the module does not declare", n),
					Hint:    "remove it or declare the variable"})
				continue
			}
			given[n] = a
		}
	}
	for _, n := range m.varOrder {
		v := m.vars[n]
		if a, ok := v.block.Body.Attributes["type"]; ok {
			ty, defs, ds := typeexpr.TypeConstraintWithDefaults(a.Expr)
			if !ds.HasErrors() {
				v.typ, v.def = ty, defs
			}
		}
		if bv, ok := m.bound[n]; ok {
			v.value = m.bindValue(v, bv)
			v.from = "var." + n + " is set by the module call at " + posString(m.boundAt[n])
			continue
		}
		var val cty.Value
		var src hcl.Expression
		if a, ok := given[n]; ok {
			src = a.Expr
			v.from = "var." + n + " is set at " + posString(a.Range)
		} else if a, ok := v.block.Body.Attributes["default"]; ok {
			src = a.Expr
			v.from = "var." + n + " defaults to this at " + posString(a.Range())
		}
		if src == nil {
			v.value = unresolvedVal(v.typ, fmt.Sprintf("var.%s has no default and no value in the tfvars given", n))
			continue
		}
		val, ds := src.Value(&hcl.EvalContext{Functions: m.funcs})
		if ds.HasErrors() {
			m.addHCLDiags(ds, CodeEval)
			v.value = unresolvedVal(v.typ, fmt.Sprintf("the value of var.%s can't be evaluated", n))
			continue
		}
		if v.def != nil && !val.IsNull() {
			val = v.def.Apply(val)
		}
		conv, err := convert.Convert(val, v.typ)
		if err != nil {
			r := src.Range()
			m.addOnce(diag.Diagnostic{Code: CodeTFVars, Severity: diag.Warning, File: r.Filename, Line: r.Start.Line, Column: r.Start.Column,
				Message: fmt.Sprintf("value of var.%s does not match its type: %s", n, err), Hint: "give a value of the declared type"})
			v.value = unresolvedVal(v.typ, fmt.Sprintf("the value of var.%s does not match its type", n))
			continue
		}
		v.value = conv
	}
}

func posString(r hcl.Range) string {
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// bindValue converts a module call argument to the variable's type, keeping
// the marks that explain unknown parts.
func (m *module) bindValue(v *variable, bv cty.Value) cty.Value {
	raw, pvm := bv.UnmarkDeepWithPaths()
	all := cty.ValueMarks{}
	for _, p := range pvm {
		for mk := range p.Marks {
			all[mk] = struct{}{}
		}
	}
	if v.def != nil && !raw.IsNull() && raw.IsWhollyKnown() {
		raw = v.def.Apply(raw)
	}
	conv, err := convert.Convert(raw, v.typ)
	if err != nil {
		r := v.block.DefRange()
		m.addOnce(diag.Diagnostic{Code: CodeTFVars, Severity: diag.Warning, File: r.Filename, Line: r.Start.Line, Column: r.Start.Column,
			Message: fmt.Sprintf("the module call's value for var.%s does not match its type: %s", v.name, err), Hint: "pass a value of the declared type"})
		return unresolvedVal(v.typ, fmt.Sprintf("the module call's value for var.%s does not match its type", v.name))
	}
	if len(all) > 0 && !conv.IsWhollyKnown() {
		// Structure may change in conversion; keep every reason on the whole.
		conv = conv.WithMarks(all)
	}
	return conv
}

// traversals returns every absolute traversal in a syntax node.
func traversals(n hclsyntax.Node) []hcl.Traversal {
	var out []hcl.Traversal
	_ = hclsyntax.VisitAll(n, func(n hclsyntax.Node) hcl.Diagnostics {
		if t, ok := n.(*hclsyntax.ScopeTraversalExpr); ok {
			out = append(out, t.Traversal)
		}
		return nil
	})
	return out
}

func attrName(t hcl.Traverser) (string, bool) {
	switch s := t.(type) {
	case hcl.TraverseAttr:
		return s.Name, true
	case hcl.TraverseIndex:
		if s.Key.Type() == cty.String && s.Key.IsKnown() && !s.Key.IsMarked() {
			return s.Key.AsString(), true
		}
	}
	return "", false
}

// scope builds the evaluation context for expressions referring to ts,
// evaluating the locals and resources they need first.
func (m *module) scope(ts []hcl.Traversal) *hcl.EvalContext {
	vars := map[string]cty.Value{}
	for _, n := range m.varOrder {
		vars[n] = m.vars[n].value
	}
	locals := map[string]cty.Value{}
	types := map[string]map[string]cty.Value{}
	data := map[string]map[string]cty.Value{}
	mods := map[string]cty.Value{}
	for _, t := range ts {
		root := t.RootName()
		switch root {
		case "var", "count", "each", "path", "terraform", "self":
			continue
		case "local":
			if len(t) < 2 {
				continue
			}
			n, ok := attrName(t[1])
			if !ok {
				continue
			}
			if l, ok := m.locals[n]; ok {
				locals[n] = m.evalLocal(n, l)
			} else {
				locals[n] = unresolvedVal(cty.DynamicPseudoType, "local."+n+" is not declared in this module")
			}
		case "module":
			if len(t) < 2 {
				continue
			}
			if n, ok := attrName(t[1]); ok {
				mods[n] = unresolvedVal(cty.DynamicPseudoType, "module."+n+" is a module call the reader does not follow; its outputs are unknown")
			}
		case "data":
			if len(t) < 3 {
				continue
			}
			ty, ok1 := attrName(t[1])
			n, ok2 := attrName(t[2])
			if !ok1 || !ok2 {
				continue
			}
			if data[ty] == nil {
				data[ty] = map[string]cty.Value{}
			}
			data[ty][n] = unresolvedVal(cty.DynamicPseudoType, "data."+ty+"."+n+" is a data source, read only at plan or apply time")
		default:
			if !strings.Contains(root, "_") || len(t) < 2 {
				continue // an iterator or for-expression symbol, not a resource
			}
			n, ok := attrName(t[1])
			if !ok {
				continue
			}
			if types[root] == nil {
				types[root] = map[string]cty.Value{}
			}
			r, ok := m.resources[root+"."+n]
			if !ok {
				types[root][n] = unresolvedVal(cty.DynamicPseudoType, root+"."+n+" is not declared in this module")
				continue
			}
			v := m.evalResource(r)
			if a, ok := resourceAttr(t[2:]); ok && !r.extra[a] && a != "id" {
				if _, set := r.block.Body.Attributes[a]; !set && r.state == done && r.instance != nil {
					r.extra[a] = true
					r.value = m.assemble(r)
					v = r.value
				}
			}
			types[root][n] = v
		}
	}
	ctx := &hcl.EvalContext{Functions: m.funcs, Variables: map[string]cty.Value{
		"var":       cty.ObjectVal(vars),
		"local":     cty.ObjectVal(locals),
		"module":    cty.ObjectVal(mods),
		"path":      cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal("."), "root": cty.StringVal("."), "cwd": cty.StringVal(".")}),
		"terraform": cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")}),
	}}
	dobj := map[string]cty.Value{}
	for ty, ns := range data {
		dobj[ty] = cty.ObjectVal(ns)
	}
	ctx.Variables["data"] = cty.ObjectVal(dobj)
	for ty, ns := range types {
		ctx.Variables[ty] = cty.ObjectVal(ns)
	}
	return ctx
}

// resourceAttr returns the attribute a reference reads after the resource
// (skipping an instance index).
func resourceAttr(rest hcl.Traversal) (string, bool) {
	if len(rest) > 0 {
		if _, ok := rest[0].(hcl.TraverseIndex); ok {
			rest = rest[1:]
		}
	}
	if len(rest) == 0 {
		return "", false
	}
	a, ok := rest[0].(hcl.TraverseAttr)
	return a.Name, ok
}

func (m *module) evalLocal(n string, l *local) cty.Value {
	switch l.state {
	case done:
		return l.value
	case inProgress:
		r := l.attr.NameRange
		m.addOnce(diag.Diagnostic{Code: CodeCycle, Severity: diag.Error, File: r.Filename, Line: r.Start.Line, Column: r.Start.Column,
			Message: "local." + n + " refers to itself through a cycle of references", Hint: "break the cycle"})
		return unresolvedVal(cty.DynamicPseudoType, "local."+n+" is part of a reference cycle")
	}
	if m.depth >= maxDepth {
		return unresolvedVal(cty.DynamicPseudoType, "local."+n+" is nested too deeply to evaluate")
	}
	l.state = inProgress
	m.depth++
	ctx := m.scope(l.attr.Expr.Variables())
	v, ds := l.attr.Expr.Value(ctx)
	m.depth--
	if ds.HasErrors() {
		v = unresolvedVal(cty.DynamicPseudoType, "local."+n+" can't be evaluated: "+summary(ds))
	}
	l.value, l.state = v, done
	return v
}

func summary(ds hcl.Diagnostics) string {
	for _, d := range ds {
		if d.Severity == hcl.DiagError {
			s := d.Summary
			if d.Detail != "" {
				s += ": " + d.Detail
			}
			return s
		}
	}
	return "evaluation failed"
}

// evalResource returns the value references to r see: one object, a tuple of
// objects (count) or an object of objects (for_each). Each object holds the
// configured top-level attributes, the id (an opaque marker naming the
// instance) and unknown values for referenced computed attributes.
func (m *module) evalResource(r *resource) cty.Value {
	switch r.state {
	case done:
		return r.value
	case inProgress:
		rg := r.block.DefRange()
		m.addOnce(diag.Diagnostic{Code: CodeCycle, Severity: diag.Error, File: rg.Filename, Line: rg.Start.Line, Column: rg.Start.Column,
			Message: r.addr() + " refers to itself through a cycle of references", Hint: "break the cycle"})
		return unresolvedVal(cty.DynamicPseudoType, r.addr()+" is part of a reference cycle")
	}
	if r.mode == "data" || m.depth >= maxDepth {
		return unresolvedVal(cty.DynamicPseudoType, r.addr()+" can't be evaluated")
	}
	r.state = inProgress
	m.depth++
	defer func() { m.depth-- }()
	ctx := m.scope(traversals(r.block.Body))
	r.instance = m.expand(r, ctx)
	r.value = m.assemble(r)
	r.state = done
	return r.value
}

// assemble builds the value of r from its instances.
func (m *module) assemble(r *resource) cty.Value {
	switch {
	case r.instance == nil:
		return unresolvedVal(cty.DynamicPseudoType, "the count or for_each of "+r.addr()+" can't be resolved")
	case len(r.instance) == 1 && r.instance[0].key == cty.NilVal && (r.block.Body.Attributes["count"] != nil || r.block.Body.Attributes["for_each"] != nil):
		return unresolvedVal(cty.DynamicPseudoType, "the count or for_each of "+r.addr()+" can't be resolved")
	case r.block.Body.Attributes["count"] != nil:
		vs := make([]cty.Value, len(r.instance))
		for i, in := range r.instance {
			vs[i] = m.instanceValue(r, in)
		}
		return cty.TupleVal(vs)
	case r.block.Body.Attributes["for_each"] != nil:
		vs := map[string]cty.Value{}
		for _, in := range r.instance {
			vs[in.key.AsString()] = m.instanceValue(r, in)
		}
		return cty.ObjectVal(vs)
	}
	return m.instanceValue(r, r.instance[0])
}

// instanceAddr renders the address of one instance: type.name, type.name[0]
// or type.name["key"].
func instanceAddr(r *resource, key cty.Value) string {
	switch {
	case key == cty.NilVal:
		return r.addr()
	case key.Type() == cty.Number:
		return fmt.Sprintf("%s[%s]", r.addr(), key.AsBigFloat().Text('f', -1))
	default:
		return fmt.Sprintf("%s[%q]", r.addr(), key.AsString())
	}
}

// idMarker is the id attribute the reader gives a resource instance: the
// reference itself, so that vnet_subnet_id = azurerm_subnet.aks.id can be
// followed back to the subnet.
func idMarker(addr string) string { return addr + ".id" }

func (m *module) instanceValue(r *resource, in instance) cty.Value {
	attrs := map[string]cty.Value{}
	for a := range r.extra {
		attrs[a] = unresolvedVal(cty.DynamicPseudoType, r.addr()+"."+a+" is computed by the provider, known only after apply")
	}
	for n, a := range r.block.Body.Attributes {
		if n == "count" || n == "for_each" || n == "depends_on" || n == "provider" {
			continue
		}
		v, ds := a.Expr.Value(in.ctx)
		if ds.HasErrors() {
			v = unresolvedVal(cty.DynamicPseudoType, r.addr()+"."+n+" can't be evaluated: "+summary(ds))
		}
		attrs[n] = v
	}
	addr := instanceAddr(r, in.key)
	attrs["id"] = cty.StringVal(idMarker(addr))
	// Inline blocks that other resources reference (a VNet's subnet blocks).
	for _, b := range r.block.Body.Blocks {
		if b.Type != "subnet" || r.typ != "azurerm_virtual_network" {
			continue
		}
		sb := map[string]cty.Value{}
		for n, a := range b.Body.Attributes {
			if v, ds := a.Expr.Value(in.ctx); !ds.HasErrors() {
				sb[n] = v
			}
		}
		if nv, ok := sb["name"]; ok && nv.IsWhollyKnown() && !nv.IsMarked() && nv.Type() == cty.String {
			sb["id"] = cty.StringVal(addr + ".subnet[" + fmt.Sprintf("%q", nv.AsString()) + "].id")
		}
		attrs["subnet"] = appendTuple(attrs["subnet"], cty.ObjectVal(sb))
	}
	return cty.ObjectVal(attrs)
}

func appendTuple(t cty.Value, v cty.Value) cty.Value {
	if t == cty.NilVal || !t.Type().IsTupleType() {
		return cty.TupleVal([]cty.Value{v})
	}
	return cty.TupleVal(append(t.AsValueSlice(), v))
}

// expand evaluates count or for_each and returns one instance per resource
// instance, each with its evaluation context; nil when neither can be
// resolved (a diagnostic says so).
func (m *module) expand(r *resource, ctx *hcl.EvalContext) []instance {
	child := func(extra map[string]cty.Value) *hcl.EvalContext {
		c := ctx.NewChild()
		c.Variables = extra
		return c
	}
	if a, ok := r.block.Body.Attributes["count"]; ok {
		v, ds := a.Expr.Value(ctx)
		n, why := countOf(v, ds)
		if why != "" && !m.reads(r) {
			return nil
		}
		if why != "" && !quietCount(r) {
			m.addOnce(diag.Diagnostic{Code: CodeCount, Severity: diag.Warning, File: a.Range().Filename, Line: a.Range().Start.Line, Column: a.Range().Start.Column,
				Path: r.addr() + ".count", Message: "count of " + r.addr() + " can't be resolved: " + why,
				Hint: "give the variables it depends on a value (tfvars); the resource is read once"})
			return []instance{{key: cty.NilVal, ctx: child(map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": unresolvedVal(cty.Number, "count.index of "+r.addr()+" is unknown")})})}}
		}
		if n > maxInstances {
			m.addOnce(diag.Diagnostic{Code: CodeTooMany, Severity: diag.Error, File: a.Range().Filename, Line: a.Range().Start.Line, Column: a.Range().Start.Column,
				Message: fmt.Sprintf("count of %s is %d; the reader expands at most %d instances", r.addr(), n, maxInstances), Hint: "split the configuration"})
			n = maxInstances
		}
		out := make([]instance, 0, n)
		for i := range n {
			key := cty.NumberIntVal(int64(i))
			out = append(out, instance{key: key, ctx: child(map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": key})})})
		}
		return out
	}
	if a, ok := r.block.Body.Attributes["for_each"]; ok {
		v, ds := a.Expr.Value(ctx)
		rg := a.Range()
		v, marks := v.UnmarkDeep()
		// Keys must be known (set elements wholly); map values may be unknown.
		keysKnown := v.IsKnown() && (!v.Type().IsSetType() || v.IsWhollyKnown())
		if ds.HasErrors() || !keysKnown || v.IsNull() || !(v.Type().IsMapType() || v.Type().IsObjectType() || v.Type().IsSetType()) {
			if !m.reads(r) {
				return nil
			}
			why := "its value is not a known map or set"
			if ds.HasErrors() {
				why = summary(ds)
			} else if w := reasons(marks); w != "" {
				why = w
			}
			unk := unresolvedVal(cty.DynamicPseudoType, "the for_each of "+r.addr()+" can't be resolved ("+why+")")
			if quietCount(r) {
				return []instance{{key: cty.NilVal, ctx: child(map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": unk, "value": unk})})}}
			}
			m.addOnce(diag.Diagnostic{Code: CodeCount, Severity: diag.Warning, File: rg.Filename, Line: rg.Start.Line, Column: rg.Start.Column,
				Path: r.addr() + ".for_each", Message: "for_each of " + r.addr() + " can't be resolved: " + why,
				Hint: "give the variables it depends on a value (tfvars); the resource is read once"})
			return []instance{{key: cty.NilVal, ctx: child(map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": unk, "value": unk})})}}
		}
		var out []instance
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			if v.Type().IsSetType() {
				if k.Type() != cty.String {
					m.addOnce(diag.Diagnostic{Code: CodeWrongType, Severity: diag.Error, File: rg.Filename, Line: rg.Start.Line, Column: rg.Start.Column,
						Message: "for_each of " + r.addr() + " is a set of non-strings", Hint: "use a set of strings or a map"})
					return nil
				}
			}
			if len(out) >= maxInstances {
				m.addOnce(diag.Diagnostic{Code: CodeTooMany, Severity: diag.Error, File: rg.Filename, Line: rg.Start.Line, Column: rg.Start.Column,
					Message: fmt.Sprintf("for_each of %s has more than %d elements; the rest are not read", r.addr(), maxInstances), Hint: "split the configuration"})
				break
			}
			out = append(out, instance{key: k, ctx: child(map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": k, "value": ev})})})
		}
		if out == nil {
			out = []instance{}
		}
		return out
	}
	return []instance{{key: cty.NilVal, ctx: ctx}}
}

// countOf converts a count value; why is non-empty when it can't.
func countOf(v cty.Value, ds hcl.Diagnostics) (int, string) {
	if ds.HasErrors() {
		return 0, summary(ds)
	}
	v, marks := v.UnmarkDeep()
	if !v.IsKnown() {
		if w := reasons(marks); w != "" {
			return 0, w
		}
		return 0, "its value is unknown before apply"
	}
	if v.IsNull() {
		return 0, "it is null"
	}
	c, err := convert.Convert(v, cty.Number)
	if err != nil {
		return 0, "it is not a number"
	}
	bf := c.AsBigFloat()
	if !bf.IsInt() || bf.Sign() < 0 {
		return 0, "it is not a whole, non-negative number"
	}
	n, _ := bf.Int64()
	if !bf.IsInt() || n > 1<<30 {
		return 1 << 30, ""
	}
	return int(n), ""
}

// reasons joins the unresolved marks in marks, sorted.
func reasons(marks cty.ValueMarks) string {
	var out []string
	for mk := range marks {
		if u, ok := mk.(unresolved); ok {
			out = append(out, string(u))
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) > 3 {
		out = append(out[:3], fmt.Sprintf("and %d more", len(out)-3))
	}
	return strings.Join(out, "; ")
}

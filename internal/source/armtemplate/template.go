// Package armtemplate reads ARM deployment templates, including compiled
// Bicep (main.json) with symbolic-name resources (languageVersion 2.0), into
// the normalized model: Microsoft.ContainerService/managedClusters with their
// inline agentPoolProfiles and child agentPools, and
// Microsoft.Network/virtualNetworks with their subnets.
//
// Template expressions ("[...]" strings) are parsed and evaluated for what
// templates commonly use: parameters() with default values or a parameters
// file, variables(), concat, format, if, the logical and comparison
// functions, createObject/createArray, union, map/filter with lambdas,
// copyIndex in copy loops, resourceId and friends. A value that depends on
// the deployment (reference(), listKeys(), resourceGroup().location, a
// parameter without a value) or on a function this package does not evaluate
// becomes an aks.Unknown value with a diagnostic that says why; it is never
// guessed. Resource conditions are evaluated, copy loops expanded and nested
// Microsoft.Resources/deployments with inline templates followed to a bounded
// depth.
//
// A node pool's vnetSubnetID that resolves to a subnet declared in the same
// template gets that subnet's prefix; the id itself is kept (with
// PlaceholderSubscription and PlaceholderResourceGroup for the deployment's
// scope) so a cross-document linker can match it against other inputs.
package armtemplate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/jsonpos"
)

// MaxDeploymentDepth bounds how deep nested deployments are followed.
const MaxDeploymentDepth = 8

// Parse reads one ARM template. name is the file name used in origins and
// diagnostics. Parameters take their defaultValue; use ParseWithParameters to
// supply a parameters file. Parse never panics; every problem is a
// diagnostic.
func Parse(name string, data []byte) aks.Document {
	return ParseWithParameters(name, data, "", nil)
}

// ParseWithParameters reads one ARM template with the values of a parameters
// file (the JSON of *.parameters.json: {"parameters": {"x": {"value": ...}}}).
// paramsName names that file in diagnostics and origins; params may be nil.
func ParseWithParameters(name string, data []byte, paramsName string, params []byte) (doc aks.Document) {
	r := &reader{file: name, budget: defaultBudget, exprs: map[string]exprResult{}}
	doc = aks.Document{File: name, Format: aks.FormatARMTemplate, Clusters: []aks.Cluster{}}
	defer func() {
		if p := recover(); p != nil {
			// A bug must not take the caller down with it: report it.
			r.diags.Add(diag.Diagnostic{Code: CodeInternal, Severity: diag.Error, File: name, Line: 1,
				Message: fmt.Sprintf("internal error while reading the template: %v", p),
				Hint:    "report this file to the aksnet maintainers"})
			doc.Diagnostics = r.diags
		}
	}()
	tree, err := jsonpos.Parse(data)
	if err != nil {
		d := diag.Diagnostic{Code: CodeSyntax, Severity: diag.Error, File: name, Line: 1,
			Message: "not valid JSON: " + err.Error(),
			Hint:    "fix the JSON syntax; ARM templates are plain JSON"}
		var se *jsonpos.SyntaxError
		if errors.As(err, &se) {
			d.Line, d.Column, d.Message = se.Line, se.Column, "not valid JSON: "+se.Msg
		}
		r.diags.Add(d)
		doc.Diagnostics = r.diags
		return doc
	}
	root := tree.Root()
	r.rootNode = root
	if root.Kind() != jsonpos.Object || (!root.Get("resources").Valid() && !root.Get("$schema").Valid()) {
		r.diagAt(root, CodeNotTemplate, diag.Error, "not an ARM template: want an object with \"$schema\" and \"resources\"",
			"pass a deployment template (azuredeploy.json, or the main.json that bicep build writes)")
		doc.Diagnostics = r.diags
		return doc
	}
	t := r.newTemplate(root, nil, 0)
	if params != nil {
		r.loadParamsFile(t, paramsName, params)
	}
	r.walkTemplate(t, &scope{t: t})
	r.build(&doc)
	r.diags.Sort()
	doc.Diagnostics = r.diags
	return doc
}

// ParametersFileFor returns the conventional parameters file name for a
// template path: azuredeploy.json → azuredeploy.parameters.json,
// main.json → main.parameters.json. It does not check that the file exists.
// A parameters file itself maps to "".
func ParametersFileFor(templatePath string) string {
	lower := strings.ToLower(templatePath)
	if !strings.HasSuffix(lower, ".json") || IsParametersFile(templatePath) {
		return ""
	}
	return templatePath[:len(templatePath)-len(".json")] + ".parameters.json"
}

// IsParametersFile reports whether a path names a deployment parameters
// file by convention (*.parameters.json).
func IsParametersFile(path string) bool {
	return strings.HasSuffix(strings.ToLower(path), ".parameters.json")
}

// reader holds one document's state.
type reader struct {
	file     string
	rootNode jsonpos.Node
	diags    diag.List
	budget   int
	exprs    map[string]exprResult

	clusters []*clusterRes
	pools    []*poolRes
	vnets    []*vnetRes
	subnets  []*subnetRes
	ntmpl    int
}

type exprResult struct {
	e   Expr
	err error
}

func (r *reader) parseExpr(src string) (Expr, error) {
	if res, ok := r.exprs[src]; ok {
		return res.e, res.err
	}
	e, err := ParseExpr(src)
	if len(r.exprs) < 100000 {
		r.exprs[src] = exprResult{e, err}
	}
	return e, err
}

// spendN takes n steps of the evaluation budget.
func (r *reader) spendN(n int) bool {
	if r.budget < n {
		r.budget = 0
		return false
	}
	r.budget -= n
	return true
}

// spend takes one step of the evaluation budget.
func (r *reader) spend() bool {
	if r.budget <= 0 {
		return false
	}
	r.budget--
	return true
}

func (r *reader) origin(n jsonpos.Node) aks.Origin {
	line, col := n.Pos()
	return aks.Origin{File: r.file, Line: line, Column: col, Path: n.Pointer()}
}

func (r *reader) diagAt(n jsonpos.Node, code string, sev diag.Severity, msg, hint string) *diag.Diagnostic {
	line, col := n.Pos()
	if line == 0 {
		line = 1
	}
	r.diags.Add(diag.Diagnostic{Code: code, Severity: sev, Message: msg, Hint: hint,
		File: r.file, Line: line, Column: col, Path: n.Pointer()})
	return &r.diags[len(r.diags)-1]
}

// tmpl is one template: the document's or a nested deployment's.
type tmpl struct {
	r      *reader
	root   jsonpos.Node
	depth  int
	outer  *scope // for nested templates evaluated in the outer scope
	params map[string]*param
	vars   map[string]*variable
	// symbols maps languageVersion 2.0 symbolic names (lower case) to
	// their resource declarations.
	symbols map[string]jsonpos.Node
}

type param struct {
	name    string
	def     jsonpos.Node // the parameter's declaration
	given   bool         // a value was supplied (parameters file or parent deployment)
	value   any
	state   uint8 // 0 not evaluated, 1 evaluating, 2 done
	defined bool
}

type variable struct {
	name  string
	node  jsonpos.Node
	copy  jsonpos.Node // a variable iteration (variables.copy entry)
	value any
	state uint8
}

func (r *reader) newTemplate(root jsonpos.Node, outer *scope, depth int) *tmpl {
	r.ntmpl++
	t := &tmpl{r: r, root: root, depth: depth, outer: outer, params: map[string]*param{}, vars: map[string]*variable{}}
	for k, v := range root.Get("parameters").Members() {
		t.params[strings.ToLower(k)] = &param{name: k, def: v, defined: true}
	}
	for k, v := range root.Get("variables").Members() {
		if strings.EqualFold(k, "copy") && v.Kind() == jsonpos.Array {
			for _, c := range v.Elems() {
				if n, ok := c.Get("name").Str(); ok {
					t.vars[strings.ToLower(n)] = &variable{name: n, copy: c}
				}
			}
			continue
		}
		t.vars[strings.ToLower(k)] = &variable{name: k, node: v}
	}
	return t
}

// param returns a parameter's value: the supplied one, else its default
// (evaluated in the template's scope), else null for a nullable Bicep
// parameter, else Unknown.
func (t *tmpl) param(name string) any {
	if t.outer != nil {
		return t.outer.t.param(name)
	}
	p, ok := t.params[strings.ToLower(name)]
	if !ok {
		return unknownf("parameter '%s' is not declared", name)
	}
	switch p.state {
	case 1:
		return unknownf("parameter '%s' refers to itself", name)
	case 2:
		return p.value
	}
	if p.given {
		return p.value
	}
	p.state = 1
	switch dv := p.def.Get("defaultValue"); {
	case dv.Valid():
		p.value = (&scope{t: t}).evalNode(dv)
	case isTrue(p.def.Get("nullable")):
		p.value = nil
	default:
		p.value = unknownf("parameter '%s' has no default value and no value was supplied", p.name)
	}
	p.state = 2
	return p.value
}

func isTrue(n jsonpos.Node) bool { b, ok := n.Bool(); return ok && b }

// variable returns a variable's value, evaluating it once.
func (t *tmpl) variable(name string) any {
	if t.outer != nil {
		return t.outer.t.variable(name)
	}
	v, ok := t.vars[strings.ToLower(name)]
	if !ok {
		return unknownf("variable '%s' is not declared", name)
	}
	switch v.state {
	case 1:
		if !t.r.reportedCycle(v) {
			t.r.diagAt(v.node, CodeCycle, diag.Error,
				fmt.Sprintf("variable '%s' refers to itself", v.name),
				"break the cycle: a variable can't depend on its own value")
		}
		return unknownf("variable '%s' refers to itself", v.name)
	case 2:
		return v.value
	}
	v.state = 1
	if v.copy.Valid() {
		v.value = (&scope{t: t}).propertyCopy(v.copy)
	} else {
		v.value = (&scope{t: t}).evalNode(v.node)
	}
	v.state = 2
	return v.value
}

func (r *reader) reportedCycle(v *variable) bool {
	for _, d := range r.diags {
		if d.Code == CodeCycle && d.Path == v.node.Pointer() {
			return true
		}
	}
	return false
}

// loadParamsFile applies a parameters file's values to the top template.
func (r *reader) loadParamsFile(t *tmpl, name string, data []byte) {
	pr := &reader{file: name}
	tree, err := jsonpos.Parse(data)
	if err != nil {
		d := diag.Diagnostic{Code: CodeParamsFile, Severity: diag.Error, File: name, Line: 1,
			Message: "parameters file is not valid JSON: " + err.Error(), Hint: "fix the JSON syntax"}
		var se *jsonpos.SyntaxError
		if errors.As(err, &se) {
			d.Line, d.Column = se.Line, se.Column
		}
		r.diags.Add(d)
		return
	}
	ps := tree.Root().Get("parameters")
	if ps.Kind() != jsonpos.Object {
		pr.diagAt(tree.Root(), CodeParamsFile, diag.Error, "parameters file has no \"parameters\" object",
			"a parameters file looks like {\"parameters\": {\"name\": {\"value\": ...}}}")
		r.diags = append(r.diags, pr.diags...)
		return
	}
	for k, v := range ps.Members() {
		p, ok := t.params[strings.ToLower(k)]
		if !ok {
			pr.diagAt(v, CodeParamsFile, diag.Warning, fmt.Sprintf("parameter '%s' is not declared by the template", k),
				"remove it or check the spelling")
			continue
		}
		if !p.supply(v, literal) {
			pr.diagAt(v, CodeParamsFile, diag.Warning, fmt.Sprintf("parameter '%s' has neither \"value\" nor \"reference\"", k), "")
		}
	}
	r.diags = append(r.diags, pr.diags...)
}

// supply sets a parameter from a parameters-file or deployment entry
// ({"value": ...} or a Key Vault {"reference": ...}); value converts the
// entry's value. It reports false when the entry has neither.
func (p *param) supply(entry jsonpos.Node, value func(jsonpos.Node) any) bool {
	switch {
	case entry.Get("value").Valid():
		p.value = value(entry.Get("value"))
	case entry.Get("reference").Valid():
		p.value = unknownf("parameter '%s' is a Key Vault reference, known only at deployment", p.name)
	default:
		return false
	}
	p.given, p.state = true, 2
	return true
}

// literal converts JSON to a value without evaluating expressions, as ARM
// does for parameter-file values.
func literal(n jsonpos.Node) any {
	switch n.Kind() {
	case jsonpos.String:
		s, _ := n.Str()
		return s
	case jsonpos.Array:
		out := make([]any, 0, n.Len())
		for _, e := range n.Elems() {
			out = append(out, literal(e))
		}
		return out
	case jsonpos.Object:
		o := NewObject()
		for k, v := range n.Members() {
			o.Set(k, literal(v))
		}
		return o
	}
	return jsonScalar(n)
}

// jsonScalar converts a number, boolean or null.
func jsonScalar(n jsonpos.Node) any {
	switch n.Kind() {
	case jsonpos.Number:
		if v, ok := n.Int(); ok {
			return v
		}
		return unknownf("number %s is not an integer that fits in 64 bits", n.Raw())
	case jsonpos.Bool:
		b, _ := n.Bool()
		return b
	}
	return nil
}

package terraform

import (
	"fmt"
	"math/big"
	"net/netip"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
)

// field is one attribute as read from a source: present or not, its value
// (marks removed), why it is unknown, an evaluation error, and where it is.
type field struct {
	// whole is set when the enclosing object itself is unknown (an unknown
	// body, a dynamic block with an unknown for_each): the problem is
	// reported once, at the object.
	whole   bool
	present bool
	v       cty.Value
	why     string
	err     string
	org     aks.Origin
}

// known reports whether the field holds a wholly known, non-null value.
func (f field) known() bool {
	return f.present && f.err == "" && f.v != cty.NilVal && f.v.IsWhollyKnown() && !f.v.IsNull()
}

// source is an object the mapping reads attributes and nested blocks from:
// an HCL body (evaluated) or a value (plan JSON, azapi body).
type source interface {
	attr(name string) field
	blocks(name string) []source
	origin() aks.Origin
}

// hclSource reads an HCL body with dynamic blocks expanded.
type hclSource struct {
	m       *module
	res     *resource // the resource whose body this is
	unknown bool      // the body of a dynamic block whose for_each is unknown
	body    hcl.Body
	ctx     *hcl.EvalContext
	path    string
	at      hcl.Range
	rd      *reader
}

func (s *hclSource) origin() aks.Origin { return rangeOrigin(s.at, s.path) }

func rangeOrigin(r hcl.Range, path string) aks.Origin {
	return aks.Origin{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column, Path: path}
}

func (s *hclSource) attr(name string) field {
	content, _, _ := s.body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: name}}})
	a := content.Attributes[name]
	if a == nil {
		return field{}
	}
	f := field{present: true, org: rangeOrigin(a.Range, s.path+"."+name)}
	if s.unknown {
		f.whole, f.org = true, s.origin()
	}
	if t, ok := a.Expr.(*hclsyntax.ScopeTraversalExpr); ok && t.Traversal.RootName() == "var" && len(t.Traversal) >= 2 && s.m != nil {
		if n, ok := attrName(t.Traversal[1]); ok && s.m.vars[n] != nil {
			f.org.Note = s.m.vars[n].from
		}
	}
	v, ds := a.Expr.Value(s.ctx)
	if ds.HasErrors() {
		f.err = summary(ds)
		return f
	}
	v, marks := v.UnmarkDeep()
	f.v = v
	if !v.IsWhollyKnown() {
		f.why = reasons(marks)
		if f.why == "" {
			f.why = "it depends on values known only after apply"
		}
	}
	return f
}

func (s *hclSource) blocks(name string) []source {
	content, _, ds := s.body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: name}}})
	for _, d := range ds {
		if d.Severity != hcl.DiagError || d.Subject == nil {
			continue
		}
		s.rd.add(diag.Diagnostic{Code: CodeDynamic, Severity: diag.Warning, File: d.Subject.Filename, Line: d.Subject.Start.Line, Column: d.Subject.Start.Column,
			Path: s.path + "." + name, Message: "dynamic " + name + " block can't be expanded: " + d.Summary,
			Detail: d.Detail, Hint: "give the variables its for_each depends on a value (tfvars)"})
	}
	var out []source
	for _, b := range content.Blocks {
		unknown := strings.Contains(fmt.Sprintf("%T", b.Body), "unknownBody")
		if unknown {
			s.rd.add(diag.Diagnostic{Code: CodeDynamic, Severity: diag.Warning, File: b.DefRange.Filename, Line: b.DefRange.Start.Line, Column: b.DefRange.Start.Column,
				Path: s.path + "." + name, Message: "the for_each of a dynamic " + name + " block can't be resolved: its contents are unknown",
				Hint: "give the variables its for_each depends on a value (tfvars)"})
		}
		out = append(out, &hclSource{m: s.m, res: s.res, unknown: unknown || s.unknown, body: b.Body, ctx: s.ctx, path: s.path + "." + name, at: b.DefRange, rd: s.rd})
	}
	return out
}

// valueSource reads a cty value (plan JSON values, an azapi body), which may
// carry unresolved marks at any depth. Blocks are lists of objects, as in the
// plan's JSON, or single objects (ARM properties).
type valueSource struct {
	v    cty.Value
	why  string // reason for unknowns without marks (plan: after_unknown)
	org  func(path string) aks.Origin
	path string
}

func (s *valueSource) origin() aks.Origin { return s.org(s.path) }

func pointerJoin(base, name string) string {
	return base + "/" + strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1")
}

// raw returns the (possibly marked) value of attribute name.
func (s *valueSource) raw(name string) (cty.Value, bool) {
	if s.v == cty.NilVal {
		return cty.NilVal, false
	}
	cv, marks := s.v.Unmark()
	if !cv.IsKnown() {
		return cty.DynamicVal.WithMarks(marks), true
	}
	if cv.IsNull() {
		return cty.NilVal, false
	}
	t := cv.Type()
	switch {
	case t.IsObjectType():
		if !t.HasAttribute(name) {
			return cty.NilVal, false
		}
		return cv.GetAttr(name), true
	case t.IsMapType():
		k := cty.StringVal(name)
		if !cv.HasIndex(k).True() {
			return cty.NilVal, false
		}
		return cv.Index(k), true
	}
	return cty.NilVal, false
}

func (s *valueSource) attr(name string) field {
	rv, ok := s.raw(name)
	if !ok {
		return field{}
	}
	p := pointerJoin(s.path, name)
	v, marks := rv.UnmarkDeep()
	f := field{present: true, v: v, org: s.org(p)}
	if cv, _ := s.v.Unmark(); !cv.IsKnown() {
		f.whole, f.org = true, s.org(s.path)
	}
	if !v.IsWhollyKnown() {
		f.why = reasons(marks)
		if f.why == "" {
			f.why = s.why
		}
		if f.why == "" {
			f.why = "it is known only after apply"
		}
	}
	return f
}

func (s *valueSource) child(v cty.Value, p string) *valueSource {
	return &valueSource{v: v, why: s.why, org: s.org, path: p}
}

func (s *valueSource) blocks(name string) []source {
	rv, ok := s.raw(name)
	if !ok {
		return nil
	}
	p := pointerJoin(s.path, name)
	cv, _ := rv.Unmark()
	if !cv.IsKnown() {
		return []source{s.child(rv, p)}
	}
	if cv.IsNull() {
		return nil
	}
	t := cv.Type()
	if t.IsObjectType() || t.IsMapType() {
		return []source{s.child(rv, p)}
	}
	if !(t.IsListType() || t.IsTupleType() || t.IsSetType()) {
		return nil
	}
	var out []source
	i := 0
	for it := cv.ElementIterator(); it.Next(); i++ {
		_, e := it.Element()
		out = append(out, s.child(e, fmt.Sprintf("%s/%d", p, i)))
	}
	return out
}

// reader turns fields into model values, reporting what it can't resolve.
type reader struct {
	diags *diag.List
	seen  map[string]bool
}

func newReader(l *diag.List) *reader { return &reader{diags: l, seen: map[string]bool{}} }

func (rd *reader) add(d diag.Diagnostic) {
	k := fmt.Sprintf("%s|%s|%d|%d|%s|%s", d.Code, d.File, d.Line, d.Column, d.Path, d.Message)
	if rd.seen[k] {
		return
	}
	rd.seen[k] = true
	rd.diags.Add(d)
}

func (rd *reader) at(code string, sev diag.Severity, o aks.Origin, msg, hint string) *diag.Diagnostic {
	rd.add(diag.Diagnostic{Code: code, Severity: sev, Message: msg, Hint: hint, File: o.File, Line: o.Line, Column: o.Column, Path: o.Path})
	return &(*rd.diags)[len(*rd.diags)-1]
}

// usable returns whether f can be converted, reporting unknown and failed
// values and turning them into an Unknown model value's note.
func (rd *reader) usable(f field, what string) (note string, ok bool) {
	switch {
	case f.err != "":
		rd.at(CodeEval, diag.Error, f.org, what+" can't be evaluated: "+f.err, "fix the expression")
		return "can't be evaluated: " + f.err, false
	case !f.v.IsWhollyKnown():
		code, hint := CodeUnresolved, "give the variables it depends on a value (tfvars), or write the value literally"
		if strings.Contains(f.why, "after_unknown") {
			code, hint = CodePlanUnknown, "the value is decided by the provider at apply; read the applied state to know it"
		}
		if strings.Contains(f.why, "not declared in this module") {
			code, hint = CodeUndeclared, "declare it, or read the module that declares it"
		}
		if f.whole {
			what = f.org.Path
		}
		rd.at(code, severityOf(code), f.org, what+" can't be resolved: "+f.why, hint)
		return "can't be resolved: " + f.why, false
	}
	return "", true
}

func severityOf(code string) diag.Severity {
	switch code {
	case CodeUndeclared:
		return diag.Error
	case CodePlanUnknown:
		return diag.Info
	}
	return diag.Warning
}

func (rd *reader) str(f field, what string) aks.Value[string] {
	if !f.present || (f.v != cty.NilVal && f.v.IsKnown() && f.v.IsNull()) {
		return aks.Value[string]{}
	}
	if note, ok := rd.usable(f, what); !ok {
		return aks.UnknownAt[string](f.org, note)
	}
	c, err := convert.Convert(f.v, cty.String)
	if err != nil {
		rd.at(CodeWrongType, diag.Error, f.org, what+" must be a string, not "+f.v.Type().FriendlyName(), "write a string")
		return aks.UnknownAt[string](f.org, "not a string")
	}
	return aks.SetAt(c.AsString(), f.org)
}

// enum reads a string and maps it through allowed (lower-cased input → model
// spelling); anything else is reported and unknown.
func (rd *reader) enum(f field, what string, allowed map[string]string, source string) aks.Value[string] {
	v := rd.str(f, what)
	if v.State != aks.Set {
		return v
	}
	if out, ok := allowed[strings.ToLower(v.V)]; ok {
		v.V = out
		return v
	}
	keys := make([]string, 0, len(allowed))
	for _, k := range allowed {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	d := rd.at(CodeInvalidValue, diag.Error, f.org, fmt.Sprintf("%s %q is not one of %s (%s)", what, v.V, strings.Join(keys, ", "), source),
		"use one of the values the provider and AKS accept")
	d.Source = source
	return aks.UnknownAt[string](f.org, fmt.Sprintf("%q is not a valid %s", v.V, what))
}

func (rd *reader) integer(f field, what string) aks.Value[int] {
	if !f.present || (f.v != cty.NilVal && f.v.IsKnown() && f.v.IsNull()) {
		return aks.Value[int]{}
	}
	if note, ok := rd.usable(f, what); !ok {
		return aks.UnknownAt[int](f.org, note)
	}
	c, err := convert.Convert(f.v, cty.Number)
	if err != nil {
		rd.at(CodeWrongType, diag.Error, f.org, what+" must be a number, not "+f.v.Type().FriendlyName(), "write a whole number")
		return aks.UnknownAt[int](f.org, "not a number")
	}
	bf := c.AsBigFloat()
	i, acc := bf.Int64()
	if !bf.IsInt() || acc != big.Exact || i < -1<<31 || i > 1<<31-1 {
		rd.at(CodeWrongType, diag.Error, f.org, fmt.Sprintf("%s must be a whole number in range, not %s", what, bf.Text('g', 10)), "write a whole number")
		return aks.UnknownAt[int](f.org, "not a whole number in range")
	}
	return aks.SetAt(int(i), f.org)
}

func (rd *reader) boolean(f field, what string) aks.Value[bool] {
	if !f.present || (f.v != cty.NilVal && f.v.IsKnown() && f.v.IsNull()) {
		return aks.Value[bool]{}
	}
	if note, ok := rd.usable(f, what); !ok {
		return aks.UnknownAt[bool](f.org, note)
	}
	c, err := convert.Convert(f.v, cty.Bool)
	if err != nil {
		rd.at(CodeWrongType, diag.Error, f.org, what+" must be true or false, not "+f.v.Type().FriendlyName(), "write true or false")
		return aks.UnknownAt[bool](f.org, "not a bool")
	}
	return aks.SetAt(c.True(), f.org)
}

func (rd *reader) strings(f field, what string) aks.Value[[]string] {
	if !f.present || (f.v != cty.NilVal && f.v.IsKnown() && f.v.IsNull()) {
		return aks.Value[[]string]{}
	}
	if note, ok := rd.usable(f, what); !ok {
		return aks.UnknownAt[[]string](f.org, note)
	}
	c, err := convert.Convert(f.v, cty.List(cty.String))
	if err != nil || c.IsNull() {
		rd.at(CodeWrongType, diag.Error, f.org, what+" must be a list of strings, not "+f.v.Type().FriendlyName(), "write a list of strings")
		return aks.UnknownAt[[]string](f.org, "not a list of strings")
	}
	out := []string{}
	for it := c.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			rd.at(CodeWrongType, diag.Error, f.org, what+" contains null", "remove the null element")
			return aks.UnknownAt[[]string](f.org, "contains null")
		}
		out = append(out, e.AsString())
	}
	return aks.SetAt(out, f.org)
}

// count reads a list attribute and returns its length (outbound IP ids).
func (rd *reader) count(f field, what string) aks.Value[int] {
	l := rd.strings(f, what)
	switch l.State {
	case aks.Set:
		return aks.SetAt(len(l.V), l.Origin)
	case aks.Unknown:
		return aks.UnknownAt[int](l.Origin, l.Origin.Note)
	}
	return aks.Value[int]{}
}

func (rd *reader) prefix(f field, what string) aks.Value[netip.Prefix] {
	s := rd.str(f, what)
	switch s.State {
	case aks.Set:
		p, err := azaddr.ParsePrefix(strings.TrimSpace(s.V))
		if err != nil {
			rd.at(CodeInvalidCIDR, diag.Error, f.org, what+": "+err.Error(), "write a prefix in canonical form such as 10.244.0.0/16")
			return aks.UnknownAt[netip.Prefix](f.org, "not a valid CIDR")
		}
		return aks.SetAt(p, s.Origin)
	case aks.Unknown:
		return aks.UnknownAt[netip.Prefix](s.Origin, s.Origin.Note)
	}
	return aks.Value[netip.Prefix]{}
}

func (rd *reader) addr(f field, what string) aks.Value[netip.Addr] {
	s := rd.str(f, what)
	switch s.State {
	case aks.Set:
		a, err := netip.ParseAddr(strings.TrimSpace(s.V))
		if err != nil || a.Zone() != "" {
			rd.at(CodeInvalidCIDR, diag.Error, f.org, fmt.Sprintf("%s %q is not an IP address", what, s.V), "write an address such as 10.0.0.10")
			return aks.UnknownAt[netip.Addr](f.org, "not a valid IP address")
		}
		return aks.SetAt(a, s.Origin)
	case aks.Unknown:
		return aks.UnknownAt[netip.Addr](s.Origin, s.Origin.Note)
	}
	return aks.Value[netip.Addr]{}
}

// prefixes reads a list of CIDRs; single addresses are accepted as /32 or
// /128 when allowAddr is set (authorized IP ranges).
func (rd *reader) prefixes(f field, what string, allowAddr bool) ([]aks.Value[netip.Prefix], aks.Value[[]netip.Prefix]) {
	l := rd.strings(f, what)
	switch l.State {
	case aks.Unknown:
		return nil, aks.UnknownAt[[]netip.Prefix](l.Origin, l.Origin.Note)
	case aks.Absent:
		return nil, aks.Value[[]netip.Prefix]{}
	}
	var each []aks.Value[netip.Prefix]
	all := []netip.Prefix{}
	bad := false
	for _, s := range l.V {
		s = strings.TrimSpace(s)
		p, err := azaddr.ParsePrefix(s)
		if err != nil && allowAddr {
			if a, aerr := netip.ParseAddr(s); aerr == nil && a.Zone() == "" {
				p, err = netip.PrefixFrom(a, a.BitLen()), nil
			}
		}
		if err != nil {
			rd.at(CodeInvalidCIDR, diag.Error, f.org, what+": "+err.Error(), "write prefixes in canonical form such as 10.244.0.0/16")
			each = append(each, aks.UnknownAt[netip.Prefix](f.org, "not a valid CIDR"))
			bad = true
			continue
		}
		each = append(each, aks.SetAt(p, f.org))
		all = append(all, p)
	}
	if bad {
		return each, aks.UnknownAt[[]netip.Prefix](f.org, "contains an invalid CIDR")
	}
	return each, aks.SetAt(all, f.org)
}

func (rd *reader) stringMap(f field) map[string]string {
	if !f.known() {
		return nil
	}
	c, err := convert.Convert(f.v, cty.Map(cty.String))
	if err != nil || c.IsNull() || !c.IsWhollyKnown() {
		return nil
	}
	out := map[string]string{}
	for k, v := range c.AsValueMap() {
		if !v.IsNull() {
			out[k] = v.AsString()
		}
	}
	return out
}

// first returns the first of several spellings that is present (new before old).
func first(s source, names ...string) field {
	for _, n := range names {
		if f := s.attr(n); f.present {
			return f
		}
	}
	return field{}
}

// one returns the single block name of s, reporting repeats.
func (rd *reader) one(s source, name string) source {
	bs := s.blocks(name)
	if len(bs) == 0 {
		return nil
	}
	if len(bs) > 1 {
		rd.at(CodeRepeatedBlock, diag.Warning, bs[1].origin(), fmt.Sprintf("%s block appears %d times; the first is read", name, len(bs)), "keep one "+name+" block")
	}
	return bs[0]
}

package armtemplate

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/jsonpos"
)

// cur walks a resource's properties, evaluating expressions only where it
// meets them: it is either a raw JSON node or, below an expression, an
// evaluated value. n is always the node where the value is written, so
// origins and diagnostics point at the line the user must change.
type cur struct {
	r  *reader
	sc *scope
	n  jsonpos.Node
	v  any
	ev bool // v holds an evaluated value
}

func (r *reader) cursor(sc *scope, n jsonpos.Node) cur { return cur{r: r, sc: sc, n: n} }

// at evaluates a node if it is an expression string.
func (c cur) at(n jsonpos.Node) cur {
	if n.Kind() == jsonpos.String {
		s, _ := n.Str()
		if _, _, isExpr := Classify(s); isExpr {
			return cur{r: c.r, sc: c.sc, n: n, v: c.sc.evalString(s), ev: true}
		}
	}
	return cur{r: c.r, sc: c.sc, n: n}
}

// get returns the member key (case-insensitive).
func (c cur) get(key string) cur {
	if !c.ev {
		if c.n.Kind() != jsonpos.Object {
			return cur{r: c.r, sc: c.sc}
		}
		if m := c.n.Get(key); m.Valid() {
			return c.at(m)
		}
		// A property iteration: "copy": [{"name": key, "count": ..., "input": ...}]
		for _, cp := range c.n.Get("copy").Elems() {
			if name, _ := cp.Get("name").Str(); strings.EqualFold(name, key) {
				return cur{r: c.r, sc: c.sc, n: cp, v: c.sc.propertyCopy(cp), ev: true}
			}
		}
		return cur{r: c.r, sc: c.sc}
	}
	switch v := c.v.(type) {
	case *Object:
		m, _ := v.Get(key)
		return cur{r: c.r, sc: c.sc, n: c.n, v: m, ev: true}
	case Unknown:
		return c
	}
	return cur{r: c.r, sc: c.sc}
}

func (c cur) path(keys ...string) cur {
	for _, k := range keys {
		c = c.get(k)
	}
	return c
}

// present reports whether the value is written and not null.
func (c cur) present() bool {
	if c.ev {
		return c.v != nil
	}
	return c.n.Valid() && c.n.Kind() != jsonpos.Null
}

// value evaluates the whole value.
func (c cur) value() any {
	if c.ev {
		return c.v
	}
	if !c.n.Valid() {
		return nil
	}
	return c.sc.evalNode(c.n)
}

// elems returns the elements of an array; ok is false (with a diagnostic)
// when the array can't be evaluated or is not an array.
func (c cur) elems(what string) ([]cur, bool) {
	if !c.present() {
		return nil, true
	}
	if !c.ev {
		if c.n.Kind() != jsonpos.Array {
			c.wrongType(what, "an array")
			return nil, false
		}
		out := make([]cur, 0, c.n.Len())
		for _, e := range c.n.Elems() {
			out = append(out, c.at(e))
		}
		return out, true
	}
	switch v := c.v.(type) {
	case []any:
		out := make([]cur, len(v))
		for i, e := range v {
			out[i] = cur{r: c.r, sc: c.sc, n: c.n, v: e, ev: true}
		}
		return out, true
	case Unknown:
		c.unknown(what, v)
		return nil, false
	}
	c.wrongType(what, "an array")
	return nil, false
}

func (c cur) origin() aks.Origin { return c.r.origin(c.n) }

func (c cur) unknown(what string, u Unknown) {
	code, sev := CodeUnknown, diag.Warning
	if strings.HasPrefix(u.Why, invalidExprPrefix) {
		code, sev = CodeExpr, diag.Error
	}
	c.r.diagAt(c.n, code, sev, fmt.Sprintf("%s can't be evaluated: %s", what, u.Why),
		"aksnet treats it as unknown; supply a parameters file or a literal value to check it")
}

func (c cur) wrongType(what, want string) {
	got := "a " + typeName(c.value())
	if !c.ev {
		got = "a " + c.n.Kind().String()
	}
	c.r.diagAt(c.n, CodeWrongType, diag.Error, fmt.Sprintf("%s is %s, want %s", what, got, want),
		"fix the value's type; aksnet treats it as unknown")
}

// scalar evaluates a scalar field; ok is false when it is absent.
func scalar[T any](c cur, what, want string, conv func(any) (T, bool)) aks.Value[T] {
	if !c.present() {
		return aks.Value[T]{}
	}
	v := c.value()
	if u, isU := v.(Unknown); isU {
		c.unknown(what, u)
		return aks.UnknownAt[T](c.origin(), u.Why)
	}
	t, ok := conv(v)
	if !ok {
		c.wrongType(what, want)
		return aks.UnknownAt[T](c.origin(), what+" has the wrong type")
	}
	o := c.origin()
	if s, isStr := v.(string); isStr && hasPlaceholder(s) {
		o.Note = placeholderNote
	}
	return aks.SetAt(t, o)
}

const placeholderNote = "contains placeholders for values known only at deployment: " +
	PlaceholderSubscription + ", " + PlaceholderResourceGroup + ", {uniquestring:HEX}, {guid:HEX}"

// placeholderUnknown reports a string with placeholders where an address or
// number is needed.
func (c cur) placeholderUnknown(what string, s aks.Value[string]) bool {
	if s.State != aks.Set || !hasPlaceholder(s.V) {
		return false
	}
	c.unknown(what, Unknown{Why: fmt.Sprintf("%q depends on values known only at deployment", s.V)})
	return true
}

func (c cur) str(what string) aks.Value[string] {
	return scalar(c, what, "a string", func(v any) (string, bool) { s, ok := v.(string); return s, ok })
}

func (c cur) int(what string) aks.Value[int] {
	return scalar(c, what, "an integer", func(v any) (int, bool) {
		n, ok := v.(int64)
		if !ok || n > 1<<31-1 || n < -(1<<31) {
			return 0, false
		}
		return int(n), true
	})
}

func (c cur) bool(what string) aks.Value[bool] {
	return scalar(c, what, "a bool", func(v any) (bool, bool) { b, ok := v.(bool); return b, ok })
}

func (c cur) prefix(what string) aks.Value[netip.Prefix] {
	s := c.str(what)
	if c.placeholderUnknown(what, s) {
		return aks.UnknownAt[netip.Prefix](s.Origin, "depends on values known only at deployment")
	}
	if s.State != aks.Set {
		return aks.Value[netip.Prefix]{State: s.State, Origin: s.Origin}
	}
	p, err := azaddr.ParsePrefix(strings.TrimSpace(s.V))
	if err != nil {
		c.r.diagAt(c.n, CodeInvalidCIDR, diag.Error, what+": "+err.Error(), "write the CIDR as address/length, e.g. 10.244.0.0/16")
		return aks.UnknownAt[netip.Prefix](s.Origin, err.Error())
	}
	return aks.SetAt(p, s.Origin)
}

func (c cur) addr(what string) aks.Value[netip.Addr] {
	s := c.str(what)
	if c.placeholderUnknown(what, s) {
		return aks.UnknownAt[netip.Addr](s.Origin, "depends on values known only at deployment")
	}
	if s.State != aks.Set {
		return aks.Value[netip.Addr]{State: s.State, Origin: s.Origin}
	}
	a, err := netip.ParseAddr(strings.TrimSpace(s.V))
	if err != nil || a.Zone() != "" {
		c.r.diagAt(c.n, CodeInvalidCIDR, diag.Error, fmt.Sprintf("%s: %q is not an IP address", what, s.V), "write an address such as 10.0.0.10")
		return aks.UnknownAt[netip.Addr](s.Origin, "not an IP address")
	}
	return aks.SetAt(a, s.Origin)
}

// strs reads an array of strings.
func (c cur) strs(what string) ([]aks.Value[string], bool, aks.Origin) {
	es, ok := c.elems(what)
	if !ok {
		return nil, false, c.origin()
	}
	out := make([]aks.Value[string], 0, len(es))
	for _, e := range es {
		out = append(out, e.str(what))
	}
	return out, true, c.origin()
}

package armtemplate

import (
	"encoding/json"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/jsonpos"
	"github.com/aksnet/aksnet/internal/source/armmap"
)

// unknownMarker starts a string that stands for an Unknown member inside an
// evaluated object handed to armmap; the rest of the string is the reason.
// A NUL byte can't come from a template's own strings in practice.
const unknownMarker = "\x00aksnet-unknown:"

// mapper returns an armmap.Mapper whose resolver evaluates template
// expressions in sc, so that templates and resource JSON are mapped by the
// same code.
func (r *reader) mapper(sc *scope) *armmap.Mapper {
	return &armmap.Mapper{File: r.file, Diags: &r.diags, Resolve: func(n jsonpos.Node) (jsonpos.Node, aks.State, string) {
		return r.resolve(sc, n)
	}}
}

func (r *reader) resolve(sc *scope, n jsonpos.Node) (jsonpos.Node, aks.State, string) {
	switch n.Kind() {
	case jsonpos.Invalid, jsonpos.Null:
		return n, aks.Absent, ""
	case jsonpos.String:
		s, _ := n.Str()
		if n.Tree() != r.rootNode.Tree() {
			// a value this package computed: literal, or a marked Unknown
			if why, ok := strings.CutPrefix(s, unknownMarker); ok {
				return n, aks.Unknown, why
			}
			return n, aks.Set, ""
		}
		lit, src, isExpr := Classify(s)
		if !isExpr {
			if lit == s {
				return n, aks.Set, ""
			}
			return r.materialize(lit)
		}
		e, err := r.parseExpr(src)
		if err != nil {
			r.diagAt(n, CodeExpr, diag.Error, "invalid template expression: "+err.Error(),
				"fix the expression; ARM rejects the template as written")
			return n, aks.Unknown, "invalid expression: " + err.Error()
		}
		return r.materialize(sc.eval(e, 0))
	case jsonpos.Object:
		// A property iteration ("copy": [...]) builds members: evaluate.
		if n.Tree() == r.rootNode.Tree() && n.Get("copy").Kind() == jsonpos.Array {
			return r.materialize(sc.evalNode(n))
		}
	}
	return n, aks.Set, ""
}

// materialize turns an evaluated value into a JSON node for armmap.
func (r *reader) materialize(v any) (jsonpos.Node, aks.State, string) {
	switch v := v.(type) {
	case nil:
		return jsonpos.Node{}, aks.Absent, ""
	case Unknown:
		return jsonpos.Node{}, aks.Unknown, v.Why
	}
	var b strings.Builder
	writeValueJSON(&b, v)
	tree, err := jsonpos.Parse([]byte(b.String()))
	if err != nil {
		return jsonpos.Node{}, aks.Unknown, "the evaluated value can't be represented as JSON"
	}
	return tree.Root(), aks.Set, ""
}

// writeValueJSON writes v as JSON; an Unknown member becomes a marked string.
func writeValueJSON(b *strings.Builder, v any) {
	switch v := v.(type) {
	case string:
		q, _ := json.Marshal(v)
		b.Write(q)
	case Unknown:
		q, _ := json.Marshal(unknownMarker + v.Why)
		b.Write(q)
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeValueJSON(b, e)
		}
		b.WriteByte(']')
	case *Object:
		b.WriteByte('{')
		for i, k := range v.Keys() {
			if i > 0 {
				b.WriteByte(',')
			}
			q, _ := json.Marshal(k)
			b.Write(q)
			b.WriteByte(':')
			e, _ := v.Get(k)
			writeValueJSON(b, e)
		}
		b.WriteByte('}')
	case lambdaVal:
		q, _ := json.Marshal(unknownMarker + "a lambda is not a value")
		b.Write(q)
	default:
		writeJSON(b, v, false)
	}
}

package armtemplate

import (
	"sort"
	"strconv"
	"strings"
)

// Evaluated values are plain Go values:
//
//	nil            JSON null
//	bool, int64, string
//	[]any          array
//	*Object        object (keys case-insensitive, as in ARM)
//	Unknown        a value that can't be known before deployment or that this
//	               evaluator doesn't compute; it says why
//	lambdaVal      the value of lambda(...), only as a function argument

// Unknown is a value the template sets but that can't be resolved here.
type Unknown struct{ Why string }

// Object is an ARM object: member order is kept, lookup is case-insensitive.
type Object struct {
	keys []string
	m    map[string]any // lower-case key → value
}

// NewObject returns an empty object.
func NewObject() *Object { return &Object{m: map[string]any{}} }

// Set sets key to v (replacing a member with the same key in any case).
func (o *Object) Set(key string, v any) {
	lk := strings.ToLower(key)
	if _, ok := o.m[lk]; !ok {
		o.keys = append(o.keys, key)
	}
	o.m[lk] = v
}

// Get returns the member named key (case-insensitive).
func (o *Object) Get(key string) (any, bool) {
	if o == nil {
		return nil, false
	}
	v, ok := o.m[strings.ToLower(key)]
	return v, ok
}

// Keys returns the member names in insertion order.
func (o *Object) Keys() []string {
	if o == nil {
		return nil
	}
	return o.keys
}

// Len returns the number of members.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.keys)
}

type lambdaVal struct {
	params []string
	body   Expr
}

// typeName names a value's type for messages.
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case int64:
		return "int"
	case string:
		return "string"
	case []any:
		return "array"
	case *Object:
		return "object"
	case Unknown:
		return "unknown"
	case lambdaVal:
		return "lambda"
	}
	return "?"
}

// render formats a value as ARM's string() does: strings bare, everything
// else as compact JSON.
func render(v any) string {
	var b strings.Builder
	writeJSON(&b, v, true)
	return b.String()
}

func writeJSON(b *strings.Builder, v any, top bool) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case string:
		if top {
			b.WriteString(v)
		} else {
			b.WriteString(strconv.Quote(v))
		}
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e, false)
		}
		b.WriteByte(']')
	case *Object:
		b.WriteByte('{')
		for i, k := range v.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(k))
			b.WriteByte(':')
			e, _ := v.Get(k)
			writeJSON(b, e, false)
		}
		b.WriteByte('}')
	default:
		b.WriteString("<" + typeName(v) + ">")
	}
}

// equal compares two known values deeply. Strings compare case-sensitively:
// Bicep compiles its case-insensitive =~ to equals(toLower(a), toLower(b)).
func equal(a, b any) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	case int64:
		bb, ok := b.(int64)
		return ok && a == bb
	case string:
		bb, ok := b.(string)
		return ok && a == bb
	case []any:
		bb, ok := b.([]any)
		if !ok || len(a) != len(bb) {
			return false
		}
		for i := range a {
			if !equal(a[i], bb[i]) {
				return false
			}
		}
		return true
	case *Object:
		bb, ok := b.(*Object)
		if !ok || a.Len() != bb.Len() {
			return false
		}
		for _, k := range a.keys {
			av, _ := a.Get(k)
			bv, ok := bb.Get(k)
			if !ok || !equal(av, bv) {
				return false
			}
		}
		return true
	}
	return false
}

// firstUnknown returns the first Unknown among vs, descending into arrays
// and objects.
func firstUnknown(vs ...any) (Unknown, bool) {
	for _, v := range vs {
		switch v := v.(type) {
		case Unknown:
			return v, true
		case []any:
			if u, ok := firstUnknown(v...); ok {
				return u, true
			}
		case *Object:
			keys := append([]string(nil), v.keys...)
			sort.Strings(keys)
			for _, k := range keys {
				e, _ := v.Get(k)
				if u, ok := firstUnknown(e); ok {
					return u, true
				}
			}
		}
	}
	return Unknown{}, false
}

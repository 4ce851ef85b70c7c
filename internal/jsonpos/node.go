package jsonpos

import (
	"iter"
	"math"
	"strconv"
	"strings"
)

func (n Node) nd() *node {
	if n.t == nil {
		return nil
	}
	return &n.t.nodes[n.i]
}

// Valid reports whether n refers to a value (false for a missing lookup).
func (n Node) Valid() bool { return n.t != nil }

// Kind returns the value's kind; Invalid for a missing value.
func (n Node) Kind() Kind {
	if nd := n.nd(); nd != nil {
		return nd.kind
	}
	return Invalid
}

// Tree returns the tree n belongs to.
func (n Node) Tree() *Tree { return n.t }

// Offset returns the byte offset where the value starts (-1 when missing).
func (n Node) Offset() int {
	if nd := n.nd(); nd != nil {
		return int(nd.off)
	}
	return -1
}

// Pos returns the 1-based line and column where the value starts (0, 0 when missing).
func (n Node) Pos() (line, col int) {
	if n.t == nil {
		return 0, 0
	}
	return n.t.Pos(int(n.nd().off))
}

// KeyPos returns where the member's key starts, or the value's position when
// the node is not an object member.
func (n Node) KeyPos() (line, col int) {
	nd := n.nd()
	if nd == nil {
		return 0, 0
	}
	if nd.keyOff >= 0 && nd.parent >= 0 && n.t.nodes[nd.parent].kind == Object {
		return n.t.Pos(int(nd.keyOff))
	}
	return n.Pos()
}

// Key returns the member name under which n sits in its parent object.
func (n Node) Key() string {
	if nd := n.nd(); nd != nil {
		return nd.key
	}
	return ""
}

// Parent returns the enclosing value (missing for the root).
func (n Node) Parent() Node {
	nd := n.nd()
	if nd == nil || nd.parent < 0 {
		return Node{}
	}
	return Node{t: n.t, i: nd.parent}
}

// Pointer returns the RFC 6901 JSON pointer of n ("" for the root).
func (n Node) Pointer() string {
	if n.t == nil {
		return ""
	}
	var parts []string
	for cur := n; ; {
		nd := cur.nd()
		if nd.parent < 0 {
			break
		}
		par := &n.t.nodes[nd.parent]
		if par.kind == Object {
			parts = append(parts, escapePointer(nd.key))
		} else {
			// index: position among the parent's children
			idx := 0
			for j := int32(0); j < par.kidLen; j++ {
				if n.t.kids[par.kidStart+j] == cur.i {
					idx = int(j)
					break
				}
			}
			parts = append(parts, strconv.Itoa(idx))
		}
		cur = Node{t: n.t, i: nd.parent}
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(parts[i])
	}
	return b.String()
}

func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// Len returns the number of elements or members (0 for scalars and missing).
func (n Node) Len() int {
	if nd := n.nd(); nd != nil && (nd.kind == Array || nd.kind == Object) {
		return int(nd.kidLen)
	}
	return 0
}

// Index returns the i-th element of an array (or member value of an object),
// missing when out of range.
func (n Node) Index(i int) Node {
	nd := n.nd()
	if nd == nil || i < 0 || i >= int(nd.kidLen) || (nd.kind != Array && nd.kind != Object) {
		return Node{}
	}
	return Node{t: n.t, i: n.t.kids[int(nd.kidStart)+i]}
}

// Elems iterates over an array's elements (or an object's member values).
func (n Node) Elems() iter.Seq2[int, Node] {
	return func(yield func(int, Node) bool) {
		for i := 0; i < n.Len(); i++ {
			if !yield(i, n.Index(i)) {
				return
			}
		}
	}
}

// Members iterates over an object's members in document order.
func (n Node) Members() iter.Seq2[string, Node] {
	return func(yield func(string, Node) bool) {
		if n.Kind() != Object {
			return
		}
		for i := 0; i < n.Len(); i++ {
			c := n.Index(i)
			if !yield(c.Key(), c) {
				return
			}
		}
	}
}

// Get returns the member named key. An exact match wins; otherwise the match
// is case-insensitive, as in ARM. With duplicate keys the last one wins.
// Missing when n is not an object or has no such member.
func (n Node) Get(key string) Node {
	nd := n.nd()
	if nd == nil || nd.kind != Object {
		return Node{}
	}
	var fold Node
	for j := nd.kidLen - 1; j >= 0; j-- {
		c := n.t.kids[nd.kidStart+j]
		k := n.t.nodes[c].key
		if k == key {
			return Node{t: n.t, i: c}
		}
		if !fold.Valid() && strings.EqualFold(k, key) {
			fold = Node{t: n.t, i: c}
		}
	}
	return fold
}

// Path follows a sequence of member names.
func (n Node) Path(keys ...string) Node {
	for _, k := range keys {
		n = n.Get(k)
	}
	return n
}

// Str returns a string value.
func (n Node) Str() (string, bool) {
	if nd := n.nd(); nd != nil && nd.kind == String {
		return nd.str, true
	}
	return "", false
}

// Bool returns a boolean value.
func (n Node) Bool() (bool, bool) {
	if nd := n.nd(); nd != nil && nd.kind == Bool {
		return nd.b, true
	}
	return false, false
}

// NumberText returns a number's literal text.
func (n Node) NumberText() (string, bool) {
	if nd := n.nd(); nd != nil && nd.kind == Number {
		return nd.str, true
	}
	return "", false
}

// Int returns a number that is an integer fitting in int64 (a literal such
// as 3.0 or 1e3 counts when exact). ok is false for non-numbers, fractions
// and out-of-range values.
func (n Node) Int() (int64, bool) {
	txt, ok := n.NumberText()
	if !ok {
		return 0, false
	}
	if v, err := strconv.ParseInt(txt, 10, 64); err == nil {
		return v, true
	}
	f, err := strconv.ParseFloat(txt, 64)
	if err != nil || f != math.Trunc(f) || f > math.MaxInt64 || f < math.MinInt64 {
		return 0, false
	}
	return int64(f), true
}

// Raw returns a short textual rendering of a scalar for messages: a
// string's value, a number's literal, true/false/null, or the kind name for
// containers.
func (n Node) Raw() string {
	switch n.Kind() {
	case String:
		s, _ := n.Str()
		return s
	case Number:
		s, _ := n.NumberText()
		return s
	case Bool:
		b, _ := n.Bool()
		return strconv.FormatBool(b)
	case Null:
		return "null"
	}
	return n.Kind().String()
}

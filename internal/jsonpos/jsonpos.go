// Package jsonpos parses JSON into a compact, read-only tree that remembers
// where every value came from: its byte offset, line and column, and its JSON
// pointer (RFC 6901). Readers of ARM resource JSON and ARM templates use it so
// that every value in the normalized model and every diagnostic can point at
// the exact place in the user's file.
//
// The tree is stored in two flat slices (nodes and child indices), so parsing
// a document costs a handful of allocations per string rather than one per
// value. Object key lookup is case-insensitive, as ARM's is.
package jsonpos

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is a JSON value's type.
type Kind uint8

const (
	Invalid Kind = iota // the zero Node: a missing value
	Null
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"missing", "null", "boolean", "number", "string", "array", "object"}

// String names the kind as a user would: "string", "object", "missing", ….
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// DefaultMaxDepth bounds nesting so hostile input can't exhaust the stack.
const DefaultMaxDepth = 512

// SyntaxError is a parse failure at a position.
type SyntaxError struct {
	Offset int
	Line   int
	Column int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

type node struct {
	kind     Kind
	b        bool
	off      int32 // byte offset of the value
	keyOff   int32 // byte offset of the member key (object members)
	parent   int32 // -1 for the root
	kidStart int32
	kidLen   int32
	key      string // member key when the parent is an object
	str      string // string value, or the literal text of a number
}

// Tree is a parsed document.
type Tree struct {
	nodes     []node
	kids      []int32
	lineStart []int32
}

// Node is a handle on a value in a Tree. The zero Node is "missing": every
// accessor on it returns the zero value, so lookups chain safely:
// root.Get("properties").Get("networkProfile").Get("podCidr").
type Node struct {
	t *Tree
	i int32
}

// Parse parses data with DefaultMaxDepth.
func Parse(data []byte) (*Tree, error) { return ParseDepth(data, DefaultMaxDepth) }

// ParseDepth parses data, rejecting nesting deeper than maxDepth. A UTF-8
// byte-order mark is skipped. Errors are *SyntaxError.
func ParseDepth(data []byte, maxDepth int) (*Tree, error) {
	if len(data) > math.MaxInt32 {
		return nil, &SyntaxError{Line: 1, Column: 1, Msg: "document larger than 2 GiB"}
	}
	p := &parser{data: data, maxDepth: maxDepth}
	p.t = &Tree{nodes: make([]node, 0, len(data)/16+4)}
	p.t.lineStart = lineStarts(data)
	p.pos = 0
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		p.pos = 3
	}
	p.skipWS()
	if err := p.value(-1, "", 0, 0); err != nil {
		return nil, err
	}
	p.skipWS()
	if p.pos != len(p.data) {
		return nil, p.errf("unexpected %s after the top-level value", p.describe())
	}
	return p.t, nil
}

func lineStarts(data []byte) []int32 {
	starts := make([]int32, 1, bytes.Count(data, []byte{'\n'})+1)
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, int32(i+1))
		}
	}
	return starts
}

// Root returns the top-level value.
func (t *Tree) Root() Node {
	if t == nil || len(t.nodes) == 0 {
		return Node{}
	}
	return Node{t: t, i: 0}
}

// Pos converts a byte offset into a 1-based line and column (in bytes).
func (t *Tree) Pos(off int) (line, col int) { return pos(t.lineStart, off) }

func pos(starts []int32, off int) (int, int) {
	lo, hi := 0, len(starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if int(starts[mid]) <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, off - int(starts[lo]) + 1
}

type parser struct {
	t        *Tree
	data     []byte
	pos      int
	depth    int
	maxDepth int
	stack    []int32
}

func (p *parser) errf(format string, args ...any) error {
	line, col := pos(p.t.lineStart, p.pos)
	return &SyntaxError{Offset: p.pos, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) describe() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	c := p.data[p.pos]
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (p *parser) skipWS() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) add(n node) int32 {
	p.t.nodes = append(p.t.nodes, n)
	return int32(len(p.t.nodes) - 1)
}

func (p *parser) value(parent int32, key string, keyOff int32, _ int) error {
	if p.pos >= len(p.data) {
		return p.errf("unexpected end of input, want a value")
	}
	start := int32(p.pos)
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(parent, key, keyOff)
	case c == '[':
		return p.array(parent, key, keyOff)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return err
		}
		p.add(node{kind: String, off: start, keyOff: keyOff, parent: parent, key: key, str: s})
	case c == 't' && bytes.HasPrefix(p.data[p.pos:], []byte("true")):
		p.pos += 4
		p.add(node{kind: Bool, b: true, off: start, keyOff: keyOff, parent: parent, key: key})
	case c == 'f' && bytes.HasPrefix(p.data[p.pos:], []byte("false")):
		p.pos += 5
		p.add(node{kind: Bool, off: start, keyOff: keyOff, parent: parent, key: key})
	case c == 'n' && bytes.HasPrefix(p.data[p.pos:], []byte("null")):
		p.pos += 4
		p.add(node{kind: Null, off: start, keyOff: keyOff, parent: parent, key: key})
	case c == '-' || (c >= '0' && c <= '9'):
		txt, err := p.number()
		if err != nil {
			return err
		}
		p.add(node{kind: Number, off: start, keyOff: keyOff, parent: parent, key: key, str: txt})
	default:
		return p.errf("unexpected %s, want a value", p.describe())
	}
	return nil
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > p.maxDepth {
		return p.errf("nesting deeper than %d levels", p.maxDepth)
	}
	return nil
}

// finish records the children collected on the stack since mark.
func (p *parser) finish(self int32, mark int) {
	kids := p.stack[mark:]
	n := &p.t.nodes[self]
	n.kidStart = int32(len(p.t.kids))
	n.kidLen = int32(len(kids))
	p.t.kids = append(p.t.kids, kids...)
	p.stack = p.stack[:mark]
	p.depth--
}

func (p *parser) object(parent int32, key string, keyOff int32) error {
	if err := p.enter(); err != nil {
		return err
	}
	self := p.add(node{kind: Object, off: int32(p.pos), keyOff: keyOff, parent: parent, key: key})
	mark := len(p.stack)
	p.pos++ // {
	p.skipWS()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		p.finish(self, mark)
		return nil
	}
	for {
		p.skipWS()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return p.errf("unexpected %s, want a member name in double quotes", p.describe())
		}
		ko := int32(p.pos)
		k, err := p.str()
		if err != nil {
			return err
		}
		p.skipWS()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return p.errf("unexpected %s, want ':' after member name %q", p.describe(), k)
		}
		p.pos++
		p.skipWS()
		child := int32(len(p.t.nodes))
		if err := p.value(self, k, ko, 0); err != nil {
			return err
		}
		p.stack = append(p.stack, child)
		p.skipWS()
		if p.pos >= len(p.data) {
			return p.errf("unexpected end of input, want ',' or '}'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.finish(self, mark)
			return nil
		default:
			return p.errf("unexpected %s, want ',' or '}'", p.describe())
		}
	}
}

func (p *parser) array(parent int32, key string, keyOff int32) error {
	if err := p.enter(); err != nil {
		return err
	}
	self := p.add(node{kind: Array, off: int32(p.pos), keyOff: keyOff, parent: parent, key: key})
	mark := len(p.stack)
	p.pos++ // [
	p.skipWS()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		p.finish(self, mark)
		return nil
	}
	for {
		p.skipWS()
		child := int32(len(p.t.nodes))
		if err := p.value(self, "", -1, 0); err != nil {
			return err
		}
		p.stack = append(p.stack, child)
		p.skipWS()
		if p.pos >= len(p.data) {
			return p.errf("unexpected end of input, want ',' or ']'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.finish(self, mark)
			return nil
		default:
			return p.errf("unexpected %s, want ',' or ']'", p.describe())
		}
	}
}

func (p *parser) number() (string, error) {
	start := p.pos
	d := p.data
	if p.pos < len(d) && d[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		s := p.pos
		for p.pos < len(d) && d[p.pos] >= '0' && d[p.pos] <= '9' {
			p.pos++
		}
		return p.pos - s
	}
	if p.pos < len(d) && d[p.pos] == '0' {
		p.pos++
	} else if digits() == 0 {
		return "", p.errf("invalid number")
	}
	if p.pos < len(d) && d[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return "", p.errf("invalid number: digits must follow '.'")
		}
	}
	if p.pos < len(d) && (d[p.pos] == 'e' || d[p.pos] == 'E') {
		p.pos++
		if p.pos < len(d) && (d[p.pos] == '+' || d[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return "", p.errf("invalid number: digits must follow the exponent")
		}
	}
	return string(d[start:p.pos]), nil
}

// str parses a string at p.pos (which is '"') and returns its value.
func (p *parser) str() (string, error) {
	d := p.data
	p.pos++ // opening quote
	start := p.pos
	// Fast path: no escapes, valid ASCII/UTF-8 until the closing quote.
	for p.pos < len(d) {
		c := d[p.pos]
		if c == '"' {
			s := d[start:p.pos]
			p.pos++
			if !utf8.Valid(s) {
				return strings.ToValidUTF8(string(s), "\uFFFD"), nil
			}
			return string(s), nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.pos++
	}
	var b strings.Builder
	b.Write(d[start:p.pos])
	for p.pos < len(d) {
		c := d[p.pos]
		switch {
		case c == '"':
			p.pos++
			return strings.ToValidUTF8(b.String(), "\uFFFD"), nil
		case c < 0x20:
			return "", p.errf("control character 0x%02x in string", c)
		case c != '\\':
			b.WriteByte(c)
			p.pos++
			continue
		}
		p.pos++ // backslash
		if p.pos >= len(d) {
			break
		}
		e := d[p.pos]
		p.pos++
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", p.errf("invalid \\u escape")
			}
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if p.pos+1 < len(d) && d[p.pos] == '\\' && d[p.pos+1] == 'u' {
					save := p.pos
					p.pos += 2
					var ok2 bool
					if r2, ok2 = p.hex4(); !ok2 {
						p.pos = save
						r2 = -1
					}
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					r = dec
				} else {
					r = utf8.RuneError
				}
			}
			b.WriteRune(r)
		default:
			p.pos--
			return "", p.errf("invalid escape '\\%c' in string", e)
		}
	}
	return "", p.errf("unexpected end of input in string")
}

func (p *parser) hex4() (rune, bool) {
	if p.pos+4 > len(p.data) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.data[p.pos:p.pos+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	p.pos += 4
	return rune(v), true
}

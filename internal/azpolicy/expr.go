package azpolicy

import (
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
)

// An expr is a parsed Azure Resource Manager template expression, the
// bracketed form "[fn(args)]" that policy rules accept in field, value,
// count.value and operand positions. Only the functions policy rules in this
// package need are supported; any other is a parse error, never a silent
// false.
type expr interface{ isExpr() }

type (
	lit  struct{ v any } // string or number literal
	call struct {        // fn(args) followed by accessors
		fn   string
		args []expr
		acc  []accessor
	}
)

// accessor is .name or [index] after a call.
type accessor struct {
	name  string
	index expr
}

func (lit) isExpr()  {}
func (call) isExpr() {}

// functions lists the supported template functions with their arity
// (min, max; -1 is unbounded).
var functions = map[string][2]int{
	"parameters":      {1, 1},
	"field":           {1, 1},
	"current":         {0, 1},
	"iprangecontains": {2, 2},
	"if":              {3, 3},
	"empty":           {1, 1},
	"not":             {1, 1},
	"and":             {1, -1},
	"or":              {1, -1},
	"equals":          {2, 2},
	"contains":        {2, 2},
	"concat":          {1, -1},
	"tolower":         {1, 1},
	"length":          {1, 1},
	"true":            {0, 0},
	"false":           {0, 0},
}

// isExpression reports whether s is a template expression: it starts with
// "[" and ends with "]", and does not start with "[[" (the escape for a
// literal leading bracket).
func isExpression(s string) bool {
	return len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' && !strings.HasPrefix(s, "[[")
}

// unescape turns a literal "[[..." into "[...".
func unescape(s string) string {
	if strings.HasPrefix(s, "[[") {
		return s[1:]
	}
	return s
}

// parseExpr parses the text between the outer brackets of an expression.
func parseExpr(s string) (expr, error) {
	p := &exprParser{s: s}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, fmt.Errorf("unexpected %q at offset %d", p.s[p.i:], p.i)
	}
	return e, nil
}

type exprParser struct {
	s     string
	i     int
	depth int
}

// maxDepth bounds nesting so hostile input can't exhaust the stack.
const maxDepth = 64

func (p *exprParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *exprParser) expr() (expr, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, fmt.Errorf("expression nested deeper than %d", maxDepth)
	}
	p.space()
	if p.i >= len(p.s) {
		return nil, fmt.Errorf("unexpected end of expression")
	}
	c := p.s[p.i]
	switch {
	case c == '\'':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		j := p.i + 1
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		n, err := strconv.ParseInt(p.s[p.i:j], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("invalid number %q", p.s[p.i:j])
		}
		p.i = j
		return lit{float64(n)}, nil
	case isIdentStart(c):
		return p.call()
	}
	return nil, fmt.Errorf("unexpected %q at offset %d", c, p.i)
}

func isIdentStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isIdent(c byte) bool      { return isIdentStart(c) || (c >= '0' && c <= '9') }

func (p *exprParser) str() (expr, error) {
	var b strings.Builder
	p.i++ // opening quote
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '\'' {
			if p.i+1 < len(p.s) && p.s[p.i+1] == '\'' {
				b.WriteByte('\'')
				p.i += 2
				continue
			}
			p.i++
			return lit{b.String()}, nil
		}
		b.WriteByte(c)
		p.i++
	}
	return nil, fmt.Errorf("unterminated string")
}

func (p *exprParser) ident() string {
	j := p.i
	for j < len(p.s) && isIdent(p.s[j]) {
		j++
	}
	id := p.s[p.i:j]
	p.i = j
	return id
}

func (p *exprParser) call() (expr, error) {
	name := p.ident()
	ar, ok := functions[strings.ToLower(name)]
	if !ok {
		return nil, fmt.Errorf("unsupported function %q", name)
	}
	p.space()
	if p.i >= len(p.s) || p.s[p.i] != '(' {
		return nil, fmt.Errorf("%s: want '('", name)
	}
	p.i++
	c := call{fn: strings.ToLower(name)}
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ')' {
		p.i++
	} else {
		for {
			a, err := p.expr()
			if err != nil {
				return nil, err
			}
			c.args = append(c.args, a)
			p.space()
			if p.i >= len(p.s) {
				return nil, fmt.Errorf("%s: unterminated argument list", name)
			}
			if p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.s[p.i] == ')' {
				p.i++
				break
			}
			return nil, fmt.Errorf("%s: unexpected %q in argument list", name, p.s[p.i])
		}
	}
	if len(c.args) < ar[0] || (ar[1] >= 0 && len(c.args) > ar[1]) {
		return nil, fmt.Errorf("%s takes %s, got %d", name, arity(ar), len(c.args))
	}
	for {
		p.space()
		if p.i >= len(p.s) {
			break
		}
		switch p.s[p.i] {
		case '.':
			p.i++
			id := p.ident()
			if id == "" {
				return nil, fmt.Errorf("%s: want a property name after '.'", name)
			}
			c.acc = append(c.acc, accessor{name: id})
			continue
		case '[':
			p.i++
			ix, err := p.expr()
			if err != nil {
				return nil, err
			}
			p.space()
			if p.i >= len(p.s) || p.s[p.i] != ']' {
				return nil, fmt.Errorf("%s: want ']'", name)
			}
			p.i++
			c.acc = append(c.acc, accessor{index: ix})
			continue
		}
		break
	}
	return c, nil
}

func arity(a [2]int) string {
	switch {
	case a[0] == a[1]:
		return fmt.Sprintf("%d argument(s)", a[0])
	case a[1] < 0:
		return fmt.Sprintf("at least %d argument(s)", a[0])
	}
	return fmt.Sprintf("%d to %d arguments", a[0], a[1])
}

// evalExpr evaluates e in the context of an evaluation.
func (ev *evaluation) evalExpr(e expr) (any, error) {
	switch e := e.(type) {
	case lit:
		return e.v, nil
	case call:
		v, err := ev.evalCall(e)
		if err != nil {
			return nil, err
		}
		for _, a := range e.acc {
			if v, err = ev.access(v, a); err != nil {
				return nil, err
			}
		}
		return v, nil
	}
	return nil, fmt.Errorf("unknown expression %T", e)
}

func (ev *evaluation) access(v any, a accessor) (any, error) {
	if a.index == nil {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("property %q of a non-object", a.name)
		}
		for k, x := range m {
			if strings.EqualFold(k, a.name) {
				return x, nil
			}
		}
		return nil, fmt.Errorf("no property %q", a.name)
	}
	ix, err := ev.evalExpr(a.index)
	if err != nil {
		return nil, err
	}
	switch v := v.(type) {
	case []any:
		f, ok := ix.(float64)
		if !ok || f < 0 || f >= float64(len(v)) || f != math.Trunc(f) {
			return nil, fmt.Errorf("index %v out of range", ix)
		}
		return v[int(f)], nil
	case map[string]any:
		return ev.access(v, accessor{name: fmt.Sprint(ix)})
	}
	return nil, fmt.Errorf("index into a %s", typeName(v))
}

func (ev *evaluation) evalCall(c call) (any, error) {
	if c.fn == "if" { // lazy: only the chosen branch is evaluated
		cond, err := ev.evalExpr(c.args[0])
		if err != nil {
			return nil, err
		}
		b, ok := cond.(bool)
		if !ok {
			return nil, fmt.Errorf("if: condition is a %s, not a bool", typeName(cond))
		}
		if b {
			return ev.evalExpr(c.args[1])
		}
		return ev.evalExpr(c.args[2])
	}
	args := make([]any, len(c.args))
	for i, a := range c.args {
		v, err := ev.evalExpr(a)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	str := func(i int) (string, error) {
		s, ok := args[i].(string)
		if !ok {
			return "", fmt.Errorf("%s: argument %d is a %s, not a string", c.fn, i+1, typeName(args[i]))
		}
		return s, nil
	}
	boolArg := func(i int) (bool, error) {
		b, ok := args[i].(bool)
		if !ok {
			return false, fmt.Errorf("%s: argument %d is a %s, not a bool", c.fn, i+1, typeName(args[i]))
		}
		return b, nil
	}
	switch c.fn {
	case "parameters":
		name, err := str(0)
		if err != nil {
			return nil, err
		}
		return ev.parameter(name)
	case "field":
		name, err := str(0)
		if err != nil {
			return nil, err
		}
		v, err := ev.field(name)
		if err != nil {
			return nil, err
		}
		if v == absent {
			return nil, nil
		}
		return v, nil
	case "current":
		name := ""
		if len(args) == 1 {
			s, err := str(0)
			if err != nil {
				return nil, err
			}
			name = s
		}
		return ev.current(name)
	case "iprangecontains":
		a, err := str(0)
		if err != nil {
			return nil, err
		}
		b, err := str(1)
		if err != nil {
			return nil, err
		}
		return ipRangeContains(a, b)
	case "empty":
		switch v := args[0].(type) {
		case nil:
			return true, nil
		case string:
			return v == "", nil
		case []any:
			return len(v) == 0, nil
		case map[string]any:
			return len(v) == 0, nil
		}
		return nil, fmt.Errorf("empty: a %s has no length", typeName(args[0]))
	case "not":
		b, err := boolArg(0)
		return !b, err
	case "and", "or":
		out := c.fn == "and"
		for i := range args {
			b, err := boolArg(i)
			if err != nil {
				return nil, err
			}
			if c.fn == "and" {
				out = out && b
			} else {
				out = out || b
			}
		}
		return out, nil
	case "equals":
		return equalValues(args[0], args[1]), nil
	case "contains":
		switch v := args[0].(type) {
		case string:
			s, err := str(1)
			if err != nil {
				return nil, err
			}
			return strings.Contains(strings.ToLower(v), strings.ToLower(s)), nil
		case []any:
			for _, x := range v {
				if equalValues(x, args[1]) {
					return true, nil
				}
			}
			return false, nil
		}
		return nil, fmt.Errorf("contains: argument 1 is a %s", typeName(args[0]))
	case "concat":
		if arr, ok := args[0].([]any); ok {
			out := append([]any(nil), arr...)
			for i := 1; i < len(args); i++ {
				a, ok := args[i].([]any)
				if !ok {
					return nil, fmt.Errorf("concat: mixes arrays and a %s", typeName(args[i]))
				}
				out = append(out, a...)
			}
			return out, nil
		}
		var b strings.Builder
		for i := range args {
			s, err := str(i)
			if err != nil {
				return nil, err
			}
			b.WriteString(s)
		}
		return b.String(), nil
	case "tolower":
		s, err := str(0)
		return strings.ToLower(s), err
	case "length":
		switch v := args[0].(type) {
		case string:
			return float64(len(v)), nil
		case []any:
			return float64(len(v)), nil
		case map[string]any:
			return float64(len(v)), nil
		}
		return nil, fmt.Errorf("length: a %s has no length", typeName(args[0]))
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return nil, fmt.Errorf("unsupported function %q", c.fn)
}

// ipRangeContains implements the policy function of the same name: whether
// range contains target. Either may be a single address, a CIDR or a
// "first-last" range; an empty value or mixed IP families fail the
// evaluation, as in Azure Policy.
func ipRangeContains(rng, target string) (bool, error) {
	a, err := parseRange(rng)
	if err != nil {
		return false, fmt.Errorf("ipRangeContains: %w", err)
	}
	b, err := parseRange(target)
	if err != nil {
		return false, fmt.Errorf("ipRangeContains: %w", err)
	}
	if a[0].Is4() != b[0].Is4() {
		return false, fmt.Errorf("ipRangeContains: %s and %s mix IP families", rng, target)
	}
	return a[0].Compare(b[0]) <= 0 && b[1].Compare(a[1]) <= 0, nil
}

// parseRange returns the first and last address of an address, CIDR or
// "first-last" range.
func parseRange(s string) ([2]netip.Addr, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return [2]netip.Addr{}, fmt.Errorf("empty range")
	}
	if lo, hi, ok := strings.Cut(s, "-"); ok {
		a, err1 := netip.ParseAddr(strings.TrimSpace(lo))
		b, err2 := netip.ParseAddr(strings.TrimSpace(hi))
		if err1 != nil || err2 != nil || a.Is4() != b.Is4() || b.Less(a) {
			return [2]netip.Addr{}, fmt.Errorf("invalid range %q", s)
		}
		return [2]netip.Addr{a.Unmap(), b.Unmap()}, nil
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return [2]netip.Addr{}, fmt.Errorf("invalid CIDR %q", s)
		}
		p = p.Masked()
		return [2]netip.Addr{p.Addr(), lastAddr(p)}, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return [2]netip.Addr{}, fmt.Errorf("invalid address %q", s)
	}
	return [2]netip.Addr{a, a}, nil
}

func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

// typeName names v's JSON type in messages: v is a value of a rule as
// decoded (numbers as json.Number) or as evaluated (numbers as float64,
// unknownValue where the input's value can't be resolved).
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "bool"
	case json.Number, float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case unknownValue:
		return "unknown value"
	}
	return fmt.Sprintf("%T", v)
}

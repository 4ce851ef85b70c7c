package armtemplate

import (
	"fmt"
	"strconv"
	"strings"
)

// Expr is a parsed ARM template expression: the text between the outer
// brackets of a "[...]" string.
type Expr interface{ isExpr() }

// StrLit is a string literal ('it”s' is it's).
type StrLit struct{ V string }

// IntLit is an integer literal.
type IntLit struct{ V int64 }

// Call is a function call; Name keeps the spelling written (ARM function
// names are case-insensitive), including a namespace prefix for user
// functions such as "__bicep.fn".
type Call struct {
	Name string
	Args []Expr
}

// Member is property access: X.Name.
type Member struct {
	X    Expr
	Name string
}

// Index is indexing: X[I].
type Index struct {
	X Expr
	I Expr
}

func (StrLit) isExpr() {}
func (IntLit) isExpr() {}
func (Call) isExpr()   {}
func (Member) isExpr() {}
func (Index) isExpr()  {}

// maxExprDepth bounds nesting of calls, member access and indexing so hostile
// input can't exhaust the stack.
const maxExprDepth = 200

// ExprError is an expression syntax error at a byte offset of the expression
// text (the text between the brackets).
type ExprError struct {
	Offset int
	Msg    string
}

func (e *ExprError) Error() string { return fmt.Sprintf("at character %d: %s", e.Offset+1, e.Msg) }

// Classify tells what an ARM string value is: a literal (returned with the
// "[[" escape undone) or an expression (its text between the brackets).
func Classify(s string) (literal string, expr string, isExpr bool) {
	if len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' {
		if s[1] == '[' {
			return s[1:], "", false
		}
		return "", s[1 : len(s)-1], true
	}
	return s, "", false
}

// ParseExpr parses the text of one template expression (without the outer
// brackets). Errors are *ExprError.
func ParseExpr(src string) (Expr, error) {
	p := &exprParser{src: src}
	p.skip()
	e, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	p.skip()
	if p.pos < len(p.src) {
		return nil, p.errf("unexpected %q after the expression", p.src[p.pos])
	}
	return e, nil
}

type exprParser struct {
	src string
	pos int
}

func (p *exprParser) errf(format string, args ...any) error {
	return &ExprError{Offset: p.pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *exprParser) skip() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t' || p.src[p.pos] == '\n' || p.src[p.pos] == '\r') {
		p.pos++
	}
}

func isIdentStart(c byte) bool { return c == '_' || c == '$' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isIdentChar(c byte) bool  { return isIdentStart(c) || (c >= '0' && c <= '9') }

func (p *exprParser) expr(depth int) (Expr, error) {
	if depth > maxExprDepth {
		return nil, p.errf("expression nested deeper than %d levels", maxExprDepth)
	}
	p.skip()
	if p.pos >= len(p.src) {
		return nil, p.errf("unexpected end of expression")
	}
	var e Expr
	switch c := p.src[p.pos]; {
	case c == '\'':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		e = StrLit{V: s}
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.pos
		p.pos++
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
		v, err := strconv.ParseInt(p.src[start:p.pos], 10, 64)
		if err != nil {
			p.pos = start
			return nil, p.errf("invalid integer %q", p.src[start:min(len(p.src), start+24)])
		}
		e = IntLit{V: v}
	case isIdentStart(c):
		name := p.ident()
		// A namespaced user function: ns.fn(...)
		for {
			save := p.pos
			if p.pos < len(p.src) && p.src[p.pos] == '.' {
				p.pos++
				if p.pos < len(p.src) && isIdentStart(p.src[p.pos]) {
					part := p.ident()
					p.skip()
					if p.pos < len(p.src) && p.src[p.pos] == '(' {
						name += "." + part
						continue
					}
				}
			}
			p.pos = save
			break
		}
		p.skip()
		if p.pos >= len(p.src) || p.src[p.pos] != '(' {
			return nil, p.errf("want '(' after function name %q", name)
		}
		p.pos++
		var args []Expr
		p.skip()
		if p.pos < len(p.src) && p.src[p.pos] == ')' {
			p.pos++
		} else {
			for {
				a, err := p.expr(depth + 1)
				if err != nil {
					return nil, err
				}
				args = append(args, a)
				p.skip()
				if p.pos >= len(p.src) {
					return nil, p.errf("unexpected end of expression in the arguments of %s", name)
				}
				if p.src[p.pos] == ',' {
					p.pos++
					continue
				}
				if p.src[p.pos] == ')' {
					p.pos++
					break
				}
				return nil, p.errf("unexpected %q in the arguments of %s, want ',' or ')'", p.src[p.pos], name)
			}
		}
		e = Call{Name: name, Args: args}
	default:
		return nil, p.errf("unexpected %q, want a function call, a 'string' or an integer", c)
	}
	// Postfix: .prop and [index].
	for n := 0; ; n++ {
		if depth+n > maxExprDepth {
			return nil, p.errf("expression nested deeper than %d levels", maxExprDepth)
		}
		p.skip()
		if p.pos >= len(p.src) {
			return e, nil
		}
		switch p.src[p.pos] {
		case '.':
			p.pos++
			p.skip()
			if p.pos >= len(p.src) || !isIdentStart(p.src[p.pos]) {
				return nil, p.errf("want a property name after '.'")
			}
			e = Member{X: e, Name: p.ident()}
		case '[':
			p.pos++
			i, err := p.expr(depth + n + 1)
			if err != nil {
				return nil, err
			}
			p.skip()
			if p.pos >= len(p.src) || p.src[p.pos] != ']' {
				return nil, p.errf("want ']' to close the index")
			}
			p.pos++
			e = Index{X: e, I: i}
		default:
			return e, nil
		}
	}
}

func (p *exprParser) ident() string {
	start := p.pos
	for p.pos < len(p.src) && isIdentChar(p.src[p.pos]) {
		p.pos++
	}
	return p.src[start:p.pos]
}

func (p *exprParser) str() (string, error) {
	start := p.pos
	p.pos++ // opening quote
	var b strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '\'' {
			if p.pos+1 < len(p.src) && p.src[p.pos+1] == '\'' {
				b.WriteByte('\'')
				p.pos += 2
				continue
			}
			p.pos++
			return b.String(), nil
		}
		b.WriteByte(c)
		p.pos++
	}
	p.pos = start
	return "", p.errf("unterminated string literal")
}

// String renders e back as expression text (without the outer brackets).
func String(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

func writeExpr(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case StrLit:
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(e.V, "'", "''"))
		b.WriteByte('\'')
	case IntLit:
		b.WriteString(strconv.FormatInt(e.V, 10))
	case Call:
		b.WriteString(e.Name)
		b.WriteByte('(')
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		b.WriteByte(')')
	case Member:
		writeExpr(b, e.X)
		b.WriteByte('.')
		b.WriteString(e.Name)
	case Index:
		writeExpr(b, e.X)
		b.WriteByte('[')
		writeExpr(b, e.I)
		b.WriteByte(']')
	}
}

package azpolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/diag"
)

// Condition is a parsed policyRule "if" block (or a part of it): a logical
// operator over conditions, or one field, value or count condition.
type Condition struct {
	// Path is the JSON pointer of this condition in the parsed document.
	Path string

	AllOf, AnyOf []*Condition
	Not          *Condition

	// One of Field, Value or Count is the left side of a leaf condition.
	Field *operand
	Value *operand
	Count *Count
	// Op is the operator (equals, in, exists, ...) and Arg its right side.
	Op  string
	Arg *operand
}

// Count is a field count or a value count expression.
type Count struct {
	// Field is the [*] alias counted (field count), or nil.
	Field *operand
	// Value is the array counted (value count), or nil.
	Value *operand
	// Name names the current member in a value count ("default" if unset).
	Name  string
	Where *Condition
}

// operand is a JSON literal or a template expression.
type operand struct {
	lit  any
	expr expr
}

// operators lists the supported condition operators (lower-cased) and
// whether the right side is an array.
var operators = map[string]bool{
	"equals": false, "notequals": false, "like": false, "notlike": false,
	"contains": false, "notcontains": false, "in": true, "notin": true,
	"containskey": false, "notcontainskey": false, "exists": false,
	"less": false, "lessorequals": false, "greater": false, "greaterorequals": false,
}

// maxConditionDepth bounds nesting of logical operators and counts.
const maxConditionDepth = 64

// ParseCondition parses a policyRule "if" block. file names the input in
// diagnostics. Every problem is reported (code AZPOL001) with the JSON
// pointer of the offending condition; the condition is nil when any was
// found.
func ParseCondition(data []byte, file string) (*Condition, diag.List) {
	var ds diag.List
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		ds.Add(diag.Diagnostic{Code: CodeRuleSyntax, Severity: diag.Error, File: file,
			Message: "policy rule is not valid JSON: " + err.Error(), Hint: "write the if block as one JSON object"})
		return nil, ds
	}
	if dec.More() {
		ds.Add(diag.Diagnostic{Code: CodeRuleSyntax, Severity: diag.Error, File: file,
			Message: "policy rule has data after the first JSON value", Hint: "write the if block as one JSON object"})
		return nil, ds
	}
	p := &ruleParser{file: file}
	c := p.cond(raw, "", 0, false)
	if len(p.diags) > 0 {
		return nil, p.diags
	}
	return c, nil
}

type ruleParser struct {
	file  string
	diags diag.List
}

func (p *ruleParser) errf(path, hint, format string, args ...any) {
	p.diags.Add(diag.Diagnostic{Code: CodeRuleSyntax, Severity: diag.Error, File: p.file, Path: path,
		Message: fmt.Sprintf(format, args...), Hint: hint})
}

func ptr(path string, key string) string {
	return path + "/" + strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

func (p *ruleParser) cond(raw any, path string, depth int, inCount bool) *Condition {
	if depth > maxConditionDepth {
		p.errf(path, "flatten the condition", "conditions nested deeper than %d", maxConditionDepth)
		return nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		p.errf(path, "a condition is a JSON object such as {\"field\": \"type\", \"equals\": \"...\"}", "condition is a %s, not an object", typeName(raw))
		return nil
	}
	c := &Condition{Path: path}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var logical, left, ops []string
	for _, k := range keys {
		switch l := strings.ToLower(k); {
		case l == "allof" || l == "anyof" || l == "not":
			logical = append(logical, k)
		case l == "field" || l == "value" || l == "count":
			left = append(left, k)
		default:
			if _, ok := operators[l]; ok {
				ops = append(ops, k)
				continue
			}
			p.errf(ptr(path, k), "supported operators: equals, notEquals, like, notLike, contains, notContains, in, notIn, containsKey, notContainsKey, exists, less, lessOrEquals, greater, greaterOrEquals",
				"unsupported key %q", k)
		}
	}
	switch {
	case len(logical) > 0:
		if len(logical)+len(left)+len(ops) != 1 {
			p.errf(path, "put each logical operator in its own object", "a logical operator must be the only key, found %s", strings.Join(keys, ", "))
			return nil
		}
		k := logical[0]
		switch strings.ToLower(k) {
		case "not":
			c.Not = p.cond(m[k], ptr(path, k), depth+1, inCount)
		default:
			arr, ok := m[k].([]any)
			if !ok || len(arr) == 0 {
				p.errf(ptr(path, k), "allOf and anyOf take a non-empty array of conditions", "%s is not a non-empty array", k)
				return nil
			}
			var list []*Condition
			for i, x := range arr {
				list = append(list, p.cond(x, ptr(path, k)+"/"+strconv.Itoa(i), depth+1, inCount))
			}
			if strings.EqualFold(k, "allOf") {
				c.AllOf = list
			} else {
				c.AnyOf = list
			}
		}
		return c
	case len(left) != 1 || len(ops) != 1:
		p.errf(path, "a condition has one of field, value or count and exactly one operator", "condition needs one of field/value/count and one operator, found %s", strings.Join(keys, ", "))
		return nil
	}
	lk, opk := left[0], ops[0]
	c.Op = strings.ToLower(opk)
	switch strings.ToLower(lk) {
	case "field":
		s, isStr := m[lk].(string)
		if !isStr {
			p.errf(ptr(path, lk), "field names an alias such as Microsoft.ContainerService/managedClusters/networkProfile.networkPlugin", "field is a %s, not a string", typeName(m[lk]))
			return nil
		}
		c.Field = p.operand(s, ptr(path, lk))
		if c.Field != nil && c.Field.expr == nil {
			if _, err := resolveAlias(s); err != nil {
				p.diags.Add(diag.Diagnostic{Code: CodeUnknownAlias, Severity: diag.Error, File: p.file, Path: ptr(path, lk),
					Message: err.Error(), Hint: "use an alias from the table (aksnet guardrails azure-policy lists them in its README section)"})
			}
		}
	case "value":
		c.Value = p.operand(m[lk], ptr(path, lk))
	case "count":
		c.Count = p.count(m[lk], ptr(path, lk), depth)
	}
	c.Arg = p.operand(m[opk], ptr(path, opk))
	if c.Arg != nil && c.Arg.expr == nil {
		if _, isArr := c.Arg.lit.([]any); operators[c.Op] && !isArr {
			p.errf(ptr(path, opk), "in and notIn take an array or an expression that yields one", "%s needs an array", opk)
		}
	}
	if c.Count != nil {
		switch c.Op {
		case "equals", "notequals", "less", "lessorequals", "greater", "greaterorequals", "in", "notin":
		default:
			p.errf(ptr(path, opk), "compare a count with equals, greater, less and the like", "%s can't compare a count", opk)
		}
	}
	return c
}

func (p *ruleParser) count(raw any, path string, depth int) *Count {
	m, ok := raw.(map[string]any)
	if !ok {
		p.errf(path, "count is an object with field or value, and optionally name and where", "count is a %s, not an object", typeName(raw))
		return nil
	}
	ct := &Count{Name: "default"}
	for k, x := range m {
		switch strings.ToLower(k) {
		case "field":
			s, isStr := x.(string)
			if !isStr || !strings.HasSuffix(s, "[*]") {
				p.errf(ptr(path, k), "a field count counts an array alias ending in [*]", "count.field must be an alias ending in [*]")
				continue
			}
			if _, err := resolveAlias(s); err != nil {
				p.diags.Add(diag.Diagnostic{Code: CodeUnknownAlias, Severity: diag.Error, File: p.file, Path: ptr(path, k),
					Message: err.Error(), Hint: "use an alias from the table"})
				continue
			}
			ct.Field = &operand{lit: s}
		case "value":
			ct.Value = p.operand(x, ptr(path, k))
		case "name":
			s, isStr := x.(string)
			if !isStr || s == "" {
				p.errf(ptr(path, k), "count.name is a name of letters and digits", "count.name must be a non-empty string")
				continue
			}
			ct.Name = s
		case "where":
			ct.Where = p.cond(x, ptr(path, k), depth+1, true)
		default:
			p.errf(ptr(path, k), "count takes field or value, name and where", "unsupported count key %q", k)
		}
	}
	if (ct.Field == nil) == (ct.Value == nil) {
		p.errf(path, "a count has either field or value", "count needs exactly one of field and value")
	}
	return ct
}

func (p *ruleParser) operand(raw any, path string) *operand {
	switch x := raw.(type) {
	case string:
		if isExpression(x) {
			e, err := parseExpr(x[1 : len(x)-1])
			if err != nil {
				p.errf(path, "supported functions: "+supportedFunctions(), "invalid expression %q: %v", x, err)
				return nil
			}
			return &operand{expr: e}
		}
		return &operand{lit: unescape(x)}
	case json.Number:
		f, err := x.Float64()
		if err != nil || math.IsInf(f, 0) {
			p.errf(path, "use a number in range", "invalid number %s", x)
			return nil
		}
		return &operand{lit: f}
	}
	return &operand{lit: normalize(raw)}
}

func supportedFunctions() string {
	var out []string
	for f := range functions {
		out = append(out, f)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// normalize converts json.Number inside literals to float64.
func normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	}
	return v
}

// ErrUnknown is returned (wrapped) when a condition reads a value the input
// sets by an expression that could not be resolved: the outcome can't be
// known.
var ErrUnknown = errors.New("value unknown")

// Evaluate reports whether cond holds for the resource document doc (see
// Document) with the given parameter values. An error means the
// evaluation failed, which Azure Policy treats as a deny; errors wrapping
// ErrUnknown mean the input doesn't say.
func Evaluate(cond *Condition, doc map[string]any, params map[string]any) (bool, error) {
	if cond == nil {
		return false, errors.New("no condition to evaluate")
	}
	ev := &evaluation{doc: doc, params: params}
	return ev.cond(cond)
}

type evaluation struct {
	doc    map[string]any
	params map[string]any
	scopes []scope
}

// scope is one enclosing count: a value count binds name; a field count
// binds the counted alias (lower-cased path) to the current member.
type scope struct {
	name string
	path string // canonical document path of a field count's alias, ending in [*]
	elem any
}

func (ev *evaluation) parameter(name string) (any, error) {
	for k, v := range ev.params {
		if strings.EqualFold(k, name) {
			return v, nil
		}
	}
	return nil, fmt.Errorf("parameter %q is not defined", name)
}

// field resolves a field name, relative to the innermost field count whose
// alias is a prefix of it.
func (ev *evaluation) field(name string) (any, error) {
	path, err := resolveAlias(name)
	if err != nil {
		return nil, err
	}
	for i := len(ev.scopes) - 1; i >= 0; i-- {
		s := ev.scopes[i]
		if s.path == "" {
			continue
		}
		if path == s.path {
			return s.elem, nil
		}
		if len(path) > len(s.path) && path[len(s.path)] == '.' && path[:len(s.path)] == s.path {
			return lookup(s.elem, path[len(s.path)+1:]), nil
		}
	}
	if strings.HasPrefix(path, "tags.") {
		tags, _ := ev.doc["tags"].(map[string]any)
		if x, ok := getKey(tags, path[5:]); ok {
			return x, nil
		}
		return absent, nil
	}
	if !strings.Contains(path, ".") {
		if x, ok := ev.doc[path]; ok {
			return x, nil
		}
		return absent, nil
	}
	return lookup(ev.doc, path), nil
}

func (ev *evaluation) current(name string) (any, error) {
	if len(ev.scopes) == 0 {
		return nil, fmt.Errorf("current() outside a count")
	}
	if name == "" {
		return ev.scopes[len(ev.scopes)-1].elem, nil
	}
	for i := len(ev.scopes) - 1; i >= 0; i-- {
		s := ev.scopes[i]
		if s.path == "" && strings.EqualFold(s.name, name) {
			return s.elem, nil
		}
	}
	if path, err := resolveAlias(name); err == nil {
		for i := len(ev.scopes) - 1; i >= 0; i-- {
			s := ev.scopes[i]
			if s.path == "" {
				continue
			}
			if strings.EqualFold(path, s.path) {
				return s.elem, nil
			}
			if strings.HasPrefix(strings.ToLower(path), strings.ToLower(s.path)+".") {
				v := lookup(s.elem, path[len(s.path)+1:])
				if v == absent {
					return nil, nil
				}
				return v, nil
			}
		}
	}
	return nil, fmt.Errorf("current(%q) names no enclosing count", name)
}

func (ev *evaluation) operand(o *operand) (any, error) {
	if o.expr != nil {
		return ev.evalExpr(o.expr)
	}
	return o.lit, nil
}

func (ev *evaluation) cond(c *Condition) (bool, error) {
	switch {
	case c.AllOf != nil:
		for _, x := range c.AllOf {
			ok, err := ev.cond(x)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case c.AnyOf != nil:
		for _, x := range c.AnyOf {
			ok, err := ev.cond(x)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case c.Not != nil:
		ok, err := ev.cond(c.Not)
		return !ok, err
	}
	arg, err := ev.operand(c.Arg)
	if err != nil {
		return false, fmt.Errorf("%s: %w", c.Path, err)
	}
	var left any
	switch {
	case c.Field != nil:
		name, err := ev.operand(c.Field)
		if err != nil {
			return false, fmt.Errorf("%s: %w", c.Path, err)
		}
		s, ok := name.(string)
		if !ok {
			return false, fmt.Errorf("%s: field expression yields a %s", c.Path, typeName(name))
		}
		if left, err = ev.field(s); err != nil {
			return false, fmt.Errorf("%s: %w", c.Path, err)
		}
	case c.Value != nil:
		if left, err = ev.operand(c.Value); err != nil {
			return false, fmt.Errorf("%s: %w", c.Path, err)
		}
	case c.Count != nil:
		n, err := ev.count(c.Count)
		if err != nil {
			return false, fmt.Errorf("%s: %w", c.Path, err)
		}
		left = float64(n)
	}
	if sv, ok := left.(starValues); ok {
		for _, x := range sv {
			ok, err := compare(c.Op, x, arg)
			if err != nil || !ok {
				return false, wrapPath(c.Path, err)
			}
		}
		return true, nil
	}
	ok, err := compare(c.Op, left, arg)
	return ok, wrapPath(c.Path, err)
}

func wrapPath(path string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", path, err)
}

func (ev *evaluation) count(ct *Count) (int, error) {
	var elems []any
	sc := scope{name: ct.Name}
	if ct.Field != nil {
		name := ct.Field.lit.(string)
		path, err := resolveAlias(name)
		if err != nil {
			return 0, err
		}
		v, err := ev.field(name)
		if err != nil {
			return 0, err
		}
		if u, ok := v.(unknownValue); ok {
			return 0, unknownErr(u)
		}
		sv, _ := v.(starValues)
		elems = sv
		sc.path = path
	} else {
		v, err := ev.operand(ct.Value)
		if err != nil {
			return 0, err
		}
		arr, ok := v.([]any)
		if !ok {
			return 0, fmt.Errorf("count.value is a %s, not an array", typeName(v))
		}
		elems = arr
	}
	n := 0
	for _, e := range elems {
		if u, ok := e.(unknownValue); ok {
			return 0, unknownErr(u)
		}
		if ct.Where == nil {
			n++
			continue
		}
		sc.elem = e
		ev.scopes = append(ev.scopes, sc)
		ok, err := ev.cond(ct.Where)
		ev.scopes = ev.scopes[:len(ev.scopes)-1]
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

func unknownErr(u unknownValue) error {
	if u.note == "" {
		return ErrUnknown
	}
	return fmt.Errorf("%w: %s", ErrUnknown, u.note)
}

// compare applies a condition operator. String comparisons are
// case-insensitive (Azure Policy compares with InvariantCultureIgnoreCase).
func compare(op string, left, arg any) (bool, error) {
	if u, ok := left.(unknownValue); ok {
		return false, unknownErr(u)
	}
	if op == "exists" {
		want, err := asBool(arg)
		if err != nil {
			return false, fmt.Errorf("exists: %w", err)
		}
		return (left != absent) == want, nil
	}
	if left == absent {
		left = nil
	}
	switch op {
	case "equals":
		return equalValues(left, arg), nil
	case "notequals":
		return !equalValues(left, arg), nil
	case "in", "notin":
		arr, ok := arg.([]any)
		if !ok {
			return false, fmt.Errorf("%s: the list is a %s, not an array", op, typeName(arg))
		}
		found := slices.ContainsFunc(arr, func(x any) bool { return equalValues(left, x) })
		return found == (op == "in"), nil
	case "like", "notlike":
		pat, ok := arg.(string)
		if !ok {
			return false, fmt.Errorf("%s: the pattern is a %s", op, typeName(arg))
		}
		s, isStr := left.(string)
		return (isStr && like(s, pat)) == (op == "like"), nil
	case "contains", "notcontains":
		sub, ok := arg.(string)
		if !ok {
			return false, fmt.Errorf("%s: the operand is a %s", op, typeName(arg))
		}
		s, isStr := left.(string)
		return (isStr && strings.Contains(strings.ToLower(s), strings.ToLower(sub))) == (op == "contains"), nil
	case "containskey", "notcontainskey":
		key, ok := arg.(string)
		if !ok {
			return false, fmt.Errorf("%s: the key is a %s", op, typeName(arg))
		}
		m, isMap := left.(map[string]any)
		_, has := getKey(m, key)
		return (isMap && has) == (op == "containskey"), nil
	case "less", "lessorequals", "greater", "greaterorequals":
		c, err := order(left, arg)
		if err != nil {
			return false, fmt.Errorf("%s: %w", op, err)
		}
		switch op {
		case "less":
			return c < 0, nil
		case "lessorequals":
			return c <= 0, nil
		case "greater":
			return c > 0, nil
		}
		return c >= 0, nil
	}
	return false, fmt.Errorf("unsupported operator %q", op)
}

func asBool(v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		if b, err := strconv.ParseBool(strings.ToLower(x)); err == nil {
			return b, nil
		}
	}
	return false, fmt.Errorf("want true or false, got %v", v)
}

// equalValues compares two values: strings case-insensitively, a bool with
// its string form ("true"), numbers numerically, arrays element-wise.
func equalValues(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		switch y := b.(type) {
		case string:
			return strings.EqualFold(x, y)
		case bool:
			return strings.EqualFold(x, strconv.FormatBool(y))
		}
	case bool:
		switch y := b.(type) {
		case bool:
			return x == y
		case string:
			return strings.EqualFold(strconv.FormatBool(x), y)
		}
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalValues(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := getKey(y, k)
			if !ok || !equalValues(v, w) {
				return false
			}
		}
		return true
	}
	return false
}

func order(a, b any) (int, error) {
	switch x := a.(type) {
	case float64:
		if y, ok := b.(float64); ok {
			switch {
			case x < y:
				return -1, nil
			case x > y:
				return 1, nil
			}
			return 0, nil
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(strings.ToLower(x), strings.ToLower(y)), nil
		}
	}
	return 0, fmt.Errorf("can't order a %s and a %s", typeName(a), typeName(b))
}

// like matches s against a pattern where * stands for any run of
// characters, case-insensitively.
func like(s, pat string) bool {
	s, pat = strings.ToLower(s), strings.ToLower(pat)
	parts := strings.Split(pat, "*")
	if len(parts) == 1 {
		return s == pat
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

package armtemplate

import (
	"fmt"
	"hash/fnv"
	"math"
	"net/netip"
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/jsonpos"
)

// Placeholders stand for deployment-scope names the template doesn't fix.
// resourceId() and friends build canonical ids with them so that a reader of
// live ARM JSON can still match the trailing provider/type/name segments.
const (
	PlaceholderSubscription  = "{subscriptionId}"
	PlaceholderResourceGroup = "{resourceGroupName}"
)

// Evaluation limits: hostile templates get an Unknown, not a hang.
const (
	maxStringLen  = 1 << 20 // bytes in one evaluated string
	maxArrayLen   = 10000   // elements built by one function call
	maxCopyCount  = 800     // ARM's own copy-loop limit
	defaultBudget = 2_000_000
)

// scope is where an expression is evaluated: a template (its parameters and
// variables), the copy-loop indexes in force and lambda variables.
type scope struct {
	t       *tmpl
	copyIdx map[string]int64 // loop name (lower case) → index; "" is the innermost loop
	lvars   map[string]any
}

func (s *scope) withCopy(name string, i int64) *scope {
	n := &scope{t: s.t, lvars: s.lvars, copyIdx: map[string]int64{}}
	for k, v := range s.copyIdx {
		n.copyIdx[k] = v
	}
	n.copyIdx[strings.ToLower(name)] = i
	n.copyIdx[""] = i
	return n
}

// invalidExprPrefix starts the reason of an Unknown that comes from a syntax
// error, so that it is reported as an error rather than as a warning.
const invalidExprPrefix = "invalid expression: "

func unknownf(format string, args ...any) Unknown { return Unknown{Why: fmt.Sprintf(format, args...)} }

// evalString evaluates an ARM string value: a literal or a "[...]" expression.
func (s *scope) evalString(str string) any {
	lit, src, isExpr := Classify(str)
	if !isExpr {
		return lit
	}
	e, err := s.t.r.parseExpr(src)
	if err != nil {
		return Unknown{Why: invalidExprPrefix + err.Error()}
	}
	return s.eval(e, 0)
}

// evalNode evaluates a JSON value whose strings may be expressions.
func (s *scope) evalNode(n jsonpos.Node) any {
	if !s.t.r.spend() {
		return unknownf("evaluation budget exhausted")
	}
	switch n.Kind() {
	case jsonpos.String:
		str, _ := n.Str()
		return s.evalString(str)
	case jsonpos.Array:
		out := make([]any, 0, n.Len())
		for _, e := range n.Elems() {
			out = append(out, s.evalNode(e))
		}
		return out
	case jsonpos.Object:
		o := NewObject()
		for k, v := range n.Members() {
			if strings.EqualFold(k, "copy") && v.Kind() == jsonpos.Array {
				for _, c := range v.Elems() {
					name, _ := c.Get("name").Str()
					if name == "" {
						continue
					}
					o.Set(name, s.propertyCopy(c))
				}
				continue
			}
			o.Set(k, s.evalNode(v))
		}
		return o
	}
	return jsonScalar(n)
}

// propertyCopy evaluates a property or variable iteration:
// {"name": ..., "count": ..., "input": ...}.
func (s *scope) propertyCopy(c jsonpos.Node) any {
	name, _ := c.Get("name").Str()
	n, ok := s.copyCount(c.Get("count"))
	if !ok {
		return n.(Unknown)
	}
	cnt := n.(int64)
	out := make([]any, 0, cnt)
	for i := int64(0); i < cnt; i++ {
		out = append(out, s.withCopy(name, i).evalNode(c.Get("input")))
	}
	return out
}

// copyCount evaluates a copy count; it returns an int64 or an Unknown.
func (s *scope) copyCount(n jsonpos.Node) (any, bool) {
	v := s.evalNode(n)
	switch v := v.(type) {
	case int64:
		if v < 0 {
			return unknownf("copy count %d is negative", v), false
		}
		if v > maxCopyCount {
			return unknownf("copy count %d is above ARM's limit of %d", v, maxCopyCount), false
		}
		return v, true
	case Unknown:
		return unknownf("copy count can't be evaluated: %s", v.Why), false
	case nil:
		return unknownf("copy count is missing"), false
	}
	return unknownf("copy count is a %s, want an int", typeName(v)), false
}

// eval evaluates a parsed expression.
func (s *scope) eval(e Expr, depth int) any {
	if depth > maxExprDepth*2 {
		return unknownf("expression nested too deeply")
	}
	if !s.t.r.spend() {
		return unknownf("evaluation budget exhausted")
	}
	switch e := e.(type) {
	case StrLit:
		return e.V
	case IntLit:
		return e.V
	case Member:
		x := s.eval(e.X, depth+1)
		return member(x, e.Name)
	case Index:
		x := s.eval(e.X, depth+1)
		i := s.eval(e.I, depth+1)
		return index(x, i)
	case Call:
		return s.call(e, depth)
	}
	return unknownf("unsupported expression")
}

func member(x any, name string) any {
	switch x := x.(type) {
	case Unknown:
		return x
	case *Object:
		v, ok := x.Get(name)
		if !ok {
			return unknownf("the object has no property %q", name)
		}
		return v
	}
	return unknownf("can't read property %q of a %s", name, typeName(x))
}

func index(x, i any) any {
	if u, ok := firstUnknown(x, i); ok {
		if _, isObj := x.(*Object); !isObj || i == nil {
			return u
		}
		if _, iu := i.(Unknown); iu {
			return u
		}
	}
	switch x := x.(type) {
	case []any:
		n, ok := i.(int64)
		if !ok {
			return unknownf("array index is a %s, want an int", typeName(i))
		}
		if n < 0 || n >= int64(len(x)) {
			return unknownf("array index %d is out of range (length %d)", n, len(x))
		}
		return x[n]
	case *Object:
		k, ok := i.(string)
		if !ok {
			return unknownf("object index is a %s, want a string", typeName(i))
		}
		v, found := x.Get(k)
		if !found {
			return unknownf("the object has no property %q", k)
		}
		return v
	}
	return unknownf("can't index a %s", typeName(x))
}

// lazy functions get their argument expressions unevaluated.
var lazy map[string]func(s *scope, c Call, depth int) any

func init() {
	lazy = map[string]func(s *scope, c Call, depth int) any{
		"if":              fnIf,
		"and":             fnAndOr(false),
		"or":              fnAndOr(true),
		"coalesce":        fnCoalesce,
		"lambda":          fnLambda,
		"parameters":      fnParameters,
		"variables":       fnVariables,
		"copyindex":       fnCopyIndex,
		"lambdavariables": fnLambdaVariables,
		"map":             fnMap,
		"filter":          fnFilter,
		"reduce":          fnReduce,
	}
}

// deepKnown lists eager functions whose result depends on every element of
// container arguments: any Unknown inside makes the result unknown. Other
// eager functions carry Unknown members along (createObject('a', x) is an
// object with an unknown member a).
var deepKnown = map[string]bool{
	"equals": true, "string": true, "contains": true, "join": true, "indexof": true,
	"json": true,
}

// holdsUnknown lists eager functions that take Unknown arguments as they
// are: constructors keep them as members, and the rest decide for themselves.
var holdsUnknown = map[string]bool{"createarray": true, "createobject": true, "empty": true, "length": true}

// eager functions get evaluated arguments, none of them Unknown at the top level.
var eager map[string]func(args []any) any

// opaque functions depend on the deployment or on Azure: their values are
// unknown here, whatever their arguments.
var opaque = map[string]string{
	"reference":               "reads a deployed resource's state",
	"list":                    "calls a list action on a deployed resource",
	"listkeys":                "reads keys of a deployed resource",
	"listsecrets":             "reads secrets of a deployed resource",
	"listaccountsas":          "reads a deployed storage account",
	"newguid":                 "is random",
	"utcnow":                  "is the deployment time",
	"deployment":              "describes the running deployment",
	"environment":             "describes the target cloud",
	"tenant":                  "describes the target tenant",
	"managementgroup":         "describes the target management group",
	"pickzones":               "depends on the region's zones",
	"providers":               "reads the resource provider registry",
	"getsecret":               "reads a Key Vault secret",
	"deployer":                "describes the deploying principal",
	"externalinput":           "is supplied at deployment",
	"readenvironmentvariable": "is supplied at deployment",
}

func (s *scope) call(c Call, depth int) any {
	name := strings.ToLower(c.Name)
	if f, ok := lazy[name]; ok {
		return f(s, c, depth)
	}
	if why, ok := opaque[name]; ok {
		return unknownf("%s() %s, known only at deployment", c.Name, why)
	}
	switch name {
	case "uniquestring", "guid":
		// Deterministic hashes: the same arguments give the same value, so a
		// placeholder naming the function and a digest of its arguments lets
		// names built from it match each other inside the template without
		// guessing the hash. The digest is not Azure's hash.
		h := fnv.New64a()
		for _, a := range c.Args {
			v := s.eval(a, depth+1)
			str, ok := v.(string)
			if !ok {
				if u, isU := v.(Unknown); isU {
					return u
				}
				return unknownf("%s() argument is a %s, want a string", c.Name, typeName(v))
			}
			h.Write([]byte(str))
			h.Write([]byte{0})
		}
		return fmt.Sprintf("{%s:%016x}", name, h.Sum64())
	case "subscription":
		o := NewObject()
		o.Set("subscriptionId", PlaceholderSubscription)
		o.Set("id", "/subscriptions/"+PlaceholderSubscription)
		o.Set("tenantId", unknownf("subscription().tenantId is known only at deployment"))
		o.Set("displayName", unknownf("subscription().displayName is known only at deployment"))
		return o
	case "resourcegroup":
		o := NewObject()
		o.Set("name", PlaceholderResourceGroup)
		o.Set("id", "/subscriptions/"+PlaceholderSubscription+"/resourceGroups/"+PlaceholderResourceGroup)
		o.Set("location", unknownf("resourceGroup().location is the target resource group's region, known only at deployment"))
		o.Set("properties", unknownf("resourceGroup().properties is known only at deployment"))
		o.Set("tags", unknownf("resourceGroup().tags is known only at deployment"))
		return o
	}
	f, ok := eager[name]
	if !ok {
		if strings.Contains(name, ".") {
			return unknownf("user-defined function %s() is not evaluated", c.Name)
		}
		return unknownf("function %s() is not evaluated by aksnet", c.Name)
	}
	args := make([]any, len(c.Args))
	for i, a := range c.Args {
		args[i] = s.eval(a, depth+1)
	}
	if !holdsUnknown[name] {
		for _, a := range args {
			if u, ok := a.(Unknown); ok {
				return u
			}
		}
	}
	if deepKnown[name] {
		if u, ok := firstUnknown(args...); ok {
			return u
		}
	}
	v := f(args)
	// Big results cost budget in proportion to their size, so that loops
	// building large strings or arrays end instead of churning memory.
	switch x := v.(type) {
	case string:
		if !s.t.r.spendN(len(x) / 64) {
			return unknownf("evaluation budget exhausted")
		}
	case []any:
		if !s.t.r.spendN(len(x) / 8) {
			return unknownf("evaluation budget exhausted")
		}
	}
	if u, ok := v.(Unknown); ok && !strings.Contains(u.Why, "(") {
		u.Why = c.Name + "(): " + u.Why
		return u
	}
	return v
}

func fnIf(s *scope, c Call, depth int) any {
	if len(c.Args) != 3 {
		return unknownf("if() takes 3 arguments, got %d", len(c.Args))
	}
	cond := s.eval(c.Args[0], depth+1)
	switch b := cond.(type) {
	case bool:
		if b {
			return s.eval(c.Args[1], depth+1)
		}
		return s.eval(c.Args[2], depth+1)
	case Unknown:
		return unknownf("if() condition can't be evaluated: %s", b.Why)
	}
	return unknownf("if() condition is a %s, want a bool", typeName(cond))
}

func fnAndOr(isOr bool) func(s *scope, c Call, depth int) any {
	return func(s *scope, c Call, depth int) any {
		var unk *Unknown
		for _, a := range c.Args {
			v := s.eval(a, depth+1)
			switch b := v.(type) {
			case bool:
				if b == isOr {
					return isOr // short circuit: a true in or(), a false in and()
				}
			case Unknown:
				if unk == nil {
					unk = &b
				}
			default:
				return unknownf("%s() argument is a %s, want a bool", c.Name, typeName(v))
			}
		}
		if unk != nil {
			return *unk
		}
		return !isOr
	}
}

func fnCoalesce(s *scope, c Call, depth int) any {
	for _, a := range c.Args {
		v := s.eval(a, depth+1)
		if v != nil {
			return v // an Unknown here is returned as is: the answer depends on it
		}
	}
	return nil
}

func fnLambda(s *scope, c Call, depth int) any {
	if len(c.Args) < 2 {
		return unknownf("lambda() needs parameter names and a body")
	}
	var l lambdaVal
	for _, a := range c.Args[:len(c.Args)-1] {
		lit, ok := a.(StrLit)
		if !ok {
			return unknownf("lambda() parameter names must be string literals")
		}
		l.params = append(l.params, strings.ToLower(lit.V))
	}
	l.body = c.Args[len(c.Args)-1]
	return l
}

func fnLambdaVariables(s *scope, c Call, depth int) any {
	if len(c.Args) != 1 {
		return unknownf("lambdaVariables() takes 1 argument")
	}
	n, ok := s.eval(c.Args[0], depth+1).(string)
	if !ok {
		return unknownf("lambdaVariables() takes a variable name")
	}
	v, ok := s.lvars[strings.ToLower(n)]
	if !ok {
		return unknownf("lambda variable %q is not defined here", n)
	}
	return v
}

func (s *scope) apply(l lambdaVal, args ...any) any {
	n := &scope{t: s.t, copyIdx: s.copyIdx, lvars: map[string]any{}}
	for k, v := range s.lvars {
		n.lvars[k] = v
	}
	for i, p := range l.params {
		if i < len(args) {
			n.lvars[p] = args[i]
		}
	}
	return n.eval(l.body, 0)
}

func (s *scope) arrayAndLambda(c Call, depth int, nargs int) ([]any, lambdaVal, any) {
	if len(c.Args) != nargs {
		return nil, lambdaVal{}, unknownf("%s() takes %d arguments", c.Name, nargs)
	}
	arr := s.eval(c.Args[0], depth+1)
	if u, ok := arr.(Unknown); ok {
		return nil, lambdaVal{}, u
	}
	a, ok := arr.([]any)
	if !ok {
		return nil, lambdaVal{}, unknownf("%s() takes an array, got a %s", c.Name, typeName(arr))
	}
	l, ok := s.eval(c.Args[nargs-1], depth+1).(lambdaVal)
	if !ok {
		return nil, lambdaVal{}, unknownf("%s() needs a lambda()", c.Name)
	}
	return a, l, nil
}

func fnMap(s *scope, c Call, depth int) any {
	a, l, bad := s.arrayAndLambda(c, depth, 2)
	if bad != nil {
		return bad
	}
	out := make([]any, len(a))
	for i, e := range a {
		out[i] = s.apply(l, e, int64(i))
	}
	return out
}

func fnFilter(s *scope, c Call, depth int) any {
	a, l, bad := s.arrayAndLambda(c, depth, 2)
	if bad != nil {
		return bad
	}
	var out []any
	for i, e := range a {
		switch keep := s.apply(l, e, int64(i)).(type) {
		case bool:
			if keep {
				out = append(out, e)
			}
		case Unknown:
			return keep
		default:
			return unknownf("filter() lambda returned a %s, want a bool", typeName(keep))
		}
	}
	return out
}

func fnReduce(s *scope, c Call, depth int) any {
	if len(c.Args) != 3 {
		return unknownf("reduce() takes 3 arguments")
	}
	a, _, bad := s.arrayAndLambda(Call{Name: c.Name, Args: []Expr{c.Args[0], c.Args[2]}}, depth, 2)
	if bad != nil {
		return bad
	}
	l := s.eval(c.Args[2], depth+1).(lambdaVal)
	acc := s.eval(c.Args[1], depth+1)
	for i, e := range a {
		acc = s.apply(l, acc, e, int64(i))
	}
	return acc
}

func fnCopyIndex(s *scope, c Call, depth int) any {
	loop, offset := "", int64(0)
	for _, a := range c.Args {
		switch v := s.eval(a, depth+1).(type) {
		case string:
			loop = strings.ToLower(v)
		case int64:
			offset = v
		case Unknown:
			return v
		default:
			return unknownf("copyIndex() argument is a %s", typeName(v))
		}
	}
	i, ok := s.copyIdx[loop]
	if !ok {
		if loop == "" {
			return unknownf("copyIndex() is used outside a copy loop")
		}
		return unknownf("copyIndex('%s') is used outside that copy loop", loop)
	}
	return i + offset
}

var (
	fnParameters = byName("parameters", "a parameter", func(t *tmpl, n string) any { return t.param(n) })
	fnVariables  = byName("variables", "a variable", func(t *tmpl, n string) any { return t.variable(n) })
)

// byName builds parameters() and variables(): one argument, a name.
func byName(fn, what string, get func(t *tmpl, name string) any) func(s *scope, c Call, depth int) any {
	return func(s *scope, c Call, depth int) any {
		if len(c.Args) != 1 {
			return unknownf("%s() takes 1 argument", fn)
		}
		n, ok := s.eval(c.Args[0], depth+1).(string)
		if !ok {
			return unknownf("%s() takes %s name", fn, what)
		}
		return get(s.t, n)
	}
}

func str(v any) (string, bool) { s, ok := v.(string); return s, ok }

func capStr(s string) any {
	if len(s) > maxStringLen {
		return unknownf("result longer than %d bytes", maxStringLen)
	}
	return s
}

func init() {
	eager = map[string]func(args []any) any{
		"null":  func(args []any) any { return nil },
		"true":  func(args []any) any { return true },
		"false": func(args []any) any { return false },
		"concat": func(args []any) any {
			if len(args) > 0 {
				if _, isArr := args[0].([]any); isArr {
					var out []any
					for _, a := range args {
						arr, ok := a.([]any)
						if !ok && a != nil {
							return unknownf("mixes arrays and %ss", typeName(a))
						}
						out = append(out, arr...)
						if len(out) > maxArrayLen {
							return unknownf("result longer than %d elements", maxArrayLen)
						}
					}
					return out
				}
			}
			var b strings.Builder
			for _, a := range args {
				switch a := a.(type) {
				case string:
					b.WriteString(a)
				case int64, bool, nil:
					b.WriteString(render(a))
				default:
					return unknownf("mixes strings and %ss", typeName(a))
				}
				if b.Len() > maxStringLen {
					return unknownf("result longer than %d bytes", maxStringLen)
				}
			}
			return b.String()
		},
		"format": func(args []any) any {
			if len(args) < 1 {
				return unknownf("needs a format string")
			}
			f, ok := str(args[0])
			if !ok {
				return unknownf("format string is a %s", typeName(args[0]))
			}
			return netFormat(f, args[1:])
		},
		"equals": func(args []any) any {
			if len(args) != 2 {
				return unknownf("takes 2 arguments")
			}
			return equal(args[0], args[1])
		},
		"not": unary(func(args []any) any {
			b, ok := args[0].(bool)
			if !ok {
				return unknownf("argument is a %s, want a bool", typeName(args[0]))
			}
			return !b
		}),
		"empty": func(args []any) any {
			if len(args) == 1 && args[0] == nil {
				return true
			}
			n := size(args)
			if k, ok := n.(int64); ok {
				return k == 0
			}
			return n
		},
		"length":  size,
		"tolower": strFn(strings.ToLower),
		"toupper": strFn(strings.ToUpper),
		"trim":    strFn(strings.TrimSpace),
		"string": unary(func(args []any) any {
			return capStr(render(args[0]))
		}),
		"int": unary(func(args []any) any {
			switch v := args[0].(type) {
			case int64:
				return v
			case string:
				n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				if err != nil {
					return unknownf("%q is not an integer", v)
				}
				return n
			}
			return unknownf("argument is a %s", typeName(args[0]))
		}),
		"bool": unary(func(args []any) any {
			switch v := args[0].(type) {
			case bool:
				return v
			case int64:
				return v != 0
			case string:
				switch strings.ToLower(v) {
				case "true":
					return true
				case "false":
					return false
				}
				return unknownf("%q is not true or false", v)
			}
			return unknownf("argument is a %s", typeName(args[0]))
		}),
		"union": func(args []any) any {
			if len(args) == 0 {
				return unknownf("needs arguments")
			}
			if _, isArr := args[0].([]any); isArr {
				var out []any
				for _, a := range args {
					arr, ok := a.([]any)
					if !ok {
						return unknownf("mixes arrays and %ss", typeName(a))
					}
					for _, e := range arr {
						if !containsVal(out, e) {
							out = append(out, e)
						}
					}
				}
				return out
			}
			return mergeAll(args, true)
		},
		"shallowmerge": unary(func(args []any) any {
			arr, ok := args[0].([]any)
			if !ok {
				return unknownf("argument is a %s, want an array of objects", typeName(args[0]))
			}
			return mergeAll(arr, false)
		}),
		"createobject": func(args []any) any {
			if len(args)%2 != 0 {
				return unknownf("takes name/value pairs")
			}
			o := NewObject()
			for i := 0; i < len(args); i += 2 {
				k, ok := str(args[i])
				if !ok {
					return unknownf("property name is a %s", typeName(args[i]))
				}
				o.Set(k, args[i+1])
			}
			return o
		},
		"createarray": func(args []any) any { return append([]any{}, args...) },
		"array": unary(func(args []any) any {
			if a, ok := args[0].([]any); ok {
				return a
			}
			return []any{args[0]}
		}),
		"contains": func(args []any) any {
			if len(args) != 2 {
				return unknownf("takes 2 arguments")
			}
			switch c := args[0].(type) {
			case string:
				sub, ok := str(args[1])
				if !ok {
					sub = render(args[1])
				}
				return strings.Contains(c, sub)
			case []any:
				return containsVal(c, args[1])
			case *Object:
				k, ok := str(args[1])
				if !ok {
					return unknownf("object key is a %s", typeName(args[1]))
				}
				_, found := c.Get(k)
				return found
			}
			return unknownf("container is a %s", typeName(args[0]))
		},
		"startswith":  str2Fn(strings.HasPrefix),
		"endswith":    str2Fn(strings.HasSuffix),
		"trygetvalue": func(args []any) any { return tryGet(args) },
		"tryget":      func(args []any) any { return tryGet(args) },
		"first": unary(func(args []any) any {
			switch v := args[0].(type) {
			case []any:
				if len(v) == 0 {
					return nil
				}
				return v[0]
			case string:
				if v == "" {
					return ""
				}
				return string([]rune(v)[:1])
			}
			return unknownf("argument is a %s", typeName(args[0]))
		}),
		"last": unary(func(args []any) any {
			switch v := args[0].(type) {
			case []any:
				if len(v) == 0 {
					return nil
				}
				return v[len(v)-1]
			case string:
				if v == "" {
					return ""
				}
				r := []rune(v)
				return string(r[len(r)-1:])
			}
			return unknownf("argument is a %s", typeName(args[0]))
		}),
		"split": func(args []any) any {
			if len(args) != 2 {
				return unknownf("takes 2 arguments")
			}
			s, ok := str(args[0])
			if !ok {
				return unknownf("argument is a %s", typeName(args[0]))
			}
			var seps []string
			switch d := args[1].(type) {
			case string:
				seps = []string{d}
			case []any:
				for _, e := range d {
					if es, ok := e.(string); ok {
						seps = append(seps, es)
					}
				}
			}
			parts := []string{s}
			for _, sep := range seps {
				if sep == "" {
					continue
				}
				var next []string
				for _, p := range parts {
					next = append(next, strings.Split(p, sep)...)
				}
				parts = next
			}
			if len(parts) > maxArrayLen {
				return unknownf("result longer than %d elements", maxArrayLen)
			}
			out := make([]any, len(parts))
			for i, p := range parts {
				out[i] = p
			}
			return out
		},
		"replace": func(args []any) any {
			if len(args) != 3 {
				return unknownf("takes 3 arguments")
			}
			s, ok1 := str(args[0])
			o, ok2 := str(args[1])
			n, ok3 := str(args[2])
			if !ok1 || !ok2 || !ok3 {
				return unknownf("takes strings")
			}
			if o == "" {
				return s
			}
			if len(n) > len(o) && int64(strings.Count(s, o))*int64(len(n)-len(o))+int64(len(s)) > maxStringLen {
				return unknownf("result longer than %d bytes", maxStringLen)
			}
			return strings.ReplaceAll(s, o, n)
		},
		"substring": func(args []any) any {
			if len(args) < 2 || len(args) > 3 {
				return unknownf("takes 2 or 3 arguments")
			}
			s, ok := str(args[0])
			start, ok2 := args[1].(int64)
			if !ok || !ok2 {
				return unknownf("takes a string and an int")
			}
			r := []rune(s)
			length := int64(len(r)) - start
			if len(args) == 3 {
				l, ok := args[2].(int64)
				if !ok {
					return unknownf("length is a %s", typeName(args[2]))
				}
				length = l
			}
			if start < 0 || length < 0 || start > int64(len(r)) || start+length > int64(len(r)) {
				return unknownf("start %d and length %d are out of range for a string of %d characters", start, length, len(r))
			}
			return string(r[start : start+length])
		},
		"indexof": func(args []any) any {
			if len(args) != 2 {
				return unknownf("takes 2 arguments")
			}
			if a, ok := args[0].([]any); ok {
				for i, e := range a {
					if equal(e, args[1]) {
						return int64(i)
					}
				}
				return int64(-1)
			}
			s, ok1 := str(args[0])
			t, ok2 := str(args[1])
			if !ok1 || !ok2 {
				return unknownf("takes strings or an array")
			}
			return int64(strings.Index(strings.ToLower(s), strings.ToLower(t)))
		},
		"join": func(args []any) any {
			if len(args) != 2 {
				return unknownf("takes 2 arguments")
			}
			a, ok := args[0].([]any)
			sep, ok2 := str(args[1])
			if !ok || !ok2 {
				return unknownf("takes an array and a string")
			}
			parts := make([]string, len(a))
			for i, e := range a {
				parts[i] = render(e)
			}
			return capStr(strings.Join(parts, sep))
		},
		"range": func(args []any) any {
			if len(args) != 2 {
				return unknownf("takes 2 arguments")
			}
			start, ok1 := args[0].(int64)
			n, ok2 := args[1].(int64)
			if !ok1 || !ok2 || n < 0 {
				return unknownf("takes a start index and a non-negative count")
			}
			if n > maxArrayLen {
				return unknownf("count %d is above %d", n, maxArrayLen)
			}
			out := make([]any, n)
			for i := range out {
				out[i] = start + int64(i)
			}
			return out
		},
		"take": takeSkip(true),
		"skip": takeSkip(false),
		"min":  minMax(false),
		"max":  minMax(true),
		"add":  arith(func(a, b int64) (int64, bool) { r := a + b; return r, (r > a) == (b > 0) || b == 0 }),
		"sub":  arith(func(a, b int64) (int64, bool) { r := a - b; return r, (r < a) == (b > 0) || b == 0 }),
		"mul": arith(func(a, b int64) (int64, bool) {
			if a == 0 || b == 0 {
				return 0, true
			}
			r := a * b
			return r, r/b == a && !(a == -1 && b == math.MinInt64) && !(b == -1 && a == math.MinInt64)
		}),
		"div": arith(func(a, b int64) (int64, bool) {
			if b == 0 || (a == math.MinInt64 && b == -1) {
				return 0, false
			}
			return a / b, true
		}),
		"mod": arith(func(a, b int64) (int64, bool) {
			if b == 0 || (a == math.MinInt64 && b == -1) {
				return 0, false
			}
			return a % b, true
		}),
		"greater":                compare(func(c int) bool { return c > 0 }),
		"greaterorequals":        compare(func(c int) bool { return c >= 0 }),
		"less":                   compare(func(c int) bool { return c < 0 }),
		"lessorequals":           compare(func(c int) bool { return c <= 0 }),
		"resourceid":             func(args []any) any { return resourceID(args, true) },
		"subscriptionresourceid": func(args []any) any { return resourceID(args, false) },
		"items": unary(func(args []any) any {
			o, ok := args[0].(*Object)
			if !ok {
				return unknownf("argument is a %s", typeName(args[0]))
			}
			out := make([]any, 0, o.Len())
			for _, k := range o.Keys() {
				v, _ := o.Get(k)
				e := NewObject()
				e.Set("key", k)
				e.Set("value", v)
				out = append(out, e)
			}
			return out
		}),
		"cidrsubnet": cidrSubnet,
	}
}

// unary checks that a function got exactly one argument.
func unary(f func(args []any) any) func(args []any) any {
	return func(args []any) any {
		if len(args) != 1 {
			return unknownf("takes 1 argument")
		}
		return f(args)
	}
}

// size is length(): characters of a string, elements of an array, members
// of an object.
func size(args []any) any {
	if len(args) != 1 {
		return unknownf("takes 1 argument")
	}
	switch v := args[0].(type) {
	case string:
		return int64(len([]rune(v)))
	case []any:
		return int64(len(v))
	case *Object:
		return int64(v.Len())
	case Unknown:
		return v
	}
	return unknownf("argument is a %s", typeName(args[0]))
}

func strFn(f func(string) string) func(args []any) any {
	return func(args []any) any {
		if len(args) != 1 {
			return unknownf("takes 1 argument")
		}
		s, ok := str(args[0])
		if !ok {
			return unknownf("argument is a %s, want a string", typeName(args[0]))
		}
		return f(s)
	}
}

func str2Fn(f func(a, b string) bool) func(args []any) any {
	return func(args []any) any {
		if len(args) != 2 {
			return unknownf("takes 2 arguments")
		}
		a, ok1 := str(args[0])
		b, ok2 := str(args[1])
		if !ok1 || !ok2 {
			return unknownf("takes strings")
		}
		return f(strings.ToLower(a), strings.ToLower(b))
	}
}

func arith(f func(a, b int64) (int64, bool)) func(args []any) any {
	return func(args []any) any {
		if len(args) != 2 {
			return unknownf("takes 2 arguments")
		}
		a, ok1 := args[0].(int64)
		b, ok2 := args[1].(int64)
		if !ok1 || !ok2 {
			return unknownf("takes ints")
		}
		r, ok := f(a, b)
		if !ok {
			return unknownf("overflows or divides by zero")
		}
		return r
	}
}

func compare(f func(int) bool) func(args []any) any {
	return func(args []any) any {
		if len(args) != 2 {
			return unknownf("takes 2 arguments")
		}
		switch a := args[0].(type) {
		case int64:
			if b, ok := args[1].(int64); ok {
				switch {
				case a < b:
					return f(-1)
				case a > b:
					return f(1)
				}
				return f(0)
			}
		case string:
			if b, ok := args[1].(string); ok {
				return f(strings.Compare(a, b))
			}
		}
		return unknownf("compares a %s with a %s", typeName(args[0]), typeName(args[1]))
	}
}

func takeSkip(take bool) func(args []any) any {
	return func(args []any) any {
		if len(args) != 2 {
			return unknownf("takes 2 arguments")
		}
		n, ok := args[1].(int64)
		if !ok {
			return unknownf("count is a %s", typeName(args[1]))
		}
		cut := func(l int) (int, int) {
			k := int(max(0, min(n, int64(l))))
			if take {
				return 0, k
			}
			return k, l
		}
		switch v := args[0].(type) {
		case []any:
			a, b := cut(len(v))
			return v[a:b]
		case string:
			r := []rune(v)
			a, b := cut(len(r))
			return string(r[a:b])
		}
		return unknownf("argument is a %s", typeName(args[0]))
	}
}

func minMax(isMax bool) func(args []any) any {
	return func(args []any) any {
		vals := args
		if len(args) == 1 {
			if a, ok := args[0].([]any); ok {
				vals = a
			}
		}
		if len(vals) == 0 {
			return unknownf("needs at least one int")
		}
		var best int64
		for i, v := range vals {
			n, ok := v.(int64)
			if !ok {
				return unknownf("argument is a %s, want an int", typeName(v))
			}
			if i == 0 || (isMax && n > best) || (!isMax && n < best) {
				best = n
			}
		}
		return best
	}
}

func tryGet(args []any) any {
	if len(args) < 2 {
		return unknownf("takes an object and keys")
	}
	cur := args[0]
	for _, k := range args[1:] {
		switch c := cur.(type) {
		case Unknown:
			return c
		case nil:
			return nil
		case *Object:
			ks, ok := k.(string)
			if !ok {
				if u, isU := k.(Unknown); isU {
					return u
				}
				return nil
			}
			v, found := c.Get(ks)
			if !found {
				return nil
			}
			cur = v
		case []any:
			i, ok := k.(int64)
			if !ok || i < 0 || i >= int64(len(c)) {
				if u, isU := k.(Unknown); isU {
					return u
				}
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

func containsVal(a []any, v any) bool {
	for _, e := range a {
		if equal(e, v) {
			return true
		}
	}
	return false
}

// mergeAll merges objects left to right (nulls skipped): deeply for
// union(), shallowly for shallowMerge().
func mergeAll(objs []any, deep bool) any {
	out := NewObject()
	for _, a := range objs {
		if a == nil {
			continue
		}
		o, ok := a.(*Object)
		if !ok {
			return unknownf("merges objects, not a %s", typeName(a))
		}
		mergeInto(out, o, deep)
	}
	return out
}

// mergeInto copies src's members into dst; deep merges nested objects as
// union() does.
func mergeInto(dst, src *Object, deep bool) {
	for _, k := range src.Keys() {
		v, _ := src.Get(k)
		if deep {
			if so, ok := v.(*Object); ok {
				if cur, ok := dst.Get(k); ok {
					if co, ok := cur.(*Object); ok {
						m := NewObject()
						mergeInto(m, co, true)
						mergeInto(m, so, true)
						dst.Set(k, m)
						continue
					}
				}
			}
		}
		dst.Set(k, v)
	}
}

// netFormat implements format(): {0}, {1:D3} style placeholders; {{ and }}
// are literal braces. Format specifiers other than plain ones are rendered
// without the specifier only for strings; numeric specifiers are supported
// for D/N with a width.
func netFormat(f string, args []any) any {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case c == '{' && i+1 < len(f) && f[i+1] == '{':
			b.WriteByte('{')
			i++
		case c == '}' && i+1 < len(f) && f[i+1] == '}':
			b.WriteByte('}')
			i++
		case c == '{':
			end := strings.IndexByte(f[i:], '}')
			if end < 0 {
				return unknownf("unclosed '{' in format string")
			}
			spec := f[i+1 : i+end]
			idxText, fmtSpec, _ := strings.Cut(spec, ":")
			idxText, _, _ = strings.Cut(idxText, ",")
			n, err := strconv.Atoi(strings.TrimSpace(idxText))
			if err != nil || n < 0 || n >= len(args) {
				return unknownf("format item {%s} has no matching argument", spec)
			}
			a := args[n]
			if iv, ok := a.(int64); ok && fmtSpec != "" && (fmtSpec[0] == 'D' || fmtSpec[0] == 'd') {
				w, _ := strconv.Atoi(fmtSpec[1:])
				s := strconv.FormatInt(iv, 10)
				for len(s) < w && len(s) < 64 {
					s = "0" + s
				}
				b.WriteString(s)
			} else if fmtSpec != "" {
				if _, isInt := a.(int64); isInt {
					return unknownf("format specifier %q is not evaluated", fmtSpec)
				}
				b.WriteString(render(a))
			} else {
				b.WriteString(render(a))
			}
			i += end
		default:
			b.WriteByte(c)
		}
		if b.Len() > maxStringLen {
			return unknownf("result longer than %d bytes", maxStringLen)
		}
	}
	return b.String()
}

// resourceID builds /subscriptions/{sub}/resourceGroups/{rg}/providers/{type}/{names}
// (resource-group scope) or /subscriptions/{sub}/providers/... for
// subscriptionResourceId. The optional leading subscription id and resource
// group name are the arguments before the first one that contains '/'
// (the resource type); missing ones become placeholders.
func resourceID(args []any, rgScope bool) any {
	ss := make([]string, len(args))
	for i, a := range args {
		s, ok := a.(string)
		if !ok {
			return unknownf("argument %d is a %s, want a string", i+1, typeName(a))
		}
		ss[i] = s
	}
	ti := -1
	for i, s := range ss {
		if strings.Contains(s, "/") {
			ti = i
			break
		}
	}
	if ti < 0 {
		return unknownf("no resource type among the arguments")
	}
	typ, names := strings.Trim(ss[ti], "/"), ss[ti+1:]
	typeSegs := strings.Split(typ, "/")
	if len(typeSegs) < 2 || len(names) != len(typeSegs)-1 {
		return unknownf("type %s takes %d name(s), got %d", typ, max(len(typeSegs)-1, 0), len(names))
	}
	sub, rg := PlaceholderSubscription, PlaceholderResourceGroup
	pre := ss[:ti]
	switch {
	case rgScope && len(pre) == 1:
		rg = pre[0]
	case rgScope && len(pre) == 2:
		sub, rg = pre[0], pre[1]
	case !rgScope && len(pre) == 1:
		sub = pre[0]
	case len(pre) > 2 || (!rgScope && len(pre) > 1):
		return unknownf("too many arguments before the resource type")
	}
	var b strings.Builder
	b.WriteString("/subscriptions/" + sub)
	if rgScope {
		b.WriteString("/resourceGroups/" + rg)
	}
	b.WriteString("/providers/" + typeSegs[0] + "/" + typeSegs[1] + "/" + names[0])
	for i, seg := range typeSegs[2:] {
		b.WriteString("/" + seg + "/" + names[i+1])
	}
	return b.String()
}

// cidrSubnet implements cidrSubnet(network, newCIDR, index): the index-th
// subnet of the given size inside network.
func cidrSubnet(args []any) any {
	if len(args) != 3 {
		return unknownf("takes 3 arguments")
	}
	s, ok := str(args[0])
	bits, ok2 := args[1].(int64)
	idx, ok3 := args[2].(int64)
	if !ok || !ok2 || !ok3 {
		return unknownf("takes a CIDR string and two ints")
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return unknownf("%q is not a CIDR", s)
	}
	p = p.Masked()
	if bits < int64(p.Bits()) || bits > int64(p.Addr().BitLen()) || idx < 0 {
		return unknownf("can't take subnet %d of size /%d from %s", idx, bits, p)
	}
	shift := int64(p.Addr().BitLen()) - bits
	if bits-int64(p.Bits()) < 63 && idx >= int64(1)<<(bits-int64(p.Bits())) {
		return unknownf("%s has fewer than %d subnets of size /%d", p, idx+1, bits)
	}
	addr := addShifted(p.Addr().As16(), uint64(idx), uint(shift))
	var na netip.Addr
	if p.Addr().Is4() {
		na = netip.AddrFrom16(addr).Unmap()
	} else {
		na = netip.AddrFrom16(addr)
	}
	return netip.PrefixFrom(na, int(bits)).String()
}

// addShifted adds v << shift to a 128-bit big-endian address.
func addShifted(a [16]byte, v uint64, shift uint) [16]byte {
	hi := uint64(a[0])<<56 | uint64(a[1])<<48 | uint64(a[2])<<40 | uint64(a[3])<<32 | uint64(a[4])<<24 | uint64(a[5])<<16 | uint64(a[6])<<8 | uint64(a[7])
	lo := uint64(a[8])<<56 | uint64(a[9])<<48 | uint64(a[10])<<40 | uint64(a[11])<<32 | uint64(a[12])<<24 | uint64(a[13])<<16 | uint64(a[14])<<8 | uint64(a[15])
	var addHi, addLo uint64
	switch {
	case shift >= 128:
	case shift >= 64:
		addHi = v << (shift - 64)
	case shift == 0:
		addLo = v
	default:
		addLo = v << shift
		addHi = v >> (64 - shift)
	}
	nlo := lo + addLo
	if nlo < lo {
		addHi++
	}
	hi += addHi
	var out [16]byte
	for i := 0; i < 8; i++ {
		out[i] = byte(hi >> (56 - 8*i))
		out[8+i] = byte(nlo >> (56 - 8*i))
	}
	return out
}

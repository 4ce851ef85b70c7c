package render_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/render"
)

// bicepParser reads the subset of Bicep CarveBicep writes: resource
// declarations whose bodies are object literals of strings, integers,
// booleans, arrays, objects and symbolic references (sym or sym.id).
type bicepParser struct {
	toks []string
	i    int
}

func bicepTokens(src string) []string {
	var toks []string
	rs := []rune(src)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == '/' && i+1 < len(rs) && rs[i+1] == '/':
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
		case r == '\n':
			toks = append(toks, "\n")
			i++
		case unicode.IsSpace(r):
			i++
		case strings.ContainsRune("{}[]:=", r):
			toks = append(toks, string(r))
			i++
		case r == '\'':
			var b strings.Builder
			b.WriteRune('\'')
			for i++; i < len(rs) && rs[i] != '\''; i++ {
				if rs[i] == '\\' && i+1 < len(rs) {
					i++
				}
				b.WriteRune(rs[i])
			}
			i++
			toks = append(toks, b.String())
		default:
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '_' || rs[j] == '.' || rs[j] == '-') {
				j++
			}
			if j == i {
				panic(fmt.Sprintf("unexpected %q", r))
			}
			toks = append(toks, string(rs[i:j]))
			i = j
		}
	}
	return toks
}

func (p *bicepParser) skipNewlines() {
	for p.i < len(p.toks) && p.toks[p.i] == "\n" {
		p.i++
	}
}

func (p *bicepParser) next() string {
	p.skipNewlines()
	t := p.toks[p.i]
	p.i++
	return t
}

// symRef is a symbolic reference in a Bicep value.
type symRef string

func (p *bicepParser) value() any {
	t := p.next()
	switch {
	case t == "{":
		o := map[string]any{}
		for {
			k := p.next()
			if k == "}" {
				return o
			}
			if p.next() != ":" {
				panic("want : after " + k)
			}
			o[k] = p.value()
		}
	case t == "[":
		a := []any{}
		for {
			p.skipNewlines()
			if p.toks[p.i] == "]" {
				p.i++
				return a
			}
			a = append(a, p.value())
		}
	case strings.HasPrefix(t, "'"):
		return t[1:]
	case t == "true" || t == "false":
		return t == "true"
	default:
		if n, err := strconv.Atoi(t); err == nil {
			return float64(n) // as encoding/json decodes numbers
		}
		return symRef(t)
	}
}

type bicepResource struct {
	symbol, typ string
	existing    bool
	body        map[string]any
}

func parseBicep(src string) []bicepResource {
	p := &bicepParser{toks: bicepTokens(src)}
	var out []bicepResource
	for p.skipNewlines(); p.i < len(p.toks); p.skipNewlines() {
		if kw := p.next(); kw != "resource" {
			panic("want resource, got " + kw)
		}
		r := bicepResource{symbol: p.next(), typ: strings.TrimPrefix(p.next(), "'")}
		if t := p.next(); t == "existing" {
			r.existing = true
			p.next() // =
		}
		r.body = p.value().(map[string]any)
		out = append(out, r)
	}
	return out
}

// compileBicep does what `az bicep build` does for this subset: subnets
// under an existing VNet become child resources named vnet/subnet, and
// sym.id becomes resourceId(). Explicit dependsOn is dropped (the template's
// is compared separately by ARM's own ordering).
func compileBicep(rs []bicepResource) []any {
	names := map[string]string{}  // symbol → name
	parent := map[string]string{} // symbol → parent's name
	for _, r := range rs {
		names[r.symbol] = r.body["name"].(string)
		if ps, ok := r.body["parent"].(symRef); ok {
			parent[r.symbol] = string(ps)
		}
	}
	var conv func(v any) any
	conv = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			o := map[string]any{}
			for k, e := range x {
				o[k] = conv(e)
			}
			return o
		case []any:
			a := []any{}
			for _, e := range x {
				a = append(a, conv(e))
			}
			return a
		case symRef:
			sym := strings.TrimSuffix(string(x), ".id")
			return fmt.Sprintf("[resourceId('Microsoft.Network/virtualNetworks/subnets', '%s', '%s')]", names[parent[sym]], names[sym])
		}
		return v
	}
	var out []any
	for _, r := range rs {
		if r.existing {
			continue
		}
		typ, ver, _ := strings.Cut(r.typ, "@")
		res := map[string]any{"type": typ, "apiVersion": ver}
		for k, v := range r.body {
			switch k {
			case "parent", "dependsOn":
			case "name":
				if ps, ok := parent[r.symbol]; ok {
					res["name"] = fmt.Sprintf("[format('{0}/{1}', '%s', '%s')]", names[ps], v)
				} else {
					res["name"] = v
				}
			default:
				res[k] = conv(v)
			}
		}
		out = append(out, res)
	}
	return out
}

// TestBicepCompilesToARM checks that the Bicep file and the ARM template of
// every round-trip layout declare the same resources: the ARM template is
// what the Bicep compiles to, so the ARM round trips cover the Bicep too.
func TestBicepCompilesToARM(t *testing.T) {
	for name, req := range roundTripRequests() {
		t.Run(name, func(t *testing.T) {
			l := carved(t, req)
			var bicep, arm bytes.Buffer
			if err := render.CarveBicep(&bicep, l, dep); err != nil {
				t.Fatal(err)
			}
			if err := render.CarveARM(&arm, l, dep); err != nil {
				t.Fatal(err)
			}
			var tmpl struct {
				Resources []map[string]any `json:"resources"`
			}
			if err := json.Unmarshal(arm.Bytes(), &tmpl); err != nil {
				t.Fatal(err)
			}
			var want []any
			for _, r := range tmpl.Resources {
				delete(r, "dependsOn")
				want = append(want, r)
			}
			if d := cmp.Diff(want, compileBicep(parseBicep(bicep.String()))); d != "" {
				t.Errorf("Bicep vs ARM template (-arm +bicep):\n%s\n%s", d, bicep.String())
			}
		})
	}
}

package jsonpos

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// toAny converts a tree into the value encoding/json would produce, numbers as
// json.Number, so the two parsers can be compared.
func toAny(n Node) any {
	switch n.Kind() {
	case Null:
		return nil
	case Bool:
		b, _ := n.Bool()
		return b
	case Number:
		s, _ := n.NumberText()
		return json.Number(s)
	case String:
		s, _ := n.Str()
		return s
	case Array:
		out := []any{}
		for _, e := range n.Elems() {
			out = append(out, toAny(e))
		}
		return out
	case Object:
		out := map[string]any{}
		for k, v := range n.Members() {
			out[k] = toAny(v) // last duplicate wins, as in encoding/json
		}
		return out
	}
	return "<invalid>"
}

func stdAny(data []byte) (any, error) {
	if !json.Valid(data) {
		return nil, errors.New("invalid JSON")
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data")
	}
	return v, nil
}

func TestParseMatchesEncodingJSON(t *testing.T) {
	tests := []string{
		`null`, `true`, `false`, `0`, `-1.5e+10`, `"a\u00e9\n\"\\\/"`, `"\ud83d\ude00"`,
		`[]`, `{}`, `[1,[2,[3]],{"a":{"b":null}}]`,
		`{"Name":"x","name":"y"}`,
		" \t\n{\"k\" : [ 1 , 2 ] }\r\n",
	}
	for _, in := range tests {
		t.Run(in, func(t *testing.T) {
			tr, err := Parse([]byte(in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			want, err := stdAny([]byte(in))
			if err != nil {
				t.Fatalf("encoding/json: %v", err)
			}
			if diff := cmp.Diff(want, toAny(tr.Root())); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in        string
		line, col int
		msg       string
	}{
		{``, 1, 1, "unexpected end of input"},
		{`{`, 1, 2, "want a member name"},
		{`{"a" 1}`, 1, 6, "want ':'"},
		{`[1,]`, 1, 4, "want a value"},
		{"{\n  \"a\": tru\n}", 2, 8, "want a value"},
		{`"abc`, 1, 5, "end of input in string"},
		{`1 2`, 1, 3, "after the top-level value"},
		{`01`, 1, 2, "after the top-level value"},
		{`"\x"`, 1, 3, "invalid escape"},
		{`[` + strings.Repeat("[", DefaultMaxDepth) + `]`, 1, DefaultMaxDepth + 1, "nesting deeper"},
	}
	for _, tt := range tests {
		t.Run(tt.in[:min(len(tt.in), 20)], func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error = %v, want *SyntaxError", tt.in, err)
			}
			if se.Line != tt.line || se.Column != tt.col || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("got %d:%d %q, want %d:%d containing %q", se.Line, se.Column, se.Msg, tt.line, tt.col, tt.msg)
			}
		})
	}
}

func TestPositionsAndPointers(t *testing.T) {
	doc := "{\n  \"properties\": {\n    \"agentPoolProfiles\": [\n      {\"name\": \"sys\", \"a/b~c\": 3}\n    ]\n  }\n}\n"
	tr, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	pool := tr.Root().Path("Properties", "agentPoolProfiles").Index(0)
	type got struct {
		Ptr       string
		Line, Col int
		KeyLine   int
		KeyCol    int
	}
	tests := []struct {
		name string
		n    Node
		want got
	}{
		{"root", tr.Root(), got{"", 1, 1, 1, 1}},
		{"name", pool.Get("NAME"), got{"/properties/agentPoolProfiles/0/name", 4, 16, 4, 8}},
		{"escaped", pool.Get("a/b~c"), got{"/properties/agentPoolProfiles/0/a~1b~0c", 4, 32, 4, 23}},
		{"missing", pool.Get("nope"), got{"", 0, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, c := tt.n.Pos()
			kl, kc := tt.n.KeyPos()
			if diff := cmp.Diff(tt.want, got{tt.n.Pointer(), l, c, kl, kc}); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{`3`, 3, true}, {`-7`, -7, true}, {`3.0`, 3, true}, {`1e3`, 1000, true},
		{`3.5`, 0, false}, {`1e400`, 0, false}, {`99999999999999999999999`, 0, false}, {`"3"`, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			tr, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			v, ok := tr.Root().Int()
			if v != tt.want || ok != tt.ok {
				t.Errorf("Int() = %d, %v; want %d, %v", v, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestMissingChains(t *testing.T) {
	var n Node
	if n.Get("a").Index(3).Path("b", "c").Valid() {
		t.Fatal("missing node became valid")
	}
	if s, ok := n.Str(); ok || s != "" {
		t.Fatal("missing node has a string")
	}
	if n.Kind().String() != "missing" {
		t.Fatalf("kind = %s", n.Kind())
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":"c"}]}`, `[]`, `"\u00e9"`, `-0.1e-5`, `{"x":{"y":{"z":null}}}`, `[1,`, `{"a" 1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := Parse(data)
		want, stdErr := stdAny(data)
		if (err == nil) != (stdErr == nil) {
			// encoding/json rejects invalid UTF-8 only in some places and
			// accepts the BOM nowhere; compare only on clean input.
			if !utf8Clean(data) {
				return
			}
			t.Fatalf("Parse error %v, encoding/json error %v for %q", err, stdErr, data)
		}
		if err != nil {
			return
		}
		if !utf8Clean(data) {
			return
		}
		if diff := cmp.Diff(want, toAny(tr.Root())); diff != "" {
			t.Fatalf("(-want +got)\n%s", diff)
		}
		// Every node's pointer and position must be computable.
		var walk func(Node)
		walk = func(n Node) {
			_ = n.Pointer()
			if l, c := n.Pos(); l < 1 || c < 1 {
				t.Fatalf("bad position %d:%d", l, c)
			}
			for _, e := range n.Elems() {
				walk(e)
			}
		}
		walk(tr.Root())
	})
}

func utf8Clean(b []byte) bool {
	s := string(b)
	return strings.ToValidUTF8(s, "") == s && !strings.HasPrefix(s, "\xef\xbb\xbf")
}

func BenchmarkParse(b *testing.B) {
	data := benchDoc(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodingJSONAny(b *testing.B) {
	data := benchDoc(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func benchDoc(n int) []byte {
	var sb strings.Builder
	sb.WriteString("[")
	for i := range n {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"name":"c%d","location":"westeurope","properties":{"kubernetesVersion":"1.31.2","networkProfile":{"networkPlugin":"azure","networkPluginMode":"overlay","podCidr":"10.244.0.0/16","serviceCidr":"10.0.0.0/16","dnsServiceIP":"10.0.0.10"},"agentPoolProfiles":[{"name":"sys","count":3,"maxPods":110,"enableAutoScaling":true,"minCount":3,"maxCount":10}]}}`, i)
	}
	sb.WriteString("]")
	return []byte(sb.String())
}

package aks

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// k8sVersionInputs are the table's inputs and the fuzz target's seeds: the
// forms AKS and templates use, and the edges the former per-package readers
// disagreed on (trailing text, '_', signs, spaces, leading zeros, huge
// numbers, extra components).
var k8sVersionInputs = []struct {
	in   string
	want string // "" for an error
}{
	{"1.29", "1.29"},
	{"1.29.4", "1.29"},
	{"v1.30.0", "1.30"},
	{" 1.31.1-preview ", "1.31"},
	{"1.31.1+build.5", "1.31"},
	{"1.31.2", "1.31"},
	{" 1.33 ", "1.33"},
	{"1.0", "1.0"},
	{"1.9.6", "1.9"},
	{"1.9999", "1.9999"},
	{"1.27abc", ""},
	{"1.x", ""},
	{"1.27_1", ""},
	{"1._3", ""},
	{"1.31-preview", ""},
	{"1.31-rc.1", ""},
	{"1.31.", ""},
	{"1.31..", ""},
	{"1.31.x", ""},
	{"1.31.04", ""},
	{"1.29.4.1", ""},
	{"1.026", ""},
	{"1.00", ""},
	{"01.30", ""},
	{"1.-5", ""},
	{"1.+5", ""},
	{"1. 5", ""},
	{"1.99999", ""},
	{"1.123456789", ""},
	{"1.99999999999999999999", ""},
	{"2.1", ""},
	{"9.99.9", ""},
	{"V1.30", ""},
	{"vv1.30", ""},
	{"1.", ""},
	{"1", ""},
	{"v", ""},
	{"", ""},
	{"latest", ""},
	{"[parameters('kubernetesVersion')]", ""},
}

func TestParseK8sVersion(t *testing.T) {
	for _, tt := range k8sVersionInputs {
		t.Run(tt.in, func(t *testing.T) {
			v, err := ParseK8sVersion(tt.in)
			got := ""
			if err == nil {
				got = v.String()
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("ParseK8sVersion(%q) (-want +got):\n%s", tt.in, d)
			}
		})
	}
}

func TestK8sVersionLess(t *testing.T) {
	tests := []struct {
		v, w K8sVersion
		want bool
	}{
		{K8sVersion{1, 26}, K8sVersion{1, 27}, true},
		{K8sVersion{1, 27}, K8sVersion{1, 27}, false},
		{K8sVersion{1, 100}, K8sVersion{1, 27}, false},
		{K8sVersion{1, 99}, K8sVersion{2, 0}, true},
		{K8sVersion{2, 0}, K8sVersion{1, 99}, false},
	}
	for _, tt := range tests {
		t.Run(tt.v.String()+"<"+tt.w.String(), func(t *testing.T) {
			if got := tt.v.Less(tt.w); got != tt.want {
				t.Errorf("%v.Less(%v) = %t, want %t", tt.v, tt.w, got, tt.want)
			}
		})
	}
}

// k8sVersionGrammar is ParseK8sVersion's documented grammar as a regular
// expression: the reference the byte-level reader must agree with.
var k8sVersionGrammar = regexp.MustCompile(`(?s)^v?1\.(0|[1-9][0-9]{0,3})(\.(0|[1-9][0-9]*)([-+].*)?)?$`)

func FuzzParseK8sVersion(f *testing.F) {
	for _, tt := range k8sVersionInputs {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseK8sVersion(s)
		m := k8sVersionGrammar.FindStringSubmatch(strings.TrimSpace(s))
		if (err == nil) != (m != nil) {
			t.Fatalf("ParseK8sVersion(%q) = %v, %v; the grammar matches: %t", s, v, err, m != nil)
		}
		if err != nil {
			return
		}
		if v.Major != 1 || v.Minor < 0 || v.Minor > 9999 || v.String() != "1."+m[1] {
			t.Fatalf("ParseK8sVersion(%q) = %v, want 1.%s", s, v, m[1])
		}
		// The rendered version parses back to itself.
		if w, err := ParseK8sVersion(v.String()); err != nil || w != v {
			t.Fatalf("round trip of %q: %v, %v", s, w, err)
		}
	})
}

func BenchmarkParseK8sVersion(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range []string{"1.31.2", "1.29", "v1.30.0", "1.31.1-preview"} {
			if _, err := ParseK8sVersion(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

package ipplan

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkParsed compares a parser's result with the table's want, or its error
// with the wanted substring.
func checkParsed[T any](t *testing.T, want, got T, wantErr string, err error) {
	t.Helper()
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Fatalf("err = %v, want containing %q", err, wantErr)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseSurge(t *testing.T) {
	tests := []struct {
		in      string
		want    Surge
		wantErr string
	}{
		{"1", Surge{N: 1}, ""},
		{"0", Surge{}, ""},
		{"33%", Surge{N: 33, Percent: true}, ""},
		{" 10 % ", Surge{N: 10, Percent: true}, ""},
		{"100%", Surge{N: 100, Percent: true}, ""},
		{"101%", Surge{}, "0% to 100%"},
		{"-1", Surge{}, "negative"},
		{"", Surge{}, "want a node count"},
		{"%", Surge{}, "want a node count"},
		{"1.5", Surge{}, "want a node count"},
		{"+3", Surge{}, "want a node count"},
		{"abc%", Surge{}, "want a node count"},
		{"99999999999999999999", Surge{}, "want a node count"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSurge(tt.in)
			checkParsed(t, tt.want, got, tt.wantErr, err)
		})
	}
}

func TestSurgeNodes(t *testing.T) {
	tests := []struct {
		s    Surge
		pool int
		want int
	}{
		{Surge{N: 1}, 50, 1},
		{Surge{N: 10, Percent: true}, 50, 5},
		{Surge{N: 10, Percent: true}, 51, 6}, // rounded up
		{Surge{N: 10, Percent: true}, 1, 1},
		{Surge{N: 33, Percent: true}, 3, 1},
		{Surge{N: 50, Percent: true}, 4, 2}, // facts example 16
		{Surge{N: 0, Percent: true}, 40, 0},
		{Surge{N: 100, Percent: true}, 7, 7},
		{Surge{N: 10, Percent: true}, 0, 0},
	}
	for _, tt := range tests {
		if got := tt.s.Nodes(tt.pool); got != tt.want {
			t.Errorf("%s of %d = %d, want %d", tt.s, tt.pool, got, tt.want)
		}
	}
}

func TestParsePool(t *testing.T) {
	tests := []struct {
		in      string
		want    Pool
		wantErr string
	}{
		{"name=sys,nodes=3,max=10,max-pods=110,surge=33%,os=linux",
			Pool{Name: "sys", Nodes: 3, MaxNodes: 10, MaxPods: 110, MaxSurge: &Surge{N: 33, Percent: true}, OS: "linux"}, ""},
		{"nodes=5", Pool{Nodes: 5}, ""},
		{"count=5, max-count=7 ,maxpods=30,max-surge=1,os=Windows", Pool{Nodes: 5, MaxNodes: 7, MaxPods: 30, MaxSurge: &Surge{N: 1}, OS: "windows"}, ""},
		{"", Pool{}, "want name="},
		{"name=sys", Pool{}, "nodes=N is required"},
		{"nodes=3,nodes=4", Pool{}, "given twice"},
		{"nodes=3,count=4", Pool{}, "given twice"},
		{"nodes=three", Pool{}, "not a whole number"},
		{"nodes=-1", Pool{}, "out of range"},
		{"nodes=3,max=2", Pool{}, "below nodes"},
		{"nodes=3,max-pods=0", Pool{}, "out of range"},
		{"nodes=3,surge=x", Pool{}, "invalid max surge"},
		{"nodes=3,os=mac", Pool{}, "not linux or windows"},
		{"nodes=3,colour=red", Pool{}, "unknown key"},
		{"nodes=3,", Pool{}, "not key=value"},
		{"name=,nodes=3", Pool{}, "empty name"},
		{"nodes=99999999", Pool{}, "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePool(tt.in)
			checkParsed(t, tt.want, got, tt.wantErr, err)
		})
	}
}

// FuzzParsePool checks that parsing never panics, that every accepted pool is
// within bounds, and that planning it never panics.
func FuzzParsePool(f *testing.F) {
	for _, s := range []string{"name=sys,nodes=3,max=10,max-pods=110,surge=33%,os=linux", "nodes=0", "nodes=1000000,max-pods=100000,surge=100%", "count=1,,", "=", "nodes=3,surge=%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePool(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if p.Nodes < 0 || p.Max() < p.Nodes || p.MaxPods < 0 || p.Max() > maxInputNodes || p.MaxPods > maxInputPods {
			t.Fatalf("accepted out-of-range pool %+v", p)
		}
		for _, plan := range ComputeAll(Request{Pools: []Pool{p}}) {
			if plan.NodeSubnet.RequiredIPs < int64(p.Max()) {
				t.Fatalf("%s: requiredIPs %d below the node count %d", plan.Model, plan.NodeSubnet.RequiredIPs, p.Max())
			}
		}
	})
}

// FuzzParseSurge checks that parsing never panics and accepted values round-trip.
func FuzzParseSurge(f *testing.F) {
	for _, s := range []string{"1", "33%", "100%", "-1", "1e3", "", "%%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sg, err := ParseSurge(s)
		if err != nil {
			return
		}
		back, err := ParseSurge(sg.String())
		if err != nil || back != sg {
			t.Fatalf("%q → %v → %v, %v", s, sg, back, err)
		}
		if sg.Nodes(1000) < 0 {
			t.Fatalf("negative surge nodes for %v", sg)
		}
	})
}

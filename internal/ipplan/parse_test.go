package ipplan

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/google/go-cmp/cmp"
)

// checkParse runs one parser case: either the error contains wantErr, or the
// value equals want.
func checkParse[T any](t *testing.T, in string, parse func(string) (T, error), want T, wantErr string) {
	t.Helper()
	got, err := parse(in)
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Fatalf("err = %v, want %q", err, wantErr)
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
		{" 100% ", Surge{N: 100, Percent: true}, ""},
		{"101%", Surge{}, "0% to 100%"},
		{"-1", Surge{}, "negative"},
		{"1000001", Surge{}, "at most 1000000"},
		{"", Surge{}, "want a node count"},
		{"%", Surge{}, "want a node count"},
		{"ten", Surge{}, "want a node count"},
		{"1.5", Surge{}, "want a node count"},
		{"+1", Surge{}, "want a node count"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) { checkParse(t, tt.in, ParseSurge, tt.want, tt.wantErr) })
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
		{Surge{N: 10, Percent: true}, 51, 6}, // rounded up (SPEC)
		{Surge{N: 10, Percent: true}, 1, 1},
		{Surge{N: 33, Percent: true}, 20, 7},
		{Surge{N: 50, Percent: true}, 4, 2},
		{Surge{N: 3}, 0, 3}, // an absolute surge does not depend on the pool size
		{Surge{N: 0, Percent: true}, 100, 0},
	}
	for _, tt := range tests {
		if got := tt.s.Nodes(tt.pool); got != tt.want {
			t.Errorf("%v.Nodes(%d) = %d, want %d", tt.s, tt.pool, got, tt.want)
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
		{"max=7", Pool{}, "nodes=N is required"},
		{"name=win,count=2,os=Windows,max-surge=1", Pool{Name: "win", Nodes: 2, OS: "windows", MaxSurge: &Surge{N: 1}}, ""},
		{"", Pool{}, "want name=NAME,nodes=N"},
		{"name=sys", Pool{}, "nodes=N is required"},
		{"nodes=3,nodes=4", Pool{}, "given twice"},
		{"nodes=x", Pool{}, "not a whole number"},
		{"nodes=-1", Pool{}, "out of range 0–1000000"},
		{"nodes=3,max=2", Pool{}, "below nodes=3"},
		{"nodes=3,color=red", Pool{}, "unknown key"},
		{"nodes=3,os=mac", Pool{}, "linux or windows"},
		{"nodes=3,surge=200%", Pool{}, "0% to 100%"},
		{"nodes=3,max-pods=0", Pool{}, "out of range 1–100000"},
		{"nodes3", Pool{}, "not key=value"},
		{"nodes=99999999999999999999", Pool{}, "not a whole number"},
		{"nodes=2000000", Pool{}, "out of range 0–1000000"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) { checkParse(t, tt.in, ParsePool, tt.want, tt.wantErr) })
	}
}

func TestFromCluster(t *testing.T) {
	o := aks.Origin{File: "main.tf", Line: 12, Column: 3}
	c := aks.Cluster{
		Network: aks.NetworkProfile{
			Model:       aks.SetAt(netmodel.AzurePodSubnet, o),
			Dataplane:   aks.SetAt(netmodel.DataplaneCilium, o),
			Policy:      aks.Default(netmodel.PolicyCilium, "x"),
			ServiceCIDR: aks.SetAt(netip.MustParsePrefix("10.0.0.0/16"), o),
			DNSServiceIP: aks.UnknownAt[netip.Addr](aks.Origin{File: "main.tf", Line: 20, Column: 5},
				"var.dns has no value"),
		},
		APIServer: aks.APIServerAccess{Private: aks.SetAt(true, o)},
		Pools: []aks.NodePool{
			{
				Name: aks.SetAt("sys", o), Count: aks.SetAt(3, o), AutoScaling: aks.SetAt(true, o), MaxCount: aks.SetAt(10, o),
				MaxPods: aks.SetAt(110, o), MaxSurge: aks.SetAt("33%", o), OS: aks.Default("Linux", "x"),
				Subnet:          aks.SetAt(netip.MustParsePrefix("10.240.0.0/22"), o),
				PodSubnet:       aks.SetAt(netip.MustParsePrefix("10.241.0.0/16"), o),
				PodIPAllocation: aks.SetAt(netmodel.StaticBlock, o),
			},
			{
				Name: aks.SetAt("user", o), Count: aks.SetAt(2, o),
				MaxPods:  aks.UnknownAt[int](aks.Origin{File: "main.tf", Line: 40, Column: 7}, "var.pods has no value"),
				MaxSurge: aks.SetAt("ten", aks.Origin{File: "main.tf", Line: 41, Column: 7}),
				Subnet:   aks.SetAt(netip.MustParsePrefix("10.240.8.0/22"), o),
			},
		},
	}
	req, ds := FromCluster(c)
	want := Request{
		Choice:         netmodel.Choice{Model: netmodel.AzurePodSubnet, Allocation: netmodel.StaticBlock, Dataplane: netmodel.DataplaneCilium, Policy: netmodel.PolicyCilium},
		PrivateCluster: true,
		NodeSubnet:     netip.MustParsePrefix("10.240.0.0/22"),
		PodSubnet:      netip.MustParsePrefix("10.241.0.0/16"),
		ServiceCIDR:    netip.MustParsePrefix("10.0.0.0/16"),
		Pools: []Pool{
			// The user pool's maxPods is unknown: the pool is left out, not guessed.
			{Name: "sys", Nodes: 3, MaxNodes: 10, MaxPods: 110, MaxSurge: &Surge{N: 33, Percent: true}, OS: "linux"},
		},
	}
	if diff := cmp.Diff(want, req, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }), cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
		t.Errorf("request (-want +got):\n%s", diff)
	}
	type loc struct {
		Code string
		Sev  diag.Severity
		Line int
	}
	var got []loc
	for _, d := range ds {
		got = append(got, loc{d.Code, d.Severity, d.Line})
	}
	wantDs := []loc{{CodeUnknownValue, diag.Info, 20}, {CodeUnknownValue, diag.Info, 40}}
	if diff := cmp.Diff(wantDs, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s\n%v", diff, ds)
	}
	// The request plans without panicking.
	if p := Compute(req); p.Model != netmodel.AzurePodSubnet || p.PodSubnet == nil {
		t.Errorf("plan = %+v", p)
	}
}

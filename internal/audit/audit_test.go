package audit

import (
	stdcmp "cmp"
	"encoding/json"
	"hash/fnv"
	"net/netip"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/google/go-cmp/cmp"
)

var now = time.Date(2026, time.November, 22, 9, 0, 0, 0, time.UTC)

// everyCluster fires once per cluster at its definition.
var everyCluster = Rule{ID: "TEST-001", Name: "Every", Title: "every cluster", Severity: High, Remediation: "none",
	Check: func(c *aks.Cluster, f *Fleet) []Hit { return []Hit{{Message: "hit " + ClusterName(c)}} }}

func cluster(name, file string, tags map[string]string, plugin string, policy netmodel.PolicyEngine) aks.Cluster {
	c := aks.Cluster{Name: aks.SetAt(name, aks.Origin{File: file, Line: 3}), Source: aks.Origin{File: file, Line: 2}, Tags: tags,
		Network: aks.NetworkProfile{Plugin: aks.SetAt(plugin, aks.Origin{})},
		Pools:   []aks.NodePool{{Name: aks.SetAt("np", aks.Origin{}), Count: aks.SetAt(3, aks.Origin{})}}}
	if plugin == "azure" {
		c.Network.PluginMode = aks.SetAt("overlay", aks.Origin{})
	}
	if policy != "" {
		c.Network.Policy = aks.SetAt(policy, aks.Origin{})
	}
	return c
}

func TestSuppressions(t *testing.T) {
	file := []byte(`suppressions:
  - rule: TEST-001
    cluster: "legacy-*"
    reason: accepted until the move, NET-42
    expires: "2027-01-31"
  - rule: "*"
    path: "envs/dev/**"
    reason: dev clusters
  - rule: TEST-001
    cluster: old
    reason: expired on record
    expires: "2026-11-21"
  - rule: TEST-001
    cluster: nothing-matches
    reason: stale
`)
	sups, diags := ParseSuppressions("sup.yaml", file)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	docs := []aks.Document{{Clusters: []aks.Cluster{
		cluster("legacy-a", "envs/prod/main.tf", nil, "azure", ""),
		cluster("b", "envs/dev/team/main.tf", nil, "azure", ""),
		cluster("old", "envs/prod/old.tf", nil, "azure", ""),
		cluster("c", "envs/prod/c.tf", nil, "azure", ""),
	}}}
	rep := Run([]Rule{everyCluster}, docs, Options{Now: now, Suppressions: sups})
	var kept, supp []string
	for _, f := range rep.Findings {
		kept = append(kept, f.Cluster)
		if f.Cluster == "old" && !f.SuppressionExpired {
			t.Errorf("finding on old should carry its expired suppression")
		}
	}
	for _, f := range rep.Suppressed {
		supp = append(supp, f.Cluster+": "+f.Suppression.Reason)
	}
	if diff := cmp.Diff([]string{"c", "old"}, kept); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"b: dev clusters", "legacy-a: accepted until the move, NET-42"}, supp); diff != "" {
		t.Errorf("suppressed (-want +got):\n%s", diff)
	}
	var codes []string
	for _, d := range rep.Diagnostics {
		codes = append(codes, d.Code+" "+d.Path)
	}
	if diff := cmp.Diff([]string{"AUDIT001 sup.yaml#/suppressions/2", "AUDIT002 sup.yaml#/suppressions/3"}, codes); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	// The first suppression still applies on its expiry date, not the day after.
	rep = Run([]Rule{everyCluster}, docs, Options{Now: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), Suppressions: sups})
	if len(rep.Suppressed) != 1 {
		t.Errorf("after expiry %d suppressed, want 1 (dev only)", len(rep.Suppressed))
	}
}

func TestParseSuppressionsErrors(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     int
	}{
		{"no reason", "suppressions:\n- rule: A\n  cluster: x\n", 1},
		{"no scope", "suppressions:\n- rule: A\n  reason: r\n", 1},
		{"bad date", "suppressions:\n- rule: A\n  cluster: x\n  reason: r\n  expires: tomorrow\n", 1},
		{"unknown field", "suppressions:\n- rule: A\n  clusters: x\n  reason: r\n", 1},
		{"not yaml", "suppressions: [", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sups, diags := ParseSuppressions("s.yaml", []byte(tt.in))
			if len(sups) != 0 || len(diags) != tt.want || diags[0].Code != "AUDIT003" || diags[0].Severity != diag.Error {
				t.Errorf("got %d suppressions, diagnostics %v", len(sups), diags)
			}
		})
	}
}

func FuzzParseSuppressions(f *testing.F) {
	f.Add([]byte("suppressions:\n- rule: AKSNET-001\n  cluster: '*'\n  reason: r\n  expires: '2027-01-01'\n"))
	f.Add([]byte(`{"suppressions":[{"rule":"*","path":"**/x?.tf","reason":"r"}]}`))
	f.Add([]byte("suppressions:\n- rule: A\n  path: '[a-'\n  reason: r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sups, diags := ParseSuppressions("f.yaml", data)
		for _, s := range sups {
			if s.Rule == "" || s.Reason == "" || (s.Cluster == "" && s.Path == "") {
				t.Fatalf("invalid suppression accepted: %+v", s)
			}
			s.Matches(Finding{RuleID: s.Rule, Cluster: "c", File: "a/b.tf"})
			s.Expired(now)
		}
		for _, d := range diags {
			if d.Code != "AUDIT003" {
				t.Fatalf("unexpected diagnostic %v", d)
			}
		}
	})
}

func TestKPIs(t *testing.T) {
	docs := []aks.Document{{Clusters: []aks.Cluster{
		cluster("k1", "a.json", map[string]string{"Environment": "Production"}, "kubenet", netmodel.PolicyCalico),
		cluster("o1", "a.json", map[string]string{"env": "prod"}, "azure", netmodel.PolicyNone),
		cluster("o2", "a.json", map[string]string{"env": "dev"}, "azure", ""),
		cluster("o3", "a.json", map[string]string{"env": "prod"}, "azure", netmodel.PolicyAzure),
	}}}
	capFn := func(c aks.Cluster) Capacity {
		return Capacity{NodeSubnet: &SubnetNeed{Required: 100, Given: netip.MustParsePrefix("10.0.0.0/24"), Usable: 251, Fits: new(true)}}
	}
	k := Run(nil, docs, Options{Now: now, Capacity: capFn}).KPIs
	p := func(v float64) *float64 { return &v }
	want := KPIs{
		Clusters: 4, ClustersPerModel: map[string]int{"kubenet": 1, "azure-overlay": 3},
		Production: 3, ProductionNotOnKubenet: 2, ProductionNotOnKubenetPercent: p(66.7),
		WithPolicyEngine: 2, WithPolicyEnginePercent: p(50),
		Kubenet: []KubenetCluster{{Cluster: "k1", File: "a.json", Production: true, Retires: "2028-03-31", DaysLeft: 495}},
	}
	for i, n := range []string{"k1", "o1", "o2", "o3"} {
		want.SubnetHeadroom = append(want.SubnetHeadroom, Headroom{Cluster: n, ClusterIndex: i, Space: "node-subnet", Given: "10.0.0.0/24", Capacity: 251, Required: 100, Headroom: 151, Percent: 60.2, Unit: "addresses"})
	}
	if diff := cmp.Diff(want, k); diff != "" {
		t.Errorf("KPIs (-want +got):\n%s", diff)
	}
	prod, err := ParseProdTags("tier=critical")
	if err != nil {
		t.Fatal(err)
	}
	if k := Run(nil, docs, Options{Now: now, Prod: prod}).KPIs; k.Production != 0 || k.ProductionNotOnKubenetPercent != nil {
		t.Errorf("custom prod tags: %+v", k)
	}
}

func TestFailOnAndLocation(t *testing.T) {
	c := cluster("x", "main.tf", nil, "azure", "")
	c.Pools[0].Source = aks.Origin{File: "main.tf", Line: 20}
	poolRule := Rule{ID: "TEST-002", Severity: Medium, Check: func(c *aks.Cluster, f *Fleet) []Hit {
		return []Hit{{Message: "pool", Pool: &c.Pools[0]}, {Message: "field", At: aks.Origin{File: "main.tf", Line: 7, Path: "a.b"}, Severity: Low}}
	}}
	rep := Run([]Rule{poolRule}, []aks.Document{{Clusters: []aks.Cluster{c}}}, Options{Now: now})
	var locs []string
	for _, f := range rep.Findings {
		locs = append(locs, f.Location()+" "+string(f.Severity))
	}
	if diff := cmp.Diff([]string{"main.tf:20 medium", "main.tf:7 low"}, locs); diff != "" {
		t.Errorf("locations (-want +got):\n%s", diff)
	}
	for s, want := range map[Severity]bool{Info: true, Low: true, Medium: true, High: false, Critical: false} {
		if got := rep.Reaches(s); got != want {
			t.Errorf("Reaches(%s) = %v, want %v", s, got, want)
		}
	}
	if _, err := ParseSeverity("severe"); err == nil {
		t.Error("ParseSeverity accepted an unknown severity")
	}
}

func FuzzParseProdTags(f *testing.F) {
	for _, s := range []string{"env=prod", "env=prod,environment=production", " tier = critical ,", "=x", "k=", ",,", "a=b=c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseProdTags(s)
		if err != nil {
			return
		}
		if len(p) == 0 {
			t.Fatalf("%q: no tags and no error", s)
		}
		for k, vs := range p {
			if k == "" || len(vs) == 0 {
				t.Fatalf("%q: empty key or values: %v", s, p)
			}
			for _, v := range vs {
				c := aks.Cluster{Tags: map[string]string{k: v}}
				if !p.IsProduction(&c) {
					t.Fatalf("%q: tag %s=%s not production", s, k, v)
				}
			}
		}
	})
}

// TestRunLeavesInputsAlone checks that Run never writes into its inputs,
// whether or not a reader applied the defaults already.
func TestRunLeavesInputsAlone(t *testing.T) {
	raw := cluster("x", "a.json", nil, "azure", "")
	defaulted := cluster("y", "a.json", nil, "kubenet", netmodel.PolicyCalico)
	aks.ApplyDefaults(&defaulted)
	docs := []aks.Document{{Clusters: []aks.Cluster{raw, defaulted}}}
	before, _ := json.Marshal(docs)
	Run([]Rule{everyCluster}, docs, Options{Now: now})
	after, _ := json.Marshal(docs)
	if diff := cmp.Diff(string(before), string(after)); diff != "" {
		t.Errorf("Run changed its input (-before +after):\n%s", diff)
	}
}

func TestFingerprintPath(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		roots      []string
		want       string
	}{
		{"under a directory", "/a/b/c/main.tf", []string{"/a/b"}, "c/main.tf"},
		{"deepest root wins", "/a/b/c/main.tf", []string{"/a", "/a/b/c"}, "main.tf"},
		{"file root", "/x/cluster.json", []string{"/x/cluster.json"}, "cluster.json"},
		{"relative root", "corpus/tf/main.tf", []string{"corpus"}, "tf/main.tf"},
		{"under no root", "/y/main.tf", []string{"/a"}, "/y/main.tf"},
		{"stdin", "-", []string{"-"}, "-"},
		{"sibling prefix is not a parent", "/a/bc/main.tf", []string{"/a/b"}, "/a/bc/main.tf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fingerprintPath(tc.file, tc.roots); got != tc.want {
				t.Errorf("fingerprintPath(%q, %q) = %q, want %q", tc.file, tc.roots, got, tc.want)
			}
		})
	}
}

func TestSeverityRank(t *testing.T) {
	for i, s := range Severities() {
		if got := s.Rank(); got != i+1 {
			t.Errorf("%s.Rank() = %d, want %d", s, got, i+1)
		}
	}
	for _, s := range []Severity{"", "High", "warning"} {
		if got := s.Rank(); got != 0 {
			t.Errorf("%q.Rank() = %d, want 0", s, got)
		}
	}
}

// TestFingerprintIsFNV keeps the inlined hash equal to hash/fnv's FNV-1a
// over the zero-separated parts, so fingerprints stay stable across releases.
func TestFingerprintIsFNV(t *testing.T) {
	r := &Rule{ID: "TEST-002", Name: "Pool", Title: "pool"}
	c := cluster("aks-prod", "envs/prod/main.tf", nil, "azure", "")
	c.ResourceID = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-prod"
	pool := &c.Pools[0]
	for _, tc := range []struct {
		name  string
		roots []string
		hit   Hit
	}{
		{"cluster", nil, Hit{Message: "m"}},
		{"pool and path", []string{"envs"}, Hit{Message: "m", Pool: pool, At: aks.Origin{File: "envs/prod/main.tf", Line: 9, Path: "properties.networkProfile"}}},
		{"unicode", []string{"envs/prod/main.tf"}, Hit{At: aks.Origin{Path: "tags.ümlaut"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cl := newClusterKey(&c, tc.roots)
			f := newFinding(r, &cl, tc.hit)
			h := fnv.New64a()
			for _, part := range []string{r.ID, ClusterName(&c), c.ResourceID, fingerprintPath(c.Source.File, tc.roots), f.Pool, tc.hit.At.Path} {
				h.Write([]byte(part))
				h.Write([]byte{0})
			}
			if want := strconv.FormatUint(h.Sum64(), 16); f.Fingerprint != want {
				t.Errorf("fingerprint %s, want %s", f.Fingerprint, want)
			}
		})
	}
}

// TestSortFindings checks both paths of sortFindings (findings grouped by
// cluster, as Run emits them, and not) against one stable sort of the lot.
func TestSortFindings(t *testing.T) {
	mk := func(cluster int, sev Severity, rule string, line int, msg string) Finding {
		return Finding{ClusterIndex: cluster, Severity: sev, RuleID: rule, File: "a.json", Line: line, Message: msg}
	}
	for _, tc := range []struct {
		name string
		in   []Finding
	}{
		{"empty", nil},
		{"grouped", []Finding{
			mk(0, Low, "AKSNET-003", 4, "x"), mk(0, High, "AKSNET-009", 2, "y"), mk(0, High, "AKSNET-002", 7, "z"),
			mk(1, Medium, "AKSNET-004", 1, "b"), mk(1, Medium, "AKSNET-004", 1, "a"),
			mk(3, Info, "AKSNET-012", 1, "i"),
		}},
		{"ungrouped", []Finding{
			mk(2, Low, "AKSNET-003", 4, "x"), mk(0, High, "AKSNET-009", 2, "y"), mk(2, High, "AKSNET-002", 7, "z"),
			mk(1, Medium, "AKSNET-004", 1, "b"), mk(0, Medium, "AKSNET-004", 1, "a"), mk(1, Medium, "AKSNET-004", 1, "b"),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := slices.Clone(tc.in)
			slices.SortStableFunc(want, func(a, b Finding) int {
				return stdcmp.Or(stdcmp.Compare(a.ClusterIndex, b.ClusterIndex), stdcmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
					stdcmp.Compare(a.RuleID, b.RuleID), stdcmp.Compare(a.File, b.File), stdcmp.Compare(a.Line, b.Line),
					stdcmp.Compare(a.Pool, b.Pool), stdcmp.Compare(a.Message, b.Message))
			})
			got := slices.Clone(tc.in)
			sortFindings(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("sortFindings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCapacityOnce checks that each cluster's capacity is computed once and
// that every caller sees the same value, whether a check asks about its own
// cluster (cached by index) or about another one (cached by pointer).
func TestCapacityOnce(t *testing.T) {
	docs := []aks.Document{{Clusters: []aks.Cluster{
		cluster("a", "a.json", nil, "azure", ""),
		cluster("b", "a.json", nil, "kubenet", ""),
		cluster("c", "a.json", nil, "azure", ""),
	}}}
	calls := map[string]int{}
	capFn := func(c aks.Cluster) Capacity {
		calls[ClusterName(&c)]++
		return Capacity{MaxNodes: len(ClusterName(&c)) + calls[ClusterName(&c)]}
	}
	seen := map[string][]int{}
	outside := cluster("x", "b.json", nil, "azure", "")
	look := func(c *aks.Cluster, f *Fleet) []Hit {
		for _, o := range append([]*aks.Cluster{c, &outside}, f.Clusters...) {
			capy, _ := f.CapacityOf(o)
			seen[ClusterName(o)] = append(seen[ClusterName(o)], capy.MaxNodes)
		}
		return nil
	}
	rules := []Rule{{ID: "TEST-003", Check: look}, {ID: "TEST-004", Check: look}}
	Run(rules, docs, Options{Now: now, Capacity: capFn})
	if diff := cmp.Diff(map[string]int{"a": 1, "b": 1, "c": 1, "x": 1}, calls); diff != "" {
		t.Errorf("capacity calls (-want +got):\n%s", diff)
	}
	for name, got := range seen {
		for _, v := range got {
			if v != 2 {
				t.Errorf("%s: CapacityOf gave %v, want 2 every time", name, got)
				break
			}
		}
	}
}

package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/recommend"
)

// recommendMatrix is the constraint matrix the golden files cover.
var recommendMatrix = []struct {
	name string
	args []string
	code int
}{
	{"no-constraints", nil, ExitOK},
	{"pod-ip-visible", []string{"--pod-ip-visible"}, ExitOK},
	{"inbound-to-pods", []string{"--inbound-to-pods"}, ExitOK},
	{"windows", []string{"--windows"}, ExitOK},
	{"virtual-nodes", []string{"--virtual-nodes"}, ExitOK},
	{"dual-stack", []string{"--dual-stack"}, ExitOK},
	{"policy-any", []string{"--network-policy", "any"}, ExitOK},
	{"policy-azure-600-nodes", []string{"--network-policy", "azure", "--nodes", "300", "--max-nodes", "600"}, ExitFindings},
	{"policy-azure-100-nodes", []string{"--network-policy", "azure", "--nodes", "100"}, ExitOK},
	{"policy-calico", []string{"--network-policy", "calico"}, ExitOK},
	{"policy-cilium-l7", []string{"--network-policy", "cilium", "--l7-policy"}, ExitOK},
	{"egress-restricted", []string{"--egress", "restricted"}, ExitOK},
	{"latency-sensitive", []string{"--latency-sensitive"}, ExitOK},
	{"windows-and-l7", []string{"--windows", "--l7-policy"}, ExitFindings},
	{"kubenet-over-400", []string{"--nodes", "100", "--max-nodes", "450"}, ExitOK},
	{"pools-in-vnet", []string{"--pool", "name=sys,nodes=3", "--pool", "name=user,nodes=10,max=200",
		"--vnet", "10.20.0.0/20", "--used", "10.20.0.0/24", "--egress", "restricted"}, ExitOK},
	{"static-block-in-vnet", []string{"--nodes", "10", "--max-nodes", "50", "--max-pods", "31", "--pod-ip-allocation", "static-block",
		"--vnet", "10.30.0.0/20"}, ExitOK},
	{"inventory", []string{"--nodes", "5", "--max-nodes", "30", "--vnets", "testdata/carve/vnets.json", "--vnet-name", "spoke-1", "--pod-ip-visible"}, ExitOK},
}

func TestRecommendGolden(t *testing.T) {
	for _, tt := range recommendMatrix {
		for _, f := range []struct{ flag, ext string }{{"json", ".json"}, {"table", ".txt"}, {"markdown", ".md"}} {
			if f.flag != "json" && !slices.Contains([]string{"no-constraints", "pools-in-vnet", "windows-and-l7", "latency-sensitive"}, tt.name) {
				continue
			}
			t.Run(tt.name+"/"+f.flag, func(t *testing.T) {
				args := append([]string{"recommend", "-o", f.flag}, tt.args...)
				out, errOut, code := run(t, "", args...)
				if code != tt.code {
					t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
				}
				golden(t, "recommend/"+tt.name+f.ext, out)
			})
		}
	}
}

// TestRecommendTraceable checks every reason and exclusion of the matrix
// against the catalog: each cites a source, each exclusion names a flag the
// case passed, and every model id is a catalog model (or a Cilium variant).
func TestRecommendTraceable(t *testing.T) {
	names := map[string]netmodel.ID{}
	for _, c := range recommend.Candidates() {
		names[c.Name] = c.Model
	}
	for _, tt := range recommendMatrix {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, _ := run(t, "", append([]string{"recommend", "-o", "json"}, tt.args...)...)
			var doc struct {
				SchemaVersion int                  `json:"schemaVersion"`
				Ranking       []recommend.Ranked   `json:"ranking"`
				Excluded      []recommend.Excluded `json:"excluded"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("%v: %s", err, errOut)
			}
			if doc.SchemaVersion != 1 {
				t.Errorf("schemaVersion %d", doc.SchemaVersion)
			}
			if got := len(doc.Ranking) + len(doc.Excluded); got != len(recommend.Candidates()) {
				t.Errorf("%d models ranked or excluded, want every one of %d", got, len(recommend.Candidates()))
			}
			for i, r := range doc.Ranking {
				if _, ok := netmodel.Lookup(names[r.Name]); !ok {
					t.Errorf("ranking: %q is not a catalog model", r.Name)
				}
				if i > 0 && r.Score > doc.Ranking[i-1].Score {
					t.Errorf("ranking not best first at %s", r.Name)
				}
				for _, re := range r.Reasons {
					if re.Source == "" {
						t.Errorf("%s: reason %q cites no source", r.Name, re.Text)
					}
				}
			}
			for _, e := range doc.Excluded {
				flag := strings.Fields(e.Constraint)[0]
				if e.Source == "" || !slices.ContainsFunc(tt.args, func(a string) bool {
					return a == flag || flag == "--max-nodes" && (a == "--nodes" || a == "--max-nodes") || flag == "--vnet" && (a == "--vnet" || a == "--vnets")
				}) {
					t.Errorf("%s excluded by %q (source %q), a constraint the case did not give", e.Name, e.Constraint, e.Source)
				}
			}
		})
	}
}

func TestRecommendUsage(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"bad policy", []string{"--network-policy", "istio"}, "--network-policy"},
		{"policy none", []string{"--network-policy", "none"}, "--network-policy"},
		{"bad egress", []string{"--egress", "open"}, "--egress"},
		{"vnet without cluster", []string{"--vnet", "10.0.0.0/16"}, "--nodes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := run(t, "", append([]string{"recommend"}, tt.args...)...)
			if code != ExitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 mentioning %q", code, errOut, tt.want)
			}
		})
	}
}

func TestRecommendAddressFitMatchesPlanner(t *testing.T) {
	out, _, _ := run(t, "", "recommend", "-o", "json", "--nodes", "10", "--max-pods", "30", "--max-surge", "1", "--vnet", "10.9.0.0/22")
	var doc struct {
		Address struct {
			Free   int64 `json:"free"`
			Models []struct {
				Model     string `json:"model"`
				Addresses int64  `json:"addresses"`
			} `json:"models"`
		} `json:"address"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{"free": doc.Address.Free}
	for _, m := range doc.Address.Models {
		got[m.Model] = m.Addresses
	}
	// (10 + 1) × (1 + 30) = 341 → /23 for node subnet; 11 nodes → /28 elsewhere;
	// pod subnet: 11 × 16 × ceil((30 + 8) / 16) = 528 → /22, plus the /28.
	want := map[string]int64{"free": 1024, "kubenet": 16, "azure-node-subnet": 512, "azure-pod-subnet": 16 + 1024, "azure-overlay": 16, "none": 16}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

package emu

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/sim"
	"github.com/aksnet/aksnet/internal/source"
	"github.com/google/go-cmp/cmp"
)

// exportJSON is the topology and predicted matrix of t as aksnet trace
// --topology prints them.
func exportJSON(t *testing.T, top *sim.Topology) string {
	t.Helper()
	ex, err := sim.ExportFor(top)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ex.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// clusterSpec is one cluster of the fixtures or the corpus as lab up
// --cluster records it, with the options aksnet trace --cluster uses.
type clusterSpec struct {
	name string
	spec Spec
	opts sim.Options
}

// clusterFixtures are fixtures of the audit rules the tests build labs from.
var clusterFixtures = []string{
	"../audit/rules/testdata/AKSNET-001/fail.json", // kubenet, UDR, calico
	"../audit/rules/testdata/AKSNET-004/fail.tf",   // overlay with its VNet and subnet
	"../audit/rules/testdata/AKSNET-004/pass.tf",   // overlay with the cilium data plane
	"../audit/rules/testdata/AKSNET-010/pass.tf",   // pod subnet with its VNet
	"../audit/rules/testdata/AKSNET-018/fail.tf",   // user-assigned NAT gateway
}

// clusterSpecs reads the fixtures and the corpus and returns every distinct
// spec of a cluster sim.FromCluster accepts, with at most MaxNodes nodes.
func clusterSpecs(t testing.TB) []clusterSpec {
	t.Helper()
	docs, err := source.ReadPaths(append(append([]string(nil), clusterFixtures...), corpustest.Dir(t, "azure"), corpustest.Dir(t, "terraform")), nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []clusterSpec
	seen := map[string]bool{}
	for _, doc := range docs {
		for i, c := range doc.Clusters {
			o, ds := sim.FromCluster(c, doc.VNets)
			if ds.HasErrors() {
				continue
			}
			o.Nodes = min(o.Nodes, MaxNodes)
			spec := SpecFor(o, o.Nodes, len(sim.PodNames), nil)
			b, err := json.Marshal(spec)
			if err != nil {
				t.Fatal(err)
			}
			if seen[string(b)] {
				continue
			}
			seen[string(b)] = true
			out = append(out, clusterSpec{name: fmt.Sprintf("%s/%s#%d %s", filepath.Base(filepath.Dir(c.Source.File)), filepath.Base(c.Source.File), i, c.Name.V), spec: spec, opts: o})
		}
	}
	return out
}

// TestSpecForClusters takes every cluster of the fixtures and the corpus
// through sim.FromCluster (what aksnet trace --cluster does), records the
// options in a spec, writes and reads the spec through a state file, and
// requires the rebuilt topology and predictions to be byte for byte those
// of the simulator's own options, and the lab to be able to plan it. A
// cluster the simulator rejects must be rejected with the same
// diagnostics.
func TestSpecForClusters(t *testing.T) {
	dir := t.TempDir()
	built, rejected := 0, 0
	for _, c := range clusterSpecs(t) {
		t.Run(c.name, func(t *testing.T) {
			st := &State{SchemaVersion: 1, Name: "spec", Status: StatusUp, Created: time.Unix(0, 0).UTC(), Spec: c.spec}
			if err := SaveState(dir, st); err != nil {
				t.Fatal(err)
			}
			got, err := LoadState(dir, "spec")
			if err != nil {
				t.Fatal(err)
			}
			want, wantDiags := sim.Build(c.opts)
			top, err := got.Spec.Topology()
			if wantDiags.HasErrors() {
				var be *BuildError
				if !errors.As(err, &be) {
					t.Fatalf("the simulator rejects the cluster (%v), the spec gives %v", wantDiags, err)
				}
				if d := cmp.Diff(wantDiags, be.Diags); d != "" {
					t.Errorf("diagnostics (-simulator +spec):\n%s", d)
				}
				rejected++
				return
			}
			if err != nil {
				t.Fatalf("spec %+v: %v", got.Spec, err)
			}
			if d := cmp.Diff(exportJSON(t, want), exportJSON(t, top)); d != "" {
				t.Errorf("export (-trace +lab):\n%s", d)
			}
			if _, err := PlanFor("spec", top); err != nil {
				t.Errorf("the lab cannot realise the cluster: %v", err)
			}
			built++
		})
	}
	if built < len(clusterFixtures) {
		t.Errorf("%d distinct clusters rebuilt, want at least %d", built, len(clusterFixtures))
	}
	t.Logf("%d distinct cluster specs rebuilt identically, %d rejected alike", built, rejected)
}

// TestSpecOldStateFile: a state file written before the spec carried a
// cluster's ranges still loads and builds the topology of its flags.
func TestSpecOldStateFile(t *testing.T) {
	const old = `{"schemaVersion":1,"name":"old","status":"up","created":"2026-11-01T10:00:00Z","pid":7,
"spec":{"model":"azure-pod-subnet","allocation":"static-block","outboundType":"managedNATGateway","nodes":3,"podsPerNode":3,
"nsg":["deny:out:*:Internet"]},"namespaces":["aksnet-old-switch"]}`
	st, err := ParseState([]byte(old))
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Spec.Topology()
	if err != nil {
		t.Fatal(err)
	}
	c := mustModel(t, "azure-pod-subnet")
	c.Allocation = "static-block"
	r, err := sim.ParseNSGRule("deny:out:*:Internet")
	if err != nil {
		t.Fatal(err)
	}
	want, ds := sim.Build(sim.Options{Choice: c, OutboundType: sim.OutboundManagedNAT, Nodes: 3, PodsPerNode: 3, NSGRules: []sim.NSGRule{r}})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	if d := cmp.Diff(exportJSON(t, want), exportJSON(t, got)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestSpecCheckClusterFields(t *testing.T) {
	base := Spec{Model: "azure-overlay", OutboundType: sim.OutboundLoadBalancer, Nodes: 2, PodsPerNode: 2}
	v6 := netip.MustParsePrefix("fd00::/64")
	tests := []struct {
		name string
		edit func(*Spec)
		want string // "" when accepted
	}{
		{"defaults", func(*Spec) {}, ""},
		{"cluster ranges", func(s *Spec) {
			s.VNet, s.NodeSubnet = netip.MustParsePrefix("20.1.0.0/16"), netip.MustParsePrefix("20.1.0.0/24")
		}, ""},
		{"user-assigned NAT gateway", func(s *Spec) { s.OutboundType = sim.OutboundUserAssignedNAT }, ""},
		{"cilium data plane", func(s *Spec) { s.Dataplane, s.NetworkPolicy = "cilium", "cilium" }, ""},
		{"unknown data plane", func(s *Spec) { s.Dataplane = "ebpf" }, `data plane: unknown data plane "ebpf" (want azure or cilium)`},
		{"unknown policy", func(s *Spec) { s.NetworkPolicy = "weave" }, `network policy: unknown network policy engine "weave" (want none, azure, calico or cilium)`},
		{"negative maxPods", func(s *Spec) { s.MaxPods = -1 }, "maxPods -1 is negative"},
		{"IPv6 pod CIDR", func(s *Spec) { s.PodCIDR = v6 }, "pod CIDR fd00::/64: the lab is IPv4-only"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := base
			tc.edit(&s)
			got := ""
			if err := s.Check(); err != nil {
				got = err.Error()
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestSpecForDefaults: options with nothing from a cluster give the
// spec of the flags' defaults, and an empty outbound type is the
// simulator's default.
func TestSpecForDefaults(t *testing.T) {
	c := mustModel(t, "kubenet")
	got := SpecFor(sim.Options{Choice: c}, 2, 2, nil)
	want := Spec{Model: "kubenet", Dataplane: "azure", NetworkPolicy: "none", OutboundType: sim.OutboundLoadBalancer, Nodes: 2, PodsPerNode: 2}
	if d := cmp.Diff(want, got, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func mustModel(t *testing.T, s string) netmodel.Choice {
	t.Helper()
	c, err := netmodel.ParseModel(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// BenchmarkClusterSpecTopology times what probe does before its first
// packet: rebuilding a cluster lab's topology from the spec its state file
// keeps, and the plan of that topology.
func BenchmarkClusterSpecTopology(b *testing.B) {
	for _, c := range clusterSpecs(b) {
		file, _, _ := strings.Cut(c.name, "#")
		if !strings.HasPrefix(file, "AKSNET-") {
			continue // the fixtures only
		}
		b.Run(strings.ReplaceAll(file, "/", "-"), func(b *testing.B) {
			for b.Loop() {
				top, err := c.spec.Topology()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := PlanFor("bench", top); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

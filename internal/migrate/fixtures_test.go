package migrate

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/aksnet/aksnet/internal/source"
)

// readFixture reads testdata/fixtures/<name> (with vnets.json for JSON
// inputs; Terraform fixtures declare their own VNet) and returns the single
// cluster and every VNet.
func readFixture(t *testing.T, name string) (aks.Cluster, []aks.VNet) {
	t.Helper()
	paths := []string{filepath.Join("testdata", "fixtures", name)}
	if strings.HasSuffix(name, ".json") {
		paths = append(paths, filepath.Join("testdata", "fixtures", "vnets.json"))
	}
	docs, err := source.ReadPaths(paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	var cs []aks.Cluster
	var vs []aks.VNet
	for _, d := range docs {
		cs = append(cs, d.Clusters...)
		vs = append(vs, d.VNets...)
	}
	if len(cs) != 1 {
		t.Fatalf("%s: %d clusters, want 1", name, len(cs))
	}
	return cs[0], vs
}

// outcome renders a plan's path and each check as "CODE=status" (with
// "+fix" when a command of the plan fixes it), in order.
func outcome(p Plan) string {
	parts := []string{string(p.Path)}
	for _, c := range p.Checks {
		s := fmt.Sprintf("%s=%s", c.Code, c.Status)
		if c.FixedBy > 0 {
			s += "+fix"
		}
		parts = append(parts, s)
	}
	if p.Blocked {
		parts = append(parts, "blocked")
	}
	return strings.Join(parts, " ")
}

func TestFixtures(t *testing.T) {
	tests := []struct {
		file   string
		target Target
		want   string
	}{
		{"kubenet-pass.json", ToOverlay, "in-place MIG001=pass MIG002=pass MIG004=pass MIG005=pass MIG008=pass MIG009=pass MIG006=pass MIG007=pass"},
		{"kubenet-pass.tf", ToOverlay, "in-place MIG001=pass MIG002=pass MIG004=pass MIG005=pass MIG008=pass MIG009=pass MIG006=pass MIG007=pass"},
		{"kubenet-pass.json", ToCilium, "staged MIG001=pass MIG002=pass MIG004=pass MIG005=pass MIG008=pass MIG009=pass MIG006=pass MIG007=pass MIG011=pass MIG012=pass"},
		{"kubenet-pass.json", ToPodSubnet, "new-cluster"},
		// 1.26 < 1.27; calico (removed by command 1); system-assigned
		// identity (service principal in Terraform); availability set;
		// DCsv2; pod CIDR 10.1.0.0/16 is the VNet's space (a proposed one
		// fixes it); /16 is big enough.
		{"kubenet-fail.json", ToOverlay, "in-place MIG001=fail MIG002=fail+fix MIG004=pass MIG005=fail MIG008=fail MIG009=fail MIG006=fail+fix MIG007=pass blocked"},
		{"kubenet-fail.tf", ToOverlay, "in-place MIG001=fail MIG002=fail+fix MIG004=pass MIG005=fail MIG008=fail MIG009=fail MIG006=fail+fix MIG007=pass blocked"},
		{"kubenet-fail.tf", ToCilium, "staged MIG001=fail MIG002=fail+fix MIG004=pass MIG005=fail MIG008=fail MIG009=fail MIG006=fail+fix MIG007=pass MIG011=pass MIG012=pass blocked"},
		// /23 holds 2 /24 blocks; 6 nodes at maximum + 1 surge need 7.
		{"kubenet-small.json", ToOverlay, "in-place MIG001=pass MIG002=pass MIG004=pass MIG005=pass MIG008=pass MIG009=pass MIG006=pass MIG007=fail+fix"},
		// No version, no identity, a pod CIDR that doesn't parse, a VNet
		// not in the inventory: unknown, never pass.
		{"kubenet-unknown.json", ToOverlay, "in-place MIG001=unknown MIG002=pass MIG004=pass MIG005=unknown MIG008=pass MIG009=pass MIG006=unknown+fix MIG007=unknown+fix"},
		{"kubenet-unknown.tf", ToOverlay, "in-place MIG001=unknown MIG002=pass MIG004=pass MIG005=unknown MIG008=pass MIG009=pass MIG006=unknown+fix MIG007=unknown+fix"},
		// Windows pool: runtime and build unknown for overlay; a hard stop for Cilium.
		{"nodesubnet-windows.json", ToOverlay, "in-place MIG001=pass MIG002=pass MIG004=unknown MIG008=pass MIG009=pass MIG006=pass MIG007=pass"},
		{"nodesubnet-windows.json", ToCilium, "staged MIG001=pass MIG002=pass MIG004=unknown MIG008=pass MIG009=pass MIG006=pass MIG007=pass MIG011=fail MIG012=pass blocked"},
		// Windows Server 2019 is not an Overlay OS.
		{"windows2019.json", ToOverlay, "in-place MIG001=pass MIG002=pass MIG004=fail MIG008=pass MIG009=pass MIG006=pass MIG007=pass blocked"},
		// Policy engine, VM size, pool type and OS from variables without values.
		{"nodesubnet-unknown.tf", ToCilium, "staged MIG001=pass MIG002=unknown MIG004=unknown MIG008=unknown MIG009=unknown MIG006=pass MIG007=pass MIG011=unknown MIG012=unknown"},
		{"podsubnet-dynamic.json", ToOverlay, "new-cluster MIG003=fail+fix"},
		{"podsubnet-dynamic.json", ToCilium, "in-place MIG011=pass MIG010=pass MIG012=pass"},
		{"podsubnet-dynamic.json", ToPodSubnet, "at-target"},
		{"podsubnet-static.json", ToCilium, "in-place MIG011=pass MIG010=fail MIG012=pass blocked"},
		{"podsubnet-unknown.tf", ToCilium, "in-place MIG011=pass MIG010=unknown MIG012=pass"},
		{"podsubnet-unknown.tf", ToOverlay, "new-cluster MIG003=fail+fix"},
		{"overlay.json", ToOverlay, "at-target"},
		{"overlay.json", ToCilium, "in-place MIG011=pass MIG012=pass"},
		{"overlay.json", ToPodSubnet, "new-cluster"},
		{"overlay-cilium.json", ToCilium, "at-target"},
		{"overlay-cilium.json", ToOverlay, "at-target"},
	}
	seen := map[string]map[Status]bool{}
	for _, tt := range tests {
		t.Run(tt.file+"→"+string(tt.target), func(t *testing.T) {
			c, vs := readFixture(t, tt.file)
			p := PlanCluster(c, vs, Options{Target: tt.target})
			if d := cmp.Diff(tt.want, outcome(p)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			for _, ch := range p.Checks {
				if seen[ch.Code] == nil {
					seen[ch.Code] = map[Status]bool{}
				}
				seen[ch.Code][ch.Status] = true
			}
		})
	}
	// Every pre-check has fixtures for each outcome it can have: MIG003
	// only fails (it explains a new-cluster path) and MIG012 never fails
	// (Cilium replaces any engine).
	all := []Status{Pass, Fail, Unknown}
	want := map[string][]Status{CodePodSubnet: {Fail}, CodePolicyReplaced: {Pass, Unknown}}
	for _, code := range []string{CodeK8sVersion, CodePolicyEngine, CodeWindowsOverlay, CodeIdentity, CodePodCIDROverlap,
		CodePodCIDRSize, CodeAvailabilitySet, CodeDCsv2, CodeStaticBlock, CodeWindowsCilium} {
		want[code] = all
	}
	for code, sts := range want {
		for _, st := range sts {
			if !seen[code][st] {
				t.Errorf("no fixture where %s is %s", code, st)
			}
		}
	}
}

// TestSourcesInFactsSheet checks that every source a plan cites — checks,
// commands, disruption, readings, diagnostics — is a code of the facts
// sheet's legend ("derived" marks the plan's own conclusions).
func TestSourcesInFactsSheet(t *testing.T) {
	legend := corpustest.FactsLegend(t)
	legend["derived"] = true
	files, err := filepath.Glob(filepath.Join("testdata", "fixtures", "*"))
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, f := range files {
		name := filepath.Base(f)
		if name == "vnets.json" {
			continue
		}
		c, vs := readFixture(t, name)
		for _, tg := range Targets() {
			p := PlanCluster(c, vs, Options{Target: tg})
			var srcs []string
			for _, x := range p.Checks {
				srcs = append(srcs, x.Source)
			}
			for _, x := range p.Commands {
				srcs = append(srcs, x.Source)
			}
			for _, x := range append(p.Disruption, p.Readings...) {
				srcs = append(srcs, x.Source)
			}
			for _, x := range p.Stages {
				srcs = append(srcs, x.Source)
			}
			for _, d := range p.Diagnostics {
				srcs = append(srcs, d.Source)
			}
			for _, src := range srcs {
				for _, s := range strings.Split(src, ";") {
					if s = strings.TrimSpace(s); s != "" {
						seen++
						if !legend[s] {
							t.Errorf("%s → %s: source %q is not in the facts sheet legend", name, tg, s)
						}
					}
				}
			}
		}
	}
	if seen < 100 {
		t.Errorf("only %d sources checked", seen)
	}
}

package armtemplate

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// show renders a value for a summary: the value, "(default)" when a default
// filled it in, "?" when unknown and "-" when absent.
func show[T any](v aks.Value[T]) string {
	switch v.State {
	case aks.Set:
		return fmt.Sprint(v.V)
	case aks.Defaulted:
		return fmt.Sprint(v.V) + " (default)"
	case aks.Unknown:
		return "?"
	}
	return "-"
}

// summarize renders what the golden files check: per cluster the model,
// plugin/mode/dataplane/policy, pools with counts and max pods, CIDRs,
// outbound type and private cluster; the VNets; the diagnostics with lines.
func summarize(doc aks.Document) string {
	var b strings.Builder
	for _, c := range doc.Clusters {
		n := c.Network
		fmt.Fprintf(&b, "cluster %s (line %d) identity=%s\n", show(c.Name), c.Source.Line, show(c.Identity))
		fmt.Fprintf(&b, "  model=%s plugin=%s mode=%s dataplane=%s policy=%s\n",
			show(n.Model), show(n.Plugin), show(n.PluginMode), show(n.Dataplane), show(n.Policy))
		fmt.Fprintf(&b, "  podCIDR=%s serviceCIDR=%s dnsServiceIP=%s outbound=%s private=%s\n",
			show(n.PodCIDR), show(n.ServiceCIDR), show(n.DNSServiceIP), show(n.OutboundType), show(c.APIServer.Private))
		if a := c.APIServer.AuthorizedIPRanges; a.State != aks.Absent {
			fmt.Fprintf(&b, "  authorizedIPRanges=%s\n", show(a))
		}
		for _, p := range c.Pools {
			fmt.Fprintf(&b, "  pool %s: mode=%s count=%s maxCount=%s maxPods=%s os=%s subnet=%s\n",
				show(p.Name), show(p.Mode), show(p.Count), show(p.MaxCount), show(p.MaxPods), show(p.OS), show(p.Subnet))
			if p.SubnetID.State != aks.Absent {
				fmt.Fprintf(&b, "    vnetSubnetID=%s\n", show(p.SubnetID))
			}
		}
	}
	for _, v := range doc.VNets {
		fmt.Fprintf(&b, "vnet %s space=%v\n", v.Name, v.AddressSpace)
		for _, s := range v.Subnets {
			fmt.Fprintf(&b, "  subnet %s %v\n", s.Name, s.Prefixes)
		}
	}
	b.WriteString("diagnostics:\n")
	for _, d := range doc.Diagnostics {
		fmt.Fprintf(&b, "  line %d: %s %s: %s\n", d.Line, d.Severity, d.Code, d.Message)
	}
	return b.String()
}

// templates lists the corpus's ARM templates (not parameters files, not
// metadata or version files).
func templates(t testing.TB) (string, []string) {
	dir := corpustest.Dir(t, "azure", "arm-bicep")
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := d.Name()
		if d.IsDir() || !strings.HasSuffix(base, ".json") || strings.HasSuffix(base, ".parameters.json") ||
			base == "metadata.json" || base == "version.json" {
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir, files
}

// TestCorpusGolden compares a summary of every corpus template (and, where
// a conventional parameters file sits beside it, of the template read with
// it) with testdata/golden. These golden files were checked by hand against
// the templates: 201-private-aks-cluster, 101-aks-advanced-networking,
// 101-aks, PSRule Resources.AKS.Template.json (its agentPools for clusterC
// are orphans: clusterC is not declared), AVM ptn/azd/aks (the Standard
// system pool preset: 3 nodes, max 5, maxPods 30), AVM
// ptn/azd/aks-automatic-cluster (managedNATGateway, Kubernetes 1.33 so
// overlay by default), checkov aksNetworkPolicy-FAILED (Kubernetes 1.14.6 so
// kubenet), -FAILED2 (networkPolicy ""), -PASSED (calico) and
// aks-authIPRanges-supported-PASSED (enablePrivateCluster "false" is a
// string, reported as the wrong type).
func TestCorpusGolden(t *testing.T) {
	dir, files := templates(t)
	if len(files) < 20 {
		t.Fatalf("found %d templates under %s, want the whole corpus", len(files), dir)
	}
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc := Parse(rel, data)
			got := summarize(doc)
			// With the conventional parameters file beside the template,
			// the summary shows both readings.
			if pf := ParametersFileFor(f); pf != "" {
				if pdata, err := os.ReadFile(pf); err == nil {
					prel, _ := filepath.Rel(dir, pf)
					pdoc := ParseWithParameters(rel, data, prel, pdata)
					got += "\nwith " + filepath.Base(pf) + ":\n" + summarize(pdoc)
					doc.Diagnostics = append(doc.Diagnostics, pdoc.Diagnostics...)
				}
			}
			golden := filepath.Join("testdata", "golden", strings.ReplaceAll(rel, string(filepath.Separator), "__")+".txt")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden file (run go test -update): %v", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("summary mismatch (-want +got):\n%s", diff)
			}
			for _, d := range doc.Diagnostics {
				if d.Line <= 0 || d.File == "" {
					t.Errorf("diagnostic without a location: %v", d)
				}
			}
		})
	}
}

package terraform

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/corpustest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fv renders a value compactly: v@line when set, v(default) when defaulted,
// ?@line when unknown, - when absent.
func fv[T any](v aks.Value[T]) string {
	switch v.State {
	case aks.Set:
		return fmt.Sprintf("%v@%d", v.V, v.Origin.Line)
	case aks.Defaulted:
		return fmt.Sprintf("%v(default)", v.V)
	case aks.Unknown:
		if v.Origin.Line > 0 {
			return fmt.Sprintf("?@%d", v.Origin.Line)
		}
		return "?"
	}
	return "-"
}

func fvs[T any](vs []aks.Value[T]) string {
	var parts []string
	for _, v := range vs {
		parts = append(parts, fv(v))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// summarize renders a document as the golden summary: per cluster the
// address, model, plugin/mode/dataplane/policy, CIDRs, outbound type,
// private cluster and pools; the VNets; the diagnostics with file:line.
func summarize(doc aks.Document) string {
	var b strings.Builder
	for _, c := range doc.Clusters {
		n := c.Network
		fmt.Fprintf(&b, "cluster %s name=%s k8s=%s identity=%s source=%s:%d\n", c.Address, fv(c.Name), fv(c.KubernetesVersion), fv(c.Identity), filepath.Base(c.Source.File), c.Source.Line)
		fmt.Fprintf(&b, "  model=%s plugin=%s mode=%s dataplane=%s policy=%s\n", fv(n.Model), fv(n.Plugin), fv(n.PluginMode), fv(n.Dataplane), fv(n.Policy))
		fmt.Fprintf(&b, "  podCIDR=%s podCIDRs=%s serviceCIDR=%s dnsServiceIP=%s\n", fv(n.PodCIDR), fvs(n.PodCIDRs), fv(n.ServiceCIDR), fv(n.DNSServiceIP))
		fmt.Fprintf(&b, "  outbound=%s lbSku=%s private=%s authorizedIPRanges=%s vnetIntegration=%s\n", fv(n.OutboundType), fv(n.LoadBalancerSKU), fv(c.APIServer.Private), fv(c.APIServer.AuthorizedIPRanges), fv(c.APIServer.VNetIntegration))
		for _, p := range c.Pools {
			fmt.Fprintf(&b, "  pool %s mode=%s count=%s autoscale=%s min=%s max=%s maxPods=%s os=%s vm=%s subnet=%s podSubnet=%s surge=%s\n",
				fv(p.Name), fv(p.Mode), fv(p.Count), fv(p.AutoScaling), fv(p.MinCount), fv(p.MaxCount), fv(p.MaxPods), fv(p.OS), fv(p.VMSize), fv(p.Subnet), fv(p.PodSubnet), fv(p.MaxSurge))
		}
	}
	for _, v := range doc.VNets {
		fmt.Fprintf(&b, "vnet %s space=%v\n", v.Name, v.AddressSpace)
		for _, s := range v.Subnets {
			fmt.Fprintf(&b, "  subnet %s %v\n", s.Name, s.Prefixes)
		}
	}
	for _, d := range doc.Diagnostics {
		fmt.Fprintf(&b, "%s %s %s: %s\n", strings.TrimPrefix(d.Location(), doc.File+string(filepath.Separator)), d.Severity, d.Code, d.Message)
	}
	return b.String()
}

// corpusDirs returns every directory under root that holds .tf files,
// relative to root.
func corpusDirs(t testing.TB, root string) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".tf") {
			rel, _ := filepath.Rel(root, filepath.Dir(p))
			if !seen[rel] {
				seen[rel] = true
				out = append(out, rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readModule reads the .tf (and auto tfvars) files of one directory.
func readModule(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || !(strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tfvars")) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		files[n] = b
	}
	return files
}

func goldenName(rel string) string {
	return strings.ReplaceAll(rel, string(filepath.Separator), "__") + ".golden"
}

func TestCorpusGolden(t *testing.T) {
	root := corpustest.Dir(t, "terraform")
	dirs := corpusDirs(t, root)
	if len(dirs) == 0 {
		t.Fatal("no .tf directories in the corpus")
	}
	goldenDir, err := filepath.Abs(filepath.Join("testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	// Local module calls (source = "../..") are followed on disk relative to
	// the directory given, so the corpus root is the working directory and
	// paths in the summaries are relative to it.
	t.Chdir(root)
	for _, rel := range dirs {
		t.Run(rel, func(t *testing.T) {
			files := readModule(t, rel)
			doc := ParseDir(rel, files, nil)
			got := summarize(doc)
			checkGolden(t, filepath.Join(goldenDir, goldenName(rel)), got)
			for _, d := range doc.Diagnostics {
				if d.File == "" || d.Line == 0 {
					t.Errorf("diagnostic without file and line: %v", d)
				}
				if d.Hint == "" {
					t.Errorf("diagnostic without a hint: %v", d)
				}
			}
		})
	}
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
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
}

package cli

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/emu"
	"github.com/aksnet/aksnet/internal/sim"
	"github.com/google/go-cmp/cmp"
)

func TestLabUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad name", []string{"lab", "up", "--name", "Bad-Name"}, "LAB002"},
		{"bad name probe", []string{"lab", "probe", "--name", "x/y"}, "LAB002"},
		{"latency out of range", []string{"lab", "probe", "--latency", "-1"}, "LAB002"},
		{"latency too many", []string{"lab", "probe", "--latency", "100000"}, "LAB002"},
		{"name and all", []string{"lab", "down", "--all", "--name", "x"}, "not both"},
		{"bad output", []string{"lab", "status", "-o", "yaml"}, "invalid --output"},
		{"stray argument", []string{"lab", "up", "extra"}, "unknown command"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, tc.args...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d (stderr %q)", code, ExitUsage, errOut)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q lacks %q", errOut, tc.want)
			}
		})
	}
}

const (
	fixtureKubenet = "../audit/rules/testdata/AKSNET-001/fail.json" // kubenet, UDR, calico; node subnet unresolved
	fixtureOverlay = "../audit/rules/testdata/AKSNET-004/fail.tf"   // overlay with its VNet and node subnet
	fixtureCilium  = "../audit/rules/testdata/AKSNET-004/pass.tf"   // overlay with the cilium data plane
	fixturePods    = "../audit/rules/testdata/AKSNET-010/pass.tf"   // pod subnet with its VNet
	fixtureTwo     = "../audit/rules/testdata/AKSNET-016/pass.tf"   // two clusters
)

// TestLabClusterErrors: what --cluster can't build is a usage error with
// the reader's or simulator's diagnostics, found before the lab asks for
// root.
func TestLabClusterErrors(t *testing.T) {
	t.Setenv(emu.DirEnv, t.TempDir())
	kubenet, err := os.ReadFile(fixtureKubenet)
	if err != nil {
		t.Fatal(err)
	}
	weave := writeInput(t, "weave.json", strings.Replace(string(kubenet), `"kubenet"`, `"weave"`, 1))
	v6 := writeInput(t, "v6.json", strings.Replace(string(kubenet), `"10.244.0.0/16"`, `"fd00:10:244::/48"`, 1))
	overlap := writeInput(t, "overlap.json", strings.Replace(string(kubenet), `"serviceCidr": "10.0.0.0/16"`, `"serviceCidr": "10.244.0.0/16"`, 1))
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"missing file", []string{"--cluster", filepath.Join(t.TempDir(), "none.json")}, []string{"--cluster: error SIM009: reading", "no such file", "hint:"}},
		{"several clusters", []string{"--cluster", fixtureTwo}, []string{"--cluster-name: error SIM009:", "defines 2 clusters", "azurerm_kubernetes_cluster.main", "hint: choose one with --cluster-name"}},
		{"no such cluster", []string{"--cluster", fixtureTwo, "--cluster-name", "aks-third"}, []string{"--cluster-name: error SIM009:", "no cluster named aks-third", "hint: aksnet inspect"}},
		{"no cluster", []string{"--cluster", "../audit/rules/testdata/AKSNET-016/vnets.json"}, []string{"--cluster: error SIM009:", "defines no AKS cluster", "hint:"}},
		{"unknown model", []string{"--cluster", weave}, []string{"weave.json:27:24: warning READ105", "error SIM009: the cluster's networking model can't be resolved", "hint:"}},
		{"IPv6 pod CIDR", []string{"--cluster", v6}, []string{"error LAB002: pod CIDR fd00:10:244::/48: the lab is IPv4-only"}},
		{"ranges the simulator rejects", []string{"--cluster", overlap}, []string{"error SIM003", "10.244.0.0/16", "hint:"}},
		{"model and cluster", []string{"--cluster", fixtureKubenet, "--model", "kubenet"}, []string{"--model and --cluster exclude each other"}},
		{"outbound and cluster", []string{"--cluster", fixtureKubenet, "--outbound", "none"}, []string{"--outbound and --cluster exclude each other"}},
		{"name without cluster", []string{"--cluster-name", "aks-main"}, []string{"--cluster-name needs --cluster"}},
		{"too many pods", []string{"--cluster", fixtureKubenet, "--pods-per-node", "40"}, []string{"LAB002", "--pods-per-node 40"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, append([]string{"lab", "up", "--name", "errs"}, tc.args...)...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d (stderr %q)", code, ExitUsage, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if strings.Contains(errOut, "LAB001") {
				t.Errorf("the cluster was not checked before the privilege check:\n%s", errOut)
			}
		})
	}
}

// labSpecFromCLI derives lab up's spec for args as the command does.
func labSpecFromCLI(t *testing.T, args ...string) (emu.Spec, string, error) {
	t.Helper()
	var stderr strings.Builder
	d := &deps{streams: Streams{In: strings.NewReader(""), Out: io.Discard, Err: &stderr}}
	cmd := newLabUpCmd(d)
	if err := cmd.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	f := &labFlags{}
	fl := cmd.Flags()
	f.cluster, _ = fl.GetString("cluster")
	f.clusterName, _ = fl.GetString("cluster-name")
	f.nodes, _ = fl.GetInt("nodes")
	f.pods, _ = fl.GetInt("pods-per-node")
	f.nsg, _ = fl.GetStringArray("nsg")
	spec, err := labClusterSpec(d, f, fl.Changed)
	return spec, stderr.String(), err
}

// TestLabClusterSpecMatchesTrace: the spec lab up --cluster records,
// written to a state file and read back as probe reads it, rebuilds the
// topology and predictions aksnet trace --cluster --topology prints.
func TestLabClusterSpecMatchesTrace(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		stderr  string // a diagnostic lab up prints, with its location
		cluster string
	}{
		{"kubenet", []string{"--cluster", fixtureKubenet}, "AKSNET-001/fail.json:23:25: warning SIM009", fixtureKubenet},
		{"overlay", []string{"--cluster", fixtureOverlay}, "", fixtureOverlay},
		{"cilium", []string{"--cluster", fixtureCilium}, "", fixtureCilium},
		{"pod subnet", []string{"--cluster", fixturePods}, "", fixturePods},
		{"named", []string{"--cluster", fixtureTwo, "--cluster-name", "aks-second"}, "", fixtureTwo + " (aks-second)"},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec, stderr, err := labSpecFromCLI(t, tc.args...)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, stderr)
			}
			if spec.Cluster != tc.cluster {
				t.Errorf("spec.Cluster = %q, want %q", spec.Cluster, tc.cluster)
			}
			if err := emu.SaveState(dir, &emu.State{SchemaVersion: 1, Name: "match", Status: emu.StatusUp, Spec: spec}); err != nil {
				t.Fatal(err)
			}
			st, err := emu.LoadState(dir, "match")
			if err != nil {
				t.Fatal(err)
			}
			top, err := st.Spec.Topology()
			if err != nil {
				t.Fatal(err)
			}
			ex, err := sim.ExportFor(top)
			if err != nil {
				t.Fatal(err)
			}
			var lab, trace any
			b, err := ex.JSON()
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &lab); err != nil {
				t.Fatal(err)
			}
			targs := []string{"trace", "--topology"}
			targs = append(targs, tc.args...)
			out, errOut, code := runCLI(t, targs...)
			if code != ExitOK {
				t.Fatalf("trace: exit %d: %s", code, errOut)
			}
			if err := json.Unmarshal([]byte(out), &trace); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(trace, lab); d != "" {
				t.Errorf("topology and predictions (-trace +lab):\n%s", d)
			}
		})
	}
}

// TestLabClusterNodes: a cluster with more nodes than a lab runs is built
// with the first emu.MaxNodes and says so; --nodes chooses.
func TestLabClusterNodes(t *testing.T) {
	kubenet, err := os.ReadFile(fixtureKubenet)
	if err != nil {
		t.Fatal(err)
	}
	big := writeInput(t, "big.json", strings.Replace(string(kubenet), `"count": 3`, `"count": 20`, 1))
	tests := []struct {
		name   string
		args   []string
		nodes  int
		stderr string
	}{
		{"cluster's count", []string{"--cluster", fixtureKubenet}, 3, ""},
		{"clamped", []string{"--cluster", big}, emu.MaxNodes, "info LAB006: the cluster simulates 20 nodes; the lab runs the first 8"},
		{"chosen", []string{"--cluster", big, "--nodes", "2"}, 2, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec, stderr, err := labSpecFromCLI(t, tc.args...)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			if spec.Nodes != tc.nodes {
				t.Errorf("nodes = %d, want %d", spec.Nodes, tc.nodes)
			}
			if tc.stderr != "" && !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, stderr)
			}
			if tc.stderr == "" && strings.Contains(stderr, "LAB006") {
				t.Errorf("unexpected LAB006:\n%s", stderr)
			}
		})
	}
}

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/google/go-cmp/cmp"
)

// The -update flag may also be declared by other tests of this package;
// register it only once.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func traceUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func traceCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), Streams{In: strings.NewReader(""), Out: &out, Err: &errb}, append([]string{"trace"}, args...))
	if err != nil {
		errb.WriteString(err.Error())
	}
	return out.String(), errb.String(), exitCode(err)
}

func TestTraceGolden(t *testing.T) {
	cases := []struct {
		name string
		args []string
	}{
		{"kubenet-pod-vm.txt", []string{"--model", "kubenet", "--from", "pod:web@node1", "--to", "vm"}},
		{"nodesubnet-pod-onprem.json", []string{"--model", "azure-node-subnet", "--from", "pod", "--to", "onprem:192.168.10.5", "-o", "json"}},
		{"podsubnet-vm-pod-reverse.md", []string{"--model", "azure-pod-subnet", "--from", "pod@node2", "--to", "vm", "--reverse", "-o", "markdown"}},
		{"overlay-vm-pod.txt", []string{"--model", "azure-overlay", "--from", "vm", "--to", "pod@node2"}},
		{"cilium-pod-service.txt", []string{"--model", "cilium", "--from", "pod", "--to", "service:api"}},
		{"udr-pod-internet.txt", []string{"--model", "kubenet", "--outbound-type", "userDefinedRouting", "--from", "pod", "--to", "internet:203.0.113.10:443"}},
		{"block-pod-internet.txt", []string{"--model", "azure-overlay", "--outbound-type", "block", "--from", "pod", "--to", "internet"}},
		{"nsg-deny-peered.txt", []string{"--model", "azure-pod-subnet", "--nsg", "deny:out:*:10.50.0.0/16:443", "--from", "pod", "--to", "peered"}},
		{"policy-calico.txt", []string{"--model", "kubenet", "--network-policy", "calico", "--from", "pod:web@node1", "--to", "pod:web@node2"}},
		{"matrix-all.txt", []string{"--model", "all", "--matrix"}},
		{"matrix-overlay.md", []string{"--model", "azure-overlay", "--matrix", "-o", "markdown"}},
		{"matrix-two.json", []string{"--model", "kubenet,azure-pod-subnet", "--matrix", "-o", "json", "--nodes", "2"}},
		{"custom-vnet.txt", []string{"--model", "azure-node-subnet", "--vnet", "10.1.0.0/16", "--from", "vm:10.1.128.4", "--to", "pod@node2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := traceCLI(t, c.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			path := filepath.Join("testdata", "trace", c.name)
			if traceUpdate() {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if diff := cmp.Diff(string(want), out); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// TestTraceJSONContract checks the binding fields of trace -o json.
func TestTraceJSONContract(t *testing.T) {
	out, errs, code := traceCLI(t, "--model", "kubenet", "--from", "pod:web@node1", "--to", "peered:10.50.0.4", "-o", "json")
	if code != ExitOK {
		t.Fatal(errs)
	}
	var got struct {
		SchemaVersion int `json:"schemaVersion"`
		Source        struct {
			Kind, IP, NodeIP string
		} `json:"source"`
		Destination  struct{ Kind, IP string }         `json:"destination"`
		Reachable    bool                              `json:"reachable"`
		SeenSource   *string                           `json:"seenSource"`
		Attributable bool                              `json:"attributableToPod"`
		Hops         []struct{ Action, Detail string } `json:"hops"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.SchemaVersion != 1 || got.Source.Kind != "pod" || got.Source.IP != "10.244.0.2" || got.Source.NodeIP != "10.224.0.4" ||
		got.Destination.IP != "10.50.0.4" || !got.Reachable || got.SeenSource == nil || *got.SeenSource != "10.224.0.4" || got.Attributable {
		t.Errorf("contract fields: %+v", got)
	}
	for _, h := range got.Hops {
		if h.Action == "" || h.Detail == "" {
			t.Errorf("hop without action or detail: %+v", h)
		}
	}
	out, _, _ = traceCLI(t, "--model", "azure-overlay", "--from", "vm", "--to", "pod", "-o", "json")
	if !strings.Contains(out, `"seenSource": null`) || !strings.Contains(out, `"reachable": false`) {
		t.Errorf("unreachable flow: want seenSource null, got\n%s", out)
	}
}

func TestTraceTopologyExport(t *testing.T) {
	out, errs, code := traceCLI(t, "--model", "azure-overlay", "--nodes", "2", "--topology")
	if code != ExitOK {
		t.Fatal(errs)
	}
	var ex struct {
		SchemaVersion int
		Topology      struct{ Hosts []struct{ Name string } }
		Predictions   struct{ Flows []struct{ Verdict string } }
	}
	if err := json.Unmarshal([]byte(out), &ex); err != nil {
		t.Fatal(err)
	}
	if ex.SchemaVersion != 1 || len(ex.Topology.Hosts) == 0 || len(ex.Predictions.Flows) == 0 {
		t.Errorf("export: %+v", ex)
	}
}

func TestTraceUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no endpoints", []string{"--model", "kubenet"}, "give --from and --to"},
		{"bad endpoint", []string{"--from", "pods", "--to", "vm"}, "unknown kind"},
		{"unknown pod", []string{"--from", "pod@node9", "--to", "vm"}, "no pod web on node9"},
		{"bad model", []string{"--model", "flannel", "--from", "pod", "--to", "vm"}, "unknown model"},
		{"several models", []string{"--model", "all", "--from", "pod", "--to", "vm"}, "add --matrix"},
		{"overlap", []string{"--pod-cidr", "10.224.0.0/16", "--from", "pod", "--to", "vm"}, "SIM003"},
		{"forbidden pod cidr", []string{"--pod-cidr", "172.16.0.0/12", "--from", "pod", "--to", "vm"}, "reserved range"},
		{"vm outside vnet", []string{"--from", "vm:10.1.0.4", "--to", "pod"}, "outside the VNet"},
		{"vm in pod subnet", []string{"--model", "azure-pod-subnet", "--from", "vm:10.228.0.9", "--to", "pod"}, "DYN"},
		{"npm on kubenet", []string{"--model", "kubenet", "--network-policy", "azure", "--from", "pod", "--to", "vm"}, "does not work with kubenet"},
		{"cilium on kubenet", []string{"--model", "kubenet", "--network-policy", "cilium", "--from", "pod", "--to", "vm"}, "Cilium does not work with kubenet"},
		{"cilium policy without dataplane", []string{"--model", "azure-overlay", "--network-policy", "cilium", "--from", "pod", "--to", "vm"}, "requires networkDataplane=cilium"},
		{"bad nsg", []string{"--nsg", "deny:up:*:*", "--from", "pod", "--to", "vm"}, "direction"},
		{"bad outbound", []string{"--outbound-type", "satellite", "--from", "pod", "--to", "vm"}, "SIM006"},
		{"bad output", []string{"-o", "yaml", "--from", "pod", "--to", "vm"}, "invalid --output"},
		{"too many nodes", []string{"--nodes", "500", "--from", "pod", "--to", "vm"}, "SIM005"},
		{"matrix one node", []string{"--nodes", "1", "--matrix"}, "at least 2 nodes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := traceCLI(t, c.args...)
			if code != ExitUsage || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stderr %q; want exit %d containing %q", code, errs, ExitUsage, c.want)
			}
		})
	}
}

// TestTraceCluster simulates a cluster read from a real Terraform example.
func TestTraceCluster(t *testing.T) {
	dir := corpustest.Dir(t, "terraform", "hashicorp-terraform-provider-azurerm", "examples", "kubernetes", "egress-with-udr-kubenet")
	out, errs, code := traceCLI(t, "--cluster", dir, "--from", "pod", "--to", "internet", "-o", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Model      string  `json:"model"`
		SeenSource *string `json:"seenSource"`
		Hops       []struct{ Host string }
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	via := false
	for _, h := range r.Hops {
		via = via || h.Host == "firewall"
	}
	if r.Model != "kubenet" || r.SeenSource == nil || *r.SeenSource != "198.51.100.1" || !via {
		t.Errorf("kubenet behind a firewall: got %+v", r)
	}
	_, errs, code = traceCLI(t, "--cluster", filepath.Join(dir, "missing.tf"), "--matrix")
	if code != ExitUsage || !strings.Contains(errs, "--cluster") {
		t.Errorf("missing file: exit %d, %s", code, errs)
	}
}

// TestTraceClusterARM reads an ARM resource JSON example with several
// cluster bodies: the trace asks for one, then simulates the chosen one.
func TestTraceClusterARM(t *testing.T) {
	file := filepath.Join(corpustest.Dir(t, "azure", "managedclusters", "2026-07-01"), "ManagedClustersCreate_UserAssignedNATGateway.json")
	_, errs, code := traceCLI(t, "--cluster", file, "--matrix")
	if code != ExitUsage || !strings.Contains(errs, "--cluster-name") {
		t.Errorf("several clusters: exit %d, %s", code, errs)
	}
	out, errs, code := traceCLI(t, "--cluster", file, "--cluster-name", "request", "--from", "pod", "--to", "internet", "-o", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, `"host": "nat-gateway"`) || !strings.Contains(out, `"seenSource": "198.51.100.1"`) {
		t.Errorf("userAssignedNATGateway egress: %s", out)
	}
}

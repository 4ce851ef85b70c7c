package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/corpustest"
)

func TestCarve(t *testing.T) {
	podSubnet := []string{"carve", "--model", "azure-pod-subnet", "--pool", "name=sys,nodes=3", "--pool", "name=user,nodes=5,max=50,max-pods=63,surge=33%",
		"--vnet", "10.20.0.0/16", "--vnet-name", "spoke-7", "--used", "10.20.0.0/24", "--subnet-per-pool", "--apiserver-vnet-integration", "--private-cluster"}
	overlay := []string{"carve", "--model", "cilium", "--nodes", "3", "--max-nodes", "20", "--max-pods", "110",
		"--vnets", "testdata/carve/vnets.json", "--vnet-name", "spoke-1", "--headroom", "50%", "--name", "aks-prod", "--resource-group", "rg-prod", "--location", "swedencentral"}
	tests := []struct {
		name   string
		args   []string
		code   int
		golden string
	}{
		{"pod subnet table", podSubnet, ExitOK, "carve/pod-subnet.txt"},
		{"pod subnet json", append(podSubnet, "-o", "json"), ExitOK, "carve/pod-subnet.json"},
		{"pod subnet markdown", append(podSubnet, "-o", "markdown"), ExitOK, "carve/pod-subnet.md"},
		{"pod subnet az", append(podSubnet, "-o", "az"), ExitOK, "carve/pod-subnet.az.sh"},
		{"pod subnet terraform", append(podSubnet, "-o", "terraform"), ExitOK, "carve/pod-subnet.tf"},
		{"pod subnet bicep", append(podSubnet, "-o", "bicep"), ExitOK, "carve/pod-subnet.bicep"},
		{"pod subnet arm", append(podSubnet, "-o", "arm"), ExitOK, "carve/pod-subnet.arm.json"},
		{"overlay from inventory table", overlay, ExitOK, "carve/overlay.txt"},
		{"overlay json", append(overlay, "-o", "json"), ExitOK, "carve/overlay.json"},
		{"overlay az", append(overlay, "-o", "az"), ExitOK, "carve/overlay.az.sh"},
		{"overlay terraform", append(overlay, "-o", "terraform"), ExitOK, "carve/overlay.tf"},
		{"overlay bicep", append(overlay, "-o", "bicep"), ExitOK, "carve/overlay.bicep"},
		{"overlay arm", append(overlay, "-o", "arm"), ExitOK, "carve/overlay.arm.json"},
		{"kubenet", []string{"carve", "--model", "kubenet", "--nodes", "5", "--vnet", "172.16.0.0/20", "--avoid", "10.0.0.0/8", "-o", "json"}, ExitOK, "carve/kubenet.json"},
		{"node subnet short", []string{"carve", "--model", "azure-node-subnet", "--nodes", "40", "--max-pods", "30",
			"--vnet", "10.5.0.0/22", "--used", "10.5.0.0/24", "--used", "10.5.2.0/24"}, ExitFindings, "carve/short.txt"},
		{"node subnet short json", []string{"carve", "--model", "azure-node-subnet", "--nodes", "40", "--max-pods", "30",
			"--vnet", "10.5.0.0/22", "--used", "10.5.0.0/24", "--used", "10.5.2.0/24", "-o", "json"}, ExitFindings, "carve/short.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			golden(t, tt.golden, out)
		})
	}
}

func TestCarveJSONContract(t *testing.T) {
	out, errOut, code := run(t, "", "carve", "--model", "azure-overlay", "--nodes", "3", "--vnet", "10.10.0.0/16", "-o", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		SchemaVersion int                        `json:"schemaVersion"`
		Layout        map[string]json.RawMessage `json:"layout"`
		Diagnostics   []json.RawMessage          `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, k := range []string{"nodeSubnet", "podSubnet", "podCIDR", "serviceCIDR", "dnsServiceIP"} {
		got[k] = string(doc.Layout[k])
	}
	want := map[string]string{"nodeSubnet": `"10.10.0.0/28"`, "podSubnet": "null", "podCIDR": `"10.244.0.0/22"`,
		"serviceCIDR": `"10.0.0.0/16"`, "dnsServiceIP": `"10.0.0.10"`}
	if doc.SchemaVersion != 1 || doc.Diagnostics == nil {
		t.Errorf("schemaVersion %d, diagnostics %v", doc.SchemaVersion, doc.Diagnostics)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("layout (-want +got):\n%s", d)
	}
}

func TestCarveUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no model", []string{"carve", "--nodes", "3", "--vnet", "10.0.0.0/16"}, "--model"},
		{"no vnet", []string{"carve", "--model", "azure-overlay", "--nodes", "3"}, "--vnet"},
		{"bad headroom", []string{"carve", "--model", "azure-overlay", "--nodes", "3", "--vnet", "10.1.0.0/16", "--headroom", "lots"}, "--headroom"},
		{"bad used", []string{"carve", "--model", "azure-overlay", "--nodes", "3", "--vnet", "10.1.0.0/16", "--used", "10.1.0.1/24"}, "host bits"},
		{"ambiguous inventory", []string{"carve", "--model", "azure-overlay", "--nodes", "3", "--vnets", "testdata/carve/vnets.json"}, "--vnet-name"},
		{"unknown vnet", []string{"carve", "--model", "azure-overlay", "--nodes", "3", "--vnets", "testdata/carve/vnets.json", "--vnet-name", "x"}, "no VNet named"},
		{"bad name", []string{"carve", "--model", "azure-overlay", "--nodes", "3", "--vnet", "10.1.0.0/16", "--name", "a'b"}, "--name"},
		{"bad output", []string{"carve", "--model", "azure-overlay", "--nodes", "3", "--vnet", "10.1.0.0/16", "-o", "yaml"}, "--output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := run(t, "", tt.args...)
			if code != ExitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 mentioning %q", code, errOut, tt.want)
			}
		})
	}
}

func TestCarveDeploymentRefusedWhenShort(t *testing.T) {
	out, errOut, code := run(t, "", "carve", "--model", "azure-node-subnet", "--nodes", "40", "--vnet", "10.5.0.0/24", "-o", "terraform")
	if code != ExitFindings || out != "" || !strings.Contains(errOut, "CARVE002") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1, no deployment, CARVE002 explained", code, out, errOut)
	}
}

// TestCarveTerraformIsFormatted runs `terraform fmt -check` over the
// Terraform goldens when terraform is installed: the output is what
// terraform itself would write.
func TestCarveTerraformIsFormatted(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not installed")
	}
	files, _ := filepath.Glob("testdata/carve/*.tf")
	if len(files) == 0 {
		t.Fatal("no Terraform goldens")
	}
	for _, f := range files {
		cmd := exec.Command(tf, "fmt", "-check", "-diff", f)
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("terraform fmt -check %s: %v\n%s", f, err, out)
		}
	}
}

// TestCarveCorpus carves into the VNet of a real quickstart template, read
// in place: the node subnet must avoid its three subnets, and the pod and
// service CIDRs its whole 10.0.0.0/8.
func TestCarveCorpus(t *testing.T) {
	f := filepath.Join(corpustest.Dir(t, "azure", "arm-bicep", "azure-quickstart-templates-2021-fork", "201-private-aks-cluster"), "azuredeploy.json")
	out, errOut, code := run(t, "", "carve", "--model", "azure-overlay", "--nodes", "3", "--max-nodes", "10", "--vnets", f, "-o", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "carve/corpus-private-aks.json", out)
	_, errOut, code = run(t, "", "carve", "--model", "azure-overlay", "--nodes", "3", "--vnets", f, "-o", "terraform")
	if code != ExitUsage || !strings.Contains(errOut, "not a literal Azure name") {
		t.Errorf("deployment with the template's expression name: exit %d, %s", code, errOut)
	}
}

package migrate

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCommands(t *testing.T) {
	const fail = "az aks update --name aks-kubenet-fail --resource-group rg-aks "
	const pass = "az aks update --name aks-kubenet-pass --resource-group rg-aks "
	tests := []struct {
		file   string
		target Target
		want   []string
		// proposed is the proposed pod CIDR ("" for none).
		proposed string
	}{
		{"kubenet-fail.json", ToOverlay, []string{
			fail + "--network-policy none",
			fail + "--network-plugin azure --network-plugin-mode overlay --pod-cidr 10.244.0.0/16",
			fail + "--network-policy calico",
		}, "10.244.0.0/16"},
		// Cilium replaces Calico, so no engine comes back.
		{"kubenet-fail.json", ToCilium, []string{
			fail + "--network-policy none",
			fail + "--network-plugin azure --network-plugin-mode overlay --pod-cidr 10.244.0.0/16",
			fail + "--network-dataplane cilium",
		}, "10.244.0.0/16"},
		// kubenet's own pod CIDR passes and is kept (no --pod-cidr).
		{"kubenet-pass.json", ToCilium, []string{
			pass + "--network-plugin azure --network-plugin-mode overlay",
			pass + "--network-dataplane cilium",
		}, ""},
		// Node Subnet has no pod CIDR: the default is checked and passed.
		{"nodesubnet-windows.json", ToOverlay, []string{
			"az aks update --name aks-nodesubnet --resource-group rg-aks --network-plugin azure --network-plugin-mode overlay --pod-cidr 10.244.0.0/16",
		}, ""},
		// /23 is too small for 7 nodes: the proposal is the default's size,
		// clear of the current 10.244.0.0/23, so the best fit beside it.
		{"kubenet-small.json", ToOverlay, []string{
			"az aks update --name aks-kubenet-small --resource-group rg-aks --network-plugin azure --network-plugin-mode overlay --pod-cidr 10.245.0.0/16",
		}, "10.245.0.0/16"},
		// No resource id in Terraform: the resource group is a placeholder.
		{"kubenet-unknown.tf", ToOverlay, []string{
			"az aks update --name aks-kubenet-unknown --resource-group <resource-group> --network-plugin azure --network-plugin-mode overlay --pod-cidr 10.244.0.0/16",
		}, "10.244.0.0/16"},
		{"podsubnet-dynamic.json", ToCilium, []string{
			"az aks update --name aks-podsubnet --resource-group rg-aks --network-dataplane cilium",
		}, ""},
		{"overlay.json", ToPodSubnet, []string{
			"az aks create --name <new-cluster-name> --resource-group rg-aks --network-plugin azure --vnet-subnet-id <new-node-subnet-id> --pod-subnet-id <new-pod-subnet-id>",
			"deploy the workloads to the new cluster and verify them while the old cluster keeps serving",
			"shift traffic to the new cluster (DNS, Traffic Manager or Front Door weights), gradually",
			"az aks delete --name aks-overlay --resource-group rg-aks",
		}, ""},
		{"overlay.json", ToOverlay, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file+"→"+string(tt.target), func(t *testing.T) {
			c, vs := readFixture(t, tt.file)
			p := PlanCluster(c, vs, Options{Target: tt.target})
			var got []string
			for _, c := range p.Commands {
				got = append(got, c.Run)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("commands (-want +got):\n%s", d)
			}
			prop := ""
			if p.ProposedPodCIDR.IsValid() {
				prop = p.ProposedPodCIDR.String()
			}
			if prop != tt.proposed {
				t.Errorf("proposed pod CIDR = %q, want %q", prop, tt.proposed)
			}
			if p.Path != AtTarget && p.Rollback == "" {
				t.Error("no rollback note")
			}
		})
	}
}

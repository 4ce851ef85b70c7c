package terraform

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
)

// TestIdentity reads the cluster identity from HCL (identity block, a
// service_principal block, neither, an unresolvable type) and from plan JSON.
func TestIdentity(t *testing.T) {
	const cluster = `
variable "id_type" {
  type = string
}

resource "azurerm_kubernetes_cluster" "main" {
  name       = "aks"
  location   = "westeurope"
  dns_prefix = "aks"
  default_node_pool {
    name       = "system"
    node_count = 1
    vm_size    = "Standard_D4s_v5"
  }
%s
}
`
	tests := []struct {
		name, body string
		want       string // value@line, or state
	}{
		{"system", "  identity {\n    type = \"SystemAssigned\"\n  }", "systemAssigned@16"},
		{"user", "  identity {\n    type = \"userassigned\"\n    identity_ids = [\"/x\"]\n  }", "userAssigned@16"},
		{"service principal", "  service_principal {\n    client_id     = \"c\"\n    client_secret = \"s\"\n  }", "servicePrincipal@15"},
		{"neither", "", "absent"},
		{"unresolvable type", "  identity {\n    type = var.id_type\n  }", "unknown@16"},
		{"no type", "  identity {\n  }", "unknown@15"},
	}
	show := func(v aks.Value[aks.IdentityType]) string {
		switch v.State {
		case aks.Set:
			return fmt.Sprintf("%s@%d", v.V, v.Origin.Line)
		case aks.Unknown:
			return fmt.Sprintf("unknown@%d", v.Origin.Line)
		}
		return v.State.String()
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := ParseDir("m", map[string][]byte{"main.tf": fmt.Appendf(nil, cluster, tt.body)}, nil)
			if len(doc.Clusters) != 1 {
				t.Fatalf("%d clusters: %v", len(doc.Clusters), doc.Diagnostics)
			}
			if d := cmp.Diff(tt.want, show(doc.Clusters[0].Identity)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}

	plan := `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{
  "address": "azurerm_kubernetes_cluster.main", "mode": "managed", "type": "azurerm_kubernetes_cluster", "name": "main",
  "values": {"name": "aks", "default_node_pool": [{"name": "system", "node_count": 1}],
    "identity": [{"type": "UserAssigned", "identity_ids": ["/x"]}]}}]}}}`
	doc := ParsePlan("plan.json", []byte(plan))
	if len(doc.Clusters) != 1 {
		t.Fatalf("plan: %d clusters: %v", len(doc.Clusters), doc.Diagnostics)
	}
	if got := doc.Clusters[0].Identity; got.State != aks.Set || got.V != aks.IdentityUserAssigned {
		t.Errorf("plan identity = %+v", got)
	}
}

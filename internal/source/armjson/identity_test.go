package armjson_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/source/armjson"
)

// TestIdentity reads identity.type, falling back to a service principal's
// client id (not "msi", the marker of managed-identity clusters).
func TestIdentity(t *testing.T) {
	tests := []struct {
		name, extra string
		want        string
	}{
		{"system", `"identity": {"type": "SystemAssigned"},`, "systemAssigned /identity/type"},
		{"user", `"identity": {"type": "UserAssigned", "userAssignedIdentities": {"/x": {}}},`, "userAssigned /identity/type"},
		{"service principal", `"properties": {"servicePrincipalProfile": {"clientId": "11111111-2222"}},`, "servicePrincipal /properties/servicePrincipalProfile/clientId"},
		{"msi marker", `"identity": {"type": "SystemAssigned"}, "properties": {"servicePrincipalProfile": {"clientId": "msi"}},`, "systemAssigned /identity/type"},
		{"none with a service principal", `"identity": {"type": "None"}, "properties": {"servicePrincipalProfile": {"clientId": "c"}},`, "servicePrincipal /properties/servicePrincipalProfile/clientId"},
		{"none", `"identity": {"type": "None"},`, "none /identity/type"},
		{"neither", ``, "absent"},
		{"not a type", `"identity": {"type": "Both"},`, "unknown /identity/type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fmt.Sprintf(`{"type": "Microsoft.ContainerService/managedClusters", "name": "a", %s "location": "westeurope"}`, tt.extra)
			doc := armjson.Parse("a.json", []byte(in))
			if len(doc.Clusters) != 1 {
				t.Fatalf("%d clusters: %v", len(doc.Clusters), doc.Diagnostics)
			}
			v := doc.Clusters[0].Identity
			got := v.State.String()
			switch v.State {
			case aks.Set:
				got = fmt.Sprintf("%s %s", v.V, v.Origin.Path)
			case aks.Unknown:
				got = "unknown " + v.Origin.Path
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

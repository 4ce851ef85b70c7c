package rules

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
)

// TestMigrationBlockersVersion: only a version aks.ParseK8sVersion reads and
// finds below the Overlay migration minimum is a blocker; an unreadable one
// is left to the reader, not guessed.
func TestMigrationBlockersVersion(t *testing.T) {
	tests := []struct {
		version string
		want    []string
	}{
		{"1.26.3", []string{"upgrade Kubernetes 1.26.3 to 1.27 or later first (UPD)"}},
		{"v1.9.6", []string{"upgrade Kubernetes v1.9.6 to 1.27 or later first (UPD)"}},
		{"1.27", nil},
		{"1.31.2", nil},
		{"1.2abc", nil},
		{"1.-5", nil},
		{"01.20", nil},
		{"latest", nil},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			c := aks.Cluster{KubernetesVersion: aks.SetAt(tt.version, aks.Origin{File: "c.json", Line: 1})}
			if d := cmp.Diff(tt.want, migrationBlockers(&c)); d != "" {
				t.Errorf("migrationBlockers (-want +got):\n%s", d)
			}
		})
	}
}

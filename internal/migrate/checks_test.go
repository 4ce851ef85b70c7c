package migrate

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
)

// TestK8sCheck pins MIG001 to aks.ParseK8sVersion's grammar: versions it
// can't read are unknown, never guessed.
func TestK8sCheck(t *testing.T) {
	tests := []struct {
		version string // "" for absent
		want    Status
	}{
		{"1.27", Pass},
		{"1.26.3", Fail},
		{"v1.30.0", Pass},
		{"1.31.1-preview", Pass},
		{"1.9.6", Fail},
		{"", Unknown},
		{"latest", Unknown},
		{"1.026", Unknown},
		{"1.31.x", Unknown},
		{"1.27abc", Unknown},
		{"2.0", Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			c := cluster("c", "kubenet", "", nil, 3, "10.244.0.0/16")
			c.KubernetesVersion = aks.Value[string]{}
			if tt.version != "" {
				c.KubernetesVersion = aks.SetAt(tt.version, c.Source)
			}
			aks.ApplyDefaults(&c)
			p := PlanCluster(c, nil, Options{Target: ToOverlay})
			var got []Status
			for _, ch := range p.Checks {
				if ch.Code == CodeK8sVersion {
					got = append(got, ch.Status)
				}
			}
			if d := cmp.Diff([]Status{tt.want}, got); d != "" {
				t.Errorf("MIG001 for %q (-want +got):\n%s", tt.version, d)
			}
		})
	}
}

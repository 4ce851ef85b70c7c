package migrate

import "testing"

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in   string
		want Target
	}{
		{"azure-overlay", ToOverlay}, {"Overlay", ToOverlay}, {"cilium", ToCilium},
		{"azure-pod-subnet", ToPodSubnet}, {"pod-subnet", ToPodSubnet}, {"kubenet", ""}, {"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTarget(tt.in)
			if (err != nil) != (tt.want == "") {
				t.Errorf("err = %v", err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"azure-overlay", "cilium", "azure-pod-subnet", "pod-subnet", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseTarget(s)
		if err != nil {
			return
		}
		if back, err := ParseTarget(string(tg)); err != nil || back != tg {
			t.Fatalf("ParseTarget(%q) = %q does not parse back", s, tg)
		}
	})
}

package migrate

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for an error
	}{
		{"1.27", "1.27"},
		{"1.29.4", "1.29"},
		{"v1.30.0", "1.30"},
		{" 1.31.1-preview ", "1.31"},
		{"1.026", "1.26"},
		{"latest", ""},
		{"", ""},
		{"1", ""},
		{"2.0", ""},
		{"1.-3", ""},
		{"1.+3", ""},
		{"1.99999", ""},
		{"1..2", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, err := ParseVersion(tt.in)
			got := ""
			if err == nil {
				got = v.String()
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

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

func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"1.27", "v1.30.0", "1.31.1-preview", "latest", "", "1..", "1.9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseVersion(s)
		if err != nil {
			return
		}
		if v.Major != 1 || v.Minor < 0 || v.Minor > 9999 {
			t.Fatalf("ParseVersion(%q) = %v", s, v)
		}
		// The rendered version parses back to itself.
		w, err := ParseVersion(v.String())
		if err != nil || w != v {
			t.Fatalf("round trip of %q: %v, %v", s, w, err)
		}
	})
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

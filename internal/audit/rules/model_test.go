package rules

import (
	"fmt"
	"strings"
	"testing"
)

// sscanfMinor is k8sMinor's general path: the reference its fast path must match.
func sscanfMinor(v string) (int, bool) {
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	var major, minor int
	if _, err := fmt.Sscanf(v, "%d.%d", &major, &minor); err != nil || major != 1 {
		return 0, false
	}
	return minor, true
}

var k8sVersions = []string{
	"1.31.2", "1.31", "v1.27.0", " 1.26.3 ", "1.0031", "1.31-rc.1", "1.3a", "1.", "1", "2.1", "01.30", "1.-5", "1.+5",
	"1. 5", "1.3_1", "1._3", "1.123456789", "1.12345678", "1.99999999999999999999", "1.31.", "1.31_", "", "v", "latest",
}

func TestK8sMinor(t *testing.T) {
	for _, v := range k8sVersions {
		t.Run(v, func(t *testing.T) {
			gotN, gotOK := k8sMinor(v)
			wantN, wantOK := sscanfMinor(v)
			if gotN != wantN || gotOK != wantOK {
				t.Errorf("k8sMinor(%q) = %d, %t; want %d, %t", v, gotN, gotOK, wantN, wantOK)
			}
		})
	}
}

func FuzzK8sMinor(f *testing.F) {
	for _, v := range k8sVersions {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		gotN, gotOK := k8sMinor(v)
		if wantN, wantOK := sscanfMinor(v); gotN != wantN || gotOK != wantOK {
			t.Errorf("k8sMinor(%q) = %d, %t; want %d, %t", v, gotN, gotOK, wantN, wantOK)
		}
	})
}

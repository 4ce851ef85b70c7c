package ipplan

import (
	"strings"
	"testing"
)

// TestLowerOS checks the allocation-free lowering against strings.ToLower,
// including spellings that fold to linux or windows only under Unicode
// folding (the long s, the Kelvin sign, the dotted capital I).
func TestLowerOS(t *testing.T) {
	for _, os := range []string{"", "linux", "Linux", "LINUX", "windows", "Windows", "WINDOWS", "Windowſ", "windowſ",
		"LİNUX", "\u212Aernel", "Mariner", "AzureLinux", "linux ", "win"} {
		t.Run(os, func(t *testing.T) {
			if got, want := lowerOS(os), strings.ToLower(os); got != want {
				t.Errorf("lowerOS(%q) = %q, want %q", os, got, want)
			}
		})
	}
}

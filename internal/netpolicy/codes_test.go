package netpolicy

import (
	"os"
	"strings"
	"testing"
)

// TestCodesDocumented checks that every diagnostic code is listed in the
// package documentation with its severity.
func TestCodesDocumented(t *testing.T) {
	data, err := os.ReadFile("netpolicy.go")
	if err != nil {
		t.Fatal(err)
	}
	for code, sev := range map[string]string{CodeNamespace: "error", CodeSystemNamespace: "warning", CodeEngine: "error", CodeNoNamespace: "error"} {
		if !strings.Contains(string(data), "//\t"+code+"  "+sev) {
			t.Errorf("%s (%s) is not documented in the package comment", code, sev)
		}
	}
}

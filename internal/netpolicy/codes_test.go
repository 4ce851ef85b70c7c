package netpolicy

import (
	"testing"

	"github.com/aksnet/aksnet/internal/diag/diagtest"
)

// TestCodesDocumented checks that every diagnostic code is listed in the
// package documentation with its severity.
func TestCodesDocumented(t *testing.T) {
	sevs := map[string]string{CodeNamespace: "error", CodeSystemNamespace: "warning", CodeEngine: "error", CodeNoNamespace: "error"}
	var codes []string
	for c := range sevs {
		codes = append(codes, c)
	}
	table := diagtest.CheckTable(t, "netpolicy.go", "NPOL", codes)
	for c, sev := range sevs {
		if got := table.Severity(c); got != sev {
			t.Errorf("%s is documented as %q, want %s", c, got, sev)
		}
	}
}

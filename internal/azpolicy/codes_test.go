package azpolicy

import (
	"testing"

	"github.com/aksnet/aksnet/internal/diag/diagtest"
)

// TestCodesDocumented checks that every diagnostic code is listed in the
// package documentation as an error.
func TestCodesDocumented(t *testing.T) {
	table := diagtest.CheckTable(t, "azpolicy.go", "AZPOL", []string{CodeRuleSyntax, CodeUnknownAlias, CodeOption, CodeLength})
	for _, c := range table.Codes {
		if sev := table.Severity(c); sev != "error" {
			t.Errorf("%s is documented as %q, want an error", c, sev)
		}
	}
}

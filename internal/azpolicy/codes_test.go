package azpolicy

import (
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/diag/diagtest"
)

// TestCodesDocumented checks that every diagnostic code is listed in the
// package documentation as an error.
func TestCodesDocumented(t *testing.T) {
	table := diagtest.CheckTable(t, "azpolicy.go", "AZPOL", []string{CodeRuleSyntax, CodeUnknownAlias, CodeOption, CodeLength})
	for c, text := range table {
		if !strings.HasPrefix(text, "error ") {
			t.Errorf("%s is documented as %q, want an error", c, text)
		}
	}
}

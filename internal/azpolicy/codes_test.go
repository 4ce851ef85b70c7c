package azpolicy

import (
	"os"
	"strings"
	"testing"
)

// TestCodesDocumented checks that every diagnostic code is listed in the
// package documentation.
func TestCodesDocumented(t *testing.T) {
	data, err := os.ReadFile("azpolicy.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{CodeRuleSyntax, CodeUnknownAlias, CodeOption, CodeLength} {
		if !strings.Contains(string(data), "//\t"+c+"  error") {
			t.Errorf("%s is not documented in the package comment", c)
		}
	}
}

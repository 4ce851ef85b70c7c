package sim

import (
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/diag/diagtest"
)

// TestCodesDocumented: every diagnostic code is documented, unique and
// spelled SIMnnn.
func TestCodesDocumented(t *testing.T) {
	for _, c := range diagtest.CheckConsts(t, "codes.go", "SIM") {
		if !strings.HasPrefix(c.Doc, c.Name+":") {
			t.Errorf("%s has no doc comment starting with its name", c.Name)
		}
	}
}

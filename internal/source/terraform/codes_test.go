package terraform

import (
	"testing"

	"github.com/aksnet/aksnet/internal/diag/diagtest"
)

// TestCodesStable checks that every diagnostic code in codes.go is TF plus
// three digits, unique, and documented.
func TestCodesStable(t *testing.T) {
	consts := diagtest.CheckConsts(t, "codes.go", "TF")
	for _, c := range consts {
		if c.Doc == "" {
			t.Errorf("%s has no doc comment", c.Name)
		}
	}
	if len(consts) < 10 {
		t.Fatalf("found only %d codes", len(consts))
	}
}

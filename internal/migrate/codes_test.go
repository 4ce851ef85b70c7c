package migrate

import (
	"testing"

	"github.com/aksnet/aksnet/internal/diag/diagtest"
)

// TestCodesStable checks that every code is MIG and three digits, unique,
// and documented in the table at the top of codes.go.
func TestCodesStable(t *testing.T) {
	diagtest.CheckTable(t, "codes.go", "MIG", Codes())
}

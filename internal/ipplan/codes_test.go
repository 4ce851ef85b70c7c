package ipplan

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/diag/diagtest"
)

// TestCodesDocumented checks that every planner code is PLAN and three
// digits, unique, and documented in the table at the top of codes.go, in
// order and with its severity.
func TestCodesDocumented(t *testing.T) {
	table := diagtest.CheckTable(t, "codes.go", "PLAN", Codes())
	if diff := cmp.Diff(Codes(), table.Codes); diff != "" {
		t.Errorf("documented codes (-constants +doc):\n%s", diff)
	}
	for _, c := range table.Codes {
		if table.Severity(c) == "" {
			t.Errorf("%s is documented as %q, without a severity", c, table.Text[c])
		}
	}
}

// TestCarveCodesDocumented checks that every carve code is CARVE and three
// digits, unique, distinct from the planner's, and documented in
// carve_codes.go with its severity.
func TestCarveCodesDocumented(t *testing.T) {
	table := diagtest.CheckTable(t, "carve_codes.go", "CARVE", CarveCodes())
	planner := map[string]bool{}
	for _, c := range Codes() {
		planner[c] = true
	}
	for _, c := range CarveCodes() {
		if planner[c] {
			t.Errorf("code %s is a planner code too", c)
		}
		if table.Severity(c) == "" {
			t.Errorf("%s is documented as %q, without a severity", c, table.Text[c])
		}
	}
}

package migrate

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestCodesStable checks that every code is MIG and three digits, unique,
// and documented in the table at the top of codes.go.
func TestCodesStable(t *testing.T) {
	src, err := os.ReadFile("codes.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^MIG\d{3}$`)
	seen := map[string]bool{}
	for _, c := range Codes() {
		if !re.MatchString(c) {
			t.Errorf("%q: want MIG and three digits", c)
		}
		if seen[c] {
			t.Errorf("%s listed twice", c)
		}
		seen[c] = true
		if !strings.Contains(string(src), "//\t"+c+" ") {
			t.Errorf("%s is not documented in codes.go", c)
		}
	}
	if n := strings.Count(string(src), `= "MIG`); n != len(seen) {
		t.Errorf("codes.go declares %d codes, Codes() lists %d", n, len(seen))
	}
}

// Package corpustest locates the shared corpus of real-world inputs that
// tests read in place: the "shared" folder beside the repository root
// (overridable with AKSNET_SHARED).
package corpustest

import (
	"os"
	"path/filepath"
	"testing"
)

// SharedDir returns the shared folder, or "" when it can't be found.
func SharedDir() string {
	if d := os.Getenv("AKSNET_SHARED"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			s := filepath.Join(filepath.Dir(dir), "shared")
			if st, err := os.Stat(s); err == nil && st.IsDir() {
				return s
			}
			return ""
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// Dir returns shared/corpus/<rel...>. When the corpus is missing the test
// fails under CI (CI=true) and is skipped elsewhere.
func Dir(t testing.TB, rel ...string) string {
	t.Helper()
	s := SharedDir()
	if s == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("shared corpus not found beside the repository (set AKSNET_SHARED)")
		}
		t.Skip("shared corpus not found beside the repository (set AKSNET_SHARED)")
	}
	return filepath.Join(append([]string{s, "corpus"}, rel...)...)
}

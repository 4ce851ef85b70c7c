package cli

import (
	"strings"
	"testing"
)

func TestLabUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad name", []string{"lab", "up", "--name", "Bad-Name"}, "LAB002"},
		{"bad name probe", []string{"lab", "probe", "--name", "x/y"}, "LAB002"},
		{"latency out of range", []string{"lab", "probe", "--latency", "-1"}, "LAB002"},
		{"latency too many", []string{"lab", "probe", "--latency", "100000"}, "LAB002"},
		{"name and all", []string{"lab", "down", "--all", "--name", "x"}, "not both"},
		{"bad output", []string{"lab", "status", "-o", "yaml"}, "invalid --output"},
		{"stray argument", []string{"lab", "up", "extra"}, "unknown command"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, tc.args...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d (stderr %q)", code, ExitUsage, errOut)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q lacks %q", errOut, tc.want)
			}
		})
	}
}

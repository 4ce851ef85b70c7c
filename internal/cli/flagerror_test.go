package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// TestFlagErrorPointsToHelp checks that a flag error exits 2 and ends with
// a pointer to the help of the command that rejected it.
func TestFlagErrorPointsToHelp(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "unknown flag: --bogus\nRun 'aksnet --help' for usage."},
		{[]string{"plan", "--nodez", "3"}, "unknown flag: --nodez\nRun 'aksnet plan --help' for usage."},
		{[]string{"audit", "--fail-on"}, "flag needs an argument: --fail-on\nRun 'aksnet audit --help' for usage."},
		{[]string{"trace", "--nodes", "many"}, "invalid argument \"many\" for \"--nodes\" flag: strconv.ParseInt: parsing \"many\": invalid syntax\nRun 'aksnet trace --help' for usage."},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := RunWith(context.Background(), Streams{In: strings.NewReader(""), Out: &out, Err: &errOut}, tt.args, Options{})
			if code := exitCode(err); code != ExitUsage {
				t.Errorf("exit %d, want %d (err %v)", code, ExitUsage, err)
			}
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %q, want %q", err, tt.want)
			}
			var fe *flagError
			if !errors.As(err, &fe) || fe.Unwrap() == nil {
				t.Errorf("error %v does not wrap the flag error", err)
			}
		})
	}
}

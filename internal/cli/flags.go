package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// outputFlag is the shared -o/--output flag.
type outputFlag struct {
	value   string
	allowed []string
}

// addOutputFlag adds -o/--output with the given formats; the first is the default.
func addOutputFlag(cmd *cobra.Command, o *outputFlag, formats ...string) {
	o.allowed = formats
	o.value = formats[0]
	cmd.Flags().StringVarP(&o.value, "output", "o", formats[0], "output format: "+strings.Join(formats, "|"))
	_ = cmd.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return formats, cobra.ShellCompDirectiveNoFileComp
	})
}

// get validates and returns the chosen format.
func (o *outputFlag) get() (string, error) {
	v := strings.ToLower(o.value)
	if !slices.Contains(o.allowed, v) {
		return "", usageErrorf("invalid --output %q: want one of %s", o.value, strings.Join(o.allowed, ", "))
	}
	return v, nil
}

// usageErrorf returns an exit-2 error.
func usageErrorf(format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...)}
}

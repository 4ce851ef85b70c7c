// Package cli is aksnet's command tree. It is a thin client of the library
// packages: each verb parses its flags, calls one library function and hands
// the result to a view in package render. Tests call Run in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// Exit codes, documented in the root command's help.
const (
	ExitOK       = 0 // success, no findings at or above --fail-on
	ExitFindings = 1 // findings or plan errors at or above the failure threshold
	ExitUsage    = 2 // usage or input error
	ExitInternal = 3 // internal error
)

// Streams are the standard streams a command reads and writes.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// deps is what every command constructor receives.
type deps struct {
	streams Streams
	// now is the clock; tests pin it.
	now func() time.Time
}

// ExitError carries an exit code. Its message (when non-empty) is printed to
// standard error by Main.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// flagError is a flag parsing error followed by a pointer to the command's
// help.
type flagError struct {
	err error
	cmd string // command path, e.g. "aksnet plan"
}

func (e *flagError) Error() string {
	return e.err.Error() + "\nRun '" + e.cmd + " --help' for usage."
}

func (e *flagError) Unwrap() error { return e.err }

// exitCode returns the code of err: 0 for nil, the code of an *ExitError, and
// ExitUsage for any other error (flag, argument and input problems).
func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var e *ExitError
	if errors.As(err, &e) {
		return e.Code
	}
	return ExitUsage
}

// findings returns an error that sets exit code 1 without printing a message.
func findings() error { return &ExitError{Code: ExitFindings} }

// internalErr marks err as an internal failure (exit 3).
func internalErr(err error) error { return &ExitError{Code: ExitInternal, Err: err} }

// Options let tests and embedders pin the clock.
type Options struct {
	Now func() time.Time
}

// Run executes aksnet with args (without the program name) and returns the
// error that decides the exit code; it never calls os.Exit.
func Run(ctx context.Context, streams Streams, args []string) error {
	return RunWith(ctx, streams, args, Options{})
}

// RunWith is Run with options.
func RunWith(ctx context.Context, streams Streams, args []string, opts Options) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = internalErr(fmt.Errorf("internal error: %v\n%s", r, debug.Stack()))
		}
	}()
	d := &deps{streams: streams, now: opts.Now}
	if d.now == nil {
		d.now = time.Now
	}
	root := newRootCmd(d)
	root.SetArgs(args)
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.Err)
	return root.ExecuteContext(ctx)
}

// Main runs aksnet as a process and exits.
func Main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := Run(ctx, Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, os.Args[1:])
	stop()
	code := exitCode(err)
	if err != nil {
		var e *ExitError
		if !errors.As(err, &e) || e.Err != nil {
			fmt.Fprintln(os.Stderr, "aksnet:", err)
		}
	}
	os.Exit(code)
}

const rootLong = `aksnet answers AKS networking questions offline and exactly: how many
addresses each networking model needs (plan) and where they go in a VNet
(carve), which model fits (recommend), what a fleet's definitions hold
(inspect) and risk (audit), how to migrate each cluster (migrate), which
Azure Policy and NetworkPolicy keep the fleet there (guardrails), and what
each model does to a packet (trace), checked against real packets in network
namespaces (lab).

Exit codes:
  0  success
  1  findings or plan errors at or above the failure threshold
  2  usage or input error
  3  internal error`

func newRootCmd(d *deps) *cobra.Command {
	root := &cobra.Command{
		Use:           "aksnet",
		Short:         "Plan, audit and explain Azure Kubernetes Service networking",
		Long:          rootLong,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &ExitError{Code: ExitUsage, Err: &flagError{err: err, cmd: c.CommandPath()}}
	})
	for _, c := range commands(d) {
		root.AddCommand(c)
	}
	return root
}

// commands lists every verb; one constructor per verb.
func commands(d *deps) []*cobra.Command {
	return []*cobra.Command{
		newVersionCmd(d),
		newInspectCmd(d),
		newPlanCmd(d),
		newCarveCmd(d),
		newRecommendCmd(d),
		newTraceCmd(d),
		newAuditCmd(d),
		newMigrateCmd(d),
		newGuardrailsCmd(d),
		newLabCmd(d),
	}
}

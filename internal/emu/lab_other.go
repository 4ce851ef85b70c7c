//go:build !linux

package emu

import (
	"context"
	"fmt"
	"runtime"
	"time"
)

// ErrExists reports a lab that is already up (or left behind).
var ErrExists = fmt.Errorf("lab exists")

// ProbeOptions bound a probe run; see the Linux build.
type ProbeOptions struct {
	Tries    int
	Timeout  time.Duration
	Latency  int
	Port     uint16
	Parallel int
	AllPairs bool
}

// MaxLatency bounds --latency.
const MaxLatency = 1000

func unsupported() error { return fmt.Errorf("%w (this is %s)", ErrUnsupported, runtime.GOOS) }

// Supported reports that the lab cannot run on this OS.
func Supported() error { return unsupported() }

// Up is not available on this OS.
func Up(context.Context, string, string, Spec) (*State, *Plan, error) { return nil, nil, unsupported() }

// Down is not available on this OS.
func Down(string, string) ([]string, error) { return nil, unsupported() }

// Labs is not available on this OS.
func Labs(string) ([]LabInfo, error) { return nil, unsupported() }

// Probe is not available on this OS.
func Probe(context.Context, string, string, ProbeOptions) (*Report, error) { return nil, unsupported() }

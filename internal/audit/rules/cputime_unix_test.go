//go:build unix

package rules

import (
	"syscall"
	"time"
)

// cpuTime is the process's user plus system CPU time so far; benchmarks use
// it beside wall time, which other load on the machine inflates.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

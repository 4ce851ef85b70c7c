//go:build !unix

package rules

import "time"

// cpuTime is not measured here: the CPU-time metrics are left out.
func cpuTime() time.Duration { return 0 }

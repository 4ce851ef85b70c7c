package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkProcessPlan measures aksnet from process start to output: it
// builds the binary once, then runs the README's plan command per iteration.
func BenchmarkProcessPlan(b *testing.B) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		b.Skipf("no go command on PATH: %v", err)
	}
	bin := filepath.Join(b.TempDir(), "aksnet")
	if out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Skipf("building aksnet: %v\n%s", err, out)
	}
	args := []string{"plan", "--model", "azure-node-subnet", "--nodes", "50", "--max-pods", "30", "--max-surge", "1"}
	for b.Loop() {
		if out, err := exec.Command(bin, args...).Output(); err != nil || len(out) == 0 {
			b.Fatalf("aksnet %v: %v", args, err)
		}
	}
}

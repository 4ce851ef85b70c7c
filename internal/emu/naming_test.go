package emu

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNaming(t *testing.T) {
	for _, tc := range []struct {
		lab, host, ns string
	}{
		{"lab", "web@node1", "aksnet-lab-web-node1"},
		{"lab", "fabric", "aksnet-lab-fabric"},
		{"k8s2", "lb-outbound", "aksnet-k8s2-lb-outbound"},
		{"lab", "Node_1", "aksnet-lab-node-1"},
	} {
		if got := Namespace(tc.lab, tc.host); got != tc.ns {
			t.Errorf("Namespace(%q, %q) = %q, want %q", tc.lab, tc.host, got, tc.ns)
		}
		if lab, ok := LabOf(tc.ns); !ok || lab != tc.lab {
			t.Errorf("LabOf(%q) = %q, %t", tc.ns, lab, ok)
		}
	}
	for _, ns := range []string{"lab-web", "aksnet-", "aksnet-lab", "aksnet-Lab-x", "other-lab-x"} {
		if lab, ok := LabOf(ns); ok {
			t.Errorf("LabOf(%q) = %q, want no lab", ns, lab)
		}
	}
	var bad []string
	for _, n := range []string{"", "a", "lab1", "abcdefghijklmnop", "abcdefghijklmnopq", "1lab", "la-b", "Lab", "la b", "../x"} {
		if ValidName(n) != nil {
			bad = append(bad, n)
		}
	}
	if d := cmp.Diff([]string{"", "abcdefghijklmnopq", "1lab", "la-b", "Lab", "la b", "../x"}, bad); d != "" {
		t.Errorf("invalid names (-want +got):\n%s", d)
	}
}

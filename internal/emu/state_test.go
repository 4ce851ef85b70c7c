package emu

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestStateRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lab")
	st := &State{SchemaVersion: 1, Name: "lab1", Status: StatusBuilding, Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), PID: 42,
		Spec: Spec{Model: "kubenet", OutboundType: "loadBalancer", Nodes: 2, PodsPerNode: 2}, Namespaces: []string{"aksnet-lab1-switch", "aksnet-lab1-node1"}}
	if err := SaveState(dir, st); err != nil {
		t.Fatal(err)
	}
	got, err := LoadState(dir, "lab1")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(st, got, cmpopts.EquateComparable(netip.Prefix{})); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	names, err := StateNames(dir)
	if err != nil || !cmp.Equal(names, []string{"lab1"}) {
		t.Errorf("StateNames = %v, %v", names, err)
	}
	if err := RemoveState(dir, "lab1"); err != nil {
		t.Fatal(err)
	}
	if err := RemoveState(dir, "lab1"); err != nil {
		t.Errorf("removing a missing state: %v", err)
	}
	if _, err := LoadState(dir, "lab1"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadState after remove = %v", err)
	}
	if names, err := StateNames(filepath.Join(dir, "none")); err != nil || names != nil {
		t.Errorf("StateNames of a missing dir = %v, %v", names, err)
	}
}

func TestParseStateRejects(t *testing.T) {
	for name, in := range map[string]string{
		"not json":          `{`,
		"schema":            `{"schemaVersion":2,"name":"lab","namespaces":[]}`,
		"bad name":          `{"schemaVersion":1,"name":"../etc","namespaces":[]}`,
		"foreign namespace": `{"schemaVersion":1,"name":"lab","namespaces":["aksnet-other-node1"]}`,
		"host namespace":    `{"schemaVersion":1,"name":"lab","namespaces":["default"]}`,
		"path":              `{"schemaVersion":1,"name":"lab","namespaces":["aksnet-lab-../../x"]}`,
		"bare prefix":       `{"schemaVersion":1,"name":"lab","namespaces":["aksnet-lab-"]}`,
	} {
		if _, err := ParseState([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestLoadStateNameMismatch(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(StatePath(dir, "one"), []byte(`{"schemaVersion":1,"name":"two","namespaces":["aksnet-two-x"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadState(dir, "one"); err == nil {
		t.Error("a state file naming another lab was accepted")
	}
}

func TestStateDir(t *testing.T) {
	t.Setenv(DirEnv, "")
	if got := StateDir(""); got != DefaultDir {
		t.Errorf("StateDir() = %q", got)
	}
	t.Setenv(DirEnv, "/tmp/x")
	if got := StateDir(""); got != "/tmp/x" {
		t.Errorf("StateDir() with env = %q", got)
	}
	if got := StateDir("/d"); got != "/d" {
		t.Errorf("StateDir(/d) = %q", got)
	}
}

// FuzzParseState: a state file decides what Down deletes, so whatever it
// holds, parsing never panics and an accepted file names only namespaces
// under its own lab's prefix.
func FuzzParseState(f *testing.F) {
	f.Add([]byte(`{"schemaVersion":1,"name":"lab","status":"up","namespaces":["aksnet-lab-node1"]}`))
	f.Add([]byte(`{"schemaVersion":1,"name":"lab","namespaces":["aksnet-lab2-node1"]}`))
	f.Add([]byte(`{"schemaVersion":1,"name":"a","namespaces":null}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"schemaVersion":1,"name":"c","spec":{"model":"azure-overlay","dataplane":"cilium","networkPolicy":"cilium","outboundType":"userDefinedRouting",` +
		`"nodes":3,"podsPerNode":2,"maxPods":30,"vnet":"10.1.0.0/16","nodeSubnet":"10.1.0.0/24","podCIDR":"10.244.0.0/16","serviceCIDR":"10.0.0.0/16"},"namespaces":[]}`))
	f.Add([]byte(`{"schemaVersion":1,"name":"c","spec":{"model":"azure-pod-subnet","outboundType":"none","nodes":2,"podsPerNode":2,"vnet":"20.1.0.0/30","podSubnet":"::/0"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseState(b)
		if err != nil {
			return
		}
		// probe rebuilds the topology from whatever spec the file holds:
		// an error is fine, a panic is not.
		_, _ = s.Spec.Topology()
		for _, ns := range s.Namespaces {
			lab, ok := LabOf(ns)
			if !ok || lab != s.Name {
				t.Errorf("accepted namespace %q for lab %q", ns, s.Name)
			}
		}
	})
}

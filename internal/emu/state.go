package emu

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// DefaultDir is where lab state files live unless AKSNET_LAB_DIR or an
// explicit directory says otherwise.
const DefaultDir = "/run/aksnet/lab"

// DirEnv overrides DefaultDir.
const DirEnv = "AKSNET_LAB_DIR"

// StateDir returns dir, else $AKSNET_LAB_DIR, else DefaultDir.
func StateDir(dir string) string {
	if dir != "" {
		return dir
	}
	if d := os.Getenv(DirEnv); d != "" {
		return d
	}
	return DefaultDir
}

// Lab states.
const (
	StatusBuilding = "building"
	StatusUp       = "up"
)

// Spec is what a lab was built from; a probe rebuilds the same topology
// from it (the simulator is deterministic).
//
// A lab built from a cluster definition records everything the simulator
// took from it (data plane, policy engine, maxPods and the address ranges),
// so probe rebuilds the identical topology without the file. Zero fields
// take the simulator's defaults, which is what a lab built from flags (and
// every state file written before these fields existed) relies on.
type Spec struct {
	Model      string `json:"model"`
	Allocation string `json:"allocation,omitempty"`
	// Dataplane and NetworkPolicy, when set, replace the model's data
	// plane and network-policy engine.
	Dataplane     string `json:"dataplane,omitempty"`
	NetworkPolicy string `json:"networkPolicy,omitempty"`
	OutboundType  string `json:"outboundType"`
	Nodes         int    `json:"nodes"`
	PodsPerNode   int    `json:"podsPerNode"`
	// MaxPods is the nodes' maxPods (zero: the model's default).
	MaxPods int `json:"maxPods,omitempty"`
	// NSG are NSG rules in aksnet trace's --nsg syntax.
	NSG []string `json:"nsg,omitempty"`
	// The address ranges; zero ranges take the simulator's defaults.
	VNet        netip.Prefix `json:"vnet,omitzero"`
	NodeSubnet  netip.Prefix `json:"nodeSubnet,omitzero"`
	PodSubnet   netip.Prefix `json:"podSubnet,omitzero"`
	PodCIDR     netip.Prefix `json:"podCIDR,omitzero"`
	ServiceCIDR netip.Prefix `json:"serviceCIDR,omitzero"`
	Peered      netip.Prefix `json:"peered,omitzero"`
	// Cluster names the definition the lab was built from: the input and
	// the cluster's name. It is a label only; nothing is read from it.
	Cluster string `json:"cluster,omitempty"`
}

// State is a lab's record. It is written before any namespace exists and
// lists every namespace the lab will create.
type State struct {
	SchemaVersion int       `json:"schemaVersion"`
	Name          string    `json:"name"`
	Status        string    `json:"status"`
	Created       time.Time `json:"created"`
	PID           int       `json:"pid"`
	Spec          Spec      `json:"spec"`
	Namespaces    []string  `json:"namespaces"`
}

// StatePath is the state file of lab name under dir.
func StatePath(dir, name string) string { return filepath.Join(dir, name+".json") }

// SaveState writes s atomically (temporary file, then rename).
func SaveState(dir string, s *State) error {
	if err := ValidName(s.Name); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating lab directory: %w", err)
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding lab state: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+s.Name+"-*.tmp")
	if err != nil {
		return fmt.Errorf("writing lab state: %w", err)
	}
	_, werr := tmp.Write(append(b, '\n'))
	if err := errors.Join(werr, tmp.Sync(), tmp.Close()); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing lab state: %w", err)
	}
	if err := os.Rename(tmp.Name(), StatePath(dir, s.Name)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing lab state: %w", err)
	}
	return nil
}

// ParseState decodes a state file and checks that it names only
// namespaces of its own lab, so a damaged or foreign file can never make
// Down delete anything else.
func ParseState(b []byte) (*State, error) {
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("decoding lab state: %w", err)
	}
	if s.SchemaVersion != 1 {
		return nil, fmt.Errorf("lab state: schemaVersion %d, want 1", s.SchemaVersion)
	}
	if err := ValidName(s.Name); err != nil {
		return nil, fmt.Errorf("lab state: %w", err)
	}
	for _, ns := range s.Namespaces {
		if !strings.HasPrefix(ns, Prefix(s.Name)) || strings.ContainsAny(ns, "/\x00") || ns == Prefix(s.Name) {
			return nil, fmt.Errorf("lab state of %s lists namespace %q outside its prefix %s", s.Name, ns, Prefix(s.Name))
		}
	}
	return &s, nil
}

// LoadState reads lab name's state file; it reports os.ErrNotExist when
// there is none.
func LoadState(dir, name string) (*State, error) {
	if err := ValidName(name); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(StatePath(dir, name))
	if err != nil {
		return nil, err
	}
	s, err := ParseState(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", StatePath(dir, name), err)
	}
	if s.Name != name {
		return nil, fmt.Errorf("%s: names lab %q", StatePath(dir, name), s.Name)
	}
	return s, nil
}

// RemoveState deletes lab name's state file; a missing file is no error.
func RemoveState(dir, name string) error {
	if err := os.Remove(StatePath(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing lab state: %w", err)
	}
	return nil
}

// StateNames lists the labs with a state file under dir, sorted.
func StateNames(dir string) ([]string, error) {
	es, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading lab directory: %w", err)
	}
	var out []string
	for _, e := range es {
		n, ok := strings.CutSuffix(e.Name(), ".json")
		if ok && !e.IsDir() && ValidName(n) == nil {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, nil
}

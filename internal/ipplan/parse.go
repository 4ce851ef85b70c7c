package ipplan

import (
	"fmt"
	"strconv"
	"strings"
)

// Bounds on parsed inputs. They keep the arithmetic far from integer overflow;
// anything past them is far beyond every AKS limit and is rejected as input.
const (
	// maxInputNodes bounds a pool's node count and maximum.
	maxInputNodes = 1_000_000
	// maxInputPods bounds maxPods.
	maxInputPods = 100_000
	// maxInputSurge bounds an absolute surge; percentages go up to 100.
	maxInputSurge = 1_000_000
)

// Surge is an upgrade max surge: N extra nodes, or N percent of the pool size
// (rounded up) when Percent is set. SPEC upgradeSettings.maxSurge.
type Surge struct {
	N       int  `json:"n"`
	Percent bool `json:"percent,omitempty"`
}

// DefaultSurge is the ARM API default max surge, 10% of the pool size rounded
// up (SPEC; the docs' "one extra node" is the other side of a listed
// contradiction).
func DefaultSurge() Surge { return Surge{N: defaultSurgePercent(), Percent: true} }

// ParseSurge parses "1" (nodes) or "33%" (percent of the pool, 0–100).
func ParseSurge(s string) (Surge, error) {
	v := strings.TrimSpace(s)
	pct := strings.HasSuffix(v, "%")
	num := strings.TrimSpace(strings.TrimSuffix(v, "%"))
	n, err := strconv.Atoi(num)
	if err != nil || num == "" || strings.HasPrefix(num, "+") {
		return Surge{}, fmt.Errorf("invalid max surge %q: want a node count such as 1 or a percentage such as 33%%", s)
	}
	switch {
	case n < 0:
		return Surge{}, fmt.Errorf("invalid max surge %q: must not be negative", s)
	case pct && n > 100:
		return Surge{}, fmt.Errorf("invalid max surge %q: a percentage must be 0%% to 100%%", s)
	case !pct && n > maxInputSurge:
		return Surge{}, fmt.Errorf("invalid max surge %q: at most %d nodes", s, maxInputSurge)
	}
	return Surge{N: n, Percent: pct}, nil
}

// Nodes returns the extra nodes an upgrade adds to a pool of poolSize nodes: N,
// or N% of the pool size rounded up (SPEC).
func (s Surge) Nodes(poolSize int) int {
	if !s.Percent {
		return s.N
	}
	if poolSize <= 0 || s.N <= 0 {
		return 0
	}
	return (poolSize*s.N + 99) / 100
}

// String renders "1" or "33%".
func (s Surge) String() string {
	if s.Percent {
		return strconv.Itoa(s.N) + "%"
	}
	return strconv.Itoa(s.N)
}

// MarshalText renders the surge as written ("1" or "33%").
func (s Surge) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses "1" or "33%".
func (s *Surge) UnmarshalText(b []byte) error {
	v, err := ParseSurge(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Pool is one node pool of a planning request.
type Pool struct {
	// Name is the pool's name (informational).
	Name string `json:"name"`
	// Nodes is the pool's node count today.
	Nodes int `json:"nodes"`
	// MaxNodes is the autoscaler maximum; 0 means Nodes.
	MaxNodes int `json:"maxNodes,omitempty"`
	// MaxPods per node; 0 means the model's default.
	MaxPods int `json:"maxPods,omitempty"`
	// MaxSurge is the upgrade surge; nil means DefaultSurge.
	MaxSurge *Surge `json:"maxSurge,omitempty"`
	// OS is linux or windows; empty means linux.
	OS string `json:"os,omitempty"`
}

// Max returns the pool's autoscaler maximum (MaxNodes, or Nodes when unset).
func (p Pool) Max() int {
	if p.MaxNodes > 0 {
		return p.MaxNodes
	}
	return p.Nodes
}

// IsWindows reports whether the pool runs Windows nodes.
func (p Pool) IsWindows() bool { return strings.EqualFold(p.OS, "windows") }

// ParsePool parses a --pool value: comma-separated key=value pairs with keys
// name, nodes (or count), max (or max-nodes), max-pods, surge (or max-surge)
// and os (linux|windows). nodes is required; the rest are optional.
//
//	name=sys,nodes=3,max=10,max-pods=110,surge=33%,os=linux
func ParsePool(s string) (Pool, error) {
	var p Pool
	seen := map[string]bool{}
	haveNodes := false
	if strings.TrimSpace(s) == "" {
		return Pool{}, fmt.Errorf("invalid pool %q: want name=NAME,nodes=N[,max=M][,max-pods=P][,surge=S|S%%][,os=linux|windows]", s)
	}
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(kv, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || k == "" {
			return Pool{}, fmt.Errorf("invalid pool %q: %q is not key=value", s, kv)
		}
		key := poolKeyAlias(k)
		if seen[key] {
			return Pool{}, fmt.Errorf("invalid pool %q: %s given twice", s, k)
		}
		seen[key] = true
		switch key {
		case "name":
			if v == "" {
				return Pool{}, fmt.Errorf("invalid pool %q: empty name", s)
			}
			p.Name = v
		case "nodes":
			n, err := poolInt(s, k, v, 0, maxInputNodes)
			if err != nil {
				return Pool{}, err
			}
			p.Nodes, haveNodes = n, true
		case "max":
			n, err := poolInt(s, k, v, 1, maxInputNodes)
			if err != nil {
				return Pool{}, err
			}
			p.MaxNodes = n
		case "max-pods":
			n, err := poolInt(s, k, v, 1, maxInputPods)
			if err != nil {
				return Pool{}, err
			}
			p.MaxPods = n
		case "surge":
			sg, err := ParseSurge(v)
			if err != nil {
				return Pool{}, fmt.Errorf("invalid pool %q: %w", s, err)
			}
			p.MaxSurge = &sg
		case "os":
			switch strings.ToLower(v) {
			case "linux", "windows":
				p.OS = strings.ToLower(v)
			default:
				return Pool{}, fmt.Errorf("invalid pool %q: os %q is not linux or windows", s, v)
			}
		default:
			return Pool{}, fmt.Errorf("invalid pool %q: unknown key %q (want name, nodes, max, max-pods, surge, os)", s, k)
		}
	}
	if !haveNodes {
		return Pool{}, fmt.Errorf("invalid pool %q: nodes=N is required", s)
	}
	if p.MaxNodes > 0 && p.MaxNodes < p.Nodes {
		return Pool{}, fmt.Errorf("invalid pool %q: max=%d is below nodes=%d", s, p.MaxNodes, p.Nodes)
	}
	return p, nil
}

func poolKeyAlias(k string) string {
	switch k {
	case "count":
		return "nodes"
	case "max-nodes", "max-count", "maxcount":
		return "max"
	case "maxpods":
		return "max-pods"
	case "max-surge", "maxsurge":
		return "surge"
	}
	return k
}

func poolInt(s, k, v string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || strings.HasPrefix(v, "+") {
		return 0, fmt.Errorf("invalid pool %q: %s=%q is not a whole number", s, k, v)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("invalid pool %q: %s=%d is out of range %d–%d", s, k, n, lo, hi)
	}
	return n, nil
}

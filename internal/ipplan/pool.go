package ipplan

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Pool is one node pool as the planner sees it.
//
// MaxNodes is the autoscaler maximum (0 means Nodes); MaxPods 0 means the
// model's default; MaxSurge nil means the default 10% (SPEC); OS is "linux"
// or "windows" ("" means linux).
type Pool struct {
	Name     string `json:"name"`
	Nodes    int    `json:"nodes"`
	MaxNodes int    `json:"maxNodes,omitempty"`
	MaxPods  int    `json:"maxPods,omitempty"`
	MaxSurge *Surge `json:"-"`
	OS       string `json:"os,omitempty"`
}

// poolNameRE is the agent pool name pattern (SPEC).
var poolNameRE = regexp.MustCompile(`^[a-z][a-z0-9]{0,11}$`)

// maxPoolNumber bounds the numbers ParsePool accepts, far above any AKS
// limit, so that arithmetic never overflows; the limits themselves are
// diagnostics of Compute.
const maxPoolNumber = 1 << 20

// ParsePool parses a --pool value:
//
//	name=sys,nodes=3,max=10,max-pods=110,surge=33%,os=linux
//
// Keys: name, nodes (or count), max (or max-nodes, max-count), max-pods,
// surge (or max-surge), os (linux or windows). nodes or max is required.
func ParsePool(s string) (Pool, error) {
	var p Pool
	seen := map[string]bool{}
	if strings.TrimSpace(s) == "" {
		return Pool{}, fmt.Errorf("invalid pool %q: want key=value pairs such as name=sys,nodes=3,max=10,max-pods=110,surge=33%%,os=linux", s)
	}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || k == "" {
			return Pool{}, fmt.Errorf("invalid pool %q: %q is not key=value", s, part)
		}
		canon := map[string]string{
			"name": "name", "nodes": "nodes", "count": "nodes",
			"max": "max", "max-nodes": "max", "max-count": "max",
			"max-pods": "max-pods", "surge": "surge", "max-surge": "surge", "os": "os",
		}[k]
		if canon == "" {
			return Pool{}, fmt.Errorf("invalid pool %q: unknown key %q (want name, nodes, max, max-pods, surge, os)", s, k)
		}
		if seen[canon] {
			return Pool{}, fmt.Errorf("invalid pool %q: %s given twice", s, canon)
		}
		seen[canon] = true
		var err error
		switch canon {
		case "name":
			if !poolNameRE.MatchString(v) {
				return Pool{}, fmt.Errorf("invalid pool %q: name %q must be a lowercase letter then up to 11 lowercase letters or digits (SPEC)", s, v)
			}
			p.Name = v
		case "nodes":
			p.Nodes, err = poolNumber(s, canon, v)
		case "max":
			p.MaxNodes, err = poolNumber(s, canon, v)
		case "max-pods":
			p.MaxPods, err = poolNumber(s, canon, v)
		case "surge":
			var sg Surge
			sg, err = ParseSurge(v)
			if err != nil {
				err = fmt.Errorf("invalid pool %q: %w", s, err)
			}
			p.MaxSurge = &sg
		case "os":
			switch strings.ToLower(v) {
			case "linux", "windows":
				p.OS = strings.ToLower(v)
			default:
				err = fmt.Errorf("invalid pool %q: os %q must be linux or windows", s, v)
			}
		}
		if err != nil {
			return Pool{}, err
		}
	}
	if !seen["nodes"] && !seen["max"] {
		return Pool{}, fmt.Errorf("invalid pool %q: give nodes=N (and optionally max=M)", s)
	}
	if !seen["nodes"] {
		p.Nodes = p.MaxNodes
	}
	if seen["max"] && p.MaxNodes < p.Nodes {
		return Pool{}, fmt.Errorf("invalid pool %q: max=%d is below nodes=%d", s, p.MaxNodes, p.Nodes)
	}
	if seen["max-pods"] && p.MaxPods == 0 {
		return Pool{}, fmt.Errorf("invalid pool %q: max-pods must be at least 1", s)
	}
	return p, nil
}

func poolNumber(s, key, v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid pool %q: %s=%q is not a whole number of zero or more", s, key, v)
	}
	if n > maxPoolNumber {
		return 0, fmt.Errorf("invalid pool %q: %s=%d is far beyond any AKS limit", s, key, n)
	}
	return n, nil
}

// maxNodes returns the autoscaler maximum, or Nodes when none is set.
func (p Pool) maxNodes() int { return max(p.MaxNodes, p.Nodes) }

// surge returns the pool's surge setting, or the default.
func (p Pool) surge() Surge {
	if p.MaxSurge != nil {
		return *p.MaxSurge
	}
	return DefaultSurge()
}

// windows reports whether the pool runs Windows.
func (p Pool) windows() bool { return strings.EqualFold(p.OS, "windows") }

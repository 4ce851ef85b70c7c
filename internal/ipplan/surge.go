package ipplan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/netmodel"
)

// Surge is an upgrade max surge: N extra nodes, or N percent of the pool
// size rounded up (SPEC upgradeSettings.maxSurge).
type Surge struct {
	N       int
	Percent bool
}

// maxSurgeNodes bounds an absolute surge: no pool holds more than 1,000
// nodes (QUOTA), so a larger surge can never be provisioned.
var maxSurgeNodes = netmodel.PoolMaxNodes

// DefaultSurge is the surge applied when a pool gives none: 10% of the pool
// size rounded up (SPEC). The docs' "one extra node" (SURGE, SLB) is the
// other side of a listed contradiction; pass "1" to reproduce their examples.
func DefaultSurge() Surge { return Surge{N: netmodel.DefaultMaxSurgePercent.Value, Percent: true} }

// ParseSurge parses "1" (nodes) or "33%" (percent of the pool size).
func ParseSurge(s string) (Surge, error) {
	v := strings.TrimSpace(s)
	pct := strings.HasSuffix(v, "%")
	num := strings.TrimSpace(strings.TrimSuffix(v, "%"))
	if num == "" {
		return Surge{}, fmt.Errorf("invalid max surge %q: want a node count such as 1 or a percentage such as 33%%", s)
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return Surge{}, fmt.Errorf("invalid max surge %q: want a whole node count such as 1 or a percentage such as 33%%", s)
	}
	switch {
	case n < 0:
		return Surge{}, fmt.Errorf("invalid max surge %q: must not be negative", s)
	case pct && n > 100:
		return Surge{}, fmt.Errorf("invalid max surge %q: a percentage must be 0%% to 100%%", s)
	case !pct && n > maxSurgeNodes.Value:
		return Surge{}, fmt.Errorf("invalid max surge %q: a pool holds at most %d nodes (%s)", s, maxSurgeNodes.Value, maxSurgeNodes.Source)
	}
	return Surge{N: n, Percent: pct}, nil
}

// Nodes returns the extra nodes an upgrade of a pool of poolSize nodes adds:
// N, or N percent of poolSize rounded up (SPEC).
func (s Surge) Nodes(poolSize int) int {
	if poolSize <= 0 || s.N <= 0 {
		return 0 // an empty pool has nothing to upgrade
	}
	if !s.Percent {
		return s.N
	}
	p := int64(poolSize) * int64(s.N)
	return int((p + 99) / 100)
}

// String renders "1" or "33%".
func (s Surge) String() string {
	if s.Percent {
		return strconv.Itoa(s.N) + "%"
	}
	return strconv.Itoa(s.N)
}

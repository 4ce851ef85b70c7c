package rules

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/google/go-cmp/cmp"
)

// overlappingEveryLength is subnetIndex.overlapping trying every supernet
// length instead of the lengths the index holds: the reference it must match,
// order included (the first entry seen for a cluster is the one reported).
func overlappingEveryLength(ix *subnetIndex, p netip.Prefix) []subnetEntry {
	var out []subnetEntry
	for bits := p.Bits() - 1; bits >= 0; bits-- {
		sup, _ := p.Addr().Prefix(bits)
		out = append(out, ix.byKey[sup]...)
	}
	start, _ := slices.BinarySearchFunc(ix.byAddr, p.Addr(), func(e subnetEntry, a netip.Addr) int { return e.prefix.Addr().Compare(a) })
	for i := start; i < len(ix.byAddr) && p.Contains(ix.byAddr[i].prefix.Addr()); i++ {
		if ix.byAddr[i].prefix.Bits() >= p.Bits() {
			out = append(out, ix.byAddr[i])
		}
	}
	return out
}

func TestSubnetIndexOverlapping(t *testing.T) {
	prefixes := []string{"10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24", "10.0.0.0/22", "10.0.0.128/25", "10.1.0.0/16",
		"192.168.0.0/24", "0.0.0.0/0", "fd00::/48", "fd00::/64", "fd00:0:0:1::/64", "::ffff:10.0.0.0/120"}
	for seed := range uint64(100) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 16))
			f := &audit.Fleet{}
			for i := range 1 + r.IntN(30) {
				c := &aks.Cluster{Name: aks.SetAt(fmt.Sprintf("c%d", i), aks.Origin{})}
				for range 1 + r.IntN(3) {
					c.Pools = append(c.Pools, aks.NodePool{Subnet: aks.SetAt(netip.MustParsePrefix(prefixes[r.IntN(len(prefixes))]), aks.Origin{})})
				}
				f.Clusters = append(f.Clusters, c)
			}
			ix := buildSubnetIndex(f)
			for _, s := range prefixes {
				p := netip.MustParsePrefix(s)
				if diff := cmp.Diff(overlappingEveryLength(ix, p), ix.overlapping(nil, p), cmp.AllowUnexported(subnetEntry{}), cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
					t.Errorf("overlapping(%s) (-every length +index lengths):\n%s", p, diff)
				}
			}
		})
	}
}

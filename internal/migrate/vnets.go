package migrate

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
)

// vnetIndex finds the VNets holding a cluster's pools without scanning the
// whole inventory per cluster: by subnet resource id (case-insensitive) and
// by address space (every prefix of a pool subnet is looked up at each
// shorter length). It answers as audit.Fleet.VNetsOf does, in the same order.
type vnetIndex struct {
	vnets   []aks.VNet
	byID    map[string][]int
	bySpace map[netip.Prefix][]int
}

func newVNetIndex(vnets []aks.VNet) *vnetIndex {
	x := &vnetIndex{vnets: vnets, byID: map[string][]int{}, bySpace: map[netip.Prefix][]int{}}
	for i, v := range vnets {
		for _, s := range v.Subnets {
			if s.ResourceID != "" {
				k := strings.ToLower(s.ResourceID)
				if l := x.byID[k]; len(l) == 0 || l[len(l)-1] != i {
					x.byID[k] = append(l, i)
				}
			}
		}
		for _, a := range v.AddressSpace {
			if a.IsValid() {
				k := a.Masked()
				if l := x.bySpace[k]; len(l) == 0 || l[len(l)-1] != i {
					x.bySpace[k] = append(l, i)
				}
			}
		}
	}
	return x
}

// of returns the VNets holding any of c's node or pod subnets.
func (x *vnetIndex) of(c *aks.Cluster) []aks.VNet {
	var out []aks.VNet
	seen := map[int]bool{}
	for _, p := range c.Pools {
		var hits []int
		for _, id := range []string{p.SubnetID.Or(""), p.PodSubnetID.Or("")} {
			if id != "" {
				hits = append(hits, x.byID[strings.ToLower(id)]...)
			}
		}
		for _, pr := range []netip.Prefix{p.Subnet.Or(netip.Prefix{}), p.PodSubnet.Or(netip.Prefix{})} {
			if !pr.IsValid() {
				continue
			}
			for bits := pr.Bits(); bits >= 0; bits-- {
				k, err := pr.Addr().Prefix(bits)
				if err == nil {
					hits = append(hits, x.bySpace[k]...)
				}
			}
		}
		slices.Sort(hits)
		for _, i := range slices.Compact(hits) {
			if !seen[i] {
				seen[i] = true
				out = append(out, x.vnets[i])
			}
		}
	}
	return out
}

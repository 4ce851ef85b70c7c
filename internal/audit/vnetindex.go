package audit

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
)

// indexVNetsFrom is the inventory size from which SubnetOf and VNetsOf use an
// index instead of scanning: every cluster's checks look up their subnets,
// so a scan makes a large inventory cost clusters × VNets.
const indexVNetsFrom = 8

// vnetIndex answers SubnetOf and VNetsOf from maps built once per fleet.
// Resource ids compare case-insensitively (strings.EqualFold); the maps key
// ASCII ids by their ASCII lower case, which EqualFold matches exactly among
// ASCII strings. Ids with other characters (which EqualFold may match to
// ASCII ones, as the Kelvin sign matches k) are kept aside and compared one
// by one.
type vnetIndex struct {
	n int // len(Fleet.VNets) when built
	// subnetByID and subnetByPrefix locate the first subnet, in inventory
	// order, with a given lower-cased ASCII id or with a given prefix.
	subnetByID     map[string]subnetRef
	subnetByPrefix map[netip.Prefix]subnetRef
	// foldIDs are the subnets whose id is not ASCII, in inventory order.
	foldIDs []subnetRef
	// vnetsByID lists, in order, the VNets with a subnet of a given
	// lower-cased ASCII id; vnetsBySpace those with a given (masked)
	// address space.
	vnetsByID    map[string][]int
	vnetsBySpace map[netip.Prefix][]int
}

type subnetRef struct{ vnet, subnet int }

func (r subnetRef) before(o subnetRef) bool {
	return r.vnet < o.vnet || r.vnet == o.vnet && r.subnet < o.subnet
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// asciiLower lower-cases ASCII letters, allocating only when there is one to change.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// vnetIndex returns the fleet's index, building it on first use, or nil for
// an inventory small enough to scan.
func (f *Fleet) vnetIndex() *vnetIndex {
	if len(f.VNets) < indexVNetsFrom {
		return nil
	}
	if f.vnets == nil || f.vnets.n != len(f.VNets) {
		f.vnets = buildVNetIndex(f.VNets)
	}
	return f.vnets
}

func buildVNetIndex(vnets []aks.VNet) *vnetIndex {
	ix := &vnetIndex{n: len(vnets), subnetByID: map[string]subnetRef{}, subnetByPrefix: map[netip.Prefix]subnetRef{},
		vnetsByID: map[string][]int{}, vnetsBySpace: map[netip.Prefix][]int{}}
	addVNet := func(m map[string][]int, k string, vi int) {
		if l := m[k]; len(l) == 0 || l[len(l)-1] != vi {
			m[k] = append(l, vi)
		}
	}
	for vi := range vnets {
		v := &vnets[vi]
		for si := range v.Subnets {
			s := &v.Subnets[si]
			ref := subnetRef{vi, si}
			switch {
			case s.ResourceID == "":
			case !isASCII(s.ResourceID):
				ix.foldIDs = append(ix.foldIDs, ref)
			default:
				k := asciiLower(s.ResourceID)
				if _, ok := ix.subnetByID[k]; !ok {
					ix.subnetByID[k] = ref
				}
				addVNet(ix.vnetsByID, k, vi)
			}
			for _, p := range s.Prefixes {
				if _, ok := ix.subnetByPrefix[p]; !ok {
					ix.subnetByPrefix[p] = ref
				}
			}
		}
		for _, a := range v.AddressSpace {
			if !a.IsValid() {
				continue
			}
			k := a.Masked()
			if l := ix.vnetsBySpace[k]; len(l) == 0 || l[len(l)-1] != vi {
				ix.vnetsBySpace[k] = append(l, vi)
			}
		}
	}
	return ix
}

// subnetByIDOf returns the first subnet whose id equals id (EqualFold).
func (ix *vnetIndex) subnetByIDOf(vnets []aks.VNet, id string) (subnetRef, bool) {
	if !isASCII(id) {
		for vi := range vnets {
			for si := range vnets[vi].Subnets {
				if strings.EqualFold(vnets[vi].Subnets[si].ResourceID, id) {
					return subnetRef{vi, si}, true
				}
			}
		}
		return subnetRef{}, false
	}
	best, found := ix.subnetByID[asciiLower(id)]
	for _, r := range ix.foldIDs {
		if found && !r.before(best) {
			break
		}
		if strings.EqualFold(vnets[r.vnet].Subnets[r.subnet].ResourceID, id) {
			best, found = r, true
			break
		}
	}
	return best, found
}

func (ix *vnetIndex) subnetOf(vnets []aks.VNet, id string, p netip.Prefix) (aks.Subnet, aks.VNet, bool) {
	if id != "" {
		if r, ok := ix.subnetByIDOf(vnets, id); ok {
			return vnets[r.vnet].Subnets[r.subnet], vnets[r.vnet], true
		}
	}
	if !p.IsValid() {
		return aks.Subnet{}, aks.VNet{}, false
	}
	if r, ok := ix.subnetByPrefix[p]; ok {
		return vnets[r.vnet].Subnets[r.subnet], vnets[r.vnet], true
	}
	return aks.Subnet{}, aks.VNet{}, false
}

// vnetsOf is vnetsOfScan by lookups: per pool, the VNets holding one of its
// subnet ids or an address space containing one of its subnet prefixes, in
// inventory order, each VNet once.
func (ix *vnetIndex) vnetsOf(vnets []aks.VNet, c *aks.Cluster) []aks.VNet {
	var out []aks.VNet
	var seen map[int]bool
	var holders []int
	for _, p := range c.Pools {
		holders = holders[:0]
		for _, id := range [...]string{p.SubnetID.Or(""), p.PodSubnetID.Or("")} {
			switch {
			case id == "":
			case !isASCII(id):
				for vi := range vnets {
					if slices.ContainsFunc(vnets[vi].Subnets, func(s aks.Subnet) bool { return strings.EqualFold(s.ResourceID, id) }) {
						holders = append(holders, vi)
					}
				}
			default:
				holders = append(holders, ix.vnetsByID[asciiLower(id)]...)
				for _, r := range ix.foldIDs {
					if strings.EqualFold(vnets[r.vnet].Subnets[r.subnet].ResourceID, id) {
						holders = append(holders, r.vnet)
					}
				}
			}
		}
		for _, pr := range [...]netip.Prefix{p.Subnet.Or(netip.Prefix{}), p.PodSubnet.Or(netip.Prefix{})} {
			if !pr.IsValid() {
				continue
			}
			// An address space a holds pr when a.Bits() <= pr.Bits() and a
			// contains pr's address: a is pr's address masked to a.Bits().
			for bits := pr.Bits(); bits >= 0; bits-- {
				sup, _ := pr.Addr().Prefix(bits)
				holders = append(holders, ix.vnetsBySpace[sup]...)
			}
		}
		if len(holders) == 0 {
			continue
		}
		slices.Sort(holders)
		for _, vi := range slices.Compact(holders) {
			if seen[vi] {
				continue
			}
			if seen == nil {
				seen = map[int]bool{}
			}
			seen[vi] = true
			out = append(out, vnets[vi])
		}
	}
	return out
}

package aks

import (
	"net/netip"
	"slices"
	"strings"
)

// indexVNetsFrom is the inventory size from which a VNetIndex builds maps
// instead of scanning: every cluster looks up its subnets, so a scan makes a
// large inventory cost clusters × VNets, while a small one is scanned faster
// than it is indexed.
const indexVNetsFrom = 8

// VNetIndex answers which subnet, and which VNets, of an inventory hold a
// cluster's pools. Resource ids compare case-insensitively
// (strings.EqualFold); a subnet matches a prefix exactly, a VNet holds a
// prefix its address space contains. Answers are in inventory order.
//
// From indexVNetsFrom VNets on it answers from maps, each built on first
// use: ids, prefixes for SubnetOf, address spaces for VNetsOf. Ids are keyed
// by their ASCII lower case, which EqualFold matches exactly among ASCII
// strings; ids with other characters (which EqualFold may match to ASCII
// ones, as the Kelvin sign matches k) are kept aside and compared one by
// one. A smaller inventory is scanned. A VNetIndex is not safe for
// concurrent use.
type VNetIndex struct {
	vnets []VNet
	ids   *idIndex
	// byPrefix locates the first subnet, in inventory order, with a given
	// prefix; bySpace lists, in order, the VNets with a given (masked)
	// address space.
	byPrefix map[netip.Prefix]subnetRef
	bySpace  map[netip.Prefix][]int
}

// idIndex lists, in order, the VNets with a subnet of a given lower-cased
// ASCII id, and the subnets whose id is not ASCII.
type idIndex struct {
	byID    map[string][]int
	foldIDs []subnetRef
}

type subnetRef struct{ vnet, subnet int }

func (r subnetRef) before(o subnetRef) bool {
	return r.vnet < o.vnet || r.vnet == o.vnet && r.subnet < o.subnet
}

// NewVNetIndex indexes vnets, which the index keeps and reads; the caller
// must not change them while the index is in use.
func NewVNetIndex(vnets []VNet) *VNetIndex { return &VNetIndex{vnets: vnets} }

// Len returns the number of VNets indexed.
func (ix *VNetIndex) Len() int { return len(ix.vnets) }

// VNets returns the inventory indexed.
func (ix *VNetIndex) VNets() []VNet { return ix.vnets }

func (ix *VNetIndex) scans() bool { return len(ix.vnets) < indexVNetsFrom }

func (ix *VNetIndex) idIndex() *idIndex {
	if ix.ids != nil {
		return ix.ids
	}
	m := &idIndex{byID: map[string][]int{}}
	for vi := range ix.vnets {
		v := &ix.vnets[vi]
		for si := range v.Subnets {
			switch id := v.Subnets[si].ResourceID; {
			case id == "":
			case !isASCII(id):
				m.foldIDs = append(m.foldIDs, subnetRef{vi, si})
			default:
				addHolder(m.byID, asciiLower(id), vi)
			}
		}
	}
	ix.ids = m
	return m
}

func (ix *VNetIndex) prefixIndex() map[netip.Prefix]subnetRef {
	if ix.byPrefix != nil {
		return ix.byPrefix
	}
	m := map[netip.Prefix]subnetRef{}
	for vi := range ix.vnets {
		v := &ix.vnets[vi]
		for si := range v.Subnets {
			for _, p := range v.Subnets[si].Prefixes {
				if _, ok := m[p]; !ok {
					m[p] = subnetRef{vi, si}
				}
			}
		}
	}
	ix.byPrefix = m
	return m
}

func (ix *VNetIndex) spaceIndex() map[netip.Prefix][]int {
	if ix.bySpace != nil {
		return ix.bySpace
	}
	m := map[netip.Prefix][]int{}
	for vi := range ix.vnets {
		for _, a := range ix.vnets[vi].AddressSpace {
			if a.IsValid() {
				addHolder(m, a.Masked(), vi)
			}
		}
	}
	ix.bySpace = m
	return m
}

// addHolder appends VNet vi to m[k] unless it is already last there.
func addHolder[K comparable](m map[K][]int, k K, vi int) {
	if l := m[k]; len(l) == 0 || l[len(l)-1] != vi {
		m[k] = append(l, vi)
	}
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

// SubnetOf returns the first subnet (and its VNet) whose resource id equals
// id or, failing that, that has p as one of its prefixes.
func (ix *VNetIndex) SubnetOf(id string, p netip.Prefix) (Subnet, VNet, bool) {
	if ix.scans() {
		return subnetOfScan(ix.vnets, id, p)
	}
	vnets := ix.vnets
	if id != "" {
		if r, ok := ix.subnetByID(id); ok {
			return vnets[r.vnet].Subnets[r.subnet], vnets[r.vnet], true
		}
	}
	if !p.IsValid() {
		return Subnet{}, VNet{}, false
	}
	if r, ok := ix.prefixIndex()[p]; ok {
		return vnets[r.vnet].Subnets[r.subnet], vnets[r.vnet], true
	}
	return Subnet{}, VNet{}, false
}

// subnetByID returns the first subnet whose id equals id (EqualFold).
func (ix *VNetIndex) subnetByID(id string) (subnetRef, bool) {
	vnets := ix.vnets
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
	ids := ix.idIndex()
	var best subnetRef
	found := false
	// The first VNet with an ASCII match holds the first such subnet; an
	// earlier subnet of it may match by folding, which is as good.
	if l := ids.byID[asciiLower(id)]; len(l) > 0 {
		vi := l[0]
		for si := range vnets[vi].Subnets {
			if strings.EqualFold(vnets[vi].Subnets[si].ResourceID, id) {
				best, found = subnetRef{vi, si}, true
				break
			}
		}
	}
	for _, r := range ids.foldIDs {
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

// VNetsOf returns the VNets holding any of c's node or pod subnets, by
// resource id or by address containment: pool by pool, in inventory order
// within a pool, each VNet once.
func (ix *VNetIndex) VNetsOf(c *Cluster) []VNet {
	if len(ix.vnets) == 0 {
		return nil
	}
	if ix.scans() {
		return vnetsOfScan(ix.vnets, c)
	}
	vnets := ix.vnets
	var ids *idIndex
	spaces := ix.spaceIndex()
	var out []VNet
	seen := map[int]bool{}
	var holders []int
	for _, p := range c.Pools {
		holders = holders[:0]
		for _, id := range [...]string{p.SubnetID.Or(""), p.PodSubnetID.Or("")} {
			switch {
			case id == "":
			case !isASCII(id):
				for vi := range vnets {
					if slices.ContainsFunc(vnets[vi].Subnets, func(s Subnet) bool { return strings.EqualFold(s.ResourceID, id) }) {
						holders = append(holders, vi)
					}
				}
			default:
				if ids == nil {
					ids = ix.idIndex()
				}
				holders = append(holders, ids.byID[asciiLower(id)]...)
				for _, r := range ids.foldIDs {
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
				holders = append(holders, spaces[sup]...)
			}
		}
		if len(holders) == 0 {
			continue
		}
		slices.Sort(holders)
		for _, vi := range slices.Compact(holders) {
			if !seen[vi] {
				seen[vi] = true
				out = append(out, vnets[vi])
			}
		}
	}
	return out
}

// subnetOfScan is SubnetOf by a scan of the inventory.
func subnetOfScan(vnets []VNet, id string, p netip.Prefix) (Subnet, VNet, bool) {
	for _, v := range vnets {
		for _, s := range v.Subnets {
			if id != "" && strings.EqualFold(s.ResourceID, id) {
				return s, v, true
			}
		}
	}
	if !p.IsValid() {
		return Subnet{}, VNet{}, false
	}
	for _, v := range vnets {
		for _, s := range v.Subnets {
			for _, sp := range s.Prefixes {
				if sp == p {
					return s, v, true
				}
			}
		}
	}
	return Subnet{}, VNet{}, false
}

// vnetsOfScan is VNetsOf by a scan of the inventory.
func vnetsOfScan(vnets []VNet, c *Cluster) []VNet {
	var out []VNet
	seen := map[int]bool{}
	for _, p := range c.Pools {
		ids := []string{p.SubnetID.Or(""), p.PodSubnetID.Or("")}
		prefixes := []netip.Prefix{p.Subnet.Or(netip.Prefix{}), p.PodSubnet.Or(netip.Prefix{})}
		for i, v := range vnets {
			if seen[i] {
				continue
			}
			if vnetHolds(v, ids, prefixes) {
				seen[i] = true
				out = append(out, v)
			}
		}
	}
	return out
}

func vnetHolds(v VNet, ids []string, prefixes []netip.Prefix) bool {
	for _, s := range v.Subnets {
		for _, id := range ids {
			if id != "" && strings.EqualFold(s.ResourceID, id) {
				return true
			}
		}
	}
	for _, p := range prefixes {
		if !p.IsValid() {
			continue
		}
		for _, a := range v.AddressSpace {
			if a.Bits() <= p.Bits() && a.Contains(p.Addr()) {
				return true
			}
		}
	}
	return false
}

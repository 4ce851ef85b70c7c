package rules

import (
	"cmp"
	"fmt"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// cidrField is one pod or service CIDR of a cluster with its value's origin.
type cidrField struct {
	kind   string // "pod CIDR" or "service CIDR"
	prefix netip.Prefix
	origin aks.Origin
}

// podCIDRs appends the cluster's pod CIDRs to dst.
func podCIDRs(dst []cidrField, c *aks.Cluster) []cidrField {
	return cidrFields(dst, "pod CIDR", c.Network.PodCIDR, c.Network.PodCIDRs)
}

// serviceCIDRs appends the cluster's service CIDRs to dst.
func serviceCIDRs(dst []cidrField, c *aks.Cluster) []cidrField {
	return cidrFields(dst, "service CIDR", c.Network.ServiceCIDR, c.Network.ServiceCIDRs)
}

// cidrFields appends to dst the known prefixes of the list form (dual-stack)
// when present, else of the single form. Callers pass a small array's slice
// so the common one or two CIDRs need no allocation.
func cidrFields(dst []cidrField, kind string, single aks.Value[netip.Prefix], list []aks.Value[netip.Prefix]) []cidrField {
	if len(list) == 0 {
		if p, ok := single.Get(); ok && p.IsValid() {
			dst = append(dst, cidrField{kind, p, at(single)})
		}
		return dst
	}
	for _, v := range list {
		if p, ok := v.Get(); ok && p.IsValid() {
			dst = append(dst, cidrField{kind, p, at(v)})
		}
	}
	return dst
}

// usesPodCIDR: models whose pods take addresses from a pod CIDR outside the
// VNet (KUB; OVL; BYO); flat models ignore podCidr.
func usesPodCIDR(c *aks.Cluster) bool {
	m, ok := model(c)
	return ok && (m == netmodel.Kubenet || m == netmodel.AzureOverlay || m == netmodel.BYOCNI)
}

var forbiddenRange = audit.Rule{
	ID: "AKSNET-013", Name: "ForbiddenRange", Severity: audit.High,
	Title: "pod, service or VNet range overlaps a range AKS forbids",
	Rationale: "AKS reserves 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24 in every cluster and rejects pod, " +
		"service and VNet ranges that overlap them; e.g. 172.16.0.0/12 is invalid because it contains 172.30/16 and 172.31/16 (CNIOV).",
	Remediation: "Choose a range that avoids 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24, e.g. the default pod CIDR 10.244.0.0/16 or service CIDR 10.0.0.0/16.",
	Sources:     []string{"CNIOV", "KUB", "LEG", "BYO"},
	Links:       links("CNIOV"),
	Policy:      forbiddenRangePolicy,
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		var hits []audit.Hit
		var buf [4]cidrField
		fields := buf[:0]
		if usesPodCIDR(c) {
			fields = podCIDRs(fields, c)
		}
		fields = serviceCIDRs(fields, c)
		for _, fl := range fields {
			if bad, ok := azaddr.ForbiddenOverlap(fl.prefix); ok {
				hits = append(hits, audit.Hit{
					Message: fmt.Sprintf("%s %s overlaps %s, which AKS reserves (CNIOV)", fl.kind, fl.prefix, bad),
					At:      fl.origin,
				})
			}
		}
		for _, v := range f.VNetsOf(c) {
			for _, a := range v.AddressSpace {
				if bad, ok := azaddr.ForbiddenOverlap(a); ok {
					hits = append(hits, audit.Hit{
						Message: fmt.Sprintf("VNet %s address space %s overlaps %s, which AKS reserves (CNIOV)", v.Name, a, bad),
						At:      v.Source,
					})
				}
			}
		}
		return hits
	},
}

// conflict is a range a pod or service CIDR must not overlap.
type conflict struct {
	what   string
	prefix netip.Prefix
}

func conflictsFor(c *aks.Cluster, vnets []aks.VNet, avoid []netip.Prefix) []conflict {
	var out []conflict
	seen := map[string]bool{}
	add := func(what string, p netip.Prefix) {
		k := what + p.String()
		if p.IsValid() && !seen[k] {
			seen[k] = true
			out = append(out, conflict{what, p})
		}
	}
	for _, v := range vnets {
		for _, a := range v.AddressSpace {
			add("VNet "+v.Name+" address space", a)
		}
		for _, s := range v.Subnets {
			for _, p := range s.Prefixes {
				add("subnet "+s.Name, p)
			}
		}
		for _, pr := range v.Peerings {
			for _, p := range pr.RemoteSpace {
				add("peered range ("+pr.Name+")", p)
			}
		}
	}
	for _, p := range c.Pools {
		if s, ok := p.Subnet.Get(); ok {
			add("node subnet of pool "+p.Name.Or(""), s)
		}
		if s, ok := p.PodSubnet.Get(); ok {
			add("pod subnet of pool "+p.Name.Or(""), s)
		}
	}
	for _, a := range avoid {
		add("avoided range", a)
	}
	return out
}

// mayConflict reports whether any field overlaps any range conflictsFor
// would list. It names nothing, so most clusters, which overlap nothing,
// never build the descriptions.
func mayConflict(fields []cidrField, c *aks.Cluster, vnets []aks.VNet, avoid []netip.Prefix) bool {
	hits := func(p netip.Prefix) bool {
		if !p.IsValid() {
			return false
		}
		for _, fl := range fields {
			if fl.prefix.Overlaps(p) {
				return true
			}
		}
		return false
	}
	for _, v := range vnets {
		if slices.ContainsFunc(v.AddressSpace, hits) {
			return true
		}
		for _, s := range v.Subnets {
			if slices.ContainsFunc(s.Prefixes, hits) {
				return true
			}
		}
		for _, pr := range v.Peerings {
			if slices.ContainsFunc(pr.RemoteSpace, hits) {
				return true
			}
		}
	}
	for i := range c.Pools {
		p := &c.Pools[i]
		if s, ok := p.Subnet.Get(); ok && hits(s) {
			return true
		}
		if s, ok := p.PodSubnet.Get(); ok && hits(s) {
			return true
		}
	}
	return slices.ContainsFunc(avoid, hits)
}

var cidrOverlap = audit.Rule{
	ID: "AKSNET-014", Name: "CIDROverlap", Severity: audit.High,
	Title: "pod or service CIDR overlaps the VNet, its subnets, peered or avoided ranges",
	Rationale: "The service CIDR must not be inside the cluster VNet nor overlap peered VNets or on-premises ranges (IPPLAN; LEG; OVL). " +
		"An Overlay or kubenet pod CIDR must not overlap the cluster subnet or directly connected networks; overlapping external hosts " +
		"become unreachable (OVL). The whole VNet is checked (UPD), the conservative side of a listed contradiction (GH-4760 checks subnets only).",
	Remediation: "Move the range to private space used nowhere else on the network, e.g. pod CIDR 10.244.0.0/16 or 192.168.0.0/16 and service CIDR 10.0.0.0/16, outside the VNet and peered ranges.",
	Sources:     []string{"IPPLAN", "LEG", "OVL", "UPD", "GH-4760"},
	Links:       links("IPPLAN", "OVL"),
	Policy:      cidrOverlapPolicy,
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		var hits []audit.Hit
		var buf [4]cidrField
		fields := buf[:0]
		if usesPodCIDR(c) {
			fields = podCIDRs(fields, c)
		}
		nPods := len(fields)
		fields = serviceCIDRs(fields, c)
		pods, services := fields[:nPods], fields[nPods:]
		var conf []conflict
		if vnets := f.VNetsOf(c); mayConflict(fields, c, vnets, f.Avoid) {
			conf = conflictsFor(c, vnets, f.Avoid)
		}
		for _, fl := range fields {
			var with []string
			seen := map[netip.Prefix]bool{}
			for _, k := range conf {
				if fl.prefix.Overlaps(k.prefix) && !seen[k.prefix] {
					seen[k.prefix] = true
					with = append(with, fmt.Sprintf("%s %s", k.what, k.prefix))
				}
			}
			if len(with) > 0 {
				hits = append(hits, audit.Hit{Message: fmt.Sprintf("%s %s overlaps %s", fl.kind, fl.prefix, strings.Join(with, ", ")), At: fl.origin})
			}
		}
		for _, p := range pods {
			for _, s := range services {
				if p.prefix.Overlaps(s.prefix) {
					hits = append(hits, audit.Hit{Message: fmt.Sprintf("pod CIDR %s overlaps service CIDR %s", p.prefix, s.prefix), At: p.origin})
				}
			}
		}
		return hits
	},
}

var dnsServiceIP = audit.Rule{
	ID: "AKSNET-015", Name: "DNSServiceIPInvalid", Severity: audit.High,
	Title: "DNS service IP outside the service CIDR or on its first address",
	Rationale: "dnsServiceIP must be inside the service CIDR and must not be its first address, which kubernetes.default.svc.cluster.local " +
		"uses (IPPLAN; OVL; BYO; SPEC); the convention is the .10 address.",
	Remediation: "Set dnsServiceIP to the .10 address of the service CIDR (10.0.0.10 for the default 10.0.0.0/16); it can only be set at creation.",
	Sources:     []string{"IPPLAN", "OVL", "BYO", "SPEC"},
	Links:       links("IPPLAN"),
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		ip, ok := c.Network.DNSServiceIP.Get()
		if !ok || !ip.IsValid() {
			return nil
		}
		var svcBuf, famBuf [2]cidrField
		family := famBuf[:0]
		for _, s := range serviceCIDRs(svcBuf[:0], c) {
			if s.prefix.Addr().Is4() == ip.Is4() {
				family = append(family, s)
			}
		}
		if len(family) == 0 {
			return nil
		}
		suggest := func(p netip.Prefix) string {
			a := p.Masked().Addr()
			for range 10 {
				a = a.Next()
			}
			return a.String()
		}
		o := at(c.Network.DNSServiceIP)
		for _, s := range family {
			if !s.prefix.Contains(ip) {
				continue
			}
			network := s.prefix.Masked().Addr()
			switch ip {
			case network:
				return []audit.Hit{{Message: fmt.Sprintf("dnsServiceIP %s is the network address of service CIDR %s, which no service can use", ip, s.prefix), At: o,
					Remediation: "Set dnsServiceIP to " + suggest(s.prefix) + " (recreate the cluster: it can only be set at creation)"}}
			case network.Next():
				return []audit.Hit{{Message: fmt.Sprintf("dnsServiceIP %s is the first address of service CIDR %s, taken by kubernetes.default.svc.cluster.local (IPPLAN)", ip, s.prefix), At: o,
					Remediation: "Set dnsServiceIP to " + suggest(s.prefix) + " (recreate the cluster: it can only be set at creation)"}}
			}
			return nil
		}
		names := make([]string, len(family))
		for i, s := range family {
			names[i] = s.prefix.String()
		}
		return []audit.Hit{{Message: fmt.Sprintf("dnsServiceIP %s is outside the service CIDR %s (SPEC)", ip, strings.Join(names, ", ")), At: o,
			Remediation: "Set dnsServiceIP to " + suggest(family[0].prefix) + ", inside the service CIDR"}}
	},
}

// subnetKey identifies the subnet resource a pool uses: an ARM id as is; a
// reader's reference (such as azurerm_subnet.aks.id) qualified by the folder
// of the configuration that defines the cluster, since the same reference in
// two configurations names two resources.
func subnetKey(c *aks.Cluster, p *aks.NodePool) string {
	id := strings.ToLower(p.SubnetID.Or(""))
	if id == "" || strings.HasPrefix(id, "/subscriptions/") {
		return id
	}
	return filepath.ToSlash(filepath.Dir(c.Source.File)) + ":" + id
}

// subnetEntry is one node subnet of one cluster, for the fleet index. The
// subnet's key (subnetKey) is worked out only for the overlaps found.
type subnetEntry struct {
	prefix  netip.Prefix
	cluster int
	pool    int
	kubenet bool
}

type subnetIndex struct {
	byAddr []subnetEntry // sorted by prefix address then bits
	byKey  map[netip.Prefix][]subnetEntry
	// lengths are the prefix lengths in byKey, ascending: the only ones a
	// supernet lookup need try.
	lengths []int
	// self maps each cluster to its index in the fleet.
	self map[*aks.Cluster]int
}

// nodeSubnetIndex indexes every cluster's node subnets once per fleet.
func nodeSubnetIndex(f *audit.Fleet) *subnetIndex {
	return f.Memo("rules.nodeSubnetIndex", func() any { return buildSubnetIndex(f) }).(*subnetIndex)
}

func buildSubnetIndex(f *audit.Fleet) *subnetIndex {
	ix := &subnetIndex{byKey: map[netip.Prefix][]subnetEntry{}, self: make(map[*aks.Cluster]int, len(f.Clusters))}
	for ci, c := range f.Clusters {
		ix.self[c] = ci
		m, _ := model(c)
		for pi := range c.Pools {
			p, ok := c.Pools[pi].Subnet.Get()
			if !ok || !p.IsValid() {
				continue
			}
			e := subnetEntry{p.Masked(), ci, pi, m == netmodel.Kubenet}
			ix.byAddr = append(ix.byAddr, e)
			if len(ix.byKey[e.prefix]) == 0 && !slices.Contains(ix.lengths, e.prefix.Bits()) {
				ix.lengths = append(ix.lengths, e.prefix.Bits())
			}
			ix.byKey[e.prefix] = append(ix.byKey[e.prefix], e)
		}
	}
	slices.Sort(ix.lengths)
	slices.SortFunc(ix.byAddr, func(a, b subnetEntry) int {
		return cmp.Or(a.prefix.Addr().Compare(b.prefix.Addr()), cmp.Compare(a.prefix.Bits(), b.prefix.Bits()))
	})
	return ix
}

// overlapping appends to out the entries whose prefix overlaps p: supernets
// by lookup, longest first, then subnets (and equal) by a range scan of the
// sorted index.
func (ix *subnetIndex) overlapping(out []subnetEntry, p netip.Prefix) []subnetEntry {
	for i := len(ix.lengths) - 1; i >= 0; i-- {
		bits := ix.lengths[i]
		if bits >= p.Bits() {
			continue
		}
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

var nodeSubnetOverlap = audit.Rule{
	ID: "AKSNET-016", Name: "NodeSubnetOverlapAcrossClusters", Severity: audit.Medium,
	Title: "node subnets of different clusters overlap",
	Rationale: "Overlapping node subnets in different VNets can never be peered or routed to each other, and inside one VNet Azure rejects " +
		"them. Azure CNI clusters may share one subnet resource (CNIOV), but a kubenet subnet takes exactly one cluster (KUB).",
	Remediation: "Give each cluster its own non-overlapping node subnet from a planned address space (aksnet plan), or share one subnet resource only between Azure CNI clusters.",
	Sources:     []string{"KUB", "CNIOV", "UNIQ"},
	Links:       links("KUB", "CNIOV"),
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		// A cluster without a node subnet prefix (a managed cluster's JSON
		// names subnets by id only) overlaps nothing: skip the index.
		if !slices.ContainsFunc(c.Pools, func(p aks.NodePool) bool { s, ok := p.Subnet.Get(); return ok && s.IsValid() }) {
			return nil
		}
		ix := nodeSubnetIndex(f)
		self, ok := ix.self[c]
		if !ok {
			return nil
		}
		var hits []audit.Hit
		m, _ := model(c)
		var buf [4]subnetEntry
		for pi := range c.Pools {
			pool := &c.Pools[pi]
			p, ok := pool.Subnet.Get()
			if !ok || !p.IsValid() {
				continue
			}
			var id string
			idKnown := false
			var others []string
			var seen map[int]bool
			for _, e := range ix.overlapping(buf[:0], p.Masked()) {
				if e.cluster == self || seen[e.cluster] {
					continue
				}
				if !idKnown {
					id, idKnown = subnetKey(c, pool), true
				}
				other := f.Clusters[e.cluster]
				shared := e.prefix == p.Masked() && id != "" && id == subnetKey(other, &other.Pools[e.pool])
				if shared && !e.kubenet && m != netmodel.Kubenet {
					continue // one subnet resource shared by Azure CNI clusters (CNIOV)
				}
				if seen == nil {
					seen = map[int]bool{}
				}
				seen[e.cluster] = true
				desc := fmt.Sprintf("%q (pool %q, %s", audit.ClusterName(other), other.Pools[e.pool].Name.Or(""), e.prefix)
				if shared {
					desc += ", the same subnet: a kubenet subnet holds one cluster, KUB"
				}
				if other.Source.File != "" && other.Source.File != c.Source.File {
					desc += ", " + other.Source.File
				}
				others = append(others, desc+")")
			}
			if len(others) == 0 {
				continue
			}
			slices.Sort(others)
			const show = 3
			list := strings.Join(others[:min(show, len(others))], "; ")
			if len(others) > show {
				list += fmt.Sprintf("; and %d more", len(others)-show)
			}
			o := at(pool.Subnet)
			if o.File == "" {
				o = at(pool.SubnetID)
			}
			hits = append(hits, audit.Hit{
				Message: fmt.Sprintf("node subnet %s of pool %q overlaps the node subnets of %s: %s", p, pool.Name.Or(""), plural(len(others), "other cluster", "other clusters"), list),
				At:      o, Pool: pool,
			})
		}
		return hits
	},
}

package ipplan

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"go4.org/netipx"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// CarveRequest is what Carve lays out: a cluster (its networking choice and
// pools, as for Compute) and the address space around it.
type CarveRequest struct {
	// Cluster is the planning request. Its VNets are the address space to
	// carve from and its Avoid the ranges to keep clear of; its subnet, pod
	// CIDR, service CIDR and DNS fields are ignored (Carve chooses them).
	Cluster Request `json:"cluster"`
	// Used are the VNet's existing subnets.
	Used []netip.Prefix `json:"used,omitempty"`
	// Peers are the address spaces of peered VNets.
	Peers []netip.Prefix `json:"peers,omitempty"`
	// SubnetPerPool gives every pool its own node subnet.
	SubnetPerPool bool `json:"subnetPerPool,omitempty"`
	// APIServerSubnet adds the delegated API-server subnet of API Server VNet
	// Integration (VNETINT).
	APIServerSubnet bool `json:"apiServerSubnet,omitempty"`
	// VNet is the VNet's name, when known (from an inventory).
	VNet string `json:"vnet,omitempty"`
	// HeadroomPercent grows every pool's autoscaler maximum by this
	// percentage (rounded up) before the planner sizes the ranges.
	HeadroomPercent int `json:"headroomPercent,omitempty"`
}

// VNetName returns the VNet's name: the request's, else fallback, else "vnet-aks".
func (r CarveRequest) VNetName(fallback string) string {
	switch {
	case r.VNet != "":
		return r.VNet
	case fallback != "":
		return fallback
	}
	return "vnet-aks"
}

// Subnet roles in a layout.
const (
	RoleNodes     = "nodes"
	RolePods      = "pods"
	RoleAPIServer = "apiserver"
)

// LayoutSubnet is one subnet a layout creates in the VNet.
type LayoutSubnet struct {
	// Name is the subnet's name: aks-nodes, aks-nodes-<pool>, aks-pods or aks-apiserver.
	Name string `json:"name"`
	// Role is nodes, pods or apiserver.
	Role   string       `json:"role"`
	Prefix netip.Prefix `json:"prefix"`
	// Pools are the node pools whose nodes (or pods) the subnet holds.
	Pools []string `json:"pools,omitempty"`
}

// Layout is a concrete address layout for one cluster.
type Layout struct {
	Model      netmodel.ID           `json:"model"`
	Allocation netmodel.Allocation   `json:"allocation,omitempty"`
	Dataplane  netmodel.Dataplane    `json:"dataplane,omitempty"`
	Policy     netmodel.PolicyEngine `json:"networkPolicy,omitempty"`
	// Subnets are the subnets to create, node subnets first (in pool order),
	// then the pod subnet and the API-server subnet.
	Subnets []LayoutSubnet `json:"subnets"`
	// PodCIDR is set for kubenet, azure-overlay and none.
	PodCIDR      netip.Prefix `json:"podCIDR,omitzero"`
	ServiceCIDR  netip.Prefix `json:"serviceCIDR,omitzero"`
	DNSServiceIP netip.Addr   `json:"dnsServiceIP,omitzero"`
	// Pools are the pools as requested, with their names and maxPods
	// resolved (headroom sizes the ranges, not the pools).
	Pools []Pool `json:"pools"`
	// PrivateCluster: the API server has a private endpoint in the first
	// pool's node subnet (PRIV).
	PrivateCluster bool `json:"privateCluster,omitempty"`
	// Plan is the planner's cluster-wide result the sizes come from.
	Plan Plan `json:"plan"`
	// Choices explains the choices Carve made that no demand dictates, with sources.
	Choices []string `json:"choices"`
}

// Subnet returns the first subnet of a role, or the zero prefix.
func (l Layout) Subnet(role string) netip.Prefix {
	for _, s := range l.Subnets {
		if s.Role == role {
			return s.Prefix
		}
	}
	return netip.Prefix{}
}

// NodeSubnetFor returns the node subnet holding the named pool.
func (l Layout) NodeSubnetFor(pool string) netip.Prefix {
	for _, s := range l.Subnets {
		if s.Role == RoleNodes && slices.Contains(s.Pools, pool) {
			return s.Prefix
		}
	}
	return l.Subnet(RoleNodes)
}

// demand is one block to carve.
type demand struct {
	sub  LayoutSubnet
	bits int
	what string
}

// Carve lays out the cluster's ranges: node subnet(s), pod subnet and
// API-server subnet from the VNet's free space (the address space minus
// existing subnets, peers, avoided and forbidden ranges), largest first, each
// the smallest aligned block the planner's minimum prefix allows (netipx
// best fit); the pod CIDR and service CIDR from RFC 1918 and RFC 6598 space
// outside the VNet, its peers and the avoid list, preferring the default's
// address when it is free; the DNS service IP at the .10 convention.
//
// The layout is deterministic for a given request. A block that cannot be
// found is a CARVE002 or CARVE003 error naming what is short and by how
// much; the other ranges are still carved. The planner's own diagnostics
// for the request (without headroom, which sizes ranges but is no demand
// the limits apply to) come first.
func Carve(req CarveRequest) (Layout, diag.List) {
	ds := diag.List{}
	c := req.Cluster
	pools := headroomPools(c.Pools, req.HeadroomPercent)
	sized := Request{Choice: c.Choice, Pools: pools, ILBs: c.ILBs, PrivateCluster: c.PrivateCluster}
	plan := Compute(sized)
	lay := Layout{Model: plan.Model, Allocation: plan.Allocation, Dataplane: plan.Dataplane, Policy: plan.Policy,
		Subnets: []LayoutSubnet{}, Pools: slices.Clone(c.Pools), PrivateCluster: c.PrivateCluster, Plan: plan, Choices: []string{}}
	for i := range lay.Pools {
		if i < len(plan.Pools) {
			lay.Pools[i].Name, lay.Pools[i].MaxPods = plan.Pools[i].Name, plan.Pools[i].MaxPods
		}
	}
	// Limits apply to the cluster as requested; headroom only sizes ranges.
	limits := plan
	if req.HeadroomPercent > 0 {
		limits = Compute(Request{Choice: c.Choice, Pools: c.Pools, ILBs: c.ILBs, PrivateCluster: c.PrivateCluster})
	}
	for _, d := range limits.Diagnostics {
		// Range checks of the sizing plan are about the defaults; Carve
		// chooses the ranges and Validate checks those.
		if !slices.Contains(rangeCodes, d.Code) && d.Code != CodeCapacityBeyondModel {
			ds.Add(d)
		}
	}
	if req.HeadroomPercent > 0 {
		ds.Add(diag.Diagnostic{Code: CodeCarveHeadroom, Severity: diag.Info,
			Message: fmt.Sprintf("headroom %d%%: each pool's autoscaler maximum is grown by %d%% (rounded up) before sizing", req.HeadroomPercent, req.HeadroomPercent)})
	}
	if _, ok := netmodel.Lookup(c.Choice.Model); !ok || len(plan.Pools) == 0 {
		return lay, ds
	}
	seen := map[string]bool{}
	for _, p := range plan.Pools {
		if seen[p.Name] {
			ds.Add(diag.Diagnostic{Code: CodeCarvePoolName, Severity: diag.Error, Source: "SPEC",
				Message: fmt.Sprintf("two pools are named %q; pool names are unique in a cluster", p.Name),
				Hint:    "rename one of the pools"})
			return lay, ds
		}
		seen[p.Name] = true
	}

	var vnets []netip.Prefix
	for _, v := range c.VNets {
		if v.Addr().Is4() {
			vnets = append(vnets, v.Masked())
		} else {
			ds.Add(diag.Diagnostic{Code: CodeCarveIPv6, Severity: diag.Warning, Source: "DUAL",
				Message: fmt.Sprintf("VNet address space %s is IPv6; only the IPv4 layout is carved", v)})
		}
	}
	if len(vnets) == 0 {
		ds.Add(diag.Diagnostic{Code: CodeCarveNoVNet, Severity: diag.Error,
			Message: "no IPv4 VNet address space to carve the cluster's subnets from",
			Hint:    "give the VNet's address space with --vnet, or a VNet inventory with --vnets"})
	}
	for _, v := range vnets {
		if f, bad := azaddr.ForbiddenOverlap(v); bad {
			ds.Add(diag.Diagnostic{Code: CodeForbiddenRange, Severity: diag.Error, Source: "CNIOV",
				Message: fmt.Sprintf("VNet %s overlaps %s, which AKS reserves", v, f),
				Hint:    "use a cluster VNet clear of 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24; carve leaves the reserved part out"})
		}
		for _, g := range []struct {
			what string
			ps   []netip.Prefix
		}{{"peered VNet", req.Peers}, {"avoided range", c.Avoid}} {
			for _, p := range g.ps {
				if v.Overlaps(p) {
					ds.Add(diag.Diagnostic{Code: CodeLayoutOverlap, Severity: diag.Error, Source: "KUB",
						Message: fmt.Sprintf("VNet %s overlaps %s %s", v, g.what, p),
						Hint:    "a VNet must not overlap the networks it connects to; the overlapping part is left uncarved"})
				}
			}
		}
	}
	taken := slices.Concat(req.Used, req.Peers, c.Avoid, azaddr.Forbidden())

	// Subnets inside the VNet, largest first, in declaration order on ties.
	var demands []demand
	if req.SubnetPerPool && len(pools) > 1 {
		for i, p := range pools {
			r := Request{Choice: c.Choice, Pools: []Pool{p}}
			if i == 0 {
				r.ILBs, r.PrivateCluster = c.ILBs, c.PrivateCluster
			}
			pp := Compute(r)
			name := pp.Pools[0].Name
			demands = append(demands, demand{LayoutSubnet{Name: "aks-nodes-" + name, Role: RoleNodes, Pools: []string{name}},
				pp.NodeSubnet.MinPrefixLength, "node subnet of pool " + name})
		}
	} else {
		demands = append(demands, demand{LayoutSubnet{Name: "aks-nodes", Role: RoleNodes, Pools: poolNames(plan)},
			plan.NodeSubnet.MinPrefixLength, "node subnet"})
	}
	if plan.PodSubnet != nil {
		demands = append(demands, demand{LayoutSubnet{Name: "aks-pods", Role: RolePods, Pools: poolNames(plan)},
			plan.PodSubnet.MinPrefixLength, "pod subnet"})
	}
	if req.APIServerSubnet {
		demands = append(demands, demand{LayoutSubnet{Name: "aks-apiserver", Role: RoleAPIServer},
			netmodel.APIServerSubnetMinPrefixLen.Value, "API-server subnet"})
	}
	order := make([]int, len(demands))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(demands[a].bits, demands[b].bits) })
	free := setOf(vnets, taken)
	got := make([]netip.Prefix, len(demands))
	for _, i := range order {
		d := demands[i]
		if len(vnets) == 0 {
			break
		}
		p, next, ok := free.RemoveFreePrefix(uint8(d.bits))
		if !ok {
			ds.Add(shortage(CodeCarveShort, d.what, d.bits, free, "the VNet's free space",
				"add address space to the VNet (az network vnet update --address-prefixes), remove unused subnets, or lower the autoscaler maxima"))
			continue
		}
		free, got[i] = next, p
	}
	for i, d := range demands {
		if got[i].IsValid() {
			d.sub.Prefix = got[i]
			lay.Subnets = append(lay.Subnets, d.sub)
		}
	}

	// Ranges outside the VNet: pod CIDR, then service CIDR.
	// Existing subnets lie inside the VNet, which is excluded whole.
	outside := setOf(azaddr.PrivateRanges(), slices.Concat(c.VNets, req.Peers, c.Avoid, azaddr.Forbidden(), outsideVNets(req.Used, vnets)))
	if src := netmodel.MustLookup(plan.Model).PodSource.Value; src == netmodel.FromPodCIDR || src == netmodel.FromPlugin {
		bits := azaddr.DefaultPodCIDR.Bits()
		if plan.PodCIDR != nil {
			bits = plan.PodCIDR.MinPrefixLength
		} else {
			lay.Choices = append(lay.Choices, fmt.Sprintf("pod CIDR: /%d, the default's size: the plugin decides how it uses it (BYO; SPEC)", bits))
		}
		p, next, ok := carvePreferring(outside, azaddr.DefaultPodCIDR.Addr(), bits)
		if ok {
			lay.PodCIDR, outside = p, next
		} else {
			ds.Add(shortage(CodeCarveNoPrivate, "pod CIDR", bits, outside, "RFC 1918 and RFC 6598 space outside the VNet, its peers and the avoided ranges",
				"avoid fewer ranges, or lower the autoscaler maxima"))
		}
	}
	svcBits := azaddr.DefaultServiceCIDR.Bits() // the default's size, /16 (KUB; SPEC)
	lay.Choices = append(lay.Choices,
		fmt.Sprintf("service CIDR: /%d, the default's size (KUB; SPEC), at %s when that is free", svcBits, azaddr.DefaultServiceCIDR),
		fmt.Sprintf("DNS service IP: the service CIDR's address at offset %d, the .10 convention (KUB; SPEC)", azaddr.DNSServiceIPOffset))
	if plan.PodCIDR != nil {
		lay.Choices = append(lay.Choices, fmt.Sprintf("pod CIDR: the smallest block, at %s when that is free (OVLCFG; KUB)", azaddr.DefaultPodCIDR.Addr()))
	}
	if p, _, ok := carvePreferring(outside, azaddr.DefaultServiceCIDR.Addr(), svcBits); ok {
		lay.ServiceCIDR = p
		lay.DNSServiceIP, _ = azaddr.DNSServiceIPFor(p)
	} else {
		ds.Add(shortage(CodeCarveNoPrivate, "service CIDR", svcBits, outside, "RFC 1918 and RFC 6598 space outside the VNet, its peers and the avoided ranges",
			"avoid fewer ranges"))
	}
	return lay, ds
}

// outsideVNets returns the prefixes of used not wholly inside one of vnets.
func outsideVNets(used, vnets []netip.Prefix) []netip.Prefix {
	var out []netip.Prefix
	for _, u := range used {
		if !insideAny(u, vnets) {
			out = append(out, u)
		}
	}
	return out
}

// headroomPools grows each pool's autoscaler maximum by pct percent, rounded up.
func headroomPools(in []Pool, pct int) []Pool {
	out := slices.Clone(in)
	if pct <= 0 {
		return out
	}
	for i := range out {
		m := out[i].Max()
		out[i].MaxNodes = (m*(100+pct) + 99) / 100
	}
	return out
}

func poolNames(p Plan) []string {
	var out []string
	for _, pp := range p.Pools {
		out = append(out, pp.Name)
	}
	return out
}

// setOf is the IPv4 addresses of include minus exclude.
func setOf(include, exclude []netip.Prefix) *netipx.IPSet {
	var b netipx.IPSetBuilder
	for _, p := range include {
		if p.Addr().Is4() {
			b.AddPrefix(p.Masked())
		}
	}
	for _, p := range exclude {
		if p.IsValid() {
			b.RemovePrefix(p.Masked())
		}
	}
	s, _ := b.IPSet() // the builder never fails on valid prefixes
	return s
}

// carvePreferring takes the block of bits at the preferred address when it
// is free, else the best-fitting free block.
func carvePreferring(s *netipx.IPSet, preferred netip.Addr, bits int) (netip.Prefix, *netipx.IPSet, bool) {
	if pp, err := preferred.Prefix(bits); err == nil && pp.Addr() == preferred && s.ContainsPrefix(pp) {
		var b netipx.IPSetBuilder
		b.AddSet(s)
		b.RemovePrefix(pp)
		next, _ := b.IPSet()
		return pp, next, true
	}
	if bits < 0 || bits > 32 {
		return netip.Prefix{}, s, false
	}
	return s.RemoveFreePrefix(uint8(bits))
}

// shortage explains why no block of bits fits in free.
func shortage(code, what string, bits int, free *netipx.IPSet, where, hint string) diag.Diagnostic {
	need := int64(1) << (32 - bits)
	var largest, total int64
	lb := 0
	for _, p := range free.Prefixes() {
		n := azaddr.Size64(p)
		total += n
		if n > largest {
			largest, lb = n, p.Bits()
		}
	}
	msg := fmt.Sprintf("no free /%d for the %s in %s: it needs %d addresses in one aligned block", bits, what, where, need)
	detail := ""
	if largest == 0 {
		msg += "; nothing is free: short by " + fmt.Sprint(need)
	} else {
		msg += fmt.Sprintf("; the largest free block is a /%d (%d addresses): short by %d", lb, largest, need-largest)
		if total < need {
			detail = fmt.Sprintf("all free space together is %d addresses, %d fewer than the block alone", total, need-total)
		} else {
			detail = fmt.Sprintf("%d addresses are free in all, but fragmented", total)
		}
	}
	return diag.Diagnostic{Code: code, Severity: diag.Error, Message: msg, Detail: detail, Hint: hint, Source: "IPPLAN"}
}

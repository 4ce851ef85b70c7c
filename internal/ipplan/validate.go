package ipplan

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// rangeCodes are the planner's codes about ranges; Validate keeps these from
// the planner's check of the filled-in layout and drops the rest (limits
// already reported when the layout was carved).
var rangeCodes = []string{
	CodeForbiddenRange, CodeOverlap, CodeServiceCIDRTooLarge, CodeDNSOutside, CodeDNSFirstAddress,
	CodeNodeSubnetTooSmall, CodePodSubnetTooSmall, CodePodCIDRTooSmall, CodePodCIDRNotPrivate, CodeIPv6,
}

// Validate checks a layout against the request it answers, collecting every
// problem: each subnet inside the VNet's address space (CARVE010); no overlap
// between the layout's ranges, or with existing subnets, peered VNets and
// avoided ranges (CARVE011, PLAN013); the ranges the model needs and no
// others (CARVE012); Azure's 5 reserved addresses honoured, so every subnet
// holds its pools at autoscaler maximum plus surge (PLAN018, PLAN019,
// PLAN020, per node subnet when there are several); the API-server subnet at
// least a /28 (CARVE013); no forbidden range (PLAN012); the DNS service IP
// inside the service CIDR and not its first address (PLAN016, PLAN017).
// An empty list means the layout is sound.
func Validate(l Layout, req CarveRequest) diag.List {
	ds := diag.List{}
	c := req.Cluster
	add := func(code, src, hint, format string, args ...any) {
		ds.Add(diag.Diagnostic{Code: code, Severity: diag.Error, Source: src, Hint: hint, Message: fmt.Sprintf(format, args...)})
	}
	m, ok := netmodel.Lookup(c.Choice.Model)
	if !ok {
		add(CodeLayoutMissingRange, "", "", "unknown networking model %q", c.Choice.Model)
		return ds
	}

	// Required ranges.
	nodes := l.Subnet(RoleNodes)
	if !nodes.IsValid() {
		add(CodeLayoutMissingRange, "IPPLAN", "", "the layout has no node subnet")
	}
	pods := l.Subnet(RolePods)
	switch src := m.PodSource.Value; {
	case src == netmodel.FromPodSubnet && !pods.IsValid():
		add(CodeLayoutMissingRange, "PODSUB", "", "%s needs a pod subnet; the layout has none", m.ID)
	case src != netmodel.FromPodSubnet && pods.IsValid():
		add(CodeLayoutMissingRange, "PODSUB", "", "%s takes no pod subnet; the layout has %s", m.ID, pods)
	case src == netmodel.FromPodCIDR && !l.PodCIDR.IsValid():
		add(CodeLayoutMissingRange, "OVL", "", "%s needs a pod CIDR; the layout has none", m.ID)
	case (src == netmodel.FromPodSubnet || src == netmodel.FromNodeSubnet) && l.PodCIDR.IsValid():
		add(CodeLayoutMissingRange, "CNIOV", "", "%s takes pod IPs from the VNet, not a pod CIDR; the layout has %s", m.ID, l.PodCIDR)
	}
	if !l.ServiceCIDR.IsValid() || !l.DNSServiceIP.IsValid() {
		add(CodeLayoutMissingRange, "SPEC", "", "the layout has no service CIDR or DNS service IP")
	}
	api := l.Subnet(RoleAPIServer)
	if req.APIServerSubnet && !api.IsValid() {
		add(CodeLayoutMissingRange, "VNETINT", "", "API Server VNet Integration needs a delegated subnet; the layout has none")
	}
	if api.IsValid() && api.Bits() > netmodel.APIServerSubnetMinPrefixLen.Value {
		add(CodeLayoutTooSmall, netmodel.APIServerSubnetMinPrefixLen.Source, "use a /28 or larger",
			"API-server subnet %s is smaller than the /%d minimum", api, netmodel.APIServerSubnetMinPrefixLen.Value)
	}

	// Containment and overlaps.
	type named struct {
		name string
		p    netip.Prefix
	}
	var mine []named
	for _, s := range l.Subnets {
		mine = append(mine, named{"subnet " + s.Name + " " + s.Prefix.String(), s.Prefix})
		if !insideAny(s.Prefix, c.VNets) {
			add(CodeLayoutOutsideVNet, "UNIQ", "carve the subnet from the VNet's address space",
				"subnet %s %s is not inside the VNet's address space", s.Name, s.Prefix)
		}
	}
	if l.PodCIDR.IsValid() {
		mine = append(mine, named{"pod CIDR " + l.PodCIDR.String(), l.PodCIDR})
	}
	if l.ServiceCIDR.IsValid() {
		mine = append(mine, named{"service CIDR " + l.ServiceCIDR.String(), l.ServiceCIDR})
	}
	for i, a := range mine {
		for _, b := range mine[i+1:] {
			if a.p.Overlaps(b.p) {
				add(CodeLayoutOverlap, "IPPLAN", "", "%s overlaps %s", a.name, b.name)
			}
		}
		for _, g := range []struct {
			what string
			ps   []netip.Prefix
		}{{"existing subnet", req.Used}, {"peered VNet", req.Peers}, {"avoided range", c.Avoid}} {
			for _, p := range g.ps {
				if a.p.Overlaps(p) {
					add(CodeLayoutOverlap, "IPPLAN", "choose a free range", "%s overlaps %s %s", a.name, g.what, p)
				}
			}
		}
	}

	// Capacity, forbidden ranges, DNS: the planner's own checks on the filled request.
	full := Request{Choice: c.Choice, Pools: c.Pools, ILBs: c.ILBs, PrivateCluster: c.PrivateCluster,
		PodSubnet: pods, PodCIDR: l.PodCIDR, ServiceCIDR: l.ServiceCIDR, DNSServiceIP: l.DNSServiceIP,
		VNets: c.VNets, Avoid: slices.Concat(c.Avoid, req.Peers)}
	var nodeSubnets []LayoutSubnet
	for _, s := range l.Subnets {
		if s.Role == RoleNodes {
			nodeSubnets = append(nodeSubnets, s)
		}
	}
	if len(nodeSubnets) == 1 {
		full.NodeSubnet = nodeSubnets[0].Prefix
	} else {
		for i, s := range nodeSubnets {
			r := Request{Choice: c.Choice, NodeSubnet: s.Prefix}
			for _, p := range c.Pools {
				if slices.Contains(s.Pools, p.Name) {
					r.Pools = append(r.Pools, p)
				}
			}
			if i == 0 {
				r.ILBs, r.PrivateCluster = c.ILBs, c.PrivateCluster
			}
			keep(&ds, Compute(r).Diagnostics, CodeNodeSubnetTooSmall)
		}
	}
	keep(&ds, Compute(full).Diagnostics, rangeCodes...)
	for _, s := range l.Subnets {
		// The planner checked the pod subnet and a single node subnet.
		checked := s.Role == RolePods || (s.Role == RoleNodes && len(nodeSubnets) == 1)
		if f, bad := azaddr.ForbiddenOverlap(s.Prefix); bad && !checked {
			add(CodeForbiddenRange, "CNIOV", "", "subnet %s %s overlaps %s, which AKS reserves", s.Name, s.Prefix, f)
		}
	}
	return ds
}

// keep appends the diagnostics of from whose code is in codes, at error or warning severity.
func keep(ds *diag.List, from diag.List, codes ...string) {
	for _, d := range from {
		if slices.Contains(codes, d.Code) && d.Severity != diag.Info {
			ds.Add(d)
		}
	}
}

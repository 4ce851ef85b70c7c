package armtemplate

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/jsonpos"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// build turns the collected resources into the document's clusters and
// VNets, resolves pool subnets declared in the same template and applies
// AKS defaults.
func (r *reader) build(doc *aks.Document) {
	doc.VNets = r.buildVNets()
	byName := map[string]int{}
	for _, cr := range r.clusters {
		c := r.mapCluster(cr)
		if n, ok := cr.name.(string); ok {
			byName[strings.ToLower(n)] = len(doc.Clusters)
		}
		doc.Clusters = append(doc.Clusters, c)
	}
	for _, pr := range r.pools {
		full, ok := pr.name.(string)
		clusterName, poolName, split := strings.Cut(full, "/")
		idx, found := byName[strings.ToLower(clusterName)]
		if !ok || !split || !found {
			why := "its cluster is not declared in this template"
			if u, isU := pr.name.(Unknown); isU {
				why = "its name can't be evaluated: " + u.Why
			} else if ok && !split {
				why = fmt.Sprintf("its name %q is not cluster/pool", full)
			}
			r.diagAt(pr.node, CodeOrphanPool, diag.Warning, "agent pool resource is not read: "+why,
				"declare the cluster in the same template, or name the pool [concat(clusterName, '/', poolName)]")
			continue
		}
		cur := r.cursor(pr.sc, pr.node)
		p := r.mapPool(cur.get("properties"), aks.SetAt(poolName, r.origin(pr.node.Get("name"))), r.origin(pr.node))
		doc.Clusters[idx].Pools = append(doc.Clusters[idx].Pools, p)
	}
	if len(doc.Clusters) == 0 {
		r.diagAt(r.root(), CodeNoClusters, diag.Info, "the template declares no Microsoft.ContainerService/managedClusters resource", "")
	}
	for i := range doc.Clusters {
		c := &doc.Clusters[i]
		r.resolveSubnets(c, doc.VNets)
		aks.ApplyDefaults(c)
	}
	if r.budget <= 0 {
		r.diagAt(r.root(), CodeBudget, diag.Warning,
			fmt.Sprintf("evaluation stopped after %d steps; values evaluated later are unknown", defaultBudget),
			"the template's expressions are unusually expensive; simplify them")
	}
}

func (r *reader) root() jsonpos.Node { return r.rootNode }

func (r *reader) mapCluster(cr *clusterRes) aks.Cluster {
	top := r.cursor(cr.sc, cr.node)
	c := aks.Cluster{
		Address: cr.symbolic,
		Source:  r.origin(cr.node),
		Format:  aks.FormatARMTemplate,
	}
	c.Name = top.get("name").str("cluster name")
	if n, ok := cr.name.(string); ok {
		c.ResourceID = resourceIDFor(typeCluster, n)
		if c.Address == "" {
			c.Address = c.ResourceID
		}
	}
	c.Location = top.get("location").str("location")
	c.SKUTier = top.path("sku", "tier").str("sku.tier")
	if tags, ok := top.get("tags").value().(*Object); ok {
		c.Tags = map[string]string{}
		for _, k := range tags.Keys() {
			if v, _ := tags.Get(k); v != nil {
				if s, ok := v.(string); ok {
					c.Tags[k] = s
				}
			}
		}
	}
	p := top.get("properties")
	c.KubernetesVersion = p.get("kubernetesVersion").str("kubernetesVersion")

	np := p.get("networkProfile")
	n := &c.Network
	n.Plugin = np.get("networkPlugin").str("networkProfile.networkPlugin")
	n.PluginMode = np.get("networkPluginMode").str("networkProfile.networkPluginMode")
	n.Dataplane = enumValue(np.get("networkDataplane"), "networkProfile.networkDataplane", netmodel.ParseDataplane)
	n.Policy = policyValue(np.get("networkPolicy"))
	n.Mode = np.get("networkMode").str("networkProfile.networkMode")
	n.PodCIDR = np.get("podCidr").prefix("networkProfile.podCidr")
	n.PodCIDRs = prefixes(np.get("podCidrs"), "networkProfile.podCidrs")
	n.ServiceCIDR = np.get("serviceCidr").prefix("networkProfile.serviceCidr")
	n.ServiceCIDRs = prefixes(np.get("serviceCidrs"), "networkProfile.serviceCidrs")
	n.DNSServiceIP = np.get("dnsServiceIP").addr("networkProfile.dnsServiceIP")
	if fam := np.get("ipFamilies"); fam.present() {
		vals, ok, o := fam.strs("networkProfile.ipFamilies")
		n.IPFamilies = joinStrings(vals, ok, o)
	}
	n.OutboundType = np.get("outboundType").str("networkProfile.outboundType")
	n.LoadBalancerSKU = np.get("loadBalancerSku").str("networkProfile.loadBalancerSku")
	lb := np.get("loadBalancerProfile")
	n.LoadBalancer.ManagedOutboundIPs = lb.path("managedOutboundIPs", "count").int("loadBalancerProfile.managedOutboundIPs.count")
	n.LoadBalancer.OutboundIPs = count(lb.path("outboundIPs", "publicIPs"), "loadBalancerProfile.outboundIPs.publicIPs")
	n.LoadBalancer.OutboundIPPrefixes = count(lb.path("outboundIPPrefixes", "publicIPPrefixes"), "loadBalancerProfile.outboundIPPrefixes.publicIPPrefixes")
	n.LoadBalancer.AllocatedOutboundPorts = lb.get("allocatedOutboundPorts").int("loadBalancerProfile.allocatedOutboundPorts")
	n.LoadBalancer.IdleTimeoutMinutes = lb.get("idleTimeoutInMinutes").int("loadBalancerProfile.idleTimeoutInMinutes")
	ng := np.get("natGatewayProfile")
	n.NATGateway.ManagedOutboundIPs = ng.path("managedOutboundIPProfile", "count").int("natGatewayProfile.managedOutboundIPProfile.count")
	n.NATGateway.IdleTimeoutMinutes = ng.get("idleTimeoutInMinutes").int("natGatewayProfile.idleTimeoutInMinutes")
	n.AdvancedNetworking = np.path("advancedNetworking", "enabled").bool("networkProfile.advancedNetworking.enabled")

	api := p.get("apiServerAccessProfile")
	a := &c.APIServer
	a.Private = api.get("enablePrivateCluster").bool("apiServerAccessProfile.enablePrivateCluster")
	a.PrivateDNSZone = api.get("privateDNSZone").str("apiServerAccessProfile.privateDNSZone")
	a.PublicFQDN = api.get("enablePrivateClusterPublicFQDN").bool("apiServerAccessProfile.enablePrivateClusterPublicFQDN")
	a.VNetIntegration = api.get("enableVnetIntegration").bool("apiServerAccessProfile.enableVnetIntegration")
	a.SubnetID = api.get("subnetId").str("apiServerAccessProfile.subnetId")
	ranges := api.get("authorizedIPRanges")
	if ranges.present() {
		a.AuthorizedIPRanges = authorizedRanges(ranges)
	}
	a.PublicNetworkAccess = p.get("publicNetworkAccess").str("publicNetworkAccess")
	a.BootstrapArtifactSource = p.path("bootstrapProfile", "artifactSource").str("bootstrapProfile.artifactSource")

	pools, _ := p.get("agentPoolProfiles").elems("agentPoolProfiles")
	for _, pc := range pools {
		c.Pools = append(c.Pools, r.mapPool(pc, pc.get("name").str("agent pool name"), pc.origin()))
	}
	return c
}

// mapPool maps an agent pool's properties (an agentPoolProfiles element or
// an agentPools resource's properties).
func (r *reader) mapPool(pc cur, name aks.Value[string], src aks.Origin) aks.NodePool {
	p := aks.NodePool{Name: name, Source: src}
	what := "agent pool"
	if n, ok := name.Get(); ok {
		what = "agent pool " + n
	}
	p.Mode = pc.get("mode").str(what + " mode")
	p.Count = pc.get("count").int(what + " count")
	p.AutoScaling = pc.get("enableAutoScaling").bool(what + " enableAutoScaling")
	p.MinCount = pc.get("minCount").int(what + " minCount")
	p.MaxCount = pc.get("maxCount").int(what + " maxCount")
	p.MaxPods = pc.get("maxPods").int(what + " maxPods")
	p.MaxSurge = surge(pc.path("upgradeSettings", "maxSurge"), what+" upgradeSettings.maxSurge")
	p.OS = pc.get("osType").str(what + " osType")
	p.OSSKU = pc.get("osSKU").str(what + " osSKU")
	p.VMSize = pc.get("vmSize").str(what + " vmSize")
	p.Type = pc.get("type").str(what + " type")
	p.SubnetID = pc.get("vnetSubnetID").str(what + " vnetSubnetID")
	p.PodSubnetID = pc.get("podSubnetID").str(what + " podSubnetID")
	p.PodIPAllocation = enumValue(pc.get("podIPAllocationMode"), what+" podIPAllocationMode", netmodel.ParseAllocation)
	p.NodePublicIP = pc.get("enableNodePublicIP").bool(what + " enableNodePublicIP")
	return p
}

// surge reads maxSurge, which ARM takes as a string ("33%", "1") but
// templates sometimes write as a number.
func surge(c cur, what string) aks.Value[string] {
	return scalar(c, what, "a string such as \"33%\"", func(v any) (string, bool) {
		switch v := v.(type) {
		case string:
			return v, true
		case int64:
			return fmt.Sprint(v), true
		}
		return "", false
	})
}

func enumValue[T ~string](c cur, what string, parse func(string) (T, error)) aks.Value[T] {
	s := c.str(what)
	if s.State != aks.Set {
		return aks.Value[T]{State: s.State, Origin: s.Origin}
	}
	v, err := parse(s.V)
	if err != nil {
		c.r.diagAt(c.n, CodeWrongType, diag.Error, what+": "+err.Error(), "use one of the documented values")
		return aks.UnknownAt[T](s.Origin, err.Error())
	}
	return aks.SetAt(v, s.Origin)
}

// policyValue reads networkPolicy. An empty string is no engine, like an
// absent one; it is kept as set to none so audits can point at it.
func policyValue(c cur) aks.Value[netmodel.PolicyEngine] {
	s := c.str("networkProfile.networkPolicy")
	if s.State == aks.Set && strings.TrimSpace(s.V) == "" {
		o := s.Origin
		o.Note = "networkPolicy is the empty string: no network policy engine (SPEC)"
		return aks.SetAt(netmodel.PolicyNone, o)
	}
	if s.State != aks.Set {
		return aks.Value[netmodel.PolicyEngine]{State: s.State, Origin: s.Origin}
	}
	return enumValue(c, "networkProfile.networkPolicy", netmodel.ParsePolicy)
}

func prefixes(c cur, what string) []aks.Value[netip.Prefix] {
	es, _ := c.elems(what)
	var out []aks.Value[netip.Prefix]
	for _, e := range es {
		out = append(out, e.prefix(what))
	}
	return out
}

func count(c cur, what string) aks.Value[int] {
	if !c.present() {
		return aks.Value[int]{}
	}
	es, ok := c.elems(what)
	if !ok {
		return aks.UnknownAt[int](c.origin(), what+" can't be evaluated")
	}
	return aks.SetAt(len(es), c.origin())
}

func joinStrings(vals []aks.Value[string], ok bool, o aks.Origin) aks.Value[[]string] {
	if !ok {
		return aks.UnknownAt[[]string](o, "the list can't be evaluated")
	}
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		s, known := v.Get()
		if !known {
			return aks.UnknownAt[[]string](o, "an element can't be evaluated")
		}
		out = append(out, s)
	}
	return aks.SetAt(out, o)
}

func authorizedRanges(c cur) aks.Value[[]netip.Prefix] {
	es, ok := c.elems("apiServerAccessProfile.authorizedIPRanges")
	if !ok {
		return aks.UnknownAt[[]netip.Prefix](c.origin(), "authorizedIPRanges can't be evaluated")
	}
	out := make([]netip.Prefix, 0, len(es))
	for _, e := range es {
		s := e.str("apiServerAccessProfile.authorizedIPRanges")
		v, known := s.Get()
		if !known {
			return aks.UnknownAt[[]netip.Prefix](c.origin(), "an element can't be evaluated")
		}
		v = strings.TrimSpace(v)
		// A bare address is a /32 (or /128), as AKS accepts it.
		if a, err := netip.ParseAddr(v); err == nil {
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(v)
		if err != nil {
			e.r.diagAt(e.n, CodeInvalidCIDR, diag.Error, fmt.Sprintf("apiServerAccessProfile.authorizedIPRanges: %q is not a CIDR", v),
				"write an address range such as 203.0.113.0/24")
			return aks.UnknownAt[[]netip.Prefix](c.origin(), fmt.Sprintf("%q is not a CIDR", v))
		}
		out = append(out, p)
	}
	return aks.SetAt(out, c.origin())
}

// resourceIDFor builds the canonical id of a resource declared in the
// template from its type and full name ("vnet/subnet").
func resourceIDFor(typ, name string) string {
	args := []any{canonicalType(typ)}
	for _, seg := range strings.Split(name, "/") {
		args = append(args, seg)
	}
	if s, ok := resourceID(args, true).(string); ok {
		return s
	}
	return ""
}

func canonicalType(lower string) string {
	switch lower {
	case typeCluster:
		return "Microsoft.ContainerService/managedClusters"
	case typeVNet:
		return "Microsoft.Network/virtualNetworks"
	case typeSubnet:
		return "Microsoft.Network/virtualNetworks/subnets"
	}
	return lower
}

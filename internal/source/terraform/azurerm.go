package terraform

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// Provider values mapped to the ARM spellings of the model (SPEC §8.1). The
// azurerm provider accepts the same words; keys are lower-cased input.
var (
	pluginValues    = map[string]string{"azure": "azure", "kubenet": "kubenet", "none": "none"}                   // SPEC networkPlugin
	pluginModes     = map[string]string{"overlay": "overlay"}                                                     // SPEC networkPluginMode
	policyValues    = map[string]string{"azure": "azure", "calico": "calico", "cilium": "cilium", "none": "none"} // SPEC networkPolicy
	dataplaneValues = map[string]string{"azure": "azure", "cilium": "cilium"}                                     // SPEC networkDataplane
	modeValues      = map[string]string{"transparent": "transparent", "bridge": "bridge"}                         // SPEC networkMode
	outboundValues  = map[string]string{                                                                          // SPEC outboundType; EGR
		"loadbalancer": "loadBalancer", "userdefinedrouting": "userDefinedRouting",
		"managednatgateway": "managedNATGateway", "userassignednatgateway": "userAssignedNATGateway",
		"none": "none", "block": "block", "managednatgatewayv2": "managedNATGatewayV2",
	}
	lbSKUValues   = map[string]string{"standard": "standard", "basic": "basic"}                                                                                         // SPEC loadBalancerSku
	osValues      = map[string]string{"linux": "Linux", "windows": "Windows"}                                                                                           // SPEC osType
	poolTypes     = map[string]string{"virtualmachinescalesets": "VirtualMachineScaleSets", "availabilityset": "AvailabilitySet", "virtualmachines": "VirtualMachines"} // SPEC type
	poolModes     = map[string]string{"system": "System", "user": "User", "gateway": "Gateway"}                                                                         // SPEC mode
	skuTiers      = map[string]string{"free": "Free", "standard": "Standard", "premium": "Premium", "paid": "Standard"}                                                 // SPEC sku.tier; azurerm 3.x "Paid"
	ipFamilyNames = map[string]string{"ipv4": "IPv4", "ipv6": "IPv6"}                                                                                                   // SPEC ipFamilies
	allocModes    = map[string]string{"dynamicindividual": string(netmodel.Dynamic), "staticblock": string(netmodel.StaticBlock)}                                       // SPEC podIPAllocationMode
)

// subnetInfo is what a pool's subnet reference can resolve to.
type subnetInfo struct {
	prefix aks.Value[netip.Prefix] // the subnet's first prefix, with its origin
	addr   string                  // the subnet's address, e.g. azurerm_subnet.aks
}

// resolver maps the opaque id markers of subnets to what they define.
type resolver struct {
	subnets map[string]subnetInfo
	// ref, when set, returns the subnet address an attribute refers to in
	// the plan's configuration (for ids unknown until apply).
	ref func(attr string) string
}

// readAzurermCluster maps one azurerm_kubernetes_cluster instance.
func readAzurermCluster(rd *reader, s source, addr string, format aks.Format, res *resolver) aks.Cluster {
	c := aks.Cluster{Address: addr, Source: s.origin(), Format: format}
	c.Name = rd.str(s.attr("name"), addr+" name")
	c.Location = rd.str(s.attr("location"), addr+" location")
	c.KubernetesVersion = rd.str(s.attr("kubernetes_version"), addr+" kubernetes_version")
	c.SKUTier = rd.enum(s.attr("sku_tier"), addr+" sku_tier", skuTiers, "SPEC")
	if f := s.attr("sku_tier"); c.SKUTier.State == aks.Set && f.known() && f.v.Type() == cty.String && strings.EqualFold(f.v.AsString(), "paid") {
		c.SKUTier.Origin.Note = "sku_tier Paid is azurerm 3.x's name for Standard"
	}
	c.Tags = rd.stringMap(s.attr("tags"))
	c.Identity = readIdentity(rd, s, addr)

	api := &c.APIServer
	api.Private = rd.boolean(s.attr("private_cluster_enabled"), "private_cluster_enabled")
	api.PrivateDNSZone = rd.str(s.attr("private_dns_zone_id"), "private_dns_zone_id")
	api.PublicFQDN = rd.boolean(s.attr("private_cluster_public_fqdn_enabled"), "private_cluster_public_fqdn_enabled")
	if f := s.attr("api_server_authorized_ip_ranges"); f.present { // azurerm < 4
		_, api.AuthorizedIPRanges = rd.prefixes(f, "api_server_authorized_ip_ranges", true)
	}
	if p := rd.one(s, "api_server_access_profile"); p != nil {
		if f := p.attr("authorized_ip_ranges"); f.present {
			_, api.AuthorizedIPRanges = rd.prefixes(f, "api_server_access_profile.authorized_ip_ranges", true)
		}
		api.VNetIntegration = rd.boolean(first(p, "virtual_network_integration_enabled", "vnet_integration_enabled"), "api_server_access_profile.virtual_network_integration_enabled")
		api.SubnetID = rd.str(p.attr("subnet_id"), "api_server_access_profile.subnet_id")
	}

	if np := rd.one(s, "network_profile"); np != nil {
		readAzurermNetwork(rd, np, &c.Network)
	}

	pools := s.blocks("default_node_pool")
	if len(pools) == 0 {
		// azurerm 1.x spelled the pools agent_pool_profile, with count.
		for i, lp := range s.blocks("agent_pool_profile") {
			np := readAzurermPool(rd, lp, "agent_pool_profile", res)
			if np.Count.State == aks.Absent {
				np.Count = rd.integer(lp.attr("count"), "agent_pool_profile.count")
			}
			if i == 0 && np.Mode.State == aks.Absent {
				np.Mode = aks.Default("System", "the first agent_pool_profile is the cluster's System pool (azurerm 1.x)")
			}
			c.Pools = append(c.Pools, np)
		}
	}
	if len(pools) == 0 && len(c.Pools) == 0 {
		o := s.origin()
		rd.at(CodeNoDefaultPool, diag.Error, o, addr+" has no default_node_pool block (the provider requires one)", "add a default_node_pool block")
	}
	for i, p := range pools {
		if i > 0 {
			rd.at(CodeRepeatedBlock, diag.Warning, p.origin(), "default_node_pool appears more than once; the first is read", "keep one default_node_pool block")
			break
		}
		np := readAzurermPool(rd, p, "default_node_pool", res)
		if np.Mode.State == aks.Absent {
			np.Mode = aks.Default("System", "default_node_pool is the cluster's System pool (azurerm)")
		}
		if np.OS.State == aks.Absent {
			np.OS = aks.Default("Linux", "default_node_pool is always Linux (azurerm; a System pool must be Linux, SPEC)")
		}
		c.Pools = append(c.Pools, np)
	}
	return c
}

// netNames spells the networkProfile fields in one dialect: azurerm
// attributes or ARM properties. Several names are old and new spellings,
// new first.
type netNames struct {
	block                                            string
	plugin, mode, policy, netMode, podCIDR, podCIDRs string
	serviceCIDR, serviceCIDRs, dns, outbound, lbSKU  string
	families                                         string
	dataplane                                        []string
}

var (
	azurermNet = netNames{block: "network_profile", plugin: "network_plugin", mode: "network_plugin_mode", policy: "network_policy",
		netMode: "network_mode", podCIDR: "pod_cidr", podCIDRs: "pod_cidrs", serviceCIDR: "service_cidr", serviceCIDRs: "service_cidrs",
		dns: "dns_service_ip", outbound: "outbound_type", lbSKU: "load_balancer_sku", families: "ip_versions",
		dataplane: []string{"network_data_plane", "ebpf_data_plane"}}
	armNet = netNames{block: "networkProfile", plugin: "networkPlugin", mode: "networkPluginMode", policy: "networkPolicy",
		netMode: "networkMode", podCIDR: "podCidr", podCIDRs: "podCidrs", serviceCIDR: "serviceCidr", serviceCIDRs: "serviceCidrs",
		dns: "dnsServiceIP", outbound: "outboundType", lbSKU: "loadBalancerSku", families: "ipFamilies",
		dataplane: []string{"networkDataplane"}}
)

// readNetworkCore reads the fields both dialects share.
func readNetworkCore(rd *reader, np source, n *aks.NetworkProfile, k netNames) {
	w := func(a string) string { return k.block + "." + a }
	n.Plugin = rd.enum(np.attr(k.plugin), w(k.plugin), pluginValues, "SPEC")
	n.PluginMode = rd.enum(np.attr(k.mode), w(k.mode), pluginModes, "SPEC")
	if pol := rd.enum(np.attr(k.policy), w(k.policy), policyValues, "SPEC"); pol.State != aks.Absent {
		n.Policy = convertValue(pol, func(s string) netmodel.PolicyEngine { return netmodel.PolicyEngine(s) })
	}
	if dp := rd.enum(first(np, k.dataplane...), w(k.dataplane[0]), dataplaneValues, "SPEC"); dp.State != aks.Absent {
		n.Dataplane = convertValue(dp, func(s string) netmodel.Dataplane { return netmodel.Dataplane(s) })
	}
	n.Mode = rd.enum(np.attr(k.netMode), w(k.netMode), modeValues, "SPEC")
	n.PodCIDR = rd.prefix(np.attr(k.podCIDR), w(k.podCIDR))
	n.PodCIDRs, _ = rd.prefixes(np.attr(k.podCIDRs), w(k.podCIDRs), false)
	n.ServiceCIDR = rd.prefix(np.attr(k.serviceCIDR), w(k.serviceCIDR))
	n.ServiceCIDRs, _ = rd.prefixes(np.attr(k.serviceCIDRs), w(k.serviceCIDRs), false)
	n.DNSServiceIP = rd.addr(np.attr(k.dns), w(k.dns))
	n.OutboundType = rd.enum(np.attr(k.outbound), w(k.outbound), outboundValues, "SPEC")
	n.LoadBalancerSKU = rd.enum(np.attr(k.lbSKU), w(k.lbSKU), lbSKUValues, "SPEC")
	n.IPFamilies = ipFamilies(rd, np.attr(k.families), w(k.families))
}

func readAzurermNetwork(rd *reader, np source, n *aks.NetworkProfile) {
	readNetworkCore(rd, np, n, azurermNet)
	if lb := rd.one(np, "load_balancer_profile"); lb != nil {
		n.LoadBalancer.ManagedOutboundIPs = rd.integer(lb.attr("managed_outbound_ip_count"), "load_balancer_profile.managed_outbound_ip_count")
		n.LoadBalancer.OutboundIPs = rd.count(lb.attr("outbound_ip_address_ids"), "load_balancer_profile.outbound_ip_address_ids")
		n.LoadBalancer.OutboundIPPrefixes = rd.count(lb.attr("outbound_ip_prefix_ids"), "load_balancer_profile.outbound_ip_prefix_ids")
		n.LoadBalancer.AllocatedOutboundPorts = rd.integer(lb.attr("outbound_ports_allocated"), "load_balancer_profile.outbound_ports_allocated")
		n.LoadBalancer.IdleTimeoutMinutes = rd.integer(lb.attr("idle_timeout_in_minutes"), "load_balancer_profile.idle_timeout_in_minutes")
	}
	if nat := rd.one(np, "nat_gateway_profile"); nat != nil {
		n.NATGateway.ManagedOutboundIPs = rd.integer(nat.attr("managed_outbound_ip_count"), "nat_gateway_profile.managed_outbound_ip_count")
		n.NATGateway.IdleTimeoutMinutes = rd.integer(nat.attr("idle_timeout_in_minutes"), "nat_gateway_profile.idle_timeout_in_minutes")
	}
	if adv := rd.one(np, "advanced_networking"); adv != nil {
		obs := rd.boolean(adv.attr("observability_enabled"), "advanced_networking.observability_enabled")
		sec := rd.boolean(adv.attr("security_enabled"), "advanced_networking.security_enabled")
		switch {
		case obs.State == aks.Set && sec.State == aks.Set:
			n.AdvancedNetworking = aks.SetAt(obs.V || sec.V, obs.Origin)
		case obs.State == aks.Set:
			n.AdvancedNetworking = obs
		case sec.State == aks.Set:
			n.AdvancedNetworking = sec
		}
	}
	if pf := np.attr("network_plugin"); !pf.present {
		o := np.origin()
		rd.at(CodeProviderDefault, diag.Info, o, "network_profile without network_plugin: the azurerm provider requires network_plugin inside network_profile, while the AKS API picks a plugin by Kubernetes version (SPEC-PR)",
			"set network_plugin explicitly")
	}
}

func ipFamilies(rd *reader, f field, what string) aks.Value[[]string] {
	l := rd.strings(f, what)
	if l.State != aks.Set {
		return l
	}
	for i, s := range l.V {
		v, ok := ipFamilyNames[strings.ToLower(s)]
		if !ok {
			rd.at(CodeInvalidValue, diag.Error, f.org, what+" "+s+" is not IPv4 or IPv6 (SPEC)", "use IPv4 or IPv4 and IPv6")
			return aks.UnknownAt[[]string](f.org, "invalid IP family")
		}
		l.V[i] = v
	}
	return l
}

// convertValue changes a string value's type, keeping state and origin.
func convertValue[T any](v aks.Value[string], f func(string) T) aks.Value[T] {
	return aks.Value[T]{V: f(v.V), State: v.State, Origin: v.Origin}
}

// readAzurermPool maps default_node_pool or an azurerm_kubernetes_cluster_node_pool.
// poolNames spells the agent pool fields in one dialect (azurerm attributes
// or ARM properties); lists hold new then old spellings.
type poolNames struct {
	name, mode, vmSize, count, minCount, maxCount, maxPods   string
	os, osSKU, typ, subnet, podSubnet, alloc, upgrade, surge string
	autoScaling, publicIP                                    []string
}

var (
	azurermPool = poolNames{name: "name", mode: "mode", vmSize: "vm_size", count: "node_count", minCount: "min_count",
		maxCount: "max_count", maxPods: "max_pods", os: "os_type", osSKU: "os_sku", typ: "type", subnet: "vnet_subnet_id",
		podSubnet: "pod_subnet_id", alloc: "pod_ip_allocation_mode", upgrade: "upgrade_settings", surge: "max_surge",
		autoScaling: []string{"auto_scaling_enabled", "enable_auto_scaling"}, publicIP: []string{"node_public_ip_enabled", "enable_node_public_ip"}}
	armPool = poolNames{name: "name", mode: "mode", vmSize: "vmSize", count: "count", minCount: "minCount",
		maxCount: "maxCount", maxPods: "maxPods", os: "osType", osSKU: "osSKU", typ: "type", subnet: "vnetSubnetID",
		podSubnet: "podSubnetID", alloc: "podIPAllocationMode", upgrade: "upgradeSettings", surge: "maxSurge",
		autoScaling: []string{"enableAutoScaling"}, publicIP: []string{"enableNodePublicIP"}}
)

// readAzurermPool maps default_node_pool or an azurerm_kubernetes_cluster_node_pool.
func readAzurermPool(rd *reader, s source, what string, res *resolver) aks.NodePool {
	return readPool(rd, s, what, res, azurermPool)
}

func readPool(rd *reader, s source, what string, res *resolver, k poolNames) aks.NodePool {
	w := func(a string) string { return what + "." + a }
	p := aks.NodePool{Source: s.origin()}
	p.Name = rd.str(s.attr(k.name), w(k.name))
	p.Mode = rd.enum(s.attr(k.mode), w(k.mode), poolModes, "SPEC")
	p.VMSize = rd.str(s.attr(k.vmSize), w(k.vmSize))
	p.Count = rd.integer(s.attr(k.count), w(k.count))
	p.AutoScaling = rd.boolean(first(s, k.autoScaling...), w(k.autoScaling[0]))
	p.MinCount = rd.integer(s.attr(k.minCount), w(k.minCount))
	p.MaxCount = rd.integer(s.attr(k.maxCount), w(k.maxCount))
	p.MaxPods = rd.integer(s.attr(k.maxPods), w(k.maxPods))
	p.OS = rd.enum(s.attr(k.os), w(k.os), osValues, "SPEC")
	p.OSSKU = rd.str(s.attr(k.osSKU), w(k.osSKU))
	p.Type = rd.enum(s.attr(k.typ), w(k.typ), poolTypes, "SPEC")
	p.NodePublicIP = rd.boolean(first(s, k.publicIP...), w(k.publicIP[0]))
	p.SubnetID = rd.str(s.attr(k.subnet), w(k.subnet))
	p.PodSubnetID = rd.str(s.attr(k.podSubnet), w(k.podSubnet))
	if a := rd.enum(s.attr(k.alloc), w(k.alloc), allocModes, "SPEC"); a.State != aks.Absent {
		p.PodIPAllocation = convertValue(a, func(s string) netmodel.Allocation { return netmodel.Allocation(s) })
	}
	if u := rd.one(s, k.upgrade); u != nil {
		p.MaxSurge = rd.str(u.attr(k.surge), w(k.upgrade+"."+k.surge))
	}
	p.Subnet = res.resolve(rd, p.SubnetID, w(k.subnet))
	p.PodSubnet = res.resolve(rd, p.PodSubnetID, w(k.podSubnet))
	return p
}

// resolve follows a subnet id (as written) to the subnet's prefix.
func (res *resolver) resolve(rd *reader, id aks.Value[string], what string) aks.Value[netip.Prefix] {
	switch id.State {
	case aks.Absent:
		return aks.Value[netip.Prefix]{}
	case aks.Unknown:
		if res.ref != nil {
			attr := what[strings.LastIndexByte(what, '.')+1:]
			if sn, ok := res.subnets[idMarker(res.ref(attr))]; ok && sn.prefix.State == aks.Set {
				out := sn.prefix
				out.Origin.Note = "prefix of " + sn.addr + ", which " + what + " refers to in the plan's configuration"
				return out
			}
		}
		return aks.UnknownAt[netip.Prefix](id.Origin, id.Origin.Note)
	}
	sn, ok := res.subnets[id.V]
	if !ok {
		rd.at(CodeSubnetRef, diag.Info, id.Origin, what+" names a subnet that is not defined in this module; its prefix is unknown",
			"read the VNet inventory too, or define the subnet in the same module")
		return aks.UnknownAt[netip.Prefix](id.Origin, "subnet "+id.V+" is not defined in this module")
	}
	out := sn.prefix
	note := "prefix of " + sn.addr + ", referenced by " + what
	if id.Origin.File != "" {
		note += " at " + id.Origin.File + ":" + strconv.Itoa(id.Origin.Line)
	}
	if out.State == aks.Unknown {
		out.Origin.Note = note + "; " + out.Origin.Note
	} else if out.State == aks.Set {
		out.Origin.Note = note
	}
	return out
}

// identityTypes maps the identity block's type (azurerm and azapi) to the
// model (SPEC identity.type).
var identityTypes = map[string]string{"systemassigned": "SystemAssigned", "userassigned": "UserAssigned", "none": "None"} // SPEC identity.type

// readIdentity reads the identity block's type or, without one, a
// service_principal block (azurerm: a cluster has one or the other).
func readIdentity(rd *reader, s source, addr string) aks.Value[aks.IdentityType] {
	if id := rd.one(s, "identity"); id != nil {
		t := rd.enum(id.attr("type"), addr+" identity.type", identityTypes, "SPEC")
		out := aks.Value[aks.IdentityType]{State: t.State, Origin: t.Origin}
		if t.State == aks.Set {
			out.V, _ = aks.ParseIdentityType(t.V)
		}
		if t.State == aks.Absent {
			o := id.origin()
			out = aks.UnknownAt[aks.IdentityType](o, "the identity block has no type")
		}
		return out
	}
	if sp := rd.one(s, "service_principal"); sp != nil {
		return aks.SetAt(aks.IdentityServicePrincipal, sp.origin())
	}
	return aks.Value[aks.IdentityType]{}
}

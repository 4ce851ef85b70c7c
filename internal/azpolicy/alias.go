package azpolicy

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// ResourceType is the resource type every definition here applies to.
const ResourceType = "Microsoft.ContainerService/managedClusters"

// aliasPrefix starts every managedClusters alias.
const aliasPrefix = ResourceType + "/"

// AliasSource is where the aliases in the table were confirmed: the alias
// list Get-AzPolicyAlias returns for the resource type, as published in the
// maciejporebski/azure-policy-aliases dump (aliases/Microsoft.ContainerService/managedClusters.md),
// and, for networkPlugin and enablePrivateCluster, the built-in definitions
// 46238e2f-3f6f-4589-9f3f-77bed4116e67 and 040732e8-d947-40b8-95d6-854c95024bf8 (POL).
const AliasSource = "Get-AzPolicyAlias Microsoft.ContainerService/managedClusters (azure-policy-aliases dump); POL"

// View says which values of a normalized cluster a policy sees.
type View int

const (
	// Stored is the resource as Azure Resource Manager returns it: values
	// the user set plus the defaults the service filled in. Audit and
	// compliance scans see this.
	Stored View = iota
	// Request is a create request body: only values the user wrote. A Deny
	// at create time sees this.
	Request
)

// absentT marks a field the resource does not have.
type absentT struct{}

var absent = absentT{}

// unknownValue stands for a value the input sets by an expression that
// could not be resolved; evaluating a condition on it is an error.
type unknownValue struct{ note string }

// clusterAlias maps an alias (without the type prefix) to the value of a
// normalized cluster.
type clusterAlias struct {
	alias string
	// array: the value is an array, so alias[*] addresses its members.
	array bool
	get   func(c *aks.Cluster, v View) any
}

// poolAlias maps an agentPoolProfiles[*].<prop> alias to a pool's value.
type poolAlias struct {
	prop string
	get  func(p *aks.NodePool, v View) any
}

// clusterAliases is the alias table for cluster-level properties. An array
// alias is listed once without [*]; the [*] form addresses its members.
var clusterAliases = []clusterAlias{
	{"kubernetesVersion", false, func(c *aks.Cluster, v View) any { return val(c.KubernetesVersion, v, str) }},
	{"networkProfile.networkPlugin", false, func(c *aks.Cluster, v View) any { return val(c.Network.Plugin, v, str) }},
	{"networkProfile.networkPluginMode", false, func(c *aks.Cluster, v View) any { return val(c.Network.PluginMode, v, str) }},
	{"networkProfile.networkPolicy", false, func(c *aks.Cluster, v View) any {
		return val(c.Network.Policy, v, func(p netmodel.PolicyEngine) any { return string(p) })
	}},
	{"networkProfile.networkDataplane", false, func(c *aks.Cluster, v View) any {
		return val(c.Network.Dataplane, v, func(d netmodel.Dataplane) any { return string(d) })
	}},
	{"networkProfile.networkMode", false, func(c *aks.Cluster, v View) any { return val(c.Network.Mode, v, str) }},
	{"networkProfile.outboundType", false, func(c *aks.Cluster, v View) any { return val(c.Network.OutboundType, v, str) }},
	{"networkProfile.loadBalancerSku", false, func(c *aks.Cluster, v View) any { return val(c.Network.LoadBalancerSKU, v, str) }},
	{"networkProfile.podCidr", false, func(c *aks.Cluster, v View) any { return firstV4(c.Network.PodCIDR, c.Network.PodCIDRs, v) }},
	{"networkProfile.serviceCidr", false, func(c *aks.Cluster, v View) any {
		return firstV4(c.Network.ServiceCIDR, c.Network.ServiceCIDRs, v)
	}},
	{"networkProfile.podCidrs", true, func(c *aks.Cluster, v View) any { return list(c.Network.PodCIDRs, v) }},
	{"networkProfile.serviceCidrs", true, func(c *aks.Cluster, v View) any { return list(c.Network.ServiceCIDRs, v) }},
	{"networkProfile.dnsServiceIP", false, func(c *aks.Cluster, v View) any {
		return val(c.Network.DNSServiceIP, v, func(a netip.Addr) any { return a.String() })
	}},
	{"networkProfile.ipFamilies", true, func(c *aks.Cluster, v View) any {
		return val(c.Network.IPFamilies, v, func(f []string) any {
			out := make([]any, len(f))
			for i, s := range f {
				out[i] = s
			}
			return out
		})
	}},
	{"apiServerAccessProfile.enablePrivateCluster", false, func(c *aks.Cluster, v View) any { return val(c.APIServer.Private, v, boolean) }},
	{"apiServerAccessProfile.enableVnetIntegration", false, func(c *aks.Cluster, v View) any {
		return val(c.APIServer.VNetIntegration, v, boolean)
	}},
	{"apiServerAccessProfile.authorizedIPRanges", true, func(c *aks.Cluster, v View) any {
		return val(c.APIServer.AuthorizedIPRanges, v, func(ps []netip.Prefix) any {
			out := make([]any, len(ps))
			for i, p := range ps {
				out[i] = p.String()
			}
			return out
		})
	}},
	{"publicNetworkAccess", false, func(c *aks.Cluster, v View) any { return val(c.APIServer.PublicNetworkAccess, v, str) }},
}

// poolAliases is the alias table for agentPoolProfiles[*] members.
var poolAliases = []poolAlias{
	{"name", func(p *aks.NodePool, v View) any { return val(p.Name, v, str) }},
	{"count", func(p *aks.NodePool, v View) any { return val(p.Count, v, number) }},
	{"maxPods", func(p *aks.NodePool, v View) any { return val(p.MaxPods, v, number) }},
	{"osType", func(p *aks.NodePool, v View) any { return val(p.OS, v, str) }},
	{"mode", func(p *aks.NodePool, v View) any { return val(p.Mode, v, str) }},
	{"vmSize", func(p *aks.NodePool, v View) any { return val(p.VMSize, v, str) }},
	{"type", func(p *aks.NodePool, v View) any { return val(p.Type, v, str) }},
	{"vnetSubnetID", func(p *aks.NodePool, v View) any { return val(p.SubnetID, v, str) }},
	{"podSubnetID", func(p *aks.NodePool, v View) any { return val(p.PodSubnetID, v, str) }},
	{"enableNodePublicIP", func(p *aks.NodePool, v View) any { return val(p.NodePublicIP, v, boolean) }},
	{"enableAutoScaling", func(p *aks.NodePool, v View) any { return val(p.AutoScaling, v, boolean) }},
	{"maxCount", func(p *aks.NodePool, v View) any { return val(p.MaxCount, v, number) }},
	{"minCount", func(p *aks.NodePool, v View) any { return val(p.MinCount, v, number) }},
}

func str(s string) any          { return s }
func boolean(b bool) any        { return b }
func number(n int) any          { return float64(n) }
func prefix(p netip.Prefix) any { return p.String() }

// val converts a model value: absent, unknown, or (known and visible in the
// view) its JSON form.
func val[T any](x aks.Value[T], v View, conv func(T) any) any {
	switch x.State {
	case aks.Unknown:
		return unknownValue{note: x.Origin.Note}
	case aks.Set:
		return conv(x.V)
	case aks.Defaulted:
		if v == Stored {
			return conv(x.V)
		}
	}
	return absent
}

// firstV4 is the single-CIDR field: as written, else the IPv4 entry of the
// list form (the service fills the single field from it).
func firstV4(single aks.Value[netip.Prefix], l []aks.Value[netip.Prefix], v View) any {
	if single.State != aks.Absent {
		return val(single, v, prefix)
	}
	for _, x := range l {
		if p, ok := x.Get(); ok && p.Addr().Is4() {
			return val(x, v, prefix)
		}
		if x.State == aks.Unknown {
			return unknownValue{note: x.Origin.Note}
		}
	}
	return absent
}

func list(l []aks.Value[netip.Prefix], v View) any {
	if len(l) == 0 {
		return absent
	}
	out := make([]any, 0, len(l))
	for _, x := range l {
		e := val(x, v, prefix)
		if e == absent {
			continue
		}
		out = append(out, e)
	}
	return out
}

// Aliases returns every alias the evaluator resolves, sorted.
func Aliases() []string {
	var out []string
	for _, a := range clusterAliases {
		out = append(out, aliasPrefix+a.alias)
		if a.array {
			out = append(out, aliasPrefix+a.alias+"[*]")
		}
	}
	out = append(out, aliasPrefix+"agentPoolProfiles", aliasPrefix+"agentPoolProfiles[*]")
	for _, p := range poolAliases {
		out = append(out, aliasPrefix+"agentPoolProfiles[*]."+p.prop)
	}
	slices.Sort(out)
	return out
}

// canonical maps a lower-cased alias (without prefix, without a trailing
// [*]) to its table spelling.
var canonical = func() map[string]aliasName {
	m := map[string]aliasName{"agentpoolprofiles": {"agentPoolProfiles", true}}
	for _, a := range clusterAliases {
		m[strings.ToLower(a.alias)] = aliasName{a.alias, a.array}
	}
	for _, p := range poolAliases {
		m["agentpoolprofiles[*]."+strings.ToLower(p.prop)] = aliasName{"agentPoolProfiles[*]." + p.prop, false}
	}
	return m
}()

type aliasName struct {
	name  string
	array bool
}

// resolveAlias returns the document path of a field name: the built-in
// fields (type, name, location, id, tags) or a managedClusters alias from
// the table. Anything else is an error: an alias the table does not map
// must not evaluate silently to "absent".
func resolveAlias(name string) (string, error) {
	if r, ok := resolved.Load(name); ok {
		r := r.(resolution)
		return r.path, r.err
	}
	path, err := resolveAliasSlow(name)
	if resolvedCount.Add(1) <= maxResolved { // bounded: field names may come from hostile input
		resolved.Store(name, resolution{path, err})
	}
	return path, err
}

// resolved memoizes resolveAlias; evaluation resolves the same few names
// for every resource.
var (
	resolved      sync.Map
	resolvedCount atomic.Int64
)

const maxResolved = 4096

type resolution struct {
	path string
	err  error
}

func resolveAliasSlow(name string) (string, error) {
	switch strings.ToLower(name) {
	case "type", "name", "location", "id", "kind", "tags":
		return strings.ToLower(name), nil
	}
	if k, ok := tagField(name); ok {
		return "tags." + k, nil
	}
	if len(name) < len(aliasPrefix) || !strings.EqualFold(name[:len(aliasPrefix)], aliasPrefix) {
		return "", fmt.Errorf("unknown alias %q: only %s aliases are mapped", name, ResourceType)
	}
	rest := name[len(aliasPrefix):]
	star := strings.HasSuffix(rest, "[*]")
	base := strings.TrimSuffix(rest, "[*]")
	c, ok := canonical[strings.ToLower(base)]
	if !ok {
		return "", fmt.Errorf("unknown alias %q: not in the alias table", name)
	}
	if star && !c.array {
		return "", fmt.Errorf("unknown alias %q: %s is not an array", name, c.name)
	}
	if star {
		return "properties." + c.name + "[*]", nil
	}
	return "properties." + c.name, nil
}

// tagField parses tags['k'], tags[k] and tags.k.
func tagField(name string) (string, bool) {
	l := strings.ToLower(name)
	switch {
	case strings.HasPrefix(l, "tags['") && strings.HasSuffix(l, "']") && len(name) > 8:
		return strings.ReplaceAll(name[6:len(name)-2], "''", "'"), true
	case strings.HasPrefix(l, "tags[") && strings.HasSuffix(l, "]") && len(name) > 6:
		return name[5 : len(name)-1], true
	case strings.HasPrefix(l, "tags.") && len(name) > 5:
		return name[5:], true
	}
	return "", false
}

// Document is a cluster as a policy sees it: an ARM-shaped JSON object with
// type, name, location, tags and the properties the alias table maps.
func Document(c *aks.Cluster, v View) map[string]any {
	props := map[string]any{}
	for _, a := range clusterAliases {
		x := a.get(c, v)
		if x == absent {
			continue
		}
		setPath(props, strings.Split(a.alias, "."), x)
	}
	pools := make([]any, 0, len(c.Pools))
	for i := range c.Pools {
		m := map[string]any{}
		for _, p := range poolAliases {
			if x := p.get(&c.Pools[i], v); x != absent {
				m[p.prop] = x
			}
		}
		pools = append(pools, m)
	}
	props["agentPoolProfiles"] = pools
	doc := map[string]any{"type": ResourceType, "properties": props}
	if x := val(c.Name, v, str); x != absent {
		doc["name"] = x
	}
	if x := val(c.Location, v, str); x != absent {
		doc["location"] = x
	}
	if c.ResourceID != "" {
		doc["id"] = c.ResourceID
	}
	if len(c.Tags) > 0 {
		t := map[string]any{}
		for k, x := range c.Tags {
			t[k] = x
		}
		doc["tags"] = t
	}
	return doc
}

func setPath(m map[string]any, segs []string, x any) {
	for _, s := range segs[:len(segs)-1] {
		n, ok := m[s].(map[string]any)
		if !ok {
			n = map[string]any{}
			m[s] = n
		}
		m = n
	}
	m[segs[len(segs)-1]] = x
}

// starValues is what an alias with [*] outside a count yields: one value per
// array member (absent members included). A condition on it holds when it
// holds for every member.
type starValues []any

// lookup walks path (dot-separated, segments may end in [*]) from v.
func lookup(v any, path string) any {
	if path == "" {
		return v
	}
	seg, rest, _ := strings.Cut(path, ".")
	star := strings.HasSuffix(seg, "[*]")
	seg = strings.TrimSuffix(seg, "[*]")
	if u, ok := v.(unknownValue); ok {
		return u
	}
	m, ok := v.(map[string]any)
	if !ok {
		return absent
	}
	x, ok := getKey(m, seg)
	if !ok {
		if star {
			return starValues{}
		}
		return absent
	}
	if !star {
		return lookup(x, rest)
	}
	if u, ok := x.(unknownValue); ok {
		return u
	}
	arr, ok := x.([]any)
	if !ok {
		return starValues{}
	}
	out := starValues{}
	for _, e := range arr {
		r := lookup(e, rest)
		if s, ok := r.(starValues); ok {
			out = append(out, s...)
			continue
		}
		out = append(out, r)
	}
	return out
}

// getKey looks a key up case-insensitively (aliases are case-insensitive).
func getKey(m map[string]any, k string) (any, bool) {
	if x, ok := m[k]; ok {
		return x, true
	}
	for key, x := range m {
		if strings.EqualFold(key, k) {
			return x, true
		}
	}
	return nil, false
}

// Package armmap maps Azure Resource Manager resource bodies — the
// Microsoft.ContainerService/managedClusters object with its networkProfile,
// agentPoolProfiles and apiServerAccessProfile, child agentPools, and
// Microsoft.Network/virtualNetworks with subnets and peerings — into the
// normalized model in package aks.
//
// It is shared by the readers of resource JSON (armjson: REST responses,
// az CLI, Resource Graph) and of deployment templates (armtemplate). Every
// member lookup is case-insensitive, as ARM's is, and every value read
// carries an aks.Origin with the file, line, column and JSON pointer of the
// member that holds it.
//
// Values pass through a Resolver before they are read. Resource JSON uses
// Literal (a node is its own value); a template reader plugs in its
// expression evaluator, so that "[parameters('podCidr')]" becomes the
// parameter's value, or an Unknown value with the reason, never a guess.
//
// The mapper only reads what the input says; callers run aks.ApplyDefaults
// afterwards.
//
// Diagnostic codes (stable):
//
//	READ101 error    a value has the wrong JSON type (e.g. a string where a number belongs); the field is unknown
//	READ102 error    a CIDR or IP address does not parse; the field is unknown
//	READ103 error    a number is out of range (negative, fractional or beyond the schema's limits); the field is unknown
//	READ104 info     a value can't be resolved (an expression the template reader can't evaluate); the field is unknown
//	READ105 warning  a value is not one ARM allows (e.g. networkPlugin "flannel"); kept as written or unknown
package armmap

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/jsonpos"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// Diagnostic codes; see the package documentation.
const (
	CodeWrongType  = "READ101"
	CodeBadAddress = "READ102"
	CodeRange      = "READ103"
	CodeUnresolved = "READ104"
	CodeBadEnum    = "READ105"
)

// Resolver turns the node written in the input into the node holding its
// concrete value. It returns the value node and aks.Set; aks.Absent when the
// value is absent (a missing member, JSON null, or a template expression
// that evaluates to null); or aks.Unknown with a note saying why the value
// can't be known. The returned node may belong to another tree (an
// evaluator's result); origins always point at the node as written.
type Resolver func(n jsonpos.Node) (value jsonpos.Node, state aks.State, note string)

// Literal is the Resolver for plain resource JSON: a present, non-null node
// is its own value.
func Literal(n jsonpos.Node) (jsonpos.Node, aks.State, string) {
	switch n.Kind() {
	case jsonpos.Invalid, jsonpos.Null:
		return n, aks.Absent, ""
	}
	return n, aks.Set, ""
}

// Mapper maps ARM resource bodies from one file.
type Mapper struct {
	// File names the input in origins and diagnostics.
	File string
	// Resolve resolves every value before it is read; nil means Literal.
	Resolve Resolver
	// Diags receives every diagnostic; it must not be nil.
	Diags *diag.List
}

// At is a node with its JSON pointer. Pointers are built while descending
// so that no lookup walks back up the tree; a member's own key is appended
// only when its origin is asked for, so lookups of absent members cost
// nothing.
type At struct {
	N jsonpos.Node
	// Ptr is the JSON pointer of the value, or of its parent when key is set.
	Ptr string
	key string
	// anchor, when valid, is the node as written in the file for a value
	// that a resolver computed in another tree; origins use its position.
	anchor jsonpos.Node
}

// Root returns the At of a tree's top-level value.
func Root(t *jsonpos.Tree) At { return At{N: t.Root()} }

// Pointer returns the value's JSON pointer (RFC 6901).
func (a At) Pointer() string {
	if a.key == "" {
		return a.Ptr
	}
	return a.Ptr + "/" + escape(a.key)
}

// Get returns the member named key (case-insensitive).
func (a At) Get(key string) At {
	c := a.N.Get(key)
	if c.Valid() {
		key = c.Key()
	}
	if key == "" {
		// an empty key still needs its own pointer token
		return At{N: c, Ptr: a.Pointer() + "/", anchor: a.anchor}
	}
	return At{N: c, Ptr: a.Pointer(), key: key, anchor: a.anchor}
}

// Path follows member names.
func (a At) Path(keys ...string) At {
	for _, k := range keys {
		a = a.Get(k)
	}
	return a
}

// Index returns the i-th element of an array.
func (a At) Index(i int) At {
	return At{N: a.N.Index(i), Ptr: a.Pointer() + "/" + strconv.Itoa(i), anchor: a.anchor}
}

// Member returns the i-th member of an object with its key.
func (a At) Member(i int) (string, At) {
	c := a.N.Index(i)
	return c.Key(), At{N: c, Ptr: a.Pointer() + "/" + escape(c.Key()), anchor: a.anchor}
}

// materialize fixes a's pointer so that lookups below it don't rebuild it.
func (a At) materialize() At {
	if a.key != "" {
		a.Ptr, a.key = a.Pointer(), ""
	}
	return a
}

func escape(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// Origin returns where a sits in the file. For a missing member it points
// at the nearest enclosing value that exists.
func (m *Mapper) Origin(a At) aks.Origin {
	o := aks.Origin{File: m.File, Path: a.Pointer()}
	n := a.N
	if a.anchor.Valid() {
		n = a.anchor
	}
	if !n.Valid() {
		return o
	}
	o.Line, o.Column = n.Pos()
	return o
}

// diagAt appends a diagnostic located at a.
func (m *Mapper) diagAt(a At, code string, sev diag.Severity, msg, hint string) {
	o := m.Origin(a)
	m.Diags.Add(diag.Diagnostic{Code: code, Severity: sev, Message: msg, Hint: hint,
		File: o.File, Line: o.Line, Column: o.Column, Path: o.Path})
}

// resolve runs the resolver on a.
func (m *Mapper) resolve(a At) (jsonpos.Node, aks.State, string) {
	if !a.N.Valid() {
		return a.N, aks.Absent, ""
	}
	r := m.Resolve
	if r == nil {
		r = Literal
	}
	return r(a.N)
}

// Node resolves a (for example an object or array written as an expression)
// and returns the value node, or ok false when it is absent or unknown; an
// unknown value is reported as READ104 under name.
func (m *Mapper) Node(a At, name string) (At, bool) {
	v, st, note := m.resolve(a)
	switch st {
	case aks.Set, aks.Defaulted:
		switch {
		case v == a.N:
			return a.materialize(), true
		case v.Tree() == a.N.Tree() && !a.anchor.Valid():
			// another place in the same file, e.g. a parameter's default
			return At{N: v, Ptr: v.Pointer()}, true
		default:
			// a computed value: keep pointing at what is written
			anchor := a.anchor
			if !anchor.Valid() {
				anchor = a.N
			}
			return At{N: v, Ptr: a.Pointer(), anchor: anchor}, true
		}
	case aks.Unknown:
		m.unresolved(a, name, note)
	}
	return At{}, false
}

func (m *Mapper) unresolved(a At, name, note string) {
	msg := name + " can't be resolved"
	if note != "" {
		msg += ": " + note
	}
	m.diagAt(a, CodeUnresolved, diag.Info, msg, "treating it as unknown; set a literal value or pass the parameter to resolve it")
}

// scalar resolves a and checks its kind; it returns the value node and the
// Value shell (state and origin) to fill.
func scalar[T any](m *Mapper, a At, name string, want jsonpos.Kind) (jsonpos.Node, aks.Value[T], bool) {
	o := m.Origin(a)
	v, st, note := m.resolve(a)
	switch st {
	case aks.Absent:
		return v, aks.Value[T]{}, false
	case aks.Unknown:
		m.unresolved(a, name, note)
		return v, aks.UnknownAt[T](o, note), false
	}
	if v.Kind() != want {
		msg := name + " must be a " + want.String() + ", not a " + v.Kind().String()
		if v.Kind() == jsonpos.String || v.Kind() == jsonpos.Number || v.Kind() == jsonpos.Bool {
			msg += " (" + strconv.Quote(v.Raw()) + ")"
		}
		m.diagAt(a, CodeWrongType, diag.Error, msg, "fix the value's type; it is treated as unknown")
		return v, aks.UnknownAt[T](o, "wrong type: "+v.Kind().String()), false
	}
	return v, aks.Value[T]{State: aks.Set, Origin: o}, true
}

// String reads a string member.
func (m *Mapper) String(a At, name string) aks.Value[string] {
	v, out, ok := scalar[string](m, a, name, jsonpos.String)
	if ok {
		out.V, _ = v.Str()
	}
	return out
}

// Bool reads a boolean member.
func (m *Mapper) Bool(a At, name string) aks.Value[bool] {
	v, out, ok := scalar[bool](m, a, name, jsonpos.Bool)
	if ok {
		out.V, _ = v.Bool()
	}
	return out
}

// Int reads an integer member in [lo, hi].
func (m *Mapper) Int(a At, name string, lo, hi int64) aks.Value[int] {
	v, out, ok := scalar[int](m, a, name, jsonpos.Number)
	if !ok {
		return out
	}
	n, isInt := v.Int()
	if !isInt || n < lo || n > hi {
		txt, _ := v.NumberText()
		if len(txt) > 40 {
			txt = txt[:37] + "..."
		}
		m.diagAt(a, CodeRange, diag.Error,
			name+" is "+txt+": want a whole number from "+strconv.FormatInt(lo, 10)+" to "+strconv.FormatInt(hi, 10),
			"fix the number; it is treated as unknown")
		return aks.UnknownAt[int](out.Origin, "out of range: "+txt)
	}
	out.V = int(n)
	return out
}

// Prefix reads a CIDR string member.
func (m *Mapper) Prefix(a At, name string) aks.Value[netip.Prefix] {
	s := m.String(a, name)
	if s.State != aks.Set {
		return aks.Value[netip.Prefix]{State: s.State, Origin: s.Origin}
	}
	p, err := azaddr.ParsePrefix(strings.TrimSpace(s.V))
	if err != nil {
		m.diagAt(a, CodeBadAddress, diag.Error, name+": "+err.Error(), "write a CIDR such as 10.244.0.0/16; the value is treated as unknown")
		return aks.UnknownAt[netip.Prefix](s.Origin, err.Error())
	}
	return aks.SetAt(p, s.Origin)
}

// Addr reads an IP address string member.
func (m *Mapper) Addr(a At, name string) aks.Value[netip.Addr] {
	s := m.String(a, name)
	if s.State != aks.Set {
		return aks.Value[netip.Addr]{State: s.State, Origin: s.Origin}
	}
	ip, err := netip.ParseAddr(strings.TrimSpace(s.V))
	if err != nil || ip.Zone() != "" {
		m.diagAt(a, CodeBadAddress, diag.Error, name+": invalid IP address "+strconv.Quote(s.V), "write an address such as 10.0.0.10; the value is treated as unknown")
		return aks.UnknownAt[netip.Addr](s.Origin, "invalid IP address")
	}
	return aks.SetAt(ip, s.Origin)
}

// elems resolves an array member and returns its elements; ok is false when
// absent or unknown (unknown and wrong-typed arrays are reported).
func (m *Mapper) elems(a At, name string) (arr At, st aks.State, ok bool) {
	v, st, note := m.resolve(a)
	switch st {
	case aks.Absent:
		return At{}, aks.Absent, false
	case aks.Unknown:
		m.unresolved(a, name, note)
		return At{}, aks.Unknown, false
	}
	if v.Kind() != jsonpos.Array {
		m.diagAt(a, CodeWrongType, diag.Error, name+" must be an array, not a "+v.Kind().String(), "fix the value's type; it is treated as unknown")
		return At{}, aks.Unknown, false
	}
	return At{N: v, Ptr: a.Pointer(), anchor: a.anchor}, aks.Set, true
}

// Strings reads an array of strings.
func (m *Mapper) Strings(a At, name string) aks.Value[[]string] {
	arr, st, ok := m.elems(a, name)
	o := m.Origin(a)
	if !ok {
		return aks.Value[[]string]{State: st, Origin: o}
	}
	out := make([]string, 0, arr.N.Len())
	for i := range arr.N.Len() {
		s := m.String(arr.Index(i), name+"["+strconv.Itoa(i)+"]")
		if !s.Known() {
			return aks.UnknownAt[[]string](o, "an element can't be read")
		}
		out = append(out, s.V)
	}
	return aks.SetAt(out, o)
}

// Prefixes reads an array of CIDRs, each as its own value.
func (m *Mapper) Prefixes(a At, name string) ([]aks.Value[netip.Prefix], aks.State) {
	arr, st, ok := m.elems(a, name)
	if !ok {
		return nil, st
	}
	out := make([]aks.Value[netip.Prefix], 0, arr.N.Len())
	for i := range arr.N.Len() {
		out = append(out, m.Prefix(arr.Index(i), name+"["+strconv.Itoa(i)+"]"))
	}
	return out, aks.Set
}

// Count returns the length of an array member (e.g. outboundIPs.publicIPs).
func (m *Mapper) Count(a At, name string) aks.Value[int] {
	arr, st, ok := m.elems(a, name)
	if !ok {
		return aks.Value[int]{State: st, Origin: m.Origin(a)}
	}
	return aks.SetAt(arr.N.Len(), m.Origin(a))
}

// Object resolves an object member; ok is false when absent, unknown or not
// an object (the last two are reported).
func (m *Mapper) Object(a At, name string) (At, bool) {
	v, ok := m.Node(a, name)
	if !ok {
		return At{Ptr: a.Pointer()}, false
	}
	if v.N.Kind() != jsonpos.Object {
		m.diagAt(a, CodeWrongType, diag.Error, name+" must be an object, not a "+v.N.Kind().String(), "fix the value's type; it is ignored")
		return At{Ptr: a.Pointer()}, false
	}
	return v, true
}

// enum reads a string and checks it case-insensitively against allowed;
// the canonical spelling is kept. A value outside allowed is reported as
// READ105 and kept as written (sev warning) so the analyses can flag it.
func (m *Mapper) enum(a At, name string, allowed ...string) aks.Value[string] {
	v := m.String(a, name)
	if v.State != aks.Set {
		return v
	}
	for _, s := range allowed {
		if strings.EqualFold(strings.TrimSpace(v.V), s) {
			v.V = s
			return v
		}
	}
	m.diagAt(a, CodeBadEnum, diag.Warning, name+" "+strconv.Quote(v.V)+" is not one of "+strings.Join(allowed, ", "),
		"check the spelling against the ManagedCluster API")
	return v
}

// Limits from the ManagedCluster schema, used to reject nonsense numbers.
const (
	maxPoolCount = 1000  // SPEC §8.2; QUOTA: count 0–1000 per pool
	maxMaxPods   = 250   // IPPLAN; QUOTA: absolute maximum pods per node
	maxLBIPs     = 100   // SPEC §8.1: managedOutboundIPs.count 1–100
	maxPorts     = 64000 // SPEC §8.1: allocatedOutboundPorts 0–64000
	maxIdle      = 120   // SPEC §8.1: idleTimeoutInMinutes up to 120
	maxNATIPs    = 16    // SPEC §8.1: natGatewayProfile managedOutboundIPProfile.count 1–16
)

// Cluster maps a managedClusters resource object (name, id, location, tags,
// sku, properties) at res. Properties flattened into the resource, as the
// az CLI prints them, are read too. Address and Format are left to the
// caller.
func (m *Mapper) Cluster(res At) aks.Cluster {
	c := aks.Cluster{Source: m.Origin(res)}
	c.Name = m.String(res.Get("name"), "name")
	if id := m.String(res.Get("id"), "id"); id.Known() {
		c.ResourceID = id.V
	}
	c.Location = m.String(res.Get("location"), "location")
	c.SKUTier = m.String(res.Path("sku", "tier"), "sku.tier")
	if tags, ok := m.Object(res.Get("tags"), "tags"); ok {
		for i := range tags.N.Len() {
			k, v := tags.Member(i)
			if s, ok := v.N.Str(); ok {
				if c.Tags == nil {
					c.Tags = map[string]string{}
				}
				c.Tags[k] = s
			}
		}
	}
	if props, ok := m.props(res); ok {
		m.Properties(&c, props)
		c.Identity = m.Identity(res, props)
	} else {
		c.Identity = m.Identity(res, At{})
	}
	return c
}

// Identity reads the cluster identity: identity.type (SystemAssigned,
// UserAssigned, None; SPEC) or, when no managed identity is given, a
// servicePrincipalProfile whose clientId is not "msi" (the marker ARM
// prints for managed-identity clusters).
func (m *Mapper) Identity(res, props At) aks.Value[aks.IdentityType] {
	var out aks.Value[aks.IdentityType]
	if t := m.enum(res.Path("identity", "type"), "identity.type", "SystemAssigned", "UserAssigned", "None"); t.State != aks.Absent {
		out = aks.Value[aks.IdentityType]{State: t.State, Origin: t.Origin}
		if t.State == aks.Set {
			if v, ok := aks.ParseIdentityType(t.V); ok {
				out.V = v
			} else {
				out = aks.UnknownAt[aks.IdentityType](t.Origin, strconv.Quote(t.V)+" is not an identity type")
			}
		}
	}
	if out.State == aks.Set && out.V != aks.IdentityNone || out.State == aks.Unknown || !props.N.Valid() {
		return out
	}
	// The client id is read quietly: it is evidence for the identity only,
	// and an unresolvable one (a template parameter) makes the identity
	// unknown without a diagnostic of its own.
	quiet := *m
	quiet.Diags = &diag.List{}
	id := quiet.String(props.Path("servicePrincipalProfile", "clientId"), "servicePrincipalProfile.clientId")
	switch {
	case id.State == aks.Set && !strings.EqualFold(strings.TrimSpace(id.V), "msi") && strings.TrimSpace(id.V) != "":
		return aks.SetAt(aks.IdentityServicePrincipal, id.Origin)
	case id.State == aks.Unknown && out.State == aks.Absent:
		return aks.UnknownAt[aks.IdentityType](id.Origin, "servicePrincipalProfile.clientId can't be resolved: "+id.Origin.Note)
	}
	return out
}

// props returns a resource's properties object, or the resource itself when
// it has none: az CLI output flattens properties into the resource.
func (m *Mapper) props(res At) (At, bool) {
	if res.Get("properties").N.Valid() {
		return m.Object(res.Get("properties"), "properties")
	}
	return res, res.N.Kind() == jsonpos.Object
}

// Properties maps a managedClusters properties object into c.
func (m *Mapper) Properties(c *aks.Cluster, props At) {
	c.KubernetesVersion = m.String(props.Get("kubernetesVersion"), "kubernetesVersion")
	if c.KubernetesVersion.State == aks.Absent {
		c.KubernetesVersion = m.String(props.Get("currentKubernetesVersion"), "currentKubernetesVersion")
	}
	if np, ok := m.Object(props.Get("networkProfile"), "networkProfile"); ok {
		m.NetworkProfile(&c.Network, np)
	}
	m.APIServer(&c.APIServer, props)
	if arr, _, ok := m.elems(props.Get("agentPoolProfiles"), "agentPoolProfiles"); ok {
		c.Pools = make([]aks.NodePool, 0, arr.N.Len())
		for i := range arr.N.Len() {
			el := arr.Index(i)
			p, ok := m.Object(el, "agentPoolProfiles["+strconv.Itoa(i)+"]")
			if !ok {
				continue
			}
			c.Pools = append(c.Pools, m.Pool(m.String(p.Get("name"), "name"), p, el))
		}
	}
}

// NetworkProfile maps a networkProfile object.
func (m *Mapper) NetworkProfile(n *aks.NetworkProfile, np At) {
	n.Plugin = m.enum(np.Get("networkPlugin"), "networkPlugin", "azure", "kubenet", "none")
	n.PluginMode = m.enum(np.Get("networkPluginMode"), "networkPluginMode", "overlay")
	n.Mode = m.enum(np.Get("networkMode"), "networkMode", "transparent", "bridge")

	if dp := m.String(np.Get("networkDataplane"), "networkDataplane"); dp.State != aks.Absent {
		n.Dataplane = aks.Value[netmodel.Dataplane]{State: dp.State, Origin: dp.Origin}
		if dp.State == aks.Set {
			if v, err := netmodel.ParseDataplane(dp.V); err == nil {
				n.Dataplane.V = v
			} else {
				m.diagAt(np.Get("networkDataplane"), CodeBadEnum, diag.Warning, "networkDataplane: "+err.Error(), "use azure or cilium; the value is treated as unknown")
				n.Dataplane = aks.UnknownAt[netmodel.Dataplane](dp.Origin, err.Error())
			}
		}
	}
	if pol := m.String(np.Get("networkPolicy"), "networkPolicy"); pol.State != aks.Absent {
		n.Policy = aks.Value[netmodel.PolicyEngine]{State: pol.State, Origin: pol.Origin}
		if pol.State == aks.Set {
			switch v, err := netmodel.ParsePolicy(pol.V); {
			case strings.TrimSpace(pol.V) == "":
				n.Policy.V = netmodel.PolicyNone
				n.Policy.Origin.Note = "an empty networkPolicy installs no engine (SPEC)"
			case err == nil:
				n.Policy.V = v
			default:
				m.diagAt(np.Get("networkPolicy"), CodeBadEnum, diag.Warning, "networkPolicy: "+err.Error(), "use none, azure, calico or cilium; the value is treated as unknown")
				n.Policy = aks.UnknownAt[netmodel.PolicyEngine](pol.Origin, err.Error())
			}
		}
	}

	n.PodCIDR = m.Prefix(np.Get("podCidr"), "podCidr")
	n.PodCIDRs, _ = m.Prefixes(np.Get("podCidrs"), "podCidrs")
	n.ServiceCIDR = m.Prefix(np.Get("serviceCidr"), "serviceCidr")
	n.ServiceCIDRs, _ = m.Prefixes(np.Get("serviceCidrs"), "serviceCidrs")
	if n.PodCIDR.State == aks.Absent {
		n.PodCIDR = firstV4(n.PodCIDRs)
	}
	if n.ServiceCIDR.State == aks.Absent {
		n.ServiceCIDR = firstV4(n.ServiceCIDRs)
	}
	n.DNSServiceIP = m.Addr(np.Get("dnsServiceIP"), "dnsServiceIP")
	n.IPFamilies = m.Strings(np.Get("ipFamilies"), "ipFamilies")

	n.OutboundType = m.enum(np.Get("outboundType"), "outboundType",
		"loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway", "none", "block", "managedNATGatewayV2")
	n.LoadBalancerSKU = m.enum(np.Get("loadBalancerSku"), "loadBalancerSku", "standard", "basic")

	if lb, ok := m.Object(np.Get("loadBalancerProfile"), "loadBalancerProfile"); ok {
		l := &n.LoadBalancer
		l.ManagedOutboundIPs = m.Int(lb.Path("managedOutboundIPs", "count"), "loadBalancerProfile.managedOutboundIPs.count", 0, maxLBIPs)
		l.OutboundIPs = m.Count(lb.Path("outboundIPs", "publicIPs"), "loadBalancerProfile.outboundIPs.publicIPs")
		l.OutboundIPPrefixes = m.Count(lb.Path("outboundIPPrefixes", "publicIPPrefixes"), "loadBalancerProfile.outboundIPPrefixes.publicIPPrefixes")
		l.AllocatedOutboundPorts = m.Int(lb.Get("allocatedOutboundPorts"), "loadBalancerProfile.allocatedOutboundPorts", 0, maxPorts)
		l.IdleTimeoutMinutes = m.Int(lb.Get("idleTimeoutInMinutes"), "loadBalancerProfile.idleTimeoutInMinutes", 0, maxIdle)
	}
	if ng, ok := m.Object(np.Get("natGatewayProfile"), "natGatewayProfile"); ok {
		g := &n.NATGateway
		g.ManagedOutboundIPs = m.Int(ng.Path("managedOutboundIPProfile", "count"), "natGatewayProfile.managedOutboundIPProfile.count", 0, maxNATIPs)
		g.IdleTimeoutMinutes = m.Int(ng.Get("idleTimeoutInMinutes"), "natGatewayProfile.idleTimeoutInMinutes", 0, maxIdle)
		g.SKU = m.String(ng.Get("sku"), "natGatewayProfile.sku")
	}
	if an, ok := m.Object(np.Get("advancedNetworking"), "advancedNetworking"); ok {
		n.AdvancedNetworking = m.Bool(an.Get("enabled"), "advancedNetworking.enabled")
		if n.AdvancedNetworking.State == aks.Absent {
			obs := m.Bool(an.Path("observability", "enabled"), "advancedNetworking.observability.enabled")
			sec := m.Bool(an.Path("security", "enabled"), "advancedNetworking.security.enabled")
			switch {
			case obs.Or(false):
				n.AdvancedNetworking = obs
			case sec.Or(false):
				n.AdvancedNetworking = sec
			case obs.State != aks.Absent:
				n.AdvancedNetworking = obs
			default:
				n.AdvancedNetworking = sec
			}
		}
	}
}

// firstV4 picks the IPv4 entry of a podCidrs/serviceCidrs list (the first
// entry when none is IPv4), absent for an empty list.
func firstV4(l []aks.Value[netip.Prefix]) aks.Value[netip.Prefix] {
	for _, v := range l {
		if v.Known() && v.V.Addr().Is4() {
			return v
		}
	}
	if len(l) > 0 {
		return l[0]
	}
	return aks.Value[netip.Prefix]{}
}

// APIServer maps apiServerAccessProfile, publicNetworkAccess and
// bootstrapProfile from a managedClusters properties object.
func (m *Mapper) APIServer(s *aks.APIServerAccess, props At) {
	if ap, ok := m.Object(props.Get("apiServerAccessProfile"), "apiServerAccessProfile"); ok {
		s.Private = m.Bool(ap.Get("enablePrivateCluster"), "apiServerAccessProfile.enablePrivateCluster")
		s.PrivateDNSZone = m.String(ap.Get("privateDNSZone"), "apiServerAccessProfile.privateDNSZone")
		s.PublicFQDN = m.Bool(ap.Get("enablePrivateClusterPublicFQDN"), "apiServerAccessProfile.enablePrivateClusterPublicFQDN")
		s.VNetIntegration = m.Bool(ap.Get("enableVnetIntegration"), "apiServerAccessProfile.enableVnetIntegration")
		s.SubnetID = m.String(ap.Get("subnetId"), "apiServerAccessProfile.subnetId")
		s.AuthorizedIPRanges = m.authorized(ap.Get("authorizedIPRanges"))
	}
	s.PublicNetworkAccess = m.enum(props.Get("publicNetworkAccess"), "publicNetworkAccess", "Enabled", "Disabled", "SecuredByPerimeter")
	s.BootstrapArtifactSource = m.enum(props.Path("bootstrapProfile", "artifactSource"), "bootstrapProfile.artifactSource", "Direct", "Cache")
}

// authorized reads authorizedIPRanges: CIDRs, or bare addresses meaning a
// single host (AUTHIP).
func (m *Mapper) authorized(a At) aks.Value[[]netip.Prefix] {
	const name = "apiServerAccessProfile.authorizedIPRanges"
	strs := m.Strings(a, name)
	if !strs.Known() {
		return aks.Value[[]netip.Prefix]{State: strs.State, Origin: strs.Origin}
	}
	out := make([]netip.Prefix, 0, len(strs.V))
	for i, s := range strs.V {
		s = strings.TrimSpace(s)
		if ip, err := netip.ParseAddr(s); err == nil && ip.Zone() == "" {
			out = append(out, netip.PrefixFrom(ip, ip.BitLen()))
			continue
		}
		p, err := azaddr.ParsePrefix(s)
		if err != nil {
			m.diagAt(a.Index(i), CodeBadAddress, diag.Error, name+": "+err.Error(), "write a CIDR or an address; the list is treated as unknown")
			return aks.UnknownAt[[]netip.Prefix](strs.Origin, err.Error())
		}
		out = append(out, p)
	}
	return aks.SetAt(out, strs.Origin)
}

// Pool maps an agent pool: an agentPoolProfiles element, or the properties
// of a child agentPools resource (whose name sits outside properties). at
// locates the pool's definition.
func (m *Mapper) Pool(name aks.Value[string], props At, at At) aks.NodePool {
	p := aks.NodePool{Name: name, Source: m.Origin(at)}
	p.Mode = m.enum(props.Get("mode"), "mode", "System", "User", "Gateway")
	p.Count = m.Int(props.Get("count"), "count", 0, maxPoolCount)
	p.AutoScaling = m.Bool(props.Get("enableAutoScaling"), "enableAutoScaling")
	p.MinCount = m.Int(props.Get("minCount"), "minCount", 0, maxPoolCount)
	p.MaxCount = m.Int(props.Get("maxCount"), "maxCount", 0, maxPoolCount)
	p.MaxPods = m.Int(props.Get("maxPods"), "maxPods", 1, maxMaxPods)
	p.MaxSurge = m.String(props.Path("upgradeSettings", "maxSurge"), "upgradeSettings.maxSurge")
	p.OS = m.enum(props.Get("osType"), "osType", "Linux", "Windows")
	p.OSSKU = m.String(props.Get("osSKU"), "osSKU")
	p.VMSize = m.String(props.Get("vmSize"), "vmSize")
	p.Type = m.enum(props.Get("type"), "type", "VirtualMachineScaleSets", "AvailabilitySet", "VirtualMachines")
	p.SubnetID = m.String(props.Get("vnetSubnetID"), "vnetSubnetID")
	p.PodSubnetID = m.String(props.Get("podSubnetID"), "podSubnetID")
	p.NodePublicIP = m.Bool(props.Get("enableNodePublicIP"), "enableNodePublicIP")
	if al := m.String(props.Get("podIPAllocationMode"), "podIPAllocationMode"); al.State != aks.Absent {
		p.PodIPAllocation = aks.Value[netmodel.Allocation]{State: al.State, Origin: al.Origin}
		if al.State == aks.Set {
			if v, err := netmodel.ParseAllocation(al.V); err == nil {
				p.PodIPAllocation.V = v
			} else {
				m.diagAt(props.Get("podIPAllocationMode"), CodeBadEnum, diag.Warning, "podIPAllocationMode: "+err.Error(), "use DynamicIndividual or StaticBlock; the value is treated as unknown")
				p.PodIPAllocation = aks.UnknownAt[netmodel.Allocation](al.Origin, err.Error())
			}
		}
	}
	return p
}

// VNet maps a virtualNetworks resource object (name, id, properties with
// addressSpace, subnets and virtualNetworkPeerings).
func (m *Mapper) VNet(res At) aks.VNet {
	v := aks.VNet{Source: m.Origin(res)}
	v.Name = m.String(res.Get("name"), "name").V
	v.ResourceID = m.String(res.Get("id"), "id").V
	props, ok := m.props(res)
	if !ok {
		return v
	}
	v.AddressSpace = m.prefixList(props.Path("addressSpace", "addressPrefixes"), "addressSpace.addressPrefixes")
	if arr, _, ok := m.elems(props.Get("subnets"), "subnets"); ok {
		for i := range arr.N.Len() {
			s, ok := m.Object(arr.Index(i), "subnets["+strconv.Itoa(i)+"]")
			if !ok {
				continue
			}
			sn := m.Subnet(s)
			if sn.ResourceID == "" && v.ResourceID != "" && sn.Name != "" {
				sn.ResourceID = v.ResourceID + "/subnets/" + sn.Name
			}
			v.Subnets = append(v.Subnets, sn)
		}
	}
	if arr, _, ok := m.elems(props.Get("virtualNetworkPeerings"), "virtualNetworkPeerings"); ok {
		for i := range arr.N.Len() {
			pe, ok := m.Object(arr.Index(i), "virtualNetworkPeerings["+strconv.Itoa(i)+"]")
			if !ok {
				continue
			}
			peer := aks.Peering{Name: m.String(pe.Get("name"), "name").V}
			if pp, ok := m.props(pe); ok {
				peer.RemoteVNetID = m.String(pp.Path("remoteVirtualNetwork", "id"), "remoteVirtualNetwork.id").V
				peer.RemoteSpace = m.prefixList(pp.Path("remoteAddressSpace", "addressPrefixes"), "remoteAddressSpace.addressPrefixes")
				if len(peer.RemoteSpace) == 0 {
					peer.RemoteSpace = m.prefixList(pp.Path("remoteVirtualNetworkAddressSpace", "addressPrefixes"), "remoteVirtualNetworkAddressSpace.addressPrefixes")
				}
			}
			v.Peerings = append(v.Peerings, peer)
		}
	}
	return v
}

// Subnet maps a subnet object (name, id, properties with addressPrefix or
// addressPrefixes, delegations, routeTable, natGateway,
// networkSecurityGroup).
func (m *Mapper) Subnet(s At) aks.Subnet {
	sn := aks.Subnet{Source: m.Origin(s)}
	sn.Name = m.String(s.Get("name"), "name").V
	sn.ResourceID = m.String(s.Get("id"), "id").V
	props, ok := m.props(s)
	if !ok {
		return sn
	}
	if p := m.Prefix(props.Get("addressPrefix"), "addressPrefix"); p.Known() {
		sn.Prefixes = append(sn.Prefixes, p.V)
		sn.Source = p.Origin
	}
	for _, p := range m.prefixList(props.Get("addressPrefixes"), "addressPrefixes") {
		if len(sn.Prefixes) == 0 || sn.Prefixes[0] != p {
			sn.Prefixes = append(sn.Prefixes, p)
		}
	}
	if len(sn.Prefixes) > 0 && props.Get("addressPrefix").N.Kind() != jsonpos.String {
		sn.Source = m.Origin(props.Get("addressPrefixes"))
	}
	if arr, _, ok := m.elems(props.Get("delegations"), "delegations"); ok {
		for i := range arr.N.Len() {
			d := arr.Index(i)
			svc := m.String(d.Path("properties", "serviceName"), "delegations.serviceName")
			if !svc.Known() {
				svc = m.String(d.Get("serviceName"), "delegations.serviceName")
			}
			if svc.Known() {
				sn.Delegations = append(sn.Delegations, svc.V)
			}
		}
	}
	sn.RouteTable = m.String(props.Path("routeTable", "id"), "routeTable.id").V
	sn.NATGateway = m.String(props.Path("natGateway", "id"), "natGateway.id").V
	sn.NSG = m.String(props.Path("networkSecurityGroup", "id"), "networkSecurityGroup.id").V
	return sn
}

// prefixList reads an array of CIDRs, dropping (and reporting) bad ones.
func (m *Mapper) prefixList(a At, name string) []netip.Prefix {
	vals, _ := m.Prefixes(a, name)
	var out []netip.Prefix
	for _, v := range vals {
		if v.Known() {
			out = append(out, v.V)
		}
	}
	return out
}

package terraform

import (
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
)

// ARM resource types read from azapi_resource (SPEC).
const (
	armManagedCluster = "microsoft.containerservice/managedclusters"
	armAgentPool      = "microsoft.containerservice/managedclusters/agentpools"
)

// azapiType returns the lower-cased ARM type of an azapi_resource instance
// ("" when it is not a string), reporting an unresolvable type.
func azapiType(rd *reader, s source, addr string) string {
	f := s.attr("type")
	if !f.present {
		return ""
	}
	if !f.known() || f.v.Type() != cty.String {
		if f.err == "" && !f.v.IsWhollyKnown() {
			rd.at(CodeAzAPIType, diag.Info, f.org, addr+" type can't be resolved: "+f.why+"; if it is a managed cluster it is not read",
				"write the type literally")
		}
		return ""
	}
	t, _, _ := strings.Cut(f.v.AsString(), "@")
	return strings.ToLower(t)
}

// readAzAPI reads azapi_resource clusters and agent pools (ARM property
// names in HCL, as the AVM module writes them).
func readAzAPI(m *module, rd *reader, doc *aks.Document, byID map[string]int, res *resolver) {
	type pending struct {
		addr string
		s    source
		pool source
	}
	var pools []pending
	for addr, s := range m.each("azapi_resource", rd) {
		switch azapiType(rd, s, addr) {
		case armManagedCluster:
			body := m.bodySource(s.res, s, addr)
			c := readARMCluster(rd, s, body, addr, aks.FormatTerraform, res)
			byID[idMarker(addr)] = len(doc.Clusters)
			doc.Clusters = append(doc.Clusters, c)
		case armAgentPool:
			pools = append(pools, pending{addr, s, m.bodySource(s.res, s, addr)})
		}
	}
	for _, p := range pools {
		props := firstBlock(p.pool, "properties")
		np := readARMPool(rd, props, p.addr+".body.properties", res)
		np.Source = p.s.origin()
		if np.Name.State == aks.Absent {
			np.Name = rd.str(p.s.attr("name"), p.addr+".name")
		}
		attachPool(rd, doc, byID, p.s.attr("parent_id"), p.addr, np)
	}
}

// bodySource returns the evaluated body of an azapi resource, with origins
// pointing into the body's object expression as far as it is written
// literally (following one local value).
func (m *module) bodySource(r *resource, s *hclSource, addr string) source {
	f := s.attr("body")
	var expr hcl.Expression
	if a, ok := r.block.Body.Attributes["body"]; ok {
		expr = a.Expr
	}
	org := func(p string) aks.Origin {
		o := f.org
		if e := m.walkExpr(expr, p); e != nil {
			o = rangeOrigin(e.Range(), "")
		}
		o.Path = addr + ".body" + p
		return o
	}
	v := cty.NilVal
	if f.present && f.err == "" {
		// Re-evaluate to keep the marks that explain unknown parts.
		content, _, _ := s.body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "body"}}})
		if a := content.Attributes["body"]; a != nil {
			v, _ = a.Expr.Value(s.ctx)
		}
	} else if f.err != "" {
		rd := s.rd
		rd.at(CodeEval, diag.Error, f.org, addr+".body can't be evaluated: "+f.err, "fix the expression")
	}
	return &valueSource{v: v, org: org, why: "it depends on values known only after apply (module outputs, data sources or computed attributes the body refers to)"}
}

// walkExpr follows a JSON pointer through object and tuple constructor
// expressions (and local.x references), returning the deepest expression
// reached, or nil.
func (m *module) walkExpr(e hcl.Expression, ptr string) hcl.Expression {
	if e == nil {
		return nil
	}
	var segs []string
	if ptr != "" {
		segs = strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	}
	cur := e
	for hops := 0; hops < 16; hops++ {
		if t, ok := cur.(*hclsyntax.ScopeTraversalExpr); ok && t.Traversal.RootName() == "local" && len(t.Traversal) == 2 {
			if n, ok := attrName(t.Traversal[1]); ok {
				if l, ok := m.locals[n]; ok {
					cur = l.attr.Expr
					continue
				}
			}
		}
		if len(segs) == 0 {
			return cur
		}
		seg := strings.ReplaceAll(strings.ReplaceAll(segs[0], "~1", "/"), "~0", "~")
		switch x := cur.(type) {
		case *hclsyntax.ObjectConsExpr:
			var next hcl.Expression
			for _, it := range x.Items {
				if k, ok := objKey(it.KeyExpr); ok && k == seg {
					next = it.ValueExpr
					break
				}
			}
			if next == nil {
				return cur
			}
			cur, segs, hops = next, segs[1:], 0
		case *hclsyntax.TupleConsExpr:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x.Exprs) {
				return cur
			}
			cur, segs, hops = x.Exprs[i], segs[1:], 0
		default:
			return cur
		}
	}
	return cur
}

func objKey(e hclsyntax.Expression) (string, bool) {
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if n := hcl.ExprAsKeyword(k.Wrapped); n != "" {
			return n, true
		}
		e = k.Wrapped
	}
	if v, ds := e.Value(nil); !ds.HasErrors() && v.IsKnown() && v.Type() == cty.String {
		return v.AsString(), true
	}
	return "", false
}

func firstBlock(s source, name string) source {
	if bs := s.blocks(name); len(bs) > 0 {
		return bs[0]
	}
	return &valueSource{org: func(string) aks.Origin { return s.origin() }}
}

// readARMCluster maps an azapi managedClusters resource: top-level name,
// location and tags, and the ARM body.
func readARMCluster(rd *reader, s source, body source, addr string, format aks.Format, res *resolver) aks.Cluster {
	c := aks.Cluster{Address: addr, Source: s.origin(), Format: format}
	c.Name = rd.str(s.attr("name"), addr+".name")
	c.Location = rd.str(s.attr("location"), addr+".location")
	c.Tags = rd.stringMap(s.attr("tags"))
	c.SKUTier = rd.str(firstBlock(body, "sku").attr("tier"), addr+".body.sku.tier")
	props := firstBlock(body, "properties")
	c.Identity = readIdentity(rd, s, addr)
	if c.Identity.State == aks.Absent {
		if sp := rd.one(props, "servicePrincipalProfile"); sp != nil {
			if id := rd.str(sp.attr("clientId"), "properties.servicePrincipalProfile.clientId"); id.State == aks.Set && !strings.EqualFold(id.V, "msi") && id.V != "" {
				c.Identity = aks.SetAt(aks.IdentityServicePrincipal, id.Origin)
			}
		}
	}
	c.KubernetesVersion = rd.str(props.attr("kubernetesVersion"), "properties.kubernetesVersion")
	if np := rd.one(props, "networkProfile"); np != nil {
		readARMNetwork(rd, np, &c.Network)
	}
	if ap := rd.one(props, "apiServerAccessProfile"); ap != nil {
		api := &c.APIServer
		_, api.AuthorizedIPRanges = rd.prefixes(ap.attr("authorizedIPRanges"), "apiServerAccessProfile.authorizedIPRanges", true)
		api.Private = rd.boolean(ap.attr("enablePrivateCluster"), "apiServerAccessProfile.enablePrivateCluster")
		api.PrivateDNSZone = rd.str(ap.attr("privateDNSZone"), "apiServerAccessProfile.privateDNSZone")
		api.PublicFQDN = rd.boolean(ap.attr("enablePrivateClusterPublicFQDN"), "apiServerAccessProfile.enablePrivateClusterPublicFQDN")
		api.VNetIntegration = rd.boolean(ap.attr("enableVnetIntegration"), "apiServerAccessProfile.enableVnetIntegration")
		api.SubnetID = rd.str(ap.attr("subnetId"), "apiServerAccessProfile.subnetId")
	}
	c.APIServer.PublicNetworkAccess = rd.str(props.attr("publicNetworkAccess"), "properties.publicNetworkAccess")
	for _, p := range props.blocks("agentPoolProfiles") {
		c.Pools = append(c.Pools, readARMPool(rd, p, "agentPoolProfiles", res))
	}
	return c
}

func readARMNetwork(rd *reader, np source, n *aks.NetworkProfile) {
	readNetworkCore(rd, np, n, armNet)
	if lb := rd.one(np, "loadBalancerProfile"); lb != nil {
		n.LoadBalancer.ManagedOutboundIPs = rd.integer(firstBlock(lb, "managedOutboundIPs").attr("count"), "loadBalancerProfile.managedOutboundIPs.count")
		n.LoadBalancer.OutboundIPs = listLen(rd, firstBlock(lb, "outboundIPs").attr("publicIPs"), "loadBalancerProfile.outboundIPs.publicIPs")
		n.LoadBalancer.OutboundIPPrefixes = listLen(rd, firstBlock(lb, "outboundIPPrefixes").attr("publicIPPrefixes"), "loadBalancerProfile.outboundIPPrefixes.publicIPPrefixes")
		n.LoadBalancer.AllocatedOutboundPorts = rd.integer(lb.attr("allocatedOutboundPorts"), "loadBalancerProfile.allocatedOutboundPorts")
		n.LoadBalancer.IdleTimeoutMinutes = rd.integer(lb.attr("idleTimeoutInMinutes"), "loadBalancerProfile.idleTimeoutInMinutes")
	}
	if nat := rd.one(np, "natGatewayProfile"); nat != nil {
		n.NATGateway.ManagedOutboundIPs = rd.integer(firstBlock(nat, "managedOutboundIPProfile").attr("count"), "natGatewayProfile.managedOutboundIPProfile.count")
		n.NATGateway.IdleTimeoutMinutes = rd.integer(nat.attr("idleTimeoutInMinutes"), "natGatewayProfile.idleTimeoutInMinutes")
		n.NATGateway.SKU = rd.str(nat.attr("sku"), "natGatewayProfile.sku")
	}
	if adv := rd.one(np, "advancedNetworking"); adv != nil {
		n.AdvancedNetworking = rd.boolean(adv.attr("enabled"), "networkProfile.advancedNetworking.enabled")
	}
}

// listLen counts the elements of a list of objects (outbound IP references).
func listLen(rd *reader, f field, what string) aks.Value[int] {
	if !f.present || (f.v != cty.NilVal && f.v.IsKnown() && f.v.IsNull()) {
		return aks.Value[int]{}
	}
	if note, ok := rd.usable(f, what); !ok {
		return aks.UnknownAt[int](f.org, note)
	}
	t := f.v.Type()
	if !(t.IsListType() || t.IsTupleType() || t.IsSetType()) {
		rd.at(CodeWrongType, diag.Error, f.org, what+" must be a list", "write a list")
		return aks.UnknownAt[int](f.org, "not a list")
	}
	return aks.SetAt(f.v.LengthInt(), f.org)
}

func readARMPool(rd *reader, s source, what string, res *resolver) aks.NodePool {
	return readPool(rd, s, what, res, armPool)
}

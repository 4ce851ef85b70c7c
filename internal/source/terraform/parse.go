package terraform

import (
	"net/netip"
	"slices"

	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
)

// ParseDir reads one Terraform module directory: files maps the names of its
// files (relative to dir) to their contents, tfvars the variable files given
// on the command line (name → content), applied in order after the module's
// own terraform.tfvars and *.auto.tfvars, which are read from files when
// present there, as Terraform does. Origins and diagnostics name
// filepath.Join(dir, name).
//
// It returns the module's azurerm_kubernetes_cluster resources (with their
// default_node_pool and any azurerm_kubernetes_cluster_node_pool attached by
// reference) and azapi_resource clusters of type
// Microsoft.ContainerService/managedClusters, with AKS defaults applied, the
// module's VNets and subnets, and every diagnostic. Values the reader can't
// resolve (variables without a value, data sources, module outputs, computed
// attributes) are unknown, each with a diagnostic naming file:line:column.
// Module calls are not followed. ParseDir never panics on bad input.
func ParseDir(dir string, files map[string][]byte, tfvars map[string][]byte) aks.Document {
	var extra []namedFile
	for _, n := range sortedKeys(tfvars) {
		extra = append(extra, namedFile{n, tfvars[n]})
	}
	m := load(dir, files, extra)
	doc := aks.Document{File: dir, Format: aks.FormatTerraform, Clusters: []aks.Cluster{}}
	rd := newReader(&m.diags)
	res := &resolver{subnets: map[string]subnetInfo{}}

	doc.VNets = readNetworks(m, rd, res)

	byID := map[string]int{}
	for _, r := range m.resOrder {
		if r.mode != "resource" || r.typ != "azurerm_kubernetes_cluster" {
			continue
		}
		for _, in := range m.instances(r) {
			addr := instanceAddr(r, in.key)
			s := m.source(r, in, rd)
			c := readAzurermCluster(rd, s, addr, aks.FormatTerraform, res)
			byID[idMarker(addr)] = len(doc.Clusters)
			doc.Clusters = append(doc.Clusters, c)
		}
	}
	readAzAPI(m, rd, &doc, byID, res)
	for _, r := range m.resOrder {
		if r.mode != "resource" || r.typ != "azurerm_kubernetes_cluster_node_pool" {
			continue
		}
		for _, in := range m.instances(r) {
			addr := instanceAddr(r, in.key)
			s := m.source(r, in, rd)
			p := readAzurermPool(rd, s, addr, res)
			if p.Mode.State == aks.Absent {
				p.Mode = aks.Default("User", "azurerm_kubernetes_cluster_node_pool mode defaults to User (azurerm; CLI nodepool add)")
			}
			attachPool(rd, &doc, byID, s.attr("kubernetes_cluster_id"), addr, p)
		}
	}
	for _, name := range m.modOrder {
		b := m.modules[name]
		d := diag.Diagnostic{Code: CodeModuleCall, Severity: diag.Warning, File: b.DefRange().Filename,
			Line: b.DefRange().Start.Line, Column: b.DefRange().Start.Column, Path: "module." + name,
			Message: "module call not followed: values inside are unknown",
			Hint:    "read the module's directory itself, with the call's arguments as tfvars"}
		if a, ok := b.Body.Attributes["source"]; ok {
			if v, ds := a.Expr.Value(nil); !ds.HasErrors() && v.IsKnown() && v.Type().FriendlyName() == "string" {
				d.Detail = "module." + name + " has source " + v.AsString()
			}
		}
		m.addOnce(d)
	}
	for i := range doc.Clusters {
		aks.ApplyDefaults(&doc.Clusters[i])
	}
	doc.Diagnostics = m.diags
	doc.Diagnostics.Sort()
	return doc
}

// instances expands a resource, reporting one without instances.
func (m *module) instances(r *resource) []instance {
	m.evalResource(r)
	if r.instance != nil && len(r.instance) == 0 {
		rg := r.block.DefRange()
		m.addOnce(diag.Diagnostic{Code: CodeCountZero, Severity: diag.Info, File: rg.Filename, Line: rg.Start.Line, Column: rg.Start.Column,
			Path: r.addr(), Message: r.addr() + " has no instances (count or for_each is empty) and is skipped",
			Hint: "set the variables that enable it to read it"})
	}
	return r.instance
}

// source returns the expanded body of one resource instance.
func (m *module) source(r *resource, in instance, rd *reader) *hclSource {
	return &hclSource{body: dynblock.Expand(r.block.Body, in.ctx), ctx: in.ctx, path: instanceAddr(r, in.key), at: r.block.DefRange(), rd: rd}
}

func attachPool(rd *reader, doc *aks.Document, byID map[string]int, f field, addr string, p aks.NodePool) {
	id := rd.str(f, addr+".kubernetes_cluster_id")
	if id.State == aks.Set {
		if i, ok := byID[id.V]; ok {
			doc.Clusters[i].Pools = append(doc.Clusters[i].Pools, p)
			return
		}
	}
	o := p.Source
	if f.present {
		o = f.org
	}
	rd.at(CodeOrphanPool, diag.Warning, o, addr+" belongs to a cluster that is not defined in this module; the pool is not attached",
		"define the pool beside its cluster, or reference the cluster's id")
}

// readNetworks reads azurerm_virtual_network and azurerm_subnet resources into
// VNets and fills res with the subnets' prefixes by id.
func readNetworks(m *module, rd *reader, res *resolver) []aks.VNet {
	var vnets []aks.VNet
	vnetIdx := map[string]int{} // instance address → index
	nameIdx := map[string]int{} // known VNet name → index
	for _, r := range m.resOrder {
		if r.mode != "resource" || r.typ != "azurerm_virtual_network" {
			continue
		}
		for _, in := range m.instances(r) {
			addr := instanceAddr(r, in.key)
			s := m.source(r, in, rd)
			v := aks.VNet{Name: addr, Source: s.origin(), AddressSpace: []netip.Prefix{}}
			if n := rd.str(s.attr("name"), addr+".name"); n.State == aks.Set {
				v.Name = n.V
				nameIdx[n.V] = len(vnets)
			}
			if _, all := rd.prefixes(s.attr("address_space"), addr+".address_space", false); all.State == aks.Set {
				v.AddressSpace = all.V
			}
			for _, sb := range s.blocks("subnet") {
				sub, id := readSubnet(rd, sb, addr+".subnet", "")
				if sub.Name != "" {
					id = addr + `.subnet["` + sub.Name + `"].id`
				}
				v.Subnets = append(v.Subnets, sub.Subnet)
				res.subnets[id] = subnetInfo{prefix: sub.first, addr: addr + ".subnet." + sub.Name}
			}
			vnetIdx[addr] = len(vnets)
			vnets = append(vnets, v)
		}
	}
	for _, r := range m.resOrder {
		if r.mode != "resource" || r.typ != "azurerm_subnet" {
			continue
		}
		for _, in := range m.instances(r) {
			addr := instanceAddr(r, in.key)
			s := m.source(r, in, rd)
			sub, _ := readSubnet(rd, s, addr, addr)
			res.subnets[idMarker(addr)] = subnetInfo{prefix: sub.first, addr: addr}
			i, ok := vnetOf(r, s, vnetIdx, nameIdx)
			if !ok {
				continue
			}
			vnets[i].Subnets = append(vnets[i].Subnets, sub.Subnet)
		}
	}
	return vnets
}

// vnetOf finds the VNet a subnet resource belongs to: by a direct reference
// (virtual_network_name = azurerm_virtual_network.x.name) or by a known name.
func vnetOf(r *resource, s source, byAddr, byName map[string]int) (int, bool) {
	if a, ok := r.block.Body.Attributes["virtual_network_name"]; ok {
		if t, ok := a.Expr.(*hclsyntax.ScopeTraversalExpr); ok && t.Traversal.RootName() == "azurerm_virtual_network" && len(t.Traversal) >= 2 {
			if n, ok := attrName(t.Traversal[1]); ok {
				if i, ok := byAddr["azurerm_virtual_network."+n]; ok {
					return i, true
				}
			}
		}
	}
	if f := s.attr("virtual_network_name"); f.known() && f.v.Type().FriendlyName() == "string" {
		i, ok := byName[f.v.AsString()]
		return i, ok
	}
	return 0, false
}

type readSubnetResult struct {
	aks.Subnet
	first aks.Value[netip.Prefix]
}

func readSubnet(rd *reader, s source, what, addr string) (readSubnetResult, string) {
	out := readSubnetResult{Subnet: aks.Subnet{Name: addr, Source: s.origin(), Prefixes: []netip.Prefix{}}}
	if n := rd.str(s.attr("name"), what+".name"); n.State == aks.Set {
		out.Name = n.V
	}
	pf := first(s, "address_prefixes", "address_prefix")
	if pf.known() && pf.v.Type().FriendlyName() == "string" {
		out.first = rd.prefix(pf, what+".address_prefix")
		if out.first.State == aks.Set {
			out.Prefixes = append(out.Prefixes, out.first.V)
		}
	} else {
		each, all := rd.prefixes(pf, what+".address_prefixes", false)
		if all.State == aks.Set {
			out.Prefixes = all.V
		}
		switch {
		case len(each) > 0:
			out.first = each[0]
		case all.State == aks.Unknown:
			out.first = aks.UnknownAt[netip.Prefix](all.Origin, all.Origin.Note)
		case pf.present && all.State == aks.Set:
			out.first = aks.UnknownAt[netip.Prefix](pf.org, "the subnet has no address prefixes")
		}
	}
	for _, d := range s.blocks("delegation") {
		if sd := rd.one(d, "service_delegation"); sd != nil {
			if n := rd.str(sd.attr("name"), what+".delegation.service_delegation.name"); n.State == aks.Set {
				out.Delegations = append(out.Delegations, n.V)
			}
		}
	}
	return out, idMarker(addr)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

package terraform

import (
	"fmt"
	"iter"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
)

// ParseDir reads one Terraform module directory: files maps the names of its
// files (relative to dir) to their contents, tfvars the variable files given
// on the command line (path as given → content), applied in name order after the module's
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
// Module calls with a local source ("./x", "../..") are followed, up to
// three levels deep and 64 module instances, with the call's arguments bound
// to the module's variables; the module's files are taken from files when
// present there under names relative to dir (for example "../../main.tf"),
// else read from disk under dir. Other module calls are reported, and their
// outputs are unknown. ParseDir never panics on bad input.
func ParseDir(dir string, files map[string][]byte, tfvars map[string][]byte) aks.Document {
	var extra []namedFile
	for _, n := range sortedKeys(tfvars) {
		extra = append(extra, namedFile{name: n, data: tfvars[n], asGiven: true})
	}
	doc := aks.Document{File: dir, Format: aks.FormatTerraform, Clusters: []aks.Cluster{}}
	m := load(dir, files, extra, loadOptions{diags: &doc.Diagnostics})
	p := &parser{doc: &doc, rd: newReader(&doc.Diagnostics), res: &resolver{subnets: map[string]subnetInfo{}}, byID: map[string]int{}, files: files, root: dir}
	p.module(m, 0)
	for i := range doc.Clusters {
		aks.ApplyDefaults(&doc.Clusters[i])
	}
	doc.Diagnostics.Sort()
	return doc
}

// maxModuleDepth bounds how deep local module calls are followed.
const maxModuleDepth = 3

// maxModuleBytes bounds the size of a followed module's files.
const maxModuleBytes = 16 << 20

// parser reads a root module and the local modules it calls into one document.
type parser struct {
	doc   *aks.Document
	rd    *reader
	res   *resolver
	byID  map[string]int
	files map[string][]byte // the root module's files, which may hold child modules' files under relative names
	root  string
	// followed counts module instances read, bounded by maxModules.
	followed int
}

// maxModules bounds the module instances followed in one ParseDir, so that
// for_each on module calls can't multiply without end.
const maxModules = 64

// module reads the resources of m, follows its local module calls, then
// attaches its node pools.
func (p *parser) module(m *module, depth int) {
	rd := p.rd
	p.doc.VNets = append(p.doc.VNets, readNetworks(m, rd, p.res)...)
	for addr, s := range m.each("azurerm_kubernetes_cluster", rd) {
		c := readAzurermCluster(rd, s, addr, aks.FormatTerraform, p.res)
		p.byID[idMarker(addr)] = len(p.doc.Clusters)
		p.doc.Clusters = append(p.doc.Clusters, c)
	}
	readAzAPI(m, rd, p.doc, p.byID, p.res)
	for _, name := range m.modOrder {
		p.call(m, name, depth)
	}
	for addr, s := range m.each("azurerm_kubernetes_cluster_node_pool", rd) {
		np := readAzurermPool(rd, s, addr, p.res)
		if np.Mode.State == aks.Absent {
			np.Mode = aks.Default("User", "azurerm_kubernetes_cluster_node_pool mode defaults to User (azurerm; CLI nodepool add)")
		}
		attachPool(rd, p.doc, p.byID, s.attr("kubernetes_cluster_id"), addr, np)
	}
}

// call follows a module call whose source is a local directory, binding the
// call's arguments to the module's variables; any other call is reported.
func (p *parser) call(m *module, name string, depth int) {
	b := m.modules[name]
	rg := b.DefRange()
	report := func(msg, detail string) {
		m.addOnce(diag.Diagnostic{Code: CodeModuleCall, Severity: diag.Warning, File: rg.Filename,
			Line: rg.Start.Line, Column: rg.Start.Column, Path: m.prefix + "module." + name,
			Message: msg, Detail: detail,
			Hint: "read the module's directory itself, with the call's arguments as tfvars"})
	}
	src := ""
	if a, ok := b.Body.Attributes["source"]; ok {
		if v, ds := a.Expr.Value(nil); !ds.HasErrors() && v.IsKnown() && v.Type() == cty.String {
			src = v.AsString()
		}
	}
	if !strings.HasPrefix(src, "./") && !strings.HasPrefix(src, "../") {
		report("module call not followed: values inside are unknown", "module."+name+" has source "+strconv.Quote(src)+", which is not a local directory")
		return
	}
	if depth >= maxModuleDepth {
		report("module call not followed: values inside are unknown", fmt.Sprintf("module calls are followed %d levels deep", maxModuleDepth))
		return
	}
	dir := filepath.Join(m.dir, src)
	files := p.childFiles(dir)
	if len(files) == 0 {
		report("module call not followed: values inside are unknown", "no .tf files found for source "+strconv.Quote(src)+" at "+dir)
		return
	}
	// The call is a pseudo resource so that count and for_each expand alike.
	pr := &resource{prefix: m.prefix, mode: "resource", typ: "module", name: name, block: b, extra: map[string]bool{}}
	ctx := m.scope(traversals(b.Body))
	for _, in := range m.expand(pr, ctx) {
		if p.followed >= maxModules {
			report("module call not followed: values inside are unknown", fmt.Sprintf("at most %d module instances are followed", maxModules))
			return
		}
		p.followed++
		bound, boundAt := map[string]cty.Value{}, map[string]hcl.Range{}
		for an, a := range b.Body.Attributes {
			switch an {
			case "source", "version", "count", "for_each", "providers", "depends_on":
				continue
			}
			v, ds := a.Expr.Value(in.ctx)
			if ds.HasErrors() {
				v = unresolvedVal(cty.DynamicPseudoType, "argument "+an+" of module."+name+" can't be evaluated: "+summary(ds))
			}
			bound[an], boundAt[an] = v, a.Range()
		}
		child := load(dir, files, nil, loadOptions{prefix: instanceAddr(pr, in.key) + ".", bound: bound, boundAt: boundAt, child: true,
			diags: m.diags, reported: m.reported})
		for n := range bound {
			if _, ok := child.vars[n]; !ok {
				a := b.Body.Attributes[n]
				m.addOnce(diag.Diagnostic{Code: CodeTFVars, Severity: diag.Warning, File: a.NameRange.Filename, Line: a.NameRange.Start.Line, Column: a.NameRange.Start.Column,
					Message: fmt.Sprintf("module.%s sets %q, which the module does not declare", name, n), Hint: "remove the argument or declare the variable"})
			}
		}
		p.module(child, depth+1)
	}
}

// childFiles returns a local module's .tf files: from the root's files when
// they hold them under names relative to the root directory, else from disk.
func (p *parser) childFiles(dir string) map[string][]byte {
	out := map[string][]byte{}
	rel, err := filepath.Rel(p.root, dir)
	if err == nil {
		for n, data := range p.files {
			if filepath.Dir(filepath.Clean(n)) == rel && strings.HasSuffix(n, ".tf") {
				out[filepath.Base(n)] = data
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	total := 0
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		if total += len(data); total > maxModuleBytes {
			return nil
		}
		out[e.Name()] = data
	}
	return out
}

// each yields the address and expanded body of every instance of the
// module's managed resources of type typ, in declaration order.
func (m *module) each(typ string, rd *reader) iter.Seq2[string, *hclSource] {
	return func(yield func(string, *hclSource) bool) {
		for _, r := range m.resOrder {
			if r.mode != "resource" || r.typ != typ {
				continue
			}
			for _, in := range m.instances(r) {
				if !yield(instanceAddr(r, in.key), m.source(r, in, rd)) {
					return
				}
			}
		}
	}
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
	return &hclSource{m: m, res: r, body: dynblock.Expand(r.block.Body, in.ctx), ctx: in.ctx, path: instanceAddr(r, in.key), at: r.block.DefRange(), rd: rd}
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
	for addr, s := range m.each("azurerm_virtual_network", rd) {
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
	for addr, s := range m.each("azurerm_subnet", rd) {
		sub, _ := readSubnet(rd, s, addr, addr)
		res.subnets[idMarker(addr)] = subnetInfo{prefix: sub.first, addr: addr}
		i, ok := vnetOf(s.res, s, vnetIdx, nameIdx)
		if !ok {
			continue
		}
		vnets[i].Subnets = append(vnets[i].Subnets, sub.Subnet)
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

// Package armjson reads Azure resource JSON into the normalized model:
// ManagedCluster bodies as the ARM REST API returns them, `az aks show` (an
// object) and `az aks list` (an array), ARM list envelopes ({"value": [...]}),
// Azure Resource Graph exports ({"data": [...]} or arrays of rows with
// properties), the REST API example files ({"parameters": {...},
// "responses": {...}}, one cluster per request or response body), resource
// exports in the Az PowerShell shape (PascalCase envelope with nested
// subnet resources, as PSRule ingests them), and VNet inventory (`az network
// vnet list`, Microsoft.Network/virtualNetworks and /subnets resources).
//
// Member names match case-insensitively, as in ARM. Every value carries its
// file, line, column and JSON pointer. Parse never panics: bad input yields
// diagnostics.
//
// Diagnostic codes (stable; READ1xx come from package armmap):
//
//	READ001 error    the file is not valid JSON, or nests deeper than MaxDepth
//	READ002 info     the document holds no managed cluster or virtual network
//	READ003 warning  an element of a resource list is not an object; skipped
//	READ004 info     an agentPools resource whose cluster is not in the same file; not read
package armjson

import (
	"errors"
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/jsonpos"
	"github.com/aksnet/aksnet/internal/source/armmap"
)

// Diagnostic codes; see the package documentation.
const (
	CodeSyntax    = "READ001"
	CodeNothing   = "READ002"
	CodeNotObject = "READ003"
	CodeOrphan    = "READ004"
)

// MaxDepth bounds nesting. ARM resource bodies nest about a dozen levels;
// anything far deeper is hostile or not a resource.
const MaxDepth = 128

// Resource types, compared case-insensitively.
const (
	typeCluster = "Microsoft.ContainerService/managedClusters"
	typePool    = "Microsoft.ContainerService/managedClusters/agentPools"
	typeVNet    = "Microsoft.Network/virtualNetworks"
	typeSubnet  = "Microsoft.Network/virtualNetworks/subnets"
)

// Parse reads one resource JSON file. name labels origins and diagnostics.
// Clusters get aks.ApplyDefaults.
func Parse(name string, data []byte) aks.Document {
	doc := aks.Document{File: name, Format: aks.FormatARMJSON}
	tree, err := jsonpos.ParseDepth(data, MaxDepth)
	if err != nil {
		d := diag.Diagnostic{Code: CodeSyntax, Severity: diag.Error, File: name, Line: 1, Column: 1,
			Message: "invalid JSON: " + err.Error(), Hint: "fix the JSON syntax; nothing in this file was read"}
		var se *jsonpos.SyntaxError
		if errors.As(err, &se) {
			d.Message, d.Line, d.Column = "invalid JSON: "+se.Msg, se.Line, se.Column
		}
		doc.Diagnostics.Add(d)
		return doc
	}
	r := reader{doc: &doc, m: armmap.Mapper{File: name, Diags: &doc.Diagnostics}}
	r.root(armmap.Root(tree))
	r.attachPools()
	for i := range doc.Clusters {
		aks.ApplyDefaults(&doc.Clusters[i])
	}
	if len(doc.Clusters) == 0 && len(doc.VNets) == 0 && !doc.Diagnostics.HasErrors() {
		line, col := tree.Root().Pos()
		doc.Diagnostics.Add(diag.Diagnostic{Code: CodeNothing, Severity: diag.Info, File: name, Line: line, Column: col,
			Message: "no managed cluster or virtual network found",
			Hint:    "aksnet reads Microsoft.ContainerService/managedClusters and Microsoft.Network/virtualNetworks resource JSON"})
	}
	return doc
}

type reader struct {
	doc   *aks.Document
	m     armmap.Mapper
	pools []childPool
}

// childPool is a separate agentPools resource waiting for its cluster.
type childPool struct {
	clusterID string
	pool      aks.NodePool
	at        armmap.At
}

// root dispatches on the document's envelope.
func (r *reader) root(a armmap.At) {
	switch a.N.Kind() {
	case jsonpos.Array:
		r.list(a)
	case jsonpos.Object:
		switch {
		case a.N.Get("responses").Kind() == jsonpos.Object && a.N.Get("parameters").Kind() == jsonpos.Object:
			r.example(a)
		case a.N.Get("data").Kind() == jsonpos.Array && !isResource(a):
			r.list(a.Get("data")) // Resource Graph
		case a.N.Get("value").Kind() == jsonpos.Array && !isResource(a):
			r.list(a.Get("value")) // ARM list envelope
		default:
			r.resource(a, "")
		}
	}
}

// isResource reports whether an object looks like a resource body itself.
func isResource(a armmap.At) bool {
	return a.N.Get("type").Kind() == jsonpos.String || a.N.Get("properties").Kind() == jsonpos.Object
}

func (r *reader) list(a armmap.At) {
	if r.doc.Clusters == nil {
		r.doc.Clusters = make([]aks.Cluster, 0, a.N.Len())
	}
	for i := range a.N.Len() {
		el := a.Index(i)
		if el.N.Kind() != jsonpos.Object {
			line, col := el.N.Pos()
			r.doc.Diagnostics.Add(diag.Diagnostic{Code: CodeNotObject, Severity: diag.Warning,
				File: r.m.File, Line: line, Column: col, Path: el.Ptr,
				Message: "list element " + strconv.Itoa(i) + " is a " + el.N.Kind().String() + ", not a resource object; skipped"})
			continue
		}
		r.resource(el, "")
	}
}

// example reads an API example file: the request body and every response
// body (which may be a list envelope).
func (r *reader) example(a armmap.At) {
	params := a.Get("parameters")
	if body := params.Get("parameters"); body.N.Kind() == jsonpos.Object {
		n := len(r.doc.Clusters)
		r.resource(body, "request")
		for i := n; i < len(r.doc.Clusters); i++ {
			c := &r.doc.Clusters[i]
			if c.Name.State == aks.Absent {
				if rn, ok := params.N.Get("resourceName").Str(); ok {
					c.Name = aks.SetAt(rn, r.m.Origin(params.Get("resourceName")))
				}
			}
		}
	}
	resp := a.Get("responses")
	for i := range resp.N.Len() {
		code, at := resp.Member(i)
		body := at.Get("body")
		switch {
		case body.N.Get("value").Kind() == jsonpos.Array:
			n := len(r.doc.Clusters)
			r.list(body.Get("value"))
			for j := n; j < len(r.doc.Clusters); j++ {
				r.doc.Clusters[j].Address = "response " + code + " value " + strconv.Itoa(j-n)
			}
		case body.N.Kind() == jsonpos.Object:
			r.resource(body, "response "+code)
		}
	}
}

// resource reads one resource object of any supported type; address names
// where it sits (e.g. "request") when the resource id does not.
func (r *reader) resource(a armmap.At, address string) {
	typ, _ := a.N.Get("type").Str()
	if typ == "" {
		typ, _ = a.N.Get("resourceType").Str()
	}
	switch {
	case strings.EqualFold(typ, typeCluster), typ == "" && looksLikeCluster(a):
		c := r.m.Cluster(a)
		c.Format = aks.FormatARMJSON
		c.Address = address
		if c.Address == "" {
			c.Address = c.ResourceID
		}
		r.nested(&c, a)
		r.doc.Clusters = append(r.doc.Clusters, c)
	case strings.EqualFold(typ, typePool):
		name := r.m.String(a.Get("name"), "name")
		props := a.Get("properties")
		if !props.N.Valid() {
			props = a
		}
		id, _ := a.N.Get("id").Str()
		r.pools = append(r.pools, childPool{clusterID: parentID(id, "/agentPools/"), pool: r.m.Pool(name, props, a), at: a})
	case strings.EqualFold(typ, typeVNet), typ == "" && a.N.Path("properties", "addressSpace").Valid(), typ == "" && a.N.Get("addressSpace").Valid():
		r.doc.VNets = append(r.doc.VNets, r.m.VNet(a))
	case strings.EqualFold(typ, typeSubnet):
		r.addSubnet(r.m.Subnet(a))
	}
}

func looksLikeCluster(a armmap.At) bool {
	for _, k := range []string{"agentPoolProfiles", "networkProfile"} {
		if a.N.Get(k).Valid() || a.N.Path("properties", k).Valid() {
			return true
		}
	}
	return false
}

// nested reads subnets listed in a resource's "resources" array (the Az
// PowerShell export shape) and resolves the cluster's pools against them.
// They describe the subnets as they were when this cluster was exported, so
// they resolve only this cluster's pools and are not added to the VNet
// inventory.
func (r *reader) nested(c *aks.Cluster, a armmap.At) {
	res := a.Get("resources")
	if res.N.Kind() != jsonpos.Array {
		return
	}
	var subnets []aks.Subnet
	for i := range res.N.Len() {
		el := res.Index(i)
		if typ, _ := el.N.Get("type").Str(); strings.EqualFold(typ, typeSubnet) {
			subnets = append(subnets, r.m.Subnet(el))
		}
	}
	for i := range c.Pools {
		p := &c.Pools[i]
		for _, sn := range subnets {
			if p.Subnet.State == aks.Absent && p.SubnetID.Known() && len(sn.Prefixes) > 0 && strings.EqualFold(p.SubnetID.V, sn.ResourceID) {
				p.Subnet = aks.SetAt(sn.Prefixes[0], sn.Source)
			}
			if p.PodSubnet.State == aks.Absent && p.PodSubnetID.Known() && len(sn.Prefixes) > 0 && strings.EqualFold(p.PodSubnetID.V, sn.ResourceID) {
				p.PodSubnet = aks.SetAt(sn.Prefixes[0], sn.Source)
			}
		}
	}
}

// addSubnet files a stand-alone subnet resource under its VNet (by id),
// creating a VNet entry without address space when the VNet is not listed.
func (r *reader) addSubnet(sn aks.Subnet) {
	vid := parentID(sn.ResourceID, "/subnets/")
	for i := range r.doc.VNets {
		if vid != "" && strings.EqualFold(r.doc.VNets[i].ResourceID, vid) {
			r.doc.VNets[i].Subnets = append(r.doc.VNets[i].Subnets, sn)
			return
		}
	}
	name := vid[strings.LastIndexByte(vid, '/')+1:]
	r.doc.VNets = append(r.doc.VNets, aks.VNet{Name: name, ResourceID: vid, Source: sn.Source, Subnets: []aks.Subnet{sn}})
}

// parentID cuts a child resource id at sep ("/agentPools/"), case-insensitively.
func parentID(id, sep string) string {
	if i := strings.LastIndex(strings.ToLower(id), strings.ToLower(sep)); i >= 0 {
		return id[:i]
	}
	return ""
}

// attachPools adds separate agentPools resources to their clusters.
func (r *reader) attachPools() {
	for _, cp := range r.pools {
		found := false
		for i := range r.doc.Clusters {
			c := &r.doc.Clusters[i]
			if cp.clusterID != "" && strings.EqualFold(c.ResourceID, cp.clusterID) {
				c.Pools = append(c.Pools, cp.pool)
				found = true
				break
			}
		}
		if !found {
			o := r.m.Origin(cp.at)
			hint := "include the managed cluster in the same file"
			if cp.clusterID != "" {
				hint = "include the managed cluster " + cp.clusterID + " in the same file"
			}
			r.doc.Diagnostics.Add(diag.Diagnostic{Code: CodeOrphan, Severity: diag.Info,
				File: o.File, Line: o.Line, Column: o.Column, Path: o.Path,
				Message: "agent pool " + strconv.Quote(cp.pool.Name.V) + " belongs to a cluster that is not in this file; not read",
				Hint:    hint})
		}
	}
}

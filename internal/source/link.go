package source

import (
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/source/armtemplate"
)

// subnetRef is a subnet's first prefix (IPv4 preferred) and where it is written.
type subnetRef struct {
	prefix netip.Prefix
	origin aks.Origin
	id     string // the subnet's id as written
}

// normID folds an ARM resource id for comparison: ARM ids are
// case-insensitive and tolerate a trailing slash.
func normID(id string) string { return strings.ToLower(strings.TrimRight(strings.TrimSpace(id), "/")) }

// Link resolves every pool's SubnetID and PodSubnetID against the subnets
// of every VNet in docs, filling Subnet and PodSubnet with the prefix and
// the origin of the subnet's address prefix. Values already known are kept.
// A subnet id that no input defines leaves the prefix unknown (with a note);
// one that matches subnets with different prefixes is unknown too and gets
// READ204 on the pool's document.
func Link(docs []aks.Document) {
	index := map[string][]subnetRef{}
	for _, d := range docs {
		for _, v := range d.VNets {
			for _, sn := range v.Subnets {
				id := sn.ResourceID
				if id == "" && v.ResourceID != "" && sn.Name != "" {
					id = v.ResourceID + "/subnets/" + sn.Name
				}
				if id == "" || len(sn.Prefixes) == 0 {
					continue
				}
				p := sn.Prefixes[0]
				for _, q := range sn.Prefixes {
					if q.Addr().Is4() {
						p = q
						break
					}
				}
				k := normID(id)
				dup := false
				for _, r := range index[k] {
					dup = dup || r.prefix == p
				}
				if !dup {
					index[k] = append(index[k], subnetRef{prefix: p, origin: sn.Source, id: id})
				}
			}
		}
	}
	for di := range docs {
		d := &docs[di]
		for ci := range d.Clusters {
			for pi := range d.Clusters[ci].Pools {
				p := &d.Clusters[ci].Pools[pi]
				resolve(d, &p.Subnet, p.SubnetID, index)
				resolve(d, &p.PodSubnet, p.PodSubnetID, index)
			}
		}
	}
}

func resolve(d *aks.Document, dst *aks.Value[netip.Prefix], id aks.Value[string], index map[string][]subnetRef) {
	if dst.Known() {
		return
	}
	switch {
	case id.State == aks.Unknown:
		*dst = aks.UnknownAt[netip.Prefix](id.Origin, "the subnet id can't be resolved")
		return
	case !id.Known() || strings.TrimSpace(id.V) == "":
		return
	}
	refs := index[normID(id.V)]
	if len(refs) == 0 {
		refs = placeholderMatches(id.V, index)
	}
	switch len(refs) {
	case 0:
		*dst = aks.UnknownAt[netip.Prefix](id.Origin, "subnet "+id.V+" is not defined in the inputs read")
	case 1:
		o := refs[0].origin
		o.Note = "address prefix of subnet " + id.V
		*dst = aks.Value[netip.Prefix]{V: refs[0].prefix, State: aks.Set, Origin: o}
	default:
		var ps []string
		for _, r := range refs {
			ps = append(ps, r.prefix.String()+" ("+r.origin.File+")")
		}
		*dst = aks.UnknownAt[netip.Prefix](id.Origin, "subnet "+id.V+" is defined with different prefixes")
		d.Diagnostics.Add(diag.Diagnostic{Code: CodeAmbiguous, Severity: diag.Warning,
			File: id.Origin.File, Line: id.Origin.Line, Column: id.Origin.Column, Path: id.Origin.Path,
			Message: "subnet " + id.V + " is defined with different prefixes: " + strings.Join(ps, ", "),
			Hint:    "pass one definition of the virtual network; the pool's subnet is treated as unknown"})
	}
}

// placeholderMatches finds subnets whose ids match id when template
// placeholders ({subscriptionId}, {resourceGroupName}) stand for the parts
// a template leaves to deployment time. Distinct prefixes are kept once each.
func placeholderMatches(id string, index map[string][]subnetRef) []subnetRef {
	var out []subnetRef
	keys := slices.Sorted(maps.Keys(index))
	for _, k := range keys {
		for _, r := range index[k] {
			if !armtemplate.SameResourceID(r.id, id) {
				continue
			}
			if !slices.ContainsFunc(out, func(o subnetRef) bool { return o.prefix == r.prefix }) {
				out = append(out, r)
			}
		}
	}
	return out
}

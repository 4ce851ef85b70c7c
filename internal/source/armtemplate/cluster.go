package armtemplate

import (
	"fmt"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/jsonpos"
	"github.com/aksnet/aksnet/internal/source/armmap"
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
		p, _ := r.mapPool(pr, aks.SetAt(poolName, r.origin(pr.node.Get("name"))))
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
	m := r.mapper(cr.sc)
	c := m.Cluster(armmap.At{N: cr.node, Ptr: cr.node.Pointer()})
	c.Format = aks.FormatARMTemplate
	if n, ok := cr.name.(string); ok {
		c.ResourceID = resourceIDFor(typeCluster, n)
	}
	c.Address = cr.symbolic
	if c.Address == "" {
		c.Address = c.ResourceID
	}
	return c
}

// mapPool maps a child agentPools resource.
func (r *reader) mapPool(pr *poolRes, name aks.Value[string]) (aks.NodePool, bool) {
	m := r.mapper(pr.sc)
	at := armmap.At{N: pr.node, Ptr: pr.node.Pointer()}
	props, ok := m.Object(at.Get("properties"), "properties")
	if !ok {
		props = armmap.At{}
	}
	return m.Pool(name, props, at), true
}

// resourceIDFor builds the canonical id of a resource declared in the
// template from its lower-case type and its name segments.
func resourceIDFor(typ string, names ...string) string {
	args := []any{canonicalType(typ)}
	for _, n := range names {
		args = append(args, n)
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

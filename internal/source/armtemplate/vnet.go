package armtemplate

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/source/armmap"
)

// buildVNets collects virtualNetworks (with inline subnets) and separate
// virtualNetworks/subnets resources into VNets. Names come from evaluation;
// ids are built as resourceId() would build them.
func (r *reader) buildVNets() []aks.VNet {
	var out []aks.VNet
	byName := map[string]int{}
	for _, vr := range r.vnets {
		m := r.mapper(vr.sc)
		v := m.VNet(armmap.At{N: vr.node, Ptr: vr.node.Pointer()})
		name, ok := vr.name.(string)
		if !ok {
			name = ""
			v.Name = ""
		}
		if name != "" {
			v.ResourceID = resourceIDFor(typeVNet, name)
			byName[strings.ToLower(name)] = len(out)
		}
		for i := range v.Subnets {
			s := &v.Subnets[i]
			if s.ResourceID == "" && name != "" && s.Name != "" {
				s.ResourceID = resourceIDFor(typeSubnet, name, s.Name)
			}
		}
		out = append(out, v)
	}
	for _, sr := range r.subnets {
		full, ok := sr.name.(string)
		vnetName, snName, split := strings.Cut(full, "/")
		if !ok || !split {
			why := fmt.Sprintf("its name %q is not vnet/subnet", full)
			if u, isU := sr.name.(Unknown); isU {
				why = "its name can't be evaluated: " + u.Why
			}
			r.diagAt(sr.node.Get("name"), CodeUnknown, diag.Warning, "subnet resource is not read: "+why,
				"supply the parameters the name depends on")
			continue
		}
		m := r.mapper(sr.sc)
		s := m.Subnet(armmap.At{N: sr.node, Ptr: sr.node.Pointer()})
		s.Name = snName
		s.ResourceID = resourceIDFor(typeSubnet, vnetName, snName)
		i, found := byName[strings.ToLower(vnetName)]
		if !found {
			// The VNet is declared elsewhere: keep the subnet under a VNet
			// without address space so its prefix is still known.
			byName[strings.ToLower(vnetName)] = len(out)
			out = append(out, aks.VNet{Name: vnetName, ResourceID: resourceIDFor(typeVNet, vnetName), Source: r.origin(sr.node)})
			i = len(out) - 1
		}
		out[i].Subnets = append(out[i].Subnets, s)
	}
	return out
}

// resolveSubnets fills each pool's Subnet and PodSubnet from subnets declared
// in the same template when its id names one.
func (r *reader) resolveSubnets(c *aks.Cluster, vnets []aks.VNet) {
	for i := range c.Pools {
		p := &c.Pools[i]
		p.Subnet = r.lookupSubnet(p.SubnetID, vnets)
		p.PodSubnet = r.lookupSubnet(p.PodSubnetID, vnets)
	}
}

func (r *reader) lookupSubnet(id aks.Value[string], vnets []aks.VNet) aks.Value[netip.Prefix] {
	switch id.State {
	case aks.Unknown:
		return aks.UnknownAt[netip.Prefix](id.Origin, "the subnet id can't be evaluated")
	case aks.Set:
	default:
		return aks.Value[netip.Prefix]{}
	}
	for _, v := range vnets {
		for _, s := range v.Subnets {
			if s.ResourceID == "" || !SameResourceID(s.ResourceID, id.V) {
				continue
			}
			if len(s.Prefixes) == 0 {
				return aks.UnknownAt[netip.Prefix](id.Origin, "subnet "+s.Name+" is declared in the template without a known address prefix")
			}
			o := s.Source
			o.Note = "address prefix of subnet " + v.Name + "/" + s.Name + " declared in the template"
			if len(s.Prefixes) > 1 {
				o.Note += fmt.Sprintf(" (first of %d prefixes)", len(s.Prefixes))
			}
			return aks.SetAt(s.Prefixes[0], o)
		}
	}
	d := r.diagAt(r.root(), CodeSubnetNotFound, diag.Info,
		"subnet "+id.V+" is not declared in this template; its prefix is left to cross-document linking", "")
	d.File, d.Line, d.Column, d.Path = id.Origin.File, max(id.Origin.Line, 1), id.Origin.Column, id.Origin.Path
	return aks.Value[netip.Prefix]{}
}

// SameResourceID reports whether two ARM resource ids name the same
// resource: the provider/type/name segments must match (case-insensitively),
// and the subscription and resource group must match unless either side
// is PlaceholderSubscription or PlaceholderResourceGroup.
func SameResourceID(a, b string) bool {
	as, ap, ok1 := splitID(a)
	bs, bp, ok2 := splitID(b)
	if !ok1 || !ok2 || !strings.EqualFold(ap, bp) {
		return false
	}
	for i := range 2 {
		if as[i] == "" || bs[i] == "" || as[i] == placeholderOf(i) || bs[i] == placeholderOf(i) {
			continue
		}
		if !strings.EqualFold(as[i], bs[i]) {
			return false
		}
	}
	return true
}

func placeholderOf(i int) string {
	if i == 0 {
		return PlaceholderSubscription
	}
	return PlaceholderResourceGroup
}

// splitID splits /subscriptions/S/resourceGroups/G/providers/REST into
// [S, G] and REST.
func splitID(id string) ([2]string, string, bool) {
	var scope [2]string
	lower := strings.ToLower(id)
	i := strings.Index(lower, "/providers/")
	if i < 0 {
		return scope, "", false
	}
	segs := strings.Split(strings.Trim(id[:i], "/"), "/")
	for j := 0; j+1 < len(segs); j += 2 {
		switch strings.ToLower(segs[j]) {
		case "subscriptions":
			scope[0] = segs[j+1]
		case "resourcegroups":
			scope[1] = segs[j+1]
		}
	}
	return scope, strings.Trim(id[i+len("/providers/"):], "/"), true
}

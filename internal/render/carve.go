package render

import (
	"fmt"
	"io"
	"net/netip"
	"strings"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// CarveSchemaVersion is the version of the carve JSON contract. It changes
// only when a field is removed or changes meaning; adding fields keeps it.
const CarveSchemaVersion = 1

// CarveDocument is the JSON contract of `aksnet carve -o json`.
type CarveDocument struct {
	SchemaVersion int         `json:"schemaVersion"`
	Layout        CarveLayout `json:"layout"`
	// Defaults lists the planner's defaults the sizes rest on.
	Defaults    []string  `json:"defaults"`
	Diagnostics diag.List `json:"diagnostics"`
}

// CarveLayout is a layout as CIDR and address strings. A range the model
// does not use, or that could not be carved, is null.
type CarveLayout struct {
	Model         netmodel.ID           `json:"model"`
	Dataplane     netmodel.Dataplane    `json:"dataplane,omitempty"`
	NetworkPolicy netmodel.PolicyEngine `json:"networkPolicy,omitempty"`
	// PodIPAllocation is dynamic or static-block (azure-pod-subnet).
	PodIPAllocation netmodel.Allocation `json:"podIPAllocation,omitempty"`
	NodeSubnet      *string             `json:"nodeSubnet"`
	PodSubnet       *string             `json:"podSubnet"`
	PodCIDR         *string             `json:"podCIDR"`
	ServiceCIDR     *string             `json:"serviceCIDR"`
	DNSServiceIP    *string             `json:"dnsServiceIP"`
	// APIServerSubnet is set with API Server VNet Integration.
	APIServerSubnet *string `json:"apiServerSubnet"`
	// Subnets lists every subnet to create, with its pools.
	Subnets []CarveSubnet `json:"subnets"`
}

// CarveSubnet is one subnet of the layout.
type CarveSubnet struct {
	Name   string   `json:"name"`
	Role   string   `json:"role"`
	Prefix string   `json:"prefix"`
	Pools  []string `json:"pools,omitempty"`
	// Usable is the addresses left after Azure's 5 reserves (OVL).
	Usable int64 `json:"usable"`
}

func prefixPtr(p netip.Prefix) *string {
	if !p.IsValid() {
		return nil
	}
	s := p.String()
	return &s
}

// NewCarveDocument builds the JSON contract of a layout.
func NewCarveDocument(l ipplan.Layout, ds diag.List) CarveDocument {
	doc := CarveDocument{SchemaVersion: CarveSchemaVersion, Defaults: carveDefaults(l), Diagnostics: ds}
	if doc.Diagnostics == nil {
		doc.Diagnostics = diag.List{}
	}
	lay := CarveLayout{Model: l.Model, Dataplane: l.Dataplane, NetworkPolicy: l.Policy, PodIPAllocation: l.Allocation, NodeSubnet: prefixPtr(l.Subnet(ipplan.RoleNodes)),
		PodSubnet: prefixPtr(l.Subnet(ipplan.RolePods)), PodCIDR: prefixPtr(l.PodCIDR),
		ServiceCIDR: prefixPtr(l.ServiceCIDR), APIServerSubnet: prefixPtr(l.Subnet(ipplan.RoleAPIServer)),
		Subnets: []CarveSubnet{}}
	if l.DNSServiceIP.IsValid() {
		s := l.DNSServiceIP.String()
		lay.DNSServiceIP = &s
	}
	for _, s := range l.Subnets {
		lay.Subnets = append(lay.Subnets, CarveSubnet{Name: s.Name, Role: s.Role, Prefix: s.Prefix.String(),
			Pools: s.Pools, Usable: azaddr.UsableInSubnet(s.Prefix.Bits())})
	}
	doc.Layout = lay
	return doc
}

// CarveJSON writes the versioned JSON document.
func CarveJSON(w io.Writer, l ipplan.Layout, ds diag.List) error {
	return JSON(w, NewCarveDocument(l, ds))
}

// CarveTable lists every range of the layout with its size.
func CarveTable(l ipplan.Layout) Table {
	t := Table{Header: []string{"range", "name", "CIDR", "addresses", "holds"}}
	for _, s := range l.Subnets {
		holds := ""
		switch s.Role {
		case ipplan.RoleNodes, ipplan.RolePods:
			holds = fmt.Sprintf("%s usable; pools %s", Thousands(azaddr.UsableInSubnet(s.Prefix.Bits())), strings.Join(s.Pools, ", "))
		case ipplan.RoleAPIServer:
			holds = "API server (delegated to Microsoft.ContainerService/managedClusters)"
		}
		t.AddRow(strings.TrimSuffix(s.Role, "s")+" subnet", s.Name, s.Prefix.String(), Thousands(azaddr.Size64(s.Prefix)), holds)
	}
	if l.PodCIDR.IsValid() {
		holds := ""
		if m, ok := netmodel.Lookup(l.Model); ok && l.Plan.PodCIDR != nil {
			per := m.PerNodePodPrefixLen.Value
			holds = fmt.Sprintf("%s nodes (one /%d each)", Thousands(netmodel.PodCIDRNodes(l.PodCIDR.Bits(), per)), per)
		}
		t.AddRow("pod CIDR", "", l.PodCIDR.String(), Thousands(azaddr.Size64(l.PodCIDR)), holds)
	}
	if l.ServiceCIDR.IsValid() {
		t.AddRow("service CIDR", "", l.ServiceCIDR.String(), Thousands(azaddr.Size64(l.ServiceCIDR)), "DNS service IP "+l.DNSServiceIP.String())
	}
	return t
}

// CarveText writes the layout table, the defaults and choices behind it and
// the diagnostics.
func CarveText(w io.Writer, l ipplan.Layout, ds diag.List) error {
	return carveDoc(&docWriter{w: w}, l, ds)
}

// CarveMarkdown writes the same content as CarveText as Markdown.
func CarveMarkdown(w io.Writer, l ipplan.Layout, ds diag.List) error {
	return carveDoc(&docWriter{w: w, markdown: true}, l, ds)
}

func carveDoc(d *docWriter, l ipplan.Layout, ds diag.List) error {
	d.heading("Layout for "+layoutTitle(l), "("+poolSummary(l.Pools)+")")
	d.table(CarveTable(l))
	if defs := carveDefaults(l); len(defs) > 0 {
		d.listHeading("Defaults applied")
		d.list(defs)
	}
	d.diagnostics(ds)
	return d.err
}

// carveDefaults is the plan's defaults without those about the ranges carve
// chose itself (pod CIDR, service CIDR, DNS service IP).
func carveDefaults(l ipplan.Layout) []string {
	out := []string{}
	for _, d := range l.Plan.Defaults {
		if strings.HasPrefix(d, "pod CIDR:") || strings.HasPrefix(d, "service CIDR:") || strings.HasPrefix(d, "DNS service IP:") {
			continue
		}
		out = append(out, d)
	}
	return append(out, l.Choices...)
}

// layoutTitle is the model with its data plane, allocation and policy when they matter.
func layoutTitle(l ipplan.Layout) string {
	s := string(l.Model)
	if l.Dataplane == netmodel.DataplaneCilium {
		s += ", cilium data plane"
	}
	if l.Allocation != "" {
		s += ", " + string(l.Allocation) + " allocation"
	}
	if l.Policy != "" && l.Policy != netmodel.PolicyNone {
		s += ", " + string(l.Policy) + " network policy"
	}
	return s
}

func poolSummary(pools []ipplan.Pool) string {
	var s []string
	for _, p := range pools {
		s = append(s, fmt.Sprintf("%s: %d–%d nodes", p.Name, p.Nodes, p.Max()))
	}
	return strings.Join(s, "; ")
}

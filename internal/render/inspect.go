package render

import (
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// InspectSchemaVersion is the version of the inspect JSON contract. It
// changes only when a field is removed or changes meaning; adding fields
// keeps it.
const InspectSchemaVersion = 1

// InspectView is the JSON contract of `aksnet inspect -o json`.
//
// Every cluster and pool field is an object {"value": V, "state": S,
// "origin": {...}}: value is null unless the state is "set" or "defaulted";
// state is one of absent, set, defaulted, unknown; origin carries file,
// line, column and path (a JSON pointer) where the value is written, and a
// note saying which default applied or why the value is unknown.
type InspectView struct {
	SchemaVersion int              `json:"schemaVersion"`
	Clusters      []InspectCluster `json:"clusters"`
	VNets         []InspectVNet    `json:"vnets"`
	Diagnostics   []InspectDiag    `json:"diagnostics"`
}

// InspectCluster is one cluster in the contract.
type InspectCluster struct {
	Name aks.Value[string] `json:"name"`
	// File is the input the cluster was read from; Address says where in it
	// (a resource id, "request", "response 200", a Terraform address).
	File    string     `json:"file"`
	Format  aks.Format `json:"format"`
	Address string     `json:"address,omitempty"`

	Model          aks.Value[netmodel.ID]           `json:"model"`
	Plugin         aks.Value[string]                `json:"networkPlugin"`
	PluginMode     aks.Value[string]                `json:"networkPluginMode"`
	Dataplane      aks.Value[netmodel.Dataplane]    `json:"dataplane"`
	NetworkPolicy  aks.Value[netmodel.PolicyEngine] `json:"networkPolicy"`
	OutboundType   aks.Value[string]                `json:"outboundType"`
	PrivateCluster aks.Value[bool]                  `json:"privateCluster"`
	PodCIDR        aks.Value[netip.Prefix]          `json:"podCIDR"`
	ServiceCIDR    aks.Value[netip.Prefix]          `json:"serviceCIDR"`
	DNSServiceIP   aks.Value[netip.Addr]            `json:"dnsServiceIP"`
	Pools          []InspectPool                    `json:"pools"`
}

// InspectPool is one node pool in the contract. Subnet is the node
// subnet's CIDR where it can be resolved.
type InspectPool struct {
	Name      aks.Value[string]       `json:"name"`
	Mode      aks.Value[string]       `json:"mode"`
	Count     aks.Value[int]          `json:"count"`
	MinCount  aks.Value[int]          `json:"minCount"`
	MaxCount  aks.Value[int]          `json:"maxCount"`
	MaxPods   aks.Value[int]          `json:"maxPods"`
	OS        aks.Value[string]       `json:"os"`
	SubnetID  aks.Value[string]       `json:"subnetId"`
	Subnet    aks.Value[netip.Prefix] `json:"subnet"`
	PodSubnet aks.Value[netip.Prefix] `json:"podSubnet"`
}

// InspectVNet is a virtual network read from the inputs.
type InspectVNet struct {
	Name         string          `json:"name"`
	ResourceID   string          `json:"resourceId,omitempty"`
	File         string          `json:"file"`
	Line         int             `json:"line"`
	AddressSpace []netip.Prefix  `json:"addressSpace"`
	Subnets      []InspectSubnet `json:"subnets"`
}

// InspectSubnet is a subnet of an InspectVNet.
type InspectSubnet struct {
	Name     string         `json:"name"`
	Prefixes []netip.Prefix `json:"prefixes"`
	Line     int            `json:"line"`
}

// InspectDiag is a diagnostic in the contract.
type InspectDiag struct {
	Code     string        `json:"code"`
	Severity diag.Severity `json:"severity"`
	Message  string        `json:"message"`
	File     string        `json:"file"`
	Line     int           `json:"line"`
	Column   int           `json:"column,omitempty"`
	Path     string        `json:"path,omitempty"`
	Hint     string        `json:"hint,omitempty"`
}

// NewInspectView builds the contract view of read documents.
func NewInspectView(docs []aks.Document) InspectView {
	v := InspectView{SchemaVersion: InspectSchemaVersion, Clusters: []InspectCluster{}, VNets: []InspectVNet{}, Diagnostics: []InspectDiag{}}
	for _, d := range docs {
		for _, c := range d.Clusters {
			n := c.Network
			ic := InspectCluster{
				Name: c.Name, File: d.File, Format: c.Format, Address: c.Address,
				Model: n.Model, Plugin: n.Plugin, PluginMode: n.PluginMode, Dataplane: n.Dataplane,
				NetworkPolicy: n.Policy, OutboundType: n.OutboundType, PrivateCluster: c.APIServer.Private,
				PodCIDR: n.PodCIDR, ServiceCIDR: n.ServiceCIDR, DNSServiceIP: n.DNSServiceIP,
				Pools: make([]InspectPool, 0, len(c.Pools)),
			}
			for _, p := range c.Pools {
				ic.Pools = append(ic.Pools, InspectPool{Name: p.Name, Mode: p.Mode, Count: p.Count, MinCount: p.MinCount,
					MaxCount: p.MaxCount, MaxPods: p.MaxPods, OS: p.OS, SubnetID: p.SubnetID, Subnet: p.Subnet, PodSubnet: p.PodSubnet})
			}
			v.Clusters = append(v.Clusters, ic)
		}
		for _, vn := range d.VNets {
			iv := InspectVNet{Name: vn.Name, ResourceID: vn.ResourceID, File: d.File, Line: vn.Source.Line,
				AddressSpace: vn.AddressSpace, Subnets: []InspectSubnet{}}
			if iv.AddressSpace == nil {
				iv.AddressSpace = []netip.Prefix{}
			}
			for _, s := range vn.Subnets {
				iv.Subnets = append(iv.Subnets, InspectSubnet{Name: s.Name, Prefixes: s.Prefixes, Line: s.Source.Line})
			}
			v.VNets = append(v.VNets, iv)
		}
		for _, g := range d.Diagnostics {
			v.Diagnostics = append(v.Diagnostics, InspectDiag{Code: g.Code, Severity: g.Severity, Message: g.Message,
				File: g.File, Line: g.Line, Column: g.Column, Path: g.Path, Hint: g.Hint})
		}
	}
	return v
}

// InspectLegend explains the marks of the text view.
const InspectLegend = "* defaulted (not written in the input)   ? unknown (can't be resolved)   - not set"

// Cell renders a value for a table: the value, "value*" when defaulted,
// "?" when unknown and "-" when absent.
func Cell[T any](v aks.Value[T]) string {
	switch v.State {
	case aks.Unknown:
		return "?"
	case aks.Absent:
		return "-"
	}
	s := fmt.Sprint(v.V)
	if v.State == aks.Defaulted {
		s += "*"
	}
	return s
}

// InspectText writes one block per cluster, the VNets, then the
// diagnostics and the legend.
func InspectText(w io.Writer, docs []aks.Document) error {
	var b strings.Builder
	clusters := 0
	for _, d := range docs {
		for _, c := range d.Clusters {
			clusters++
			n := c.Network
			where := d.File
			if c.Address != "" && c.Address != c.ResourceID {
				where += ", " + c.Address
			}
			if c.Source.Line > 0 {
				where += ", line " + strconv.Itoa(c.Source.Line)
			}
			fmt.Fprintf(&b, "cluster %s  (%s)\n", Cell(c.Name), where)
			kv := Table{}
			row := func(label, cell string, o aks.Origin, st aks.State) {
				kv.AddRow("  "+label, cell, originText(o, st))
			}
			row("model", Cell(n.Model), n.Model.Origin, n.Model.State)
			row("plugin", Cell(n.Plugin), n.Plugin.Origin, n.Plugin.State)
			row("plugin mode", Cell(n.PluginMode), n.PluginMode.Origin, n.PluginMode.State)
			row("dataplane", Cell(n.Dataplane), n.Dataplane.Origin, n.Dataplane.State)
			row("policy", Cell(n.Policy), n.Policy.Origin, n.Policy.State)
			row("outbound", Cell(n.OutboundType), n.OutboundType.Origin, n.OutboundType.State)
			row("private", Cell(c.APIServer.Private), c.APIServer.Private.Origin, c.APIServer.Private.State)
			row("pod CIDR", cidrs(n.PodCIDR, n.PodCIDRs), n.PodCIDR.Origin, n.PodCIDR.State)
			row("service CIDR", cidrs(n.ServiceCIDR, n.ServiceCIDRs), n.ServiceCIDR.Origin, n.ServiceCIDR.State)
			row("DNS IP", Cell(n.DNSServiceIP), n.DNSServiceIP.Origin, n.DNSServiceIP.State)
			var kvb strings.Builder
			if err := kv.Text(&kvb); err != nil {
				return err
			}
			for line := range strings.Lines(kvb.String()) {
				b.WriteString(strings.TrimRight(line, " \n") + "\n")
			}
			if len(c.Pools) > 0 {
				t := Table{Header: []string{"  POOL", "MODE", "COUNT", "MAX", "MAXPODS", "OS", "SUBNET", "LINE"}}
				for _, p := range c.Pools {
					line := "-"
					if p.Source.Line > 0 {
						line = strconv.Itoa(p.Source.Line)
					}
					t.AddRow("  "+Cell(p.Name), Cell(p.Mode), Cell(p.Count), Cell(p.MaxCount), Cell(p.MaxPods), Cell(p.OS), subnet(p), line)
				}
				if err := t.Text(&b); err != nil {
					return err
				}
			}
			b.WriteString("\n")
		}
	}
	for _, d := range docs {
		for _, v := range d.VNets {
			fmt.Fprintf(&b, "vnet %s  (%s, line %d)  %s\n", v.Name, d.File, v.Source.Line, prefixes(v.AddressSpace))
			for _, s := range v.Subnets {
				fmt.Fprintf(&b, "  subnet %s  %s\n", s.Name, prefixes(s.Prefixes))
			}
			b.WriteString("\n")
		}
	}
	var all diag.List
	for _, d := range docs {
		all = append(all, d.Diagnostics...)
	}
	if clusters == 0 {
		b.WriteString("no clusters found\n")
	}
	if len(all) > 0 {
		b.WriteString("diagnostics:\n")
		for _, g := range all {
			b.WriteString("  " + g.String() + "\n")
		}
	}
	if clusters > 0 {
		b.WriteString(InspectLegend + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// originText says where a value came from: line:column for a written value, the
// note for a default or an unknown value.
func originText(o aks.Origin, st aks.State) string {
	switch {
	case st == aks.Absent:
		return ""
	case (st == aks.Set || o.Note == "") && o.Line > 0:
		return fmt.Sprintf("line %d:%d", o.Line, o.Column)
	case st == aks.Unknown && o.Line > 0:
		return fmt.Sprintf("line %d:%d: %s", o.Line, o.Column, o.Note)
	}
	return o.Note
}

func cidrs(v aks.Value[netip.Prefix], all []aks.Value[netip.Prefix]) string {
	s := Cell(v)
	for _, o := range all {
		if o.Known() && (!v.Known() || o.V != v.V) {
			s += ", " + Cell(o)
		}
	}
	return s
}

func subnet(p aks.NodePool) string {
	s := Cell(p.Subnet)
	if p.Subnet.State == aks.Absent && p.SubnetID.State == aks.Absent {
		s = "(AKS-managed VNet)"
	}
	if p.PodSubnet.State != aks.Absent {
		s += " pods " + Cell(p.PodSubnet)
	}
	return s
}

func prefixes(ps []netip.Prefix) string {
	if len(ps) == 0 {
		return "-"
	}
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ", ")
}

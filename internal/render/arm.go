package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// API versions written into the ARM template and Bicep file. The managed
// cluster uses the REST spec the facts sheet was taken from (SPEC
// stable/2026-07-01); subnets a stable Microsoft.Network version.
const (
	clusterAPIVersion = "2026-07-01" // SPEC
	networkAPIVersion = "2024-05-01"
	subnetType        = "Microsoft.Network/virtualNetworks/subnets"
	clusterType       = "Microsoft.ContainerService/managedClusters"
)

// A template value is a string, int, bool, obj, arr or subnetRef; one tree
// renders both as ARM JSON and as Bicep, so the two always agree.
type (
	kv struct {
		k string
		v any
	}
	obj       []kv
	arr       []any
	subnetRef struct{ vnet, name string }
)

func bicepSymbol(name string) string { return tfName(name) }

// armCluster is the managedClusters resource's properties.
func armCluster(l ipplan.Layout, d Deployment) obj {
	var profiles arr
	for i, p := range deployPools(l) {
		mode := "User"
		if i == 0 {
			mode = "System"
		}
		o := obj{{"name", p.Name}, {"mode", mode}, {"count", p.Nodes}, {"vmSize", d.VMSize}}
		if p.autoscale {
			o = append(o, kv{"enableAutoScaling", true}, kv{"minCount", p.Nodes}, kv{"maxCount", p.Max()})
		}
		o = append(o, kv{"maxPods", p.MaxPods}, kv{"osType", osType(p.Pool)}, kv{"vnetSubnetID", subnetRef{d.VNet, p.subnet}})
		if p.podSubnet != "" {
			o = append(o, kv{"podSubnetID", subnetRef{d.VNet, p.podSubnet}})
			if l.Allocation != "" {
				o = append(o, kv{"podIPAllocationMode", l.Allocation.ARMValue()})
			}
		}
		if p.MaxSurge != nil {
			o = append(o, kv{"upgradeSettings", obj{{"maxSurge", p.MaxSurge.String()}}})
		}
		profiles = append(profiles, o)
	}
	plugin, mode := netmodel.PluginFor(l.Model)
	np := obj{{"networkPlugin", plugin}}
	if mode != "" {
		np = append(np, kv{"networkPluginMode", mode})
	}
	if l.Dataplane == netmodel.DataplaneCilium {
		np = append(np, kv{"networkDataplane", string(l.Dataplane)})
	}
	if l.Policy != "" && l.Policy != netmodel.PolicyNone {
		np = append(np, kv{"networkPolicy", string(l.Policy)})
	}
	if l.PodCIDR.IsValid() {
		np = append(np, kv{"podCidr", l.PodCIDR.String()})
	}
	np = append(np, kv{"serviceCidr", l.ServiceCIDR.String()}, kv{"dnsServiceIP", l.DNSServiceIP.String()})
	props := obj{{"dnsPrefix", d.Cluster}, {"agentPoolProfiles", profiles}, {"networkProfile", np}}
	var api obj
	if l.PrivateCluster {
		api = append(api, kv{"enablePrivateCluster", true})
	}
	if s, ok := apiSubnet(l); ok {
		api = append(api, kv{"enableVnetIntegration", true}, kv{"subnetId", subnetRef{d.VNet, s.Name}})
	}
	if len(api) > 0 {
		props = append(props, kv{"apiServerAccessProfile", api})
	}
	return props
}

func osType(p ipplan.Pool) string {
	if p.IsWindows() {
		return "Windows"
	}
	return "Linux"
}

func subnetProps(s ipplan.LayoutSubnet) obj {
	o := obj{{"addressPrefix", s.Prefix.String()}}
	if s.Role == ipplan.RoleAPIServer {
		o = append(o, kv{"delegations", arr{obj{{"name", "apiserver"}, {"properties", obj{{"serviceName", netmodel.APIServerSubnetDelegation}}}}}})
	}
	return o
}

// CarveARM writes the ARM deployment template the Bicep file of CarveBicep
// compiles to: the layout's subnets in the existing VNet (each after the one
// before, as Azure updates one subnet of a VNet at a time) and the managed
// cluster.
func CarveARM(w io.Writer, l ipplan.Layout, d Deployment) error {
	var resources arr
	var prev []any
	for _, s := range l.Subnets {
		r := obj{{"type", subnetType}, {"apiVersion", networkAPIVersion},
			{"name", fmt.Sprintf("[format('{0}/{1}', '%s', '%s')]", d.VNet, s.Name)}, {"properties", subnetProps(s)}}
		if len(prev) > 0 {
			r = append(r, kv{"dependsOn", arr(prev[len(prev)-1:])})
		}
		resources = append(resources, r)
		prev = append(prev, armSubnetID(subnetRef{d.VNet, s.Name}))
	}
	c := obj{{"type", clusterType}, {"apiVersion", clusterAPIVersion}, {"name", d.Cluster}, {"location", d.Location},
		{"identity", obj{{"type", "SystemAssigned"}}}, {"properties", armCluster(l, d)}}
	if len(prev) > 0 {
		c = append(c, kv{"dependsOn", arr(prev)})
	}
	resources = append(resources, c)
	t := obj{{"$schema", "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"},
		{"contentVersion", "1.0.0.0"}, {"resources", resources}}
	var b strings.Builder
	jsonSyntax.write(&b, t, "")
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func armSubnetID(r subnetRef) string {
	return fmt.Sprintf("[resourceId('%s', '%s', '%s')]", subnetType, r.vnet, r.name)
}

// syntax is how a template tree is spelled: ARM JSON or Bicep.
type syntax struct {
	key   func(string) string
	comma bool // separate members and elements with commas
	str   func(string) string
	ref   func(subnetRef) string
}

var (
	jsonSyntax = syntax{
		key:   func(k string) string { return jsonString(k) },
		comma: true,
		str:   jsonString,
		ref:   func(r subnetRef) string { return jsonString(armSubnetID(r)) },
	}
	bicepSyntax = syntax{
		key: func(k string) string { return k },
		str: func(s string) string { return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'" },
		ref: func(r subnetRef) string { return bicepSymbol(r.name) + ".id" },
	}
)

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// write spells v in the syntax, nested objects and arrays indented by two spaces.
func (sy syntax) write(b *strings.Builder, v any, indent string) {
	in := indent + "  "
	sep := func(i, n int) {
		if sy.comma && i < n-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	switch x := v.(type) {
	case obj:
		b.WriteString("{\n")
		for i, e := range x {
			b.WriteString(in + sy.key(e.k) + ": ")
			sy.write(b, e.v, in)
			sep(i, len(x))
		}
		b.WriteString(indent + "}")
	case arr:
		b.WriteString("[\n")
		for i, e := range x {
			b.WriteString(in)
			sy.write(b, e, in)
			sep(i, len(x))
		}
		b.WriteString(indent + "]")
	case subnetRef:
		b.WriteString(sy.ref(x))
	case string:
		b.WriteString(sy.str(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	}
}

// CarveBicep writes a Bicep file: the layout's subnets as children of the
// existing VNet and the managed cluster with its networkProfile and
// agentPoolProfiles. `az bicep build` compiles it to the template CarveARM
// writes.
func CarveBicep(w io.Writer, l ipplan.Layout, d Deployment) error {
	var b strings.Builder
	fmt.Fprintf(&b, "// aksnet carve: %s layout in VNet %s.\n\n", l.Model, d.VNet)
	fmt.Fprintf(&b, "resource vnet '%s@%s' existing = {\n  name: '%s'\n}\n", "Microsoft.Network/virtualNetworks", networkAPIVersion, d.VNet)
	prev := ""
	for _, s := range l.Subnets {
		fmt.Fprintf(&b, "\nresource %s '%s@%s' = {\n  parent: vnet\n  name: '%s'\n  properties: ", bicepSymbol(s.Name), subnetType, networkAPIVersion, s.Name)
		bicepSyntax.write(&b, subnetProps(s), "  ")
		b.WriteString("\n")
		if prev != "" {
			fmt.Fprintf(&b, "  dependsOn: [\n    %s\n  ]\n", prev)
		}
		b.WriteString("}\n")
		prev = bicepSymbol(s.Name)
	}
	fmt.Fprintf(&b, "\nresource aks '%s@%s' = {\n  name: '%s'\n  location: '%s'\n  identity: {\n    type: 'SystemAssigned'\n  }\n  properties: ",
		clusterType, clusterAPIVersion, d.Cluster, d.Location)
	bicepSyntax.write(&b, armCluster(l, d), "  ")
	b.WriteString("\n}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

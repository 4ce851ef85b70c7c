package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// Deployment names the resources a layout is deployed into. The VNet exists;
// the subnets and the cluster are created.
type Deployment struct {
	Cluster       string
	ResourceGroup string
	VNet          string
	Location      string
	// VMSize is the node VM size written for every pool.
	VMSize string
}

// deployPool is a pool with what its deployment needs.
type deployPool struct {
	ipplan.Pool
	subnet, podSubnet string // subnet names
	autoscale         bool
}

func deployPools(l ipplan.Layout) []deployPool {
	var out []deployPool
	pods := ""
	for _, s := range l.Subnets {
		if s.Role == ipplan.RolePods {
			pods = s.Name
		}
	}
	for _, p := range l.Pools {
		dp := deployPool{Pool: p, podSubnet: pods, autoscale: p.Max() > p.Nodes}
		for _, s := range l.Subnets {
			if s.Role == ipplan.RoleNodes && (dp.subnet == "" || containsString(s.Pools, p.Name)) {
				dp.subnet = s.Name
			}
		}
		out = append(out, dp)
	}
	return out
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func apiSubnet(l ipplan.Layout) (ipplan.LayoutSubnet, bool) {
	for _, s := range l.Subnets {
		if s.Role == ipplan.RoleAPIServer {
			return s, true
		}
	}
	return ipplan.LayoutSubnet{}, false
}

// shellLines joins argument groups into one command with backslash continuations.
func shellLines(b *strings.Builder, groups [][]string) {
	for i, g := range groups {
		if i > 0 {
			b.WriteString(" \\\n  ")
		}
		b.WriteString(strings.Join(g, " "))
	}
	b.WriteString("\n")
}

// CarveAZ writes the az CLI commands that create the layout's subnets in the
// existing VNet and the cluster with every networking flag (CLI).
func CarveAZ(w io.Writer, l ipplan.Layout, d Deployment) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# aksnet carve: %s layout in VNet %s (resource group %s).\n", l.Model, d.VNet, d.ResourceGroup)
	fmt.Fprintf(&b, "sub=\"/subscriptions/$(az account show --query id --output tsv)/resourceGroups/%s/providers/Microsoft.Network/virtualNetworks/%s/subnets\"\n", d.ResourceGroup, d.VNet)
	for _, s := range l.Subnets {
		b.WriteString("\n")
		g := [][]string{{"az network vnet subnet create", "--resource-group", d.ResourceGroup, "--vnet-name", d.VNet},
			{"--name", s.Name, "--address-prefixes", s.Prefix.String()}}
		if s.Role == ipplan.RoleAPIServer {
			g = append(g, []string{"--delegations", netmodel.APIServerSubnetDelegation})
		}
		shellLines(&b, g)
	}
	pools := deployPools(l)
	plugin, mode := netmodel.PluginFor(l.Model)
	net := []string{"--network-plugin", plugin}
	if mode != "" {
		net = append(net, "--network-plugin-mode", mode)
	}
	if l.Dataplane == netmodel.DataplaneCilium {
		net = append(net, "--network-dataplane", string(l.Dataplane))
	}
	if l.Policy != "" && l.Policy != netmodel.PolicyNone {
		net = append(net, "--network-policy", string(l.Policy))
	}
	g := [][]string{{"az aks create", "--resource-group", d.ResourceGroup, "--name", d.Cluster, "--location", d.Location}, net}
	var ranges []string
	if l.PodCIDR.IsValid() {
		ranges = append(ranges, "--pod-cidr", l.PodCIDR.String())
	}
	ranges = append(ranges, "--service-cidr", l.ServiceCIDR.String(), "--dns-service-ip", l.DNSServiceIP.String())
	g = append(g, ranges)
	if len(pools) > 0 {
		g = append(g, append([]string{"--nodepool-name", pools[0].Name}, azPoolFlags(pools[0], l, d)...))
	}
	if l.PrivateCluster {
		g = append(g, []string{"--enable-private-cluster"})
	}
	if s, ok := apiSubnet(l); ok {
		g = append(g, []string{"--enable-apiserver-vnet-integration", "--apiserver-subnet-id", `"$sub/` + s.Name + `"`})
	}
	g = append(g, []string{"--generate-ssh-keys"})
	b.WriteString("\n")
	shellLines(&b, g)
	for _, p := range pools[min(1, len(pools)):] {
		b.WriteString("\n")
		g := [][]string{{"az aks nodepool add", "--resource-group", d.ResourceGroup, "--cluster-name", d.Cluster, "--name", p.Name}, azPoolFlags(p, l, d)}
		if p.IsWindows() {
			g = append(g, []string{"--os-type", "Windows"})
		}
		shellLines(&b, g)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func azPoolFlags(p deployPool, l ipplan.Layout, d Deployment) []string {
	f := []string{"--node-vm-size", d.VMSize, "--node-count", strconv.Itoa(p.Nodes)}
	if p.autoscale {
		f = append(f, "--enable-cluster-autoscaler", "--min-count", strconv.Itoa(p.Nodes), "--max-count", strconv.Itoa(p.Max()))
	}
	f = append(f, "--max-pods", strconv.Itoa(p.MaxPods))
	if p.MaxSurge != nil {
		f = append(f, "--max-surge", p.MaxSurge.String())
	}
	f = append(f, "--vnet-subnet-id", `"$sub/`+p.subnet+`"`)
	if p.podSubnet != "" {
		f = append(f, "--pod-subnet-id", `"$sub/`+p.podSubnet+`"`)
		if l.Allocation != "" {
			f = append(f, "--pod-ip-allocation-mode", l.Allocation.ARMValue())
		}
	}
	return f
}

// tfName turns a subnet or pool name into a Terraform identifier.
func tfName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

// hclWriter writes aligned HCL attributes.
type hclWriter struct {
	b      *strings.Builder
	indent string
}

func (h *hclWriter) attrs(kv ...string) {
	width := 0
	for i := 0; i < len(kv); i += 2 {
		width = max(width, len(kv[i]))
	}
	for i := 0; i < len(kv); i += 2 {
		fmt.Fprintf(h.b, "%s%-*s = %s\n", h.indent, width, kv[i], kv[i+1])
	}
}

func (h *hclWriter) open(header string) {
	fmt.Fprintf(h.b, "%s%s {\n", h.indent, header)
	h.indent += "  "
}

func (h *hclWriter) close() {
	h.indent = h.indent[:len(h.indent)-2]
	fmt.Fprintf(h.b, "%s}\n", h.indent)
}

// CarveTerraform writes azurerm_subnet resources for the layout's subnets in
// the existing VNet, the azurerm_kubernetes_cluster with its network profile
// and first pool, and an azurerm_kubernetes_cluster_node_pool per further pool.
func CarveTerraform(w io.Writer, l ipplan.Layout, d Deployment) error {
	var b strings.Builder
	h := &hclWriter{b: &b}
	fmt.Fprintf(&b, "# aksnet carve: %s layout in VNet %s (resource group %s).\n", l.Model, d.VNet, d.ResourceGroup)
	for _, s := range l.Subnets {
		b.WriteString("\n")
		h.open(fmt.Sprintf("resource \"azurerm_subnet\" %q", tfName(s.Name)))
		h.attrs("name", strconv.Quote(s.Name), "resource_group_name", strconv.Quote(d.ResourceGroup),
			"virtual_network_name", strconv.Quote(d.VNet), "address_prefixes", "["+strconv.Quote(s.Prefix.String())+"]")
		if s.Role == ipplan.RoleAPIServer {
			h.open("delegation")
			h.attrs("name", strconv.Quote("apiserver"))
			h.open("service_delegation")
			h.attrs("name", strconv.Quote(netmodel.APIServerSubnetDelegation),
				"actions", `["Microsoft.Network/virtualNetworks/subnets/join/action"]`)
			h.close()
			h.close()
		}
		h.close()
	}
	pools := deployPools(l)
	b.WriteString("\n")
	h.open(`resource "azurerm_kubernetes_cluster" "aks"`)
	kv := []string{"name", strconv.Quote(d.Cluster), "location", strconv.Quote(d.Location),
		"resource_group_name", strconv.Quote(d.ResourceGroup), "dns_prefix", strconv.Quote(d.Cluster)}
	if l.PrivateCluster {
		kv = append(kv, "private_cluster_enabled", "true")
	}
	h.attrs(kv...)
	if len(pools) > 0 {
		b.WriteString("\n")
		h.open("default_node_pool")
		tfPool(h, pools[0], l, d)
		h.close()
	}
	b.WriteString("\n")
	h.open("identity")
	h.attrs("type", `"SystemAssigned"`)
	h.close()
	b.WriteString("\n")
	h.open("network_profile")
	plugin, mode := netmodel.PluginFor(l.Model)
	kv = []string{"network_plugin", strconv.Quote(plugin)}
	if mode != "" {
		kv = append(kv, "network_plugin_mode", strconv.Quote(mode))
	}
	if l.Dataplane == netmodel.DataplaneCilium {
		kv = append(kv, "network_data_plane", strconv.Quote(string(l.Dataplane)))
	}
	if l.Policy != "" && l.Policy != netmodel.PolicyNone {
		kv = append(kv, "network_policy", strconv.Quote(string(l.Policy)))
	}
	if l.PodCIDR.IsValid() {
		kv = append(kv, "pod_cidr", strconv.Quote(l.PodCIDR.String()))
	}
	kv = append(kv, "service_cidr", strconv.Quote(l.ServiceCIDR.String()), "dns_service_ip", strconv.Quote(l.DNSServiceIP.String()))
	h.attrs(kv...)
	h.close()
	if s, ok := apiSubnet(l); ok {
		b.WriteString("\n")
		h.open("api_server_access_profile")
		h.attrs("virtual_network_integration_enabled", "true", "subnet_id", "azurerm_subnet."+tfName(s.Name)+".id")
		h.close()
	}
	h.close()
	for _, p := range pools[min(1, len(pools)):] {
		b.WriteString("\n")
		h.open(fmt.Sprintf("resource \"azurerm_kubernetes_cluster_node_pool\" %q", tfName(p.Name)))
		tfPool(h, p, l, d, "kubernetes_cluster_id", "azurerm_kubernetes_cluster.aks.id")
		h.close()
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func tfPool(h *hclWriter, p deployPool, l ipplan.Layout, d Deployment, extra ...string) {
	kv := append(extra, "name", strconv.Quote(p.Name), "vm_size", strconv.Quote(d.VMSize), "node_count", strconv.Itoa(p.Nodes))
	if p.autoscale {
		kv = append(kv, "auto_scaling_enabled", "true", "min_count", strconv.Itoa(p.Nodes), "max_count", strconv.Itoa(p.Max()))
	}
	kv = append(kv, "max_pods", strconv.Itoa(p.MaxPods), "vnet_subnet_id", "azurerm_subnet."+tfName(p.subnet)+".id")
	if p.podSubnet != "" {
		kv = append(kv, "pod_subnet_id", "azurerm_subnet."+tfName(p.podSubnet)+".id")
		if l.Allocation != "" {
			kv = append(kv, "pod_ip_allocation_mode", strconv.Quote(l.Allocation.ARMValue()))
		}
	}
	if p.IsWindows() {
		kv = append(kv, "os_type", `"Windows"`)
	}
	h.attrs(kv...)
	if p.MaxSurge != nil {
		h.open("upgrade_settings")
		h.attrs("max_surge", strconv.Quote(p.MaxSurge.String()))
		h.close()
	}
}

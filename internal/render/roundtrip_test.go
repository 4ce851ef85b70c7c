package render_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/render"
	"github.com/aksnet/aksnet/internal/source"
	"github.com/aksnet/aksnet/internal/source/armjson"
	"github.com/aksnet/aksnet/internal/source/armtemplate"
	"github.com/aksnet/aksnet/internal/source/terraform"
)

// deployed is what a deployment says about the cluster and its addresses,
// the same whichever format it was written in.
type deployed struct {
	Model           netmodel.ID
	Dataplane       string
	Policy          string
	PodCIDR         string
	ServiceCIDR     string
	DNSServiceIP    string
	Private         bool
	APIServerSubnet string
	Pools           []deployedPool
}

type deployedPool struct {
	Name          string
	Nodes, Max    int
	MaxPods       int
	Surge         string
	OS            string
	Subnet        string
	PodSubnet     string
	PodAllocation string
}

// fromLayout is what the deployment of a layout must say.
func fromLayout(l ipplan.Layout) deployed {
	d := deployed{Model: l.Model, Dataplane: string(l.Dataplane), Policy: string(l.Policy),
		ServiceCIDR: l.ServiceCIDR.String(), DNSServiceIP: l.DNSServiceIP.String(), Private: l.PrivateCluster}
	if d.Policy == "" {
		d.Policy = string(netmodel.PolicyNone)
	}
	if l.Model == netmodel.BYOCNI || l.Model == netmodel.Kubenet {
		d.Dataplane = "" // no Azure CNI data plane to set
	}
	if l.PodCIDR.IsValid() {
		d.PodCIDR = l.PodCIDR.String()
	}
	if p := l.Subnet(ipplan.RoleAPIServer); p.IsValid() {
		d.APIServerSubnet = p.String()
	}
	for _, p := range l.Pools {
		dp := deployedPool{Name: p.Name, Nodes: p.Nodes, Max: p.Max(), MaxPods: p.MaxPods, OS: "Linux",
			Subnet: l.NodeSubnetFor(p.Name).String()}
		if p.IsWindows() {
			dp.OS = "Windows"
		}
		if p.MaxSurge != nil {
			dp.Surge = p.MaxSurge.String()
		}
		if ps := l.Subnet(ipplan.RolePods); ps.IsValid() {
			dp.PodSubnet = ps.String()
			if l.Allocation != "" {
				dp.PodAllocation = string(l.Allocation)
			}
		}
		d.Pools = append(d.Pools, dp)
	}
	return d
}

// fromCluster reads the same facts from a normalized cluster; subnet names
// an API-server subnet id to its prefix where the reader leaves ids opaque.
func fromCluster(t *testing.T, c aks.Cluster, apiSubnet func(id string) string) deployed {
	t.Helper()
	n := c.Network
	d := deployed{Model: n.Model.Or(""), Dataplane: string(n.Dataplane.Or("")), Policy: string(n.Policy.Or("")),
		Private: c.APIServer.Private.Or(false)}
	if m := n.Model.Or(""); m == netmodel.BYOCNI || m == netmodel.Kubenet {
		d.Dataplane = ""
	}
	if v, ok := n.PodCIDR.Get(); ok {
		d.PodCIDR = v.String()
	}
	if v, ok := n.ServiceCIDR.Get(); ok {
		d.ServiceCIDR = v.String()
	}
	if v, ok := n.DNSServiceIP.Get(); ok {
		d.DNSServiceIP = v.String()
	}
	if c.APIServer.VNetIntegration.Or(false) {
		d.APIServerSubnet = apiSubnet(c.APIServer.SubnetID.Or(""))
	}
	for _, p := range c.Pools {
		dp := deployedPool{Name: p.Name.Or(""), Nodes: p.Count.Or(0), MaxPods: p.MaxPods.Or(0), OS: p.OS.Or("")}
		if p.MaxSurge.State == aks.Set {
			dp.Surge = p.MaxSurge.V
		}
		dp.Max = dp.Nodes
		if p.AutoScaling.Or(false) {
			dp.Max = p.MaxCount.Or(0)
		}
		if v, ok := p.Subnet.Get(); ok {
			dp.Subnet = v.String()
		}
		if v, ok := p.PodSubnet.Get(); ok {
			dp.PodSubnet = v.String()
		}
		if v, ok := p.PodIPAllocation.Get(); ok && p.PodIPAllocation.State == aks.Set {
			dp.PodAllocation = string(v)
		}
		d.Pools = append(d.Pools, dp)
	}
	return d
}

var dep = render.Deployment{Cluster: "aks-rt", ResourceGroup: "rg-rt", VNet: "vnet-rt", Location: "northeurope", VMSize: "Standard_D4ds_v5"}

func roundTripRequests() map[string]ipplan.CarveRequest {
	s33 := ipplan.Surge{N: 33, Percent: true}
	s1 := ipplan.Surge{N: 1}
	vnet := []netip.Prefix{netip.MustParsePrefix("10.30.0.0/16")}
	used := []netip.Prefix{netip.MustParsePrefix("10.30.0.0/24")}
	two := []ipplan.Pool{{Name: "sys", Nodes: 3, MaxPods: 30}, {Name: "user", Nodes: 5, MaxNodes: 40, MaxPods: 47, MaxSurge: &s33}}
	return map[string]ipplan.CarveRequest{
		"overlay": {Cluster: ipplan.Request{Choice: netmodel.Choice{Model: netmodel.AzureOverlay}, VNets: vnet,
			Pools: []ipplan.Pool{{Name: "sys", Nodes: 3, MaxNodes: 10, MaxPods: 110, MaxSurge: &s1}}}, Used: used},
		"cilium private apiserver": {Cluster: ipplan.Request{Choice: netmodel.Choice{Model: netmodel.AzureOverlay, Dataplane: netmodel.DataplaneCilium, Policy: netmodel.PolicyCilium},
			VNets: vnet, Pools: two, PrivateCluster: true}, Used: used, APIServerSubnet: true, SubnetPerPool: true},
		"pod subnet static": {Cluster: ipplan.Request{Choice: netmodel.Choice{Model: netmodel.AzurePodSubnet, Allocation: netmodel.StaticBlock},
			VNets: vnet, Pools: two}, Used: used},
		"node subnet calico": {Cluster: ipplan.Request{Choice: netmodel.Choice{Model: netmodel.AzureNodeSubnet, Policy: netmodel.PolicyCalico},
			VNets: vnet, Pools: two}, Used: used, SubnetPerPool: true},
		"kubenet": {Cluster: ipplan.Request{Choice: netmodel.Choice{Model: netmodel.Kubenet}, VNets: vnet,
			Pools: []ipplan.Pool{{Name: "sys", Nodes: 3, MaxPods: 110}}}, Used: used},
		"windows overlay": {Cluster: ipplan.Request{Choice: netmodel.Choice{Model: netmodel.AzureOverlay}, VNets: vnet,
			Pools: []ipplan.Pool{{Name: "sys", Nodes: 3, MaxPods: 30}, {Name: "win", Nodes: 2, MaxNodes: 6, MaxPods: 30, OS: "windows"}}}, Used: used},
	}
}

func carved(t *testing.T, req ipplan.CarveRequest) ipplan.Layout {
	t.Helper()
	l, ds := ipplan.Carve(req)
	if ds.HasErrors() {
		t.Fatalf("Carve: %v", ds)
	}
	if v := ipplan.Validate(l, req); len(v) > 0 {
		t.Fatalf("Validate: %v", v)
	}
	return l
}

// roundTrip carves each request, writes it with write and reads it back
// with read; the deployment must say what the layout says.
func roundTrip(t *testing.T, write func(io.Writer, ipplan.Layout, render.Deployment) error, read func(*testing.T, []byte) deployed) {
	for name, req := range roundTripRequests() {
		t.Run(name, func(t *testing.T) {
			l := carved(t, req)
			var b bytes.Buffer
			if err := write(&b, l, dep); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(fromLayout(l), read(t, b.Bytes())); d != "" {
				t.Errorf("read back (-want +got):\n%s\n%s", d, b.String())
			}
		})
	}
}

// oneCluster is the single cluster of a document read without errors.
func oneCluster(t *testing.T, doc aks.Document) aks.Cluster {
	t.Helper()
	if doc.Diagnostics.HasErrors() || len(doc.Clusters) != 1 {
		t.Fatalf("%s: %d clusters, %v", doc.File, len(doc.Clusters), doc.Diagnostics)
	}
	return doc.Clusters[0]
}

func TestRoundTripTerraform(t *testing.T) {
	roundTrip(t, render.CarveTerraform, func(t *testing.T, data []byte) deployed {
		c := oneCluster(t, terraform.ParseDir("carved", map[string][]byte{"main.tf": data}, nil))
		// The reader keeps the API-server subnet id as the reference
		// written; resolve it against the azurerm_subnet blocks.
		subnets := map[string]string{}
		for _, m := range tfSubnet.FindAllStringSubmatch(string(data), -1) {
			subnets["azurerm_subnet."+m[1]+".id"] = m[2]
		}
		return fromCluster(t, c, func(id string) string { return subnets[id] })
	})
}

// subnetByAddress resolves the API-server subnet id the Terraform reader
// leaves as written: the subnet whose name matches the reference.
func subnetByAddress(doc aks.Document, id string) string {
	for _, v := range doc.VNets {
		for _, s := range v.Subnets {
			if strings.Contains(id, strings.ReplaceAll(s.Name, "-", "_")) || strings.HasSuffix(id, "/"+s.Name) {
				return s.Prefixes[0].String()
			}
		}
	}
	return "unresolved " + id
}

var tfSubnet = regexp.MustCompile(`resource "azurerm_subnet" "(\w+)" \{[^}]*address_prefixes\s*=\s*\["([^"]+)"\]`)

// The two template functions CarveARM uses, evaluated the way ARM does for
// literal arguments.
var (
	resourceIDExpr = regexp.MustCompile(`^\[resourceId\('([^']+)', '([^']+)', '([^']+)'\)\]$`)
	formatExpr     = regexp.MustCompile(`^\[format\('\{0\}/\{1\}', '([^']+)', '([^']+)'\)\]$`)
)

const subPrefix = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-rt/providers/"

// evalARM replaces template expressions with their values.
func evalARM(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = evalARM(e)
		}
	case []any:
		for i, e := range x {
			x[i] = evalARM(e)
		}
	case string:
		if m := resourceIDExpr.FindStringSubmatch(x); m != nil {
			return subPrefix + strings.Replace(m[1], "/subnets", "/"+m[2]+"/subnets", 1) + "/" + m[3]
		}
		if m := formatExpr.FindStringSubmatch(x); m != nil {
			return m[1] + "/" + m[2]
		}
		if strings.HasPrefix(x, "[") {
			panic("unevaluated expression " + x)
		}
	}
	return v
}

// TestRoundTripARM deploys the template the way ARM would (its two
// functions evaluated), then reads the deployed resources — the subnets and
// the managed cluster, as `az resource show` returns them — with armjson
// and links pools to subnets.
func TestRoundTripARM(t *testing.T) {
	roundTrip(t, render.CarveARM, func(t *testing.T, data []byte) deployed {
		var tmpl struct {
			Resources []map[string]any `json:"resources"`
		}
		if err := json.Unmarshal(data, &tmpl); err != nil {
			t.Fatalf("template is not JSON: %v", err)
		}
		var resources []any
		for _, r := range tmpl.Resources {
			r = evalARM(r).(map[string]any)
			delete(r, "dependsOn")
			delete(r, "apiVersion")
			if r["type"] == "Microsoft.Network/virtualNetworks/subnets" {
				parts := strings.Split(r["name"].(string), "/")
				r["id"] = subPrefix + "Microsoft.Network/virtualNetworks/" + parts[0] + "/subnets/" + parts[1]
				r["name"] = parts[1]
			}
			resources = append(resources, r)
		}
		out, _ := json.Marshal(resources)
		docs := []aks.Document{armjson.Parse("deployed.json", out)}
		source.Link(docs)
		return fromCluster(t, oneCluster(t, docs[0]), func(id string) string { return subnetByAddress(docs[0], id) })
	})
}

// TestRoundTripARMTemplate reads the template CarveARM writes (what the
// Bicep file compiles to) with the ARM-template reader.
func TestRoundTripARMTemplate(t *testing.T) {
	roundTrip(t, render.CarveARM, func(t *testing.T, data []byte) deployed {
		doc := armtemplate.Parse("carved.json", data)
		return fromCluster(t, oneCluster(t, doc), func(id string) string { return subnetByAddress(doc, id) })
	})
}

// azWords splits a shell script into commands of words: comments and blank
// lines dropped, backslash-newline joined, double quotes removed.
func azWords(script string) [][]string {
	script = strings.ReplaceAll(script, "\\\n", " ")
	var cmds [][]string
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "sub=") {
			continue
		}
		var words []string
		var cur strings.Builder
		quoted := false
		for _, r := range line {
			switch {
			case r == '"':
				quoted = !quoted
			case r == ' ' && !quoted:
				if cur.Len() > 0 {
					words = append(words, cur.String())
					cur.Reset()
				}
			default:
				cur.WriteRune(r)
			}
		}
		if cur.Len() > 0 {
			words = append(words, cur.String())
		}
		cmds = append(cmds, words)
	}
	return cmds
}

// azFlags parses --flag [value] pairs after the command words.
func azFlags(words []string) map[string]string {
	f := map[string]string{}
	for i := 0; i < len(words); i++ {
		if !strings.HasPrefix(words[i], "--") {
			continue
		}
		if i+1 < len(words) && !strings.HasPrefix(words[i+1], "--") {
			f[words[i]] = words[i+1]
			i++
		} else {
			f[words[i]] = "true"
		}
	}
	return f
}

// fromAZ reads the az commands back: flags → cluster.
func fromAZ(t *testing.T, script string) deployed {
	t.Helper()
	subnets := map[string]string{}
	var d deployed
	subnetOf := func(v string) string {
		if v == "" {
			return ""
		}
		s, ok := subnets[strings.TrimPrefix(v, "$sub/")]
		if !ok {
			t.Errorf("subnet reference %q names no created subnet", v)
		}
		return s
	}
	pool := func(name string, f map[string]string) deployedPool {
		atoi := func(k string) int {
			n, err := strconv.Atoi(f[k])
			if err != nil {
				t.Errorf("%s %q: %v", k, f[k], err)
			}
			return n
		}
		p := deployedPool{Name: name, Nodes: atoi("--node-count"), MaxPods: atoi("--max-pods"), Surge: f["--max-surge"], OS: "Linux",
			Subnet: subnetOf(f["--vnet-subnet-id"]), PodSubnet: subnetOf(f["--pod-subnet-id"])}
		p.Max = p.Nodes
		if f["--enable-cluster-autoscaler"] == "true" {
			p.Max = atoi("--max-count")
		}
		if os := f["--os-type"]; os != "" {
			p.OS = os
		}
		switch f["--pod-ip-allocation-mode"] {
		case "StaticBlock":
			p.PodAllocation = string(netmodel.StaticBlock)
		case "DynamicIndividual":
			p.PodAllocation = string(netmodel.Dynamic)
		}
		return p
	}
	for _, w := range azWords(script) {
		cmd := strings.Join(w[:min(len(w), 4)], " ")
		f := azFlags(w)
		switch {
		case strings.HasPrefix(cmd, "az network vnet subnet"):
			subnets[f["--name"]] = f["--address-prefixes"]
		case strings.HasPrefix(cmd, "az aks create"):
			d.Model = modelOf(f)
			d.Dataplane = f["--network-dataplane"]
			if d.Dataplane == "" && d.Model != netmodel.BYOCNI && d.Model != netmodel.Kubenet {
				d.Dataplane = string(netmodel.DataplaneAzure)
			}
			d.Policy = f["--network-policy"]
			if d.Policy == "" {
				d.Policy = string(netmodel.PolicyNone)
			}
			d.PodCIDR, d.ServiceCIDR, d.DNSServiceIP = f["--pod-cidr"], f["--service-cidr"], f["--dns-service-ip"]
			d.Private = f["--enable-private-cluster"] == "true"
			if f["--enable-apiserver-vnet-integration"] == "true" {
				d.APIServerSubnet = subnetOf(f["--apiserver-subnet-id"])
			}
			d.Pools = append(d.Pools, pool(f["--nodepool-name"], f))
		case strings.HasPrefix(cmd, "az aks nodepool add"):
			d.Pools = append(d.Pools, pool(f["--name"], f))
		default:
			t.Errorf("unexpected command %q", strings.Join(w, " "))
		}
	}
	return d
}

// modelOf resolves the model from the az flags as ARM does (SPEC).
func modelOf(f map[string]string) netmodel.ID {
	switch {
	case f["--network-plugin"] == "kubenet":
		return netmodel.Kubenet
	case f["--network-plugin"] == "none":
		return netmodel.BYOCNI
	case f["--network-plugin-mode"] == "overlay":
		return netmodel.AzureOverlay
	case f["--pod-subnet-id"] != "":
		return netmodel.AzurePodSubnet
	}
	return netmodel.AzureNodeSubnet
}

func TestRoundTripAZ(t *testing.T) {
	roundTrip(t, render.CarveAZ, func(t *testing.T, data []byte) deployed { return fromAZ(t, string(data)) })
}

func ExampleCarveAZ() {
	req := ipplan.CarveRequest{Cluster: ipplan.Request{
		Choice: netmodel.Choice{Model: netmodel.AzureOverlay},
		Pools:  []ipplan.Pool{{Name: "sys", Nodes: 3, MaxNodes: 5}},
		VNets:  []netip.Prefix{netip.MustParsePrefix("10.50.0.0/16")},
	}, Used: []netip.Prefix{netip.MustParsePrefix("10.50.0.0/24")}}
	l, _ := ipplan.Carve(req)
	var b bytes.Buffer
	_ = render.CarveAZ(&b, l, render.Deployment{Cluster: "aks1", ResourceGroup: "rg", VNet: "vnet", Location: "westeurope", VMSize: "Standard_D4ds_v5"})
	fmt.Print(b.String())
	// Output:
	// # aksnet carve: azure-overlay layout in VNet vnet (resource group rg).
	// sub="/subscriptions/$(az account show --query id --output tsv)/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets"
	//
	// az network vnet subnet create --resource-group rg --vnet-name vnet \
	//   --name aks-nodes --address-prefixes 10.50.1.0/28
	//
	// az aks create --resource-group rg --name aks1 --location westeurope \
	//   --network-plugin azure --network-plugin-mode overlay \
	//   --pod-cidr 10.244.0.0/21 --service-cidr 10.0.0.0/16 --dns-service-ip 10.0.0.10 \
	//   --nodepool-name sys --node-vm-size Standard_D4ds_v5 --node-count 3 --enable-cluster-autoscaler --min-count 3 --max-count 5 --max-pods 250 --vnet-subnet-id "$sub/aks-nodes" \
	//   --generate-ssh-keys
}

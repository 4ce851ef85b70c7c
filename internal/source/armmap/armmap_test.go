package armmap_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/jsonpos"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/source/armmap"
)

const cluster = `{
  "name": "c1",
  "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1",
  "Properties": {
    "NetworkProfile": {
      "networkPlugin": "Azure",
      "networkPluginMode": "overlay",
      "networkPolicy": "cilium",
      "networkDataplane": "cilium",
      "podCidr": "192.168.0.0/16",
      "serviceCidr": "10.0.0.0/16",
      "dnsServiceIP": "10.0.0.10",
      "outboundType": "userDefinedRouting"
    },
    "apiServerAccessProfile": {"enablePrivateCluster": true, "authorizedIPRanges": ["1.2.3.4", "10.0.0.0/8"]},
    "agentPoolProfiles": [
      {"name": "sys", "count": 3, "maxPods": 250, "vnetSubnetID": "/x/subnets/a", "mode": "system"}
    ]
  }
}`

func mapCluster(t *testing.T, src string, r armmap.Resolver) (aks.Cluster, diag.List) {
	t.Helper()
	tree, err := jsonpos.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var dl diag.List
	m := armmap.Mapper{File: "f.json", Resolve: r, Diags: &dl}
	return m.Cluster(armmap.Root(tree)), dl
}

func TestClusterLiteral(t *testing.T) {
	c, dl := mapCluster(t, cluster, nil)
	if len(dl) != 0 {
		t.Fatalf("diagnostics: %v", dl)
	}
	type row struct {
		Name, Plugin, Mode, Policy, Dataplane, Pod, Svc, DNS, Outbound string
		Private                                                        bool
		Auth                                                           []netip.Prefix
		Pool                                                           string
		Count, MaxPods                                                 int
		PoolMode                                                       string
	}
	got := row{c.Name.V, c.Network.Plugin.V, c.Network.PluginMode.V, string(c.Network.Policy.V), string(c.Network.Dataplane.V),
		c.Network.PodCIDR.V.String(), c.Network.ServiceCIDR.V.String(), c.Network.DNSServiceIP.V.String(), c.Network.OutboundType.V,
		c.APIServer.Private.V, c.APIServer.AuthorizedIPRanges.V, c.Pools[0].Name.V, c.Pools[0].Count.V, c.Pools[0].MaxPods.V, c.Pools[0].Mode.V}
	want := row{"c1", "azure", "overlay", "cilium", "cilium", "192.168.0.0/16", "10.0.0.0/16", "10.0.0.10", "userDefinedRouting",
		true, []netip.Prefix{netip.MustParsePrefix("1.2.3.4/32"), netip.MustParsePrefix("10.0.0.0/8")}, "sys", 3, 250, "System"}
	if d := cmp.Diff(want, got, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); d != "" {
		t.Errorf("mapped cluster (-want +got):\n%s", d)
	}
	wantOrigin := aks.Origin{File: "f.json", Line: 10, Column: 18, Path: "/Properties/NetworkProfile/podCidr"}
	if d := cmp.Diff(wantOrigin, c.Network.PodCIDR.Origin); d != "" {
		t.Errorf("podCidr origin (-want +got):\n%s", d)
	}
	if c.Pools[0].Count.Origin.Path != "/Properties/agentPoolProfiles/0/count" {
		t.Errorf("count path = %q", c.Pools[0].Count.Origin.Path)
	}
}

func TestBadValues(t *testing.T) {
	src := `{"name": 5, "properties": {"networkProfile": {"podCidr": "10.244.0.1/16", "serviceCidr": 7,
	"dnsServiceIP": "nope", "networkPlugin": "flannel"},
	"agentPoolProfiles": [{"name": "a", "count": 1e400, "maxPods": -1}, 3]}}`
	c, dl := mapCluster(t, src, nil)
	var codes []string
	for _, d := range dl {
		if d.Line == 0 || d.File == "" || d.Path == "" {
			t.Errorf("diagnostic without location: %v", d)
		}
		codes = append(codes, d.Code)
	}
	want := []string{"READ101", "READ105", "READ102", "READ101", "READ102", "READ103", "READ103", "READ101"}
	if d := cmp.Diff(want, codes); d != "" {
		t.Errorf("codes (-want +got):\n%s", d)
	}
	for name, st := range map[string]aks.State{
		"name": c.Name.State, "podCidr": c.Network.PodCIDR.State, "serviceCidr": c.Network.ServiceCIDR.State,
		"dns": c.Network.DNSServiceIP.State, "count": c.Pools[0].Count.State, "maxPods": c.Pools[0].MaxPods.State,
	} {
		if st != aks.Unknown {
			t.Errorf("%s state = %v, want unknown", name, st)
		}
	}
}

// A template-style resolver: "[param]" strings resolve to a value computed
// elsewhere or to unknown.
func TestResolver(t *testing.T) {
	params, _ := jsonpos.Parse([]byte(`{"plugin": "kubenet"}`))
	src := `{"name": "c", "properties": {"networkProfile": {"networkPlugin": "[plugin]", "podCidr": "[missing]"}}}`
	r := func(n jsonpos.Node) (jsonpos.Node, aks.State, string) {
		s, ok := n.Str()
		if !ok || !strings.HasPrefix(s, "[") {
			return armmap.Literal(n)
		}
		if v := params.Root().Get(strings.Trim(s, "[]")); v.Valid() {
			return v, aks.Set, ""
		}
		return n, aks.Unknown, "parameter has no value"
	}
	c, dl := mapCluster(t, src, r)
	if c.Network.Plugin.V != "kubenet" || c.Network.Plugin.Origin.Line != 1 || c.Network.Plugin.Origin.Path != "/properties/networkProfile/networkPlugin" {
		t.Errorf("plugin = %+v", c.Network.Plugin)
	}
	if c.Network.PodCIDR.State != aks.Unknown || len(dl) != 1 || dl[0].Code != armmap.CodeUnresolved {
		t.Errorf("podCidr = %+v, diags %v", c.Network.PodCIDR, dl)
	}
	aks.ApplyDefaults(&c)
	if m, _ := c.Network.Model.Get(); m != netmodel.Kubenet {
		t.Errorf("model = %v", m)
	}
}

func TestVNet(t *testing.T) {
	src := `{"name": "v", "id": "/s/virtualNetworks/v", "properties": {
	"addressSpace": {"addressPrefixes": ["10.0.0.0/8"]},
	"subnets": [{"name": "a", "properties": {"addressPrefix": "10.1.0.0/24",
	  "delegations": [{"properties": {"serviceName": "Microsoft.ContainerService/managedClusters"}}]}},
	  {"name": "b", "properties": {"addressPrefixes": ["10.2.0.0/24", "fd00::/64"]}}],
	"virtualNetworkPeerings": [{"name": "p", "properties": {"remoteVirtualNetwork": {"id": "/r"},
	  "remoteAddressSpace": {"addressPrefixes": ["172.16.0.0/12"]}}}]}}`
	tree, _ := jsonpos.Parse([]byte(src))
	var dl diag.List
	m := armmap.Mapper{File: "v.json", Diags: &dl}
	v := m.VNet(armmap.Root(tree))
	got := []string{v.Name, v.AddressSpace[0].String(), v.Subnets[0].ResourceID, v.Subnets[0].Prefixes[0].String(),
		v.Subnets[0].Delegations[0], v.Subnets[1].Prefixes[1].String(), v.Peerings[0].RemoteVNetID, v.Peerings[0].RemoteSpace[0].String()}
	want := []string{"v", "10.0.0.0/8", "/s/virtualNetworks/v/subnets/a", "10.1.0.0/24",
		"Microsoft.ContainerService/managedClusters", "fd00::/64", "/r", "172.16.0.0/12"}
	if d := cmp.Diff(want, got); d != "" || len(dl) != 0 {
		t.Errorf("vnet (-want +got):\n%s\n%v", d, dl)
	}
}

// A resolver that points into the same file (a template parameter's
// default value) gives origins at that place, with its own pointer.
func TestResolverSameTree(t *testing.T) {
	src := `{"parameters": {"np": {"defaultValue": {"networkPlugin": "azure", "networkPluginMode": "overlay"}}},
"resource": {"name": "c", "properties": {"networkProfile": "[parameters('np')]"}}}`
	tree, err := jsonpos.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	r := func(n jsonpos.Node) (jsonpos.Node, aks.State, string) {
		if s, _ := n.Str(); s == "[parameters('np')]" {
			return tree.Root().Path("parameters", "np", "defaultValue"), aks.Set, ""
		}
		return armmap.Literal(n)
	}
	var dl diag.List
	m := armmap.Mapper{File: "t.json", Resolve: r, Diags: &dl}
	c := m.Cluster(armmap.Root(tree).Get("resource"))
	want := aks.Origin{File: "t.json", Line: 1, Column: 88, Path: "/parameters/np/defaultValue/networkPluginMode"}
	if d := cmp.Diff(want, c.Network.PluginMode.Origin); d != "" || len(dl) != 0 {
		t.Errorf("origin (-want +got):\n%s\n%v", d, dl)
	}
	if c.Network.PluginMode.V != "overlay" {
		t.Errorf("mode = %q", c.Network.PluginMode.V)
	}
}

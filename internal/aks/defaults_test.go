package aks

import (
	"encoding/json"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/netmodel"
)

func TestApplyDefaultsModel(t *testing.T) {
	at := Origin{File: "c.json", Line: 3}
	tests := []struct {
		name      string
		c         Cluster
		wantModel netmodel.ID
		wantState State
	}{
		{"kubenet", Cluster{Network: NetworkProfile{Plugin: SetAt("kubenet", at)}}, netmodel.Kubenet, Defaulted},
		{"none", Cluster{Network: NetworkProfile{Plugin: SetAt("none", at)}}, netmodel.BYOCNI, Defaulted},
		{"azure overlay", Cluster{Network: NetworkProfile{Plugin: SetAt("azure", at), PluginMode: SetAt("Overlay", at)}}, netmodel.AzureOverlay, Defaulted},
		{"azure flat", Cluster{Network: NetworkProfile{Plugin: SetAt("azure", at)}, Pools: []NodePool{{}}}, netmodel.AzureNodeSubnet, Defaulted},
		{"azure pod subnet", Cluster{Network: NetworkProfile{Plugin: SetAt("azure", at)}, Pools: []NodePool{{PodSubnetID: SetAt("/subscriptions/x/…/subnets/pods", at)}}}, netmodel.AzurePodSubnet, Defaulted},
		{"azure pod subnet unresolved", Cluster{Network: NetworkProfile{Plugin: SetAt("azure", at)}, Pools: []NodePool{{PodSubnetID: UnknownAt[string](at, "parameter")}}}, "", Unknown},
		{"absent plugin, 1.29", Cluster{KubernetesVersion: SetAt("1.29.7", at)}, netmodel.Kubenet, Defaulted},
		{"absent plugin, 1.30", Cluster{KubernetesVersion: SetAt("1.30", at)}, netmodel.AzureOverlay, Defaulted},
		{"absent plugin, no version", Cluster{}, netmodel.AzureOverlay, Defaulted},
		{"absent plugin, unknown version", Cluster{KubernetesVersion: UnknownAt[string](at, "param")}, "", Unknown},
		{"typo plugin", Cluster{Network: NetworkProfile{Plugin: SetAt("kubernet", at)}}, "", Unknown},
		{"unknown plugin", Cluster{Network: NetworkProfile{Plugin: UnknownAt[string](at, "param")}}, "", Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c
			ApplyDefaults(&c)
			if c.Network.Model.V != tt.wantModel || c.Network.Model.State != tt.wantState {
				t.Errorf("model = %q (%s), want %q (%s); note %q", c.Network.Model.V, c.Network.Model.State, tt.wantModel, tt.wantState, c.Network.Model.Origin.Note)
			}
			again := c
			again.Pools = append([]NodePool(nil), c.Pools...)
			ApplyDefaults(&again)
			if diff := cmp.Diff(c, again, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }), cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
				t.Errorf("ApplyDefaults is not idempotent (-first +second)\n%s", diff)
			}
		})
	}
}

func TestApplyDefaultsValues(t *testing.T) {
	c := Cluster{
		Network: NetworkProfile{Plugin: SetAt("azure", Origin{}), PluginMode: SetAt("overlay", Origin{}), Dataplane: SetAt(netmodel.DataplaneCilium, Origin{})},
		Pools:   []NodePool{{Name: SetAt("sys", Origin{}), MaxPods: SetAt(50, Origin{Line: 9})}, {Name: SetAt("user", Origin{})}},
	}
	ApplyDefaults(&c)
	type summary struct {
		Policy, Outbound, PodCIDR, ServiceCIDR, DNS string
		MaxPods                                     []int
		MaxPodsState                                []State
		Surge                                       string
	}
	got := summary{
		Policy: string(c.Network.Policy.V), Outbound: c.Network.OutboundType.V,
		PodCIDR: c.Network.PodCIDR.V.String(), ServiceCIDR: c.Network.ServiceCIDR.V.String(), DNS: c.Network.DNSServiceIP.V.String(),
		MaxPods:      []int{c.Pools[0].MaxPods.V, c.Pools[1].MaxPods.V},
		MaxPodsState: []State{c.Pools[0].MaxPods.State, c.Pools[1].MaxPods.State},
		Surge:        c.Pools[1].MaxSurge.V,
	}
	want := summary{
		Policy: "cilium", Outbound: "loadBalancer", PodCIDR: "10.244.0.0/16", ServiceCIDR: "10.0.0.0/16", DNS: "10.0.0.10",
		MaxPods: []int{50, 250}, MaxPodsState: []State{Set, Defaulted}, Surge: "10%",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestValueJSON(t *testing.T) {
	tests := []struct {
		name string
		v    Value[int]
		want string
	}{
		{"set", SetAt(30, Origin{File: "a.json", Line: 4, Column: 7, Path: "/properties/maxPods"}), `{"value":30,"state":"set","origin":{"file":"a.json","line":4,"column":7,"path":"/properties/maxPods"}}`},
		{"defaulted", Default(110, "kubenet default (IPPLAN)"), `{"value":110,"state":"defaulted","origin":{"note":"kubenet default (IPPLAN)"}}`},
		{"unknown", UnknownAt[int](Origin{File: "t.json", Line: 2}, "parameter without default"), `{"value":null,"state":"unknown","origin":{"file":"t.json","line":2,"note":"parameter without default"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(b)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			var back Value[int]
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.v, back); diff != "" {
				t.Errorf("round trip (-want +got)\n%s", diff)
			}
		})
	}
	var plain Value[int]
	if err := json.Unmarshal([]byte(`42`), &plain); err != nil || plain.V != 42 || plain.State != Set {
		t.Errorf("plain unmarshal = %+v, %v", plain, err)
	}
}

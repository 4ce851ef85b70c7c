package aks

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func vnetNames(vs []VNet) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Name)
	}
	return out
}

// TestVNetIndex checks SubnetOf and VNetsOf through the index against the
// scans they replace, on random inventories whose ids differ in case or use
// characters that case-fold to ASCII, whose prefixes overlap, repeat, are
// not canonical or are IPv6, IPv4-mapped or invalid. Inventories below
// indexVNetsFrom check that NewVNetIndex scans them.
func TestVNetIndex(t *testing.T) {
	ids := []string{"", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a",
		"/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/VIRTUALNETWORKS/V/SUBNETS/A",
		"azurerm_subnet.aks.id", "azurerm_subnet.AKS.id", "subnet-\u212a", "subnet-k", "subnet-K", "subnet-\u017f", "subnet-s", "Sübnet", "SÜBNET"}
	prefixes := []string{"10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24", "10.0.0.5/24", "10.1.0.0/16", "10.0.0.0/8", "0.0.0.0/0",
		"192.168.0.0/24", "fd00::/48", "fd00::/64", "::ffff:10.0.0.0/120", "10.0.0.128/25"}
	pick := func(r *rand.Rand, from []string) string { return from[r.IntN(len(from))] }
	prefix := func(r *rand.Rand) netip.Prefix {
		if r.IntN(8) == 0 {
			return netip.Prefix{}
		}
		return netip.MustParsePrefix(pick(r, prefixes))
	}
	for seed := range uint64(200) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			var vnets []VNet
			n := indexVNetsFrom + r.IntN(24)
			if seed%10 == 0 {
				n = r.IntN(indexVNetsFrom)
			}
			for i := range n {
				v := VNet{Name: fmt.Sprintf("v%d", i)}
				for range r.IntN(3) {
					v.AddressSpace = append(v.AddressSpace, prefix(r))
				}
				for j := range r.IntN(4) {
					s := Subnet{Name: fmt.Sprintf("v%d/s%d", i, j), ResourceID: pick(r, ids)}
					for range r.IntN(3) {
						s.Prefixes = append(s.Prefixes, prefix(r))
					}
					v.Subnets = append(v.Subnets, s)
				}
				vnets = append(vnets, v)
			}
			ix := NewVNetIndex(vnets)
			if got, want := ix.scans(), n < indexVNetsFrom; got != want {
				t.Fatalf("%d VNets: scans %t, want %t", n, got, want)
			}
			for range 30 {
				id, p := pick(r, ids), prefix(r)
				ws, wv, wok := subnetOfScan(vnets, id, p)
				gs, gv, gok := ix.SubnetOf(id, p)
				if ws.Name != gs.Name || wv.Name != gv.Name || wok != gok {
					t.Errorf("SubnetOf(%q, %s) = %s %s %t, want %s %s %t", id, p, gs.Name, gv.Name, gok, ws.Name, wv.Name, wok)
				}
				c := Cluster{}
				for range 1 + r.IntN(3) {
					pool := NodePool{}
					if r.IntN(2) == 0 {
						pool.SubnetID = SetAt(pick(r, ids), Origin{})
					}
					if r.IntN(3) == 0 {
						pool.PodSubnetID = SetAt(pick(r, ids), Origin{})
					}
					if pr := prefix(r); pr.IsValid() && r.IntN(2) == 0 {
						pool.Subnet = SetAt(pr, Origin{})
					}
					if pr := prefix(r); pr.IsValid() && r.IntN(3) == 0 {
						pool.PodSubnet = SetAt(pr, Origin{})
					}
					c.Pools = append(c.Pools, pool)
				}
				if diff := cmp.Diff(vnetNames(vnetsOfScan(vnets, &c)), vnetNames(ix.VNetsOf(&c))); diff != "" {
					t.Errorf("VNetsOf (-scan +index):\n%s", diff)
				}
			}
		})
	}
}

// fleetInventory returns n clusters, each with one to three pools in a
// subnet of its own VNet (found by id and by prefix; every fourth cluster's
// pools name a pod subnet by id only), and the n VNets.
func fleetInventory(n int) ([]VNet, []Cluster) {
	var vnets []VNet
	var clusters []Cluster
	for i := range n {
		space := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)
		sub := netip.PrefixFrom(space.Addr(), 25)
		vnets = append(vnets, VNet{Name: fmt.Sprintf("vnet-%d", i), AddressSpace: []netip.Prefix{space},
			Subnets: []Subnet{{Name: "nodes", ResourceID: fmt.Sprintf("/vnet-%d/subnets/nodes", i), Prefixes: []netip.Prefix{sub}}}})
		c := Cluster{Name: SetAt(fmt.Sprintf("aks-%04d", i), Origin{})}
		for j := range 1 + i%3 {
			p := NodePool{Name: SetAt(fmt.Sprintf("pool%d", j), Origin{}),
				SubnetID: SetAt(fmt.Sprintf("/vnet-%d/subnets/nodes", i), Origin{}), Subnet: SetAt(sub, Origin{})}
			if i%4 == 3 {
				p.PodSubnetID = SetAt(fmt.Sprintf("/vnet-%d/subnets/pods", i), Origin{})
			}
			c.Pools = append(c.Pools, p)
		}
		clusters = append(clusters, c)
	}
	return vnets, clusters
}

// TestVNetIndexFleet checks VNetsOf through the index against the scan on
// a fleet's inventory (one VNet per cluster, pools found by subnet id and
// prefix, pod subnets by id only) with a VNet holding every 10.x space and
// one matched by an upper-case id only.
func TestVNetIndexFleet(t *testing.T) {
	vnets, clusters := fleetInventory(300)
	vnets = append(vnets, VNet{Name: "wide", AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}},
		VNet{Name: "by-id", Subnets: []Subnet{{ResourceID: "/VNET-7/SUBNETS/NODES"}}})
	ix := NewVNetIndex(vnets)
	for _, c := range clusters {
		want := vnetNames(vnetsOfScan(vnets, &c))
		if len(want) == 0 {
			t.Fatalf("%s: the scan finds no VNet", c.Name.V)
		}
		if d := cmp.Diff(want, vnetNames(ix.VNetsOf(&c))); d != "" {
			t.Fatalf("%s (-scan +index):\n%s", c.Name.V, d)
		}
	}
}

// BenchmarkVNetIndex indexes an inventory of one VNet per cluster and looks
// up every cluster's VNets, as a fleet plan or audit does.
func BenchmarkVNetIndex(b *testing.B) {
	for _, n := range []int{300, 10000} {
		vnets, clusters := fleetInventory(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				ix := NewVNetIndex(vnets)
				for i := range clusters {
					if len(ix.VNetsOf(&clusters[i])) == 0 {
						b.Fatal("no VNet")
					}
				}
			}
		})
	}
}

package audit

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/google/go-cmp/cmp"
)

// TestVNetIndex checks SubnetOf and VNetsOf through the index against the
// scans they replace, on random inventories whose ids differ in case or use
// characters that case-fold to ASCII, whose prefixes overlap, repeat, are
// not canonical or are IPv6, IPv4-mapped or invalid.
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
			f := &Fleet{}
			for i := range indexVNetsFrom + r.IntN(24) {
				v := aks.VNet{Name: fmt.Sprintf("v%d", i)}
				for range r.IntN(3) {
					v.AddressSpace = append(v.AddressSpace, prefix(r))
				}
				for j := range r.IntN(4) {
					s := aks.Subnet{Name: fmt.Sprintf("v%d/s%d", i, j), ResourceID: pick(r, ids)}
					for range r.IntN(3) {
						s.Prefixes = append(s.Prefixes, prefix(r))
					}
					v.Subnets = append(v.Subnets, s)
				}
				f.VNets = append(f.VNets, v)
			}
			names := func(vs []aks.VNet) []string {
				var out []string
				for _, v := range vs {
					out = append(out, v.Name)
				}
				return out
			}
			for range 30 {
				id, p := pick(r, ids), prefix(r)
				ws, wv, wok := subnetOfScan(f.VNets, id, p)
				gs, gv, gok := f.SubnetOf(id, p)
				if ws.Name != gs.Name || wv.Name != gv.Name || wok != gok {
					t.Errorf("SubnetOf(%q, %s) = %s %s %t, want %s %s %t", id, p, gs.Name, gv.Name, gok, ws.Name, wv.Name, wok)
				}
				c := aks.Cluster{}
				for range 1 + r.IntN(3) {
					pool := aks.NodePool{}
					if r.IntN(2) == 0 {
						pool.SubnetID = aks.SetAt(pick(r, ids), aks.Origin{})
					}
					if r.IntN(3) == 0 {
						pool.PodSubnetID = aks.SetAt(pick(r, ids), aks.Origin{})
					}
					if pr := prefix(r); pr.IsValid() && r.IntN(2) == 0 {
						pool.Subnet = aks.SetAt(pr, aks.Origin{})
					}
					if pr := prefix(r); pr.IsValid() && r.IntN(3) == 0 {
						pool.PodSubnet = aks.SetAt(pr, aks.Origin{})
					}
					c.Pools = append(c.Pools, pool)
				}
				if diff := cmp.Diff(names(vnetsOfScan(f.VNets, &c)), names(f.VNetsOf(&c))); diff != "" {
					t.Errorf("VNetsOf (-scan +index):\n%s", diff)
				}
			}
		})
	}
}

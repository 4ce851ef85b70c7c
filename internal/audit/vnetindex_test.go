package audit

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
)

// TestFleetVNetLookups checks that SubnetOf and VNetsOf see the inventory
// as it is at each call: small (scanned) and large (indexed), and after
// VNets grows or is replaced between calls.
func TestFleetVNetLookups(t *testing.T) {
	vnet := func(i int) aks.VNet {
		space := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), 0, 0}), 16)
		return aks.VNet{Name: fmt.Sprintf("vnet-%d", i), AddressSpace: []netip.Prefix{space},
			Subnets: []aks.Subnet{{Name: fmt.Sprintf("nodes-%d", i), ResourceID: fmt.Sprintf("/vnet-%d/subnets/nodes", i),
				Prefixes: []netip.Prefix{netip.PrefixFrom(space.Addr(), 24)}}}}
	}
	inventory := func(from, to int) []aks.VNet {
		var out []aks.VNet
		for i := from; i < to; i++ {
			out = append(out, vnet(i))
		}
		return out
	}
	// lookup answers, for VNet i's subnet id and address, the subnet and
	// the VNets found.
	lookup := func(f *Fleet, i int) []string {
		s, v, ok := f.SubnetOf(fmt.Sprintf("/VNET-%d/SUBNETS/NODES", i), netip.Prefix{})
		got := []string{fmt.Sprint(s.Name, " ", v.Name, " ", ok)}
		addr := netip.AddrFrom4([4]byte{10, byte(i), 0, 0})
		c := aks.Cluster{Pools: []aks.NodePool{{Subnet: aks.SetAt(netip.PrefixFrom(addr, 26), aks.Origin{})}}}
		for _, v := range f.VNetsOf(&c) {
			got = append(got, v.Name)
		}
		return got
	}
	f := &Fleet{}
	if d := cmp.Diff([]string{"  false"}, lookup(f, 1)); d != "" {
		t.Errorf("empty inventory (-want +got):\n%s", d)
	}
	steps := []struct {
		name  string
		vnets []aks.VNet
		i     int
		want  []string
	}{
		{"small", inventory(0, 3), 1, []string{"nodes-1 vnet-1 true", "vnet-1"}},
		{"grown past the index size", inventory(0, 40), 30, []string{"nodes-30 vnet-30 true", "vnet-30"}},
		{"replaced, same size", inventory(40, 80), 70, []string{"nodes-70 vnet-70 true", "vnet-70"}},
		{"replaced, old VNet gone", inventory(40, 80), 30, []string{"  false"}},
		{"shrunk", inventory(5, 6), 5, []string{"nodes-5 vnet-5 true", "vnet-5"}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.vnets != nil {
				f.VNets = st.vnets
			}
			if d := cmp.Diff(st.want, lookup(f, st.i)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

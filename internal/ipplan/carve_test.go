package ipplan

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

func pfxs(ss ...string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range ss {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

// carveSummary is the part of a layout the table tests compare.
type carveSummary struct {
	Subnets []string
	PodCIDR string
	Service string
	DNS     string
	Codes   []string
}

func summarize(l Layout, ds diag.List) carveSummary {
	s := carveSummary{}
	for _, sn := range l.Subnets {
		s.Subnets = append(s.Subnets, sn.Name+"="+sn.Prefix.String())
	}
	if l.PodCIDR.IsValid() {
		s.PodCIDR = l.PodCIDR.String()
	}
	if l.ServiceCIDR.IsValid() {
		s.Service = l.ServiceCIDR.String()
	}
	if l.DNSServiceIP.IsValid() {
		s.DNS = l.DNSServiceIP.String()
	}
	for _, d := range ds {
		if d.Severity != diag.Info && d.Code != CodeKubenetRetires {
			s.Codes = append(s.Codes, d.Code)
		}
	}
	return s
}

func TestCarve(t *testing.T) {
	overlay := netmodel.Choice{Model: netmodel.AzureOverlay}
	tests := []struct {
		name string
		req  CarveRequest
		want carveSummary
	}{{
		name: "overlay in an empty /16 keeps the default pod and service CIDRs",
		req: CarveRequest{Cluster: Request{Choice: overlay, VNets: pfxs("10.10.0.0/16"),
			Pools: []Pool{{Name: "sys", Nodes: 3, MaxNodes: 5}}}},
		// 5 + 1 surge = 6 nodes: a /28 (11 usable); 6 /24 blocks: a /21.
		want: carveSummary{Subnets: []string{"aks-nodes=10.10.0.0/28"}, PodCIDR: "10.244.0.0/21",
			Service: "10.0.0.0/16", DNS: "10.0.0.10"},
	}, {
		name: "existing subnets are skipped; the best-fitting free block is taken",
		req: CarveRequest{Cluster: Request{Choice: netmodel.Choice{Model: netmodel.AzureNodeSubnet}, VNets: pfxs("10.1.0.0/16"),
			Pools: []Pool{{Name: "sys", Nodes: 10, MaxPods: 30, MaxSurge: surge("1")}}},
			Used: pfxs("10.1.0.0/24", "10.1.2.0/23")},
		// (10 + 1) × (1 + 30) = 341 IPs → /23.
		want: carveSummary{Subnets: []string{"aks-nodes=10.1.4.0/23"}, Service: "10.0.0.0/16", DNS: "10.0.0.10"},
	}, {
		name: "pod subnet, per-pool subnets and the API-server subnet, largest first",
		req: CarveRequest{Cluster: Request{Choice: netmodel.Choice{Model: netmodel.AzurePodSubnet}, VNets: pfxs("192.168.0.0/16"),
			Pools: []Pool{{Name: "sys", Nodes: 3}, {Name: "user", Nodes: 10, MaxNodes: 50}}},
			SubnetPerPool: true, APIServerSubnet: true},
		// maxPods defaults to 250: 16 × ceil(258 / 16) = 272 IPs per node, × 59 nodes → /18.
		want: carveSummary{Subnets: []string{"aks-nodes-sys=192.168.64.64/28", "aks-nodes-user=192.168.64.0/26",
			"aks-pods=192.168.0.0/18", "aks-apiserver=192.168.64.80/28"}, Service: "10.0.0.0/16", DNS: "10.0.0.10"},
	}, {
		name: "a VNet inside 10.0.0.0/16 moves the service CIDR; avoid moves the pod CIDR",
		req: CarveRequest{Cluster: Request{Choice: overlay, VNets: pfxs("10.0.0.0/16"), Avoid: pfxs("10.244.0.0/16"),
			Pools: []Pool{{Name: "sys", Nodes: 3}}}},
		// Best fit in 10.0.0.0/8 minus the VNet and 10.244.0.0/16.
		want: carveSummary{Subnets: []string{"aks-nodes=10.0.0.0/28"}, PodCIDR: "10.1.0.0/22",
			Service: "10.245.0.0/16", DNS: "10.245.0.10"},
	}, {
		name: "too small: says what is short and by how much",
		req: CarveRequest{Cluster: Request{Choice: netmodel.Choice{Model: netmodel.AzureNodeSubnet}, VNets: pfxs("10.2.0.0/24"),
			Pools: []Pool{{Name: "sys", Nodes: 20, MaxPods: 30}}}},
		want: carveSummary{Service: "10.0.0.0/16", DNS: "10.0.0.10", Codes: []string{CodeCarveShort}},
	}, {
		name: "headroom past kubenet's 400 nodes sizes the ranges but is no limit error",
		req: CarveRequest{Cluster: Request{Choice: netmodel.Choice{Model: netmodel.Kubenet}, VNets: pfxs("10.6.0.0/16"),
			Pools: []Pool{{Name: "sys", Nodes: 300, MaxSurge: surge("1")}}}, HeadroomPercent: 50},
		// 450 + 1 nodes → /23 node subnet and 451 /24 blocks → /15 pod CIDR.
		want: carveSummary{Subnets: []string{"aks-nodes=10.6.0.0/23"}, PodCIDR: "10.244.0.0/15", Service: "10.0.0.0/16", DNS: "10.0.0.10"},
	}, {
		name: "overlay past the default pod CIDR's 256 nodes gets a larger one",
		req: CarveRequest{Cluster: Request{Choice: overlay, VNets: pfxs("10.7.0.0/16"),
			Pools: []Pool{{Name: "sys", Nodes: 300, MaxSurge: surge("1")}}}},
		want: carveSummary{Subnets: []string{"aks-nodes=10.7.0.0/23"}, PodCIDR: "10.244.0.0/15", Service: "10.0.0.0/16", DNS: "10.0.0.10"},
	}, {
		name: "two pools with one name",
		req: CarveRequest{Cluster: Request{Choice: overlay, VNets: pfxs("10.4.0.0/16"),
			Pools: []Pool{{Name: "a", Nodes: 3}, {Name: "a", Nodes: 3}}}, SubnetPerPool: true},
		want: carveSummary{Codes: []string{CodeCarvePoolName}},
	}, {
		name: "no VNet",
		req:  CarveRequest{Cluster: Request{Choice: overlay, Pools: []Pool{{Name: "sys", Nodes: 3}}}},
		want: carveSummary{PodCIDR: "10.244.0.0/22", Service: "10.0.0.0/16", DNS: "10.0.0.10", Codes: []string{CodeCarveNoVNet}},
	}, {
		name: "headroom 50% grows the node subnet",
		req: CarveRequest{Cluster: Request{Choice: netmodel.Choice{Model: netmodel.AzureNodeSubnet}, VNets: pfxs("10.3.0.0/16"),
			Pools: []Pool{{Name: "sys", Nodes: 10, MaxPods: 30, MaxSurge: surge("1")}}}, HeadroomPercent: 50},
		// 15 + 1 nodes × 31 = 496 → /23.
		want: carveSummary{Subnets: []string{"aks-nodes=10.3.0.0/23"}, Service: "10.0.0.0/16", DNS: "10.0.0.10"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, ds := Carve(tt.req)
			if diff := cmp.Diff(tt.want, summarize(l, ds)); diff != "" {
				t.Errorf("Carve (-want +got):\n%s", diff)
			}
			if !ds.HasErrors() {
				if v := Validate(l, tt.req); len(v) > 0 {
					t.Errorf("Validate: %v", v)
				}
			}
			again, _ := Carve(tt.req)
			if diff := cmp.Diff(l, again, cmpopts.EquateComparable(netip.Prefix{}, netip.Addr{})); diff != "" {
				t.Errorf("Carve is not deterministic (-first +second):\n%s", diff)
			}
		})
	}
}

func TestCarveShortMessage(t *testing.T) {
	req := CarveRequest{Cluster: Request{Choice: netmodel.Choice{Model: netmodel.AzureNodeSubnet}, VNets: pfxs("10.2.0.0/24"),
		Pools: []Pool{{Name: "sys", Nodes: 20, MaxPods: 30}}}, Used: pfxs("10.2.0.0/26")}
	_, ds := Carve(req)
	var got []string
	for _, d := range ds {
		if d.Code == CodeCarveShort {
			got = append(got, d.Message, d.Detail)
		}
	}
	// (20 + 2) × 31 = 682 IPs → /22 = 1024 addresses; a /25 is the largest free block.
	want := []string{
		"no free /22 for the node subnet in the VNet's free space: it needs 1024 addresses in one aligned block; the largest free block is a /25 (128 addresses): short by 896",
		"all free space together is 192 addresses, 832 fewer than the block alone",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestValidateFindsProblems(t *testing.T) {
	req := CarveRequest{Cluster: Request{Choice: netmodel.Choice{Model: netmodel.AzurePodSubnet}, VNets: pfxs("10.0.0.0/16"),
		Pools: []Pool{{Name: "sys", Nodes: 10}}}, Used: pfxs("10.0.8.0/24"), APIServerSubnet: true}
	bad := Layout{
		Subnets: []LayoutSubnet{
			{Name: "aks-nodes", Role: RoleNodes, Prefix: netip.MustParsePrefix("10.0.8.0/28"), Pools: []string{"sys"}},
			{Name: "aks-apiserver", Role: RoleAPIServer, Prefix: netip.MustParsePrefix("10.1.0.0/29")},
		},
		PodCIDR:      netip.MustParsePrefix("172.30.0.0/16"),
		ServiceCIDR:  netip.MustParsePrefix("10.0.0.0/16"),
		DNSServiceIP: netip.MustParseAddr("10.0.0.0"),
	}
	var got []string
	for _, d := range Validate(bad, req) {
		got = append(got, d.Code)
	}
	slices.Sort(got)
	got = slices.Compact(got)
	want := []string{CodeForbiddenRange, CodeOverlap, CodeDNSFirstAddress, CodeLayoutOutsideVNet, CodeLayoutOverlap,
		CodeLayoutMissingRange, CodeLayoutTooSmall}
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("codes (-want +got):\n%s", diff)
	}
}

// randomCarveRequest builds a VNet with random existing subnets.
func randomCarveRequest(r *rand.Rand) CarveRequest {
	ids := netmodel.IDs()
	model := ids[r.IntN(len(ids))]
	bits := 12 + r.IntN(13) // /12../24
	base := netip.AddrFrom4([4]byte{10, byte(r.IntN(256)), byte(r.IntN(256)), 0})
	switch r.IntN(4) {
	case 1: // 172.16.0.0/12, which holds the forbidden 172.30.0.0/16 and 172.31.0.0/16
		base = netip.AddrFrom4([4]byte{172, byte(16 + r.IntN(16)), byte(r.IntN(256)), 0})
	case 2:
		base = netip.AddrFrom4([4]byte{192, 168, byte(r.IntN(256)), 0})
		bits = max(bits, 16)
	}
	vnet, _ := base.Prefix(bits)
	req := CarveRequest{Cluster: Request{Choice: netmodel.Choice{Model: model}, VNets: []netip.Prefix{vnet}}}
	for range r.IntN(12) {
		sb := bits + 1 + r.IntN(max(1, 29-bits))
		off := uint32(r.Uint64()) & (uint32(1)<<(32-bits) - 1) &^ (uint32(1)<<(32-sb) - 1)
		a := vnet.Addr().As4()
		v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
		v += off
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), sb)
		req.Used = append(req.Used, p)
	}
	for i := range 1 + r.IntN(3) {
		p := Pool{Name: fmt.Sprintf("p%d", i), Nodes: 1 + r.IntN(20), MaxPods: 30 + r.IntN(80)}
		p.MaxNodes = p.Nodes + r.IntN(30)
		if r.IntN(5) == 0 { // large pools: past the default pod CIDR, near the model limits
			p.MaxNodes = p.Nodes + r.IntN(400)
		}
		req.Cluster.Pools = append(req.Cluster.Pools, p)
	}
	if r.IntN(3) == 0 {
		req.Cluster.Avoid = pfxs("10.244.0.0/16")
	}
	if r.IntN(4) == 0 {
		req.Peers = []netip.Prefix{netip.PrefixFrom(netip.AddrFrom4([4]byte{172, byte(16 + r.IntN(14)), 0, 0}), 16)}
	}
	req.SubnetPerPool = r.IntN(2) == 0
	req.APIServerSubnet = r.IntN(2) == 0
	req.HeadroomPercent = []int{0, 0, 25, 50}[r.IntN(4)]
	return req
}

// TestCarveRandomVNets is a property test: every carve that reports no error
// passes Validate, and every carve that does report one is a shortage of
// space or a limit the planner reports.
func TestCarveRandomVNets(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	carved := 0
	for i := range 600 {
		req := randomCarveRequest(r)
		l, ds := Carve(req)
		if ds.HasErrors() {
			// A VNet that overlaps a reserved or avoided range is reported,
			// and the rest is still carved clear of it.
			if vnetOnlyErrors(ds) {
				for _, v := range Validate(l, req) {
					if !strings.HasPrefix(v.Message, "VNet ") {
						t.Fatalf("case %d: %+v\nlayout %+v\nValidate: %v", i, req, l.Subnets, v)
					}
				}
			}
			continue
		}
		carved++
		if v := Validate(l, req); len(v) > 0 {
			t.Fatalf("case %d: %+v\nlayout %+v\nValidate: %v", i, req, l.Subnets, v)
		}
	}
	if carved < 300 {
		t.Errorf("only %d of 600 random requests carved without error; the generator is too tight", carved)
	}
}

// vnetOnlyErrors reports whether every error in ds is about the VNet itself.
func vnetOnlyErrors(ds diag.List) bool {
	for _, d := range ds {
		if d.Severity == diag.Error && !strings.HasPrefix(d.Message, "VNet ") {
			return false
		}
	}
	return true
}

// BenchmarkCarveFragmented8 carves 1,000 clusters one after another out of a
// /8 that starts fragmented: every other /20 is taken, and each cluster's
// subnets are added to the used list for the next.
func BenchmarkCarveFragmented8(b *testing.B) {
	vnet := netip.MustParsePrefix("10.0.0.0/8")
	var used []netip.Prefix
	for i := 0; i < 4096; i += 2 {
		used = append(used, netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 4), byte(i << 4), 0}), 20))
	}
	pools := []Pool{{Name: "sys", Nodes: 3, MaxNodes: 5, MaxPods: 30}, {Name: "user", Nodes: 5, MaxNodes: 40, MaxPods: 30}}
	b.ReportAllocs()
	for b.Loop() {
		u := slices.Clone(used)
		for range 1000 {
			req := CarveRequest{Cluster: Request{Choice: netmodel.Choice{Model: netmodel.AzurePodSubnet}, VNets: []netip.Prefix{vnet}, Pools: pools}, Used: u}
			l, ds := Carve(req)
			if ds.HasErrors() {
				b.Fatalf("carve failed: %v", ds)
			}
			for _, s := range l.Subnets {
				u = append(u, s.Prefix)
			}
		}
	}
}

// BenchmarkCarve carves one two-pool pod-subnet cluster with per-pool
// subnets and an API-server subnet into a /16 with a dozen subnets.
func BenchmarkCarve(b *testing.B) {
	req := CarveRequest{Cluster: Request{Choice: netmodel.Choice{Model: netmodel.AzurePodSubnet}, VNets: pfxs("10.8.0.0/16"),
		Pools: []Pool{{Name: "sys", Nodes: 3, MaxPods: 30}, {Name: "user", Nodes: 10, MaxNodes: 100, MaxPods: 50}}},
		SubnetPerPool: true, APIServerSubnet: true}
	for i := range 12 {
		req.Used = append(req.Used, netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 8, byte(i * 8), 0}), 24))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := Carve(req); ds.HasErrors() {
			b.Fatal(ds)
		}
	}
}

// BenchmarkValidate checks the layout of BenchmarkCarve's request.
func BenchmarkValidate(b *testing.B) {
	req := CarveRequest{Cluster: Request{Choice: netmodel.Choice{Model: netmodel.AzurePodSubnet}, VNets: pfxs("10.8.0.0/16"),
		Pools: []Pool{{Name: "sys", Nodes: 3, MaxPods: 30}, {Name: "user", Nodes: 10, MaxNodes: 100, MaxPods: 50}}},
		SubnetPerPool: true, APIServerSubnet: true, Used: pfxs("10.8.0.0/24")}
	l, _ := Carve(req)
	b.ReportAllocs()
	for b.Loop() {
		if v := Validate(l, req); len(v) > 0 {
			b.Fatal(v)
		}
	}
}

func TestFreePrivatePrefix(t *testing.T) {
	tests := []struct {
		name      string
		bits      int
		preferred string
		avoid     []string
		want      string
	}{
		{"preferred is free", 16, "10.244.0.0", nil, "10.244.0.0/16"},
		{"preferred taken: the best-fitting free block", 16, "10.244.0.0", []string{"10.0.0.0/8"}, "192.168.0.0/16"},
		// 172.16.0.0/12 minus 172.30/16 and 172.31/16 leaves /13, /14 and
		// 172.28.0.0/15; the /15 fits a /16 best.
		{"forbidden ranges are never handed out", 16, "172.31.0.0", []string{"10.0.0.0/8", "100.64.0.0/10", "192.168.0.0/16"}, "172.28.0.0/16"},
		{"nothing free", 8, "10.0.0.0", []string{"10.0.0.0/8"}, "invalid Prefix"},
		{"bits out of range", 33, "10.0.0.0", nil, "invalid Prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var avoid []netip.Prefix
			for _, a := range tt.avoid {
				avoid = append(avoid, netip.MustParsePrefix(a))
			}
			got, ok := FreePrivatePrefix(tt.bits, netip.MustParseAddr(tt.preferred), avoid)
			if ok != got.IsValid() {
				t.Errorf("ok = %v for %v", ok, got)
			}
			if d := cmp.Diff(tt.want, got.String()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

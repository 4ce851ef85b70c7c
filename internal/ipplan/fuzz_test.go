package ipplan

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/netmodel"
)

func FuzzParsePool(f *testing.F) {
	for _, s := range []string{
		"name=sys,nodes=3,max=10,max-pods=110,surge=33%,os=linux",
		"nodes=5", "max=7", "name=win,count=2,os=Windows,max-surge=1",
		"", ",", "=", "nodes=", "nodes=3,nodes=4", "nodes=-1", "nodes=3,max=2",
		"nodes=1048577", "nodes=3,surge=%", "nodes=3,surge=100%", "name=a,nodes=0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePool(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "invalid pool") {
				t.Fatalf("error without context: %v", err)
			}
			return
		}
		if p.Nodes < 0 || p.MaxNodes < 0 || p.MaxPods < 0 || (p.MaxNodes != 0 && p.MaxNodes < p.Nodes) {
			t.Fatalf("accepted impossible pool %+v from %q", p, s)
		}
		if p.MaxSurge != nil && (p.MaxSurge.N < 0 || (p.MaxSurge.Percent && p.MaxSurge.N > 100)) {
			t.Fatalf("accepted bad surge %+v", *p.MaxSurge)
		}
		for _, id := range netmodel.IDs() {
			checkPlan(t, Compute(Request{Choice: netmodel.Choice{Model: id}, Pools: []Pool{p}}))
		}
	})
}

func FuzzParseSurge(f *testing.F) {
	for _, s := range []string{"1", "0", "33%", "100%", "101%", "-1", "%", "", " 5 ", "1e3", "0x10", "１"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseSurge(s)
		if err != nil {
			return
		}
		if v.N < 0 || (v.Percent && v.N > 100) || (!v.Percent && v.N > maxInputSurge) {
			t.Fatalf("accepted %q as %+v", s, v)
		}
		back, err := ParseSurge(v.String())
		if err != nil || back != v {
			t.Fatalf("%q → %v → %v, %v", s, v, back, err)
		}
		for _, size := range []int{0, 1, 7, 1000} {
			if n := v.Nodes(size); n < 0 || (v.Percent && n > size) {
				t.Fatalf("%v.Nodes(%d) = %d", v, size, n)
			}
		}
	})
}

// FuzzCompute plans arbitrary numbers and ranges: it never panics, and what
// it reports is self-consistent.
func FuzzCompute(f *testing.F) {
	f.Add(uint8(1), 50, 60, 30, 1, false, 2, "10.240.0.0/22", "10.244.0.0/16", "10.0.0.0/16", "10.0.0.10")
	f.Add(uint8(3), 1000, 1000, 250, 10, true, 0, "10.0.0.0/8", "172.16.0.0/12", "10.0.0.0/12", "10.0.0.0")
	f.Add(uint8(2), -5, -1, -1, -1, true, -3, "::/0", "fd00::/8", "0.0.0.0/0", "::1")
	f.Fuzz(func(t *testing.T, model uint8, nodes, maxNodes, maxPods, surgeN int, pct bool, ilbs int, sub, pod, svc, dns string) {
		ids := netmodel.IDs()
		c := netmodel.Choice{Model: ids[int(model)%len(ids)]}
		if model >= 128 {
			c.Allocation = netmodel.StaticBlock
		}
		s := Surge{N: surgeN, Percent: pct}
		req := Request{Choice: c, Pools: []Pool{{Nodes: nodes, MaxNodes: maxNodes, MaxPods: maxPods, MaxSurge: &s}}, ILBs: ilbs}
		req.NodeSubnet, _ = azaddr.ParsePrefix(sub)
		req.PodSubnet, _ = azaddr.ParsePrefix(pod)
		req.PodCIDR, _ = azaddr.ParsePrefix(pod)
		req.ServiceCIDR, _ = azaddr.ParsePrefix(svc)
		req.DNSServiceIP, _ = netip.ParseAddr(dns)
		checkPlan(t, Compute(req))
	})
}

func checkPlan(t *testing.T, p Plan) {
	t.Helper()
	if p.Diagnostics == nil || p.Defaults == nil || p.Pools == nil {
		t.Fatal("nil lists in plan")
	}
	if n := p.NodeSubnet; n.RequiredIPs < 0 || (n.MinPrefixLength > 0 && azaddr.UsableInSubnet(n.MinPrefixLength) < n.RequiredIPs) {
		t.Fatalf("node subnet /%d does not hold %d", n.MinPrefixLength, n.RequiredIPs)
	}
	if n := p.NodeSubnet; n.Fits != nil && !*n.Fits && !p.Diagnostics.HasErrors() {
		t.Fatal("a subnet that does not fit without an error")
	}
	if n := p.PodCIDR; n != nil && n.NodesSupported != nil && n.RequiredBlocks > *n.NodesSupported && len(p.Diagnostics) == 0 {
		t.Fatal("pod CIDR too small without a diagnostic")
	}
	for _, d := range p.Diagnostics {
		if d.Code == "" || d.Message == "" || d.Hint == "" {
			t.Fatalf("diagnostic without code, message or hint: %+v", d)
		}
	}
}

package azpolicy_test

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit/rules"
	"github.com/aksnet/aksnet/internal/azpolicy"
)

// fleet builds n clusters cycling through plugins, outbound types, private
// and public API servers and pod CIDRs.
func fleet(n int) []*aks.Cluster {
	plugins := [][2]string{{"kubenet", ""}, {"azure", "overlay"}, {"azure", ""}, {"none", ""}}
	outbound := []string{"loadBalancer", "userDefinedRouting", "managedNATGateway", "none"}
	out := make([]*aks.Cluster, n)
	o := aks.Origin{}
	for i := range out {
		p := plugins[i%len(plugins)]
		c := &aks.Cluster{
			Name:              aks.SetAt(fmt.Sprintf("c%05d", i), o),
			KubernetesVersion: aks.SetAt("1.31.2", o),
			Network: aks.NetworkProfile{
				Plugin:       aks.SetAt(p[0], o),
				PodCIDR:      aks.SetAt(netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i % 250), 0, 0}), 16), o),
				OutboundType: aks.SetAt(outbound[i%len(outbound)], o),
			},
			APIServer: aks.APIServerAccess{Private: aks.SetAt(i%3 == 0, o)},
			Pools:     []aks.NodePool{{Name: aks.SetAt("system", o), Count: aks.SetAt(3, o)}, {Name: aks.SetAt("user", o), Count: aks.SetAt(10, o)}},
		}
		if p[1] != "" {
			c.Network.PluginMode = aks.SetAt(p[1], o)
		}
		aks.ApplyDefaults(c)
		out[i] = c
	}
	return out
}

// BenchmarkEvaluateFleet evaluates every generated definition on a fleet
// of 10,000 clusters, building each cluster's document once.
func BenchmarkEvaluateFleet(b *testing.B) {
	set, ds := azpolicy.Generate(rules.All(), azpolicy.Options{Defaults: map[string]any{"forbiddenCidrs": []string{"10.0.0.0/12", "192.168.0.0/16", "fd00::/8"}}})
	if set == nil {
		b.Fatal(ds)
	}
	type compiled struct {
		cond   *azpolicy.Condition
		params map[string]any
	}
	var defs []compiled
	for _, d := range set.Definitions {
		c, ds := d.Condition()
		if c == nil {
			b.Fatal(ds)
		}
		defs = append(defs, compiled{c, d.Params()})
	}
	clusters := fleet(10000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		flagged := 0
		for _, c := range clusters {
			doc := azpolicy.Document(c, azpolicy.Stored)
			for _, d := range defs {
				ok, err := azpolicy.Evaluate(d.cond, doc, d.params)
				if err != nil {
					b.Fatal(err)
				}
				if ok {
					flagged++
				}
			}
		}
		if flagged == 0 {
			b.Fatal("nothing flagged")
		}
	}
}

// BenchmarkParseDefinitions parses the if block of every generated definition.
func BenchmarkParseDefinitions(b *testing.B) {
	set, _ := azpolicy.Generate(rules.All(), azpolicy.Options{})
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range set.Definitions {
			if c, ds := d.Condition(); c == nil {
				b.Fatal(ds)
			}
		}
	}
}

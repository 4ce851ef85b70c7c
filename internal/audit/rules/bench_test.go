package rules

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/source/armjson"
)

// fleet generates n clusters cycling through the models, policies and
// outbound types, each with two pools on its own /24 node subnet.
func fleet(n int) []aks.Document {
	plugins := []struct{ plugin, mode string }{{"kubenet", ""}, {"azure", "overlay"}, {"azure", ""}, {"azure", "overlay"}}
	policies := []netmodel.PolicyEngine{netmodel.PolicyNone, netmodel.PolicyCalico, netmodel.PolicyAzure, netmodel.PolicyCilium}
	outbound := []string{"loadBalancer", "userDefinedRouting", "managedNATGateway", "none"}
	docs := make([]aks.Document, 0, n/100+1)
	for i := 0; i < n; i++ {
		if i%100 == 0 {
			docs = append(docs, aks.Document{File: fmt.Sprintf("fleet/%03d.json", i/100)})
		}
		d := &docs[len(docs)-1]
		file, l := d.File, (i%100)*60+1
		o := func(k int) aks.Origin { return aks.Origin{File: file, Line: l + k} }
		p := plugins[i%len(plugins)]
		c := aks.Cluster{
			Name:       aks.SetAt(fmt.Sprintf("c%05d", i), o(1)),
			ResourceID: fmt.Sprintf("/subscriptions/0000/resourceGroups/rg%d/providers/Microsoft.ContainerService/managedClusters/c%05d", i%50, i),
			Source:     o(0), Tags: map[string]string{"env": []string{"prod", "dev"}[i%2]},
			KubernetesVersion: aks.SetAt("1.31.2", o(2)),
			Network: aks.NetworkProfile{
				Plugin: aks.SetAt(p.plugin, o(3)), Policy: aks.SetAt(policies[i%len(policies)], o(4)),
				OutboundType: aks.SetAt(outbound[(i/4)%len(outbound)], o(5)),
			},
			APIServer: aks.APIServerAccess{Private: aks.SetAt(i%3 == 0, o(6))},
		}
		if p.mode != "" {
			c.Network.PluginMode = aks.SetAt(p.mode, o(7))
		}
		if c.Network.Policy.V == netmodel.PolicyCilium {
			c.Network.Dataplane = aks.SetAt(netmodel.DataplaneCilium, o(8))
		}
		subnet := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)
		for k, name := range []string{"system", "user"} {
			c.Pools = append(c.Pools, aks.NodePool{
				Name: aks.SetAt(name, o(20+k*10)), Source: o(20 + k*10),
				Count: aks.SetAt(3, o(21+k*10)), AutoScaling: aks.SetAt(true, o(22+k*10)),
				MinCount: aks.SetAt(3, o(23+k*10)), MaxCount: aks.SetAt(10+i%50, o(24+k*10)),
				MaxPods: aks.SetAt(30, o(25+k*10)), VMSize: aks.SetAt("Standard_D4s_v5", o(26+k*10)),
				Subnet: aks.SetAt(subnet, o(27+k*10)), SubnetID: aks.SetAt(fmt.Sprintf("subnet-%d", i), o(27+k*10)),
			})
		}
		d.Clusters = append(d.Clusters, c)
	}
	return docs
}

// BenchmarkAuditFleet audits a generated fleet of 10,000 clusters with the
// whole catalog and reports clusters/s:
//
//	go test ./internal/audit/rules -run '^$' -bench AuditFleet -benchmem
func BenchmarkAuditFleet(b *testing.B) {
	const n = 10000
	docs := fleet(n)
	all := All()
	b.ResetTimer()
	for b.Loop() {
		rep := audit.Run(all, docs, audit.Options{Now: now, Capacity: PlannerCapacity})
		if len(rep.Clusters) != n {
			b.Fatalf("%d clusters", len(rep.Clusters))
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "clusters/s")
}

// azList generates az aks list output for n clusters cycling through the
// models, policies and outbound types, each with two pools.
func azList(n int) []byte {
	plugins := []map[string]any{
		{"networkPlugin": "kubenet", "networkPolicy": "calico"},
		{"networkPlugin": "azure", "networkPluginMode": "overlay", "networkDataplane": "cilium", "networkPolicy": "cilium"},
		{"networkPlugin": "azure", "networkPolicy": "azure"},
		{"networkPlugin": "azure", "networkPluginMode": "overlay", "networkPolicy": "none"},
	}
	outbound := []string{"loadBalancer", "userDefinedRouting", "managedNATGateway", "none"}
	list := make([]any, n)
	for i := range list {
		np := map[string]any{"outboundType": outbound[(i/4)%len(outbound)], "serviceCidr": "10.0.0.0/16", "dnsServiceIP": "10.0.0.10"}
		for k, v := range plugins[i%len(plugins)] {
			np[k] = v
		}
		subnet := fmt.Sprintf("/subscriptions/0000/resourceGroups/rg%d/providers/Microsoft.Network/virtualNetworks/vnet%d/subnets/nodes", i%50, i)
		pools := []any{}
		for _, name := range []string{"system", "user"} {
			pools = append(pools, map[string]any{"name": name, "count": 3, "enableAutoScaling": true, "minCount": 3, "maxCount": 10 + i%50,
				"maxPods": 30, "vmSize": "Standard_D4s_v5", "osType": "Linux", "type": "VirtualMachineScaleSets", "vnetSubnetID": subnet})
		}
		list[i] = map[string]any{
			"id":   fmt.Sprintf("/subscriptions/0000/resourceGroups/rg%d/providers/Microsoft.ContainerService/managedClusters/c%05d", i%50, i),
			"name": fmt.Sprintf("c%05d", i), "type": "Microsoft.ContainerService/ManagedClusters", "location": "westeurope",
			"tags": map[string]string{"env": []string{"prod", "dev"}[i%2]},
			"properties": map[string]any{"kubernetesVersion": "1.31.2", "networkProfile": np, "agentPoolProfiles": pools,
				"apiServerAccessProfile": map[string]any{"enablePrivateCluster": i%3 == 0}},
		}
	}
	data, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		panic(err)
	}
	return data
}

// BenchmarkReadAndAudit compares reading a 10,000-cluster az aks list with
// the ARM JSON reader alone against reading and auditing it; the ratio of
// the two is what the rules add (target: under 50% on top of parsing):
//
//	go test ./internal/audit/rules -run '^$' -bench ReadAndAudit -benchtime 5x
func BenchmarkReadAndAudit(b *testing.B) {
	const n = 10000
	data := azList(n)
	all := All()
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			if d := armjson.Parse("fleet.json", data); len(d.Clusters) != n {
				b.Fatalf("%d clusters", len(d.Clusters))
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "clusters/s")
	})
	b.Run("audit", func(b *testing.B) {
		d := armjson.Parse("fleet.json", data)
		for b.Loop() {
			if rep := audit.Run(all, []aks.Document{d}, audit.Options{Now: now, Capacity: PlannerCapacity}); len(rep.Clusters) != n {
				b.Fatalf("%d clusters", len(rep.Clusters))
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "clusters/s")
	})
	b.Run("read+audit", func(b *testing.B) {
		for b.Loop() {
			d := armjson.Parse("fleet.json", data)
			if rep := audit.Run(all, []aks.Document{d}, audit.Options{Now: now, Capacity: PlannerCapacity}); len(rep.Clusters) != n {
				b.Fatalf("%d clusters", len(rep.Clusters))
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "clusters/s")
	})
}

// BenchmarkRulesShare reads and audits the same 10,000-cluster az aks list
// in every iteration, timing the reader and the audit separately, and
// reports what the rules and engine add on top of parsing:
// rules-share = (read+audit − read) / read (target: under 0.5). Timing both
// sides in one loop keeps the ratio steady on a noisy machine; the same
// ratio of process CPU time (rules-share-cpu, Unix only) is steadier still
// when other work competes for the CPUs:
//
//	go test ./internal/audit/rules -run '^$' -bench RulesShare -count 5
func BenchmarkRulesShare(b *testing.B) {
	const n = 10000
	data := azList(n)
	all := All()
	var parse, rules, parseCPU, rulesCPU time.Duration
	for b.Loop() {
		t0, c0 := time.Now(), cpuTime()
		d := armjson.Parse("fleet.json", data)
		t1, c1 := time.Now(), cpuTime()
		rep := audit.Run(all, []aks.Document{d}, audit.Options{Now: now, Capacity: PlannerCapacity})
		t2, c2 := time.Now(), cpuTime()
		if len(rep.Clusters) != n {
			b.Fatalf("%d clusters", len(rep.Clusters))
		}
		parse += t1.Sub(t0)
		rules += t2.Sub(t1)
		parseCPU += c1 - c0
		rulesCPU += c2 - c1
	}
	b.ReportMetric(float64(parse.Nanoseconds())/float64(b.N), "parse-ns/op")
	b.ReportMetric(float64(rules.Nanoseconds())/float64(b.N), "rules-ns/op")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "clusters/s")
	b.ReportMetric(float64(rules)/float64(parse), "rules-share")
	if parseCPU > 0 {
		b.ReportMetric(float64(rulesCPU)/float64(parseCPU), "rules-share-cpu")
	}
}

// vnetInventory is the VNet inventory of azList(n): one VNet per cluster
// holding its node subnet, as az network vnet list would give it.
func vnetInventory(n int) []aks.VNet {
	vnets := make([]aks.VNet, n)
	for i := range vnets {
		id := fmt.Sprintf("/subscriptions/0000/resourceGroups/rg%d/providers/Microsoft.Network/virtualNetworks/vnet%d", i%50, i)
		space := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 7), byte(i << 1), 0}), 23)
		vnets[i] = aks.VNet{Name: fmt.Sprintf("vnet%d", i), ResourceID: id, AddressSpace: []netip.Prefix{space},
			Subnets: []aks.Subnet{{Name: "nodes", ResourceID: id + "/subnets/nodes", Prefixes: []netip.Prefix{netip.PrefixFrom(space.Addr(), 24)}}}}
	}
	return vnets
}

// BenchmarkAuditFleetVNets audits the az aks list fleet with a VNet
// inventory of one VNet per cluster (--vnets): every cluster's subnet and
// VNet lookups search the whole inventory.
//
//	go test ./internal/audit/rules -run '^$' -bench AuditFleetVNets -benchtime 3x
func BenchmarkAuditFleetVNets(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			d := armjson.Parse("fleet.json", azList(n))
			opts := audit.Options{Now: now, Capacity: PlannerCapacity, VNets: vnetInventory(n)}
			all := All()
			for b.Loop() {
				if rep := audit.Run(all, []aks.Document{d}, opts); len(rep.Clusters) != n {
					b.Fatalf("%d clusters", len(rep.Clusters))
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "clusters/s")
		})
	}
}

// fullCapacity is PlannerCapacity on the planner's full path: the request
// with its diagnostics (FromCluster) and the plan with its notes (Compute).
func fullCapacity(c aks.Cluster) audit.Capacity {
	if !mayCheck(&c) {
		return audit.Capacity{}
	}
	req, _ := ipplan.FromCluster(c)
	if req.Choice.Model == "" || len(req.Pools) == 0 || !checkable(req) {
		return audit.Capacity{}
	}
	return capacityOf(ipplan.Compute(req))
}

// BenchmarkPlannerCapacity computes the capacity of every cluster of the
// 10,000-cluster az aks list, as the audit does, with the planner's full
// path and with the quiet one PlannerCapacity takes, and reports ns per
// cluster:
//
//	go test ./internal/audit/rules -run '^$' -bench PlannerCapacity -benchmem
func BenchmarkPlannerCapacity(b *testing.B) {
	d := armjson.Parse("fleet.json", azList(10000))
	clusters := make([]aks.Cluster, len(d.Clusters))
	for i, c := range d.Clusters {
		c.Pools = slices.Clone(c.Pools)
		aks.ApplyDefaults(&c)
		clusters[i] = c
	}
	for _, bc := range []struct {
		name string
		fn   audit.CapacityFunc
	}{{"full", fullCapacity}, {"quiet", PlannerCapacity}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, c := range clusters {
					_ = bc.fn(c)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(clusters)), "ns/cluster")
		})
	}
}

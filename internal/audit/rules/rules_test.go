package rules

import (
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/google/go-cmp/cmp"
)

// now pins the clock: 2026-11-22 is 495 days before kubenet retires.
var now = time.Date(2026, time.November, 22, 9, 0, 0, 0, time.UTC)

// line builds a Set value at main.tf:n.
func line[T any](v T, n int) aks.Value[T] {
	return aks.SetAt(v, aks.Origin{File: "main.tf", Line: n})
}

// good is a cluster that passes every rule: private Overlay with Cilium,
// egress through a firewall, three nodes of 30 pods.
func good() aks.Cluster {
	return aks.Cluster{
		Name:       line("good", 1),
		ResourceID: "/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.ContainerService/managedClusters/good",
		Source:     aks.Origin{File: "main.tf", Line: 1},
		Network: aks.NetworkProfile{
			Plugin:       line("azure", 10),
			PluginMode:   line("overlay", 11),
			Dataplane:    line(netmodel.DataplaneCilium, 12),
			Policy:       line(netmodel.PolicyCilium, 13),
			PodCIDR:      line(netip.MustParsePrefix("10.244.0.0/16"), 14),
			ServiceCIDR:  line(netip.MustParsePrefix("10.0.0.0/16"), 15),
			DNSServiceIP: line(netip.MustParseAddr("10.0.0.10"), 16),
			OutboundType: line("userDefinedRouting", 17),
		},
		APIServer: aks.APIServerAccess{Private: line(true, 20)},
		Pools: []aks.NodePool{{
			Name: line("system", 30), Source: aks.Origin{File: "main.tf", Line: 30},
			Count: line(3, 31), MaxPods: line(30, 32), VMSize: line("Standard_D4s_v5", 33),
			Subnet:   line(netip.MustParsePrefix("10.1.0.0/24"), 34),
			SubnetID: line("/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes", 34),
		}},
	}
}

func kubenet(c *aks.Cluster) {
	c.Network.Plugin = line("kubenet", 10)
	c.Network.PluginMode = aks.Value[string]{}
	c.Network.Dataplane = aks.Value[netmodel.Dataplane]{}
	c.Network.Policy = line(netmodel.PolicyCalico, 13)
}

func fired(t *testing.T, hits []audit.Finding) []string {
	t.Helper()
	var ids []string
	for _, f := range hits {
		if !slices.Contains(ids, f.RuleID) {
			ids = append(ids, f.RuleID)
		}
	}
	slices.Sort(ids)
	return ids
}

func run(cs []aks.Cluster, o audit.Options) audit.Report {
	if o.Now.IsZero() {
		o.Now = now
	}
	return audit.Run(All(), []aks.Document{{File: "main.tf", Clusters: cs}}, o)
}

// fakeCapacity stands in for the planner in rule tests.
func fakeCapacity(c audit.Capacity) audit.CapacityFunc {
	return func(aks.Cluster) audit.Capacity { return c }
}

func ptr[T any](v T) *T { return &v }

func TestRules(t *testing.T) {
	tests := []struct {
		name   string
		mod    func(c *aks.Cluster)
		others []aks.Cluster
		opts   audit.Options
		want   []string
		// match, when set, must match the first finding's message.
		match string
		// line, when set, is the first finding's line.
		line int
	}{
		{name: "baseline passes", mod: func(*aks.Cluster) {}},

		{name: "001 kubenet prints days left", mod: kubenet, want: []string{"AKSNET-001"},
			match: `kubenet retires on 2028-03-31 \(RET-KUB\): 495 days left as of 2026-11-22`, line: 10},
		{name: "001 kubenet after retirement is critical", mod: kubenet, opts: audit.Options{Now: time.Date(2028, 4, 1, 0, 0, 0, 0, time.UTC)},
			want: []string{"AKSNET-001"}, match: `retired on 2028-03-31 .*1 day before 2028-04-01`},
		{name: "002 kubenet over 400 nodes with surge", mod: func(c *aks.Cluster) {
			kubenet(c)
			c.Pools[0].AutoScaling = line(true, 35)
			c.Pools[0].MinCount = line(3, 36)
			c.Pools[0].MaxCount = line(370, 37)
			c.Pools[0].MaxSurge = line("10%", 38)
		}, want: []string{"AKSNET-001", "AKSNET-002"}},
		{name: "002 kubenet exactly 400 with surge passes", mod: func(c *aks.Cluster) {
			kubenet(c)
			c.Pools[0].Count = line(396, 31)
			c.Pools[0].MaxSurge = line("4", 38)
		}, want: []string{"AKSNET-001"}},
		{name: "003 node subnet legacy", mod: func(c *aks.Cluster) {
			c.Network.PluginMode = aks.Value[string]{}
		}, want: []string{"AKSNET-003"}, line: 10},

		{name: "004 regression: literal none is no engine", mod: func(c *aks.Cluster) {
			c.Network.Policy = line(netmodel.PolicyNone, 13)
			c.Network.Dataplane = line(netmodel.DataplaneAzure, 12)
		}, want: []string{"AKSNET-004"}, line: 13, match: `networkPolicy is "none"`},
		{name: "004 absent policy defaults to none", mod: func(c *aks.Cluster) {
			c.Network.Policy = aks.Value[netmodel.PolicyEngine]{}
			c.Network.Dataplane = line(netmodel.DataplaneAzure, 12)
		}, want: []string{"AKSNET-004"}, line: 1, match: `defaults to none`},
		{name: "004 regression: cilium is an engine", mod: func(*aks.Cluster) {}},
		{name: "004 calico is an engine", mod: func(c *aks.Cluster) {
			c.Network.Policy = line(netmodel.PolicyCalico, 13)
			c.Network.Dataplane = line(netmodel.DataplaneAzure, 12)
		}},
		{name: "004 BYO CNI is not judged", mod: func(c *aks.Cluster) {
			c.Network.Plugin = line("none", 10)
			c.Network.PluginMode = aks.Value[string]{}
			c.Network.Dataplane = aks.Value[netmodel.Dataplane]{}
			c.Network.Policy = aks.Value[netmodel.PolicyEngine]{}
		}},
		{name: "005 cilium policy on azure data plane", mod: func(c *aks.Cluster) {
			c.Network.Dataplane = line(netmodel.DataplaneAzure, 12)
		}, want: []string{"AKSNET-005"}, line: 13},
		{name: "006 NPM Linux retirement", mod: func(c *aks.Cluster) {
			c.Network.Dataplane = line(netmodel.DataplaneAzure, 12)
			c.Network.Policy = line(netmodel.PolicyAzure, 13)
		}, want: []string{"AKSNET-006"}, match: `Azure NPM on Linux is unsupported from 2028-09-30 \(RET-NPML\): 678 days left`},
		{name: "006 NPM Windows retired", mod: func(c *aks.Cluster) {
			c.Network.Dataplane = line(netmodel.DataplaneAzure, 12)
			c.Network.Policy = line(netmodel.PolicyAzure, 13)
			c.Pools = append(c.Pools, aks.NodePool{Name: line("win", 40), Count: line(3, 41), MaxPods: line(30, 42), OS: line("Windows", 43)})
		}, want: []string{"AKSNET-006"}, match: `Windows has been unsupported since 2026-09-30`},
		{name: "007 NPM over 250 nodes", mod: func(c *aks.Cluster) {
			c.Network.Dataplane = line(netmodel.DataplaneAzure, 12)
			c.Network.Policy = line(netmodel.PolicyAzure, 13)
			c.Pools[0].Count = line(240, 31)
			c.Pools[0].MaxSurge = line("20", 38)
		}, want: []string{"AKSNET-006", "AKSNET-007"}},
		{name: "007 NPM over 20,000 pods", mod: func(c *aks.Cluster) {
			c.Network.Dataplane = line(netmodel.DataplaneAzure, 12)
			c.Network.Policy = line(netmodel.PolicyAzure, 13)
			c.Pools[0].Count = line(100, 31)
			c.Pools[0].MaxPods = line(250, 32)
		}, want: []string{"AKSNET-006", "AKSNET-007"}},
		{name: "008 NPM on kubenet", mod: func(c *aks.Cluster) {
			kubenet(c)
			c.Network.Policy = line(netmodel.PolicyAzure, 13)
		}, want: []string{"AKSNET-001", "AKSNET-006", "AKSNET-008"}},
		{name: "008 cilium with Windows pool", mod: func(c *aks.Cluster) {
			c.Pools = append(c.Pools, aks.NodePool{Name: line("win", 40), Count: line(3, 41), MaxPods: line(30, 42), OS: line("Windows", 43)})
		}, want: []string{"AKSNET-008"}},
		{name: "008 calico dual-stack", mod: func(c *aks.Cluster) {
			c.Network.Dataplane = line(netmodel.DataplaneAzure, 12)
			c.Network.Policy = line(netmodel.PolicyCalico, 13)
			c.Network.IPFamilies = line([]string{"IPv4", "IPv6"}, 18)
		}, want: []string{"AKSNET-008"}, match: `Calico does not support dual-stack`},
		{name: "008 cilium dual-stack passes", mod: func(c *aks.Cluster) {
			c.Network.IPFamilies = line([]string{"IPv4", "IPv6"}, 18)
		}},

		{name: "009 node subnet exhausted", opts: audit.Options{Capacity: fakeCapacity(audit.Capacity{
			NodeSubnet: &audit.SubnetNeed{Required: 300, MinPrefixLength: 23, Given: netip.MustParsePrefix("10.1.0.0/24"), Usable: 251, Fits: ptr(false)},
		})}, mod: func(*aks.Cluster) {}, want: []string{"AKSNET-009"}, line: 34, match: `needs? 300 .*a /23 or larger`},
		{name: "010 pod subnet exhausted", opts: audit.Options{Capacity: fakeCapacity(audit.Capacity{
			NodeSubnet: &audit.SubnetNeed{Required: 4, MinPrefixLength: 29, Given: netip.MustParsePrefix("10.1.0.0/24"), Usable: 251, Fits: ptr(true)},
			PodSubnet:  &audit.SubnetNeed{Required: 600, MinPrefixLength: 22, Given: netip.MustParsePrefix("10.2.0.0/24"), Usable: 251, Fits: ptr(false)},
		})}, mod: func(c *aks.Cluster) {
			c.Network.PluginMode = aks.Value[string]{}
			c.Pools[0].PodSubnetID = line("/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pods", 39)
			c.Pools[0].PodSubnet = line(netip.MustParsePrefix("10.2.0.0/24"), 39)
		}, want: []string{"AKSNET-010"}, line: 39},
		{name: "011 overlay pod CIDR too small", opts: audit.Options{Capacity: fakeCapacity(audit.Capacity{
			PodCIDR: &audit.PodCIDRNeed{RequiredBlocks: 40, MinPrefixLength: 18, Given: netip.MustParsePrefix("10.244.0.0/19"), NodesSupported: ptr(32), Fits: ptr(false)},
		})}, mod: func(*aks.Cluster) {}, want: []string{"AKSNET-011"}, line: 14, match: `10.244.0.0/19 holds 32 nodes`},
		{name: "012 subnet size unknown, said once", mod: func(c *aks.Cluster) {
			c.Pools[0].Subnet = aks.Value[netip.Prefix]{}
			c.Pools = append(c.Pools, c.Pools[0])
			c.Pools[1].Name = line("user", 40)
		}, want: []string{"AKSNET-012"}, line: 34, match: `^the node subnet's size is unknown`},
		{name: "012 subnet size from the VNet inventory", mod: func(c *aks.Cluster) {
			c.Pools[0].Subnet = aks.Value[netip.Prefix]{}
		}, opts: audit.Options{VNets: []aks.VNet{{Name: "vnet", AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")},
			Subnets: []aks.Subnet{{Name: "nodes", ResourceID: "/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes",
				Prefixes: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/24")}}}}}}},
		{name: "012 AKS-managed VNet is not judged", mod: func(c *aks.Cluster) {
			c.Pools[0].Subnet, c.Pools[0].SubnetID = aks.Value[netip.Prefix]{}, aks.Value[string]{}
		}},

		{name: "013 pod CIDR 172.16.0.0/12 forbidden (worked example 14)", mod: func(c *aks.Cluster) {
			c.Network.PodCIDR = line(netip.MustParsePrefix("172.16.0.0/12"), 14)
		}, want: []string{"AKSNET-013"}, line: 14, match: `172.16.0.0/12 overlaps 172.30.0.0/16`},
		{name: "013 service CIDR in link-local", mod: func(c *aks.Cluster) {
			c.Network.ServiceCIDR = line(netip.MustParsePrefix("169.254.0.0/20"), 15)
			c.Network.DNSServiceIP = line(netip.MustParseAddr("169.254.0.10"), 16)
		}, want: []string{"AKSNET-013"}, line: 15},
		{name: "014 pod CIDR overlaps the VNet (worked example 13)", mod: func(c *aks.Cluster) {
			c.Network.PodCIDR = line(netip.MustParsePrefix("10.244.0.0/16"), 14)
			c.Pools[0].Subnet = line(netip.MustParsePrefix("10.240.0.0/16"), 34)
		}, opts: audit.Options{VNets: []aks.VNet{{Name: "vnet", AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
			Subnets: []aks.Subnet{{Name: "nodes", Prefixes: []netip.Prefix{netip.MustParsePrefix("10.240.0.0/16")}}}}}},
			want: []string{"AKSNET-014"}, line: 14},
		{name: "014 service CIDR overlaps an avoided range", mod: func(*aks.Cluster) {},
			opts: audit.Options{Avoid: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/12")}}, want: []string{"AKSNET-014"}, line: 15,
			match: `service CIDR 10.0.0.0/16 overlaps avoided range 10.0.0.0/12`},
		{name: "014 pod CIDR of a flat model is ignored", mod: func(c *aks.Cluster) {
			c.Network.PluginMode = aks.Value[string]{}
			c.Pools[0].PodSubnetID = line("/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pods", 39)
			c.Pools[0].PodSubnet = line(netip.MustParsePrefix("10.2.0.0/24"), 39)
			c.Network.PodCIDR = line(netip.MustParsePrefix("10.1.0.0/16"), 14)
		}},
		{name: "015 DNS IP outside service CIDR", mod: func(c *aks.Cluster) {
			c.Network.DNSServiceIP = line(netip.MustParseAddr("10.1.0.10"), 16)
		}, want: []string{"AKSNET-015"}, line: 16},
		{name: "015 DNS IP on first address", mod: func(c *aks.Cluster) {
			c.Network.DNSServiceIP = line(netip.MustParseAddr("10.0.0.1"), 16)
		}, want: []string{"AKSNET-015"}, match: `first address .*kubernetes.default`},
		{name: "016 node subnets overlap across clusters", mod: func(*aks.Cluster) {},
			others: []aks.Cluster{func() aks.Cluster {
				o := good()
				o.Name, o.ResourceID = line("other", 1), ""
				o.Pools[0].Subnet = line(netip.MustParsePrefix("10.1.0.0/16"), 34)
				o.Pools[0].SubnetID = line("other-subnet", 34)
				return o
			}()}, want: []string{"AKSNET-016"}, line: 34},
		{name: "016 one subnet shared by Azure CNI clusters passes", mod: func(*aks.Cluster) {},
			others: []aks.Cluster{func() aks.Cluster {
				o := good()
				o.Name, o.ResourceID = line("other", 1), ""
				return o
			}()}},

		{name: "017 public API server", mod: func(c *aks.Cluster) {
			c.APIServer.Private = line(false, 20)
		}, want: []string{"AKSNET-017"}, line: 20},
		{name: "017 public API server by default", mod: func(c *aks.Cluster) {
			c.APIServer.Private = aks.Value[bool]{}
		}, want: []string{"AKSNET-017"}, line: 1},
		{name: "017 authorized ranges pass", mod: func(c *aks.Cluster) {
			c.APIServer.Private = line(false, 20)
			c.APIServer.AuthorizedIPRanges = line([]netip.Prefix{netip.MustParsePrefix("137.117.106.88/29")}, 21)
		}},
		{name: "017 regression: private cluster needs no authorized ranges", mod: func(*aks.Cluster) {}},
		{name: "017 regression: VNet-integrated private cluster needs no authorized ranges", mod: func(c *aks.Cluster) {
			c.APIServer.VNetIntegration = line(true, 22)
		}},
		{name: "017 0.0.0.0/0 is unrestricted", mod: func(c *aks.Cluster) {
			c.APIServer.Private = line(false, 20)
			c.APIServer.AuthorizedIPRanges = line([]netip.Prefix{netip.MustParsePrefix("0.0.0.0/0")}, 21)
		}, want: []string{"AKSNET-017"}, line: 21},

		{name: "018 loadBalancer egress", mod: func(c *aks.Cluster) {
			c.Network.OutboundType = line("loadBalancer", 17)
		}, want: []string{"AKSNET-018"}, line: 17},
		{name: "018 default outbound is loadBalancer", mod: func(c *aks.Cluster) {
			c.Network.OutboundType = aks.Value[string]{}
		}, want: []string{"AKSNET-018"}, line: 1},
		{name: "018 regression: NAT gateway is not a firewall", mod: func(c *aks.Cluster) {
			c.Network.OutboundType = line("managedNATGateway", 17)
		}, want: []string{"AKSNET-018"}, match: `does not filter`},
		{name: "018 regression: user-assigned NAT gateway is not a firewall", mod: func(c *aks.Cluster) {
			c.Network.OutboundType = line("userAssignedNATGateway", 17)
		}, want: []string{"AKSNET-018"}},
		{name: "018 regression: userDefinedRouting restricts egress", mod: func(*aks.Cluster) {}},
		{name: "018 regression: network-isolated (none) restricts egress", mod: func(c *aks.Cluster) {
			c.Network.OutboundType = line("none", 17)
			c.APIServer.BootstrapArtifactSource = line("Cache", 23)
		}},
		{name: "018 regression: network-isolated (block) restricts egress", mod: func(c *aks.Cluster) {
			c.Network.OutboundType = line("block", 17)
		}},

		{name: "020 node public IP", mod: func(c *aks.Cluster) {
			c.Pools[0].NodePublicIP = line(true, 44)
		}, want: []string{"AKSNET-020"}, line: 44},
		{name: "021 overlay with availability set", mod: func(c *aks.Cluster) {
			c.Pools[0].Type = line("AvailabilitySet", 45)
		}, want: []string{"AKSNET-021"}, line: 45},
		{name: "021 overlay with DCsv2", mod: func(c *aks.Cluster) {
			c.Pools[0].VMSize = line("Standard_DC4s_v2", 33)
		}, want: []string{"AKSNET-021"}, line: 33},
		{name: "021 DCsv3 passes", mod: func(c *aks.Cluster) {
			c.Pools[0].VMSize = line("Standard_DC4s_v3", 33)
		}},
		{name: "022 maxPods 10 with 2 nodes (worked example 15)", mod: func(c *aks.Cluster) {
			c.Pools[0].MaxPods = line(10, 32)
			c.Pools[0].Count = line(2, 31)
		}, want: []string{"AKSNET-022"}, line: 32, match: `with maxPods 10 it needs at least 3 nodes`},
		{name: "022 maxPods 10 with 3 nodes passes", mod: func(c *aks.Cluster) {
			c.Pools[0].MaxPods = line(10, 32)
		}},
		{name: "022 maxPods 300 out of range", mod: func(c *aks.Cluster) {
			c.Pools[0].MaxPods = line(300, 32)
		}, want: []string{"AKSNET-022"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good()
			tt.mod(&c)
			rep := run(append([]aks.Cluster{c}, tt.others...), tt.opts)
			var mine []audit.Finding
			for _, f := range rep.Findings {
				if f.Cluster == audit.ClusterName(&c) {
					mine = append(mine, f)
				}
			}
			if diff := cmp.Diff(tt.want, fired(t, mine)); diff != "" {
				for _, f := range mine {
					t.Logf("%s %s: %s", f.RuleID, f.Location(), f.Message)
				}
				t.Fatalf("rules fired (-want +got):\n%s", diff)
			}
			if len(mine) == 0 {
				return
			}
			if tt.match != "" && !regexp.MustCompile(tt.match).MatchString(mine[0].Message) {
				t.Errorf("message %q does not match %q", mine[0].Message, tt.match)
			}
			if tt.line != 0 && mine[0].Line != tt.line {
				t.Errorf("finding at line %d, want %d (%s)", mine[0].Line, tt.line, mine[0].Message)
			}
			for _, f := range mine {
				if f.Remediation == "" || f.File == "" {
					t.Errorf("%s: missing remediation or file: %+v", f.RuleID, f)
				}
				if strings.Contains(f.Remediation, "az aks ") && !strings.Contains(f.Remediation, "rg-net") && !strings.Contains(f.Remediation, "<resource-group>") && f.RuleID != "AKSNET-013" {
					t.Errorf("%s: remediation does not target the cluster: %s", f.RuleID, f.Remediation)
				}
			}
		})
	}
}

// TestSNATPorts reproduces the facts sheet's worked examples 17 and 18.
func TestSNATPorts(t *testing.T) {
	for _, tt := range []struct{ ports, ips, want int }{
		{1000, 2, 128}, {1000, 7, 448}, {4000, 2, 32}, {4000, 7, 112},
	} {
		if got := netmodel.LBMaxNodesForPorts(tt.ports, tt.ips); got != tt.want {
			t.Errorf("LBMaxNodesForPorts(%d, %d) = %d, want %d (SLB worked example 17)", tt.ports, tt.ips, got, tt.want)
		}
	}
	lb := func(ports, ips, count int, surge string) aks.Cluster {
		c := good()
		c.Network.OutboundType = line("loadBalancer", 17)
		c.Network.LoadBalancer.AllocatedOutboundPorts = line(ports, 50)
		if ips > 0 {
			c.Network.LoadBalancer.ManagedOutboundIPs = line(ips, 51)
		}
		c.Pools[0].AutoScaling = line(true, 35)
		c.Pools[0].MinCount = line(3, 36)
		c.Pools[0].MaxCount = line(count, 37)
		c.Pools[0].MaxSurge = line(surge, 38)
		return c
	}
	tests := []struct {
		name  string
		c     aks.Cluster
		fires bool
		match string
	}{
		// Worked example 18: 4,000 ports, 7 IPs, max 100 nodes, surge 2 → 408,000 of 448,000: enough.
		{"example 18 fits", lb(4000, 7, 100, "2"), false, ""},
		{"example 17: 4,000 ports and 2 IPs hold 32 nodes", lb(4000, 2, 31, "2"), true,
			`4000 ports per node with 2 outbound IPs supports 64000 / 4000 × 2 = 32 nodes \(SLB\), but the pools reach 31 nodes plus 2 upgrade surge = 33`},
		{"managed IP count defaults to 1", lb(1000, 0, 64, "1"), true, `defaults to 1`},
		// Worked example 19: the default allocation halves past 50 nodes.
		{"default allocation up to 50 nodes", lb(0, 1, 45, "1"), false, ""},
		{"default allocation at 52 nodes", lb(0, 1, 51, "1"), true, `drops to 512 per node`},
		{"default allocation past 100 nodes", lb(0, 1, 900, "1"), true, `drops to fewer than 512 per node`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := run([]aks.Cluster{tt.c}, audit.Options{})
			var got *audit.Finding
			for i, f := range rep.Findings {
				if f.RuleID == "AKSNET-019" {
					got = &rep.Findings[i]
				}
			}
			if (got != nil) != tt.fires {
				t.Fatalf("AKSNET-019 fired = %v, want %v", got != nil, tt.fires)
			}
			if got == nil {
				return
			}
			if got.Line != 50 && got.Severity != audit.Low {
				t.Errorf("line %d, want 50 (allocatedOutboundPorts)", got.Line)
			}
			if !regexp.MustCompile(tt.match).MatchString(got.Message) {
				t.Errorf("message %q does not match %q", got.Message, tt.match)
			}
		})
	}
}

func TestCatalog(t *testing.T) {
	seen := map[string]bool{}
	idRE := regexp.MustCompile(`^AKSNET-\d{3}$`)
	for i, r := range All() {
		if !idRE.MatchString(r.ID) || seen[r.ID] {
			t.Errorf("rule %d: bad or duplicate id %q", i, r.ID)
		}
		seen[r.ID] = true
		if r.Severity.Rank() == 0 || r.Name == "" || r.Title == "" || r.Rationale == "" || r.Remediation == "" || len(r.Sources) == 0 || len(r.Links) == 0 || r.Check == nil {
			t.Errorf("%s: incomplete metadata", r.ID)
		}
		if i > 0 && All()[i-1].ID >= r.ID {
			t.Errorf("%s: catalog not in id order", r.ID)
		}
	}
}

func TestResourceGroup(t *testing.T) {
	for id, want := range map[string]string{
		"/subscriptions/0/resourceGroups/rg-a/providers/Microsoft.ContainerService/managedClusters/x": "rg-a",
		"/subscriptions/0/resourcegroups/RG/providers/x":                                              "RG",
		"/subscriptions/0/resourceGroups/only":                                                        "only",
		"azurerm_kubernetes_cluster.main":                                                             "",
		"":                                                                                            "",
	} {
		if got := resourceGroup(id); got != want {
			t.Errorf("resourceGroup(%q) = %q, want %q", id, got, want)
		}
	}
}

package azpolicy_test

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/audit/rules"
	"github.com/aksnet/aksnet/internal/azpolicy"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/source"
)

var now = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

const ruleFixtures = "../audit/rules/testdata"

// readFixture reads a rule's pass or fail fixture with its VNet inventory
// through the readers, as audit does.
func readFixture(t *testing.T, id, kind string) []aks.Document {
	t.Helper()
	dir := filepath.Join(ruleFixtures, id)
	paths := []string{filepath.Join(dir, kind+".json")}
	vnets := filepath.Join(dir, kind+".vnets.json")
	if _, err := os.Stat(vnets); err != nil {
		vnets = filepath.Join(dir, "vnets.json")
	}
	if _, err := os.Stat(vnets); err == nil {
		paths = append(paths, vnets)
	}
	docs, err := source.ReadPaths(paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) == 0 || len(docs[0].Clusters) != 1 {
		t.Fatalf("%s/%s: want one cluster", id, kind)
	}
	return docs
}

// ruleFires runs the whole catalog over docs and reports whether rule id fired.
func ruleFires(docs []aks.Document, id string) bool {
	rep := audit.Run(rules.All(), docs, audit.Options{Now: now, Capacity: rules.PlannerCapacity})
	for _, f := range rep.Findings {
		if f.RuleID == id {
			return true
		}
	}
	return false
}

func generated(t *testing.T, opts azpolicy.Options) map[string]azpolicy.Definition {
	t.Helper()
	set, ds := azpolicy.Generate(rules.All(), opts)
	if set == nil {
		t.Fatalf("generate: %v", ds)
	}
	out := map[string]azpolicy.Definition{}
	for _, d := range set.Definitions {
		out[d.Properties.Metadata.RuleID] = d
	}
	return out
}

// flags evaluates a definition on a cluster with the definition's default
// parameters overridden by params.
func flags(t *testing.T, d azpolicy.Definition, c *aks.Cluster, view azpolicy.View, params map[string]any) bool {
	t.Helper()
	cond, ds := d.Condition()
	if cond == nil {
		t.Fatalf("%s: %v", d.Name, ds)
	}
	p := d.Params()
	for k, v := range params {
		p[k] = v
	}
	ok, err := azpolicy.Evaluate(cond, azpolicy.Document(c, view), p)
	if err != nil {
		t.Fatalf("%s: %v", d.Name, err)
	}
	return ok
}

// vnetRanges lists the address spaces of the VNets in docs as policy
// parameter values: what a user would list in forbiddenCidrs.
func vnetRanges(docs []aks.Document) []any {
	var out []any
	for _, d := range docs {
		for _, v := range d.VNets {
			for _, a := range v.AddressSpace {
				out = append(out, a.String())
			}
		}
	}
	return out
}

// TestPoliciesMatchRuleFixtures evaluates every generated policy on its
// rule's fixtures: the rule must agree with its own fixtures, and the policy
// must flag every fail fixture and none of the pass fixtures. The
// CIDR-overlap policy only sees listed ranges, so it is given the fixture's
// VNet address spaces as forbiddenCidrs — the inventory the rule reads.
func TestPoliciesMatchRuleFixtures(t *testing.T) {
	defs := generated(t, azpolicy.Options{})
	if len(defs) == 0 {
		t.Fatal("no definitions")
	}
	for _, r := range rules.All() {
		if r.Policy == nil {
			continue
		}
		d := defs[r.ID]
		for _, kind := range []string{"pass", "fail"} {
			t.Run(r.ID+"/"+kind, func(t *testing.T) {
				docs := readFixture(t, r.ID, kind)
				want := kind == "fail"
				if got := ruleFires(docs, r.ID); got != want {
					t.Fatalf("rule %s fires = %v on its %s fixture", r.ID, got, kind)
				}
				var params map[string]any
				if r.ID == "AKSNET-014" {
					params = map[string]any{"forbiddenCidrs": vnetRanges(docs)}
				}
				if got := flags(t, d, &docs[0].Clusters[0], azpolicy.Stored, params); got != want {
					t.Errorf("policy %s flags = %v on the %s fixture, want %v", d.Name, got, kind, want)
				}
			})
		}
	}
}

// TestPolicyScope pins, case by case, where a policy deliberately differs
// from its rule (the Broader and Narrower notes in the metadata).
func TestPolicyScope(t *testing.T) {
	defs := generated(t, azpolicy.Options{})
	fixture := func(id, kind string) []aks.Document { return readFixture(t, id, kind) }
	cases := []struct {
		name              string
		policy            string
		docs              func() []aks.Document
		edit              func(c *aks.Cluster, docs []aks.Document)
		view              azpolicy.View
		params            func(docs []aks.Document) map[string]any
		rule              string // the rule compared
		ruleWant, polWant bool
	}{
		{
			name: "Overlay-or-Pod-Subnet policy also denies kubenet", policy: "AKSNET-003",
			docs: func() []aks.Document { return fixture("AKSNET-001", "fail") }, rule: "AKSNET-003",
			ruleWant: false, polWant: true,
		},
		{
			name: "Overlay-or-Pod-Subnet policy passes Pod Subnet", policy: "AKSNET-003",
			docs: func() []aks.Document { return fixture("AKSNET-003", "fail") },
			edit: func(c *aks.Cluster, _ []aks.Document) {
				c.Pools[0].PodSubnetID = aks.SetAt("/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pods", aks.Origin{})
				c.Network.Model = aks.Value[netmodelID]{}
				aks.ApplyDefaults(c)
			},
			rule: "AKSNET-003", ruleWant: false, polWant: false,
		},
		{
			name: "egress policy flags an outbound type the catalog does not know", policy: "AKSNET-018",
			docs: func() []aks.Document { return fixture("AKSNET-018", "pass") },
			edit: func(c *aks.Cluster, _ []aks.Document) {
				c.Network.OutboundType = aks.SetAt("managedNATGatewayV3", aks.Origin{})
			},
			rule: "AKSNET-018", ruleWant: false, polWant: true,
		},
		{
			name: "egress policy follows the allowed list it is given", policy: "AKSNET-018",
			docs: func() []aks.Document { return fixture("AKSNET-018", "fail") },
			params: func([]aks.Document) map[string]any {
				return map[string]any{"allowedOutboundTypes": []any{"managedNATGateway"}}
			},
			rule: "AKSNET-018", ruleWant: true, polWant: false,
		},
		{
			name: "reserved-range policy can't see the VNet address space", policy: "AKSNET-013",
			docs: func() []aks.Document { return fixture("AKSNET-013", "pass") },
			edit: func(_ *aks.Cluster, docs []aks.Document) {
				docs[1].VNets[0].AddressSpace = append(docs[1].VNets[0].AddressSpace, netip.MustParsePrefix("172.30.0.0/16"))
			},
			rule: "AKSNET-013", ruleWant: true, polWant: false,
		},
		{
			name: "reserved-range policy ignores the pod CIDR of a flat model", policy: "AKSNET-013",
			docs: func() []aks.Document { return fixture("AKSNET-003", "fail") },
			edit: func(c *aks.Cluster, _ []aks.Document) {
				c.Network.PodCIDR = aks.SetAt(netip.MustParsePrefix("172.16.0.0/12"), aks.Origin{})
			},
			rule: "AKSNET-013", ruleWant: false, polWant: false,
		},
		{
			name: "reserved-range policy checks the service CIDR", policy: "AKSNET-013",
			docs: func() []aks.Document { return fixture("AKSNET-013", "pass") },
			edit: func(c *aks.Cluster, _ []aks.Document) {
				c.Network.ServiceCIDR = aks.SetAt(netip.MustParsePrefix("192.0.2.0/25"), aks.Origin{})
			},
			rule: "AKSNET-013", ruleWant: true, polWant: true,
		},
		{
			name: "overlap policy sees nothing without listed ranges", policy: "AKSNET-014",
			docs: func() []aks.Document { return fixture("AKSNET-014", "fail") },
			rule: "AKSNET-014", ruleWant: true, polWant: false,
		},
		{
			name: "overlap policy catches pod CIDR over service CIDR without a list", policy: "AKSNET-014",
			docs: func() []aks.Document { return fixture("AKSNET-014", "pass") },
			edit: func(c *aks.Cluster, _ []aks.Document) {
				c.Network.PodCIDR = aks.SetAt(netip.MustParsePrefix("10.0.0.0/8"), aks.Origin{})
			},
			rule: "AKSNET-014", ruleWant: true, polWant: true,
		},
		{
			name: "overlap policy skips an IPv6 listed range instead of failing", policy: "AKSNET-014",
			docs: func() []aks.Document { return fixture("AKSNET-014", "pass") },
			params: func([]aks.Document) map[string]any {
				return map[string]any{"forbiddenCidrs": []any{"fd00::/8", "10.1.0.0/16"}}
			},
			rule: "AKSNET-014", ruleWant: false, polWant: false,
		},
		{
			name: "API server policy: a /0 range is no restriction", policy: "AKSNET-017",
			docs: func() []aks.Document { return fixture("AKSNET-017", "fail") },
			edit: func(c *aks.Cluster, _ []aks.Document) {
				c.APIServer.AuthorizedIPRanges = aks.SetAt([]netip.Prefix{netip.MustParsePrefix("203.0.113.0/24"), netip.MustParsePrefix("0.0.0.0/0")}, aks.Origin{})
			},
			rule: "AKSNET-017", ruleWant: true, polWant: true,
		},
		{
			name: "API server policy: listed ranges pass", policy: "AKSNET-017",
			docs: func() []aks.Document { return fixture("AKSNET-017", "fail") },
			edit: func(c *aks.Cluster, _ []aks.Document) {
				c.APIServer.AuthorizedIPRanges = aks.SetAt([]netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}, aks.Origin{})
			},
			rule: "AKSNET-017", ruleWant: false, polWant: false,
		},
		{
			name: "cilium data plane without networkPolicy is an engine", policy: "AKSNET-004",
			docs: func() []aks.Document { return fixture("AKSNET-004", "pass") },
			edit: func(c *aks.Cluster, _ []aks.Document) {
				c.Network.Policy = aks.Value[netmodelPolicy]{}
				aks.ApplyDefaults(c)
			},
			view: azpolicy.Request, rule: "AKSNET-004", ruleWant: false, polWant: false,
		},
		{
			name: "a create request that omits networkPlugin on Kubernetes 1.29 gets kubenet unseen", policy: "AKSNET-001",
			docs: func() []aks.Document { return fixture("AKSNET-001", "fail") },
			edit: func(c *aks.Cluster, _ []aks.Document) {
				c.KubernetesVersion = aks.SetAt("1.29.4", aks.Origin{})
				c.Network.Plugin, c.Network.Model = aks.Value[string]{}, aks.Value[netmodelID]{}
				aks.ApplyDefaults(c)
			},
			view: azpolicy.Request, rule: "AKSNET-001", ruleWant: true, polWant: false,
		},
		{
			name: "the stored resource shows the defaulted kubenet", policy: "AKSNET-001",
			docs: func() []aks.Document { return fixture("AKSNET-001", "fail") },
			edit: func(c *aks.Cluster, _ []aks.Document) {
				c.KubernetesVersion = aks.SetAt("1.29.4", aks.Origin{})
				c.Network.Plugin, c.Network.Model = aks.Value[string]{}, aks.Value[netmodelID]{}
				aks.ApplyDefaults(c)
			},
			view: azpolicy.Stored, rule: "AKSNET-001", ruleWant: true, polWant: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			docs := tc.docs()
			c := &docs[0].Clusters[0]
			if tc.edit != nil {
				tc.edit(c, docs)
			}
			if got := ruleFires(docs, tc.rule); got != tc.ruleWant {
				t.Errorf("rule %s fires = %v, want %v", tc.rule, got, tc.ruleWant)
			}
			var params map[string]any
			if tc.params != nil {
				params = tc.params(docs)
			}
			if got := flags(t, defs[tc.policy], c, tc.view, params); got != tc.polWant {
				t.Errorf("policy %s flags = %v, want %v", tc.policy, got, tc.polWant)
			}
		})
	}
}

// TestUnknownValueIsNotGuessed: a value set by an unresolved expression
// makes the evaluation fail with ErrUnknown instead of passing or flagging.
func TestUnknownValueIsNotGuessed(t *testing.T) {
	defs := generated(t, azpolicy.Options{})
	docs := readFixture(t, "AKSNET-001", "fail")
	c := &docs[0].Clusters[0]
	c.Network.Plugin = aks.UnknownAt[string](aks.Origin{File: "main.tf", Line: 3}, "var.plugin has no value")
	cond, _ := defs["AKSNET-001"].Condition()
	_, err := azpolicy.Evaluate(cond, azpolicy.Document(c, azpolicy.Stored), defs["AKSNET-001"].Params())
	if !errors.Is(err, azpolicy.ErrUnknown) {
		t.Fatalf("err = %v, want ErrUnknown", err)
	}
}

type (
	netmodelID     = netmodel.ID
	netmodelPolicy = netmodel.PolicyEngine
)

// TestAbsentCIDRsDoNotFail: a create request without pod or service CIDRs
// must evaluate (to false), not fail inside ipRangeContains.
func TestAbsentCIDRsDoNotFail(t *testing.T) {
	defs := generated(t, azpolicy.Options{Defaults: map[string]any{"forbiddenCidrs": []string{"10.0.0.0/8", "fd00::/8"}}})
	docs := readFixture(t, "AKSNET-014", "pass")
	c := &docs[0].Clusters[0]
	c.Network.PodCIDR, c.Network.ServiceCIDR, c.Network.DNSServiceIP = aks.Value[netip.Prefix]{}, aks.Value[netip.Prefix]{}, aks.Value[netip.Addr]{}
	aks.ApplyDefaults(c)
	for _, id := range []string{"AKSNET-013", "AKSNET-014"} {
		if flags(t, defs[id], c, azpolicy.Request, nil) {
			t.Errorf("%s flags a request without CIDRs", id)
		}
	}
	if !flags(t, defs["AKSNET-014"], c, azpolicy.Stored, nil) {
		t.Error("AKSNET-014 does not flag the defaulted service CIDR 10.0.0.0/16 inside the listed 10.0.0.0/8")
	}
}

// TestDualStackLists: the IPv6 entries of dual-stack podCidrs and
// serviceCidrs are checked against listed ranges too, also in a create
// request that gives only the lists.
func TestDualStackLists(t *testing.T) {
	defs := generated(t, azpolicy.Options{})
	docs := readFixture(t, "AKSNET-014", "pass")
	c := &docs[0].Clusters[0]
	c.Network.PodCIDR, c.Network.ServiceCIDR = aks.Value[netip.Prefix]{}, aks.Value[netip.Prefix]{}
	c.Network.PodCIDRs = []aks.Value[netip.Prefix]{aks.SetAt(netip.MustParsePrefix("10.244.0.0/16"), aks.Origin{}), aks.SetAt(netip.MustParsePrefix("fd12:3456:789a::/64"), aks.Origin{})}
	c.Network.ServiceCIDRs = []aks.Value[netip.Prefix]{aks.SetAt(netip.MustParsePrefix("10.0.0.0/16"), aks.Origin{}), aks.SetAt(netip.MustParsePrefix("fd12:3456:789a:1::/108"), aks.Origin{})}
	tests := []struct {
		name   string
		listed []any
		want   bool
	}{
		{"IPv6 pod range listed", []any{"fd12:3456:789a::/48"}, true},
		{"IPv6 service range inside a listed one", []any{"fd12:3456:789a:1::/64"}, true},
		{"IPv4 entry of the list", []any{"10.244.128.0/17"}, true},
		{"unrelated ranges", []any{"fd99::/16", "192.168.0.0/16"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, view := range []azpolicy.View{azpolicy.Request, azpolicy.Stored} {
				if got := flags(t, defs["AKSNET-014"], c, view, map[string]any{"forbiddenCidrs": tc.listed}); got != tc.want {
					t.Errorf("view %d: flags = %v, want %v", view, got, tc.want)
				}
			}
		})
	}
	if flags(t, defs["AKSNET-013"], c, azpolicy.Request, nil) {
		t.Error("AKSNET-013 flags dual-stack defaults")
	}
}

package azpolicy_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/audit/rules"
	"github.com/aksnet/aksnet/internal/azpolicy"
	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/source"
)

// TestCorpusAgreement audits every cluster of the shared corpus (ARM JSON,
// templates, Bicep builds, Terraform; read in place) and evaluates every
// policy on it: where a rule and its policy disagree, the difference must be
// one the policy's metadata declares. AKSNET-014 is left out: its policy
// sees only the ranges an assignment lists.
func TestCorpusAgreement(t *testing.T) {
	defs := generated(t, azpolicy.Options{})
	docs, err := source.ReadPaths([]string{corpustest.Dir(t, "azure"), corpustest.Dir(t, "terraform")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The VNet inventory of the whole corpus, beside each cluster audited alone.
	var vnets []aks.VNet
	for _, d := range docs {
		vnets = append(vnets, d.VNets...)
	}
	inventory := aks.Document{File: "vnets", VNets: vnets}
	fired := func(d *aks.Document, c *aks.Cluster) map[string][]string {
		one := aks.Document{File: d.File, Format: d.Format, Clusters: []aks.Cluster{*c}}
		rep := audit.Run(rules.All(), []aks.Document{one, inventory}, audit.Options{Now: now, Capacity: rules.PlannerCapacity})
		out := map[string][]string{}
		for _, f := range rep.Findings {
			out[f.RuleID] = append(out[f.RuleID], f.Message)
		}
		return out
	}
	var clusters, compared, unknown int
	explained := map[string]int{}
	for _, d := range docs {
		for i := range d.Clusters {
			c := &d.Clusters[i]
			aks.ApplyDefaults(c) // as the audit engine does
			clusters++
			byRule := fired(&d, c)
			for rid, def := range defs {
				if rid == "AKSNET-014" {
					continue
				}
				cond, _ := def.Condition()
				pol, err := azpolicy.Evaluate(cond, azpolicy.Document(c, azpolicy.Stored), def.Params())
				if errors.Is(err, azpolicy.ErrUnknown) {
					unknown++
					continue
				}
				if err != nil {
					t.Errorf("%s %s: %s: %v", d.File, c.Address, rid, err)
					continue
				}
				compared++
				msgs, rule := byRule[rid]
				if rule == pol {
					continue
				}
				why := explain(rid, c, msgs, rule)
				if why == "" {
					t.Errorf("%s %s: rule %s fires = %v, policy flags = %v: %v", d.File, c.Address, rid, rule, pol, msgs)
					continue
				}
				explained[why]++
			}
		}
	}
	if clusters < 50 {
		t.Fatalf("only %d clusters read from the corpus", clusters)
	}
	var lines []string
	for why, n := range explained {
		lines = append(lines, fmt.Sprintf("%4d  %s", n, why))
	}
	slices.Sort(lines)
	t.Logf("%d clusters, %d verdicts compared, %d left undecided by unresolved values; declared differences:\n%s",
		clusters, compared, unknown, strings.Join(lines, "\n"))
}

// explain names the declared difference behind a disagreement, or "".
func explain(id string, c *aks.Cluster, ruleMsgs []string, rule bool) string {
	m, _ := c.Network.Model.Get()
	switch {
	case id == "AKSNET-003" && !rule && m == netmodel.Kubenet:
		return "AKSNET-003 policy also denies kubenet"
	case id == "AKSNET-013" && rule && !slices.ContainsFunc(ruleMsgs, func(s string) bool { return !strings.HasPrefix(s, "VNet ") }):
		return "AKSNET-013 rule fires on a VNet address space the policy can't see"
	case id == "AKSNET-018" && !rule:
		if t, ok := c.Network.OutboundType.Get(); ok {
			if _, known := netmodel.LookupOutbound(t); !known {
				return "AKSNET-018 policy flags an outbound type the catalog does not know"
			}
		}
	case id == "AKSNET-004" && !rule && c.Network.Model.State == aks.Unknown:
		return "AKSNET-004 policy flags a missing engine where the rule can't resolve the model"
	}
	return ""
}

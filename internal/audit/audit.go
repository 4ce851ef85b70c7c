// Package audit runs networking rules over a fleet of normalized AKS
// clusters and reports findings, fleet KPIs and suppressed risks.
//
// A Rule is metadata plus a pure check: given one cluster and the fleet
// around it (VNet inventory, every other cluster, an avoid list, the tags
// that mark production, and a clock) it returns hits. The engine (Run) turns
// hits into Findings located at the line the user must change, applies the
// suppression file, computes KPIs and sorts everything deterministically.
// The rule catalog itself lives in package audit/rules.
//
// Diagnostic codes raised by this package (besides the readers' own):
//
//	AUDIT001  warning  a suppression has expired and no longer suppresses
//	AUDIT002  warning  a suppression matched no finding
//	AUDIT003  error    the suppression file is invalid
package audit

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// SchemaVersion is the version of the JSON report; it changes only by adding.
const SchemaVersion = 1

// Severity ranks a finding: info, low, medium, high, critical.
type Severity string

const (
	Info     Severity = "info"
	Low      Severity = "low"
	Medium   Severity = "medium"
	High     Severity = "high"
	Critical Severity = "critical"
)

// Severities lists every severity from lowest to highest.
func Severities() []Severity { return []Severity{Info, Low, Medium, High, Critical} }

// Rank orders severities: info 1 … critical 5; 0 for an unknown one.
func (s Severity) Rank() int {
	switch s {
	case Info:
		return 1
	case Low:
		return 2
	case Medium:
		return 3
	case High:
		return 4
	case Critical:
		return 5
	}
	return 0
}

// ParseSeverity parses a severity name (case-insensitive).
func ParseSeverity(s string) (Severity, error) {
	v := Severity(strings.ToLower(strings.TrimSpace(s)))
	if v.Rank() == 0 {
		return "", fmt.Errorf("unknown severity %q (want info, low, medium, high or critical)", s)
	}
	return v, nil
}

// SecurityScore is the CVSS-like score GitHub code scanning reads from
// properties.security-severity: critical 9.5, high 8.0, medium 5.5, low 3.0,
// info 0.0 (GitHub maps >9.0 critical, 7.0–8.9 high, 4.0–6.9 medium,
// 0.1–3.9 low).
func (s Severity) SecurityScore() string {
	switch s {
	case Critical:
		return "9.5"
	case High:
		return "8.0"
	case Medium:
		return "5.5"
	case Low:
		return "3.0"
	}
	return "0.0"
}

// Rule is one check: stable metadata plus a pure function.
type Rule struct {
	// ID is stable: AKSNET-NNN.
	ID string `json:"id"`
	// Name is a short PascalCase identifier, e.g. KubenetRetirement.
	Name string `json:"name"`
	// Title is a one-line summary of the risk.
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	// Rationale explains why it matters.
	Rationale string `json:"rationale"`
	// Remediation says how to fix it, with the exact command where one exists
	// (placeholders in angle brackets; a hit may give a filled-in command).
	Remediation string `json:"remediation"`
	// Sources are facts-sheet source codes (legend in aks-facts.md).
	Sources []string `json:"sources"`
	// Links are documentation URLs.
	Links []string `json:"links"`
	// Models limits the rule to these networking models; empty means all.
	Models []netmodel.ID `json:"models,omitempty"`
	// AzurePolicy is the built-in Azure Policy definition id it mirrors, if any.
	AzurePolicy string `json:"azurePolicy,omitempty"`
	// Policy, when set, is the rule as a custom Azure Policy definition.
	// It is rendered by package azpolicy, not in audit reports.
	Policy *PolicyMapping `json:"-"`
	// Check is the pure check. It must not retain or modify its arguments.
	Check func(c *aks.Cluster, f *Fleet) []Hit `json:"-"`
}

// Hit is what a check returns for one occurrence of the risk.
type Hit struct {
	// Message states the problem with the numbers behind it.
	Message string
	// At is the origin of the field that fires: the line the user must
	// change. When it has no file (a defaulted value) the engine falls back to
	// the node pool or cluster definition.
	At aks.Origin
	// Pool, when set, names the node pool the hit is about; its definition is
	// the fallback location before the cluster's.
	Pool *aks.NodePool
	// Severity overrides the rule's severity when set.
	Severity Severity
	// Remediation overrides the rule's remediation when set (a filled-in command).
	Remediation string
}

// ProdTags says which tags mark a production cluster: any key (compared
// case-insensitively) with any of the values (case-insensitive).
type ProdTags map[string][]string

// DefaultProdTags: env or environment equal to prod or production.
func DefaultProdTags() ProdTags {
	return ProdTags{"env": {"prod", "production"}, "environment": {"prod", "production"}}
}

// ParseProdTags parses "key=value,key=value" (a key may repeat).
func ParseProdTags(s string) (ProdTags, error) {
	out := ProdTags{}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.ToLower(strings.TrimSpace(v))
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("invalid production tag %q: want key=value", part)
		}
		out[k] = append(out[k], v)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no production tags in %q: want key=value[,key=value]", s)
	}
	return out, nil
}

// IsProduction reports whether the cluster's tags mark it as production.
func (p ProdTags) IsProduction(c *aks.Cluster) bool {
	for k, v := range c.Tags {
		for _, want := range p[strings.ToLower(k)] {
			if strings.EqualFold(strings.TrimSpace(v), want) {
				return true
			}
		}
	}
	return false
}

// Fleet is the context every check sees besides its own cluster.
type Fleet struct {
	// Clusters is every cluster in the audit, defaults applied, in report
	// order. They may be the inputs themselves: checks must not modify them.
	Clusters []*aks.Cluster
	// VNets is the VNet inventory (from --vnets and from the inputs).
	VNets []aks.VNet
	// Avoid lists ranges pod and service CIDRs must not overlap (--avoid).
	Avoid []netip.Prefix
	// Prod marks production clusters.
	Prod ProdTags
	// Now is the run's clock.
	Now time.Time
	// Capacity, when set, computes address demand; the subnet and pod-CIDR
	// rules report nothing without it.
	Capacity CapacityFunc

	memo     map[string]any
	capacity map[*aks.Cluster]Capacity
	// current is the index in Clusters of the cluster being checked; the
	// capacities of the clusters by index avoid a map lookup per call.
	// index maps the other clusters to theirs, built when first needed.
	current    int
	capacities []cachedCapacity
	index      map[*aks.Cluster]int
	vnets      *aks.VNetIndex
}

type cachedCapacity struct {
	v    Capacity
	done bool
}

// CapacityOf returns the planner's demand for c (computed once per cluster),
// and false when no planner is configured.
func (f *Fleet) CapacityOf(c *aks.Cluster) (Capacity, bool) {
	if f.Capacity == nil {
		return Capacity{}, false
	}
	if i := f.current; i >= 0 && i < len(f.Clusters) && f.Clusters[i] == c {
		return f.capacityAt(i), true
	}
	if f.index == nil {
		f.index = make(map[*aks.Cluster]int, len(f.Clusters))
		for i, o := range f.Clusters {
			if _, dup := f.index[o]; !dup {
				f.index[o] = i
			}
		}
	}
	if i, ok := f.index[c]; ok {
		return f.capacityAt(i), true
	}
	// A cluster outside the fleet.
	if v, ok := f.capacity[c]; ok {
		return v, true
	}
	if f.capacity == nil {
		f.capacity = map[*aks.Cluster]Capacity{}
	}
	v := f.Capacity(*c)
	f.capacity[c] = v
	return v, true
}

// capacityAt returns the capacity of Clusters[i], computing it at most once.
// Capacity must be set.
func (f *Fleet) capacityAt(i int) Capacity {
	if f.capacities == nil {
		f.capacities = make([]cachedCapacity, len(f.Clusters))
	}
	e := &f.capacities[i]
	if !e.done {
		e.v, e.done = f.Capacity(*f.Clusters[i]), true
	}
	return e.v
}

// Memo returns the value cached under key, building it on first use. Rules
// use it for fleet-wide indexes (for example of every node subnet) so a
// check over one cluster need not rescan the fleet. Not safe for concurrent use.
func (f *Fleet) Memo(key string, build func() any) any {
	if v, ok := f.memo[key]; ok {
		return v
	}
	if f.memo == nil {
		f.memo = map[string]any{}
	}
	v := build()
	f.memo[key] = v
	return v
}

// SubnetOf returns the subnet (and its VNet) that contains p exactly or whose
// resource id equals id, searching the VNet inventory.
func (f *Fleet) SubnetOf(id string, p netip.Prefix) (aks.Subnet, aks.VNet, bool) {
	return f.vnetIndex().SubnetOf(id, p)
}

// VNetsOf returns the VNets that hold any of the cluster's node or pod
// subnets (by resource id or by address containment).
func (f *Fleet) VNetsOf(c *aks.Cluster) []aks.VNet {
	if len(f.VNets) == 0 {
		return nil
	}
	return f.vnetIndex().VNetsOf(c)
}

// vnetIndex returns the index of the inventory, built on first use and again
// when VNets has changed since: every cluster's checks look up their
// subnets, so the index is built once per fleet.
func (f *Fleet) vnetIndex() *aks.VNetIndex {
	if ix := f.vnets; ix == nil || ix.Len() != len(f.VNets) || len(f.VNets) > 0 && &ix.VNets()[0] != &f.VNets[0] {
		f.vnets = aks.NewVNetIndex(f.VNets)
	}
	return f.vnets
}

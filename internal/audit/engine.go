package audit

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// Options configure a run.
type Options struct {
	// VNets is extra VNet inventory (from --vnets), added to the inputs' own.
	VNets []aks.VNet
	// Avoid lists ranges pod and service CIDRs must not overlap.
	Avoid []netip.Prefix
	// Prod marks production clusters; nil means DefaultProdTags.
	Prod ProdTags
	// Now is the clock; zero means time.Now.
	Now time.Time
	// Capacity computes address demand (the planner); nil skips the subnet
	// and pod-CIDR rules.
	Capacity CapacityFunc
	// Suppressions accept risks on record.
	Suppressions []Suppression
}

// Finding is one rule hit on one cluster.
type Finding struct {
	RuleID   string   `json:"ruleId"`
	RuleName string   `json:"ruleName"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	// Cluster is the cluster's name.
	Cluster string `json:"cluster"`
	// ResourceID is the Azure resource id, else the address in the input
	// (template symbol or Terraform address).
	ResourceID string `json:"resourceId,omitempty"`
	// ClusterIndex is the cluster's index in Report.Clusters.
	ClusterIndex int `json:"clusterIndex"`
	// ClusterFile is the file that defines the cluster (the finding's own
	// file may differ, e.g. a VNet inventory); with Cluster and ResourceID it
	// identifies the cluster.
	ClusterFile string `json:"clusterFile,omitempty"`
	// Pool names the node pool, when the finding is about one.
	Pool   string `json:"pool,omitempty"`
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	// Path is a JSON pointer or attribute path of the field that fires.
	Path        string   `json:"path,omitempty"`
	Message     string   `json:"message"`
	Remediation string   `json:"remediation"`
	Sources     []string `json:"sources"`
	HelpURI     string   `json:"helpUri,omitempty"`
	// Fingerprint is stable across runs (it ignores message numbers that
	// change with the date) and identifies the finding for suppression
	// tracking and SARIF partialFingerprints.
	Fingerprint string `json:"fingerprint"`
	// Suppression is the suppression that accepted the risk (suppressed
	// findings only), or an expired one that no longer does.
	Suppression *Suppression `json:"suppression,omitempty"`
	// SuppressionExpired is true when a matching suppression has expired.
	SuppressionExpired bool `json:"suppressionExpired,omitempty"`
}

// Location renders file:line or file.
func (f Finding) Location() string {
	d := diag.Diagnostic{File: f.File, Line: f.Line, Path: f.Path}
	return d.Location()
}

// ClusterSummary is one audited cluster.
type ClusterSummary struct {
	Name       string `json:"name"`
	ResourceID string `json:"resourceId,omitempty"`
	File       string `json:"file,omitempty"`
	Line       int    `json:"line,omitempty"`
	// Input is the input (file or directory) the cluster was read from;
	// it tells apart instances of one module called from several places.
	Input string `json:"input,omitempty"`
	// Model is the networking model id, or "unknown".
	Model         string `json:"model"`
	Dataplane     string `json:"dataplane,omitempty"`
	NetworkPolicy string `json:"networkPolicy,omitempty"`
	Production    bool   `json:"production"`
	Findings      int    `json:"findings"`
	// MaxSeverity is the highest unsuppressed severity, or "".
	MaxSeverity Severity `json:"maxSeverity,omitempty"`
}

// Report is the result of an audit.
type Report struct {
	SchemaVersion int `json:"schemaVersion"`
	// AsOf is the run date (YYYY-MM-DD) that day counts are relative to.
	AsOf string `json:"asOf"`
	// Rules are the metadata of every rule that fired (suppressed or not),
	// in id order.
	Rules      []Rule           `json:"rules"`
	Clusters   []ClusterSummary `json:"clusters"`
	Findings   []Finding        `json:"findings"`
	Suppressed []Finding        `json:"suppressed"`
	KPIs       KPIs             `json:"kpis"`
	// Diagnostics are the readers' and the suppression file's.
	Diagnostics diag.List `json:"diagnostics"`
}

// Reaches reports whether an unsuppressed finding has severity s or higher.
func (r Report) Reaches(s Severity) bool {
	for _, f := range r.Findings {
		if f.Severity.Rank() >= s.Rank() {
			return true
		}
	}
	return false
}

// Count returns the number of unsuppressed findings with severity s.
func (r Report) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// Run audits the clusters of docs with rules. It applies AKS defaults to a
// copy of every cluster, runs each rule that applies to its model, locates
// each hit, applies suppressions and computes KPIs. The result is sorted by
// cluster, file, line and rule id.
func Run(rules []Rule, docs []aks.Document, opts Options) Report {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	prod := opts.Prod
	if prod == nil {
		prod = DefaultProdTags()
	}
	fleet := &Fleet{Avoid: opts.Avoid, Prod: prod, Now: now, Capacity: opts.Capacity}
	var diags diag.List
	n := 0
	for i := range docs {
		n += len(docs[i].Clusters)
	}
	type entry struct {
		c     aks.Cluster
		input string
	}
	entries := make([]entry, 0, n)
	for _, d := range docs {
		for i := range d.Clusters {
			entries = append(entries, entry{d.Clusters[i], filepath.ToSlash(d.File)})
			c := &entries[len(entries)-1].c
			c.Pools = slices.Clone(c.Pools)
			aks.ApplyDefaults(c)
		}
		fleet.VNets = append(fleet.VNets, d.VNets...)
		diags = append(diags, d.Diagnostics...)
	}
	// A deterministic cluster order: findings refer to clusters by index.
	slices.SortStableFunc(entries, func(a, b entry) int {
		return cmp.Or(cmp.Compare(ClusterName(&a.c), ClusterName(&b.c)), cmp.Compare(clusterID(&a.c), clusterID(&b.c)),
			cmp.Compare(a.c.Source.File, b.c.Source.File), cmp.Compare(a.c.Source.Line, b.c.Source.Line), cmp.Compare(a.input, b.input))
	})
	fleet.Clusters = make([]aks.Cluster, len(entries))
	inputs := make([]string, len(entries))
	for i := range entries {
		fleet.Clusters[i], inputs[i] = entries[i].c, entries[i].input
	}
	fleet.VNets = append(fleet.VNets, opts.VNets...)

	rep := Report{SchemaVersion: SchemaVersion, AsOf: now.UTC().Format(time.DateOnly)}
	fired := map[string]Rule{}
	var all []Finding
	for i := range fleet.Clusters {
		c := &fleet.Clusters[i]
		for ri := range rules {
			r := &rules[ri]
			if !r.appliesTo(c) {
				continue
			}
			for _, h := range r.Check(c, fleet) {
				fd := newFinding(r, c, h)
				fd.ClusterIndex = i
				all = append(all, fd)
				fired[r.ID] = *r
			}
		}
	}
	kept, suppressed, sdiags := applySuppressions(all, opts.Suppressions, now)
	diags = append(diags, sdiags...)
	sortFindings(kept)
	sortFindings(suppressed)
	rep.Findings, rep.Suppressed = nonNil(kept), nonNil(suppressed)
	for _, id := range slices.Sorted(mapsKeys(fired)) {
		rep.Rules = append(rep.Rules, fired[id])
	}
	if rep.Rules == nil {
		rep.Rules = []Rule{}
	}
	rep.Clusters = summarize(fleet, inputs, rep.Findings)
	rep.KPIs = computeKPIs(fleet)
	diags.Sort()
	if diags == nil {
		diags = diag.List{}
	}
	rep.Diagnostics = diags
	return rep
}

func nonNil(f []Finding) []Finding {
	if f == nil {
		return []Finding{}
	}
	return f
}

func mapsKeys(m map[string]Rule) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func (r *Rule) appliesTo(c *aks.Cluster) bool {
	if len(r.Models) == 0 {
		return true
	}
	m, ok := c.Network.Model.Get()
	return ok && slices.Contains(r.Models, m)
}

// ClusterName returns the cluster's name, else its address, else "(unnamed)".
func ClusterName(c *aks.Cluster) string {
	if n, ok := c.Name.Get(); ok && n != "" {
		return n
	}
	if c.Address != "" {
		return c.Address
	}
	return "(unnamed)"
}

func clusterID(c *aks.Cluster) string {
	if c.ResourceID != "" {
		return c.ResourceID
	}
	return c.Address
}

func newFinding(r *Rule, c *aks.Cluster, h Hit) Finding {
	f := Finding{
		RuleID: r.ID, RuleName: r.Name, Title: r.Title, Severity: r.Severity,
		Cluster: ClusterName(c), ResourceID: clusterID(c), ClusterFile: filepath.ToSlash(c.Source.File),
		Message: h.Message, Remediation: r.Remediation,
		Sources: slices.Clone(r.Sources),
	}
	if len(r.Links) > 0 {
		f.HelpURI = r.Links[0]
	}
	if h.Severity != "" {
		f.Severity = h.Severity
	}
	if h.Remediation != "" {
		f.Remediation = h.Remediation
	}
	at := h.At
	if h.Pool != nil {
		f.Pool = h.Pool.Name.Or("")
		if at.File == "" {
			at = h.Pool.Source
		}
	}
	if at.File == "" {
		at = c.Source
	}
	f.File, f.Line, f.Column, f.Path = filepath.ToSlash(at.File), at.Line, at.Column, at.Path
	sum := sha256.Sum256([]byte(strings.Join([]string{r.ID, f.Cluster, f.ResourceID, c.Source.File, f.Pool, h.At.Path}, "\x00")))
	f.Fingerprint = hex.EncodeToString(sum[:8])
	return f
}

// sortFindings sorts through pointers: a Finding is too large to swap cheaply.
func sortFindings(fs []Finding) {
	ps := make([]*Finding, len(fs))
	for i := range fs {
		ps[i] = &fs[i]
	}
	slices.SortStableFunc(ps, func(a, b *Finding) int {
		return cmp.Or(
			cmp.Compare(a.ClusterIndex, b.ClusterIndex),
			cmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
			cmp.Compare(a.RuleID, b.RuleID),
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Pool, b.Pool),
			cmp.Compare(a.Message, b.Message),
		)
	})
	sorted := make([]Finding, len(fs))
	for i, p := range ps {
		sorted[i] = *p
	}
	copy(fs, sorted)
}

func summarize(f *Fleet, inputs []string, findings []Finding) []ClusterSummary {
	out := make([]ClusterSummary, 0, len(f.Clusters))
	for i := range f.Clusters {
		c := &f.Clusters[i]
		s := ClusterSummary{
			Name: ClusterName(c), ResourceID: clusterID(c),
			File: filepath.ToSlash(c.Source.File), Line: c.Source.Line, Input: inputs[i],
			Model: ModelName(c), Production: f.Prod.IsProduction(c),
		}
		if dp, ok := c.Network.Dataplane.Get(); ok {
			s.Dataplane = string(dp)
		}
		if p, ok := c.Network.Policy.Get(); ok {
			s.NetworkPolicy = string(p)
		}
		out = append(out, s)
	}
	for _, fd := range findings {
		s := &out[fd.ClusterIndex]
		s.Findings++
		if fd.Severity.Rank() > s.MaxSeverity.Rank() {
			s.MaxSeverity = fd.Severity
		}
	}
	return out
}

// ModelName returns the cluster's resolved model id, or "unknown".
func ModelName(c *aks.Cluster) string {
	if m, ok := c.Network.Model.Get(); ok {
		return string(m)
	}
	return "unknown"
}

// HasPolicyEngine reports whether the cluster enforces network policy:
// networkPolicy is azure, calico or cilium. The literal "none" is no engine.
func HasPolicyEngine(c *aks.Cluster) bool {
	p, ok := c.Network.Policy.Get()
	if !ok {
		return false
	}
	e, ok := netmodel.LookupEngine(p)
	return ok && e.Enforces
}

package audit

import (
	"cmp"
	"maps"
	"net/netip"
	"path/filepath"
	"slices"
	"strconv"
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
	// Roots are the paths the inputs were read from (files or directories).
	// Fingerprints name a cluster's file relative to the root that holds it,
	// so they do not change when the same tree is audited from elsewhere.
	Roots []string
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
	// A deterministic cluster order (findings refer to clusters by index),
	// sorted through references so each cluster is copied once.
	type ref struct{ doc, cluster int }
	refs := make([]ref, 0, n)
	for di := range docs {
		for ci := range docs[di].Clusters {
			refs = append(refs, ref{di, ci})
		}
		fleet.VNets = append(fleet.VNets, docs[di].VNets...)
		diags = append(diags, docs[di].Diagnostics...)
	}
	byCluster := func(x, y ref) int {
		a, b := &docs[x.doc].Clusters[x.cluster], &docs[y.doc].Clusters[y.cluster]
		return cmp.Or(cmp.Compare(ClusterName(a), ClusterName(b)), cmp.Compare(clusterID(a), clusterID(b)),
			cmp.Compare(a.Source.File, b.Source.File), cmp.Compare(a.Source.Line, b.Source.Line),
			cmp.Compare(docs[x.doc].File, docs[y.doc].File))
	}
	if !slices.IsSortedFunc(refs, byCluster) {
		slices.SortStableFunc(refs, byCluster)
	}
	fleet.Clusters = make([]*aks.Cluster, len(refs))
	inputs := make([]string, len(refs))
	for i, r := range refs {
		fleet.Clusters[i] = withDefaults(&docs[r.doc].Clusters[r.cluster])
		inputs[i] = filepath.ToSlash(docs[r.doc].File)
	}
	fleet.VNets = append(fleet.VNets, opts.VNets...)

	rep := Report{SchemaVersion: SchemaVersion, AsOf: now.UTC().Format(time.DateOnly)}
	// Run every check first, keeping the hits as the checks return them, so
	// that the findings (large structs) go into one slice of the right size
	// instead of a growing one.
	type fired struct {
		cluster, rule int
		hits          []Hit
	}
	hits := make([]fired, 0, 4*len(fleet.Clusters))
	total := 0
	for i, c := range fleet.Clusters {
		fleet.current = i
		model, known := c.Network.Model.Get()
		for ri := range rules {
			r := &rules[ri]
			if !r.appliesTo(model, known) {
				continue
			}
			if hs := r.Check(c, fleet); len(hs) > 0 {
				hits = append(hits, fired{i, ri, hs})
				total += len(hs)
			}
		}
	}
	all := make([]Finding, 0, total)
	firedRule := make([]bool, len(rules))
	for k := 0; k < len(hits); {
		i := hits[k].cluster
		// What every finding on the cluster shares, worked out once.
		cl := newClusterKey(fleet.Clusters[i], opts.Roots)
		for ; k < len(hits) && hits[k].cluster == i; k++ {
			r := &rules[hits[k].rule]
			firedRule[hits[k].rule] = true
			for _, h := range hits[k].hits {
				fd := newFinding(r, &cl, h)
				fd.ClusterIndex = i
				all = append(all, fd)
			}
		}
	}
	kept, suppressed, sdiags := applySuppressions(all, opts.Suppressions, now)
	diags = append(diags, sdiags...)
	sortFindings(kept)
	sortFindings(suppressed)
	rep.Findings, rep.Suppressed = nonNil(kept), nonNil(suppressed)
	rep.Rules = firedRules(rules, firedRule)
	prodOf := make([]bool, len(fleet.Clusters))
	for i, c := range fleet.Clusters {
		prodOf[i] = prod.IsProduction(c)
	}
	rep.Clusters = summarize(fleet, inputs, prodOf, rep.Findings)
	rep.KPIs = computeKPIs(fleet, prodOf)
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

// firedRules returns the rules that fired in id order, one per id (the
// last of the catalog's when two share one), never nil.
func firedRules(rules []Rule, fired []bool) []Rule {
	byID := map[string]int{}
	for ri, ok := range fired {
		if ok {
			byID[rules[ri].ID] = ri
		}
	}
	out := make([]Rule, 0, len(byID))
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		out = append(out, rules[byID[id]])
	}
	return out
}

// appliesTo reports whether the rule applies to a cluster of model m (known
// says whether the model is resolved).
func (r *Rule) appliesTo(m netmodel.ID, known bool) bool {
	return len(r.Models) == 0 || known && slices.Contains(r.Models, m)
}

// withDefaults returns c itself when every field aks.ApplyDefaults fills is
// already present (as in every reader's output), else a copy with the
// defaults applied. Run never writes into its inputs.
func withDefaults(c *aks.Cluster) *aks.Cluster {
	if defaulted(c) {
		return c
	}
	cp := *c
	cp.Pools = slices.Clone(c.Pools)
	aks.ApplyDefaults(&cp)
	return &cp
}

// defaulted reports whether aks.ApplyDefaults would leave c as it is: every
// field it fills is present. TestDefaulted keeps this in step with it.
func defaulted(c *aks.Cluster) bool {
	n := &c.Network
	if n.Plugin.State == aks.Absent || n.Model.State == aks.Absent && n.Plugin.Known() ||
		n.Dataplane.State == aks.Absent && n.Plugin.Known() && n.Plugin.V == "azure" ||
		n.Policy.State == aks.Absent || n.OutboundType.State == aks.Absent || n.LoadBalancerSKU.State == aks.Absent ||
		n.ServiceCIDR.State == aks.Absent && len(n.ServiceCIDRs) == 0 ||
		n.DNSServiceIP.State == aks.Absent && n.ServiceCIDR.State == aks.Defaulted ||
		c.APIServer.Private.State == aks.Absent {
		return false
	}
	if m, ok := n.Model.Get(); ok && (m == netmodel.Kubenet || m == netmodel.AzureOverlay || m == netmodel.BYOCNI) &&
		n.PodCIDR.State == aks.Absent && len(n.PodCIDRs) == 0 {
		return false
	}
	modelKnown := n.Model.Known()
	for i := range c.Pools {
		p := &c.Pools[i]
		if p.Count.State == aks.Absent || p.OS.State == aks.Absent || p.MaxSurge.State == aks.Absent ||
			p.Type.State == aks.Absent || p.NodePublicIP.State == aks.Absent ||
			p.MaxPods.State == aks.Absent && modelKnown ||
			p.PodIPAllocation.State == aks.Absent && p.PodSubnetID.State == aks.Set {
			return false
		}
	}
	return true
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

// clusterKey is what every finding on one cluster shares: its identity and
// the fingerprint's file part.
type clusterKey struct {
	name, id, file, fingerprintFile string
	source                          aks.Origin
}

func newClusterKey(c *aks.Cluster, roots []string) clusterKey {
	return clusterKey{
		name: ClusterName(c), id: clusterID(c), file: filepath.ToSlash(c.Source.File),
		fingerprintFile: fingerprintPath(c.Source.File, roots), source: c.Source,
	}
}

// FNV-1a, 64-bit (hash/fnv), inlined so that hashing a finding allocates nothing.
const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

// fnvPart hashes s followed by a zero byte, the separator between parts.
func fnvPart(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime64
	}
	return h * fnvPrime64 // h ^= 0 is a no-op
}

func newFinding(r *Rule, cl *clusterKey, h Hit) Finding {
	f := Finding{
		RuleID: r.ID, RuleName: r.Name, Title: r.Title, Severity: r.Severity,
		Cluster: cl.name, ResourceID: cl.id, ClusterFile: cl.file,
		Message: h.Message, Remediation: r.Remediation,
		Sources: r.Sources, // shared with the rule: read-only
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
		at = cl.source
	}
	f.File, f.Line, f.Column, f.Path = filepath.ToSlash(at.File), at.Line, at.Column, at.Path
	sum := uint64(fnvOffset64)
	for _, part := range [...]string{r.ID, f.Cluster, f.ResourceID, cl.fingerprintFile, f.Pool, h.At.Path} {
		sum = fnvPart(sum, part)
	}
	f.Fingerprint = strconv.FormatUint(sum, 16)
	return f
}

// sortFindings sorts through an index and permutes in place: a Finding is
// too large to swap or copy cheaply.
func sortFindings(fs []Finding) {
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	order := func(i, j int) int {
		a, b := &fs[i], &fs[j]
		return cmp.Or(
			cmp.Compare(a.ClusterIndex, b.ClusterIndex),
			cmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
			cmp.Compare(a.RuleID, b.RuleID),
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Pool, b.Pool),
			cmp.Compare(a.Message, b.Message),
		)
	}
	// Run emits findings cluster by cluster, in cluster order: the stable
	// sort is then a stable sort of each cluster's run, a few findings each.
	grouped := true
	for i := 1; i < len(fs) && grouped; i++ {
		grouped = fs[i-1].ClusterIndex <= fs[i].ClusterIndex
	}
	if grouped {
		for start := 0; start < len(fs); {
			end := start + 1
			for end < len(fs) && fs[end].ClusterIndex == fs[start].ClusterIndex {
				end++
			}
			slices.SortStableFunc(idx[start:end], order)
			start = end
		}
	} else {
		slices.SortStableFunc(idx, order)
	}
	// Apply the permutation cycle by cycle: position i takes fs[idx[i]].
	for i := range idx {
		if idx[i] < 0 {
			continue
		}
		tmp := fs[i]
		j := i
		for {
			k := idx[j]
			idx[j] = -1
			if k == i {
				fs[j] = tmp
				break
			}
			fs[j] = fs[k]
			j = k
		}
	}
}

func summarize(f *Fleet, inputs []string, prod []bool, findings []Finding) []ClusterSummary {
	out := make([]ClusterSummary, 0, len(f.Clusters))
	for i, c := range f.Clusters {
		s := ClusterSummary{
			Name: ClusterName(c), ResourceID: clusterID(c),
			File: filepath.ToSlash(c.Source.File), Line: c.Source.Line, Input: inputs[i],
			Model: ModelName(c), Production: prod[i],
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
	e, ok := netmodel.LookupEngine(netmodel.PolicyEngine(strings.ToLower(string(p))))
	return ok && e.Enforces
}

// fingerprintPath names file relative to the deepest root that holds it: a
// directory root gives the path below it, a file root its base name. A file
// under no root keeps its slash-separated path.
func fingerprintPath(file string, roots []string) string {
	best, bestLen := "", -1
	for _, root := range roots {
		if root == "" || root == "-" {
			continue
		}
		if file == root || filepath.Clean(file) == filepath.Clean(root) {
			return filepath.Base(file)
		}
		rel, err := filepath.Rel(root, file)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
			continue
		}
		if len(root) > bestLen {
			best, bestLen = rel, len(root)
		}
	}
	if bestLen < 0 {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(best)
}

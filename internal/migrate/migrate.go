// Package migrate plans moving an AKS cluster to another networking model:
// Azure CNI Overlay, the Cilium data plane (over Overlay where the cluster
// can get there), or Azure CNI Pod Subnet.
//
// For one normalized cluster and its VNets, Plan chooses the path the facts
// sheet documents (aks-facts.md §7, UPD): already at the target; in place
// (one operation, one-way); staged (for example kubenet → Overlay, then the
// Cilium data plane, never both in one operation); or a new cluster with a
// blue-green cut-over where no in-place path exists. It runs the pre-checks
// each stage needs — each pass, fail or unknown, with the place in the input
// the evidence came from and a hint — and writes the az aks update commands
// in order, the disruption each stage causes (with its source), a rollback
// note, and the address demand before and after (from package ipplan). A pod
// CIDR that fails its checks comes with a proposed one, carved from private
// space clear of the VNet, the service CIDR and the avoided ranges.
//
// Where the sheet lists a contradiction the conservative reading is taken
// and the plan says so in its notes. A value the input lacks is never
// assumed: its check is unknown.
//
// PlanFleet plans many clusters and orders them: production clusters first,
// then those nearest an address or scale limit, then by name; each plan says
// why it is ranked where it is.
//
// Diagnostic codes are listed in codes.go.
package migrate

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// SchemaVersion is the version of the JSON layout of a Fleet.
const SchemaVersion = 1

// Target is where a migration goes.
type Target string

const (
	// ToOverlay is Azure CNI Overlay (the data plane is left as it is).
	ToOverlay Target = "azure-overlay"
	// ToCilium is the Cilium data plane, over Overlay where the cluster's
	// IPAM can move there, else over its current Azure CNI IPAM.
	ToCilium Target = "cilium"
	// ToPodSubnet is Azure CNI Pod Subnet.
	ToPodSubnet Target = "azure-pod-subnet"
)

// Targets lists every target.
func Targets() []Target { return []Target{ToOverlay, ToCilium, ToPodSubnet} }

// ParseTarget reads a target name (case-insensitive; "overlay" and
// "pod-subnet" are accepted for short).
func ParseTarget(s string) (Target, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "azure-overlay", "overlay":
		return ToOverlay, nil
	case "cilium", "azure-overlay-cilium", "overlay-cilium":
		return ToCilium, nil
	case "azure-pod-subnet", "pod-subnet":
		return ToPodSubnet, nil
	}
	return "", fmt.Errorf("unknown migration target %q: want azure-overlay, cilium or azure-pod-subnet", s)
}

// PathKind is the shape of a migration.
type PathKind string

const (
	// AtTarget: nothing to do.
	AtTarget PathKind = "at-target"
	// InPlace: one in-place operation.
	InPlace PathKind = "in-place"
	// Staged: several in-place operations, one after the other.
	Staged PathKind = "staged"
	// NewCluster: no in-place path; build a new cluster and cut over.
	NewCluster PathKind = "new-cluster"
	// Undecided: the cluster's model can't be resolved.
	Undecided PathKind = "undecided"
)

// Status is a pre-check's outcome.
type Status string

const (
	Pass    Status = "pass"
	Fail    Status = "fail"
	Unknown Status = "unknown"
)

// Check is one pre-check.
type Check struct {
	Code  string `json:"code"`
	Title string `json:"title"`
	// Stage is the stage (1-based) the check gates.
	Stage  int    `json:"stage"`
	Status Status `json:"status"`
	// Message states what was found, with the values behind it.
	Message string `json:"message"`
	// Evidence is where the value came from (file and line or JSON path), or
	// the note of the default that filled it in.
	Evidence aks.Origin `json:"evidence"`
	Hint     string     `json:"hint,omitempty"`
	// Source is the facts-sheet code of the requirement.
	Source string `json:"source"`
	// FixedBy is the command (1-based) in the plan that resolves a failed
	// check; 0 when the user must act outside the plan.
	FixedBy int `json:"fixedBy,omitempty"`
}

// Blocking reports whether the check fails and the plan does not fix it.
func (c Check) Blocking() bool { return c.Status == Fail && c.FixedBy == 0 }

// Stage is one migration operation.
type Stage struct {
	N     int    `json:"n"`
	Title string `json:"title"`
	// Kind is ipam, dataplane or new-cluster.
	Kind string `json:"kind"`
	// OneWay: the documented path has no way back.
	OneWay bool   `json:"oneWay"`
	Source string `json:"source"`
}

// Command is one step of the runbook: an az command, or a manual step
// (Manual) for the cut-over of a new cluster.
type Command struct {
	N     int `json:"n"`
	Stage int `json:"stage"`
	// Run is the command line (or, for a manual step, what to do).
	Run    string `json:"run"`
	Manual bool   `json:"manual,omitempty"`
	// Why explains the step.
	Why string `json:"why"`
	// Source is the facts-sheet code behind the step; empty for the
	// manual steps of a cut-over, which no document prescribes.
	Source string `json:"source,omitempty"`
}

// Note is a fact the reader of a plan must know, with its source: a
// disruption to expect, or a conservative reading of a contradiction.
// Source "derived" marks a consequence the plan draws itself.
type Note struct {
	Stage  int    `json:"stage,omitempty"`
	Text   string `json:"text"`
	Source string `json:"source"`
}

// Demand is a cluster's address demand under one model (from ipplan).
type Demand struct {
	Model netmodel.ID `json:"model"`
	// Nodes is the peak node count the demand is sized for (autoscaler
	// maxima plus surge).
	Nodes int `json:"nodes"`
	// NodeSubnetIPs is the node subnet's demand and the smallest prefix holding it.
	NodeSubnetIPs    int64 `json:"nodeSubnetIPs"`
	NodeSubnetPrefix int   `json:"nodeSubnetPrefix"`
	// PodSubnetIPs is the pod subnet's demand (pod-subnet model).
	PodSubnetIPs    int64 `json:"podSubnetIPs,omitempty"`
	PodSubnetPrefix int   `json:"podSubnetPrefix,omitempty"`
	// PodCIDR is the pod CIDR in use (pod-CIDR models), its per-node blocks
	// needed, and the smallest prefix holding them.
	PodCIDR       netip.Prefix `json:"podCIDR,omitzero"`
	PodCIDRBlocks int          `json:"podCIDRBlocks,omitempty"`
	PodCIDRPrefix int          `json:"podCIDRPrefix,omitempty"`
	// VNetIPs is the addresses the model takes from the VNet.
	VNetIPs int64 `json:"vnetIPs"`
}

// Addresses is the address plan around a migration.
type Addresses struct {
	Before Demand `json:"before"`
	After  Demand `json:"after"`
}

// Current is the networking a cluster has today.
type Current struct {
	Model     netmodel.ID           `json:"model,omitempty"`
	Dataplane netmodel.Dataplane    `json:"dataplane,omitempty"`
	Policy    netmodel.PolicyEngine `json:"networkPolicy,omitempty"`
}

// Plan is one cluster's migration plan.
type Plan struct {
	Cluster       string     `json:"cluster"`
	Address       string     `json:"address,omitempty"`
	ResourceGroup string     `json:"resourceGroup,omitempty"`
	Source        aks.Origin `json:"source"`
	Production    bool       `json:"production"`
	From          Current    `json:"from"`
	Target        Target     `json:"target"`
	Path          PathKind   `json:"path"`
	// Summary explains the path in one sentence.
	Summary string  `json:"summary"`
	Stages  []Stage `json:"stages"`
	Checks  []Check `json:"checks"`
	// Blocked: a check fails that the plan's commands don't fix.
	Blocked  bool      `json:"blocked"`
	Commands []Command `json:"commands"`
	// Disruption is what to expect while the commands run.
	Disruption []Note `json:"disruption"`
	Rollback   string `json:"rollback"`
	// Readings are the conservative readings taken where the facts sheet
	// lists a contradiction or a change over time.
	Readings []Note `json:"readings"`
	// ProposedPodCIDR is a pod CIDR that passes the checks, when the one the
	// cluster would use does not.
	ProposedPodCIDR netip.Prefix `json:"proposedPodCIDR,omitzero"`
	Addresses       *Addresses   `json:"addresses,omitempty"`
	// Rank (1-based) and RankReason are set by PlanFleet.
	Rank        int       `json:"rank,omitempty"`
	RankReason  string    `json:"rankReason,omitempty"`
	Headroom    *Headroom `json:"headroom,omitempty"`
	Diagnostics diag.List `json:"diagnostics"`
}

// Options configure planning.
type Options struct {
	Target Target
	// Avoid are ranges a new pod CIDR must not overlap (on-premises, peers).
	Avoid []netip.Prefix
}

// placeholders for values the input doesn't give.
const (
	namePlaceholder = "<cluster-name>"
	rgPlaceholder   = "<resource-group>"
)

// minK8s is the Kubernetes version an IPAM migration to Overlay needs (UPD;
// 2023 docs said 1.22 — the newer, stricter minimum is used).
var minK8s = aks.K8sVersion{Major: 1, Minor: netmodel.OverlayMigrationMinK8sMinor.Value}

// PlanCluster plans one cluster (defaults applied, as the readers return it) with
// the VNets around it (its pools' VNets are found among them).
func PlanCluster(c aks.Cluster, vnets []aks.VNet, opts Options) Plan {
	if len(vnets) > 0 {
		vnets = aks.NewVNetIndex(vnets).VNetsOf(&c)
	}
	b := newBuilder(c, vnets, opts)
	b.plan()
	return b.p
}

// clusterName returns the cluster's literal name, or the placeholder.
func clusterName(c aks.Cluster) string {
	if n, ok := c.Name.Get(); ok && c.Name.State == aks.Set && n != "" && !strings.ContainsAny(n, "[]{}$ ") {
		return n
	}
	return namePlaceholder
}

// resourceGroup reads the resource group from an ARM resource id.
func resourceGroup(id string) string {
	parts := strings.Split(id, "/")
	for i := 0; i+1 < len(parts); i++ {
		if strings.EqualFold(parts[i], "resourceGroups") && parts[i+1] != "" && !strings.ContainsAny(parts[i+1], "[]{}$") {
			return parts[i+1]
		}
	}
	return ""
}

// demandOf summarises an ipplan plan.
func demandOf(p ipplan.Plan) Demand {
	d := Demand{Model: p.Model, Nodes: p.Nodes.Peak,
		NodeSubnetIPs: p.NodeSubnet.RequiredIPs, NodeSubnetPrefix: p.NodeSubnet.MinPrefixLength}
	d.VNetIPs = d.NodeSubnetIPs
	if p.PodSubnet != nil {
		d.PodSubnetIPs, d.PodSubnetPrefix = p.PodSubnet.RequiredIPs, p.PodSubnet.MinPrefixLength
		d.VNetIPs += d.PodSubnetIPs
	}
	if p.PodCIDR != nil {
		d.PodCIDR, d.PodCIDRBlocks, d.PodCIDRPrefix = p.PodCIDR.Given, p.PodCIDR.RequiredBlocks, p.PodCIDR.MinPrefixLength
	}
	return d
}

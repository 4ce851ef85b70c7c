package ipplan

import (
	"fmt"
	"strconv"

	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// limits checks node, pool, pod and engine limits of the catalog.
func (b *builder) limits() {
	p, m := b.p, b.m
	if lim := netmodel.MaxPools; len(b.pools) > lim.Value {
		b.add(diag.Diagnostic{Code: CodeTooManyPools, Severity: diag.Error, Source: lim.Source,
			Message: fmt.Sprintf("%d node pools; a cluster holds at most %d", len(b.pools), lim.Value),
			Hint:    "merge pools or split the cluster"})
	}
	for _, pp := range b.pools {
		b.poolLimits(pp)
	}
	if lim := netmodel.ClusterMaxNodes; p.Nodes > lim.Value {
		b.add(diag.Diagnostic{Code: CodeClusterNodes, Severity: diag.Error, Source: lim.Source,
			Message: fmt.Sprintf("%d nodes at the autoscaler maximum; a cluster holds at most %s", p.Nodes, thousands(int64(lim.Value))),
			Hint:    "split the workload across clusters"})
	} else if q := netmodel.ClusterDefaultNodeLimit; p.Nodes > q.Value {
		b.add(diag.Diagnostic{Code: CodeNodeQuota, Severity: diag.Info, Source: q.Source,
			Message: fmt.Sprintf("%s nodes exceed the default node quota of %s", thousands(int64(p.Nodes)), thousands(int64(q.Value))),
			Hint:    "request a node-limit quota increase through support before scaling past it"})
	}
	if lim := m.MaxNodes; lim.Value < netmodel.ClusterMaxNodes.Value {
		code := CodeModelMaxNodes
		detail := ""
		if m.RouteTablePerNode.Value {
			code = CodeKubenetNodes
			detail = "the Azure route table holds at most 400 routes, one per node; surge nodes need routes too"
		}
		if total := p.Nodes + p.SurgeNodes; total > lim.Value {
			b.add(diag.Diagnostic{Code: code, Severity: diag.Error, Source: lim.Source, Detail: detail,
				Message: fmt.Sprintf("%s: %d nodes with surge; the model supports at most %d", m.ID, total, lim.Value),
				Hint:    "use Azure CNI Overlay for clusters over 400 nodes (CA)"})
		}
	}
	if lim := netmodel.NodeSubnetMaxIPs; m.PodSource.Value == netmodel.FromNodeSubnet && p.NodeSubnet.RequiredIPs > int64(lim.Value) {
		b.add(diag.Diagnostic{Code: CodeIPLimit, Severity: diag.Error, Source: lim.Source,
			Message: fmt.Sprintf("%s: %s node-subnet addresses exceed the documented limit of %s IPs", m.ID, thousands(p.NodeSubnet.RequiredIPs), thousands(int64(lim.Value))),
			Hint:    "use Azure CNI Overlay or Pod Subnet, or lower max pods"})
	}
	if lim := netmodel.OverlayMaxPods; m.ID == netmodel.AzureOverlay && p.Pods > int64(lim.Value) {
		b.add(diag.Diagnostic{Code: CodePodScale, Severity: diag.Warning, Source: lim.Source,
			Message: fmt.Sprintf("%s: %s pods exceed the documented %s pods per cluster", m.ID, thousands(p.Pods), thousands(int64(lim.Value))),
			Detail:  "PLANPOD says 250,000, LARGE 200,000; the lower figure is used",
			Hint:    "nodes and pods per node are separate limits; plan fewer pods per node or split the cluster"})
	}
	b.engine()
	if r := m.Retires; r != nil {
		b.add(diag.Diagnostic{Code: CodeRetiring, Severity: diag.Warning, Source: r.Source,
			Message: fmt.Sprintf("%s retires on %s", m.ID, r.Value),
			Hint:    m.Recommended.Value})
	}
}

func (b *builder) poolLimits(pp PoolPlan) {
	m := b.m
	if lim := netmodel.PoolMaxNodes; pp.MaxNodes > lim.Value {
		b.add(diag.Diagnostic{Code: CodePoolNodes, Severity: diag.Error, Source: lim.Source, Path: pp.Name,
			Message: fmt.Sprintf("pool %s: %d nodes; a pool holds at most %s", pp.Name, pp.MaxNodes, thousands(int64(lim.Value))),
			Hint:    "split the pool"})
	} else if pp.MaxNodes+pp.SurgeNodes > lim.Value {
		b.add(diag.Diagnostic{Code: CodePoolSurgeNodes, Severity: diag.Error, Source: "SURGE", Path: pp.Name,
			Message: fmt.Sprintf("pool %s: %d nodes plus %d surge exceed %s; the upgrade is rejected", pp.Name, pp.MaxNodes, pp.SurgeNodes, thousands(int64(lim.Value))),
			Hint:    "lower the pool's maximum or its max surge"})
	}
	lo, hi := netmodel.MinPodsLimit, netmodel.MaxPodsLimit
	if pp.MaxPods < lo.Value || pp.MaxPods > hi.Value {
		b.add(diag.Diagnostic{Code: CodeMaxPodsRange, Severity: diag.Error, Source: hi.Source, Path: pp.Name,
			Message: fmt.Sprintf("pool %s: max pods %d is outside %d–%d", pp.Name, pp.MaxPods, lo.Value, hi.Value),
			Hint:    "choose max pods between 10 and 250"})
	}
	if min := netmodel.MinPodsPerPool; pp.MaxPods < min.Value && pp.Nodes*pp.MaxPods < min.Value {
		need := (min.Value + pp.MaxPods - 1) / max(pp.MaxPods, 1)
		b.add(diag.Diagnostic{Code: CodePoolMinPods, Severity: diag.Error, Source: min.Source, Path: pp.Name,
			Message: fmt.Sprintf("pool %s: %d nodes × %d max pods leave room for %d pods; every pool needs room for %d", pp.Name, pp.Nodes, pp.MaxPods, pp.Nodes*pp.MaxPods, min.Value),
			Hint:    fmt.Sprintf("give the pool at least %d nodes, or raise max pods", need)})
	}
	if pp.OS == "windows" {
		switch {
		case m.Windows.Value == netmodel.Unsupported:
			b.add(diag.Diagnostic{Code: CodeWindowsUnsupported, Severity: diag.Error, Source: m.Windows.Source, Path: pp.Name,
				Message: fmt.Sprintf("pool %s: %s does not support Windows nodes", pp.Name, m.ID),
				Hint:    "use Azure CNI Overlay or Pod Subnet for Windows pools"})
		case b.p.Dataplane == netmodel.DataplaneCilium:
			w := netmodel.CiliumDataplane.Windows
			b.add(diag.Diagnostic{Code: CodeWindowsUnsupported, Severity: diag.Error, Source: w.Source, Path: pp.Name,
				Message: fmt.Sprintf("pool %s: the cilium data plane does not support Windows nodes", pp.Name),
				Hint:    "use the azure data plane, or move Windows workloads to another cluster"})
		}
		if lim := netmodel.WindowsMaxPodsRecommended; pp.MaxPods > lim.Value {
			b.add(diag.Diagnostic{Code: CodeWindowsMaxPods, Severity: diag.Warning, Source: lim.Source, Path: pp.Name,
				Message: fmt.Sprintf("pool %s: max pods %d on Windows is above the recommended %d", pp.Name, pp.MaxPods, lim.Value),
				Hint:    "give Windows pools max pods " + strconv.Itoa(lim.Value) + " or fewer"})
		}
	}
}

func (b *builder) engine() {
	p, m := b.p, b.m
	if p.Dataplane == netmodel.DataplaneCilium {
		ok := false
		for _, id := range netmodel.CiliumDataplane.Models.Value {
			ok = ok || id == m.ID
		}
		if !ok {
			b.add(diag.Diagnostic{Code: CodePolicyUnsupported, Severity: diag.Error, Source: netmodel.CiliumDataplane.Models.Source,
				Message: fmt.Sprintf("%s: the cilium data plane runs only over Azure CNI (overlay, pod subnet, node subnet)", m.ID),
				Hint:    "choose an Azure CNI model, or the azure data plane"})
		}
	}
	e, ok := netmodel.LookupEngine(p.Policy)
	if !ok {
		b.add(diag.Diagnostic{Code: CodePolicyUnsupported, Severity: diag.Error,
			Message: fmt.Sprintf("unknown network policy engine %q", p.Policy), Hint: "use none, azure, calico or cilium"})
		return
	}
	dp := p.Dataplane
	if works, why := e.WorksWith(m.ID, dp); !works {
		b.add(diag.Diagnostic{Code: CodePolicyUnsupported, Severity: diag.Error, Source: e.Models.Source,
			Message: fmt.Sprintf("%s: %s", m.ID, why), Hint: "choose another network policy engine or model"})
	}
	if e.ID == netmodel.PolicyAzure {
		if int64(p.Nodes) > int64(e.MaxNodes.Value) || p.Pods > int64(e.MaxPods.Value) {
			b.add(diag.Diagnostic{Code: CodeNPMScale, Severity: diag.Warning, Source: e.MaxNodes.Source,
				Message: fmt.Sprintf("%s: Azure NPM supports %d nodes and %s pods; the plan has %s nodes and %s pods", m.ID, e.MaxNodes.Value, thousands(int64(e.MaxPods.Value)), thousands(int64(p.Nodes)), thousands(p.Pods)),
				Hint:    "use Cilium network policy"})
		}
		if r := e.RetiresLinux; r != nil {
			b.add(diag.Diagnostic{Code: CodeRetiring, Severity: diag.Warning, Source: r.Source,
				Message: fmt.Sprintf("Azure NPM retires on Linux on %s and on Windows on %s", r.Value, e.RetiresWindows.Value),
				Hint:    "migrate to Cilium network policy (NPM2CIL)"})
		}
	}
}

package ipplan

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// FromCluster builds a planning request from a normalized cluster (after
// aks.ApplyDefaults, so that absent values carry their defaults): the model,
// allocation, data plane and policy; each pool's count, autoscaler maximum,
// maxPods, maxSurge and OS; the node and pod subnets when every pool agrees on
// one; the pod CIDR, service CIDR, DNS service IP and private-cluster flag.
//
// A value that can't be resolved is never guessed: it yields an info
// diagnostic (PLAN032) at the value's origin, and the request leaves it out
// (a pool whose count or maxPods is unknown is left out entirely).
func FromCluster(c aks.Cluster) (Request, diag.List) {
	ds := diag.List{}
	req := fromCluster(&c, &ds)
	return req, ds
}

// ClusterRequest is FromCluster's request without its diagnostics, for
// callers that only want the numbers (the audit): the same code, with the
// messages never built.
func ClusterRequest(c *aks.Cluster) Request { return fromCluster(c, nil) }

// fromCluster is FromCluster, adding its diagnostics to ds unless ds is nil.
func fromCluster(c *aks.Cluster, ds *diag.List) Request {
	var req Request
	unknown := func(what string, o aks.Origin) {
		if ds == nil {
			return
		}
		if o.File == "" && o.Path == "" {
			// A value derived from others (the model from the plugin) has no
			// place of its own: point at the cluster's definition.
			o.File, o.Line, o.Column, o.Path = c.Source.File, c.Source.Line, c.Source.Column, c.Source.Path
		}
		d := diag.Diagnostic{Code: CodeUnknownValue, Severity: diag.Info,
			Message: what + " can't be resolved; the plan leaves it out",
			Detail:  o.Note, File: o.File, Line: o.Line, Column: o.Column, Path: o.Path,
			Hint: "give the value literally or plan with flags"}
		ds.Add(d)
	}
	n := &c.Network
	if id, ok := n.Model.Get(); ok {
		req.Choice.Model = id
	} else if n.Model.State == aks.Unknown {
		o := n.Model.Origin
		for _, from := range []aks.Origin{n.Plugin.Origin, n.PluginMode.Origin} {
			if o.File == "" && o.Path == "" && (from.File != "" || from.Path != "") {
				o.File, o.Line, o.Column, o.Path = from.File, from.Line, from.Column, from.Path
			}
		}
		unknown("the networking model", o)
	}
	req.Choice.Dataplane = n.Dataplane.Or("")
	req.Choice.Policy = n.Policy.Or("")
	if v := &n.PodCIDR; v.Known() {
		req.PodCIDR = v.V
	} else if v.State == aks.Unknown {
		unknown("podCidr", v.Origin)
	}
	if v := &n.ServiceCIDR; v.Known() {
		req.ServiceCIDR = v.V
	} else if v.State == aks.Unknown {
		unknown("serviceCidr", v.Origin)
	}
	if v := &n.DNSServiceIP; v.Known() {
		req.DNSServiceIP = v.V
	} else if v.State == aks.Unknown {
		unknown("dnsServiceIP", v.Origin)
	}
	if v := &c.APIServer.Private; v.Known() {
		req.PrivateCluster = v.V
	} else if v.State == aks.Unknown {
		unknown("enablePrivateCluster", v.Origin)
	}

	var subnetBuf, podSubnetBuf [1]netip.Prefix // pools usually share one of each
	subnets, podSubnets := subnetBuf[:0], podSubnetBuf[:0]
	subnetUnknown, podSubnetUnknown := false, false
	for i := range c.Pools {
		np := &c.Pools[i]
		name := np.Name.Or("")
		label := "a pool"
		if name != "" && ds != nil {
			label = "pool " + name
		}
		count, okCount := np.Count.Get()
		maxPods, okPods := np.MaxPods.Get()
		if !okCount {
			unknown(label+": count", np.Count.Origin)
		}
		if !okPods && np.MaxPods.State == aks.Unknown {
			unknown(label+": maxPods", np.MaxPods.Origin)
		}
		if !okCount || np.MaxPods.State == aks.Unknown {
			continue
		}
		// Values AKS defaults are left to the planner, which applies the same
		// defaults and lists them in the plan.
		if np.MaxPods.State == aks.Defaulted {
			maxPods = 0
		}
		p := Pool{Name: name, Nodes: count, MaxPods: maxPods, OS: lowerOS(np.OS.Or(""))}
		if np.AutoScaling.Or(false) {
			if mx, ok := np.MaxCount.Get(); ok {
				p.MaxNodes = max(mx, count)
			} else if np.MaxCount.State == aks.Unknown {
				unknown(label+": maxCount", np.MaxCount.Origin)
			}
		}
		if s, ok := np.MaxSurge.Get(); ok && s != "" && np.MaxSurge.State == aks.Set {
			if sg, err := ParseSurge(s); err == nil {
				p.MaxSurge = &sg
			} else if ds != nil {
				o := np.MaxSurge.Origin
				ds.Add(diag.Diagnostic{Code: CodeUnknownValue, Severity: diag.Info,
					Message: fmt.Sprintf("%s: maxSurge %q is not a node count or percentage; the default 10%% is used", label, s),
					File:    o.File, Line: o.Line, Column: o.Column, Path: o.Path, Source: "SPEC"})
			}
		} else if np.MaxSurge.State == aks.Unknown {
			unknown(label+": maxSurge (the default 10% is used)", np.MaxSurge.Origin)
		}
		if req.Pools == nil {
			req.Pools = make([]Pool, 0, len(c.Pools))
		}
		req.Pools = append(req.Pools, p)

		switch v := &np.Subnet; {
		case v.Known():
			subnets = appendUnique(subnets, v.V)
		case v.State == aks.Unknown || np.SubnetID.State == aks.Unknown:
			subnetUnknown = true
			unknown(label+": node subnet", v.Origin)
		}
		switch v := &np.PodSubnet; {
		case v.Known():
			podSubnets = appendUnique(podSubnets, v.V)
		case v.State == aks.Unknown || np.PodSubnetID.State == aks.Unknown:
			podSubnetUnknown = true
			unknown(label+": pod subnet", v.Origin)
		}
		if a, ok := np.PodIPAllocation.Get(); ok && req.Choice.Allocation == "" {
			req.Choice.Allocation = a
		}
	}
	if req.Choice.Model != netmodel.AzurePodSubnet {
		req.Choice.Allocation = ""
	}
	req.NodeSubnet = single(subnets, subnetUnknown, "node subnets", c.Source, ds)
	req.PodSubnet = single(podSubnets, podSubnetUnknown, "pod subnets", c.Source, ds)
	return req
}

// lowerOS is strings.ToLower(os) without allocating for the usual spellings.
// The length check keeps the match to ASCII: every non-ASCII rune that
// folds to an ASCII letter takes more than one byte.
func lowerOS(os string) string {
	for _, w := range [...]string{"linux", "windows"} {
		if len(os) == len(w) && strings.EqualFold(os, w) {
			return w
		}
	}
	return strings.ToLower(os)
}

func appendUnique(ps []netip.Prefix, p netip.Prefix) []netip.Prefix {
	for _, q := range ps {
		if q == p {
			return ps
		}
	}
	return append(ps, p)
}

// single returns the one prefix every pool shares, or the zero prefix with an
// info diagnostic when the pools use several (each subnet then holds only
// its own pools, which a cluster-wide plan can't check); no diagnostic when
// ds is nil.
func single(ps []netip.Prefix, unknown bool, what string, at aks.Origin, ds *diag.List) netip.Prefix {
	if len(ps) == 1 && !unknown {
		return ps[0]
	}
	if len(ps) > 1 && ds != nil {
		var s []string
		for _, p := range ps {
			s = append(s, p.String())
		}
		ds.Add(diag.Diagnostic{Code: CodeUnknownValue, Severity: diag.Info,
			Message: fmt.Sprintf("the pools use %d %s (%s); the plan sizes the cluster's demand without checking a single subnet", len(ps), what, strings.Join(s, ", ")),
			Hint:    "plan each subnet's pools separately",
			File:    at.File, Line: at.Line, Column: at.Column, Path: at.Path})
	}
	return netip.Prefix{}
}

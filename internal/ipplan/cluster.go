package ipplan

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// FromCluster adapts a normalized cluster into a Request: its model, data
// plane and policy engine; its pools with count, autoscaler maximum, max
// pods, max surge and OS; the first pool's subnet and pod subnet; the pod
// CIDR, service CIDR and DNS service IP; private-cluster mode.
//
// Values that are absent are left for the planner's defaults; values that
// can't be resolved (State Unknown) become info diagnostics carrying their
// origin and are never guessed. Defaulted values are used as they are. When
// the model is unknown, Choice.Model is empty: ComputeAll still applies.
func FromCluster(c aks.Cluster) (Request, diag.List) {
	var req Request
	ds := diag.List{}
	unknown := func(what string, o aks.Origin) {
		d := diag.Diagnostic{Code: CodeUnknownValue, Severity: diag.Info,
			Message: fmt.Sprintf("%s can't be resolved; the plan uses the default instead", what),
			Detail:  o.Note, File: o.File, Line: o.Line, Column: o.Column, Path: o.Path,
			Hint: "give the value literally, or plan with explicit flags"}
		if d.Detail == "" {
			d.Detail = "the input sets it by an expression or reference that can't be resolved"
		}
		ds.Add(d)
	}
	n := c.Network
	if id, ok := n.Model.Get(); ok {
		req.Choice.Model = id
	} else if n.Model.State == aks.Unknown {
		unknown("the networking model", n.Model.Origin)
	}
	if dp, ok := n.Dataplane.Get(); ok {
		req.Choice.Dataplane = dp
	} else if n.Dataplane.State == aks.Unknown {
		unknown("networkDataplane", n.Dataplane.Origin)
	}
	if pe, ok := n.Policy.Get(); ok {
		req.Choice.Policy = pe
	} else if n.Policy.State == aks.Unknown {
		unknown("networkPolicy", n.Policy.Origin)
	}
	req.PodCIDR = prefixValue(n.PodCIDR, "podCidr", unknown)
	req.ServiceCIDR = prefixValue(n.ServiceCIDR, "serviceCidr", unknown)
	if a, ok := n.DNSServiceIP.Get(); ok {
		req.DNSServiceIP = a
	} else if n.DNSServiceIP.State == aks.Unknown {
		unknown("dnsServiceIP", n.DNSServiceIP.Origin)
	}
	if v, ok := c.APIServer.Private.Get(); ok {
		req.PrivateCluster = v
	} else if c.APIServer.Private.State == aks.Unknown {
		unknown("enablePrivateCluster", c.APIServer.Private.Origin)
	}

	for i, np := range c.Pools {
		name, _ := np.Name.Get()
		if name == "" {
			name = fmt.Sprintf("nodepool%d", i+1)
		}
		what := func(field string) string { return "pool " + name + ": " + field }
		p := Pool{Name: name}
		if v, ok := np.Count.Get(); ok {
			p.Nodes = v
		} else if np.Count.State == aks.Unknown {
			unknown(what("count"), np.Count.Origin)
		}
		if np.AutoScaling.Or(false) {
			if v, ok := np.MaxCount.Get(); ok {
				p.MaxNodes = max(v, p.Nodes)
			} else if np.MaxCount.State == aks.Unknown {
				unknown(what("maxCount"), np.MaxCount.Origin)
			}
		} else if np.AutoScaling.State == aks.Unknown {
			unknown(what("enableAutoScaling"), np.AutoScaling.Origin)
		}
		if v, ok := np.MaxPods.Get(); ok {
			p.MaxPods = v
		} else if np.MaxPods.State == aks.Unknown {
			unknown(what("maxPods"), np.MaxPods.Origin)
		}
		if v, ok := np.MaxSurge.Get(); ok && strings.TrimSpace(v) != "" {
			s, err := ParseSurge(v)
			if err != nil {
				o := np.MaxSurge.Origin
				ds.Add(diag.Diagnostic{Code: CodeBadValue, Severity: diag.Error,
					Message: what(err.Error()), File: o.File, Line: o.Line, Column: o.Column, Path: o.Path,
					Hint: "maxSurge is a node count such as 1 or a percentage such as 33%"})
			} else {
				p.MaxSurge = &s
			}
		} else if np.MaxSurge.State == aks.Unknown {
			unknown(what("maxSurge"), np.MaxSurge.Origin)
		}
		if v, ok := np.OS.Get(); ok {
			p.OS = strings.ToLower(v)
		} else if np.OS.State == aks.Unknown {
			unknown(what("osType"), np.OS.Origin)
		}
		if a, ok := np.PodIPAllocation.Get(); ok && req.Choice.Allocation == "" {
			req.Choice.Allocation = a
		}
		sub := prefixValue(np.Subnet, what("subnet"), unknown)
		pod := prefixValue(np.PodSubnet, what("pod subnet"), unknown)
		if i == 0 {
			req.NodeSubnet, req.PodSubnet = sub, pod
		} else if (sub.IsValid() && sub != req.NodeSubnet) || (pod.IsValid() && pod != req.PodSubnet) {
			ds.Add(diag.Diagnostic{Code: CodeSubnetVaries, Severity: diag.Info, Path: name,
				File: np.Source.File, Line: np.Source.Line, Column: np.Source.Column,
				Message: fmt.Sprintf("pool %s uses a different subnet; the plan sizes the first pool's subnet for all pools", name),
				Hint:    "plan each subnet's pools separately for exact per-subnet figures"})
		}
		req.Pools = append(req.Pools, p)
	}
	if req.Choice.Model == netmodel.AzurePodSubnet && req.Choice.Allocation == "" {
		req.Choice.Allocation = netmodel.Dynamic
	}
	return req, ds
}

func prefixValue(v aks.Value[netip.Prefix], what string, unknown func(string, aks.Origin)) netip.Prefix {
	if p, ok := v.Get(); ok {
		return p
	}
	if v.State == aks.Unknown {
		unknown(what, v.Origin)
	}
	return netip.Prefix{}
}

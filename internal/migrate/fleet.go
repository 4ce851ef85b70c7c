package migrate

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// Headroom is how close a cluster is to its nearest address or scale limit,
// at its autoscaler maxima plus upgrade surge.
type Headroom struct {
	// Limit names the limit, e.g. "kubenet node limit".
	Limit string `json:"limit"`
	// Used and Capacity are in the limit's unit (nodes, addresses, /24 blocks).
	Used     int64  `json:"used"`
	Capacity int64  `json:"capacity"`
	Unit     string `json:"unit"`
	// Percent is Used × 100 / Capacity, rounded down.
	Percent int    `json:"percent"`
	Source  string `json:"source"`
}

// HeadroomOf returns the nearest limit of a planner result: the model's own
// node limit (kubenet's 400) and the cluster's, the node subnet, the pod
// subnet and the pod CIDR when the input gives them. It reports false when
// the plan has no pools.
func HeadroomOf(p ipplan.Plan) (Headroom, bool) {
	if len(p.Pools) == 0 {
		return Headroom{}, false
	}
	var best Headroom
	found := false
	consider := func(limit, unit, source string, used, capacity int64) {
		if capacity <= 0 {
			return
		}
		h := Headroom{Limit: limit, Used: used, Capacity: capacity, Unit: unit, Source: source,
			Percent: int(min(used*100/capacity, 1<<30))}
		if !found || h.Percent > best.Percent {
			best, found = h, true
		}
	}
	if m, ok := netmodel.Lookup(p.Model); ok {
		consider(string(p.Model)+" node limit", "nodes", m.MaxNodes.Source, int64(p.Nodes.Max), int64(m.MaxNodes.Value))
	}
	if f := p.NodeSubnet.Fits; f != nil {
		consider("node subnet "+p.NodeSubnet.Given.String(), "addresses", "IPPLAN", p.NodeSubnet.RequiredIPs, p.NodeSubnet.Usable)
	}
	if n := p.PodSubnet; n != nil && n.Fits != nil {
		consider("pod subnet "+n.Given.String(), "addresses", "PODSUB", n.RequiredIPs, n.Usable)
	}
	if n := p.PodCIDR; n != nil && n.NodesSupported != nil {
		src := "OVL"
		if p.Model == netmodel.Kubenet {
			src = "KUB"
		}
		consider("pod CIDR "+n.Given.String(), "/24 blocks", src, int64(n.RequiredBlocks), int64(*n.NodesSupported))
	}
	return best, found
}

// Fleet is the plans for many clusters, in priority order.
type Fleet struct {
	SchemaVersion int    `json:"schemaVersion"`
	Target        Target `json:"target"`
	Plans         []Plan `json:"plans"`
	// Counts are the plans per path.
	Counts map[PathKind]int `json:"counts"`
	// Blocked counts the plans with a check that fails and no fix in the plan.
	Blocked int `json:"blocked"`
	// Diagnostics are the readers' diagnostics and every plan's, in order.
	Diagnostics diag.List `json:"diagnostics"`
}

// FleetOptions configure PlanFleet.
type FleetOptions struct {
	Options
	// Prod marks production clusters; nil means audit.DefaultProdTags.
	Prod audit.ProdTags
}

// PlanFleet plans every cluster of docs (VNets from every document) and
// orders the plans: production first; then nearest to an address or scale
// limit (highest share used); then clusters with nothing to do last; then
// by name and input. Each plan's RankReason says why.
func PlanFleet(docs []aks.Document, opts FleetOptions) Fleet {
	prod := opts.Prod
	if prod == nil {
		prod = audit.DefaultProdTags()
	}
	var vnets []aks.VNet
	f := Fleet{SchemaVersion: SchemaVersion, Target: opts.Target, Plans: []Plan{}, Counts: map[PathKind]int{}, Diagnostics: diag.List{}}
	for _, d := range docs {
		vnets = append(vnets, d.VNets...)
		f.Diagnostics = append(f.Diagnostics, d.Diagnostics...)
	}
	idx := aks.NewVNetIndex(vnets)
	for _, d := range docs {
		for _, c := range d.Clusters {
			if !defaulted(c) {
				c.Pools = slices.Clone(c.Pools)
				aks.ApplyDefaults(&c)
			}
			b := newBuilder(c, idx.VNetsOf(&c), opts.Options)
			b.plan()
			p := b.p
			p.Production = prod.IsProduction(&c)
			if req, _ := ipplan.FromCluster(c); len(req.Pools) > 0 && len(req.Pools) == len(c.Pools) {
				if m, ok := c.Network.Model.Get(); ok {
					req.Choice.Model = m
					pl := ipplan.Compute(req)
					if c.Network.PodCIDR.State == aks.Unknown {
						// The planner sized the default; the real one is unknown.
						pl.PodCIDR = nil
					}
					if h, ok := HeadroomOf(pl); ok {
						p.Headroom = &h
					}
				}
			}
			f.Plans = append(f.Plans, p)
		}
	}
	slices.SortStableFunc(f.Plans, comparePlans)
	for i := range f.Plans {
		p := &f.Plans[i]
		p.Rank = i + 1
		p.RankReason = rankReason(p)
		f.Counts[p.Path]++
		if p.Blocked {
			f.Blocked++
		}
		f.Diagnostics = append(f.Diagnostics, p.Diagnostics...)
	}
	return f
}

// defaulted reports whether the readers already applied the defaults (they
// always do); a hand-built cluster gets them here.
func defaulted(c aks.Cluster) bool {
	return c.Network.Policy.State != aks.Absent && c.Network.ServiceCIDR.State != aks.Absent
}

func headroomPercent(p *Plan) int {
	if p.Headroom == nil {
		return -1
	}
	return p.Headroom.Percent
}

func comparePlans(a, b Plan) int {
	atTarget := func(p Plan) int {
		if p.Path == AtTarget {
			return 1
		}
		return 0
	}
	prodFirst := func(p Plan) int {
		if p.Production {
			return 0
		}
		return 1
	}
	return cmp.Or(
		cmp.Compare(atTarget(a), atTarget(b)),
		cmp.Compare(prodFirst(a), prodFirst(b)),
		cmp.Compare(headroomPercent(&b), headroomPercent(&a)),
		cmp.Compare(a.Cluster, b.Cluster),
		cmp.Compare(a.Source.File, b.Source.File),
		cmp.Compare(a.Source.Line, b.Source.Line),
		cmp.Compare(a.Address, b.Address),
	)
}

func rankReason(p *Plan) string {
	var s string
	if p.Path == AtTarget {
		s = "nothing to do (already at the target), so last; "
	}
	if p.Production {
		s += "production (tagged)"
	} else {
		s += "not production"
	}
	if h := p.Headroom; h != nil {
		s += fmt.Sprintf("; nearest limit: %s, %d of %d %s used (%d%%, %s)", h.Limit, h.Used, h.Capacity, h.Unit, h.Percent, h.Source)
	} else {
		s += "; headroom unknown (the model or node counts can't be resolved), ranked after known headroom"
	}
	return s
}

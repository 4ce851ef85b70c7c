package audit

import (
	"cmp"
	"math"
	"path/filepath"
	"slices"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// KPIs summarise the fleet; every report carries them.
type KPIs struct {
	Clusters int `json:"clusters"`
	// ClustersPerModel counts clusters per model id ("unknown" when unresolved).
	ClustersPerModel map[string]int `json:"clustersPerModel"`
	// Production counts clusters whose tags mark them as production.
	Production int `json:"production"`
	// ProductionNotOnKubenet counts production clusters on a model other
	// than kubenet; ProductionNotOnKubenetPercent is its share (nil when the
	// fleet has no production cluster).
	ProductionNotOnKubenet        int      `json:"productionNotOnKubenet"`
	ProductionNotOnKubenetPercent *float64 `json:"productionNotOnKubenetPercent"`
	// WithPolicyEngine counts clusters with a network policy engine (azure,
	// calico or cilium; "none" is no engine).
	WithPolicyEngine        int      `json:"withPolicyEngine"`
	WithPolicyEnginePercent *float64 `json:"withPolicyEnginePercent"`
	// SubnetHeadroom is each address space's spare room at autoscaler
	// maximum plus surge, where the planner could size it.
	SubnetHeadroom []Headroom `json:"subnetHeadroom"`
	// Kubenet lists clusters still on kubenet with the days to retirement.
	Kubenet []KubenetCluster `json:"kubenet"`
}

// Headroom is the spare capacity of one address space of one cluster.
type Headroom struct {
	Cluster string `json:"cluster"`
	// ClusterIndex is the cluster's index in Report.Clusters.
	ClusterIndex int `json:"clusterIndex"`
	// Space is node-subnet, pod-subnet or pod-cidr.
	Space string `json:"space"`
	Given string `json:"given"`
	// Capacity and Required are addresses for subnets and nodes for a pod CIDR.
	Capacity int64 `json:"capacity"`
	Required int64 `json:"required"`
	// Headroom is Capacity − Required (negative when it does not fit).
	Headroom int64 `json:"headroom"`
	// Percent is Headroom as a share of Capacity.
	Percent float64 `json:"percent"`
	// Unit is "addresses" or "nodes".
	Unit string `json:"unit"`
}

// KubenetCluster is a cluster still on kubenet.
type KubenetCluster struct {
	Cluster    string `json:"cluster"`
	File       string `json:"file,omitempty"`
	Production bool   `json:"production"`
	Retires    string `json:"retires"`
	// DaysLeft counts days from the run date to retirement (negative after).
	DaysLeft int `json:"daysLeft"`
}

func percent(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	p := math.Round(float64(n)*1000/float64(of)) / 10
	return &p
}

// computeKPIs summarises the fleet; prod says which clusters are production.
func computeKPIs(f *Fleet, prod []bool) KPIs {
	k := KPIs{ClustersPerModel: map[string]int{}, SubnetHeadroom: []Headroom{}, Kubenet: []KubenetCluster{}}
	retires, daysLeft := netmodel.KubenetRetires.Value.String(), netmodel.KubenetRetires.Value.DaysFrom(f.Now)
	for i, c := range f.Clusters {
		k.Clusters++
		model := ModelName(c)
		k.ClustersPerModel[model]++
		if prod[i] {
			k.Production++
			if model != string(netmodel.Kubenet) {
				k.ProductionNotOnKubenet++
			}
		}
		if HasPolicyEngine(c) {
			k.WithPolicyEngine++
		}
		if model == string(netmodel.Kubenet) {
			k.Kubenet = append(k.Kubenet, KubenetCluster{
				Cluster: ClusterName(c), File: filepath.ToSlash(c.Source.File), Production: prod[i],
				Retires: retires, DaysLeft: daysLeft,
			})
		}
		if f.Capacity != nil {
			k.SubnetHeadroom = appendHeadrooms(k.SubnetHeadroom, i, c, f.capacityAt(i))
		}
	}
	k.ProductionNotOnKubenetPercent = percent(k.ProductionNotOnKubenet, k.Production)
	k.WithPolicyEnginePercent = percent(k.WithPolicyEngine, k.Clusters)
	// Both lists are built in cluster order, which is mostly their order
	// already: sort only when it is not.
	byCluster := func(a, b KubenetCluster) int {
		return cmp.Or(cmp.Compare(a.Cluster, b.Cluster), cmp.Compare(a.File, b.File))
	}
	if !slices.IsSortedFunc(k.Kubenet, byCluster) {
		slices.SortStableFunc(k.Kubenet, byCluster)
	}
	bySpace := func(a, b Headroom) int {
		return cmp.Or(cmp.Compare(a.ClusterIndex, b.ClusterIndex), cmp.Compare(a.Space, b.Space))
	}
	if !slices.IsSortedFunc(k.SubnetHeadroom, bySpace) {
		slices.SortStableFunc(k.SubnetHeadroom, bySpace)
	}
	return k
}

// appendHeadrooms appends the headroom of each address space of cluster i
// that the planner could size.
func appendHeadrooms(out []Headroom, i int, c *aks.Cluster, capy Capacity) []Headroom {
	name := ""
	add := func(space string, n *SubnetNeed) {
		if n == nil || n.Fits == nil || n.Usable == 0 {
			return
		}
		if name == "" {
			name = ClusterName(c)
		}
		out = append(out, Headroom{
			Cluster: name, ClusterIndex: i, Space: space, Given: n.Given.String(),
			Capacity: n.Usable, Required: n.Required, Headroom: n.Usable - n.Required,
			Percent: math.Round(float64(n.Usable-n.Required)*1000/float64(n.Usable)) / 10,
			Unit:    "addresses",
		})
	}
	add("node-subnet", capy.NodeSubnet)
	add("pod-subnet", capy.PodSubnet)
	if p := capy.PodCIDR; p != nil && p.NodesSupported != nil && *p.NodesSupported > 0 {
		have, need := int64(*p.NodesSupported), int64(p.RequiredBlocks)
		out = append(out, Headroom{
			Cluster: ClusterName(c), ClusterIndex: i, Space: "pod-cidr", Given: p.Given.String(),
			Capacity: have, Required: need, Headroom: have - need,
			Percent: math.Round(float64(have-need)*1000/float64(have)) / 10,
			Unit:    "nodes",
		})
	}
	return out
}

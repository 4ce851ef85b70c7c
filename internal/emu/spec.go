package emu

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/sim"
)

// MinNodes is the smallest lab: the default matrix names node2.
const MinNodes = 2

// MaxNodes bounds a lab so that bring-up stays quick and bounded.
const MaxNodes = 8

// OutboundTypes are the outbound types the lab realises; the user-assigned
// NAT gateway has the managed one's data path in the simulator, and the lab
// realises it the same way.
func OutboundTypes() []string {
	return []string{sim.OutboundLoadBalancer, sim.OutboundManagedNAT, sim.OutboundUserAssignedNAT, sim.OutboundUDR, sim.OutboundNone, sim.OutboundBlock}
}

// ErrUnsupported reports that the lab cannot run on this OS.
var ErrUnsupported = errors.New("the lab needs Linux network namespaces")

// BuildError carries the simulator's diagnostics for a spec it rejects.
type BuildError struct{ Diags diag.List }

func (e *BuildError) Error() string {
	return fmt.Sprintf("the topology cannot be built: %d error(s)", e.Diags.Count(diag.Error))
}

// Check validates a spec's ranges and names before anything is built.
func (s Spec) Check() error {
	if _, err := netmodel.ParseModel(s.Model); err != nil {
		return fmt.Errorf("--model: %w", err)
	}
	if s.Allocation != "" {
		if _, err := netmodel.ParseAllocation(s.Allocation); err != nil {
			return fmt.Errorf("--allocation: %w", err)
		}
	}
	if s.Dataplane != "" {
		if _, err := netmodel.ParseDataplane(s.Dataplane); err != nil {
			return fmt.Errorf("data plane: %w", err)
		}
	}
	if s.NetworkPolicy != "" {
		if _, err := netmodel.ParsePolicy(s.NetworkPolicy); err != nil {
			return fmt.Errorf("network policy: %w", err)
		}
	}
	if s.MaxPods < 0 {
		return fmt.Errorf("maxPods %d is negative", s.MaxPods)
	}
	for _, p := range []struct {
		name string
		p    netip.Prefix
	}{{"VNet", s.VNet}, {"node subnet", s.NodeSubnet}, {"pod subnet", s.PodSubnet}, {"pod CIDR", s.PodCIDR}, {"service CIDR", s.ServiceCIDR}, {"peered VNet", s.Peered}} {
		if p.p.IsValid() && !p.p.Addr().Is4() {
			return fmt.Errorf("%s %s: the lab is IPv4-only", p.name, p.p)
		}
	}
	if !slices.Contains(OutboundTypes(), s.OutboundType) {
		return fmt.Errorf("--outbound %q: the lab realises %v", s.OutboundType, OutboundTypes())
	}
	for _, r := range s.NSG {
		if _, err := sim.ParseNSGRule(r); err != nil {
			return fmt.Errorf("--nsg: %w", err)
		}
	}
	if s.Nodes < MinNodes || s.Nodes > MaxNodes {
		return fmt.Errorf("--nodes %d: the lab runs %d to %d nodes", s.Nodes, MinNodes, MaxNodes)
	}
	if s.PodsPerNode < len(sim.PodNames) || s.PodsPerNode > sim.MaxPodsPerNode {
		return fmt.Errorf("--pods-per-node %d: the lab runs %d to %d pods per node", s.PodsPerNode, len(sim.PodNames), sim.MaxPodsPerNode)
	}
	return nil
}

// AllEndpoints names every endpoint of t in trace syntax: pods, nodes, the
// VM, peered, on-premises and internet hosts, then (with services) the
// ClusterIP services.
func AllEndpoints(t *sim.Topology, services bool) []string {
	var out []string
	for _, h := range t.Hosts {
		switch h.Kind {
		case sim.KindPod:
			out = append(out, "pod:"+h.Name)
		case sim.KindNode:
			out = append(out, "node:"+h.Name)
		case sim.KindVM, sim.KindPeered, sim.KindOnPrem, sim.KindInternet:
			out = append(out, h.Kind)
		}
	}
	for _, s := range t.Services {
		if services {
			out = append(out, "service:"+s.Name)
		}
	}
	return out
}

// Options returns the simulator options the spec describes.
func (s Spec) Options() (sim.Options, error) {
	if err := s.Check(); err != nil {
		return sim.Options{}, err
	}
	c, _ := netmodel.ParseModel(s.Model) // checked above, as are the others
	if c.Model == netmodel.AzurePodSubnet && s.Allocation != "" {
		c.Allocation, _ = netmodel.ParseAllocation(s.Allocation)
	}
	if s.Dataplane != "" {
		c.Dataplane, _ = netmodel.ParseDataplane(s.Dataplane)
	}
	if s.NetworkPolicy != "" {
		c.Policy, _ = netmodel.ParsePolicy(s.NetworkPolicy)
	}
	o := sim.Options{Choice: c, OutboundType: s.OutboundType, Nodes: s.Nodes, PodsPerNode: s.PodsPerNode, MaxPods: s.MaxPods,
		VNet: s.VNet, NodeSubnet: s.NodeSubnet, PodSubnet: s.PodSubnet, PodCIDR: s.PodCIDR, ServiceCIDR: s.ServiceCIDR, Peered: s.Peered}
	for _, r := range s.NSG {
		nr, _ := sim.ParseNSGRule(r)
		o.NSGRules = append(o.NSGRules, nr)
	}
	return o, nil
}

// SpecFor records simulator options o (as sim.FromCluster derives them from
// a cluster definition) in a spec, with the lab's own node and pod counts
// and NSG rules. The spec's Options give back o's choice and ranges, so a
// lab built from it is the topology aksnet trace builds from the same
// definition. On-premises ranges are not recorded: the lab always uses the
// simulator's default, as trace does unless told otherwise.
func SpecFor(o sim.Options, nodes, podsPerNode int, nsg []string) Spec {
	s := Spec{Model: string(o.Choice.Model), Dataplane: string(o.Choice.Dataplane), NetworkPolicy: string(o.Choice.Policy),
		OutboundType: o.OutboundType, Nodes: nodes, PodsPerNode: podsPerNode, MaxPods: o.MaxPods, NSG: nsg,
		VNet: o.VNet, NodeSubnet: o.NodeSubnet, PodSubnet: o.PodSubnet, PodCIDR: o.PodCIDR, ServiceCIDR: o.ServiceCIDR, Peered: o.Peered}
	if o.Choice.Model == netmodel.AzurePodSubnet {
		s.Allocation = string(o.Choice.Allocation)
	}
	if s.OutboundType == "" {
		s.OutboundType = sim.OutboundLoadBalancer // as sim.Build defaults it
	}
	return s
}

// Topology builds the simulator topology the spec describes.
func (s Spec) Topology() (*sim.Topology, error) {
	o, err := s.Options()
	if err != nil {
		return nil, err
	}
	t, ds := sim.Build(o)
	if ds.HasErrors() {
		return nil, &BuildError{Diags: ds}
	}
	return t, nil
}

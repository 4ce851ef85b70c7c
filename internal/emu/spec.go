package emu

import (
	"errors"
	"fmt"
	"slices"

	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/sim"
)

// MinNodes is the smallest lab: the default matrix names node2.
const MinNodes = 2

// MaxNodes bounds a lab so that bring-up stays quick and bounded.
const MaxNodes = 8

// OutboundTypes are the outbound types the lab realises (the
// user-assigned NAT gateway has the managed one's data path).
func OutboundTypes() []string {
	return []string{sim.OutboundLoadBalancer, sim.OutboundManagedNAT, sim.OutboundUDR, sim.OutboundNone, sim.OutboundBlock}
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

// Topology builds the simulator topology the spec describes.
func (s Spec) Topology() (*sim.Topology, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	c, _ := netmodel.ParseModel(s.Model)
	if c.Model == netmodel.AzurePodSubnet && s.Allocation != "" {
		c.Allocation, _ = netmodel.ParseAllocation(s.Allocation)
	}
	o := sim.Options{Choice: c, OutboundType: s.OutboundType, Nodes: s.Nodes, PodsPerNode: s.PodsPerNode}
	for _, r := range s.NSG {
		nr, _ := sim.ParseNSGRule(r) // checked above
		o.NSGRules = append(o.NSGRules, nr)
	}
	t, ds := sim.Build(o)
	if ds.HasErrors() {
		return nil, &BuildError{Diags: ds}
	}
	return t, nil
}

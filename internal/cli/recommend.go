package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/recommend"
	"github.com/aksnet/aksnet/internal/render"
)

const recommendLong = `Rank every AKS networking model against your requirements.

Hard requirements exclude a model, naming the constraint and the catalog fact
that rule it out; preferences add or subtract points, each reason citing its
fact's source code. Describe the cluster with --nodes or --pool to check the
node limits at autoscaler maximum plus surge, and the VNet with --vnet and
--used (or --vnets FILE) to weigh how much of its free space each model's
subnets take, sized by the planner.

Exit status is 0 when at least one model fits and 1 when every model is
excluded.`

const recommendExample = `  aksnet recommend --pod-ip-visible --windows
  aksnet recommend --network-policy cilium --l7-policy --nodes 3 --max-nodes 600
  aksnet recommend --pool name=sys,nodes=3 --pool name=user,nodes=10,max=200 \
      --vnet 10.20.0.0/20 --used 10.20.0.0/24 --egress restricted -o json`

type recommendFlags struct {
	output           outputFlag
	cluster          clusterFlags
	space            spaceFlags
	podIPVisible     bool
	inboundToPods    bool
	windows          bool
	virtualNodes     bool
	dualStack        bool
	networkPolicy    string
	egress           string
	latencySensitive bool
	l7Policy         bool
}

func newRecommendCmd(d *deps) *cobra.Command {
	f := &recommendFlags{}
	cmd := &cobra.Command{
		Use:     "recommend",
		Short:   "Rank the networking models against your requirements, with reasons",
		Long:    recommendLong,
		Example: recommendExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := f.output.get()
			if err != nil {
				return err
			}
			c, fit, err := f.constraints(cmd, d)
			if err != nil {
				return err
			}
			res, err := recommend.Recommend(c)
			if err != nil {
				return usageErrorf("--network-policy: %w", err)
			}
			view := render.RecommendView{Result: res, Address: fit, MaxNodes: c.MaxNodes}
			out := d.streams.Out
			switch format {
			case "json":
				err = render.RecommendJSON(out, view)
			case "markdown":
				err = render.RecommendMarkdown(out, view)
			default:
				err = render.RecommendText(out, view)
			}
			if err != nil {
				return internalErr(fmt.Errorf("writing recommendation: %w", err))
			}
			if len(res.Ranking) == 0 {
				return findings()
			}
			return nil
		},
	}
	addOutputFlag(cmd, &f.output, "table", "json", "markdown")
	fl := cmd.Flags()
	fl.BoolVar(&f.podIPVisible, "pod-ip-visible", false, "destinations (VNet, peered, on-premises) must see pod IPs")
	fl.BoolVar(&f.inboundToPods, "inbound-to-pods", false, "on-premises or VNet hosts must reach pods directly")
	fl.BoolVar(&f.windows, "windows", false, "Windows node pools are needed")
	fl.BoolVar(&f.virtualNodes, "virtual-nodes", false, "virtual nodes (ACI) are needed")
	fl.BoolVar(&f.dualStack, "dual-stack", false, "IPv4 and IPv6 (dual-stack) are needed")
	fl.StringVar(&f.networkPolicy, "network-policy", "", "network policy needed: any|azure|calico|cilium")
	fl.StringVar(&f.egress, "egress", "", "egress: restricted (through a firewall that should attribute traffic)")
	fl.BoolVar(&f.latencySensitive, "latency-sensitive", false, "prefer models without extra hops")
	fl.BoolVar(&f.l7Policy, "l7-policy", false, "FQDN or L7 network policy is needed")
	complete(cmd, "network-policy", "any", "azure", "calico", "cilium")
	complete(cmd, "egress", "restricted")
	addClusterFlags(cmd, &f.cluster, clusterFlagSet{allocation: true}, "")
	addSpaceFlags(cmd, &f.space)
	return cmd
}

// poolsGiven reports whether the cluster flags describe pools.
func (f *recommendFlags) poolsGiven(cmd *cobra.Command) bool {
	return len(f.cluster.pools) > 0 || slices.ContainsFunc([]string{"nodes", "max-nodes", "max-pods", "max-surge", "os", "pod-ip-allocation"}, cmd.Flags().Changed)
}

func (f *recommendFlags) constraints(cmd *cobra.Command, d *deps) (recommend.Constraints, *render.AddressView, error) {
	c := recommend.Constraints{PodIPVisible: f.podIPVisible, InboundToPods: f.inboundToPods, Windows: f.windows,
		VirtualNodes: f.virtualNodes, DualStack: f.dualStack, LatencySensitive: f.latencySensitive, L7Policy: f.l7Policy}
	switch p := strings.ToLower(f.networkPolicy); p {
	case "", "any":
		c.NetworkPolicy = p
	default:
		pe, err := netmodel.ParsePolicy(p)
		if err != nil || pe == netmodel.PolicyNone {
			return c, nil, usageErrorf("--network-policy %q: want any, azure, calico or cilium", f.networkPolicy)
		}
		c.NetworkPolicy = string(pe)
	}
	switch strings.ToLower(f.egress) {
	case "":
	case "restricted":
		c.EgressRestricted = true
	default:
		return c, nil, usageErrorf("--egress %q: the only value is restricted", f.egress)
	}
	if !f.poolsGiven(cmd) {
		if f.space.given() {
			return c, nil, usageErrorf("weighing the VNet's free space needs the cluster: give --nodes or --pool")
		}
		return c, nil, nil
	}
	req, _, err := f.cluster.request(cmd, false)
	if err != nil {
		return c, nil, err
	}
	plans := ipplan.ComputeAll(req)
	for _, p := range plans {
		c.MaxNodes = max(c.MaxNodes, p.Nodes.Peak)
	}
	if !f.space.given() {
		return c, nil, nil
	}
	sp, err := f.space.read(d.streams.In)
	if err != nil {
		return c, nil, err
	}
	fit := &recommend.AddressFit{Free: ipplan.FreeAddresses(sp.VNets, slices.Concat(sp.Used, sp.Peers, sp.Avoid)),
		Need: map[netmodel.ID]int64{}}
	view := &render.AddressView{VNets: sp.VNets, Free: fit.Free}
	for _, p := range plans {
		fit.Need[p.Model] = ipplan.VNetAddresses(p)
		view.Models = append(view.Models, render.AddressNeed{Model: p.Model, NodeSubnet: p.NodeSubnet.MinPrefixLength,
			PodSubnet: podSubnetBits(p), Addresses: fit.Need[p.Model]})
	}
	c.Address = fit
	return c, view, nil
}

func podSubnetBits(p ipplan.Plan) int {
	if p.PodSubnet == nil {
		return 0
	}
	return p.PodSubnet.MinPrefixLength
}

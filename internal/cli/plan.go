package cli

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/spf13/cobra"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/render"
)

type planFlags struct {
	output      outputFlag
	model       string
	allocation  string
	dataplane   string
	policy      string
	pools       []string
	nodes       int
	maxNodes    int
	maxPods     int
	maxSurge    string
	ilbs        int
	private     bool
	nodeSubnet  string
	podSubnet   string
	podCIDR     string
	serviceCIDR string
	dnsIP       string
	vnets       []string
	avoid       []string
}

const planLong = `Plan the addresses an AKS cluster needs under each networking model.

For every model (or the one given with --model) plan prints the addresses the
node subnet needs (nodes at the autoscaler maximum plus upgrade surge, plus pod
IPs where the model takes them from the node subnet, plus internal load-balancer
and private-endpoint IPs) and the smallest prefix that holds them after Azure's
5 reserved addresses; the pod subnet's needs for Azure CNI Pod Subnet (dynamic
batches of 16, or static /28 blocks); the pod CIDR for kubenet and overlay
(a /24 per node); and, for the ranges you give, how many nodes they hold.

It checks every documented limit, the ranges AKS forbids, and overlaps among
the subnets, pod CIDR, service CIDR, VNets and --avoid ranges, and reports all
problems at once. Defaults it applies are listed. A plan with an error exits 1.`

const planExample = `  aksnet plan --model azure-node-subnet --nodes 50 --max-pods 30 --max-surge 1
  aksnet plan --nodes 20 --max-nodes 100 --node-subnet 10.240.0.0/22 --pod-cidr 10.244.0.0/16
  aksnet plan --model azure-pod-subnet --pod-ip-allocation static-block --pool name=sys,nodes=3,max-pods=31 --pool name=apps,nodes=10,max=50,surge=33%
  aksnet plan --model cilium --nodes 300 --vnet 10.0.0.0/8 --avoid 192.168.0.0/16 -o json`

func newPlanCmd(d *deps) *cobra.Command {
	var f planFlags
	cmd := &cobra.Command{
		Use:     "plan",
		Short:   "Plan subnet, pod-subnet and pod-CIDR sizes per networking model",
		Long:    planLong,
		Example: planExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out, err := f.output.get()
			if err != nil {
				return err
			}
			req, all, err := f.request(cmd)
			if err != nil {
				return err
			}
			var plans []ipplan.Plan
			if all {
				plans = ipplan.ComputeAll(req)
			} else {
				plans = []ipplan.Plan{ipplan.Compute(req)}
			}
			switch out {
			case "json":
				err = render.PlanJSON(d.streams.Out, plans)
			case "markdown":
				err = render.PlanMarkdown(d.streams.Out, plans)
			default:
				err = render.PlanText(d.streams.Out, plans)
			}
			if err != nil {
				return internalErr(fmt.Errorf("writing plan: %w", err))
			}
			for _, p := range plans {
				if p.Diagnostics.HasErrors() {
					return findings()
				}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	addOutputFlag(cmd, &f.output, "table", "json", "markdown")
	fl.StringVar(&f.model, "model", "", "networking model: kubenet, azure-node-subnet, azure-pod-subnet, azure-overlay, none, or cilium (overlay with the cilium data plane); default: every model side by side")
	fl.StringVar(&f.allocation, "pod-ip-allocation", "", "azure-pod-subnet IP allocation: dynamic or static-block (default dynamic)")
	fl.StringVar(&f.dataplane, "network-dataplane", "", "data plane: azure or cilium (default azure; cilium with --model cilium)")
	fl.StringVar(&f.policy, "network-policy", "", "network policy engine: none, azure, calico or cilium (default none)")
	fl.StringArrayVar(&f.pools, "pool", nil, "node pool as name=sys,nodes=3,max=10,max-pods=110,surge=33%,os=linux (repeatable)")
	fl.IntVar(&f.nodes, "nodes", 0, "single-pool shorthand: node count")
	fl.IntVar(&f.maxNodes, "max-nodes", 0, "single-pool shorthand: autoscaler maximum (default --nodes)")
	fl.IntVar(&f.maxPods, "max-pods", 0, "single-pool shorthand: max pods per node (default: the model's)")
	fl.StringVar(&f.maxSurge, "max-surge", "", "single-pool shorthand: upgrade max surge, N nodes or N% (default 10%)")
	fl.IntVar(&f.ilbs, "ilbs", 0, "internal load-balancer frontend IPs taken from the node subnet")
	fl.BoolVar(&f.private, "private-cluster", false, "private cluster: the API server endpoint takes an IP in the node subnet")
	fl.StringVar(&f.nodeSubnet, "node-subnet", "", "node subnet CIDR to check and fill")
	fl.StringVar(&f.podSubnet, "pod-subnet", "", "pod subnet CIDR (azure-pod-subnet)")
	fl.StringVar(&f.podCIDR, "pod-cidr", "", "pod CIDR (kubenet, overlay, none; default 10.244.0.0/16)")
	fl.StringVar(&f.serviceCIDR, "service-cidr", "", "service CIDR (default 10.0.0.0/16)")
	fl.StringVar(&f.dnsIP, "dns-service-ip", "", "DNS service IP (default 10.0.0.10 with the default service CIDR)")
	fl.StringArrayVar(&f.vnets, "vnet", nil, "VNet address space CIDR (repeatable)")
	fl.StringArrayVar(&f.avoid, "avoid", nil, "CIDR the cluster must not overlap: peered VNets, on-premises, other clusters (repeatable)")
	_ = cmd.RegisterFlagCompletionFunc("model", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var ids []string
		for _, id := range netmodel.IDs() {
			ids = append(ids, string(id))
		}
		return append(ids, "cilium"), cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("pod-ip-allocation", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{string(netmodel.Dynamic), string(netmodel.StaticBlock)}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// request turns the flags into a planner request, collecting every flag
// problem into one usage error. all is true when no --model was given.
func (f *planFlags) request(cmd *cobra.Command) (ipplan.Request, bool, error) {
	var req ipplan.Request
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	changed := cmd.Flags().Changed

	all := f.model == ""
	if !all {
		c, err := netmodel.ParseModel(f.model)
		if err != nil {
			bad("invalid --model: %w", err)
		}
		req.Choice = c
	}
	if f.allocation != "" {
		a, err := netmodel.ParseAllocation(f.allocation)
		switch {
		case err != nil:
			bad("invalid --pod-ip-allocation: %w", err)
		case !all && req.Choice.Model != "" && req.Choice.Model != netmodel.AzurePodSubnet:
			bad("--pod-ip-allocation applies only to azure-pod-subnet, not %s", req.Choice.Model)
		default:
			req.Choice.Allocation = a
		}
	}
	if f.dataplane != "" {
		dp, err := netmodel.ParseDataplane(f.dataplane)
		if err != nil {
			bad("invalid --network-dataplane: %w", err)
		}
		req.Choice.Dataplane = dp
	}
	if f.policy != "" {
		pe, err := netmodel.ParsePolicy(f.policy)
		if err != nil {
			bad("invalid --network-policy: %w", err)
		}
		req.Choice.Policy = pe
	}

	shorthand := changed("nodes") || changed("max-nodes") || changed("max-pods") || changed("max-surge")
	switch {
	case len(f.pools) > 0 && shorthand:
		bad("--pool cannot be combined with --nodes, --max-nodes, --max-pods or --max-surge; put those in the --pool value")
	case len(f.pools) > 0:
		for _, s := range f.pools {
			p, err := ipplan.ParsePool(s)
			if err != nil {
				bad("invalid --pool: %w", err)
				continue
			}
			req.Pools = append(req.Pools, p)
		}
	case !changed("nodes") && !changed("max-nodes"):
		bad("give --nodes N (with optional --max-nodes, --max-pods, --max-surge) or one or more --pool name=...,nodes=N")
	default:
		p := ipplan.Pool{Nodes: f.nodes, MaxNodes: f.maxNodes, MaxPods: f.maxPods}
		if !changed("nodes") {
			p.Nodes = f.maxNodes
		}
		switch {
		case p.Nodes < 0:
			bad("invalid --nodes %d: must not be negative", p.Nodes)
		case f.maxNodes < 0:
			bad("invalid --max-nodes %d: must not be negative", f.maxNodes)
		case changed("max-nodes") && f.maxNodes < p.Nodes:
			bad("invalid --max-nodes %d: below --nodes %d", f.maxNodes, p.Nodes)
		case changed("max-pods") && f.maxPods <= 0:
			bad("invalid --max-pods %d: must be at least 1", f.maxPods)
		case p.Nodes > 1<<20 || f.maxNodes > 1<<20 || f.maxPods > 1<<20:
			bad("--nodes, --max-nodes and --max-pods must be at most %d", 1<<20)
		}
		if changed("max-surge") {
			s, err := ipplan.ParseSurge(f.maxSurge)
			if err != nil {
				bad("invalid --max-surge: %w", err)
			}
			p.MaxSurge = &s
		}
		req.Pools = []ipplan.Pool{p}
	}
	if f.ilbs < 0 {
		bad("invalid --ilbs %d: must not be negative", f.ilbs)
	}
	req.ILBs, req.PrivateCluster = f.ilbs, f.private

	prefix := func(flag, v string) netip.Prefix {
		if v == "" {
			return netip.Prefix{}
		}
		p, err := azaddr.ParsePrefix(v)
		if err != nil {
			bad("invalid --%s: %w", flag, err)
		}
		return p
	}
	req.NodeSubnet = prefix("node-subnet", f.nodeSubnet)
	req.PodSubnet = prefix("pod-subnet", f.podSubnet)
	req.PodCIDR = prefix("pod-cidr", f.podCIDR)
	req.ServiceCIDR = prefix("service-cidr", f.serviceCIDR)
	for _, v := range f.vnets {
		if p := prefix("vnet", v); p.IsValid() {
			req.VNets = append(req.VNets, p)
		}
	}
	for _, v := range f.avoid {
		if p := prefix("avoid", v); p.IsValid() {
			req.Avoid = append(req.Avoid, p)
		}
	}
	if f.dnsIP != "" {
		a, err := netip.ParseAddr(f.dnsIP)
		if err != nil || a.Zone() != "" {
			bad("invalid --dns-service-ip %q: want an IP address such as 10.0.0.10", f.dnsIP)
		}
		req.DNSServiceIP = a
	}
	if len(errs) > 0 {
		return req, all, usageErrorf("%w\nRun 'aksnet plan --help' for usage.", errors.Join(errs...))
	}
	return req, all, nil
}

package cli

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/render"
)

const planLong = `Plan the addresses an AKS cluster needs under each networking model.

For every model (or the one given with --model) aksnet computes the node
subnet's demand — nodes at the autoscaler maximum plus upgrade surge, pod IPs
where the model puts them in the node subnet, internal load-balancer frontends
and the private cluster's API endpoint — and the smallest prefix that holds it
after Azure's 5 reserved addresses; the pod subnet's demand for
azure-pod-subnet (dynamic batches of 16, or static /28 blocks); and the pod
CIDR for kubenet and azure-overlay (one /24 per node, surge included). Given
subnets or a pod CIDR are checked, with the most nodes they hold, along with
every limit, forbidden range and overlap. Defaults applied are listed.

Describe the pools with --pool (repeatable) or, for one pool, with --nodes,
--max-nodes, --max-pods and --max-surge.

Exit status is 1 when any plan has an error diagnostic.`

const planExample = `  aksnet plan --model azure-node-subnet --nodes 50 --max-pods 30 --max-surge 1
  aksnet plan --nodes 3 --max-nodes 20
  aksnet plan --pool name=sys,nodes=3,max=5 --pool name=user,nodes=10,max=100,max-pods=50,surge=33% \
      --vnet 10.10.0.0/16 --node-subnet 10.10.0.0/22 --avoid 10.0.0.0/8 -o json
  aksnet plan --model azure-pod-subnet --pod-ip-allocation static-block --nodes 10 --max-pods 32`

type planFlags struct {
	output     outputFlag
	model      string
	allocation string
	policy     string
	pools      []string
	nodes      int
	maxNodes   int
	maxPods    int
	maxSurge   string
	os         string
	ilbs       int
	private    bool
	nodeSubnet string
	podSubnet  string
	podCIDR    string
	svcCIDR    string
	dnsIP      string
	vnets      []string
	avoid      []string
}

func newPlanCmd(d *deps) *cobra.Command {
	f := &planFlags{}
	cmd := &cobra.Command{
		Use:     "plan",
		Short:   "Plan subnets, pod CIDR and limits for each networking model",
		Long:    planLong,
		Example: planExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := f.output.get()
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
			out := d.streams.Out
			switch format {
			case "json":
				err = render.PlanJSON(out, plans)
			case "markdown":
				err = render.PlanMarkdown(out, plans)
			default:
				err = render.PlanText(out, plans)
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
	fl.StringVar(&f.model, "model", "", "networking model: kubenet|azure-node-subnet|azure-pod-subnet|azure-overlay|none|cilium (default: every model side by side)")
	fl.StringVar(&f.allocation, "pod-ip-allocation", "", "azure-pod-subnet allocation: dynamic|static-block (default dynamic)")
	fl.StringVar(&f.policy, "network-policy", "", "network-policy engine: none|azure|calico|cilium (default none; cilium with --model cilium)")
	fl.StringArrayVar(&f.pools, "pool", nil, "node pool `spec`: name=NAME,nodes=N[,max=M][,max-pods=P][,surge=S|S%][,os=linux|windows] (repeatable)")
	fl.IntVar(&f.nodes, "nodes", 0, "single pool: node count")
	fl.IntVar(&f.maxNodes, "max-nodes", 0, "single pool: autoscaler maximum (default --nodes)")
	fl.IntVar(&f.maxPods, "max-pods", 0, "single pool: max pods per node (default: the model's)")
	fl.StringVar(&f.maxSurge, "max-surge", "", "single pool: upgrade max surge, nodes or percent (default 10%)")
	fl.StringVar(&f.os, "os", "", "single pool: linux|windows (default linux)")
	fl.IntVar(&f.ilbs, "ilbs", 0, "internal load-balancer frontend IPs in the node subnet")
	fl.BoolVar(&f.private, "private-cluster", false, "private cluster: the API server endpoint takes an IP in the node subnet")
	fl.StringVar(&f.nodeSubnet, "node-subnet", "", "node subnet CIDR to check")
	fl.StringVar(&f.podSubnet, "pod-subnet", "", "pod subnet CIDR to check (azure-pod-subnet)")
	fl.StringVar(&f.podCIDR, "pod-cidr", "", "pod CIDR (kubenet, azure-overlay, none; default 10.244.0.0/16)")
	fl.StringVar(&f.svcCIDR, "service-cidr", "", "service CIDR (default 10.0.0.0/16)")
	fl.StringVar(&f.dnsIP, "dns-service-ip", "", "DNS service IP (default 10.0.0.10 with the default service CIDR)")
	fl.StringArrayVar(&f.vnets, "vnet", nil, "cluster VNet address space CIDR (repeatable)")
	fl.StringArrayVar(&f.avoid, "avoid", nil, "CIDR the cluster must not overlap: peered VNets, on-premises, other clusters (repeatable)")
	complete := func(name string, vals ...string) {
		_ = cmd.RegisterFlagCompletionFunc(name, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return vals, cobra.ShellCompDirectiveNoFileComp
		})
	}
	complete("model", "kubenet", "azure-node-subnet", "azure-pod-subnet", "azure-overlay", "none", "cilium")
	complete("pod-ip-allocation", "dynamic", "static-block")
	complete("network-policy", "none", "azure", "calico", "cilium")
	complete("os", "linux", "windows")
	return cmd
}

// request turns the flags into a planning request; all reports whether every
// model is to be planned.
func (f *planFlags) request(cmd *cobra.Command) (req ipplan.Request, all bool, err error) {
	if f.model == "" || strings.EqualFold(f.model, "all") {
		all = true
		req.Choice = netmodel.Choice{Dataplane: netmodel.DataplaneAzure, Policy: netmodel.PolicyNone}
	} else if req.Choice, err = netmodel.ParseModel(f.model); err != nil {
		return req, false, usageErrorf("--model: %w", err)
	}
	if f.allocation != "" {
		a, err := netmodel.ParseAllocation(f.allocation)
		if err != nil {
			return req, false, usageErrorf("--pod-ip-allocation: %w", err)
		}
		if !all && req.Choice.Model != netmodel.AzurePodSubnet {
			return req, false, usageErrorf("--pod-ip-allocation applies only to --model azure-pod-subnet")
		}
		req.Choice.Allocation = a
	}
	if f.policy != "" {
		pe, err := netmodel.ParsePolicy(f.policy)
		if err != nil {
			return req, false, usageErrorf("--network-policy: %w", err)
		}
		req.Choice.Policy = pe
	}

	single := false
	for _, name := range []string{"nodes", "max-nodes", "max-pods", "max-surge", "os"} {
		single = single || cmd.Flags().Changed(name)
	}
	switch {
	case single && len(f.pools) > 0:
		return req, false, usageErrorf("use either --pool or the single-pool flags (--nodes, --max-nodes, --max-pods, --max-surge, --os), not both")
	case len(f.pools) > 0:
		for _, s := range f.pools {
			p, err := ipplan.ParsePool(s)
			if err != nil {
				return req, false, usageErrorf("--pool: %w", err)
			}
			req.Pools = append(req.Pools, p)
		}
	case cmd.Flags().Changed("nodes"):
		spec := fmt.Sprintf("name=nodepool1,nodes=%d", f.nodes)
		if f.maxNodes != 0 {
			spec += fmt.Sprintf(",max=%d", f.maxNodes)
		}
		if f.maxPods != 0 {
			spec += fmt.Sprintf(",max-pods=%d", f.maxPods)
		}
		if f.maxSurge != "" {
			spec += ",surge=" + f.maxSurge
		}
		if f.os != "" {
			spec += ",os=" + f.os
		}
		p, err := ipplan.ParsePool(spec)
		if err != nil {
			return req, false, usageErrorf("%s", strings.Replace(err.Error(), "invalid pool "+fmt.Sprintf("%q", spec), "invalid single-pool flags", 1))
		}
		req.Pools = []ipplan.Pool{p}
	default:
		return req, false, usageErrorf("give the node count with --nodes N, or describe pools with --pool name=N,nodes=N")
	}
	if f.ilbs < 0 {
		return req, false, usageErrorf("--ilbs must not be negative")
	}
	req.ILBs, req.PrivateCluster = f.ilbs, f.private

	prefixes := []struct {
		flag, val string
		dst       *netip.Prefix
	}{
		{"--node-subnet", f.nodeSubnet, &req.NodeSubnet},
		{"--pod-subnet", f.podSubnet, &req.PodSubnet},
		{"--pod-cidr", f.podCIDR, &req.PodCIDR},
		{"--service-cidr", f.svcCIDR, &req.ServiceCIDR},
	}
	for _, p := range prefixes {
		if p.val == "" {
			continue
		}
		if *p.dst, err = azaddr.ParsePrefix(p.val); err != nil {
			return req, false, usageErrorf("%s: %w", p.flag, err)
		}
	}
	if f.dnsIP != "" {
		if req.DNSServiceIP, err = netip.ParseAddr(f.dnsIP); err != nil || req.DNSServiceIP.Zone() != "" {
			return req, false, usageErrorf("--dns-service-ip: invalid IP address %q", f.dnsIP)
		}
	}
	for _, l := range []struct {
		flag string
		vals []string
		dst  *[]netip.Prefix
	}{{"--vnet", f.vnets, &req.VNets}, {"--avoid", f.avoid, &req.Avoid}} {
		for _, v := range l.vals {
			p, err := azaddr.ParsePrefix(v)
			if err != nil {
				return req, false, usageErrorf("%s: %w", l.flag, err)
			}
			*l.dst = append(*l.dst, p)
		}
	}
	return req, all, nil
}

package cli

import (
	"fmt"
	"net/netip"

	"github.com/spf13/cobra"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/ipplan"
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
	cluster    clusterFlags
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
	addClusterFlags(cmd, &f.cluster, clusterFlagSet{model: true, policy: true},
		"networking model: kubenet|azure-node-subnet|azure-pod-subnet|azure-overlay|none|cilium (default: every model side by side)")
	fl.StringVar(&f.nodeSubnet, "node-subnet", "", "node subnet CIDR to check")
	fl.StringVar(&f.podSubnet, "pod-subnet", "", "pod subnet CIDR to check (azure-pod-subnet)")
	fl.StringVar(&f.podCIDR, "pod-cidr", "", "pod CIDR (kubenet, azure-overlay, none; default 10.244.0.0/16)")
	fl.StringVar(&f.svcCIDR, "service-cidr", "", "service CIDR (default 10.0.0.0/16)")
	fl.StringVar(&f.dnsIP, "dns-service-ip", "", "DNS service IP (default 10.0.0.10 with the default service CIDR)")
	fl.StringArrayVar(&f.vnets, "vnet", nil, "cluster VNet address space CIDR (repeatable)")
	fl.StringArrayVar(&f.avoid, "avoid", nil, "CIDR the cluster must not overlap: peered VNets, on-premises, other clusters (repeatable)")
	return cmd
}

// request turns the flags into a planning request; all reports whether every
// model is to be planned.
func (f *planFlags) request(cmd *cobra.Command) (req ipplan.Request, all bool, err error) {
	if req, all, err = f.cluster.request(cmd, true); err != nil {
		return req, false, err
	}

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
	if req.VNets, err = parsePrefixes("--vnet", f.vnets); err != nil {
		return req, false, err
	}
	if req.Avoid, err = parsePrefixes("--avoid", f.avoid); err != nil {
		return req, false, err
	}
	return req, all, nil
}

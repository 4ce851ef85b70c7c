package cli

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// clusterFlags are the cluster-shape flags plan, carve and recommend share:
// the networking choice and the node pools.
type clusterFlags struct {
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
	// withModel and withPolicy record which of --model and --network-policy
	// the verb registered.
	withModel, withPolicy bool
}

// clusterFlagSet chooses the optional members of the shared cluster flags.
type clusterFlagSet struct {
	// model registers --model and --pod-ip-allocation.
	model bool
	// allocation registers --pod-ip-allocation alone (for verbs that weigh every model).
	allocation bool
	// policy registers --network-policy as the engine to plan with.
	policy bool
}

// addClusterFlags registers the shared cluster flags on cmd.
func addClusterFlags(cmd *cobra.Command, f *clusterFlags, set clusterFlagSet, modelHelp string) {
	fl := cmd.Flags()
	f.withModel, f.withPolicy = set.model, set.policy
	if set.model {
		fl.StringVar(&f.model, "model", "", modelHelp)
		complete(cmd, "model", "kubenet", "azure-node-subnet", "azure-pod-subnet", "azure-overlay", "none", "cilium")
	}
	if set.model || set.allocation {
		fl.StringVar(&f.allocation, "pod-ip-allocation", "", "azure-pod-subnet allocation: dynamic|static-block (default dynamic)")
		complete(cmd, "pod-ip-allocation", "dynamic", "static-block")
	}
	if set.policy {
		fl.StringVar(&f.policy, "network-policy", "", "network-policy engine: none|azure|calico|cilium (default none; cilium with --model cilium)")
		complete(cmd, "network-policy", "none", "azure", "calico", "cilium")
	}
	fl.StringArrayVar(&f.pools, "pool", nil, "node pool `spec`: name=NAME,nodes=N[,max=M][,max-pods=P][,surge=S|S%][,os=linux|windows] (repeatable)")
	fl.IntVar(&f.nodes, "nodes", 0, "single pool: node count")
	fl.IntVar(&f.maxNodes, "max-nodes", 0, "single pool: autoscaler maximum (default --nodes)")
	fl.IntVar(&f.maxPods, "max-pods", 0, "single pool: max pods per node (default: the model's)")
	fl.StringVar(&f.maxSurge, "max-surge", "", "single pool: upgrade max surge, nodes or percent (default 10%)")
	fl.StringVar(&f.os, "os", "", "single pool: linux|windows (default linux)")
	fl.IntVar(&f.ilbs, "ilbs", 0, "internal load-balancer frontend IPs in the node subnet")
	fl.BoolVar(&f.private, "private-cluster", false, "private cluster: the API server endpoint takes an IP in the node subnet")
	complete(cmd, "os", "linux", "windows")
}

// complete registers fixed completions for a flag.
func complete(cmd *cobra.Command, name string, vals ...string) {
	_ = cmd.RegisterFlagCompletionFunc(name, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return vals, cobra.ShellCompDirectiveNoFileComp
	})
}

// request turns the flags into a planning request. With allowAll an empty
// --model (or "all") means every model and all is true; otherwise --model is
// required when registered.
func (f *clusterFlags) request(cmd *cobra.Command, allowAll bool) (req ipplan.Request, all bool, err error) {
	switch {
	case !f.withModel:
		req.Choice = netmodel.Choice{Dataplane: netmodel.DataplaneAzure, Policy: netmodel.PolicyNone}
	case allowAll && (f.model == "" || strings.EqualFold(f.model, "all")):
		all = true
		req.Choice = netmodel.Choice{Dataplane: netmodel.DataplaneAzure, Policy: netmodel.PolicyNone}
	case f.model == "":
		return req, false, usageErrorf("give the networking model with --model (aksnet recommend ranks them)")
	default:
		if req.Choice, err = netmodel.ParseModel(f.model); err != nil {
			return req, false, usageErrorf("--model: %w", err)
		}
	}
	if f.allocation != "" {
		a, err := netmodel.ParseAllocation(f.allocation)
		if err != nil {
			return req, false, usageErrorf("--pod-ip-allocation: %w", err)
		}
		if f.withModel && !all && req.Choice.Model != netmodel.AzurePodSubnet {
			return req, false, usageErrorf("--pod-ip-allocation applies only to --model azure-pod-subnet")
		}
		req.Choice.Allocation = a
	}
	if f.withPolicy && f.policy != "" {
		pe, err := netmodel.ParsePolicy(f.policy)
		if err != nil {
			return req, false, usageErrorf("--network-policy: %w", err)
		}
		req.Choice.Policy = pe
	}
	if req.Pools, err = f.poolList(cmd); err != nil {
		return req, false, err
	}
	if f.ilbs < 0 {
		return req, false, usageErrorf("--ilbs must not be negative")
	}
	req.ILBs, req.PrivateCluster = f.ilbs, f.private
	return req, all, nil
}

// poolList parses --pool or the single-pool flags.
func (f *clusterFlags) poolList(cmd *cobra.Command) ([]ipplan.Pool, error) {
	single := false
	for _, name := range []string{"nodes", "max-nodes", "max-pods", "max-surge", "os"} {
		single = single || cmd.Flags().Changed(name)
	}
	switch {
	case single && len(f.pools) > 0:
		return nil, usageErrorf("use either --pool or the single-pool flags (--nodes, --max-nodes, --max-pods, --max-surge, --os), not both")
	case len(f.pools) > 0:
		var pools []ipplan.Pool
		for _, s := range f.pools {
			p, err := ipplan.ParsePool(s)
			if err != nil {
				return nil, usageErrorf("--pool: %w", err)
			}
			pools = append(pools, p)
		}
		return pools, nil
	case cmd.Flags().Changed("nodes"):
		spec := fmt.Sprintf("name=nodepool1,nodes=%d", f.nodes)
		if f.maxNodes != 0 {
			spec += fmt.Sprintf(",max=%d", f.maxNodes)
		}
		if cmd.Flags().Changed("max-pods") {
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
			return nil, usageErrorf("%s", strings.Replace(err.Error(), "invalid pool "+fmt.Sprintf("%q", spec), "invalid single-pool flags", 1))
		}
		return []ipplan.Pool{p}, nil
	default:
		return nil, usageErrorf("give the node count with --nodes N, or describe pools with --pool name=N,nodes=N")
	}
}

// parsePrefixes parses each value of a repeatable CIDR flag.
func parsePrefixes(flag string, vals []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, v := range vals {
		p, err := azaddr.ParsePrefix(v)
		if err != nil {
			return nil, usageErrorf("%s: %w", flag, err)
		}
		out = append(out, p)
	}
	return out, nil
}

package cli

import (
	"cmp"
	"fmt"
	"io"
	"net/netip"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/render"
	"github.com/aksnet/aksnet/internal/sim"
	"github.com/aksnet/aksnet/internal/source"
	"github.com/spf13/cobra"
)

type traceFlags struct {
	output      outputFlag
	model       string
	allocation  string
	from, to    string
	vnet        string
	peered      string
	onprem      string
	outbound    string
	nodes       int
	maxPods     int
	podCIDR     string
	serviceCIDR string
	policy      string
	nsg         []string
	reverse     bool
	matrix      bool
	topology    bool
	cluster     string
	clusterName string
}

const traceLong = `Simulate what a networking model does to a packet, offline and
deterministically: every hop with its route lookup, SNAT, DNAT and NSG
decisions, whether the destination is reached, which source address it sees
and whether that address identifies the pod.

Endpoints: pod:web@node1, pod@node2, pod, node:1, node, vm:10.232.0.4, vm,
peered:10.50.0.4, peered, onprem:192.168.0.2, onprem,
internet:203.0.113.10:443, internet, service:api, service. Bare kinds pick
the default topology's host: VNet 10.224.0.0/12 split into four quarters
(node subnet, pod subnet, VM subnet, firewall and gateway subnets), peered
VNet 10.50.0.0/16, on-premises 192.168.0.0/16 behind a VPN/ExpressRoute
gateway, the internet in 203.0.113.0/24 and egress public IPs in
198.51.100.0/24. Each node runs pods web and api; service api is a
ClusterIP whose backend is api on the last node.

--matrix traces every default source to every default destination;
--model all (or a comma list) puts models side by side. --topology prints
the realisable topology with the predicted matrix as JSON (for the lab).

NSG rules (--nsg, repeatable, first match wins) are
ACTION:DIRECTION:SRC:DST[:PORT], e.g. deny:out:*:Internet or
deny:in:10.50.0.0/16:*:443; they apply to the node and pod subnets.`

func newTraceCmd(d *deps) *cobra.Command {
	f := &traceFlags{}
	cmd := &cobra.Command{
		Use:   "trace --model M --from X --to Y",
		Short: "Trace a packet through an AKS networking model's data path",
		Long:  traceLong,
		Example: `  aksnet trace --model kubenet --from pod:web@node1 --to vm
  aksnet trace --model azure-node-subnet --from pod --to onprem:192.168.10.5
  aksnet trace --model azure-pod-subnet --from vm --to pod@node2
  aksnet trace --model all --matrix -o markdown`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runTrace(d, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.model, "model", string(netmodel.AzureOverlay), "networking model: kubenet, azure-node-subnet, azure-pod-subnet, azure-overlay, none, cilium; with --matrix also all or a comma list")
	fl.StringVar(&f.allocation, "allocation", "dynamic", "pod-subnet IP allocation: dynamic or static-block")
	fl.StringVar(&f.cluster, "cluster", "", "simulate the cluster defined in PATH: ARM resource JSON, a Terraform directory or plan JSON, or - for stdin")
	fl.StringVar(&f.clusterName, "cluster-name", "", "with --cluster: the cluster's name or address when the input defines several")
	fl.StringVar(&f.from, "from", "", "source endpoint (see above)")
	fl.StringVar(&f.to, "to", "", "destination endpoint (see above)")
	fl.StringVar(&f.vnet, "vnet", sim.DefaultVNet.String(), "cluster VNet address space")
	fl.StringVar(&f.peered, "peered", sim.DefaultPeered.String(), "peered VNet address space")
	fl.StringVar(&f.onprem, "onprem", sim.DefaultOnPrem.String(), "on-premises network behind the gateway")
	fl.StringVar(&f.outbound, "outbound-type", sim.OutboundLoadBalancer, "outbound type: "+strings.Join(sim.OutboundTypes(), ", "))
	fl.IntVar(&f.nodes, "nodes", sim.DefaultNodes, "number of nodes")
	fl.IntVar(&f.maxPods, "max-pods", 0, "max pods per node (default: the model's default)")
	fl.StringVar(&f.podCIDR, "pod-cidr", "", "pod CIDR for kubenet, overlay and BYO (default 10.244.0.0/16)")
	fl.StringVar(&f.serviceCIDR, "service-cidr", "", "service CIDR (default 10.0.0.0/16)")
	fl.StringVar(&f.policy, "network-policy", "", "network-policy engine: none, azure, calico, cilium (default: the model's)")
	fl.StringArrayVar(&f.nsg, "nsg", nil, "NSG rule ACTION:DIRECTION:SRC:DST[:PORT] (repeatable)")
	fl.BoolVar(&f.reverse, "reverse", false, "swap --from and --to")
	fl.BoolVar(&f.matrix, "matrix", false, "trace every default source to every default destination")
	fl.BoolVar(&f.topology, "topology", false, "print the topology and its predicted matrix as JSON")
	addOutputFlag(cmd, &f.output, "table", "json", "markdown")
	return cmd
}

func runTrace(d *deps, f *traceFlags) error {
	format, err := f.output.get()
	if err != nil {
		return err
	}
	choices, err := traceChoices(f)
	if err != nil {
		return err
	}
	base, err := traceOptions(d.streams.Err, f)
	if err != nil {
		return err
	}
	if f.cluster != "" {
		o, err := clusterOptions(d, f.cluster, f.clusterName)
		if err != nil {
			return err
		}
		o.NSGRules, o.OnPrem = base.NSGRules, base.OnPrem
		if o.Peered == (netip.Prefix{}) {
			o.Peered = base.Peered
		}
		base, choices = o, []netmodel.Choice{o.Choice}
	}
	if !f.matrix && !f.topology && len(choices) != 1 {
		return usageErrorf("--model %s traces several models: add --matrix", f.model)
	}
	var tops []*sim.Topology
	for _, c := range choices {
		o := base
		o.Choice = c
		t, ds := sim.Build(o)
		if ds.HasErrors() {
			return diagError(d.streams.Err, ds)
		}
		tops = append(tops, t)
	}
	out := d.streams.Out
	switch {
	case f.topology:
		if len(tops) != 1 {
			return usageErrorf("--topology needs a single --model")
		}
		ex, err := sim.ExportFor(tops[0])
		if err != nil {
			return internalErr(err)
		}
		return render.JSON(out, ex)
	case f.matrix:
		var ms []sim.Matrix
		for _, t := range tops {
			m, err := t.Matrix(nil, nil)
			if err != nil {
				return usageErrorf("matrix: %w (the default matrix needs at least 2 nodes)", err)
			}
			ms = append(ms, m)
		}
		return renderMatrices(out, format, ms)
	}
	if f.from == "" || f.to == "" {
		return usageErrorf("give --from and --to (or --matrix)")
	}
	from, to := f.from, f.to
	if f.reverse {
		from, to = to, from
	}
	t := tops[0]
	src, err := resolveEndpoint(d.streams.Err, t, from, "--from")
	if err != nil {
		return err
	}
	dst, err := resolveEndpoint(d.streams.Err, t, to, "--to")
	if err != nil {
		return err
	}
	r := t.Trace(src, dst)
	switch format {
	case "json":
		return render.JSON(out, r)
	case "markdown":
		return render.TraceMarkdown(out, r)
	}
	return render.TraceText(out, r)
}

func renderMatrices(out io.Writer, format string, ms []sim.Matrix) error {
	switch format {
	case "json":
		if len(ms) == 1 {
			return render.JSON(out, ms[0])
		}
		return render.JSON(out, struct {
			SchemaVersion int          `json:"schemaVersion"`
			Matrices      []sim.Matrix `json:"matrices"`
		}{1, ms})
	case "markdown":
		t := render.MatricesTable(ms)
		if len(ms) == 1 {
			t = render.MatrixTable(ms[0])
		}
		if err := t.Markdown(out); err != nil {
			return err
		}
		_, err := io.WriteString(out, render.MatrixNotes(ms, true))
		return err
	}
	t := render.MatricesTable(ms)
	if len(ms) == 1 {
		fmt.Fprintf(out, "model %s, outbound %s: seen source per flow (\"(pod)\" = the pod's own IP)\n\n", ms[0].Model, ms[0].OutboundType)
		t = render.MatrixTable(ms[0])
	}
	if err := t.Text(out); err != nil {
		return err
	}
	_, err := io.WriteString(out, render.MatrixNotes(ms, false))
	return err
}

func resolveEndpoint(w io.Writer, t *sim.Topology, s, flag string) (sim.Endpoint, error) {
	sp, err := sim.ParseEndpoint(s)
	if err == nil {
		var e sim.Endpoint
		if e, err = t.Resolve(sp); err == nil {
			return e, nil
		}
	}
	return sim.Endpoint{}, diagError(w, diag.List{{Code: sim.CodeEndpoint, Severity: diag.Error, Path: flag,
		Message: flag + " " + s + ": " + err.Error(), Hint: "endpoints are pod:NAME@NODE, node:N, vm[:IP], peered[:IP], onprem[:IP], internet[:IP[:PORT]] or service:NAME; see --help"}})
}

// traceChoices parses --model (one, a comma list or all) and applies
// --allocation and --network-policy.
func traceChoices(f *traceFlags) ([]netmodel.Choice, error) {
	names := strings.Split(f.model, ",")
	if strings.EqualFold(strings.TrimSpace(f.model), "all") {
		names = []string{"kubenet", "azure-node-subnet", "azure-pod-subnet", "azure-overlay", "cilium", "none"}
	}
	alloc, err := netmodel.ParseAllocation(f.allocation)
	if err != nil {
		return nil, usageErrorf("--allocation: %w", err)
	}
	var out []netmodel.Choice
	for _, n := range names {
		c, err := netmodel.ParseModel(n)
		if err != nil {
			return nil, usageErrorf("--model: %w", err)
		}
		if c.Model == netmodel.AzurePodSubnet {
			c.Allocation = alloc
		}
		if f.policy != "" {
			p, err := netmodel.ParsePolicy(f.policy)
			if err != nil {
				return nil, usageErrorf("--network-policy: %w", err)
			}
			c.Policy = p
		}
		out = append(out, c)
	}
	return out, nil
}

func traceOptions(w io.Writer, f *traceFlags) (sim.Options, error) {
	o := sim.Options{OutboundType: f.outbound, Nodes: f.nodes, MaxPods: f.maxPods}
	for _, p := range []struct {
		flag, v string
		dst     *netip.Prefix
	}{{"--vnet", f.vnet, &o.VNet}, {"--peered", f.peered, &o.Peered}, {"--onprem", f.onprem, &o.OnPrem},
		{"--pod-cidr", f.podCIDR, &o.PodCIDR}, {"--service-cidr", f.serviceCIDR, &o.ServiceCIDR}} {
		if p.v == "" {
			continue
		}
		pr, err := netip.ParsePrefix(p.v)
		if err != nil {
			return o, usageErrorf("%s: %w", p.flag, err)
		}
		*p.dst = pr.Masked()
	}
	for _, s := range f.nsg {
		r, err := sim.ParseNSGRule(s)
		if err != nil {
			return o, diagError(w, diag.List{{Code: sim.CodeNSG, Severity: diag.Error, Path: "--nsg", Message: err.Error(),
				Hint: "write ACTION:DIRECTION:SRC:DST[:PORT], e.g. deny:out:*:Internet or allow:in:10.50.0.0/16:*:443"}})
		}
		o.NSGRules = append(o.NSGRules, r)
	}
	return o, nil
}

// clusterOptions reads --cluster path (any input source.ReadPaths reads:
// ARM resource JSON, Terraform directories, files and plans, "-" for stdin)
// and derives the topology options of the cluster named name (any, when
// the input defines one); diagnostics go to standard error.
func clusterOptions(d *deps, path, name string) (sim.Options, error) {
	w := d.streams.Err
	f := struct{ cluster, clusterName string }{path, name}
	clusterDiag := func(path, msg, hint string) error {
		return diagError(w, diag.List{{Code: sim.CodeCluster, Severity: diag.Error, Path: path, Message: msg, Hint: hint}})
	}
	docs, err := source.ReadPaths([]string{f.cluster}, d.streams.In)
	if err != nil {
		return sim.Options{}, clusterDiag("--cluster", err.Error(), "give ARM resource JSON, a Terraform directory, file or plan JSON, or - for standard input")
	}
	var picked []aks.Cluster
	var vnets []aks.VNet
	var problems, read diag.List
	for _, doc := range docs {
		n := len(picked)
		vnets = append(vnets, doc.VNets...)
		for _, x := range doc.Diagnostics {
			if x.Severity == diag.Error {
				problems = append(problems, x)
			}
		}
		for _, c := range doc.Clusters {
			if f.clusterName == "" || c.Name.V == f.clusterName || c.Address == f.clusterName {
				picked = append(picked, c)
			}
		}
		if len(picked) > n {
			read = append(read, doc.Diagnostics...)
		}
	}
	switch {
	case len(picked) == 0 && len(problems) > 0:
		return sim.Options{}, diagError(w, problems)
	case len(picked) == 0 && f.clusterName == "":
		return sim.Options{}, clusterDiag("--cluster", fmt.Sprintf("--cluster %s defines no AKS cluster", f.cluster),
			"give the file or directory that defines the managed cluster (Microsoft.ContainerService/managedClusters or azurerm_kubernetes_cluster)")
	case len(picked) == 0:
		return sim.Options{}, clusterDiag("--cluster-name", fmt.Sprintf("--cluster %s: no cluster named %s", f.cluster, f.clusterName),
			"aksnet inspect "+f.cluster+" lists the clusters it defines")
	case len(picked) > 1:
		var names []string
		for _, c := range picked {
			names = append(names, cmp.Or(c.Address, c.Name.V))
		}
		return sim.Options{}, clusterDiag("--cluster-name", fmt.Sprintf("--cluster %s defines %d clusters (%s)", f.cluster, len(picked), strings.Join(names, ", ")),
			"choose one with --cluster-name NAME (its name or address)")
	}
	o, ds := sim.FromCluster(picked[0], vnets)
	if ds.HasErrors() {
		return sim.Options{}, diagError(w, append(read, ds...))
	}
	for _, x := range append(read, ds...) { // what reading the cluster's input found comes first
		fmt.Fprintln(w, x.String())
	}
	return o, nil
}

// diagError prints diagnostics to w and returns a usage error.
func diagError(w io.Writer, ds diag.List) error {
	printDiags(w, ds)
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf("%d error(s)", ds.Count(diag.Error))}
}

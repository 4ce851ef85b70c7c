package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/emu"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/sim"
	"github.com/spf13/cobra"
)

const labLong = `Build a simulated topology for real in Linux network namespaces and
send packets through it, to check the simulator's predictions against the
kernel.

Every host (Azure's fabric, nodes, pods, the egress device, a VM, a peered
host, an on-premises host behind its gateway and an internet host in
203.0.113.0/24) becomes a namespace named aksnet-<name>-<host>; segments are
bridges in the lab's own switch namespace. Nothing is created in or changed
in the namespace aksnet runs in, and every probe is bounded in count and
time. The lab stays up until 'aksnet lab down' (which also clears what a
crashed or killed bring-up left, by name prefix).

lab up --cluster FILE builds the cluster FILE defines (ARM resource JSON,
a Terraform directory or plan JSON) exactly as aksnet trace --cluster FILE
simulates it: model, data plane, policy engine, outbound type, maxPods, the
VNet, node and pod subnets, pod and service CIDRs and a peered VNet. lab
probe then checks what aksnet trace --cluster FILE --matrix predicts. The
state file records all of it, so probe needs no file. A cluster's ranges,
whatever they are, exist only inside the lab's namespaces.

Needs root. State files live in /run/aksnet/lab (or $AKSNET_LAB_DIR).`

type labFlags struct {
	name     string
	all      bool
	model    string
	alloc    string
	outbound string
	nodes    int
	pods     int
	nsg      []string
	latency  int
	allPairs bool
	output   outputFlag
	// cluster and clusterName are lab up --cluster and --cluster-name.
	cluster     string
	clusterName string
}

func newLabCmd(d *deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lab",
		Short: "Realise a model in Linux network namespaces and compare real packets with the simulator",
		Long:  labLong,
		Example: `  sudo aksnet lab up --model kubenet --nodes 2
  sudo aksnet lab up --cluster ./infra --cluster-name aks-main
  sudo aksnet lab probe
  sudo aksnet lab probe -o json --latency 20
  sudo aksnet lab status
  sudo aksnet lab down`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newLabUpCmd(d), newLabProbeCmd(d), newLabStatusCmd(d), newLabDownCmd(d))
	return cmd
}

func addNameFlag(cmd *cobra.Command, f *labFlags) {
	cmd.Flags().StringVar(&f.name, "name", emu.DefaultName, "lab name: a lowercase letter and up to 15 lowercase letters or digits")
}

func newLabUpCmd(d *deps) *cobra.Command {
	f := &labFlags{}
	cmd := &cobra.Command{
		Use:   "up [--model M | --cluster FILE]",
		Short: "Build a lab",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := emu.ValidName(f.name); err != nil {
				return labDiag(d.streams.Err, emu.CodeSpec, err.Error(), "for example --name lab1", "--name")
			}
			spec := emu.Spec{Model: f.model, Allocation: f.alloc, OutboundType: f.outbound, Nodes: f.nodes, PodsPerNode: f.pods, NSG: f.nsg}
			if !cmd.Flags().Changed("allocation") {
				spec.Allocation = ""
			}
			if f.cluster != "" {
				var err error
				if spec, err = labClusterSpec(d, f, cmd.Flags().Changed); err != nil {
					return err
				}
			} else if f.clusterName != "" {
				return usageErrorf("--cluster-name needs --cluster")
			}
			if err := spec.Check(); err != nil {
				return labDiag(d.streams.Err, emu.CodeSpec, err.Error(), "see aksnet lab up --help", "")
			}
			// What the simulator can't build is reported before the lab
			// asks for root.
			var be *emu.BuildError
			if _, err := spec.Topology(); errors.As(err, &be) {
				return diagError(d.streams.Err, be.Diags)
			}
			if err := labPreflight(d, f); err != nil {
				return err
			}
			start := time.Now()
			st, plan, err := emu.Up(cmd.Context(), "", f.name, spec)
			switch {
			case errors.As(err, &be):
				return diagError(d.streams.Err, be.Diags)
			case errors.Is(err, emu.ErrExists):
				return labDiag(d.streams.Err, emu.CodeExists, err.Error(), "run aksnet lab down --name "+f.name+" or choose another --name", "--name")
			case err != nil:
				return internalErr(err)
			}
			from := ""
			if st.Spec.Cluster != "" {
				from = "cluster " + st.Spec.Cluster + ", "
			}
			fmt.Fprintf(d.streams.Out, "lab %s up: %smodel %s, outbound %s, %d nodes, %d pods per node: %d namespaces, %d operations in %s\n",
				st.Name, from, labModel(st.Spec), st.Spec.OutboundType, st.Spec.Nodes, st.Spec.PodsPerNode, len(st.Namespaces), len(plan.Ops),
				time.Since(start).Round(time.Millisecond))
			fmt.Fprintf(d.streams.Out, "next: aksnet lab probe --name %s; aksnet lab down --name %s\n", st.Name, st.Name)
			return nil
		},
	}
	addNameFlag(cmd, f)
	fl := cmd.Flags()
	fl.StringVar(&f.model, "model", "azure-overlay", "networking model: kubenet, azure-node-subnet, azure-pod-subnet, azure-overlay, cilium, none")
	fl.StringVar(&f.alloc, "allocation", "dynamic", "pod-subnet IP allocation: dynamic or static-block")
	fl.StringVar(&f.outbound, "outbound", sim.OutboundLoadBalancer, "outbound type: "+strings.Join(emu.OutboundTypes(), ", "))
	fl.IntVar(&f.nodes, "nodes", emu.MinNodes, fmt.Sprintf("number of nodes (%d to %d; with --cluster the cluster's count, at most %d)", emu.MinNodes, emu.MaxNodes, emu.MaxNodes))
	fl.IntVar(&f.pods, "pods-per-node", len(sim.PodNames), fmt.Sprintf("pods per node (%d to %d)", len(sim.PodNames), sim.MaxPodsPerNode))
	fl.StringArrayVar(&f.nsg, "nsg", nil, "NSG rule on the node and pod subnets, ACTION:DIRECTION:SRC:DST[:PORT] as in aksnet trace (repeatable)")
	fl.StringVar(&f.cluster, "cluster", "", "build the cluster `FILE` defines (ARM resource JSON, a Terraform directory or plan JSON, - for stdin) as aksnet trace --cluster simulates it; replaces --model, --allocation and --outbound")
	fl.StringVar(&f.clusterName, "cluster-name", "", "with --cluster: the cluster's name or address when the input defines several")
	return cmd
}

// labClusterSpec derives lab up's spec from --cluster: the simulator
// options aksnet trace --cluster uses, with the lab's node count, pods per
// node and NSG rules. changed reports whether a flag was given.
func labClusterSpec(d *deps, f *labFlags, changed func(string) bool) (emu.Spec, error) {
	for _, fl := range []string{"model", "allocation", "outbound"} {
		if changed(fl) {
			return emu.Spec{}, usageErrorf("--%s and --cluster exclude each other: the cluster defines its %s", fl, fl)
		}
	}
	o, err := clusterOptions(d, f.cluster, f.clusterName)
	if err != nil {
		return emu.Spec{}, err
	}
	nodes := f.nodes
	if !changed("nodes") {
		nodes = min(o.Nodes, emu.MaxNodes)
		if nodes < o.Nodes {
			fmt.Fprintln(d.streams.Err, diag.Diagnostic{Code: emu.CodeNodes, Severity: diag.Info, Path: "--nodes",
				Message: fmt.Sprintf("the cluster simulates %d nodes; the lab runs the first %d", o.Nodes, nodes),
				Hint:    fmt.Sprintf("every node behaves alike; aksnet trace --cluster %s --matrix names the same flows", f.cluster)}.String())
		}
	}
	spec := emu.SpecFor(o, nodes, f.pods, f.nsg)
	spec.Cluster = f.cluster
	if f.cluster == "-" {
		spec.Cluster = "stdin"
	}
	if f.clusterName != "" {
		spec.Cluster += " (" + f.clusterName + ")"
	}
	return spec, nil
}

// labModel names a spec's model with a data plane other than its default.
func labModel(s emu.Spec) string {
	if s.Dataplane == string(netmodel.DataplaneCilium) && s.Model != "cilium" {
		return s.Model + "+cilium"
	}
	return s.Model
}

func newLabProbeCmd(d *deps) *cobra.Command {
	f := &labFlags{}
	cmd := &cobra.Command{
		Use:   "probe",
		Short: "Probe every flow of a lab's predicted matrix and compare with the prediction",
		Long: `Send UDP and TCP probes (3 tries of 200 ms each) from the source's
namespace to the destination for every flow of the predicted matrix; a
responder in each namespace replies with the source address it saw.
Exit code 1 when any flow disagrees with the prediction.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := f.output.get()
			if err != nil {
				return err
			}
			if f.latency < 0 || f.latency > emu.MaxLatency {
				return labDiag(d.streams.Err, emu.CodeSpec, fmt.Sprintf("--latency %d is out of range", f.latency), fmt.Sprintf("use 0 to %d round trips", emu.MaxLatency), "--latency")
			}
			if err := labPreflight(d, f); err != nil {
				return err
			}
			rep, err := emu.Probe(cmd.Context(), "", f.name, emu.ProbeOptions{Latency: f.latency, AllPairs: f.allPairs})
			if errors.Is(err, os.ErrNotExist) {
				return labDiag(d.streams.Err, emu.CodeMissing, "no lab named "+f.name, "start one with aksnet lab up --name "+f.name, "--name")
			}
			if err != nil {
				return internalErr(err)
			}
			switch format {
			case "json":
				b, err := json.MarshalIndent(rep, "", "  ")
				if err != nil {
					return internalErr(err)
				}
				fmt.Fprintf(d.streams.Out, "%s\n", b)
			default:
				fmt.Fprint(d.streams.Out, rep.Table())
			}
			if len(rep.Disagreements) > 0 {
				for _, x := range rep.Disagreements {
					fmt.Fprintf(d.streams.Err, "%s: %s → %s: %s\n", emu.CodeDisagree, x.From, x.To, x.Detail)
				}
				return &ExitError{Code: ExitFindings, Err: fmt.Errorf("%d flows disagree with the simulator", len(rep.Disagreements))}
			}
			return nil
		},
	}
	addNameFlag(cmd, f)
	cmd.Flags().BoolVar(&f.allPairs, "all-pairs", false, "probe every pod, node, host and service to every other, not just the default matrix")
	cmd.Flags().IntVar(&f.latency, "latency", 0, "measure this many UDP round trips per reachable flow and print medians")
	addOutputFlag(cmd, &f.output, "table", "json")
	return cmd
}

func newLabStatusCmd(d *deps) *cobra.Command {
	f := &labFlags{}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "List labs and their namespaces",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := f.output.get()
			if err != nil {
				return err
			}
			f.name = emu.DefaultName
			if err := labPreflight(d, f); err != nil {
				return err
			}
			labs, err := emu.Labs("")
			if err != nil {
				return internalErr(err)
			}
			if format == "json" {
				if labs == nil {
					labs = []emu.LabInfo{}
				}
				b, err := json.MarshalIndent(struct {
					SchemaVersion int           `json:"schemaVersion"`
					Labs          []emu.LabInfo `json:"labs"`
				}{1, labs}, "", "  ")
				if err != nil {
					return internalErr(err)
				}
				fmt.Fprintf(d.streams.Out, "%s\n", b)
				return nil
			}
			return writeLabStatus(d.streams.Out, labs)
		},
	}
	addOutputFlag(cmd, &f.output, "table", "json")
	return cmd
}

func writeLabStatus(w io.Writer, labs []emu.LabInfo) error {
	if len(labs) == 0 {
		_, err := fmt.Fprintln(w, "no labs")
		return err
	}
	for _, l := range labs {
		fmt.Fprintf(w, "%s: %s", l.Name, l.Status)
		if l.Spec != nil {
			fmt.Fprintf(w, ", model %s, outbound %s, %d nodes", labModel(*l.Spec), l.Spec.OutboundType, l.Spec.Nodes)
			if l.Spec.Cluster != "" {
				fmt.Fprintf(w, ", cluster %s", l.Spec.Cluster)
			}
		}
		fmt.Fprintf(w, ", %d namespaces\n", len(l.Namespaces))
		for _, ns := range l.Namespaces {
			fmt.Fprintf(w, "  %s\n", ns)
		}
	}
	return nil
}

func newLabDownCmd(d *deps) *cobra.Command {
	f := &labFlags{}
	cmd := &cobra.Command{
		Use:   "down [--name NAME | --all]",
		Short: "Remove a lab (or every lab) and whatever a crashed bring-up left",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.all && cmd.Flags().Changed("name") {
				return usageErrorf("give --name or --all, not both")
			}
			if err := labPreflight(d, f); err != nil {
				return err
			}
			names := []string{f.name}
			if f.all {
				labs, err := emu.Labs("")
				if err != nil {
					return internalErr(err)
				}
				names = names[:0]
				for _, l := range labs {
					names = append(names, l.Name)
				}
			}
			var errs []error
			total := 0
			for _, n := range names {
				removed, err := emu.Down("", n)
				total += len(removed)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				fmt.Fprintf(d.streams.Out, "lab %s down: removed %d namespaces\n", n, len(removed))
			}
			if f.all && len(names) == 0 {
				fmt.Fprintln(d.streams.Out, "no labs")
			}
			if err := errors.Join(errs...); err != nil {
				return internalErr(err)
			}
			return nil
		},
	}
	addNameFlag(cmd, f)
	cmd.Flags().BoolVar(&f.all, "all", false, "remove every lab and every aksnet- namespace")
	return cmd
}

// labPreflight checks the lab name and that the lab can run here.
func labPreflight(d *deps, f *labFlags) error {
	if err := emu.ValidName(f.name); err != nil {
		return labDiag(d.streams.Err, emu.CodeSpec, err.Error(), "for example --name lab1", "--name")
	}
	if err := emu.Supported(); err != nil {
		return labDiag(d.streams.Err, emu.CodeRoot, err.Error(), "run as root on Linux, e.g. sudo aksnet lab ...; aksnet trace --matrix shows the predictions without a lab", "")
	}
	return nil
}

func labDiag(w io.Writer, code, msg, hint, path string) error {
	return diagError(w, diag.List{{Code: code, Severity: diag.Error, Message: msg, Hint: hint, Path: path}})
}

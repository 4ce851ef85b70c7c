package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/aksnet/aksnet/internal/migrate"
	"github.com/aksnet/aksnet/internal/render"
)

type migrateFlags struct {
	output        outputFlag
	to            string
	fleet         fleetFlags
	failOnBlocked bool
}

const migrateLong = `Plan the migration of AKS clusters to another networking model.

PATH is any input the readers accept (az CLI / ARM resource JSON, ARM
templates, Terraform), a directory of them, or - for standard input. VNet
inventory (az network vnet list -o json, or templates and Terraform that
define VNets) can be among the paths or given with --vnets: the pod CIDR is
checked against the VNet's whole address space and its peers.

Targets:
  azure-overlay     Azure CNI Overlay. kubenet and Node Subnet move in place
                    (one-way); Pod Subnet and BYO CNI need a new cluster.
  cilium            the Cilium data plane: over Overlay where the cluster can
                    get there (kubenet and Node Subnet: Overlay first, then the
                    data plane, never both in one operation), over the pod
                    subnet for Pod Subnet clusters.
  azure-pod-subnet  Azure CNI Pod Subnet: no in-place path from any other
                    model, so a new cluster with a blue-green cut-over.

Per cluster the plan gives the path, every pre-check (pass, fail or unknown,
with the file and line or JSON path of the evidence), the az aks update
commands in order, the disruption to expect, a rollback note and the address
demand before and after. A pod CIDR that fails its checks comes with a
proposed one. Many clusters are ordered by priority: production (--prod-tag)
first, then those nearest an address or scale limit, then by name.

-o markdown writes a runbook a team can follow.

Exit codes: 0 plans written (even when a pre-check fails, unless
--fail-on-blocked); 1 with --fail-on-blocked, when any plan has a pre-check
that fails and no command of the plan fixes it; 2 usage or input error;
3 internal error.`

func newMigrateCmd(d *deps) *cobra.Command {
	var f migrateFlags
	cmd := &cobra.Command{
		Use:   "migrate PATH... --to azure-overlay|cilium|azure-pod-subnet",
		Short: "Plan migrations to Overlay, Cilium or Pod Subnet: pre-checks, commands, runbooks",
		Long:  migrateLong,
		Example: `  az aks show -g rg -n aks -o json | aksnet migrate - --to azure-overlay
  aksnet migrate clusters/ --vnets vnets.json --to cilium -o markdown > RUNBOOK.md
  aksnet migrate infra/ --to azure-overlay --avoid 10.0.0.0/8 --fail-on-blocked`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runMigrate(d, &f, args) },
	}
	addOutputFlag(cmd, &f.output, "table", "json", "markdown")
	addFleetFlags(cmd, &f.fleet, "CIDR(s) a new pod CIDR must not overlap (on-premises, peered networks); repeatable")
	fl := cmd.Flags()
	fl.StringVar(&f.to, "to", "", "target: azure-overlay, cilium or azure-pod-subnet (required)")
	fl.BoolVar(&f.failOnBlocked, "fail-on-blocked", false, "exit 1 when a pre-check fails that the plan's commands don't fix")
	return cmd
}

func runMigrate(d *deps, f *migrateFlags, paths []string) error {
	format, err := f.output.get()
	if err != nil {
		return err
	}
	if f.to == "" {
		return usageErrorf("--to is required: azure-overlay, cilium or azure-pod-subnet")
	}
	opts := migrate.FleetOptions{}
	if opts.Target, err = migrate.ParseTarget(f.to); err != nil {
		return usageErrorf("invalid --to: %v", err)
	}
	if opts.Prod, opts.Avoid, err = f.fleet.parse(); err != nil {
		return err
	}
	docs, err := f.fleet.read(d, paths)
	if err != nil {
		return err
	}
	fleet := migrate.PlanFleet(docs, opts)
	out := d.streams.Out
	switch format {
	case "json":
		err = render.MigrateJSON(out, fleet)
	case "markdown":
		err = render.MigrateMarkdown(out, fleet)
	default:
		err = render.MigrateTable(out, fleet)
	}
	if err != nil {
		return internalErr(fmt.Errorf("writing plans: %w", err))
	}
	if f.failOnBlocked && fleet.Blocked > 0 {
		return findings()
	}
	return nil
}

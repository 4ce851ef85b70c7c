package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/audit/rules"
	"github.com/aksnet/aksnet/internal/render"
)

type auditFlags struct {
	output       outputFlag
	fleet        fleetFlags
	failOn       string
	suppressions string
}

const auditLong = `Audit AKS cluster definitions for networking risks.

PATH is any input the readers accept (az CLI / ARM resource JSON, ARM
templates, Terraform), a directory of them, or - for standard input; give a
whole fleet at once. VNet inventory (az network vnet list -o json, or
templates and Terraform that define VNets) can be among the paths or given
with --vnets; subnet sizes from it let the exhaustion and overlap rules run.

Every finding has a stable rule id (AKSNET-NNN), a severity (info, low,
medium, high, critical), the file and line to change and the exact fix.
Every report carries fleet KPIs: clusters per model, production clusters not
on kubenet, clusters with a network policy engine, subnet headroom and days
left for kubenet clusters.

Suppression file (YAML or JSON), to accept a risk on record:

  suppressions:
    - rule: AKSNET-018          # or "*"
      cluster: "legacy-*"       # glob on cluster name or resource id
      path: "envs/dev/**"       # glob on the input file
      reason: "egress via on-prem proxy, NET-42"
      expires: 2027-06-30       # optional; expired entries stop suppressing

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above
--fail-on; 2 usage or input error; 3 internal error.`

func newAuditCmd(d *deps) *cobra.Command {
	var f auditFlags
	cmd := &cobra.Command{
		Use:   "audit PATH...",
		Short: "Audit a fleet's AKS networking: risks, KPIs, SARIF and CI exit codes",
		Long:  auditLong,
		Example: `  aksnet audit clusters/*.json --vnets vnets.json
  aksnet audit infra/ --fail-on high -o sarif > aksnet.sarif
  az aks list -o json | aksnet audit - -o markdown`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runAudit(d, &f, args) },
	}
	addOutputFlag(cmd, &f.output, "table", "json", "sarif", "markdown")
	addFleetFlags(cmd, &f.fleet, "CIDR(s) pod and service ranges must not overlap (on-premises, peered networks); repeatable")
	fl := cmd.Flags()
	fl.StringVar(&f.failOn, "fail-on", "", "exit 1 when a finding reaches this severity: low|medium|high|critical")
	fl.StringVar(&f.suppressions, "suppressions", "", "suppression file (YAML or JSON)")
	return cmd
}

func runAudit(d *deps, f *auditFlags, paths []string) error {
	format, err := f.output.get()
	if err != nil {
		return err
	}
	var failOn audit.Severity
	if f.failOn != "" && !strings.EqualFold(f.failOn, "none") {
		if failOn, err = audit.ParseSeverity(f.failOn); err != nil || failOn == audit.Info {
			return usageErrorf("invalid --fail-on %q: want low, medium, high or critical", f.failOn)
		}
	}
	opts := audit.Options{Now: d.now(), Capacity: rules.PlannerCapacity}
	if opts.Prod, opts.Avoid, err = f.fleet.parse(); err != nil {
		return err
	}
	if f.suppressions != "" {
		data, err := os.ReadFile(f.suppressions)
		if err != nil {
			return usageErrorf("reading suppressions: %w", err)
		}
		sups, diags := audit.ParseSuppressions(f.suppressions, data)
		if diags.HasErrors() {
			for _, dg := range diags {
				fmt.Fprintln(d.streams.Err, dg.String())
			}
			return usageErrorf("invalid suppression file %s", f.suppressions)
		}
		opts.Suppressions = sups
	}
	docs, err := f.fleet.read(d, paths)
	if err != nil {
		return err
	}
	opts.Roots = paths
	rep := audit.Run(rules.All(), docs, opts)

	out := d.streams.Out
	switch format {
	case "json":
		err = render.AuditJSON(out, rep)
	case "sarif":
		wd, _ := os.Getwd()
		err = render.AuditSARIF(out, rep, render.SARIFOptions{Rules: rules.All(), BaseDir: wd, Version: Version()})
	case "markdown":
		err = render.AuditMarkdown(out, rep)
	default:
		err = render.AuditTable(out, rep)
	}
	if err != nil {
		return internalErr(fmt.Errorf("writing report: %w", err))
	}
	if failOn != "" && rep.Reaches(failOn) {
		return findings()
	}
	return nil
}

package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aksnet/aksnet/internal/audit/rules"
	"github.com/aksnet/aksnet/internal/azpolicy"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/netpolicy"
	"github.com/aksnet/aksnet/internal/render"
)

const guardrailsLong = `Turn aksnet's rules into guardrails that run where clusters live.

  azure-policy  Azure Policy definitions (and an initiative bundling them) generated
                from the audit rules that a single managedClusters resource can decide
  netpol        baseline Kubernetes NetworkPolicies per namespace: default deny,
                DNS to kube-dns (and LocalDNS), with the policy engine's limits`

func newGuardrailsCmd(d *deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "guardrails",
		Short: "Generate Azure Policy definitions and baseline NetworkPolicies",
		Long:  guardrailsLong,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageErrorf("guardrails needs a subcommand: azure-policy or netpol")
		},
	}
	cmd.AddCommand(newAzurePolicyCmd(d), newNetpolCmd(d))
	return cmd
}

const azurePolicyLong = `Print Azure Policy definitions for Microsoft.ContainerService/managedClusters,
one per audit rule with a policy mapping, and an initiative (policy set
definition) that bundles them and passes every parameter through.

Each definition is generated from its rule: the name and metadata carry the
rule ID, the displayName its title and the description its remediation. The
metadata also says where the policy is broader or narrower than the rule: a
policy sees one cluster resource, not the VNet inventory, and a Deny at create
time sees only the request body.

--scope is where the definitions will live; the initiative refers to them
there. -o json (the default) prints definitions and initiative as one
document ("schemaVersion": 1). --out-dir DIR (-o dir) writes one folder per
definition with rules.json and params.json as "az policy definition create
--rules --params" take them, the initiative's definitions.json and
params.json, and commands.sh with the az commands that create them all.

Exit status is 0, or 2 for invalid options.`

const azurePolicyExample = `  aksnet guardrails azure-policy --effect Deny
  aksnet guardrails azure-policy --allowed-outbound userDefinedRouting,none \
      --forbidden-cidr 10.0.0.0/8,192.168.0.0/16 --scope /subscriptions/<id>
  aksnet guardrails azure-policy --out-dir policies/`

type azurePolicyFlags struct {
	output          outputFlag
	effect          string
	allowedOutbound []string
	forbiddenCIDRs  []string
	scope           string
	outDir          string
}

func newAzurePolicyCmd(d *deps) *cobra.Command {
	f := &azurePolicyFlags{}
	cmd := &cobra.Command{
		Use:     "azure-policy",
		Short:   "Print Azure Policy definitions and an initiative generated from the rules",
		Long:    azurePolicyLong,
		Example: azurePolicyExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := f.output.get()
			if err != nil {
				return err
			}
			if format == "dir" && f.outDir == "" {
				return usageErrorf("-o dir writes files: give the folder with --out-dir DIR")
			}
			opts, err := f.options(cmd)
			if err != nil {
				return err
			}
			set, ds := azpolicy.Generate(rules.All(), opts)
			printDiags(d.streams.Err, ds)
			if set == nil {
				return usageErrorf("no policies generated")
			}
			if f.outDir != "" {
				files, err := writePolicyDir(f.outDir, set, opts.Scope)
				if err != nil {
					return internalErr(err)
				}
				for _, p := range files {
					fmt.Fprintln(d.streams.Out, p)
				}
				return nil
			}
			if err := render.JSON(d.streams.Out, set); err != nil {
				return internalErr(fmt.Errorf("writing policies: %w", err))
			}
			return nil
		},
	}
	addOutputFlag(cmd, &f.output, "json", "dir")
	fl := cmd.Flags()
	fl.StringVar(&f.effect, "effect", string(azpolicy.Audit), "default effect of every definition: Audit|Deny|Disabled")
	fl.StringSliceVar(&f.allowedOutbound, "allowed-outbound", nil, "outbound types AKSNET-018 allows (default: those that restrict egress: userDefinedRouting, none, block)")
	fl.StringSliceVar(&f.forbiddenCIDRs, "forbidden-cidr", nil, "ranges pod and service CIDRs must not overlap, for AKSNET-014 (VNet, peered, on-premises; repeatable)")
	fl.StringVar(&f.scope, "scope", "", "where the definitions live: /subscriptions/<id> or /providers/Microsoft.Management/managementGroups/<id> (default "+azpolicy.DefaultScope+")")
	fl.StringVar(&f.outDir, "out-dir", "", "write one file per definition and parameter set into `DIR` instead of printing (implies -o dir)")
	complete(cmd, "effect", "Audit", "Deny", "Disabled")
	var types []string
	for _, o := range netmodel.Outbounds() {
		types = append(types, o.Type)
	}
	complete(cmd, "allowed-outbound", types...)
	return cmd
}

func (f *azurePolicyFlags) options(cmd *cobra.Command) (azpolicy.Options, error) {
	e, err := azpolicy.ParseEffect(f.effect)
	if err != nil {
		return azpolicy.Options{}, usageErrorf("--effect: %w", err)
	}
	opts := azpolicy.Options{Effect: e, Scope: f.scope, Defaults: map[string]any{}}
	if cmd.Flags().Changed("allowed-outbound") {
		types, err := azpolicy.ParseOutboundTypes(f.allowedOutbound)
		if err != nil {
			return opts, usageErrorf("--allowed-outbound: %w", err)
		}
		opts.Defaults["allowedOutboundTypes"] = types
	}
	if cmd.Flags().Changed("forbidden-cidr") {
		cidrs, err := azpolicy.ParseCIDRList(f.forbiddenCIDRs)
		if err != nil {
			return opts, usageErrorf("--forbidden-cidr: %w", err)
		}
		opts.Defaults["forbiddenCidrs"] = cidrs
	}
	if f.scope != "" {
		if err := azpolicy.ValidateScope(f.scope); err != nil {
			return opts, usageErrorf("--scope: %w", err)
		}
	}
	return opts, nil
}

// writePolicyDir writes the set as az CLI inputs and returns the paths
// written, relative to dir.
func writePolicyDir(dir string, set *azpolicy.Set, scope string) ([]string, error) {
	var written []string
	write := func(rel string, v any) error {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		var data []byte
		switch v := v.(type) {
		case string:
			data = []byte(v)
		default:
			var buf bytes.Buffer
			if err := render.JSON(&buf, v); err != nil {
				return err
			}
			data = buf.Bytes()
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", p, err)
		}
		written = append(written, filepath.ToSlash(rel))
		return nil
	}
	var sh strings.Builder
	sh.WriteString("#!/bin/sh\n# Creates the aksnet policy definitions and initiative. Run from this folder.\nset -eu\n")
	target := scopeFlag(scope)
	for _, d := range set.Definitions {
		base := filepath.Join("definitions", d.Name)
		p := d.Properties
		for _, f := range []struct {
			name string
			v    any
		}{{"policy.json", d}, {"rules.json", p.PolicyRule}, {"params.json", p.Parameters}} {
			if err := write(filepath.Join(base, f.name), f.v); err != nil {
				return nil, err
			}
		}
		fmt.Fprintf(&sh, "az policy definition create --name %s --display-name %s --description %s --mode %s --metadata category=%s version=%s aksnetRuleId=%s --rules %s --params %s%s\n",
			shQuote(d.Name), shQuote(p.DisplayName), shQuote(p.Description), p.Mode, shQuote(p.Metadata.Category), shQuote(p.Metadata.Version), shQuote(p.Metadata.RuleID),
			shQuote(filepath.ToSlash(filepath.Join(base, "rules.json"))), shQuote(filepath.ToSlash(filepath.Join(base, "params.json"))), target)
	}
	ini := set.Initiative
	for _, f := range []struct {
		name string
		v    any
	}{{"initiative.json", ini}, {"definitions.json", ini.Properties.PolicyDefinitions}, {"params.json", ini.Properties.Parameters}} {
		if err := write(filepath.Join("initiative", f.name), f.v); err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(&sh, "az policy set-definition create --name %s --display-name %s --description %s --metadata category=%s version=%s --definitions initiative/definitions.json --params initiative/params.json%s\n",
		shQuote(ini.Name), shQuote(ini.Properties.DisplayName), shQuote(ini.Properties.Description), shQuote(ini.Properties.Metadata.Category), shQuote(ini.Properties.Metadata.Version), target)
	if err := write("commands.sh", sh.String()); err != nil {
		return nil, err
	}
	return written, nil
}

// scopeFlag is the az CLI option that places a definition at scope.
func scopeFlag(scope string) string {
	if scope == "" {
		scope = azpolicy.DefaultScope
	}
	parts := strings.Split(strings.Trim(scope, "/"), "/")
	if len(parts) == 4 && strings.EqualFold(parts[2], "managementGroups") {
		return " --management-group " + shQuote(parts[3])
	}
	return " --subscription " + shQuote(parts[len(parts)-1])
}

func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// printDiags writes diagnostics to w, one per line.
func printDiags(w io.Writer, ds diag.List) {
	for _, dg := range ds {
		fmt.Fprintln(w, dg.String())
		if dg.Hint != "" {
			fmt.Fprintln(w, "  hint:", dg.Hint)
		}
	}
}

const netpolLong = `Print baseline Kubernetes NetworkPolicies for each namespace as multi-document
YAML: default-deny-all (every pod, ingress and egress) and allow-dns-egress
(every pod to kube-dns in kube-system on UDP and TCP 53; with --localdns also
to LocalDNS at 169.254.10.0/24). The header lists the limits of the chosen
policy engine that bear on these policies, each with its source.

Apply your own allow policies before or with the baseline: a default deny
stops all traffic the others do not allow.

Exit status is 0, or 2 for invalid options.`

const netpolExample = `  aksnet guardrails netpol --namespace payments --namespace web --engine cilium --localdns
  aksnet guardrails netpol --namespace apps --engine azure | kubectl apply -f -`

type netpolFlags struct {
	output     outputFlag
	namespaces []string
	engine     string
	localDNS   bool
}

func newNetpolCmd(d *deps) *cobra.Command {
	f := &netpolFlags{}
	cmd := &cobra.Command{
		Use:     "netpol",
		Short:   "Print baseline NetworkPolicies (default deny, DNS) per namespace",
		Long:    netpolLong,
		Example: netpolExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := f.output.get()
			if err != nil {
				return err
			}
			e, err := netpolicy.ParseEngine(f.engine)
			if err != nil {
				return usageErrorf("--engine: %w", err)
			}
			b, ds := netpolicy.Build(netpolicy.Options{Namespaces: f.namespaces, Engine: e, LocalDNS: f.localDNS})
			printDiags(d.streams.Err, ds)
			if b == nil {
				return usageErrorf("no policies generated")
			}
			switch format {
			case "json":
				out := struct {
					SchemaVersion int `json:"schemaVersion"`
					*netpolicy.Baseline
				}{1, b}
				if err := render.JSON(d.streams.Out, out); err != nil {
					return internalErr(err)
				}
				return nil
			default:
				data, err := b.YAML()
				if err != nil {
					return internalErr(err)
				}
				_, err = d.streams.Out.Write(data)
				return err
			}
		},
	}
	addOutputFlag(cmd, &f.output, "yaml", "json")
	fl := cmd.Flags()
	fl.StringSliceVarP(&f.namespaces, "namespace", "n", nil, "namespace to baseline (repeatable or comma-separated)")
	var engines []string
	for _, e := range netpolicy.Engines() {
		engines = append(engines, string(e))
	}
	fl.StringVar(&f.engine, "engine", string(netmodel.PolicyCilium), "the cluster's network policy engine: "+strings.Join(engines, "|"))
	fl.BoolVar(&f.localDNS, "localdns", false, "also allow DNS to LocalDNS (169.254.10.0/24)")
	complete(cmd, "engine", slices.Clone(engines)...)
	return cmd
}

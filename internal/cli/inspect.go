package cli

import (
	"github.com/spf13/cobra"

	"github.com/aksnet/aksnet/internal/render"
	"github.com/aksnet/aksnet/internal/source"
)

const inspectLong = `Read cluster definitions and print the normalized clusters: the
networking model, plugin, data plane, policy, outbound type, API server
access, pod and service CIDRs and node pools, each value marked as set in
the input, defaulted by AKS (*) or unknown (?).

PATH is a file, a directory (walked recursively; .git and node_modules are
skipped) or - for standard input. Readable: resource JSON as the ARM REST
API, az aks show / az aks list, Azure Resource Graph and az network vnet
list print it, and the REST API example files; Terraform configurations
(each directory's .tf files, with terraform.tfvars, *.auto.tfvars and any
.tfvars named as a PATH) and plans (terraform show -json). Bicep files must
be compiled first (az bicep build). Pools are linked to the subnets of any
virtual network read in the same run.

With -o json the output follows a versioned contract ("schemaVersion": 1):
every field is {"value", "state", "origin"} with the file, line, column and
JSON pointer where it is written.

Exit codes:
  0  the inputs were read (diagnostics are reported, not failed on)
  2  a path can't be read, or a usage error`

type inspectFlags struct {
	output outputFlag
}

func newInspectCmd(d *deps) *cobra.Command {
	f := &inspectFlags{}
	cmd := &cobra.Command{
		Use:   "inspect PATH...",
		Short: "Read cluster definitions and print the normalized clusters",
		Long:  inspectLong,
		Example: `  aksnet inspect cluster.json
  az aks list -o json | aksnet inspect -
  aksnet inspect -o json ./infra`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			out, err := f.output.get()
			if err != nil {
				return err
			}
			docs, err := source.ReadPaths(args, d.streams.In)
			if err != nil {
				return usageErrorf("inspect: %w", err)
			}
			if out == "json" {
				return render.JSON(d.streams.Out, render.NewInspectView(docs))
			}
			return render.InspectText(d.streams.Out, docs)
		},
	}
	addOutputFlag(cmd, &f.output, "table", "json")
	return cmd
}

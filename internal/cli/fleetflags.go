package cli

import (
	"net/netip"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/source"
)

// fleetFlags are the flags of the verbs that read a whole fleet: the VNet
// inventory (--vnets), ranges to keep clear (--avoid) and the tags that
// mark production clusters (--prod-tag).
type fleetFlags struct {
	vnets    []string
	avoid    []string
	prodTags string
}

// addFleetFlags adds --vnets, --avoid (with its usage, which says what must
// not overlap the ranges) and --prod-tag.
func addFleetFlags(cmd *cobra.Command, f *fleetFlags, avoidUsage string) {
	fl := cmd.Flags()
	fl.StringSliceVar(&f.vnets, "vnets", nil, "VNet inventory file(s): az network vnet list -o json, a template or Terraform")
	fl.StringSliceVar(&f.avoid, "avoid", nil, avoidUsage)
	fl.StringVar(&f.prodTags, "prod-tag", "env=prod,env=production,environment=prod,environment=production", "tags that mark production clusters: key=value,...")
}

// parse returns the production tags (--prod-tag) and the ranges to avoid
// (--avoid), or a usage error.
func (f *fleetFlags) parse() (audit.ProdTags, []netip.Prefix, error) {
	prod, err := audit.ParseProdTags(f.prodTags)
	if err != nil {
		return nil, nil, usageErrorf("invalid --prod-tag: %v", err)
	}
	var avoid []netip.Prefix
	for _, a := range f.avoid {
		p, err := azaddr.ParsePrefix(strings.TrimSpace(a))
		if err != nil {
			return nil, nil, usageErrorf("invalid --avoid: %v", err)
		}
		avoid = append(avoid, p)
	}
	return prod, avoid, nil
}

// read reads paths and, with --vnets, the VNet inventory: only the VNets of
// the --vnets files join the fleet (their clusters do not), while their
// diagnostics are kept; pools are then linked to the inventory's subnets.
func (f *fleetFlags) read(d *deps, paths []string) ([]aks.Document, error) {
	docs, err := source.ReadPaths(paths, d.streams.In)
	if err != nil {
		return nil, usageErrorf("reading inputs: %w", err)
	}
	if len(f.vnets) > 0 {
		vdocs, err := source.ReadPaths(f.vnets, d.streams.In)
		if err != nil {
			return nil, usageErrorf("reading --vnets: %w", err)
		}
		for _, vd := range vdocs {
			vd.Clusters = nil
			docs = append(docs, vd)
		}
		source.Link(docs)
	}
	return docs, nil
}

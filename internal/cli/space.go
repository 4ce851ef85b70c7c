package cli

import (
	"io"
	"net/netip"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/source"
)

// spaceFlags describe the address space a cluster goes into: the VNet's
// address space and existing subnets, given as flags or read from a VNet
// inventory file, and ranges to keep clear of. carve and recommend share them.
type spaceFlags struct {
	vnets     []string
	used      []string
	avoid     []string
	inventory string
	vnetName  string
}

// space is the parsed address space.
type space struct {
	// Name is the VNet's name when read from an inventory.
	Name  string
	VNets []netip.Prefix
	Used  []netip.Prefix
	Peers []netip.Prefix
	Avoid []netip.Prefix
}

func addSpaceFlags(cmd *cobra.Command, f *spaceFlags) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.vnets, "vnet", nil, "VNet address space CIDR (repeatable)")
	fl.StringArrayVar(&f.used, "used", nil, "CIDR of an existing subnet in the VNet (repeatable)")
	fl.StringVar(&f.inventory, "vnets", "", "VNet inventory `FILE` (az network vnet list, ARM or Terraform; - for standard input): address space, subnets and peerings")
	fl.StringVar(&f.vnetName, "vnet-name", "", "the VNet's `NAME`: picks it from --vnets, and names it in deployment output")
	fl.StringArrayVar(&f.avoid, "avoid", nil, "CIDR the cluster must not overlap: peered VNets, on-premises, other clusters (repeatable)")
}

// given reports whether any address space was given.
func (f *spaceFlags) given() bool { return len(f.vnets) > 0 || f.inventory != "" }

// read parses the flags and reads the inventory.
func (f *spaceFlags) read(stdin io.Reader) (space, error) {
	var s space
	var err error
	if s.VNets, err = parsePrefixes("--vnet", f.vnets); err != nil {
		return s, err
	}
	if s.Used, err = parsePrefixes("--used", f.used); err != nil {
		return s, err
	}
	if s.Avoid, err = parsePrefixes("--avoid", f.avoid); err != nil {
		return s, err
	}
	if f.inventory == "" {
		s.Name = f.vnetName
		return s, nil
	}
	docs, err := source.ReadPaths([]string{f.inventory}, stdin)
	if err != nil {
		return s, usageErrorf("--vnets: %w", err)
	}
	var all []aks.VNet
	for _, d := range docs {
		all = append(all, d.VNets...)
	}
	var pick []aks.VNet
	for _, v := range all {
		if f.vnetName == "" || strings.EqualFold(v.Name, f.vnetName) {
			pick = append(pick, v)
		}
	}
	switch {
	case len(pick) == 0 && f.vnetName != "":
		return s, usageErrorf("--vnets %s: no VNet named %q (%s)", f.inventory, f.vnetName, vnetNames(all))
	case len(pick) == 0:
		return s, usageErrorf("--vnets %s: no virtual network found", f.inventory)
	case len(pick) > 1:
		return s, usageErrorf("--vnets %s holds %d VNets (%s): choose one with --vnet-name", f.inventory, len(pick), vnetNames(pick))
	}
	v := pick[0]
	s.Name = v.Name
	s.VNets = append(s.VNets, v.AddressSpace...)
	for _, sn := range v.Subnets {
		s.Used = append(s.Used, sn.Prefixes...)
	}
	for _, p := range v.Peerings {
		s.Peers = append(s.Peers, p.RemoteSpace...)
	}
	return s, nil
}

func vnetNames(vs []aks.VNet) string {
	var n []string
	for _, v := range vs {
		n = append(n, v.Name)
	}
	return strings.Join(n, ", ")
}

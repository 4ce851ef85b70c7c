package cli

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/spf13/cobra"

	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/render"
)

const carveLong = `Lay out every address of a new AKS cluster for one networking model.

Given the VNet's address space and its existing subnets (--vnet and --used,
or a VNet inventory with --vnets) and ranges to avoid, carve picks the node
subnet (one per pool with --subnet-per-pool), the pod subnet
(azure-pod-subnet), the API-server subnet (/28, with
--apiserver-vnet-integration) from the VNet's free space, and the pod CIDR
(kubenet, azure-overlay, none) and service CIDR from RFC 1918 or RFC 6598
space outside the VNet, its peers and the avoided ranges — never a range AKS
forbids. Each block is the smallest aligned one the planner's minimum prefix
allows, sized for the pools at autoscaler maximum plus upgrade surge
(--headroom grows the maxima first). The DNS service IP is the service
CIDR's .10. The layout is deterministic and checked before it is printed.

-o az, -o bicep, -o arm and -o terraform print the deployment: the subnets
and the cluster with every networking setting.

Exit status is 1 when the layout can't be carved (the diagnostics say what is
short and by how much) or fails its checks.`

const carveExample = `  aksnet carve --model azure-overlay --nodes 3 --max-nodes 20 --vnet 10.10.0.0/16 --used 10.10.0.0/24
  aksnet carve --model azure-pod-subnet --pool name=sys,nodes=3 --pool name=user,nodes=5,max=50 \
      --vnet 10.20.0.0/16 --subnet-per-pool --apiserver-vnet-integration --headroom 50% -o terraform
  aksnet carve --model cilium --nodes 10 --vnets vnets.json --vnet-name hub-spoke-1 --avoid 10.0.0.0/8 -o az`

type carveFlags struct {
	output        outputFlag
	cluster       clusterFlags
	space         spaceFlags
	subnetPerPool bool
	apiServer     bool
	headroom      string
	name          string
	resourceGroup string
	location      string
	vmSize        string
}

func newCarveCmd(d *deps) *cobra.Command {
	f := &carveFlags{}
	cmd := &cobra.Command{
		Use:     "carve",
		Short:   "Lay out subnets, pod CIDR and service CIDR for one model, and emit the deployment",
		Long:    carveLong,
		Example: carveExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := f.output.get()
			if err != nil {
				return err
			}
			req, err := f.request(cmd, d)
			if err != nil {
				return err
			}
			layout, ds := ipplan.Carve(req)
			if !ds.HasErrors() {
				ds = append(ds, ipplan.Validate(layout, req)...)
			}
			dep := render.Deployment{Cluster: f.name, ResourceGroup: f.resourceGroup, VNet: req.VNetName(f.space.vnetName), Location: f.location, VMSize: f.vmSize}
			if deployment[format] && !azureName.MatchString(dep.VNet) {
				return usageErrorf("the VNet's name %q is not a literal Azure name (a template expression?); deployment output needs one", dep.VNet)
			}
			var buf bytes.Buffer
			switch format {
			case "json":
				err = render.CarveJSON(&buf, layout, ds)
			case "markdown":
				err = render.CarveMarkdown(&buf, layout, ds)
			case "table":
				err = render.CarveText(&buf, layout, ds)
			default:
				if ds.HasErrors() {
					// No deployment for a layout that doesn't fit: explain instead.
					if err := render.CarveText(d.streams.Err, layout, ds); err != nil {
						return internalErr(fmt.Errorf("writing layout: %w", err))
					}
					return findings()
				}
				switch format {
				case "az":
					err = render.CarveAZ(&buf, layout, dep)
				case "bicep":
					err = render.CarveBicep(&buf, layout, dep)
				case "arm":
					err = render.CarveARM(&buf, layout, dep)
				case "terraform":
					err = render.CarveTerraform(&buf, layout, dep)
				}
			}
			if err == nil {
				_, err = d.streams.Out.Write(buf.Bytes())
			}
			if err != nil {
				return internalErr(fmt.Errorf("writing layout: %w", err))
			}
			if ds.HasErrors() {
				return findings()
			}
			return nil
		},
	}
	addOutputFlag(cmd, &f.output, "table", "json", "markdown", "az", "bicep", "arm", "terraform")
	addClusterFlags(cmd, &f.cluster, clusterFlagSet{model: true, policy: true},
		"networking model: kubenet|azure-node-subnet|azure-pod-subnet|azure-overlay|none|cilium (required)")
	addSpaceFlags(cmd, &f.space)
	fl := cmd.Flags()
	fl.BoolVar(&f.subnetPerPool, "subnet-per-pool", false, "give every pool its own node subnet")
	fl.BoolVar(&f.apiServer, "apiserver-vnet-integration", false, "carve the delegated /28 API-server subnet of API Server VNet Integration")
	fl.StringVar(&f.headroom, "headroom", "", "grow each pool's autoscaler maximum by this `PERCENT` (e.g. 50%) before sizing")
	fl.StringVar(&f.name, "name", "aks1", "deployment: cluster name")
	fl.StringVar(&f.resourceGroup, "resource-group", "rg-aks", "deployment: resource group of the VNet and cluster")
	fl.StringVar(&f.location, "location", "westeurope", "deployment: Azure region")
	fl.StringVar(&f.vmSize, "vm-size", "Standard_D4ds_v5", "deployment: node VM size for every pool")
	return cmd
}

// azureName is what carve accepts as a resource name in its deployment
// output: letters, digits, '.', '_' and '-', starting with a letter or digit,
// so that no name can break the shell, HCL or template expressions written.
var azureName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$`)

// deployment lists the output formats that write a deployment.
var deployment = map[string]bool{"az": true, "bicep": true, "arm": true, "terraform": true}

func (f *carveFlags) request(cmd *cobra.Command, d *deps) (ipplan.CarveRequest, error) {
	var req ipplan.CarveRequest
	for _, n := range []struct{ flag, v string }{{"--name", f.name}, {"--resource-group", f.resourceGroup},
		{"--location", f.location}, {"--vm-size", f.vmSize}, {"--vnet-name", f.space.vnetName}} {
		if n.v != "" && !azureName.MatchString(n.v) {
			return req, usageErrorf("%s %q: use letters, digits, '.', '_' and '-' (at most 80)", n.flag, n.v)
		}
	}
	c, _, err := f.cluster.request(cmd, false)
	if err != nil {
		return req, err
	}
	if !f.space.given() {
		return req, usageErrorf("give the VNet's address space with --vnet CIDR, or a VNet inventory with --vnets FILE")
	}
	sp, err := f.space.read(d.streams.In)
	if err != nil {
		return req, err
	}
	c.VNets, c.Avoid = sp.VNets, sp.Avoid
	req = ipplan.CarveRequest{Cluster: c, Used: sp.Used, Peers: sp.Peers, SubnetPerPool: f.subnetPerPool,
		APIServerSubnet: f.apiServer, VNet: sp.Name}
	if f.headroom != "" {
		if req.HeadroomPercent, err = ipplan.ParseHeadroom(f.headroom); err != nil {
			return req, usageErrorf("--headroom: %w", err)
		}
	}
	return req, nil
}

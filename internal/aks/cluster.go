// Package aks is the normalized model every reader produces and every
// analysis consumes: clusters with their network profile, node pools and API
// server access, and the VNets (with subnets and peerings) around them.
//
// Every field is a Value that remembers whether the user set it, a default
// filled it in, or an expression could not be resolved, and where in the input
// it came from. Readers adapt raw formats (ARM JSON, ARM templates, Terraform)
// into this model; analyses never see raw formats.
package aks

import (
	"net/netip"
	"strings"

	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// Format names the input format a cluster was read from.
type Format string

const (
	FormatARMJSON       Format = "arm-json"       // REST/az CLI/Resource Graph resource JSON
	FormatARMTemplate   Format = "arm-template"   // deployment template, incl. compiled Bicep
	FormatTerraform     Format = "terraform"      // HCL
	FormatTerraformPlan Format = "terraform-plan" // terraform show -json
	FormatFlags         Format = "flags"          // command-line flags / generated
)

// Cluster is one AKS managed cluster, normalized.
type Cluster struct {
	// Name is the cluster's name (resource name, or Terraform name attribute).
	Name Value[string] `json:"name"`
	// Address identifies the cluster inside its input: an ARM resource id,
	// a template symbolic name, or a Terraform address such as
	// azurerm_kubernetes_cluster.main.
	Address string `json:"address,omitempty"`
	// ResourceID is the Azure resource id when the input has one.
	ResourceID string `json:"resourceId,omitempty"`
	// Source locates the cluster's definition (file, and where it starts).
	Source Origin `json:"source"`
	Format Format `json:"format"`

	Location          Value[string]     `json:"location,omitzero"`
	KubernetesVersion Value[string]     `json:"kubernetesVersion,omitzero"`
	Tags              map[string]string `json:"tags,omitempty"`
	// SKUTier is Free, Standard or Premium.
	SKUTier Value[string] `json:"skuTier,omitzero"`
	// Identity is how the cluster authenticates to Azure: a system- or
	// user-assigned managed identity (ARM identity.type, Terraform identity
	// block) or a service principal (servicePrincipalProfile, Terraform
	// service_principal block). Absent when the input says neither.
	Identity Value[IdentityType] `json:"identity,omitzero"`

	Network   NetworkProfile  `json:"network"`
	APIServer APIServerAccess `json:"apiServer"`
	Pools     []NodePool      `json:"pools"`
}

// IdentityType is the kind of identity a cluster uses (SPEC identity.type,
// servicePrincipalProfile).
type IdentityType string

const (
	IdentitySystemAssigned   IdentityType = "systemAssigned"
	IdentityUserAssigned     IdentityType = "userAssigned"
	IdentityServicePrincipal IdentityType = "servicePrincipal"
	// IdentityNone is ARM identity.type None with no service principal given.
	IdentityNone IdentityType = "none"
)

// ParseIdentityType maps the ARM and Terraform spellings (SystemAssigned,
// UserAssigned, None, case-insensitive) to an IdentityType.
func ParseIdentityType(s string) (IdentityType, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "systemassigned":
		return IdentitySystemAssigned, true
	case "userassigned":
		return IdentityUserAssigned, true
	case "none":
		return IdentityNone, true
	case "serviceprincipal":
		return IdentityServicePrincipal, true
	}
	return "", false
}

// NetworkProfile is the cluster's networkProfile, raw fields and the model
// they resolve to.
type NetworkProfile struct {
	// Plugin is networkPlugin: azure, kubenet or none.
	Plugin Value[string] `json:"plugin,omitzero"`
	// PluginMode is networkPluginMode: overlay or absent.
	PluginMode Value[string] `json:"pluginMode,omitzero"`
	// Model is the catalog model the plugin, mode and pod subnets resolve to.
	Model Value[netmodel.ID] `json:"model,omitzero"`
	// Dataplane is networkDataplane: azure or cilium.
	Dataplane Value[netmodel.Dataplane] `json:"dataplane,omitzero"`
	// Policy is networkPolicy: none, azure, calico or cilium. An absent
	// policy defaults to none.
	Policy Value[netmodel.PolicyEngine] `json:"networkPolicy,omitzero"`
	// Mode is networkMode: transparent or bridge (legacy).
	Mode Value[string] `json:"networkMode,omitzero"`

	PodCIDR      Value[netip.Prefix]   `json:"podCIDR,omitzero"`
	PodCIDRs     []Value[netip.Prefix] `json:"podCIDRs,omitempty"`
	ServiceCIDR  Value[netip.Prefix]   `json:"serviceCIDR,omitzero"`
	ServiceCIDRs []Value[netip.Prefix] `json:"serviceCIDRs,omitempty"`
	DNSServiceIP Value[netip.Addr]     `json:"dnsServiceIP,omitzero"`
	// IPFamilies is IPv4 or IPv4,IPv6.
	IPFamilies Value[[]string] `json:"ipFamilies,omitzero"`

	// OutboundType: loadBalancer, userDefinedRouting, managedNATGateway,
	// userAssignedNATGateway, none (and preview block, managedNATGatewayV2).
	OutboundType    Value[string]       `json:"outboundType,omitzero"`
	LoadBalancerSKU Value[string]       `json:"loadBalancerSku,omitzero"`
	LoadBalancer    LoadBalancerProfile `json:"loadBalancer,omitzero"`
	NATGateway      NATGatewayProfile   `json:"natGateway,omitzero"`
	// AdvancedNetworking reports whether ACNS (observability/security) is on.
	AdvancedNetworking Value[bool] `json:"advancedNetworking,omitzero"`
}

// LoadBalancerProfile is the Standard LB outbound configuration.
type LoadBalancerProfile struct {
	ManagedOutboundIPs     Value[int] `json:"managedOutboundIPs,omitzero"`
	OutboundIPs            Value[int] `json:"outboundIPs,omitzero"`        // BYO public IPs (count)
	OutboundIPPrefixes     Value[int] `json:"outboundIPPrefixes,omitzero"` // BYO prefixes (count)
	AllocatedOutboundPorts Value[int] `json:"allocatedOutboundPorts,omitzero"`
	IdleTimeoutMinutes     Value[int] `json:"idleTimeoutMinutes,omitzero"`
}

// NATGatewayProfile is the managed NAT gateway configuration.
type NATGatewayProfile struct {
	ManagedOutboundIPs Value[int]    `json:"managedOutboundIPs,omitzero"`
	IdleTimeoutMinutes Value[int]    `json:"idleTimeoutMinutes,omitzero"`
	SKU                Value[string] `json:"sku,omitzero"`
}

// APIServerAccess is apiServerAccessProfile plus publicNetworkAccess.
type APIServerAccess struct {
	Private            Value[bool]           `json:"privateCluster,omitzero"`
	PrivateDNSZone     Value[string]         `json:"privateDNSZone,omitzero"`
	PublicFQDN         Value[bool]           `json:"privateClusterPublicFQDN,omitzero"`
	AuthorizedIPRanges Value[[]netip.Prefix] `json:"authorizedIPRanges,omitzero"`
	VNetIntegration    Value[bool]           `json:"vnetIntegration,omitzero"`
	SubnetID           Value[string]         `json:"subnetId,omitzero"`
	// PublicNetworkAccess is Enabled, Disabled or SecuredByPerimeter.
	PublicNetworkAccess Value[string] `json:"publicNetworkAccess,omitzero"`
	// BootstrapArtifactSource is Direct or Cache (network-isolated clusters).
	BootstrapArtifactSource Value[string] `json:"bootstrapArtifactSource,omitzero"`
}

// NodePool is one agent pool.
type NodePool struct {
	Name   Value[string] `json:"name"`
	Source Origin        `json:"source"`
	// Mode is System, User or Gateway.
	Mode        Value[string] `json:"mode,omitzero"`
	Count       Value[int]    `json:"count,omitzero"`
	AutoScaling Value[bool]   `json:"autoScaling,omitzero"`
	MinCount    Value[int]    `json:"minCount,omitzero"`
	MaxCount    Value[int]    `json:"maxCount,omitzero"`
	MaxPods     Value[int]    `json:"maxPods,omitzero"`
	// MaxSurge is the raw upgradeSettings.maxSurge: "33%" or "1".
	MaxSurge Value[string] `json:"maxSurge,omitzero"`
	// OS is Linux or Windows.
	OS    Value[string] `json:"os,omitzero"`
	OSSKU Value[string] `json:"osSku,omitzero"`
	// VMSize is the VM SKU, e.g. Standard_D4s_v5.
	VMSize Value[string] `json:"vmSize,omitzero"`
	// Type is VirtualMachineScaleSets, AvailabilitySet or VirtualMachines.
	Type Value[string] `json:"type,omitzero"`

	// SubnetID and PodSubnetID are the ARM ids (or references) as written.
	SubnetID    Value[string] `json:"subnetId,omitzero"`
	PodSubnetID Value[string] `json:"podSubnetId,omitzero"`
	// Subnet and PodSubnet are the resolved address prefixes.
	Subnet    Value[netip.Prefix] `json:"subnet,omitzero"`
	PodSubnet Value[netip.Prefix] `json:"podSubnet,omitzero"`
	// PodIPAllocation is dynamic or static-block (pod subnet only).
	PodIPAllocation Value[netmodel.Allocation] `json:"podIPAllocation,omitzero"`

	NodePublicIP Value[bool] `json:"nodePublicIP,omitzero"`
}

// VNet is a virtual network with its address space, subnets and peerings.
type VNet struct {
	Name         string         `json:"name"`
	ResourceID   string         `json:"resourceId,omitempty"`
	Source       Origin         `json:"source"`
	AddressSpace []netip.Prefix `json:"addressSpace"`
	Subnets      []Subnet       `json:"subnets,omitempty"`
	Peerings     []Peering      `json:"peerings,omitempty"`
}

// Subnet is a subnet of a VNet.
type Subnet struct {
	Name       string         `json:"name"`
	ResourceID string         `json:"resourceId,omitempty"`
	Source     Origin         `json:"source"`
	Prefixes   []netip.Prefix `json:"prefixes"`
	// Delegations lists service names the subnet is delegated to.
	Delegations []string `json:"delegations,omitempty"`
	RouteTable  string   `json:"routeTable,omitempty"`
	NATGateway  string   `json:"natGateway,omitempty"`
	NSG         string   `json:"nsg,omitempty"`
}

// Peering is a VNet peering with the remote address space, when known.
type Peering struct {
	Name         string         `json:"name"`
	RemoteVNetID string         `json:"remoteVnetId,omitempty"`
	RemoteSpace  []netip.Prefix `json:"remoteAddressSpace,omitempty"`
}

// Document is what a reader returns for one input: the clusters and VNets it
// defines and every diagnostic met on the way.
type Document struct {
	File        string    `json:"file"`
	Format      Format    `json:"format"`
	Clusters    []Cluster `json:"clusters"`
	VNets       []VNet    `json:"vnets,omitempty"`
	Diagnostics diag.List `json:"diagnostics"`
}

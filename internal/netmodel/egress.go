package netmodel

import "strings"

// Outbound is the catalog entry of a cluster outbound type (SPEC
// networkProfile.outboundType): how egress leaves the cluster and whether
// the type by itself restricts where it may go.
type Outbound struct {
	// Type is the ARM spelling, e.g. loadBalancer.
	Type string `json:"type"`
	// RestrictsEgress is true when egress can only take a path the user
	// controls (a firewall or appliance behind a 0.0.0.0/0 route) or no
	// internet path exists. A NAT gateway scales SNAT but filters nothing.
	RestrictsEgress Fact[bool] `json:"restrictsEgress"`
	// Behaviour says what the type does, with its source.
	Behaviour Fact[string] `json:"behaviour"`
}

var outbounds = []Outbound{
	{Type: "loadBalancer", RestrictsEgress: F(false, "EGR"),
		Behaviour: F("AKS creates a public IP and LB outbound rules: nodes reach any internet destination", "EGR")},
	{Type: "managedNATGateway", RestrictsEgress: F(false, "NATGW"),
		Behaviour: F("an AKS-managed NAT gateway SNATs to 1–16 public IPs (64,512 flows each); it scales egress, it does not filter it", "NATGW")},
	{Type: "managedNATGatewayV2", RestrictsEgress: F(false, "BLOG-NATV2"),
		Behaviour: F("preview StandardV2 managed NAT gateway; same unfiltered internet egress", "EGR")},
	{Type: "userAssignedNATGateway", RestrictsEgress: F(false, "NATGW"),
		Behaviour: F("a NAT gateway you attach to the subnet SNATs to its public IPs; it does not filter egress", "EGR")},
	{Type: "userDefinedRouting", RestrictsEgress: F(true, "UDR"),
		Behaviour: F("a route table sends 0.0.0.0/0 to your appliance or firewall; AKS rejects next hop Internet and creates no outbound public IP", "EGR")},
	{Type: "none", RestrictsEgress: F(true, "ISO"),
		Behaviour: F("no egress configured: network-isolated clusters pull from a private cache", "EGR")},
	{Type: "block", RestrictsEgress: F(true, "ISO"),
		Behaviour: F("preview: NSG rules block internet egress on network-isolated clusters", "EGR")},
}

// Outbounds returns every outbound type's catalog entry.
func Outbounds() []Outbound { return append([]Outbound(nil), outbounds...) }

// LookupOutbound returns the entry for an outbound type (case-insensitive).
func LookupOutbound(t string) (Outbound, bool) {
	for _, o := range outbounds {
		if strings.EqualFold(o.Type, t) {
			return o, true
		}
	}
	return Outbound{}, false
}

// LBMaxNodesForPorts is the Standard Load Balancer's formula for the most
// nodes a fixed outbound-port allocation supports: 64,000 ports per IP /
// ports per node × outbound IPs (SLB; worked example 17: 1,000 ports and 2
// IPs → 128 nodes). It returns 0 when portsPerNode is not positive.
func LBMaxNodesForPorts(portsPerNode, outboundIPs int) int {
	if portsPerNode <= 0 || outboundIPs <= 0 {
		return 0
	}
	return LBPortsPerIP.Value / portsPerNode * outboundIPs
}

// LBDefaultPortsPerNodeUpTo100 is the dynamic default allocation of SNAT ports
// per node for pools of 51 to 100 nodes: scaling from 48 to 52 nodes halves
// the default 1,024 to 512 (SLB; worked example 19).
var LBDefaultPortsPerNodeUpTo100 = F(512, "SLB")

// LBDefaultPortsPerNode returns the ports per node the Standard Load
// Balancer allocates by default (allocatedOutboundPorts 0) to a backend pool
// of the given size, as far as the facts sheet documents it: 1,024 up to 50
// nodes, 512 for 51–100 (SLB; worked example 19). Above 100 it returns 0:
// fewer still, and not documented here.
func LBDefaultPortsPerNode(nodes int) int {
	switch {
	case nodes <= 50:
		return LBDefaultPortsPerNodeSmall.Value
	case nodes <= 100:
		return LBDefaultPortsPerNodeUpTo100.Value
	}
	return 0
}

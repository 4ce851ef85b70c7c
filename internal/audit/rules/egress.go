package rules

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/netmodel"
)

var unrestrictedEgress = audit.Rule{
	ID: "AKSNET-018", Name: "UnrestrictedEgress", Severity: audit.Medium,
	Title: "unrestricted internet egress",
	Rationale: "With outboundType loadBalancer, or a managed or user-assigned NAT gateway, nodes and pods reach any internet destination: " +
		"a NAT gateway scales SNAT but filters nothing (NATGW; EGR). userDefinedRouting sends 0.0.0.0/0 to your firewall (UDR; AZFW) and " +
		"network-isolated clusters (outboundType none or block) have no internet path (ISO); both pass.",
	Remediation: "Route egress through a firewall (AKS's required FQDNs are covered by the Azure Firewall AzureKubernetesService tag; AZFW): " +
		"attach a route table with 0.0.0.0/0 → the firewall to the node subnet, then az aks update --resource-group <resource-group> --name <cluster> --outbound-type userDefinedRouting",
	Sources: []string{"EGR", "NATGW", "UDR", "ISO", "AZFW", "FQDN"},
	Links:   links("EGR", "AZFW", "ISO"),
	Policy:  unrestrictedEgressPolicy,
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		t, ok := c.Network.OutboundType.Get()
		if !ok {
			return nil
		}
		o, known := netmodel.LookupOutbound(t)
		if !known || o.RestrictsEgress.Value {
			return nil
		}
		msg := "outboundType " + o.Type + " (" + stated(c.Network.OutboundType) + "): " + o.Behaviour.Value + " (" + o.Behaviour.Source + ")"
		var tables []string
		for _, p := range c.Pools {
			if s, _, ok := f.SubnetOf(p.SubnetID.Or(""), p.Subnet.Or(netip.Prefix{})); ok && s.RouteTable != "" {
				tables = append(tables, s.RouteTable)
			}
		}
		sev := audit.Severity("")
		if len(tables) > 0 {
			sev = audit.Low
			msg += "; the node subnet has route table " + strings.Join(tables, ", ") + " attached, but the outbound type still gives a direct path: switch to userDefinedRouting if it sends 0.0.0.0/0 to a firewall"
		}
		return []audit.Hit{{Message: msg, At: at(c.Network.OutboundType), Severity: sev,
			Remediation: remUDR(c)}}
	},
}

func remUDR(c *aks.Cluster) string {
	rg, name := targetParts(c)
	return "With a route table sending 0.0.0.0/0 to a firewall on the node subnet (AZFW): az aks update --resource-group " + rg + " --name " + name + " --outbound-type userDefinedRouting"
}

var lbSNATPorts = audit.Rule{
	ID: "AKSNET-019", Name: "LoadBalancerSNATPortsInsufficient", Severity: audit.High,
	Title: "load-balancer SNAT ports insufficient for the maximum node count",
	Rationale: "With a fixed allocatedOutboundPorts, the Standard Load Balancer supports at most 64,000 ports per IP / ports per node × " +
		"outbound IPs nodes (SLB). Nodes beyond that, including upgrade surge nodes, get no outbound ports and scale-out or upgrades fail.",
	Remediation: "Add outbound IPs or lower the ports per node so (max nodes + surge) × ports ≤ IPs × 64,000: " +
		"az aks update --resource-group <resource-group> --name <cluster> --load-balancer-managed-outbound-ip-count <n> --load-balancer-outbound-ports <ports>",
	Sources: []string{"SLB", "SPEC"},
	Links:   links("SLB"),
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		n := &c.Network
		if t, ok := n.OutboundType.Get(); !ok || !strings.EqualFold(t, "loadBalancer") {
			return nil
		}
		lb := &n.LoadBalancer
		ports, ok := lb.AllocatedOutboundPorts.Get()
		if lb.AllocatedOutboundPorts.State == aks.Unknown {
			return nil
		}
		if !ok || ports <= 0 {
			return dynamicPorts(c)
		}
		if lb.OutboundIPPrefixes.Or(0) > 0 || lb.ManagedOutboundIPs.State == aks.Unknown || lb.OutboundIPs.State == aks.Unknown {
			return nil // prefix sizes unknown: the IP count can't be known
		}
		ips := lb.ManagedOutboundIPs.Or(0) + lb.OutboundIPs.Or(0)
		ipNote := ""
		if ips == 0 {
			ips, ipNote = 1, " (managedOutboundIPs.count defaults to 1, SPEC)"
		}
		maxNodes := netmodel.LBMaxNodesForPorts(ports, ips)
		s := clusterScale(c)
		if s.total() <= maxNodes {
			return nil
		}
		perIP := netmodel.LBMaxNodesForPorts(ports, 1)
		need := (s.total() + perIP - 1) / max(perIP, 1)
		return []audit.Hit{{
			Message: fmt.Sprintf("%d ports per node with %d outbound IPs%s supports %d / %d × %d = %d nodes (%s), but the pools reach %d nodes plus %d upgrade surge = %d (needs %d ports; %d available)",
				ports, ips, ipNote, netmodel.LBPortsPerIP.Value, ports, ips, maxNodes, netmodel.LBPortsPerIP.Source,
				s.maxNodes, s.surge, s.total(), s.total()*ports, ips*netmodel.LBPortsPerIP.Value),
			At: at(lb.AllocatedOutboundPorts),
			Remediation: fmt.Sprintf("Raise the outbound IPs to %d (or lower ports per node to %d): az aks update %s --load-balancer-managed-outbound-ip-count %d",
				need, portsFor(s.total(), ips), target(c), need),
		}}
	},
}

// portsFor is the most ports per node (a multiple of 8, CLI) that lets ips
// outbound IPs serve nodes nodes (SLB).
func portsFor(nodes, ips int) int {
	if nodes <= 0 || ips <= 0 {
		return 0
	}
	perIP := (nodes + ips - 1) / ips // nodes each IP must serve
	p := netmodel.LBPortsPerIP.Value / perIP
	return p - p%8
}

// dynamicPorts notes, as a low finding, that the default allocation
// (allocatedOutboundPorts 0) halves the SNAT ports per node once the pools
// grow past 50 nodes (SLB; worked example 19).
func dynamicPorts(c *aks.Cluster) []audit.Hit {
	s := clusterScale(c)
	small := netmodel.LBDefaultPortsPerNodeSmall
	if s.total() <= 50 {
		return nil
	}
	per := "fewer than " + fmt.Sprint(netmodel.LBDefaultPortsPerNodeUpTo100.Value)
	if p := netmodel.LBDefaultPortsPerNode(s.total()); p > 0 {
		per = fmt.Sprint(p)
	}
	o, p := scaleOrigin(s)
	return []audit.Hit{{
		Message: fmt.Sprintf("with the default port allocation each node gets %d SNAT ports up to 50 nodes (%s), but the pools reach %d nodes plus %d surge = %d, where it drops to %s per node",
			small.Value, small.Source, s.maxNodes, s.surge, s.total(), per),
		At: o, Pool: p, Severity: audit.Low,
		Remediation: "Fix the allocation and size the IPs with the SLB formula (64,000 / ports per node × IPs ≥ max nodes + surge): az aks update " + target(c) +
			" --load-balancer-outbound-ports <ports> --load-balancer-managed-outbound-ip-count <n>; or use a NAT gateway (64,512 flows per IP, NATGW)",
	}}
}

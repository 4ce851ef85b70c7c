package armjson_test

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
)

// summary renders a document compactly for golden files: one block per
// cluster with the fields a reader must get right. "*" marks a defaulted
// value, "?" an unknown one, "-" an absent one.
func summary(doc aks.Document) string {
	var b strings.Builder
	for _, c := range doc.Clusters {
		n := c.Network
		fmt.Fprintf(&b, "cluster %s [%s] identity=%s\n", show(c.Name), c.Address, show(c.Identity))
		fmt.Fprintf(&b, "  model=%s plugin=%s mode=%s dataplane=%s policy=%s\n",
			show(n.Model), show(n.Plugin), show(n.PluginMode), show(n.Dataplane), show(n.Policy))
		fmt.Fprintf(&b, "  pod=%s%s service=%s%s dns=%s outbound=%s lbsku=%s private=%s\n",
			show(n.PodCIDR), list(n.PodCIDRs), show(n.ServiceCIDR), list(n.ServiceCIDRs), show(n.DNSServiceIP),
			show(n.OutboundType), show(n.LoadBalancerSKU), show(c.APIServer.Private))
		for _, p := range c.Pools {
			fmt.Fprintf(&b, "  pool %s count=%s min=%s max=%s maxPods=%s os=%s mode=%s subnet=%s podSubnet=%s\n",
				show(p.Name), show(p.Count), show(p.MinCount), show(p.MaxCount), show(p.MaxPods), show(p.OS), show(p.Mode),
				show(p.Subnet), show(p.PodSubnet))
		}
	}
	for _, v := range doc.VNets {
		fmt.Fprintf(&b, "vnet %s space=%v\n", v.Name, v.AddressSpace)
		for _, s := range v.Subnets {
			fmt.Fprintf(&b, "  subnet %s %v delegations=%v\n", s.Name, s.Prefixes, s.Delegations)
		}
		for _, p := range v.Peerings {
			fmt.Fprintf(&b, "  peering %s remote=%v\n", p.Name, p.RemoteSpace)
		}
	}
	for _, d := range doc.Diagnostics {
		fmt.Fprintf(&b, "diag %s\n", d.String())
	}
	return b.String()
}

func show[T any](v aks.Value[T]) string {
	switch v.State {
	case aks.Absent:
		return "-"
	case aks.Unknown:
		return "?"
	case aks.Defaulted:
		return fmt.Sprint(v.V) + "*"
	}
	return fmt.Sprint(v.V)
}

func list(l []aks.Value[netip.Prefix]) string {
	if len(l) < 2 {
		return ""
	}
	var s []string
	for _, v := range l {
		s = append(s, show(v))
	}
	return "[" + strings.Join(s, ",") + "]"
}

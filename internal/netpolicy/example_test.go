package netpolicy_test

import (
	"fmt"

	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/netpolicy"
)

// Build makes a default deny and a DNS allowance per namespace, with the
// engine's limits as notes.
func ExampleBuild() {
	b, _ := netpolicy.Build(netpolicy.Options{Namespaces: []string{"payments"}, Engine: netmodel.PolicyCilium, LocalDNS: true})
	for _, p := range b.Policies {
		fmt.Println(p.Namespace, p.Name, p.Spec.PolicyTypes)
	}
	fmt.Println(b.Notes[0].Text, "("+b.Notes[0].Source+")")
	fmt.Println(b.Policies[1].Spec.Egress[1].To[0].IPBlock.CIDR)
	// Output:
	// payments default-deny-all [Ingress Egress]
	// payments allow-dns-egress [Egress]
	// Cilium does not select pod or node IPs by ipBlock: use pod and namespace selectors for in-cluster peers. (CIL)
	// 169.254.10.0/24
}

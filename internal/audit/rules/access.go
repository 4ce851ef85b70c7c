package rules

import (
	"fmt"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
)

var publicAPIServer = audit.Rule{
	ID: "AKSNET-017", Name: "PublicAPIServerUnrestricted", Severity: audit.High,
	Title: "public API server without authorized IP ranges",
	Rationale: "A public API server without authorized IP ranges accepts connections from the whole internet (AUTHIP). Private clusters, " +
		"including API-server-VNet-integrated private clusters, have no public endpoint to restrict and can't use authorized ranges at all (AUTHIP; PRIV) — they pass.",
	Remediation: "Restrict the endpoint (at most 200 ranges; AUTHIP): az aks update --resource-group <resource-group> --name <cluster> --api-server-authorized-ip-ranges <cidr>[,<cidr>...]; " +
		"or make the cluster private (new clusters: az aks create --enable-private-cluster; existing: API Server VNet Integration, VNETINT).",
	Sources:     []string{"AUTHIP", "PRIV", "VNETINT", "POL"},
	Links:       links("AUTHIP", "PRIV"),
	AzurePolicy: "0e246bcf-5f6f-4f87-bc6f-775d4712c7ea",
	Policy:      publicAPIServerPolicy,
	Check: func(c *aks.Cluster, f *audit.Fleet) []audit.Hit {
		a := &c.APIServer
		if a.Private.State == aks.Unknown || a.Private.Or(false) {
			return nil
		}
		if a.AuthorizedIPRanges.State == aks.Unknown {
			return nil
		}
		rem := func() string {
			rg, name := targetParts(c)
			return "az aks update --resource-group " + rg + " --name " + name + " --api-server-authorized-ip-ranges <cidr>[,<cidr>...]"
		}
		ranges := a.AuthorizedIPRanges.Or(nil)
		if len(ranges) == 0 {
			o := at(a.AuthorizedIPRanges)
			if o.File == "" {
				o = at(a.Private)
			}
			msg := "the API server is public (enablePrivateCluster is set false) and has no authorized IP ranges: any internet address can reach it"
			if stated(a.Private) == "defaulted" {
				msg = "the API server is public (enablePrivateCluster is defaulted false) and has no authorized IP ranges: any internet address can reach it"
			}
			return []audit.Hit{{Message: msg, At: o, Remediation: rem()}}
		}
		for _, r := range ranges {
			if r.Bits() == 0 {
				return []audit.Hit{{
					Message: fmt.Sprintf("authorized IP range %s admits every address: the API server is effectively unrestricted", r),
					At:      at(a.AuthorizedIPRanges), Remediation: rem(),
				}}
			}
		}
		return nil
	},
}

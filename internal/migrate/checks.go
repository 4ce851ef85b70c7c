package migrate

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// k8sCheck: Kubernetes 1.27 or later (UPD; netmodel.OverlayMigrationMinK8sMinor).
func (b *builder) k8sCheck(s int) {
	v := b.c.KubernetesVersion
	c := Check{Code: CodeK8sVersion, Title: "Kubernetes version", Stage: s, Evidence: v.Origin, Source: netmodel.OverlayMigrationMinK8sMinor.Source,
		Hint: fmt.Sprintf("upgrade the cluster to Kubernetes %s or later first (az aks upgrade)", minK8s)}
	switch ver, known := v.Get(); {
	case !known && v.State == aks.Unknown:
		c.Status, c.Message = Unknown, "the Kubernetes version can't be resolved"
		c.Hint = fmt.Sprintf("confirm the cluster runs Kubernetes %s or later", minK8s)
	case !known:
		c.Status, c.Message = Unknown, "the input does not give the Kubernetes version"
		c.Hint = fmt.Sprintf("confirm the cluster runs Kubernetes %s or later (az aks show --query currentKubernetesVersion)", minK8s)
	default:
		pv, err := aks.ParseK8sVersion(ver)
		switch {
		case err != nil:
			c.Status, c.Message = Unknown, fmt.Sprintf("Kubernetes version %q is not a version number", ver)
			c.Hint = fmt.Sprintf("confirm the cluster runs Kubernetes %s or later", minK8s)
		case pv.Less(minK8s):
			c.Status, c.Message = Fail, fmt.Sprintf("Kubernetes %s is below %s", ver, minK8s)
		default:
			c.Status, c.Message, c.Hint = Pass, fmt.Sprintf("Kubernetes %s is %s or later", ver, minK8s), ""
		}
	}
	b.check(c)
}

// policyCheck: no network policy engine enabled (UPD). It returns the
// check's index.
func (b *builder) policyCheck(s int) int {
	v := b.c.Network.Policy
	c := Check{Code: CodePolicyEngine, Title: "network policy engine", Stage: s, Evidence: v.Origin, Source: "UPD; NETPOL"}
	switch e, known := v.Get(); {
	case !known:
		c.Status, c.Message = Unknown, "the network policy engine can't be resolved"
		c.Hint = "confirm networkPolicy is none, or remove the engine with --network-policy none first"
	case e == netmodel.PolicyNone:
		c.Status, c.Message = Pass, "no network policy engine is enabled"
	case e == netmodel.PolicyCilium:
		c.Status = Unknown
		c.Message = "Cilium enforces policy as part of the Cilium data plane; UPD gives no step to remove it before an IPAM migration"
		c.Hint = "confirm with Microsoft support that the IPAM migration runs with the Cilium data plane (since 2026-05-12 UPD allows either order)"
	default:
		c.Status = Fail
		c.Message = fmt.Sprintf("networkPolicy is %s; the IPAM migration needs no engine enabled", e)
		c.Hint = "uninstall the engine first: az aks update --network-policy none"
	}
	return b.check(c)
}

// podSubnetCheck: a cluster with pod subnets (dynamic IP allocation) can't
// move to Overlay in place (UPD); the check points at the pod subnet that
// rules the in-place path out.
func (b *builder) podSubnetCheck(s int) {
	c := Check{Code: CodePodSubnet, Title: "dynamic pod IP allocation", Stage: s, Source: "UPD", Status: Pass,
		Message: "no pool has a pod subnet", Evidence: b.c.Source}
	for _, pl := range b.c.Pools {
		if pl.PodSubnetID.Known() {
			c.Status, c.Evidence = Fail, pl.PodSubnetID.Origin
			c.Message = fmt.Sprintf("pool %s uses a pod subnet (dynamic IP allocation), which can't move to Overlay in place", pl.Name.Or("?"))
			c.Hint = "build a new cluster and cut over"
			break
		}
	}
	b.check(c)
}

// windowsPools returns the Windows pools and the pools whose OS is unknown.
func (b *builder) windowsPools() (win, unknown []aks.NodePool) {
	for _, pl := range b.c.Pools {
		switch os, ok := pl.OS.Get(); {
		case ok && strings.EqualFold(os, "windows"):
			win = append(win, pl)
		case !ok:
			unknown = append(unknown, pl)
		}
	}
	return win, unknown
}

func poolNames(ps []aks.NodePool) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Name.Or("?"))
	}
	return strings.Join(s, ", ")
}

// windowsOverlayCheck: Windows pools must not run Docker and need build
// 20348.1668 or later (UPD). The model carries neither, so Windows pools
// make the check unknown.
func (b *builder) windowsOverlayCheck(s int) {
	win, unk := b.windowsPools()
	c := Check{Code: CodeWindowsOverlay, Title: "Windows pools", Stage: s, Source: "UPD", Status: Pass,
		Message: "no Windows pools", Evidence: b.c.Source}
	var old []aks.NodePool
	for _, pl := range win {
		if sku, ok := pl.OSSKU.Get(); ok && strings.EqualFold(sku, "Windows2019") {
			old = append(old, pl)
		}
	}
	switch {
	case len(old) > 0:
		c.Status, c.Evidence, c.Source = Fail, old[0].OSSKU.Origin, "UPD; OVL"
		c.Message = "Windows pool(s) " + poolNames(old) + " run Windows Server 2019; Overlay supports Windows Server 2022 and 2025"
		c.Hint = "replace them with Windows2022 or Windows2025 pools before migrating"
	case len(win) > 0:
		c.Status, c.Evidence = Unknown, win[0].OS.Origin
		c.Message = "Windows pool(s) " + poolNames(win) + ": the input does not say the container runtime or the Windows build"
		c.Hint = "confirm they run containerd (not Docker) on build 20348.1668 or later; older builds mis-SNAT host-network pods"
	case len(unk) > 0:
		c.Status, c.Evidence = Unknown, unk[0].OS.Origin
		c.Message = "the OS of pool(s) " + poolNames(unk) + " can't be resolved"
		c.Hint = "confirm which pools run Windows"
	}
	b.check(c)
}

// windowsCiliumCheck: the Cilium data plane is Linux only (UPD; CIL).
func (b *builder) windowsCiliumCheck(s int) {
	win, unk := b.windowsPools()
	src := netmodel.CiliumDataplane.Windows.Source
	c := Check{Code: CodeWindowsCilium, Title: "Windows pools", Stage: s, Source: "UPD; " + src, Status: Pass,
		Message: "no Windows pools", Evidence: b.c.Source}
	switch {
	case len(win) > 0:
		c.Status, c.Evidence = Fail, win[0].OS.Origin
		c.Message = "Windows pool(s) " + poolNames(win) + ": the Cilium data plane is Linux only"
		c.Hint = "move the Windows workloads off and delete the Windows pools first, or keep the azure data plane"
	case len(unk) > 0:
		c.Status, c.Evidence = Unknown, unk[0].OS.Origin
		c.Message = "the OS of pool(s) " + poolNames(unk) + " can't be resolved"
		c.Hint = "confirm no pool runs Windows"
	}
	b.check(c)
}

// identityCheck: kubenet needs a user-assigned managed identity to migrate
// (UPD: to detach the route table).
func (b *builder) identityCheck(s int) {
	v := b.c.Identity
	c := Check{Code: CodeIdentity, Title: "cluster identity", Stage: s, Evidence: v.Origin, Source: "UPD"}
	hint := "switch to a user-assigned managed identity first: az aks update --enable-managed-identity --assign-identity <identity-resource-id>"
	switch id, known := v.Get(); {
	case !known && v.State == aks.Unknown:
		c.Status, c.Message, c.Hint = Unknown, "the cluster identity can't be resolved", "confirm the cluster uses a user-assigned managed identity"
	case !known:
		c.Status, c.Message = Unknown, "the input gives neither identity nor service principal"
		c.Hint = "confirm the cluster uses a user-assigned managed identity (az aks show --query identity.type)"
	case id == aks.IdentityUserAssigned:
		c.Status, c.Message = Pass, "a user-assigned managed identity, which can detach the route table"
	default:
		c.Status = Fail
		c.Message = fmt.Sprintf("identity is %s; kubenet → Overlay needs a user-assigned managed identity (to detach the route table)", id)
		c.Hint = hint
	}
	b.check(c)
}

// poolTypeChecks: no availability sets and no DCsv2 VMs on Overlay (OVL).
func (b *builder) poolTypeChecks(s int) {
	as := Check{Code: CodeAvailabilitySet, Title: "pool type", Stage: s, Source: netmodel.OverlayUnsupportedPoolTypes.Source,
		Status: Pass, Message: "no availability-set pools", Evidence: b.c.Source}
	dc := Check{Code: CodeDCsv2, Title: "VM series", Stage: s, Source: netmodel.OverlayUnsupportedVMSeries.Source,
		Status: Pass, Message: "no DCsv2-series pools", Evidence: b.c.Source}
	var asUnk, dcUnk []aks.NodePool
	for _, pl := range b.c.Pools {
		switch t, ok := pl.Type.Get(); {
		case ok && strings.EqualFold(t, "AvailabilitySet"):
			if as.Status != Fail {
				as.Status, as.Evidence = Fail, pl.Type.Origin
				as.Message = fmt.Sprintf("pool %s uses an availability set; Overlay doesn't support them", pl.Name.Or("?"))
				as.Hint = "replace the pool with a VirtualMachineScaleSets pool before migrating"
			}
		case !ok && pl.Type.State == aks.Unknown:
			asUnk = append(asUnk, pl)
		}
		switch v, ok := pl.VMSize.Get(); {
		case ok && netmodel.IsDCsv2(v):
			if dc.Status != Fail {
				dc.Status, dc.Evidence = Fail, pl.VMSize.Origin
				dc.Message = fmt.Sprintf("pool %s uses %s (DCsv2 series); Overlay doesn't support it", pl.Name.Or("?"), v)
				dc.Hint = "move the workloads to a pool of another VM series (for example DCasv5) and delete this pool first"
			}
		case !ok && pl.VMSize.State == aks.Unknown:
			dcUnk = append(dcUnk, pl)
		}
	}
	if as.Status == Pass && len(asUnk) > 0 {
		as.Status, as.Evidence = Unknown, asUnk[0].Type.Origin
		as.Message, as.Hint = "the type of pool(s) "+poolNames(asUnk)+" can't be resolved", "confirm the pools are VirtualMachineScaleSets"
	}
	if dc.Status == Pass && len(dcUnk) > 0 {
		dc.Status, dc.Evidence = Unknown, dcUnk[0].VMSize.Origin
		dc.Message, dc.Hint = "the VM size of pool(s) "+poolNames(dcUnk)+" can't be resolved", "confirm no pool uses a DCsv2-series size"
	}
	b.check(as)
	b.check(dc)
}

// staticBlockCheck: the Cilium migration of a pod-subnet cluster needs
// dynamic allocation (UPD and CIL list Pod Subnet dynamic; STB lists Cilium
// for static block, but for new clusters and pools only).
func (b *builder) staticBlockCheck(s int) {
	c := Check{Code: CodeStaticBlock, Title: "pod IP allocation", Stage: s, Source: "UPD; CIL; STB", Status: Pass,
		Message: "every pod subnet uses dynamic allocation", Evidence: b.c.Source}
	var unk []aks.NodePool
	for _, pl := range b.c.Pools {
		if pl.PodSubnetID.State == aks.Absent {
			continue
		}
		switch a, ok := pl.PodIPAllocation.Get(); {
		case ok && a == netmodel.StaticBlock:
			if c.Status != Fail {
				c.Status, c.Evidence = Fail, pl.PodIPAllocation.Origin
				c.Message = fmt.Sprintf("pool %s uses static block allocation; the documented Cilium migration covers dynamic pod subnets", pl.Name.Or("?"))
				c.Hint = "static block with Cilium is documented for new clusters and pools only: plan a new cluster"
			}
		case !ok:
			unk = append(unk, pl)
		}
	}
	if c.Status == Pass && len(unk) > 0 {
		c.Status, c.Evidence = Unknown, unk[0].PodIPAllocation.Origin
		c.Message = "the pod IP allocation of pool(s) " + poolNames(unk) + " can't be resolved"
		c.Hint = "confirm podIPAllocationMode is DynamicIndividual"
	}
	b.check(c)
}

// podCIDRChecks checks the pod CIDR the overlay stage will use: kubenet's
// own (kept when --pod-cidr is omitted), or for Node Subnet the overlay
// default. It must overlap neither the VNet (whole address space, UPD),
// its peers (OVL), the pool subnets, the service CIDR (UPD), the forbidden
// ranges (CNIOV) nor the avoided ranges, and must hold a /24 per node at
// maximum plus surge (OVL; KUB). When it fails, a proposed pod CIDR is
// carved and passed with --pod-cidr. It returns the checks' indexes.
func (b *builder) podCIDRChecks(s int) []int {
	cand, origin := azaddr.DefaultPodCIDR, aks.Origin{Note: fmt.Sprintf("%s has no pod CIDR yet: the overlay default %s (OVLCFG; SPEC) is checked", b.model, azaddr.DefaultPodCIDR)}
	candKnown := true
	if b.model == netmodel.Kubenet {
		v := b.c.Network.PodCIDR
		cand, candKnown = v.Get()
		origin = v.Origin
	}
	ov := Check{Code: CodePodCIDROverlap, Title: "pod CIDR overlap", Stage: s, Source: "UPD; OVL; CNIOV", Evidence: origin}
	sz := Check{Code: CodePodCIDRSize, Title: "pod CIDR size", Stage: s, Source: "OVL; KUB", Evidence: origin}
	if !candKnown {
		ov.Status, ov.Message = Unknown, "the pod CIDR can't be resolved"
		sz.Status, sz.Message = Unknown, ov.Message
	} else {
		ov.Status, ov.Message, ov.Hint = b.overlap(cand)
		sz.Status, sz.Message, sz.Hint = b.size(cand)
	}
	b.podCIDR = cand
	b.podCIDRFlag = b.model != netmodel.Kubenet
	if ov.Status == Fail || sz.Status == Fail || !candKnown {
		if p := b.proposePodCIDR(); p.IsValid() {
			b.p.ProposedPodCIDR, b.podCIDR, b.podCIDRFlag = p, p, true
			for _, c := range []*Check{&ov, &sz} {
				if c.Status != Pass {
					c.Hint = fmt.Sprintf("use --pod-cidr %s (proposed: clear of the known VNet, service CIDR, forbidden and avoided ranges)", p)
				}
			}
		}
	}
	return []int{b.check(ov), b.check(sz)}
}

// overlap checks a pod CIDR against every range it must not overlap.
func (b *builder) overlap(p netip.Prefix) (Status, string, string) {
	var conflicts, unknown []string
	if len(b.vnets) > 0 {
		for _, v := range b.vnets {
			for _, a := range v.AddressSpace {
				if a.Overlaps(p) {
					conflicts = append(conflicts, fmt.Sprintf("VNet %s address space %s", v.Name, a))
				}
			}
			for _, pe := range v.Peerings {
				for _, a := range pe.RemoteSpace {
					if a.Overlaps(p) {
						conflicts = append(conflicts, fmt.Sprintf("peered network %s (%s)", a, pe.Name))
					}
				}
			}
		}
	} else {
		byo := false
		for _, pl := range b.c.Pools {
			if pl.SubnetID.State != aks.Absent {
				byo = true
			}
			if v, ok := pl.Subnet.Get(); ok && v.Overlaps(p) {
				conflicts = append(conflicts, fmt.Sprintf("pool %s's subnet %s", pl.Name.Or("?"), v))
			}
		}
		if byo {
			unknown = append(unknown, "the VNet's address space is not in the inputs (add the VNet inventory)")
		} else {
			unknown = append(unknown, "the cluster uses an AKS-managed VNet whose address space the input doesn't give")
		}
	}
	switch v := b.c.Network.ServiceCIDR; {
	case v.Known():
		if v.V.Overlaps(p) {
			conflicts = append(conflicts, "the service CIDR "+v.V.String())
		}
	default:
		unknown = append(unknown, "the service CIDR can't be resolved")
	}
	if f, bad := azaddr.ForbiddenOverlap(p); bad {
		conflicts = append(conflicts, fmt.Sprintf("%s, which AKS reserves (CNIOV)", f))
	}
	for _, a := range b.opts.Avoid {
		if a.Overlaps(p) {
			conflicts = append(conflicts, "the avoided range "+a.String())
		}
	}
	switch {
	case len(conflicts) > 0:
		return Fail, fmt.Sprintf("pod CIDR %s overlaps %s", p, strings.Join(conflicts, "; ")), ""
	case len(unknown) > 0:
		return Unknown, fmt.Sprintf("pod CIDR %s overlaps nothing known, but %s", p, strings.Join(unknown, "; ")),
			"check the pod CIDR against the VNet's whole address space and directly connected networks"
	}
	return Pass, fmt.Sprintf("pod CIDR %s overlaps neither the VNet, its peers, the service CIDR, a forbidden nor an avoided range", p), ""
}

// size checks that p holds a /24 per node at maximum plus surge.
func (b *builder) size(p netip.Prefix) (Status, string, string) {
	if !b.poolsKnown {
		return Unknown, "the node counts of some pools can't be resolved, so the demand is unknown", "give every pool's count (and autoscaler maximum) literally"
	}
	r := b.req
	r.Choice = netmodel.Choice{Model: netmodel.AzureOverlay}
	r.PodCIDR = p
	pl := ipplan.Compute(r)
	n := pl.PodCIDR
	if n == nil || n.Fits == nil {
		return Unknown, fmt.Sprintf("pod CIDR %s is not an IPv4 range the planner can size", p), "use an IPv4 pod CIDR"
	}
	msg := fmt.Sprintf("pod CIDR %s holds %d /24 blocks (one per node); %d nodes at maximum plus surge need %d",
		p, *n.NodesSupported, pl.Nodes.Peak, n.RequiredBlocks)
	if !*n.Fits {
		return Fail, msg, fmt.Sprintf("use a /%d or larger pod CIDR", n.MinPrefixLength)
	}
	return Pass, msg, ""
}

// ciliumPolicyCheck: enabling the Cilium data plane uninstalls Azure NPM or
// Calico and enforces policy with Cilium (UPD; CIL); the engine only has to
// be known.
func (b *builder) ciliumPolicyCheck(s int) {
	v := b.c.Network.Policy
	c := Check{Code: CodePolicyReplaced, Title: "network policy engine", Stage: s, Evidence: v.Origin, Source: "UPD; CIL", Status: Pass}
	switch e, known := v.Get(); {
	case !known:
		c.Status, c.Message = Unknown, "the network policy engine can't be resolved"
		c.Hint = "confirm which engine runs: Azure NPM and Calico are uninstalled when the Cilium data plane is enabled"
	case len(b.p.Stages) > 1 && (e == netmodel.PolicyAzure || e == netmodel.PolicyCalico):
		c.Message = fmt.Sprintf("%s is removed before the IPAM stage; Cilium enforces NetworkPolicy once every node is reimaged", engineTitle(e))
	case e == netmodel.PolicyAzure || e == netmodel.PolicyCalico:
		c.Message = fmt.Sprintf("%s is uninstalled and replaced by Cilium, which enforces the same NetworkPolicy objects", engineTitle(e))
		c.Hint = "review policies against Cilium's limits (no ipBlock for pod or node IPs, no hostNetwork pods)"
	default:
		c.Message = fmt.Sprintf("networkPolicy %s; Cilium enforces NetworkPolicy once every node is reimaged", e)
	}
	b.check(c)
}

// engineTitle names a policy engine with its networkPolicy value.
func engineTitle(e netmodel.PolicyEngine) string {
	if en, ok := netmodel.LookupEngine(e); ok && en.Title != string(e) {
		return fmt.Sprintf("%s (%s)", en.Title, e)
	}
	return string(e)
}

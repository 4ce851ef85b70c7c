package migrate

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/ipplan"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// builder carries one PlanCluster call's state.
type builder struct {
	c     aks.Cluster
	vnets []aks.VNet // the VNets holding the cluster's pools
	opts  Options
	p     Plan

	model      netmodel.ID
	modelKnown bool
	req        ipplan.Request
	// poolsKnown: every pool's count is known, so the demand is complete.
	poolsKnown bool
	name, rg   string
	// podCIDR is the pod CIDR the overlay stage uses and podCIDRFlag says
	// whether the command passes it (kubenet keeps its own when omitted).
	podCIDR     netip.Prefix
	podCIDRFlag bool
}

// newBuilder starts a plan for c; vnets are the VNets holding its pools.
func newBuilder(c aks.Cluster, vnets []aks.VNet, opts Options) *builder {
	b := &builder{c: c, opts: opts, vnets: vnets}
	b.model, b.modelKnown = c.Network.Model.Get()
	var ds diag.List
	b.req, ds = ipplan.FromCluster(c)
	b.poolsKnown = len(b.req.Pools) == len(c.Pools) && len(c.Pools) > 0
	_ = ds // unresolved values show up as unknown checks instead
	b.name = clusterName(c)
	b.rg = resourceGroup(c.ResourceID)
	if b.rg == "" {
		b.rg = rgPlaceholder
	}
	b.p = Plan{
		Cluster: audit.ClusterName(&c), Address: c.Address, Source: c.Source, Target: opts.Target,
		From:   Current{Model: b.model, Dataplane: c.Network.Dataplane.Or(""), Policy: c.Network.Policy.Or("")},
		Stages: []Stage{}, Checks: []Check{}, Commands: []Command{}, Disruption: []Note{}, Readings: []Note{},
		Diagnostics: diag.List{},
	}
	if rg := resourceGroup(c.ResourceID); rg != "" {
		b.p.ResourceGroup = rg
	}
	return b
}

// evidence returns o, or the cluster's definition (keeping o's note) when o
// has no place of its own (a defaulted or derived value).
func (b *builder) evidence(o aks.Origin) aks.Origin {
	if o.File == "" && o.Path == "" {
		s := b.c.Source
		s.Note = o.Note
		return s
	}
	return o
}

func (b *builder) check(c Check) int {
	c.Evidence = b.evidence(c.Evidence)
	b.p.Checks = append(b.p.Checks, c)
	return len(b.p.Checks) - 1
}

func (b *builder) stage(s Stage) int {
	s.N = len(b.p.Stages) + 1
	b.p.Stages = append(b.p.Stages, s)
	return s.N
}

func (b *builder) command(stage int, run, why, source string, manual bool) int {
	n := len(b.p.Commands) + 1
	b.p.Commands = append(b.p.Commands, Command{N: n, Stage: stage, Run: run, Why: why, Source: source, Manual: manual})
	return n
}

func (b *builder) disrupt(stage int, source, format string, args ...any) {
	b.p.Disruption = append(b.p.Disruption, Note{Stage: stage, Text: fmt.Sprintf(format, args...), Source: source})
}

func (b *builder) reading(source, format string, args ...any) {
	n := Note{Text: fmt.Sprintf(format, args...), Source: source}
	if !slices.Contains(b.p.Readings, n) {
		b.p.Readings = append(b.p.Readings, n)
	}
}

func (b *builder) update(flags string) string {
	return fmt.Sprintf("az aks update --name %s --resource-group %s %s", b.name, b.rg, flags)
}

// plan chooses the path and fills the plan.
func (b *builder) plan() {
	p := &b.p
	if _, err := ParseTarget(string(b.opts.Target)); err != nil {
		p.Path = Undecided
		p.Summary = err.Error()
		p.Diagnostics.Add(diag.Diagnostic{Code: CodeTargetUnknown, Severity: diag.Error, Message: err.Error(),
			Hint: "use azure-overlay, cilium or azure-pod-subnet"})
		return
	}
	if !b.modelKnown {
		p.Path = Undecided
		p.Summary = "the cluster's networking model can't be resolved, so no path can be chosen"
		b.check(Check{Code: CodeModelUnknown, Title: "networking model", Stage: 0, Status: Unknown,
			Message:  "networkPlugin / networkPluginMode can't be resolved: " + b.c.Network.Model.Origin.Note,
			Evidence: b.firstOrigin(b.c.Network.Plugin.Origin, b.c.Network.PluginMode.Origin, b.c.Network.Model.Origin),
			Hint:     "give networkPlugin (and networkPluginMode) literally, or the Kubernetes version it defaults from", Source: "SPEC"})
		b.finish()
		return
	}
	dp := b.c.Network.Dataplane.Or(netmodel.DataplaneAzure)
	var toOverlay, toCilium, fresh bool
	switch b.opts.Target {
	case ToOverlay:
		switch b.model {
		case netmodel.Kubenet, netmodel.AzureNodeSubnet:
			toOverlay = true
		case netmodel.AzurePodSubnet, netmodel.BYOCNI:
			fresh = true
		}
	case ToCilium:
		switch b.model {
		case netmodel.Kubenet, netmodel.AzureNodeSubnet:
			toOverlay, toCilium = true, dp != netmodel.DataplaneCilium
		case netmodel.AzureOverlay, netmodel.AzurePodSubnet:
			toCilium = dp != netmodel.DataplaneCilium
		case netmodel.BYOCNI:
			fresh = true
		}
	case ToPodSubnet:
		fresh = b.model != netmodel.AzurePodSubnet
	}
	switch {
	case fresh:
		b.newCluster()
	case toOverlay || toCilium:
		if toOverlay {
			b.overlayStage()
		}
		if toCilium {
			b.ciliumStage()
		}
		if toOverlay && toCilium {
			p.Path = Staged
		} else {
			p.Path = InPlace
		}
	default:
		p.Path = AtTarget
	}
	b.addresses()
	b.summary()
	b.finish()
}

func (b *builder) firstOrigin(os ...aks.Origin) aks.Origin {
	for _, o := range os {
		if o.File != "" || o.Path != "" {
			return o
		}
	}
	if len(os) > 0 {
		return os[len(os)-1]
	}
	return aks.Origin{}
}

// summary writes the one-line explanation.
func (b *builder) summary() {
	p := &b.p
	from := string(b.model)
	if p.From.Dataplane == netmodel.DataplaneCilium {
		from += " with the Cilium data plane"
	}
	switch p.Path {
	case AtTarget:
		switch {
		case b.opts.Target == ToCilium:
			p.Summary = fmt.Sprintf("already at the target: %s", from)
		case b.opts.Target == ToOverlay && p.From.Dataplane == netmodel.DataplaneCilium:
			p.Summary = fmt.Sprintf("already at the target: %s (the data plane is kept; Overlay is forward-only, UPD)", from)
		default:
			p.Summary = fmt.Sprintf("already at the target: %s", from)
		}
	case InPlace:
		p.Summary = fmt.Sprintf("in place, one-way: %s", p.Stages[0].Title)
	case Staged:
		var t []string
		for _, s := range p.Stages {
			t = append(t, s.Title)
		}
		p.Summary = "staged, one operation at a time, one-way: " + strings.Join(t, "; then ")
	case NewCluster:
		p.Summary = p.Stages[0].Title
	}
	if b.model == netmodel.Kubenet && p.Path != AtTarget {
		p.Summary += fmt.Sprintf(" — kubenet retires %s (%s)", netmodel.KubenetRetires.Value, netmodel.KubenetRetires.Source)
	}
}

// finish derives Blocked and the diagnostics.
func (b *builder) finish() {
	p := &b.p
	for _, c := range p.Checks {
		if c.Blocking() {
			p.Blocked = true
		}
		var sev diag.Severity
		switch {
		case c.Status == Fail && c.FixedBy == 0:
			sev = diag.Error
		case c.Status == Fail:
			sev = diag.Info
		case c.Status == Unknown:
			sev = diag.Warning
		default:
			continue
		}
		hint := c.Hint
		if c.FixedBy > 0 {
			hint = fmt.Sprintf("command %d of the plan does this", c.FixedBy)
		}
		o := c.Evidence
		p.Diagnostics.Add(diag.Diagnostic{Code: c.Code, Severity: sev, Message: c.Title + ": " + c.Message, Detail: o.Note,
			Hint: hint, File: o.File, Line: o.Line, Column: o.Column, Path: o.Path, Source: c.Source})
	}
}

// --- stages ---------------------------------------------------------------

// overlayStage is kubenet or Node Subnet → Azure CNI Overlay (UPD).
func (b *builder) overlayStage() {
	s := b.stage(Stage{Kind: "ipam", Title: fmt.Sprintf("%s → azure-overlay (IPAM)", b.model), OneWay: true, Source: "UPD"})
	b.k8sCheck(s)
	pol := b.policyCheck(s)
	b.windowsOverlayCheck(s)
	if b.model == netmodel.Kubenet {
		b.identityCheck(s)
	}
	b.poolTypeChecks(s)
	podChecks := b.podCIDRChecks(s)

	engine := b.c.Network.Policy.Or(netmodel.PolicyNone)
	if pol >= 0 && b.p.Checks[pol].Status == Fail && (engine == netmodel.PolicyAzure || engine == netmodel.PolicyCalico) {
		n := b.command(s, b.update("--network-policy none"),
			fmt.Sprintf("remove the %s network policy engine: an IPAM migration needs none enabled (UPD); set none before any other engine (NETPOL)", engine), "UPD; NETPOL", false)
		b.p.Checks[pol].FixedBy = n
		b.disrupt(s, "NETPOL", "from command %d until an engine is enabled again, no network policy is enforced (networkPolicy none: no enforcement)", n)
	}
	flags := "--network-plugin azure --network-plugin-mode overlay"
	if b.podCIDRFlag {
		flags += " --pod-cidr " + b.podCIDR.String()
	}
	why := fmt.Sprintf("move the IPAM from %s to Azure CNI Overlay in place", b.model)
	if b.model == netmodel.Kubenet && !b.podCIDRFlag {
		why += fmt.Sprintf("; the pod CIDR %s is kept when --pod-cidr is omitted", b.podCIDR)
	}
	src := "UPD"
	if b.model == netmodel.Kubenet && b.podCIDRFlag {
		why += "; kubenet may take a new pod CIDR during the migration (allowed since about 2025-09)"
		src = "UPD; GH-5278"
	}
	n := b.command(s, b.update(flags), why, src, false)
	for _, i := range podChecks {
		if b.p.Checks[i].Status != Pass && b.p.ProposedPodCIDR.IsValid() {
			b.p.Checks[i].FixedBy = n
		}
	}
	if engine == netmodel.PolicyAzure || engine == netmodel.PolicyCalico {
		if b.opts.Target == ToOverlay {
			e, _ := netmodel.LookupEngine(engine)
			why := fmt.Sprintf("enable %s again on Overlay (it works with azure-overlay, %s)", e.Title, e.Models.Source)
			src := "NETPOL"
			if e.RetiresLinux != nil {
				why += fmt.Sprintf("; Azure NPM on Linux is unsupported from %s (%s): consider --to cilium instead", e.RetiresLinux.Value, e.RetiresLinux.Source)
				src += "; " + e.RetiresLinux.Source
			}
			m := b.command(s, b.update("--network-policy "+string(engine)), why, src, false)
			b.disrupt(s, "NETPOL", "command %d installs the engine on an existing cluster, which reimages all node pools at once", m)
		}
	}

	b.disrupt(s, "UPD", "all node pools are reimaged at the same time, so every workload restarts together (plan a maintenance window); migrating one pool at a time is unsupported")
	b.disrupt(s, "UPD", "one-way and irreversible: there is no way back to %s", b.model)
	if b.model == netmodel.Kubenet {
		b.disrupt(s, "UPD", "kubenet's route table: a custom route table loses its pod routes; an AKS-managed route table is deleted")
	}
	b.disrupt(s, "UPD", "custom azure-ip-masq-agent ranges break; delete a stale azure-ip-masq-agent-config ConfigMap before migrating")
	ovl := netmodel.MustLookup(netmodel.AzureOverlay)
	if cur := netmodel.MustLookup(b.model); cur.InboundToPods.Value && !ovl.InboundToPods.Value {
		b.disrupt(s, ovl.InboundToPods.Source, "pods stop being reachable directly from the VNet and connected networks: expose them through LoadBalancer services or ingress")
	}
	if cur := netmodel.MustLookup(b.model); cur.SNAT.Value != ovl.SNAT.Value {
		today := map[netmodel.SNATScope]string{
			netmodel.SNATOutsideVNet: "today only destinations outside the VNet see the node IP",
			netmodel.SNATNever:       "today every destination sees the pod IP",
		}[cur.SNAT.Value]
		if today == "" {
			today = "today: " + string(cur.SNAT.Value)
		}
		b.disrupt(s, ovl.SNAT.Source+"; "+cur.SNAT.Source, "pod traffic to any destination outside the pod CIDR is source-NATed to the node IP (%s); allow-lists that name pod IPs must name node IPs", today)
	}
	if b.podCIDRFlag || b.model != netmodel.Kubenet {
		b.disrupt(s, "OVL", "pods get new addresses from the pod CIDR %s, a /24 per node", b.podCIDR)
	}
	if ot, ok := b.c.Network.OutboundType.Get(); ok {
		b.disrupt(s, "EGR", "the outbound type (%s) is not changed by these commands; egress IPs change and connections drop only when the outbound type changes", ot)
	}
	b.reading(netmodel.OverlayMigrationMinK8sMinor.Source, "Kubernetes %s or later is required (UPD; 2023 docs said 1.22): the newer minimum is checked", minK8s)
	if b.model == netmodel.AzureNodeSubnet {
		b.reading("UPD", "UPD's generic Azure CNI tab requires --pod-cidr when leaving legacy Azure CNI, its Node Subnet tab omits it: the command passes it")
	}
	b.reading("UPD; GH-4760", "the pod CIDR is checked against the whole VNet address space (UPD's example), not only its subnets (the 2024-10-25 release's check, GH-4760): the stricter reading")
	b.p.Rollback = fmt.Sprintf("There is no in-place rollback: the move from %s to Overlay is one-way (UPD). Going back means a new cluster with a blue-green cut-over; keep the manifests and the old settings (pod CIDR, policy engine) on record before command 1.", b.model)
}

// ciliumStage switches the data plane to Cilium (UPD; CIL).
func (b *builder) ciliumStage() {
	ipam := b.model
	if len(b.p.Stages) > 0 {
		ipam = netmodel.AzureOverlay
	}
	s := b.stage(Stage{Kind: "dataplane", Title: fmt.Sprintf("azure → cilium data plane over %s", ipam), OneWay: true, Source: "UPD; CIL"})
	b.windowsCiliumCheck(s)
	if ipam == netmodel.AzurePodSubnet {
		b.staticBlockCheck(s)
	}
	b.ciliumPolicyCheck(s)
	n := b.command(s, b.update("--network-dataplane cilium"),
		"switch the data plane to Cilium; the IPAM is unchanged (az CLI 2.52.0 or later; disable node auto-provisioning during the update)", "UPD; CIL", false)
	if s > 1 {
		b.p.Commands[n-1].Why += fmt.Sprintf("; run it only after command %d has finished: IPAM and data plane never change in one operation", n-1)
	}
	b.disrupt(s, "UPD", "all node pools are reimaged together")
	b.disrupt(s, "UPD; CIL", "network policies are enforced only after every node is reimaged")
	b.disrupt(s, netmodel.CiliumDataplane.KubeProxy.Source, "kube-proxy is %s", netmodel.CiliumDataplane.KubeProxy.Value)
	if e, ok := netmodel.LookupEngine(netmodel.PolicyCilium); ok {
		for _, l := range e.Limits[:2] {
			b.disrupt(s, l.Source, "Cilium network policy: %s", l.Value)
		}
	}
	switch {
	case s > 1:
		b.reading("UPD", "until 2026-05-12 UPD said: move the IPAM to Overlay first, then the data plane, and no Cilium upgrade on Node Subnet; since then any IPAM in either order, never both at once. The plan moves the IPAM first, in its own operation, which satisfies both")
	case ipam == netmodel.AzurePodSubnet:
		b.reading("UPD", "until 2026-05-12 UPD said to move the IPAM to Overlay before the data plane, which Pod Subnet can't do (Pod Subnet → Overlay is excluded); since then any Azure CNI IPAM moves to Cilium in place. No stricter in-place path exists, so the plan follows the current text; a new cluster is the fallback")
	default:
		b.reading("UPD", "Overlay → the Cilium data plane is in place under both the text before 2026-05-12 (Overlay first, then the data plane) and the text since (any IPAM, either order)")
	}
	if b.p.Rollback == "" {
		b.p.Rollback = "No documented way back to the azure data plane: treat the switch as one-way (conservative). Going back means a new cluster with a blue-green cut-over."
	} else {
		b.p.Rollback += " The data plane switch has no documented way back either."
	}
}

// newCluster is the blue-green path where no in-place path exists.
func (b *builder) newCluster() {
	why := map[netmodel.ID]string{
		netmodel.Kubenet:         "kubenet's only in-place target is Overlay (UPD)",
		netmodel.AzureOverlay:    "Overlay is forward-only (UPD)",
		netmodel.AzureNodeSubnet: "UPD documents Node Subnet → Overlay only",
		netmodel.AzurePodSubnet:  "Pod Subnet → Overlay is explicitly excluded (UPD)",
		netmodel.BYOCNI:          "UPD documents no path from BYO CNI",
	}[b.model]
	s := b.stage(Stage{Kind: "new-cluster", OneWay: false, Source: "UPD",
		Title: fmt.Sprintf("no in-place path from %s to %s (%s): a new cluster with a blue-green cut-over", b.model, b.opts.Target, why)})
	b.p.Path = NewCluster
	if b.model == netmodel.AzurePodSubnet && b.opts.Target != ToPodSubnet {
		b.podSubnetCheck(s)
	}
	b.p.Diagnostics.Add(diag.Diagnostic{Code: CodeNewCluster, Severity: diag.Info, Source: "UPD",
		Message: fmt.Sprintf("%s: no in-place migration from %s to %s; %s", b.p.Cluster, b.model, b.opts.Target, why),
		Hint:    "build a new cluster beside this one and cut over",
		File:    b.c.Source.File, Line: b.c.Source.Line, Column: b.c.Source.Column, Path: b.c.Source.Path})
	var flags string
	switch b.opts.Target {
	case ToPodSubnet:
		flags = "--network-plugin azure --vnet-subnet-id <new-node-subnet-id> --pod-subnet-id <new-pod-subnet-id>"
	default:
		b.podCIDR = b.proposePodCIDR()
		flags = "--network-plugin azure --network-plugin-mode overlay --pod-cidr " + b.podCIDR.String() + " --vnet-subnet-id <new-node-subnet-id>"
		b.p.ProposedPodCIDR = b.podCIDR
		if b.opts.Target == ToCilium {
			flags += " --network-dataplane cilium"
		}
	}
	newName := "<new-cluster-name>"
	n := b.command(s, fmt.Sprintf("az aks create --name %s --resource-group %s %s", newName, b.rg, flags),
		fmt.Sprintf("create the new %s cluster beside the old one (size its subnets with aksnet carve)", b.opts.Target), "CLI", false)
	for i := range b.p.Checks {
		if b.p.Checks[i].Code == CodePodSubnet && b.p.Checks[i].Status == Fail {
			b.p.Checks[i].FixedBy = n
		}
	}
	b.command(s, "deploy the workloads to the new cluster and verify them while the old cluster keeps serving", "blue-green: the old cluster is the rollback", "", true)
	b.command(s, "shift traffic to the new cluster (DNS, Traffic Manager or Front Door weights), gradually", "cut over", "", true)
	b.command(s, fmt.Sprintf("az aks delete --name %s --resource-group %s", b.name, b.rg), "remove the old cluster once the new one has carried production traffic", "CLI", false)
	b.disrupt(s, "EGR", "the new cluster has its own API server, ingress and egress IP addresses (its outbound type creates new public IPs): update DNS, firewall allow-lists and partners that pin them")
	b.disrupt(s, "derived", "both clusters run during the cut-over: plan node quota and VNet addresses for both")
	b.p.Rollback = "Shift traffic back to the old cluster; delete it only once the new one has served production traffic."
}

// --- address plan ---------------------------------------------------------

func (b *builder) addresses() {
	if !b.poolsKnown {
		return
	}
	before := b.req
	before.Choice.Model = b.model
	bp := ipplan.Compute(before)
	after := b.req
	after.Choice.Allocation = ""
	switch {
	case b.p.Path == AtTarget:
		after = before
	case b.opts.Target == ToPodSubnet:
		after.Choice.Model = netmodel.AzurePodSubnet
		after.Choice.Allocation = netmodel.Dynamic
		after.PodSubnet, after.PodCIDR = netip.Prefix{}, netip.Prefix{}
	case b.model == netmodel.AzurePodSubnet && b.opts.Target == ToCilium:
		after.Choice.Model = netmodel.AzurePodSubnet
		after.Choice.Allocation = before.Choice.Allocation
	default:
		after.Choice.Model = netmodel.AzureOverlay
		after.PodCIDR = b.podCIDR
		after.PodSubnet = netip.Prefix{}
	}
	if b.opts.Target == ToCilium {
		after.Choice.Dataplane, after.Choice.Policy = netmodel.DataplaneCilium, netmodel.PolicyCilium
	} else if after.Choice.Dataplane == netmodel.DataplaneCilium {
		after.Choice.Policy = netmodel.PolicyCilium
	} else if b.p.Path != AtTarget {
		after.Choice.Policy = ""
	}
	if b.p.Path == NewCluster {
		after.NodeSubnet, after.PodSubnet = netip.Prefix{}, netip.Prefix{}
	}
	ap := ipplan.Compute(after)
	b.p.Addresses = &Addresses{Before: demandOf(bp), After: demandOf(ap)}
	if b.c.Network.PodCIDR.State == aks.Unknown {
		// The planner sized the default; the cluster's own pod CIDR is unknown.
		b.p.Addresses.Before.PodCIDR = netip.Prefix{}
		if b.p.Path == AtTarget {
			b.p.Addresses.After.PodCIDR = netip.Prefix{}
		}
	}
	if b.p.Path != AtTarget && b.p.Path != NewCluster {
		if f := ap.NodeSubnet.Fits; f != nil && !*f {
			b.disrupt(0, "IPPLAN", "after the move the node subnet %s still can't hold %d addresses: it needs a /%d",
				ap.NodeSubnet.Given, ap.NodeSubnet.RequiredIPs, ap.NodeSubnet.MinPrefixLength)
		}
	}
}

// proposePodCIDR carves a pod CIDR clear of the VNet (its address space,
// peers and pool subnets), the service CIDR and the avoided ranges: at
// least the default's size (/16, OVLCFG), larger when the nodes at maximum
// plus surge need it, at 10.244.0.0 when that is free.
func (b *builder) proposePodCIDR() netip.Prefix {
	bits := azaddr.DefaultPodCIDR.Bits()
	if b.poolsKnown {
		r := b.req
		r.Choice.Model = netmodel.AzureOverlay
		r.Choice.Allocation = ""
		r.PodCIDR = netip.Prefix{}
		if pl := ipplan.Compute(r); pl.PodCIDR != nil {
			bits = min(bits, pl.PodCIDR.MinPrefixLength)
		}
	}
	avoid := slices.Clone(b.opts.Avoid)
	for _, v := range b.vnets {
		avoid = append(avoid, v.AddressSpace...)
		for _, pe := range v.Peerings {
			avoid = append(avoid, pe.RemoteSpace...)
		}
	}
	for _, pl := range b.c.Pools {
		for _, s := range []aks.Value[netip.Prefix]{pl.Subnet, pl.PodSubnet} {
			if v, ok := s.Get(); ok {
				avoid = append(avoid, v)
			}
		}
	}
	if v, ok := b.c.Network.ServiceCIDR.Get(); ok {
		avoid = append(avoid, v)
	}
	// The current pod CIDR too: old and new pods coexist while the pools
	// are reimaged, and distinct ranges keep them apart (conservative).
	if v, ok := b.c.Network.PodCIDR.Get(); ok && b.model == netmodel.Kubenet {
		avoid = append(avoid, v)
	}
	p, ok := ipplan.FreePrivatePrefix(bits, azaddr.DefaultPodCIDR.Addr(), avoid)
	if !ok {
		return netip.Prefix{}
	}
	b.reading("OVLCFG; OVL", "proposed pod CIDRs are at least the default's size (/%d, OVLCFG), larger when the nodes need it, from RFC 1918 or RFC 6598 space (OVL), clear of the current pod CIDR", azaddr.DefaultPodCIDR.Bits())
	return p
}

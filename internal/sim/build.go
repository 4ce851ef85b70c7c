package sim

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"
	"strconv"

	"github.com/aksnet/aksnet/internal/azaddr"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
	"go4.org/netipx"
)

// Default topology. These ranges are the simulator's own choice (not AKS
// facts) except where a source is cited.
var (
	// DefaultVNet is AKS's managed VNet space 10.224.0.0/12; it is split into
	// four equal quarters: node subnet, pod subnet, VM subnet and
	// infrastructure (firewall subnet /26 and gateway subnet /27).
	DefaultVNet = netip.MustParsePrefix("10.224.0.0/12")
	// DefaultPeered is the peered VNet.
	DefaultPeered = netip.MustParsePrefix("10.50.0.0/16")
	// DefaultOnPrem is the on-premises network behind the VPN/ExpressRoute gateway.
	DefaultOnPrem = netip.MustParsePrefix("192.168.0.0/16")
	// Internet is the RFC 5737 TEST-NET-3 range that plays the internet.
	Internet = netip.MustParsePrefix("203.0.113.0/24")
	// Public is the RFC 5737 TEST-NET-2 range egress public IPs come from.
	Public = netip.MustParsePrefix("198.51.100.0/24")
	// TransparentGateway is the link-local gateway Azure CNI's transparent
	// mode gives pods (a host route per pod veth). LEG; FAQ-OLD.
	TransparentGateway = netip.MustParseAddr("169.254.1.1")
)

// DefaultNodes is the node count of a planned topology: az aks create
// --node-count defaults to 3. CLI.
const DefaultNodes = 3 // CLI

// MaxNodes bounds a simulated topology; traces stay readable and fast.
const MaxNodes = 64

// PodNames are the pods every node runs in a simulated topology.
var PodNames = []string{"web", "api"}

// MaxPodsPerNode bounds Options.PodsPerNode; traces and labs stay small.
const MaxPodsPerNode = 16

// PodNamesFor names n pods per node: PodNames, then pod3, pod4, ...
func PodNamesFor(n int) []string {
	out := make([]string, 0, n)
	for i := range n {
		if i < len(PodNames) {
			out = append(out, PodNames[i])
		} else {
			out = append(out, "pod"+strconv.Itoa(i+1))
		}
	}
	return out
}

// ServicePort is the port of the simulated ClusterIP service "api"; its
// ClusterIP is the service CIDR's address at ServiceOffset (the first is
// kubernetes.default and .10 the DNS service, IPPLAN; KUB).
const (
	ServicePort   = 443
	ServiceOffset = 100
)

// Outbound types (SPEC networkProfile.outboundType; block is preview, EGR).
const (
	OutboundLoadBalancer    = "loadBalancer"           // EGR: LB outbound public IP
	OutboundManagedNAT      = "managedNATGateway"      // NATGW
	OutboundUserAssignedNAT = "userAssignedNATGateway" // NATGW; EGR
	OutboundUDR             = "userDefinedRouting"     // UDR: 0.0.0.0/0 to an NVA/firewall
	OutboundNone            = "none"                   // EGR; ISO: no egress configured
	OutboundBlock           = "block"                  // EGR; ISO: NSG rules block internet egress
)

// OutboundTypes lists the outbound types the simulator knows.
func OutboundTypes() []string {
	return []string{OutboundLoadBalancer, OutboundManagedNAT, OutboundUserAssignedNAT, OutboundUDR, OutboundNone, OutboundBlock}
}

// Options describe a topology to build. Zero fields take defaults.
type Options struct {
	Choice       netmodel.Choice
	OutboundType string
	Nodes        int
	MaxPods      int
	VNet         netip.Prefix
	// NodeSubnet and PodSubnet, when set, replace the first two quarters of
	// the VNet; the VM, firewall and gateway subnets are then carved from
	// the VNet's free space.
	NodeSubnet  netip.Prefix
	PodSubnet   netip.Prefix
	PodCIDR     netip.Prefix
	ServiceCIDR netip.Prefix
	Peered      netip.Prefix
	OnPrem      netip.Prefix
	NSGRules    []NSGRule
	// PodsPerNode is the number of pods each node runs (default and
	// minimum len(PodNames), at most MaxPodsPerNode and maxPods).
	PodsPerNode int
}

type builder struct {
	o     Options
	t     *Topology
	diags diag.List
	nodes []*Host
	// podIPs[node index][pod index]
	pods    []string // pod names per node
	podIPs  [][]netip.Addr
	podGW   []netip.Prefix // per node: the node's pod-side address
	blocks  []netip.Prefix // per node: pod block (pod-CIDR models)
	fabric  *Host
	private []netip.Prefix
}

func (b *builder) errorf(code, hint, format string, args ...any) {
	b.diags = append(b.diags, diag.Diagnostic{Code: code, Severity: diag.Error, Message: fmt.Sprintf(format, args...), Hint: hint})
}

func (b *builder) add(h Host) *Host {
	b.t.Hosts = append(b.t.Hosts, h)
	return &b.t.Hosts[len(b.t.Hosts)-1]
}

// nth returns the n-th address of p (the network address is the 0th).
func nth(p netip.Prefix, n int) netip.Addr {
	a := p.Masked().Addr()
	if a.Is4() {
		b := a.As4()
		binary.BigEndian.PutUint32(b[:], binary.BigEndian.Uint32(b[:])+uint32(n))
		return netip.AddrFrom4(b)
	}
	for range n {
		a = a.Next()
	}
	return a
}

func host32(a netip.Addr) netip.Prefix { return netip.PrefixFrom(a, a.BitLen()) }

// Build constructs the topology for o. It returns the diagnostics of every
// problem found; the topology is nil when any is an error.
func Build(o Options) (*Topology, diag.List) {
	b := &builder{o: fill(o)}
	o = b.o
	b.pods = PodNamesFor(o.PodsPerNode)
	m, ok := netmodel.Lookup(o.Choice.Model)
	if !ok {
		b.errorf(CodeModel, "use one of kubenet, azure-node-subnet, azure-pod-subnet, azure-overlay, none or cilium", "unknown model %q", o.Choice.Model)
		return nil, b.diags
	}
	b.validate(m)
	if b.diags.HasErrors() {
		return nil, b.diags
	}
	addr := Addressing{
		VNet: o.VNet.Masked(), ServiceCIDR: o.ServiceCIDR.Masked(), Peered: o.Peered.Masked(), OnPrem: o.OnPrem.Masked(),
		Internet: Internet, Public: Public, MaxPods: o.MaxPods,
	}
	if !b.carve(&addr) {
		return nil, b.diags
	}
	if m.PodSource.Value == netmodel.FromPodCIDR || m.PodSource.Value == netmodel.FromPlugin {
		addr.PodCIDR = o.PodCIDR.Masked()
	}
	t := &Topology{SchemaVersion: 1, Model: string(o.Choice.Model), Dataplane: string(o.Choice.Dataplane),
		Policy: string(o.Choice.Policy), OutboundType: o.OutboundType, Addressing: addr}
	if t.Dataplane == "" {
		t.Dataplane = "plugin"
	}
	if o.Choice.Model == netmodel.AzurePodSubnet {
		t.Allocation = string(o.Choice.Allocation)
	}
	b.t = t
	b.t.Hosts = make([]Host, 0, 16+3*o.Nodes)
	b.private = azaddr.PrivateRanges()
	p := planeFor(t)
	b.allocate(p)
	if b.diags.HasErrors() {
		return nil, b.diags
	}
	b.fabricAndEdges()
	b.nodesAndPods(p)
	b.services()
	p.build(b)
	b.egress()
	b.nsgs()
	return t, b.diags
}

// carve lays out the subnets: the VNet's four quarters by default, else the
// given node (and pod) subnet with the rest carved from the free space.
func (b *builder) carve(a *Addressing) bool {
	o := b.o
	podModel := o.Choice.Model == netmodel.AzurePodSubnet
	if !o.NodeSubnet.IsValid() {
		q := split(a.VNet, a.VNet.Bits()+2)
		a.NodeSubnet, a.VMSubnet = q[0], q[2]
		a.FirewallSubnet = netip.PrefixFrom(q[3].Addr(), 26)
		a.GatewaySubnet = netip.PrefixFrom(nth(q[3], 64), 27)
		if podModel {
			a.PodSubnet = q[1]
		}
		return true
	}
	var sb netipx.IPSetBuilder
	sb.AddPrefix(a.VNet)
	a.NodeSubnet = o.NodeSubnet.Masked()
	if !a.VNet.Contains(a.NodeSubnet.Addr()) || a.NodeSubnet.Bits() < a.VNet.Bits() {
		b.errorf(CodeAddress, "the node subnet must lie in the VNet", "node subnet %s is outside the VNet %s", a.NodeSubnet, a.VNet)
		return false
	}
	sb.RemovePrefix(a.NodeSubnet)
	if podModel {
		if !o.PodSubnet.IsValid() {
			b.errorf(CodeAddress, "give the pod subnet of the pod-subnet model", "no pod subnet for %s", o.Choice.Model)
			return false
		}
		a.PodSubnet = o.PodSubnet.Masked()
		if !a.VNet.Contains(a.PodSubnet.Addr()) || a.PodSubnet.Overlaps(a.NodeSubnet) {
			b.errorf(CodeAddress, "the pod subnet must be in the same VNet (DYN; STB) and not overlap the node subnet", "pod subnet %s is outside the VNet %s or overlaps the node subnet", a.PodSubnet, a.VNet)
			return false
		}
		sb.RemovePrefix(a.PodSubnet)
	}
	set, _ := sb.IPSet()
	for _, x := range []struct {
		dst  *netip.Prefix
		bits int
	}{{&a.VMSubnet, 24}, {&a.FirewallSubnet, 26}, {&a.GatewaySubnet, 27}} {
		var p netip.Prefix
		var ok bool
		for bits := x.bits; bits <= 29 && !ok; bits++ {
			p, set, ok = set.RemoveFreePrefix(uint8(bits))
		}
		if !ok {
			b.errorf(CodeCapacity, "leave free space in the VNet for a VM, firewall and gateway subnet", "VNet %s has no free /29 left for the simulated subnets", a.VNet)
			return false
		}
		*x.dst = p
	}
	return true
}

func fill(o Options) Options {
	if o.Choice.Model == "" {
		o.Choice.Model = netmodel.AzureOverlay
	}
	if o.Choice.Dataplane == "" && o.Choice.Model != netmodel.BYOCNI {
		o.Choice.Dataplane = netmodel.DataplaneAzure
	}
	if o.Choice.Policy == "" {
		o.Choice.Policy = netmodel.PolicyNone
	}
	if o.Choice.Model == netmodel.AzurePodSubnet && o.Choice.Allocation == "" {
		o.Choice.Allocation = netmodel.Dynamic
	}
	if o.OutboundType == "" {
		o.OutboundType = OutboundLoadBalancer // SPEC default
	}
	if o.Nodes == 0 {
		o.Nodes = DefaultNodes
	}
	if o.PodsPerNode == 0 {
		o.PodsPerNode = len(PodNames)
	}
	if o.MaxPods == 0 {
		if m, ok := netmodel.Lookup(o.Choice.Model); ok {
			o.MaxPods = m.MaxPodsDefault.Value
		}
	}
	if !o.VNet.IsValid() {
		o.VNet = DefaultVNet
	}
	if !o.PodCIDR.IsValid() {
		o.PodCIDR = azaddr.DefaultPodCIDR
	}
	if !o.ServiceCIDR.IsValid() {
		o.ServiceCIDR = azaddr.DefaultServiceCIDR
	}
	if !o.Peered.IsValid() {
		o.Peered = DefaultPeered
	}
	if !o.OnPrem.IsValid() {
		o.OnPrem = DefaultOnPrem
	}
	return o
}

func (b *builder) validate(m netmodel.Model) {
	o := b.o
	for _, p := range []struct {
		name string
		p    netip.Prefix
	}{{"--vnet", o.VNet}, {"--pod-cidr", o.PodCIDR}, {"--service-cidr", o.ServiceCIDR}, {"--peered", o.Peered}, {"--onprem", o.OnPrem}} {
		if !p.p.Addr().Is4() {
			b.errorf(CodeAddress, "the simulator is IPv4-only", "%s %s is not IPv4", p.name, p.p)
		}
	}
	if b.diags.HasErrors() {
		return
	}
	if !o.NodeSubnet.IsValid() && (o.VNet.Bits() > 22 || o.VNet.Bits() < netmodel.VNetMinPrefixLen.Value) {
		b.errorf(CodeAddress, "give a VNet between /8 (IPPLAN) and /22", "--vnet %s: the simulator needs a VNet from /%d to /22 to carve four subnets", o.VNet, netmodel.VNetMinPrefixLen.Value)
	}
	if !slices.Contains(OutboundTypes(), o.OutboundType) {
		b.errorf(CodeOutbound, "use loadBalancer, managedNATGateway, userAssignedNATGateway, userDefinedRouting, none or block", "unknown outbound type %q", o.OutboundType)
	}
	if o.Nodes < 1 || o.Nodes > MaxNodes {
		b.errorf(CodeNodes, fmt.Sprintf("use 1 to %d nodes", MaxNodes), "--nodes %d is out of range", o.Nodes)
	}
	if o.PodsPerNode < len(PodNames) || o.PodsPerNode > MaxPodsPerNode {
		b.errorf(CodeNodes, fmt.Sprintf("run %d to %d pods per node", len(PodNames), MaxPodsPerNode), "%d pods per node is out of range", o.PodsPerNode)
	}
	if o.MaxPods < o.PodsPerNode || o.MaxPods > netmodel.MaxPodsLimit.Value {
		b.errorf(CodeNodes, fmt.Sprintf("maxPods is at most %d (%s)", netmodel.MaxPodsLimit.Value, netmodel.MaxPodsLimit.Source), "maxPods %d is out of range", o.MaxPods)
	}
	b.validateChoice(m)
	type named struct {
		name string
		p    netip.Prefix
	}
	ranges := []named{{"VNet", o.VNet}, {"service CIDR", o.ServiceCIDR}, {"peered VNet", o.Peered}, {"on-premises network", o.OnPrem}}
	if m.PodSource.Value == netmodel.FromPodCIDR || m.PodSource.Value == netmodel.FromPlugin {
		ranges = append(ranges, named{"pod CIDR", o.PodCIDR})
		if f, bad := azaddr.ForbiddenOverlap(o.PodCIDR); bad {
			b.errorf(CodeOverlap, "choose a pod CIDR outside AKS's reserved ranges (CNIOV)", "pod CIDR %s overlaps reserved range %s", o.PodCIDR, f)
		}
	}
	for i := range ranges {
		for j := i + 1; j < len(ranges); j++ {
			if ranges[i].p.Overlaps(ranges[j].p) {
				b.errorf(CodeOverlap, "pod, service, VNet, peered and on-premises ranges must not overlap (IPPLAN; OVL); change one with --vnet, --pod-cidr, --service-cidr, --peered or --onprem",
					"%s %s overlaps %s %s", ranges[i].name, ranges[i].p, ranges[j].name, ranges[j].p)
			}
		}
	}
	if o.ServiceCIDR.Bits() < azaddr.ServiceCIDRMinPrefixLen {
		b.errorf(CodeAddress, "the service CIDR must be smaller than /12 (IPPLAN)", "--service-cidr %s is too large", o.ServiceCIDR)
	}
	if o.ServiceCIDR.Bits() > 24 {
		b.errorf(CodeAddress, "give a service CIDR of /24 or larger", "--service-cidr %s leaves no room for the simulated service at offset %d", o.ServiceCIDR, ServiceOffset)
	}
	for _, r := range []netip.Prefix{Internet, Public} {
		for _, x := range ranges {
			if x.p.Overlaps(r) {
				b.errorf(CodeOverlap, "keep private ranges private", "%s %s overlaps the simulated internet range %s", x.name, x.p, r)
			}
		}
	}
}

func (b *builder) validateChoice(m netmodel.Model) {
	c := b.o.Choice
	if c.Dataplane == netmodel.DataplaneCilium {
		dp := netmodel.CiliumDataplane.Models
		if !slices.Contains(dp.Value, m.ID) {
			b.errorf(CodeModel, "use the cilium data plane with an Azure CNI model (overlay, node subnet or pod subnet)",
				"the cilium data plane does not run on %s (%s)", m.ID, dp.Source)
		}
	}
	if e, ok := netmodel.LookupEngine(c.Policy); !ok {
		b.errorf(CodeModel, "use none, azure, calico or cilium", "unknown network policy engine %q", c.Policy)
	} else if ok, why := e.WorksWith(m.ID, c.Dataplane); !ok && e.Enforces {
		b.errorf(CodeModel, "pick an engine that supports the model (NETPOL; CIL)", "%s", why)
	}
}

// split returns the subnets of length bits that p divides into, in order
// (at most 4 are used).
func split(p netip.Prefix, bits int) []netip.Prefix {
	var out []netip.Prefix
	r := netipx.RangeOfPrefix(p)
	cur := netip.PrefixFrom(r.From(), bits)
	for len(out) < 4 && p.Contains(cur.Addr()) {
		out = append(out, cur)
		next := netipx.PrefixLastIP(cur).Next()
		if !next.IsValid() {
			break
		}
		cur = netip.PrefixFrom(next, bits)
	}
	return out
}

// allocate assigns node and pod addresses with the model's IPAM.
func (b *builder) allocate(p plane) {
	a := b.t.Addressing
	n := b.o.Nodes
	first := azaddr.ReservedPerSubnet - 1 // first usable host is .4 (OVL: first four reserved)
	usable := int(azaddr.Size(a.NodeSubnet).Int64()) - azaddr.ReservedPerSubnet
	need := n
	if b.o.Choice.Model == netmodel.AzureNodeSubnet {
		need = n + n*b.o.MaxPods // IPPLAN formula without surge
	}
	if need > usable {
		b.errorf(CodeCapacity, "give a larger --vnet or fewer --nodes", "node subnet %s has %d usable addresses; %d nodes need %d", a.NodeSubnet, usable, n, need)
		return
	}
	b.podIPs = make([][]netip.Addr, n)
	b.podGW = make([]netip.Prefix, n)
	b.blocks = make([]netip.Prefix, n)
	for k := range n {
		nodeIP := nth(a.NodeSubnet, first+k)
		b.nodes = append(b.nodes, &Host{Name: "node" + strconv.Itoa(k+1), Kind: KindNode, Forward: true,
			Interfaces: []Interface{{Name: "eth0", Segment: SegNode, Addrs: []netip.Prefix{netip.PrefixFrom(nodeIP, a.NodeSubnet.Bits())}}}})
	}
	p.allocate(b)
}

// Segment names.
const (
	SegNode     = "node-subnet"
	SegPod      = "pod-subnet"
	SegVM       = "vm-subnet"
	SegFirewall = "firewall-subnet"
	SegGateway  = "gateway-subnet"
	SegPeered   = "peered-vnet"
	SegOnPrem   = "onprem"
	SegEgress   = "egress-link"
	SegInternet = "internet"
)

func podSeg(node string) string { return node + "-pods" }

func (b *builder) fabricAndEdges() {
	a := b.t.Addressing
	gw := func(p netip.Prefix) netip.Prefix { return netip.PrefixFrom(nth(p, 1), p.Bits()) }
	b.t.Segments = append(b.t.Segments,
		Segment{Name: SegNode, Prefix: a.NodeSubnet},
		Segment{Name: SegVM, Prefix: a.VMSubnet},
		Segment{Name: SegFirewall, Prefix: a.FirewallSubnet},
		Segment{Name: SegGateway, Prefix: a.GatewaySubnet},
		Segment{Name: SegPeered, Prefix: a.Peered},
		Segment{Name: SegOnPrem, Prefix: a.OnPrem},
	)
	if a.PodSubnet.IsValid() {
		b.t.Segments = append(b.t.Segments, Segment{Name: SegPod, Prefix: a.PodSubnet})
	}
	f := Host{Name: "fabric", Kind: KindFabric, Forward: true, Interfaces: []Interface{
		{Name: "node", Segment: SegNode, Addrs: []netip.Prefix{gw(a.NodeSubnet)}},
		{Name: "vm", Segment: SegVM, Addrs: []netip.Prefix{gw(a.VMSubnet)}},
		{Name: "fw", Segment: SegFirewall, Addrs: []netip.Prefix{gw(a.FirewallSubnet)}},
		{Name: "gw", Segment: SegGateway, Addrs: []netip.Prefix{gw(a.GatewaySubnet)}},
		{Name: "peer", Segment: SegPeered, Addrs: []netip.Prefix{gw(a.Peered)}},
	}}
	conn := func(p netip.Prefix, dev, note string) Route {
		return Route{Dst: p, Dev: dev, Note: note, Source: "OVL"}
	}
	f.Routes = append(f.Routes,
		conn(a.NodeSubnet, "node", "node subnet"),
		conn(a.VMSubnet, "vm", "VM subnet"),
		conn(a.FirewallSubnet, "fw", "firewall subnet"),
		conn(a.GatewaySubnet, "gw", "gateway subnet"),
		Route{Dst: a.Peered, Dev: "peer", Note: "VNet peering", Source: "CNIOV"},
		Route{Dst: a.OnPrem, Via: nth(a.GatewaySubnet, 4), Dev: "gw", Note: "VPN/ExpressRoute gateway", Source: "CNIOV"},
	)
	if a.PodSubnet.IsValid() {
		f.Interfaces = append(f.Interfaces, Interface{Name: "pod", Segment: SegPod, Addrs: []netip.Prefix{gw(a.PodSubnet)}})
		f.Routes = append(f.Routes, conn(a.PodSubnet, "pod", "pod subnet: pod IPs are VNet IPs"))
	}
	for _, r := range b.private {
		f.Routes = append(f.Routes, Route{Dst: r, Type: RouteBlackhole, Source: "CNIOV",
			Note: "private range outside the VNet and its connected networks: not routable (pod CIDRs and ClusterIPs are only reachable from inside the cluster)"})
	}
	b.fabric = b.add(f)

	vm := netip.PrefixFrom(nth(a.VMSubnet, azaddr.ReservedPerSubnet-1), a.VMSubnet.Bits())
	b.add(Host{Name: "vm", Kind: KindVM, Interfaces: []Interface{{Name: "eth0", Segment: SegVM, Addrs: []netip.Prefix{vm}}},
		Routes: []Route{{Dst: a.VMSubnet, Dev: "eth0"}, {Dst: netip.MustParsePrefix("0.0.0.0/0"), Via: nth(a.VMSubnet, 1), Dev: "eth0"}}})

	peer := netip.PrefixFrom(nth(a.Peered, azaddr.ReservedPerSubnet-1), a.Peered.Bits())
	b.add(Host{Name: "peered", Kind: KindPeered, Interfaces: []Interface{{Name: "eth0", Segment: SegPeered, Addrs: []netip.Prefix{peer}}},
		Routes: []Route{{Dst: a.Peered, Dev: "eth0"},
			{Dst: a.VNet, Via: nth(a.Peered, 1), Dev: "eth0", Note: "peering advertises the VNet address space only", Source: "CNIOV"}}})

	gwIP := netip.PrefixFrom(nth(a.GatewaySubnet, azaddr.ReservedPerSubnet-1), a.GatewaySubnet.Bits())
	tunnel := netip.PrefixFrom(nth(a.OnPrem, 1), a.OnPrem.Bits())
	b.add(Host{Name: "gateway", Kind: KindGateway, Forward: true, Interfaces: []Interface{
		{Name: "vnet", Segment: SegGateway, Addrs: []netip.Prefix{gwIP}},
		{Name: "tunnel", Segment: SegOnPrem, Addrs: []netip.Prefix{tunnel}}},
		Routes: []Route{{Dst: a.VNet, Via: nth(a.GatewaySubnet, 1), Dev: "vnet", Note: "VNet address space", Source: "CNIOV"},
			{Dst: a.OnPrem, Dev: "tunnel", Note: "on-premises network"}}})
	onprem := netip.PrefixFrom(nth(a.OnPrem, 2), a.OnPrem.Bits())
	b.add(Host{Name: "onprem", Kind: KindOnPrem, Interfaces: []Interface{{Name: "eth0", Segment: SegOnPrem, Addrs: []netip.Prefix{onprem}}},
		Routes: []Route{{Dst: a.OnPrem, Dev: "eth0"},
			{Dst: a.VNet, Via: tunnel.Addr(), Dev: "eth0", Note: "the gateway advertises the VNet address space only", Source: "CNIOV"}}})

	b.t.Segments = append(b.t.Segments, Segment{Name: SegInternet, Prefix: Internet})
	b.add(Host{Name: "internet", Kind: KindInternet, Interfaces: []Interface{{Name: "eth0", Segment: SegInternet,
		Addrs: []netip.Prefix{netip.PrefixFrom(nth(Internet, 1), Internet.Bits())}}},
		Routes: []Route{{Dst: Internet, Dev: "eth0"}, {Dst: Public, Dev: "eth0"}}})
}

func (b *builder) nodesAndPods(p plane) {
	a := b.t.Addressing
	for k, n := range b.nodes {
		seg := podSeg(n.Name)
		b.t.Segments = append(b.t.Segments, Segment{Name: seg, Prefix: b.blocks[k]})
		n.Interfaces = append(n.Interfaces, Interface{Name: p.bridge(), Segment: seg, Addrs: []netip.Prefix{b.podGW[k]}})
		n.Routes = append(n.Routes,
			Route{Dst: a.NodeSubnet, Dev: "eth0", Note: "node subnet"},
			Route{Dst: netip.MustParsePrefix("0.0.0.0/0"), Via: nth(a.NodeSubnet, 1), Dev: "eth0", Note: "Azure subnet gateway"})
		b.add(*n)
		for i, name := range b.pods {
			ip := b.podIPs[k][i]
			bits := 32
			if b.blocks[k].IsValid() && b.blocks[k].Contains(ip) {
				bits = b.blocks[k].Bits()
			}
			b.add(Host{Name: name + "@" + n.Name, Kind: KindPod, Node: n.Name, Interfaces: []Interface{{Name: "eth0", Segment: seg,
				Addrs: []netip.Prefix{netip.PrefixFrom(ip, bits)}}},
				Routes: []Route{{Dst: netip.MustParsePrefix("0.0.0.0/0"), Via: b.podGW[k].Addr(), Dev: "eth0", Note: "pod default route",
					OnLink: bits == 32}}})
		}
	}
	// b.nodes now point at the copies inside t.Hosts.
	for k := range b.nodes {
		b.nodes[k], _ = b.t.Host("node" + strconv.Itoa(k+1))
	}
}

func (b *builder) egress() {
	a := b.t.Addressing
	f, _ := b.t.Host("fabric")
	any4 := netip.MustParsePrefix("0.0.0.0/0")
	pub := nth(Public, 1)
	switch b.o.OutboundType {
	case OutboundLoadBalancer, OutboundManagedNAT, OutboundUserAssignedNAT:
		name, note, src := "lb-outbound", "load balancer outbound rule: SNAT to its public IP", "EGR"
		if b.o.OutboundType != OutboundLoadBalancer {
			name, note, src = "nat-gateway", "NAT gateway: SNAT to its public IP", "NATGW"
		}
		b.t.Segments = append(b.t.Segments, Segment{Name: SegEgress})
		f.Interfaces = append(f.Interfaces, Interface{Name: "egress", Segment: SegEgress})
		f.Routes = append(f.Routes, Route{Dst: any4, Dev: "egress", Note: "default route to the internet through " + name, Source: src})
		b.add(Host{Name: name, Kind: KindEgress, Forward: true, Interfaces: []Interface{
			{Name: "vnet", Segment: SegEgress, Claims: []netip.Prefix{any4}},
			{Name: "public", Segment: SegInternet, Addrs: []netip.Prefix{netip.PrefixFrom(pub, Public.Bits())}}},
			Routes: []Route{{Dst: a.VNet, Dev: "vnet"}, {Dst: any4, Dev: "public", Note: "internet"}},
			NAT:    []NATRule{{Kind: NATSNAT, SrcIn: a.VNet, OutIface: "public", To: netip.AddrPortFrom(pub, 0), Note: note, Source: src}}})
	case OutboundUDR:
		fw := nth(a.FirewallSubnet, azaddr.ReservedPerSubnet-1)
		f.Routes = append(f.Routes, Route{Dst: any4, Via: fw, Dev: "fw", Note: "user-defined route 0.0.0.0/0 to the firewall", Source: "UDR"})
		b.add(Host{Name: "firewall", Kind: KindEgress, Forward: true, Interfaces: []Interface{
			{Name: "inside", Segment: SegFirewall, Addrs: []netip.Prefix{netip.PrefixFrom(fw, a.FirewallSubnet.Bits())}},
			{Name: "public", Segment: SegInternet, Addrs: []netip.Prefix{netip.PrefixFrom(pub, Public.Bits())}}},
			Routes: []Route{{Dst: a.VNet, Via: nth(a.FirewallSubnet, 1), Dev: "inside"}, {Dst: any4, Dev: "public", Note: "internet"}},
			NAT:    []NATRule{{Kind: NATSNAT, SrcIn: a.VNet, OutIface: "public", To: netip.AddrPortFrom(pub, 0), Note: "firewall SNAT to its public IP", Source: "UDR"}}})
	case OutboundNone:
		b.t.Notes = append(b.t.Notes, Note{Topic: "outbound-none", Source: "EGR",
			Text: "outboundType none: no egress is configured and no default route exists, so nothing reaches the internet"})
	case OutboundBlock:
		f.Routes = append(f.Routes, Route{Dst: any4, Type: RouteBlackhole, Note: "network-isolated cluster: no internet egress", Source: "ISO"})
		b.o.NSGRules = append([]NSGRule{{Name: "block-internet", Direction: DirOutbound, Deny: true, DstTag: TagInternet, Source: "EGR"}}, b.o.NSGRules...)
		b.t.Notes = append(b.t.Notes, Note{Topic: "outbound-block", Source: "EGR",
			Text: "outboundType block (preview): NSG rules block internet egress; VNet traffic is unaffected"})
	}
}

func (b *builder) services() {
	a := b.t.Addressing
	backend, _ := b.t.Host("api@" + b.nodes[len(b.nodes)-1].Name)
	ip := nth(a.ServiceCIDR, ServiceOffset)
	b.t.Services = append(b.t.Services, Service{Name: "api", ClusterIP: ip, Port: ServicePort, Backend: backend.Name, BackendIP: backend.Primary()})
	r := NATRule{Kind: NATDNAT, DstIn: host32(ip), DPort: ServicePort, To: netip.AddrPortFrom(backend.Primary(), ServicePort),
		Note: "kube-proxy: ClusterIP service api to its backend pod", Source: "CONC"}
	for _, n := range b.nodes {
		n.NAT = append([]NATRule{r}, n.NAT...)
		if n.Name == backend.Node {
			n.NAT = append([]NATRule{r, hairpinSNAT(n, backend, planeFor(b.t).bridge())}, n.NAT[1:]...)
		}
	}
}

// HairpinNote marks the kube-proxy rule that masquerades a pod's traffic to
// a service that it backs itself.
const HairpinNote = "kube-proxy: hairpin traffic from the backend to its own service is masqueraded to the node"

// hairpinSNAT is kube-proxy's answer to a pod reaching a service that it
// backs itself: DNAT sends the packet back to the pod with the pod's own
// source address, which the pod's kernel would drop as a martian, so the
// iptables proxier marks traffic from an endpoint to itself for masquerade
// (KUBE-SEP chains, -s <endpoint> -j KUBE-MARK-MASQ). Masquerade takes the
// node's address on the interface toward the pod: the bridge address where
// the pod shares the bridge's subnet, else (transparent mode, whose host
// veths carry no address of the pod's subnet) the node's primary IP. This
// is Kubernetes behaviour; the facts sheet has no entry for it.
func hairpinSNAT(node, pod *Host, bridge string) NATRule {
	to := node.Primary()
	if ifc, ok := node.iface(bridge); ok && len(ifc.Addrs) > 0 && ifc.Addrs[0].Contains(pod.Primary()) {
		to = ifc.Addrs[0].Addr()
	}
	return NATRule{Kind: NATSNAT, SrcIn: host32(pod.Primary()), DstIn: host32(pod.Primary()), OutIface: bridge,
		To: netip.AddrPortFrom(to, 0), Note: HairpinNote}
}

func (b *builder) nsgs() {
	if len(b.o.NSGRules) == 0 {
		return
	}
	b.t.NSGs = append(b.t.NSGs, NSG{Name: "cluster-nsg", Rules: b.o.NSGRules})
	for i := range b.t.Segments {
		if b.t.Segments[i].Name == SegNode || b.t.Segments[i].Name == SegPod {
			b.t.Segments[i].NSG = "cluster-nsg"
		}
	}
}

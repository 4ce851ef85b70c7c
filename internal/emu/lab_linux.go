//go:build linux

package emu

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"runtime"
	"time"

	"github.com/google/nftables"
	"github.com/google/nftables/binaryutil"
	"github.com/google/nftables/expr"
	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// Supported reports whether the lab can run here: Linux, as root, with a
// kernel that lets this process create network namespaces.
func Supported() error {
	if os.Geteuid() != 0 {
		return errors.New("the lab creates network namespaces and needs root")
	}
	if err := canUnshareNet(); err != nil {
		return fmt.Errorf("the kernel refuses to create a network namespace here (a container without CAP_SYS_ADMIN?): %w", err)
	}
	return nil
}

// canUnshareNet moves a throwaway OS thread into a new network namespace.
// The goroutine exits with its thread still locked, so the runtime ends the
// thread instead of reusing it: nothing else ever runs in that namespace,
// and the namespace vanishes with the thread.
func canUnshareNet() error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		errc <- unix.Unshare(unix.CLONE_NEWNET)
	}()
	return <-errc
}

// ErrExists reports a lab that is already up (or left behind).
var ErrExists = errors.New("lab exists")

// Up builds lab name from spec: it plans the topology, records the plan's
// namespaces in the state file under dir, then applies the plan. When ctx
// is cancelled or a step fails, everything built so far is torn down.
func Up(ctx context.Context, dir, name string, spec Spec) (*State, *Plan, error) {
	dir = StateDir(dir)
	if err := ValidName(name); err != nil {
		return nil, nil, err
	}
	t, err := spec.Topology()
	if err != nil {
		return nil, nil, err
	}
	plan, err := PlanFor(name, t)
	if err != nil {
		return nil, nil, err
	}
	if _, err := LoadState(dir, name); err == nil {
		return nil, nil, fmt.Errorf("%w: %s (run aksnet lab down --name %s)", ErrExists, name, name)
	}
	if left, err := listNamespaces(Prefix(name)); err != nil {
		return nil, nil, err
	} else if len(left) > 0 {
		return nil, nil, fmt.Errorf("%w: %d namespaces with prefix %s are left (run aksnet lab down --name %s)", ErrExists, len(left), Prefix(name), name)
	}
	st := &State{SchemaVersion: 1, Name: name, Status: StatusBuilding, Created: time.Now().UTC().Truncate(time.Second),
		PID: os.Getpid(), Spec: spec, Namespaces: plan.Namespaces}
	if err := SaveState(dir, st); err != nil {
		return nil, nil, err
	}
	if err := apply(ctx, plan); err != nil {
		_, derr := Down(dir, name)
		return nil, nil, errors.Join(err, derr)
	}
	st.Status = StatusUp
	if err := SaveState(dir, st); err != nil {
		_, derr := Down(dir, name)
		return nil, nil, errors.Join(err, derr)
	}
	return st, plan, nil
}

// Down removes lab name: every namespace its state file records and every
// namespace carrying its prefix, then the state file. It returns the
// namespaces it removed.
func Down(dir, name string) ([]string, error) {
	dir = StateDir(dir)
	if err := ValidName(name); err != nil {
		return nil, err
	}
	var names []string
	var errs []error
	st, err := LoadState(dir, name)
	switch {
	case err == nil:
		names = append(names, st.Namespaces...)
	case !errors.Is(err, os.ErrNotExist):
		errs = append(errs, err)
	}
	left, err := listNamespaces(Prefix(name))
	if err != nil {
		return nil, err
	}
	names = append(names, left...)
	var removed []string
	seen := map[string]bool{}
	for _, ns := range names {
		if seen[ns] {
			continue
		}
		seen[ns] = true
		exists := false
		if _, err := os.Lstat(netnsDir + "/" + ns); err == nil {
			exists = true
		}
		if err := deleteNamespace(ns); err != nil {
			errs = append(errs, err)
			continue
		}
		if exists {
			removed = append(removed, ns)
		}
	}
	if len(errs) == 0 {
		errs = append(errs, RemoveState(dir, name))
	}
	return removed, errors.Join(errs...)
}

// Labs lists every lab known by a state file or by namespaces left under
// the aksnet- prefix, with the namespaces that exist now.
func Labs(dir string) ([]LabInfo, error) {
	dir = StateDir(dir)
	names, err := StateNames(dir)
	if err != nil {
		return nil, err
	}
	all, err := listNamespaces(NamespacePrefix)
	if err != nil {
		return nil, err
	}
	byLab := map[string][]string{}
	for _, ns := range all {
		if lab, ok := LabOf(ns); ok {
			if _, known := byLab[lab]; !known {
				names = append(names, lab)
			}
			byLab[lab] = append(byLab[lab], ns)
		}
	}
	var out []LabInfo
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		info := LabInfo{Name: n, Namespaces: byLab[n], Status: "orphaned"}
		if info.Namespaces == nil {
			info.Namespaces = []string{}
		}
		if st, err := LoadState(dir, n); err == nil {
			info.Status, info.Spec, info.Created, info.Recorded = st.Status, &st.Spec, st.Created, len(st.Namespaces)
		}
		out = append(out, info)
	}
	sortLabs(out)
	return out, nil
}

// applier holds the namespace handles of one plan's application.
type applier struct {
	ns  map[string]netns.NsHandle
	nl  map[string]*netlink.Handle
	nft map[string]*nftables.Conn
	tab map[string]*nftables.Table
}

func (a *applier) close() {
	for _, h := range a.nl {
		h.Close()
	}
	for _, h := range a.ns {
		h.Close()
	}
}

func (a *applier) handle(ns string) (*netlink.Handle, error) {
	if h, ok := a.nl[ns]; ok {
		return h, nil
	}
	nh, ok := a.ns[ns]
	if !ok {
		return nil, fmt.Errorf("namespace %s not created", ns)
	}
	h, err := netlink.NewHandleAt(nh)
	if err != nil {
		return nil, fmt.Errorf("netlink in %s: %w", ns, err)
	}
	a.nl[ns] = h
	return h, nil
}

func apply(ctx context.Context, p *Plan) error {
	a := &applier{ns: map[string]netns.NsHandle{}, nl: map[string]*netlink.Handle{}, nft: map[string]*nftables.Conn{}, tab: map[string]*nftables.Table{}}
	defer a.close()
	for i := 0; i < len(p.Ops); {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("building lab %s: %w", p.Lab, err)
		}
		op := p.Ops[i]
		if op.Kind == OpSysctl {
			// One namespace entry for a run of sysctls in the same namespace.
			j := i
			for j < len(p.Ops) && p.Ops[j].Kind == OpSysctl && p.Ops[j].NS == op.NS {
				j++
			}
			batch := p.Ops[i:j]
			h, ok := a.ns[op.NS]
			if !ok {
				return fmt.Errorf("%s: namespace not created", op)
			}
			err := inNS(h, func() error {
				for _, o := range batch {
					if err := writeSysctl(o.Key, o.Value); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("%s: %w", op.NS, err)
			}
			i = j
			continue
		}
		if err := a.apply(op); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		i++
	}
	return nil
}

func (a *applier) apply(op Op) error {
	if op.Kind == OpNetns {
		h, err := newNamedNS(op.NS)
		if err != nil {
			return err
		}
		a.ns[op.NS] = h
		return nil
	}
	if op.Kind == OpNFTable || op.Kind == OpNFTRule || op.Kind == OpNSGTable || op.Kind == OpNSGRule {
		return a.applyNFT(op)
	}
	h, err := a.handle(op.NS)
	if err != nil {
		return err
	}
	link := func(name string) (netlink.Link, error) {
		l, err := h.LinkByName(name)
		if err != nil {
			return nil, fmt.Errorf("link %s: %w", name, err)
		}
		return l, nil
	}
	switch op.Kind {
	case OpLinkUp:
		l, err := link(op.Link)
		if err != nil {
			return err
		}
		return h.LinkSetUp(l)
	case OpBridge:
		br := &netlink.Bridge{LinkAttrs: netlink.LinkAttrs{Name: op.Link}}
		if err := h.LinkAdd(br); err != nil {
			return err
		}
		l, err := link(op.Link)
		if err != nil {
			return err
		}
		return h.LinkSetUp(l)
	case OpVeth:
		peerNS, ok := a.ns[op.PeerNS]
		if !ok {
			return fmt.Errorf("namespace %s not created", op.PeerNS)
		}
		v := &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: op.Link}, PeerName: op.Peer, PeerNamespace: netlink.NsFd(int(peerNS))}
		if err := h.LinkAdd(v); err != nil {
			return err
		}
		ph, err := a.handle(op.PeerNS)
		if err != nil {
			return err
		}
		peer, err := ph.LinkByName(op.Peer)
		if err != nil {
			return fmt.Errorf("peer %s: %w", op.Peer, err)
		}
		br, err := ph.LinkByName(op.Master)
		if err != nil {
			return fmt.Errorf("bridge %s: %w", op.Master, err)
		}
		if err := ph.LinkSetMaster(peer, br); err != nil {
			return err
		}
		if err := ph.LinkSetUp(peer); err != nil {
			return err
		}
		l, err := link(op.Link)
		if err != nil {
			return err
		}
		return h.LinkSetUp(l)
	case OpAddr:
		l, err := link(op.Link)
		if err != nil {
			return err
		}
		return h.AddrAdd(l, &netlink.Addr{IPNet: &net.IPNet{IP: net.IP(op.Prefix.Addr().AsSlice()), Mask: net.CIDRMask(op.Prefix.Bits(), 32)}, Flags: unix.IFA_F_NOPREFIXROUTE})
	case OpPNeigh:
		l, err := link(op.Link)
		if err != nil {
			return err
		}
		return h.NeighAdd(&netlink.Neigh{LinkIndex: l.Attrs().Index, Family: netlink.FAMILY_V4, Flags: netlink.NTF_PROXY,
			IP: net.IP(op.Prefix.Addr().AsSlice())})
	case OpRoute:
		r := op.Route
		nr := &netlink.Route{Dst: ipNet(r.Dst), Table: r.Table, Family: netlink.FAMILY_V4}
		switch {
		case r.Blackhole:
			nr.Type = unix.RTN_BLACKHOLE
		default:
			l, err := link(r.Dev)
			if err != nil {
				return err
			}
			nr.LinkIndex = l.Attrs().Index
			if r.Via.IsValid() {
				nr.Gw = net.IP(r.Via.AsSlice())
				if r.OnLink {
					nr.Flags = int(netlink.FLAG_ONLINK)
				}
			} else {
				nr.Scope = netlink.SCOPE_LINK
			}
		}
		return h.RouteAdd(nr)
	case OpRule:
		r := op.Rule
		nr := netlink.NewRule()
		nr.Family = netlink.FAMILY_V4
		nr.Priority = r.Priority
		nr.Table = r.Table
		if r.From.IsValid() {
			nr.Src = ipNet(r.From)
		}
		nr.IifName = r.IIF
		return h.RuleAdd(nr)
	}
	return fmt.Errorf("unknown operation %q", op.Kind)
}

// ipNet converts a route or rule prefix (masked).
func ipNet(p netip.Prefix) *net.IPNet {
	return &net.IPNet{IP: net.IP(p.Masked().Addr().AsSlice()), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}
}

func (a *applier) applyNFT(op Op) error {
	c, ok := a.nft[op.NS]
	if !ok {
		h, ok := a.ns[op.NS]
		if !ok {
			return fmt.Errorf("namespace %s not created", op.NS)
		}
		var err error
		if c, err = nftables.New(nftables.WithNetNSFd(int(h))); err != nil {
			return fmt.Errorf("nftables in %s: %w", op.NS, err)
		}
		a.nft[op.NS] = c
	}
	if op.Kind == OpNSGTable {
		t := c.AddTable(&nftables.Table{Family: nftables.TableFamilyIPv4, Name: NSGTable})
		a.tab[op.NS+"/"+NSGTable] = t
		accept := nftables.ChainPolicyAccept
		c.AddChain(&nftables.Chain{Name: ChainNSGIn, Table: t, Type: nftables.ChainTypeFilter, Hooknum: nftables.ChainHookPrerouting,
			Priority: nftables.ChainPriorityRef(NSGInPriority), Policy: &accept})
		c.AddChain(&nftables.Chain{Name: ChainNSGOut, Table: t, Type: nftables.ChainTypeFilter, Hooknum: nftables.ChainHookPostrouting,
			Priority: nftables.ChainPriorityRef(NSGOutPriority), Policy: &accept})
		return c.Flush()
	}
	if op.Kind == OpNSGRule {
		t, ok := a.tab[op.NS+"/"+NSGTable]
		if !ok {
			return errors.New("NSG table not created")
		}
		ex, err := filterExprs(*op.Filter)
		if err != nil {
			return err
		}
		c.AddRule(&nftables.Rule{Table: t, Chain: &nftables.Chain{Name: op.Filter.Chain, Table: t}, Exprs: ex})
		return c.Flush()
	}
	if op.Kind == OpNFTable {
		t := c.AddTable(&nftables.Table{Family: nftables.TableFamilyIPv4, Name: NFTTable})
		a.tab[op.NS] = t
		accept := nftables.ChainPolicyAccept
		for _, ch := range []struct {
			name string
			hook *nftables.ChainHook
			prio *nftables.ChainPriority
		}{
			{ChainPrerouting, nftables.ChainHookPrerouting, nftables.ChainPriorityNATDest},
			{ChainOutput, nftables.ChainHookOutput, nftables.ChainPriorityNATDest},
			{ChainPostrouting, nftables.ChainHookPostrouting, nftables.ChainPriorityNATSource},
		} {
			c.AddChain(&nftables.Chain{Name: ch.name, Table: t, Type: nftables.ChainTypeNAT, Hooknum: ch.hook, Priority: ch.prio, Policy: &accept})
		}
		return c.Flush()
	}
	t, ok := a.tab[op.NS]
	if !ok {
		return errors.New("nat table not created")
	}
	ex, err := natExprs(*op.NAT)
	if err != nil {
		return err
	}
	c.AddRule(&nftables.Rule{Table: t, Chain: &nftables.Chain{Name: op.NAT.Chain, Table: t}, Exprs: ex})
	return c.Flush()
}

// natExprs compiles a NAT rule to nftables expressions: the same matchers
// nft(8) would generate for the rule's text form.
func natExprs(n NATOp) ([]expr.Any, error) {
	ex, err := matchExprs(n.match())
	if err != nil {
		return nil, err
	}
	to := n.To.Addr().As4()
	nat := &expr.NAT{Family: unix.NFPROTO_IPV4, RegAddrMin: 1, RegAddrMax: 1}
	ex = append(ex, &expr.Immediate{Register: 1, Data: to[:]})
	if n.To.Port() != 0 {
		if n.Proto == "" {
			return nil, errors.New("a port mapping needs a protocol")
		}
		ex = append(ex, &expr.Immediate{Register: 2, Data: binaryutil.BigEndian.PutUint16(n.To.Port())})
		nat.RegProtoMin, nat.RegProtoMax = 2, 2
	}
	switch n.Action {
	case NATSNAT:
		nat.Type = expr.NATTypeSourceNAT
	case NATDNAT:
		nat.Type = expr.NATTypeDestNAT
	default:
		return nil, fmt.Errorf("unknown NAT action %q", n.Action)
	}
	return append(ex, nat), nil
}

// filterExprs compiles an NSG filter rule.
func filterExprs(f FilterOp) ([]expr.Any, error) {
	ex, err := matchExprs(f.match())
	if err != nil {
		return nil, err
	}
	switch f.Verdict {
	case VerdictAccept:
		return append(ex, &expr.Verdict{Kind: expr.VerdictAccept}), nil
	case VerdictDrop:
		return append(ex, &expr.Verdict{Kind: expr.VerdictDrop}), nil
	}
	return nil, fmt.Errorf("unknown verdict %q", f.Verdict)
}

// matchExprs compiles the matchers of a rule.
func matchExprs(n match) ([]expr.Any, error) {
	var ex []expr.Any
	if n.established {
		zero := []byte{0, 0, 0, 0}
		ex = append(ex, &expr.Ct{Register: 1, Key: expr.CtKeySTATE},
			&expr.Bitwise{SourceRegister: 1, DestRegister: 1, Len: 4,
				Mask: binaryutil.NativeEndian.PutUint32(expr.CtStateBitESTABLISHED | expr.CtStateBitRELATED), Xor: zero},
			&expr.Cmp{Op: expr.CmpOpNeq, Register: 1, Data: zero})
	}
	ifname := func(key expr.MetaKey, name string) {
		b := make([]byte, 16)
		copy(b, name)
		ex = append(ex, &expr.Meta{Key: key, Register: 1}, &expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: b})
	}
	addr := func(offset uint32, p netip.Prefix, op expr.CmpOp) {
		ex = append(ex, &expr.Payload{DestRegister: 1, Base: expr.PayloadBaseNetworkHeader, Offset: offset, Len: 4})
		if !p.IsSingleIP() {
			m := net.CIDRMask(p.Bits(), 32)
			ex = append(ex, &expr.Bitwise{SourceRegister: 1, DestRegister: 1, Len: 4, Mask: []byte(m), Xor: []byte{0, 0, 0, 0}})
		}
		a := p.Masked().Addr().As4()
		ex = append(ex, &expr.Cmp{Op: op, Register: 1, Data: a[:]})
	}
	if n.iif != "" {
		ifname(expr.MetaKeyIIFNAME, n.iif)
	}
	if n.oif != "" {
		ifname(expr.MetaKeyOIFNAME, n.oif)
	}
	if n.src.IsValid() && n.src.Bits() > 0 {
		addr(12, n.src, expr.CmpOpEq)
	}
	if n.dst.IsValid() && n.dst.Bits() > 0 {
		addr(16, n.dst, expr.CmpOpEq)
	}
	for _, x := range n.dstNot {
		addr(16, x, expr.CmpOpNeq)
	}
	if n.proto != "" {
		proto := map[string]byte{"tcp": unix.IPPROTO_TCP, "udp": unix.IPPROTO_UDP}[n.proto]
		if proto == 0 {
			return nil, fmt.Errorf("unknown protocol %q", n.proto)
		}
		ex = append(ex, &expr.Meta{Key: expr.MetaKeyL4PROTO, Register: 1}, &expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: []byte{proto}})
		if n.dport != 0 {
			ex = append(ex, &expr.Payload{DestRegister: 1, Base: expr.PayloadBaseTransportHeader, Offset: 2, Len: 2},
				&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: binaryutil.BigEndian.PutUint16(n.dport)})
		}
	}
	return ex, nil
}

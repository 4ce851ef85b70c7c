//go:build linux

package emu

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/aksnet/aksnet/internal/sim"
	"github.com/vishvananda/netns"
)

// ProbeOptions bound a probe run. Zero fields take the defaults.
type ProbeOptions struct {
	// Tries per protocol and flow (default 3) and the timeout of each
	// (default 200 ms).
	Tries   int
	Timeout time.Duration
	// Latency is the number of round trips measured per reachable flow.
	Latency int
	// Port is the destination port; zero picks a random high port.
	Port uint16
	// Parallel bounds the flows probed at once (default 16).
	Parallel int
	// AllPairs probes every endpoint of the topology (each pod, node, the
	// VM, peered, on-premises and internet hosts, and each service) to
	// every other instead of the default matrix.
	AllPairs bool
}

// ConfirmTimeout is the least timeout of the second, sequential probe of a
// flow that disagreed with the prediction.
const ConfirmTimeout = time.Second

// MaxLatency bounds --latency.
const MaxLatency = 1000

// Probe sends bounded UDP and TCP probes along every flow of lab name's
// predicted matrix and compares what the responders saw with the
// prediction.
func Probe(ctx context.Context, dir, name string, o ProbeOptions) (*Report, error) {
	dir = StateDir(dir)
	if o.Tries <= 0 {
		o.Tries = 3
	}
	if o.Timeout <= 0 {
		o.Timeout = 200 * time.Millisecond
	}
	if o.Parallel <= 0 {
		o.Parallel = 16
	}
	if o.Latency < 0 || o.Latency > MaxLatency {
		return nil, fmt.Errorf("--latency %d: use 0 to %d", o.Latency, MaxLatency)
	}
	if o.Port == 0 {
		o.Port = uint16(20000 + rand.IntN(40000))
	}
	st, err := LoadState(dir, name)
	if err != nil {
		return nil, fmt.Errorf("lab %s: %w", name, err)
	}
	if st.Status != StatusUp {
		return nil, fmt.Errorf("lab %s is %s, not up", name, st.Status)
	}
	t, err := st.Spec.Topology()
	if err != nil {
		return nil, err
	}
	var srcs, dsts []string
	if o.AllPairs {
		srcs, dsts = AllEndpoints(t, false), AllEndpoints(t, true)
	}
	m, err := t.Clone().Matrix(srcs, dsts)
	if err != nil {
		return nil, err
	}
	handles := map[string]netns.NsHandle{}
	defer func() {
		for _, h := range handles {
			h.Close()
		}
	}()
	for _, h := range t.Hosts {
		nh, err := netns.GetFromName(Namespace(name, h.Name))
		if err != nil {
			return nil, fmt.Errorf("lab %s: namespace of %s: %w", name, h.Name, err)
		}
		handles[h.Name] = nh
	}
	ports := map[string][]uint16{}
	for _, h := range t.Hosts {
		ports[h.Name] = []uint16{o.Port}
	}
	for _, s := range t.Services {
		if s.Port != o.Port {
			ports[s.Backend] = append(ports[s.Backend], s.Port)
		}
	}
	rs, err := startResponders(handles, ports)
	if err != nil {
		return nil, err
	}
	defer rs.close()

	rep := &Report{SchemaVersion: 1, Lab: name, Model: m.Model, OutboundType: m.OutboundType, Port: o.Port, Flows: make([]Flow, len(m.Flows))}
	type target struct{ from, to sim.Endpoint }
	targets := make([]target, len(m.Flows))
	for i, r := range m.Flows {
		from, err := resolve(t, r.From)
		if err != nil {
			return nil, err
		}
		to, err := resolve(t, r.To)
		if err != nil {
			return nil, err
		}
		// The prediction is traced for the port the probes use: the
		// service's port for a ClusterIP, the run's port otherwise.
		if to.Kind != sim.KindService {
			to.Port = o.Port
		}
		targets[i] = target{from, to}
		r = t.Trace(from, to)
		rep.Flows[i] = Flow{From: m.Flows[i].From, To: m.Flows[i].To, Source: r.Source, Destination: r.Destination, Verdict: r.Verdict,
			Predicted: Observation{Reachable: r.Reachable, SeenSource: r.SeenSource}, Port: to.Port}
	}
	// probe sends one flow's UDP and TCP probes from the source's
	// namespace and compares the answers with the prediction.
	probe := func(i int, o ProbeOptions) error {
		f := &rep.Flows[i]
		from, to := targets[i].from, targets[i].to
		src := netip.AddrPortFrom(from.IP, 0)
		dst := netip.AddrPortFrom(to.IP, f.Port)
		err := inNS(handles[from.Host], func() error {
			var uerr error
			uc, err := net.ListenUDP("udp4", net.UDPAddrFromAddrPort(src))
			if err != nil {
				return fmt.Errorf("udp socket in %s: %w", from.Host, err)
			}
			defer uc.Close()
			tcp := make(chan Answer, 1)
			go func() { tcp <- probeTCP(ctx, handles[from.Host], src, dst, o) }()
			f.UDP, uerr = probeUDP(ctx, uc, dst, o)
			f.TCP = <-tcp
			return uerr
		})
		f.Compare(to.Host)
		if err != nil {
			return fmt.Errorf("%s → %s: %w", f.From, f.To, err)
		}
		return nil
	}
	sem := make(chan struct{}, o.Parallel)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for i := range rep.Flows {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := probe(i, o); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// A flow that disagrees is probed again, alone and with a longer
	// timeout, so that a busy machine answering late does not count as a
	// disagreement. What still disagrees then is reported.
	slow := o
	slow.Timeout = max(ConfirmTimeout, 5*o.Timeout)
	for i := range rep.Flows {
		if rep.Flows[i].Agree || ctx.Err() != nil {
			continue
		}
		if err := probe(i, slow); err != nil {
			return nil, err
		}
		rep.Flows[i].Reprobed = true
	}
	// Round trips are measured one flow at a time, so that flows do not
	// share the machine while they are timed.
	for i := range rep.Flows {
		f := &rep.Flows[i]
		if o.Latency == 0 || !f.Observed.Reachable {
			continue
		}
		from, _ := resolve(t, f.From)
		to, _ := resolve(t, f.To)
		err := inNS(handles[from.Host], func() error {
			uc, err := net.ListenUDP("udp4", net.UDPAddrFromAddrPort(netip.AddrPortFrom(from.IP, 0)))
			if err != nil {
				return err
			}
			defer uc.Close()
			f.RTTMicros, err = measure(ctx, uc, netip.AddrPortFrom(to.IP, f.Port), o)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("%s → %s: measuring latency: %w", f.From, f.To, err)
		}
	}
	rep.Finish()
	return rep, nil
}

func resolve(t *sim.Topology, s string) (sim.Endpoint, error) {
	sp, err := sim.ParseEndpoint(s)
	if err != nil {
		return sim.Endpoint{}, err
	}
	return t.Resolve(sp)
}

func probeUDP(ctx context.Context, uc *net.UDPConn, dst netip.AddrPort, o ProbeOptions) (Answer, error) {
	var ans Answer
	buf := make([]byte, 512)
	for try := 1; try <= o.Tries && ctx.Err() == nil; try++ {
		ans.Tries = try
		nonce := rand.Uint64()
		if _, err := uc.WriteToUDPAddrPort(request(nonce), dst); err != nil {
			continue // e.g. no route: unreachable, try again within the bound
		}
		deadline := time.Now().Add(o.Timeout)
		for {
			if err := uc.SetReadDeadline(deadline); err != nil {
				return ans, err
			}
			n, _, err := uc.ReadFromUDPAddrPort(buf)
			if err != nil {
				break // timeout: next try
			}
			if host, seen, ok := parseReply(buf[:n], nonce); ok {
				ans.Reachable, ans.AnsweredBy, ans.SeenSource = true, host, &seen
				return ans, nil
			}
		}
	}
	return ans, nil
}

// measure returns count UDP round-trip times in microseconds; a lost
// round trip (past the timeout) is left out.
func measure(ctx context.Context, uc *net.UDPConn, dst netip.AddrPort, o ProbeOptions) ([]int64, error) {
	var out []int64
	buf := make([]byte, 512)
	for range o.Latency {
		if ctx.Err() != nil {
			break
		}
		nonce := rand.Uint64()
		start := time.Now()
		if _, err := uc.WriteToUDPAddrPort(request(nonce), dst); err != nil {
			continue
		}
		deadline := start.Add(o.Timeout)
		for {
			if err := uc.SetReadDeadline(deadline); err != nil {
				return out, err
			}
			n, _, err := uc.ReadFromUDPAddrPort(buf)
			if err != nil {
				break
			}
			if _, _, ok := parseReply(buf[:n], nonce); ok {
				out = append(out, time.Since(start).Microseconds())
				break
			}
		}
	}
	return out, nil
}

// probeTCP connects from src to dst inside namespace ns, sends a request
// and reads the reply, at most o.Tries times of o.Timeout each.
func probeTCP(ctx context.Context, ns netns.NsHandle, src, dst netip.AddrPort, o ProbeOptions) Answer {
	var ans Answer
	for try := 1; try <= o.Tries && ctx.Err() == nil; try++ {
		ans.Tries = try
		start := time.Now()
		var conn net.Conn
		err := inNS(ns, func() error {
			d := net.Dialer{LocalAddr: net.TCPAddrFromAddrPort(src), Timeout: o.Timeout}
			c, err := d.DialContext(ctx, "tcp4", dst.String())
			conn = c
			return err
		})
		if err != nil {
			if rest := o.Timeout - time.Since(start); rest > 0 {
				time.Sleep(rest) // a refused or unreachable try still takes its slot
			}
			continue
		}
		nonce := rand.Uint64()
		_ = conn.SetDeadline(start.Add(o.Timeout))
		if _, err := conn.Write(request(nonce)); err == nil {
			line, err := bufio.NewReader(conn).ReadBytes('\n')
			if host, seen, ok := parseReply(line, nonce); err == nil && ok {
				conn.Close()
				ans.Reachable, ans.AnsweredBy, ans.SeenSource = true, host, &seen
				return ans
			}
		}
		conn.Close()
	}
	return ans
}

// responders answer probes in every host namespace: each socket is opened
// inside its namespace and then served by ordinary goroutines.
type responders struct {
	closers []func() error
	wg      sync.WaitGroup
}

func (r *responders) close() {
	for _, c := range r.closers {
		c()
	}
	r.wg.Wait()
}

func startResponders(handles map[string]netns.NsHandle, ports map[string][]uint16) (*responders, error) {
	r := &responders{}
	for host, h := range handles {
		for _, port := range ports[host] {
			var uc *net.UDPConn
			var tl *net.TCPListener
			err := inNS(h, func() error {
				var err error
				if uc, err = net.ListenUDP("udp4", &net.UDPAddr{Port: int(port)}); err != nil {
					return err
				}
				if tl, err = net.ListenTCP("tcp4", &net.TCPAddr{Port: int(port)}); err != nil {
					uc.Close()
					return err
				}
				return nil
			})
			if err != nil {
				r.close()
				return nil, fmt.Errorf("responder in %s on port %d: %w", host, port, err)
			}
			r.closers = append(r.closers, uc.Close, tl.Close)
			r.wg.Add(2)
			go func() { defer r.wg.Done(); serveUDP(host, uc) }()
			go func() { defer r.wg.Done(); serveTCP(host, tl) }()
		}
	}
	return r, nil
}

func serveUDP(host string, uc *net.UDPConn) {
	buf := make([]byte, 512)
	for {
		n, from, err := uc.ReadFromUDPAddrPort(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		if b, ok := reply(host, buf[:n], from.Addr()); ok {
			_, _ = uc.WriteToUDPAddrPort(b, from)
		}
	}
}

func serveTCP(host string, l *net.TCPListener) {
	for {
		c, err := l.AcceptTCP()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		go func() {
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(2 * time.Second))
			line, err := bufio.NewReader(c).ReadBytes('\n')
			if err != nil {
				return
			}
			from := c.RemoteAddr().(*net.TCPAddr).AddrPort().Addr()
			if b, ok := reply(host, line, from); ok {
				_, _ = c.Write(b)
			}
		}()
	}
}

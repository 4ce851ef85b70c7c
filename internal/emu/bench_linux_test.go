//go:build linux

package emu

import (
	"context"
	"math/rand/v2"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/aksnet/aksnet/internal/sim"
	"github.com/vishvananda/netns"
)

// benchSpecs are 3-node labs with 10 pods per node, one per model.
func benchSpecs() []struct {
	name string
	spec Spec
} {
	var out []struct {
		name string
		spec Spec
	}
	for _, c := range labSpecs() {
		if c.spec.OutboundType != sim.OutboundLoadBalancer {
			continue
		}
		c.spec.Nodes, c.spec.PodsPerNode = 3, 10
		out = append(out, c)
	}
	return out
}

// BenchmarkLabUpDown brings a 3-node, 30-pod lab up and tears it down.
func BenchmarkLabUpDown(b *testing.B) {
	requireRoot(b)
	for _, c := range benchSpecs() {
		b.Run(c.name, func(b *testing.B) {
			dir := b.TempDir()
			name := "b" + c.name
			for b.Loop() {
				if _, _, err := Up(context.Background(), dir, name, c.spec); err != nil {
					b.Fatal(err)
				}
				if _, err := Down(dir, name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRoundTrip times one UDP request and reply per iteration along
// three paths of every model's lab: pod to pod across nodes, pod to the
// internet through the egress device, and node to VM.
func BenchmarkRoundTrip(b *testing.B) {
	requireRoot(b)
	paths := []struct{ name, from, to string }{
		{"pod-pod", "pod:web@node1", "pod:web@node2"},
		{"pod-internet", "pod:web@node1", "internet"},
		{"node-vm", "node:1", "vm"},
	}
	for _, c := range benchSpecs() {
		b.Run(c.name, func(b *testing.B) {
			dir := b.TempDir()
			name := "r" + c.name
			if _, _, err := Up(context.Background(), dir, name, c.spec); err != nil {
				b.Fatal(err)
			}
			defer Down(dir, name)
			topo, err := c.spec.Topology()
			if err != nil {
				b.Fatal(err)
			}
			for _, p := range paths {
				b.Run(p.name, func(b *testing.B) {
					from, err := resolve(topo, p.from)
					if err != nil {
						b.Fatal(err)
					}
					to, err := resolve(topo, p.to)
					if err != nil {
						b.Fatal(err)
					}
					src, err := netns.GetFromName(Namespace(name, from.Host))
					if err != nil {
						b.Fatal(err)
					}
					defer src.Close()
					dst, err := netns.GetFromName(Namespace(name, to.Host))
					if err != nil {
						b.Fatal(err)
					}
					defer dst.Close()
					port := uint16(20000 + rand.IntN(40000))
					rs, err := startResponders(map[string]netns.NsHandle{to.Host: dst}, map[string][]uint16{to.Host: {port}})
					if err != nil {
						b.Fatal(err)
					}
					defer rs.close()
					var uc *net.UDPConn
					if err := inNS(src, func() error {
						uc, err = net.ListenUDP("udp4", net.UDPAddrFromAddrPort(netip.AddrPortFrom(from.IP, 0)))
						return err
					}); err != nil {
						b.Fatal(err)
					}
					defer uc.Close()
					o := ProbeOptions{Latency: 1, Timeout: time.Second}
					target := netip.AddrPortFrom(to.IP, port)
					if rtt, err := measure(context.Background(), uc, target, o); err != nil || len(rtt) == 0 {
						b.Skipf("%s → %s does not answer in this model (%v)", p.from, p.to, err)
					}
					for b.Loop() {
						if rtt, err := measure(context.Background(), uc, target, o); err != nil || len(rtt) == 0 {
							b.Fatalf("round trip lost: %v", err)
						}
					}
				})
			}
		})
	}
}

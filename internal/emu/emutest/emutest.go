//go:build linux

// Package emutest holds test helpers for the lab: a snapshot of the calling
// network namespace that privileged tests compare before and after a lab,
// to prove the lab leaves the host namespace as it found it.
package emutest

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/vishvananda/netlink"
)

// HostSnapshot renders the calling namespace's links, addresses, routes
// (every table), rules and nftables ruleset, to prove the lab leaves it as
// it found it.
func HostSnapshot(t testing.TB) string {
	t.Helper()
	var b strings.Builder
	links, err := netlink.LinkList()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range links {
		a := l.Attrs()
		fmt.Fprintf(&b, "link %d %s %s %s mtu %d master %d\n", a.Index, a.Name, l.Type(), a.Flags, a.MTU, a.MasterIndex)
	}
	addrs, err := netlink.AddrList(nil, netlink.FAMILY_ALL)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		fmt.Fprintf(&b, "addr %d %s\n", a.LinkIndex, a.IPNet)
	}
	routes, err := netlink.RouteListFiltered(netlink.FAMILY_ALL, &netlink.Route{Table: 0}, netlink.RT_FILTER_TABLE)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range routes {
		fmt.Fprintf(&b, "route %s\n", r)
	}
	rules, err := netlink.RuleList(netlink.FAMILY_ALL)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		fmt.Fprintf(&b, "rule %s\n", r)
	}
	if nft, err := exec.LookPath("nft"); err == nil {
		out, err := exec.Command(nft, "list", "ruleset").CombinedOutput()
		if err != nil {
			t.Fatalf("nft list ruleset: %v\n%s", err, out)
		}
		b.WriteString("nft\n")
		b.Write(out)
	} else {
		t.Log("nft not installed: the ruleset is not compared")
	}
	return b.String()
}

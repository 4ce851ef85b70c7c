//go:build linux

package emu

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aksnet/aksnet/internal/emu/emutest"
	"github.com/aksnet/aksnet/internal/sim"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

func requireRoot(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root (network namespaces)")
	}
	// Only a kernel that refuses namespaces (a container without
	// CAP_SYS_ADMIN) skips; any other failure is a failure.
	if err := Supported(); err != nil {
		if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
			t.Skipf("the lab can't run here: %v", err)
		}
		t.Fatal(err)
	}
}

// upForTest brings lab name up and registers its teardown, which must
// remove every namespace the state recorded.
func upForTest(t *testing.T, ctx context.Context, dir, name string, spec Spec) *State {
	t.Helper()
	st, _, err := Up(ctx, dir, name, spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		removed, err := Down(dir, name)
		if err != nil {
			t.Error(err)
		}
		if len(removed) != len(st.Namespaces) {
			t.Errorf("down removed %d namespaces, want %d", len(removed), len(st.Namespaces))
		}
	})
	return st
}

// requireAgreement probes every endpoint of lab name to every other and
// requires each compared flow to agree with the simulator; on failure it
// logs the whole table after label.
func requireAgreement(t *testing.T, ctx context.Context, dir, name, label string) {
	t.Helper()
	rep, err := Probe(ctx, dir, name, ProbeOptions{AllPairs: true, Parallel: 32})
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, f := range rep.Flows {
		if f.Compared {
			compared++
		}
	}
	if compared == 0 {
		t.Errorf("no flow was compared (%d probed)", len(rep.Flows))
	}
	for _, f := range rep.Disagreements {
		t.Errorf("%s → %s: %s", f.From, f.To, f.Detail)
	}
	if t.Failed() {
		t.Logf("%s\n%s", label, rep.Table())
	}
}

// TestPrivilegedLabs brings up a two-node lab for every model and every
// outbound type in parallel, probes every endpoint to every other (the
// default matrix and more) and requires the real packets to agree with the
// simulator; afterwards no namespace, state file
// or change to the host namespace may remain.
func TestPrivilegedLabs(t *testing.T) {
	requireRoot(t)
	before := emutest.HostSnapshot(t)
	dir := t.TempDir()
	t.Run("models", func(t *testing.T) {
		for _, c := range labSpecs() {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				name := "t" + c.name
				ctx := context.Background()
				st := upForTest(t, ctx, dir, name, c.spec)
				got, err := listNamespaces(Prefix(name))
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(st.Namespaces) {
					t.Errorf("%d namespaces exist, the state records %d", len(got), len(st.Namespaces))
				}
				checkRuleset(t, name, c.spec)
				requireAgreement(t, ctx, dir, name, "")
			})
		}
	})
	for _, c := range labSpecs() {
		if left, _ := listNamespaces(Prefix("t" + c.name)); len(left) > 0 {
			t.Errorf("namespaces left: %v", left)
		}
	}
	if names, err := StateNames(dir); err != nil || len(names) > 0 {
		t.Errorf("state files left: %v %v", names, err)
	}
	if after := emutest.HostSnapshot(t); after != before {
		t.Errorf("host namespace changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// TestPrivilegedCancel cancels a bring-up part way and checks that Up tears
// down what it built.
func TestPrivilegedCancel(t *testing.T) {
	requireRoot(t)
	dir := t.TempDir()
	topo, err := labSpecs()[0].spec.Topology()
	if err != nil {
		t.Fatal(err)
	}
	plan, err := PlanFor("tcancel", topo)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	// Cancel once the fifth namespace exists.
	probe := func() {
		for {
			got, _ := listNamespaces(Prefix("tcancel"))
			if len(got) >= 5 {
				once.Do(cancel)
				return
			}
			if ctx.Err() != nil {
				return
			}
		}
	}
	go probe()
	_, _, err = Up(ctx, dir, "tcancel", labSpecs()[0].spec)
	cancel()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Up = %v, want a cancellation (plan of %d ops)", err, len(plan.Ops))
	}
	if left, _ := listNamespaces(Prefix("tcancel")); len(left) > 0 {
		t.Errorf("namespaces left after a cancelled bring-up: %v", left)
	}
	if _, err := os.Stat(StatePath(dir, "tcancel")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("state file left: %v", err)
	}
}

// checkRuleset compares the NAT rules nft(8) lists in each namespace with
// the plan's text of them, so the rules compiled through netlink are the
// rules the plan shows.
func checkRuleset(t *testing.T, name string, spec Spec) {
	t.Helper()
	nft, err := exec.LookPath("nft")
	if err != nil {
		t.Log("nft not installed: rulesets not compared")
		return
	}
	topo, err := spec.Topology()
	if err != nil {
		t.Fatal(err)
	}
	plan, err := PlanFor(name, topo)
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ ns, table string }
	want := map[key][]string{}
	for _, o := range plan.Ops {
		switch o.Kind {
		case OpNFTRule:
			want[key{o.NS, NFTTable}] = append(want[key{o.NS, NFTTable}], o.NAT.String())
		case OpNSGRule:
			want[key{o.NS, NSGTable}] = append(want[key{o.NS, NSGTable}], o.Filter.String())
		}
	}
	for k, rules := range want {
		ns := k.ns
		out, err := exec.Command("ip", "netns", "exec", ns, nft, "list", "table", "ip", k.table).CombinedOutput()
		if err != nil {
			t.Fatalf("nft in %s: %v\n%s", ns, err, out)
		}
		var got []string
		chain := ""
		for _, line := range strings.Split(string(out), "\n") {
			line = strings.TrimSpace(line)
			switch {
			case strings.HasPrefix(line, "chain "):
				chain = strings.Fields(line)[1]
			case line == "" || line == "}" || strings.HasPrefix(line, "type ") || strings.HasPrefix(line, "table "):
			default:
				got = append(got, chain+" "+line)
			}
		}
		slices.SortStableFunc(rules, byChain)
		if d := cmp.Diff(rules, got); d != "" {
			t.Errorf("%s %s: nft rules (-plan +kernel):\n%s", ns, k.table, d)
		}
	}
}

// byChain orders rules as nft lists them: prerouting, output, postrouting.
func byChain(a, b string) int {
	rank := map[string]int{ChainPrerouting: 0, ChainOutput: 1, ChainPostrouting: 2, ChainNSGIn: 0, ChainNSGOut: 1}
	ca, _, _ := strings.Cut(a, " ")
	cb, _, _ := strings.Cut(b, " ")
	return rank[ca] - rank[cb]
}

// TestPrivilegedDisagreementReprobed breaks a lab behind the simulator's
// back (the internet host loses its routes) and requires the flows to and
// from it to be reported as disagreements, each confirmed by a second, slower probe.
func TestPrivilegedDisagreementReprobed(t *testing.T) {
	requireRoot(t)
	ip, err := exec.LookPath("ip")
	if err != nil {
		t.Skip("ip not installed")
	}
	dir := t.TempDir()
	name := "tbroken"
	ctx := context.Background()
	spec := Spec{Model: "azure-overlay", OutboundType: sim.OutboundLoadBalancer, Nodes: 2, PodsPerNode: len(sim.PodNames)}
	if _, _, err := Up(ctx, dir, name, spec); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if _, err := Down(dir, name); err != nil {
			t.Error(err)
		}
	}()
	// Only inside the lab's own namespace.
	if out, err := exec.Command(ip, "-n", Namespace(name, "internet"), "route", "flush", "table", "main").CombinedOutput(); err != nil {
		t.Fatalf("ip route flush: %v\n%s", err, out)
	}
	rep, err := Probe(ctx, dir, name, ProbeOptions{Tries: 1, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Disagreements) == 0 {
		t.Fatalf("no disagreement although the internet host has no routes:\n%s", rep.Table())
	}
	for _, f := range rep.Disagreements {
		if f.To != "internet" && f.From != "internet" {
			t.Errorf("unexpected disagreement %s → %s: %s", f.From, f.To, f.Detail)
		}
		if !f.Reprobed {
			t.Errorf("%s → %s disagreed without a second probe", f.From, f.To)
		}
	}

}

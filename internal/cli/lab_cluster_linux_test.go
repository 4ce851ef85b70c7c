//go:build linux

package cli

import (
	"encoding/json"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aksnet/aksnet/internal/emu"
	"github.com/aksnet/aksnet/internal/emu/emutest"
	"github.com/google/go-cmp/cmp"
	"github.com/vishvananda/netlink"
)

// flowKey is one flow of a matrix.
type flowKey struct{ from, to string }

// outcome is a flow's reachability and the source address it arrives with.
type outcome struct {
	Reachable  bool        `json:"reachable"`
	SeenSource *netip.Addr `json:"seenSource"`
}

func (o outcome) String() string {
	if !o.Reachable {
		return "unreachable"
	}
	if o.SeenSource == nil {
		return "reachable, source undetermined"
	}
	return "seen " + o.SeenSource.String()
}

// TestPrivilegedLabCluster brings labs up from cluster definitions (a
// kubenet and an overlay fixture, a pod-subnet one, and the overlay one
// moved into public address space) and requires every flow that lab probe
// observes to be what aksnet trace --cluster FILE --matrix predicts for
// that cluster. Afterwards no namespace, state file or change to the host
// namespace may remain.
func TestPrivilegedLabCluster(t *testing.T) {
	requireRoot(t)
	dir := t.TempDir()
	t.Setenv(emu.DirEnv, dir)
	overlay, err := os.ReadFile(fixtureOverlay)
	if err != nil {
		t.Fatal(err)
	}
	// A VNet in public space, as some clusters use privately: it exists
	// only inside the lab's namespaces.
	public := filepath.Join(t.TempDir(), "public.tf")
	if err := os.WriteFile(public, []byte(strings.ReplaceAll(string(overlay), `"10.1.`, `"20.1.`)), 0o644); err != nil {
		t.Fatal(err)
	}
	before := emutest.HostSnapshot(t)
	tests := []struct {
		name, lab string
		args      []string
		wantUp    string
	}{
		{"kubenet", "ckubenet", []string{"--cluster", fixtureKubenet}, "model kubenet, outbound userDefinedRouting, 3 nodes"},
		{"overlay", "coverlay", []string{"--cluster", fixtureOverlay}, "model azure-overlay, outbound userDefinedRouting, 3 nodes"},
		{"pod subnet", "cpods", []string{"--cluster", fixturePods}, "model azure-pod-subnet"},
		{"public VNet", "cpublic", []string{"--cluster", public}, "model azure-overlay"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, append([]string{"trace", "--matrix", "-o", "json"}, tc.args...)...)
			if code != ExitOK {
				t.Fatalf("trace: exit %d: %s", code, errOut)
			}
			var m struct {
				Flows []struct {
					From string `json:"from"`
					To   string `json:"to"`
					outcome
				} `json:"flows"`
			}
			if err := json.Unmarshal([]byte(out), &m); err != nil {
				t.Fatal(err)
			}
			predicted := map[flowKey]outcome{}
			for _, f := range m.Flows {
				predicted[flowKey{f.From, f.To}] = f.outcome
			}

			out, errOut, code = runCLI(t, append([]string{"lab", "up", "--name", tc.lab}, tc.args...)...)
			if code != ExitOK {
				t.Fatalf("lab up: exit %d: %s", code, errOut)
			}
			defer runCLI(t, "lab", "down", "--name", tc.lab)
			if !strings.Contains(out, tc.wantUp) {
				t.Errorf("lab up printed %q, want %q", out, tc.wantUp)
			}

			out, errOut, code = runCLI(t, "lab", "probe", "--name", tc.lab, "-o", "json")
			if code != ExitOK {
				t.Fatalf("lab probe: exit %d: %s\n%s", code, errOut, out)
			}
			var rep struct {
				Flows []struct {
					From      string  `json:"from"`
					To        string  `json:"to"`
					Predicted outcome `json:"predicted"`
					Observed  outcome `json:"observed"`
					Compared  bool    `json:"compared"`
				} `json:"flows"`
				Disagreements []json.RawMessage `json:"disagreements"`
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			if len(rep.Flows) != len(predicted) {
				t.Errorf("lab probe probed %d flows, trace --matrix predicts %d", len(rep.Flows), len(predicted))
			}
			compared := 0
			for _, f := range rep.Flows {
				want, ok := predicted[flowKey{f.From, f.To}]
				if !ok {
					t.Errorf("%s → %s: probed, but not in trace --matrix", f.From, f.To)
					continue
				}
				if !f.Compared {
					continue
				}
				compared++
				if d := cmp.Diff(want.String(), f.Observed.String()); d != "" {
					t.Errorf("%s → %s: trace predicts %s, the lab observed %s", f.From, f.To, want, f.Observed)
				}
			}
			if compared == 0 {
				t.Error("no flow was compared")
			}
			if len(rep.Disagreements) != 0 {
				t.Errorf("%d disagreements", len(rep.Disagreements))
			}

			out, errOut, code = runCLI(t, "lab", "down", "--name", tc.lab)
			if code != ExitOK {
				t.Fatalf("lab down: exit %d: %s", code, errOut)
			}
			if !strings.Contains(out, "removed") {
				t.Errorf("lab down printed %q", out)
			}
			if left := namespacesWith(t, emu.Prefix(tc.lab)); len(left) > 0 {
				t.Errorf("namespaces left: %v", left)
			}
			if _, err := os.Stat(emu.StatePath(dir, tc.lab)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("state file left: %v", err)
			}
		})
	}
	if after := emutest.HostSnapshot(t); after != before {
		t.Errorf("host namespace changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	hostUses(t, netip.MustParsePrefix("20.1.0.0/16"))
}

// hostUses fails when an address or route of the calling namespace lies
// in p.
func hostUses(t *testing.T, p netip.Prefix) {
	t.Helper()
	addrs, err := netlink.AddrList(nil, netlink.FAMILY_V4)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		if ip, ok := netip.AddrFromSlice(a.IP.To4()); ok && p.Contains(ip) {
			t.Errorf("host address %s lies in %s", a.IPNet, p)
		}
	}
	routes, err := netlink.RouteListFiltered(netlink.FAMILY_V4, &netlink.Route{Table: 0}, netlink.RT_FILTER_TABLE)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range routes {
		if r.Dst == nil {
			continue
		}
		if ip, ok := netip.AddrFromSlice(r.Dst.IP.To4()); ok && p.Contains(ip) {
			t.Errorf("host route %s lies in %s", r, p)
		}
	}
}

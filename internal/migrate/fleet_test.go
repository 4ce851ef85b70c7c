package migrate

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
)

// cluster builds a cluster the way a reader would before defaults: the
// plugin (and mode), tags, one pool of count nodes and a pod CIDR.
func cluster(name, plugin, mode string, tags map[string]string, count int, podCIDR string) aks.Cluster {
	o := aks.Origin{File: name + ".json", Line: 1}
	c := aks.Cluster{Name: aks.SetAt(name, o), Source: o, Tags: tags,
		KubernetesVersion: aks.SetAt("1.31.2", o), Identity: aks.SetAt(aks.IdentityUserAssigned, o)}
	switch plugin {
	case "?":
		c.Network.Plugin = aks.UnknownAt[string](o, "var.plugin has no value")
	default:
		c.Network.Plugin = aks.SetAt(plugin, o)
	}
	if mode != "" {
		c.Network.PluginMode = aks.SetAt(mode, o)
	}
	if podCIDR != "" {
		c.Network.PodCIDR = aks.SetAt(netip.MustParsePrefix(podCIDR), o)
	}
	c.Pools = []aks.NodePool{{Name: aks.SetAt("system", o), Count: aks.SetAt(count, o), MaxSurge: aks.SetAt("1", o)}}
	return c
}

func TestPlanFleetOrder(t *testing.T) {
	prod := map[string]string{"env": "prod"}
	docs := []aks.Document{{Clusters: []aks.Cluster{
		cluster("overlay-prod", "azure", "overlay", prod, 3, ""),
		cluster("d", "kubenet", "", nil, 3, "10.244.0.0/16"),
		cluster("unknown", "?", "", nil, 3, ""),
		cluster("c", "kubenet", "", nil, 3, "10.244.0.0/16"),
		cluster("tight", "kubenet", "", nil, 3, "10.244.0.0/22"),
		cluster("kubenet-prod", "kubenet", "", map[string]string{"Environment": "Production"}, 3, "10.244.0.0/16"),
	}}}
	f := PlanFleet(docs, FleetOptions{Options: Options{Target: ToOverlay}})
	var got []string
	for _, p := range f.Plans {
		got = append(got, fmt.Sprintf("%d %s: %s", p.Rank, p.Cluster, p.RankReason))
	}
	want := []string{
		"1 kubenet-prod: production (tagged); nearest limit: pod CIDR 10.244.0.0/16, 4 of 256 /24 blocks used (1%, KUB)",
		// 3 nodes + 1 surge fill the /22's four /24 blocks.
		"2 tight: not production; nearest limit: pod CIDR 10.244.0.0/22, 4 of 4 /24 blocks used (100%, KUB)",
		"3 c: not production; nearest limit: pod CIDR 10.244.0.0/16, 4 of 256 /24 blocks used (1%, KUB)",
		"4 d: not production; nearest limit: pod CIDR 10.244.0.0/16, 4 of 256 /24 blocks used (1%, KUB)",
		"5 unknown: not production; headroom unknown (the model or node counts can't be resolved), ranked after known headroom",
		"6 overlay-prod: nothing to do (already at the target), so last; production (tagged); nearest limit: pod CIDR 10.244.0.0/16, 4 of 256 /24 blocks used (1%, OVL)",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("order (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[PathKind]int{InPlace: 4, Undecided: 1, AtTarget: 1}, f.Counts); d != "" {
		t.Errorf("counts (-want +got):\n%s", d)
	}
	if f.SchemaVersion != 1 || f.Blocked != 0 {
		t.Errorf("schemaVersion %d, blocked %d", f.SchemaVersion, f.Blocked)
	}
	// Custom production tags replace the defaults.
	tags, err := audit.ParseProdTags("tier=critical")
	if err != nil {
		t.Fatal(err)
	}
	f = PlanFleet(docs, FleetOptions{Options: Options{Target: ToOverlay}, Prod: tags})
	for _, p := range f.Plans {
		if p.Production {
			t.Errorf("%s marked production by tier=critical", p.Cluster)
		}
	}
}

func TestHeadroomKubenetNodeLimit(t *testing.T) {
	// 390 nodes on kubenet: the 400-route limit is nearer than a /16 pod CIDR.
	c := cluster("big", "kubenet", "", nil, 390, "10.244.0.0/15")
	f := PlanFleet([]aks.Document{{Clusters: []aks.Cluster{c}}}, FleetOptions{Options: Options{Target: ToOverlay}})
	h := f.Plans[0].Headroom
	if h == nil {
		t.Fatal("no headroom")
	}
	got := fmt.Sprintf("%s %d/%d %d%% %s", h.Limit, h.Used, h.Capacity, h.Percent, h.Source)
	if d := cmp.Diff("kubenet node limit 390/400 97% KUB", got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if !strings.Contains(f.Plans[0].RankReason, "kubenet node limit") {
		t.Errorf("reason %q", f.Plans[0].RankReason)
	}
}

package netpolicy_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"

	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/netpolicy"
)

var update = flag.Bool("update", false, "rewrite golden files")

// decodeStream splits a multi-document YAML stream and decodes every
// document strictly (unknown or duplicate fields are errors) into a
// NetworkPolicy.
func decodeStream(t *testing.T, data []byte) []networkingv1.NetworkPolicy {
	t.Helper()
	var out []networkingv1.NetworkPolicy
	for i, doc := range bytes.Split(data, []byte("\n---\n")) {
		if i == 0 && !bytes.Contains(doc, []byte("kind:")) {
			continue // the comment header
		}
		var np networkingv1.NetworkPolicy
		if err := yaml.UnmarshalStrict(doc, &np); err != nil {
			t.Fatalf("document %d: %v\n%s", i, err, doc)
		}
		out = append(out, np)
	}
	return out
}

// TestGoldenAndRoundTrip renders every engine with and without LocalDNS,
// pins the YAML, decodes it back strictly into the typed objects and
// validates each policy.
func TestGoldenAndRoundTrip(t *testing.T) {
	for _, e := range netpolicy.Engines() {
		for _, local := range []bool{false, true} {
			name := string(e)
			if local {
				name += "-localdns"
			}
			t.Run(name, func(t *testing.T) {
				b, ds := netpolicy.Build(netpolicy.Options{Namespaces: []string{"payments", "web"}, Engine: e, LocalDNS: local})
				if b == nil {
					t.Fatal(ds)
				}
				got, err := b.YAML()
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", name+".yaml")
				if *update {
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if diff := cmp.Diff(string(want), string(got)); diff != "" {
					t.Errorf("-want +got\n%s", diff)
				}
				back := decodeStream(t, got)
				if diff := cmp.Diff(b.Policies, back); diff != "" {
					t.Errorf("round trip -want +got\n%s", diff)
				}
				for i := range back {
					if errs := netpolicy.Validate(&back[i]); len(errs) > 0 {
						t.Errorf("%s/%s: %v", back[i].Namespace, back[i].Name, errs)
					}
				}
			})
		}
	}
}

// TestMatchesRecipes compares the baseline's shapes with the NetworkPolicy
// recipes in the shared corpus (read in place): the DNS rule equals recipe
// 11's "allow DNS resolution" rule, and the default deny selects every pod
// with no rules, as recipes 03 (ingress) and 12 (egress) do. Every recipe
// decodes strictly and passes Validate once given a namespace.
func TestMatchesRecipes(t *testing.T) {
	dir := corpustest.Dir(t, "k8s-netpol", "ahmetb-kubernetes-network-policy-recipes", "extracted-yaml")
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recipes in %s: %v", dir, err)
	}
	recipes := map[string]networkingv1.NetworkPolicy{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var np networkingv1.NetworkPolicy
		if err := yaml.UnmarshalStrict(data, &np); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if np.Namespace == "" {
			np.Namespace = "default"
		}
		if errs := netpolicy.Validate(&np); len(errs) > 0 {
			t.Errorf("%s: %v", filepath.Base(f), errs)
		}
		recipes[strings.TrimSuffix(filepath.Base(f), ".yaml")] = np
	}
	dns := recipes["11-deny-egress-traffic-from-an-application__2"]
	if len(dns.Spec.Egress) == 0 {
		t.Fatal("recipe 11 has no egress rule")
	}
	ours := netpolicy.AllowDNS("apps", false)
	if diff := cmp.Diff(dns.Spec.Egress[0], ours.Spec.Egress[0]); diff != "" {
		t.Errorf("DNS rule differs from recipe 11 -recipe +ours\n%s", diff)
	}
	deny := netpolicy.DefaultDeny("apps")
	for _, id := range []string{"03-deny-all-non-whitelisted-traffic-in-the-namespace__1", "12-deny-all-non-whitelisted-traffic-from-the-namespace__1"} {
		r := recipes[id]
		if diff := cmp.Diff(r.Spec.PodSelector, deny.Spec.PodSelector); diff != "" {
			t.Errorf("%s: pod selector -recipe +ours\n%s", id, diff)
		}
		if len(r.Spec.Ingress)+len(r.Spec.Egress) != 0 || len(deny.Spec.Ingress)+len(deny.Spec.Egress) != 0 {
			t.Errorf("%s: a default deny has no rules", id)
		}
	}
}

func TestBuildDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		opts netpolicy.Options
		want []string // code severity
		ok   bool
	}{
		{"fine", netpolicy.Options{Namespaces: []string{"apps", "apps"}, Engine: netmodel.PolicyCalico}, nil, true},
		{"bad namespace", netpolicy.Options{Namespaces: []string{"Apps_1"}, Engine: netmodel.PolicyCalico}, []string{"NPOL001 error"}, false},
		{"too long", netpolicy.Options{Namespaces: []string{strings.Repeat("a", 64)}, Engine: netmodel.PolicyAzure}, []string{"NPOL001 error"}, false},
		{"system namespace", netpolicy.Options{Namespaces: []string{"kube-system"}, Engine: netmodel.PolicyCilium}, []string{"NPOL002 warning"}, true},
		{"engine none", netpolicy.Options{Namespaces: []string{"apps"}, Engine: netmodel.PolicyNone}, []string{"NPOL003 error"}, false},
		{"no namespace", netpolicy.Options{Engine: netmodel.PolicyCilium}, []string{"NPOL004 error"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, ds := netpolicy.Build(tc.opts)
			var got []string
			for _, d := range ds {
				got = append(got, d.Code+" "+string(d.Severity))
				if d.Hint == "" || d.Path == "" {
					t.Errorf("diagnostic without hint or location: %+v", d)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("-want +got\n%s", diff)
			}
			if (b != nil) != tc.ok {
				t.Errorf("baseline built = %v, want %v", b != nil, tc.ok)
			}
			if b != nil && len(b.Policies) != 2 {
				t.Errorf("%d policies, want 2 (duplicates dropped)", len(b.Policies))
			}
		})
	}
}

// TestValidate: every check Validate applies catches its bad input.
func TestValidate(t *testing.T) {
	udp, bogus := corev1.ProtocolUDP, corev1.Protocol("ICMP")
	port := func(p intstr.IntOrString) *intstr.IntOrString { return &p }
	end := func(n int32) *int32 { return &n }
	tests := []struct {
		name string
		edit func(np *networkingv1.NetworkPolicy)
		want []string // field paths
	}{
		{"valid", func(*networkingv1.NetworkPolicy) {}, nil},
		{"kind", func(np *networkingv1.NetworkPolicy) { np.Kind = "Pod" }, []string{"apiVersion"}},
		{"name", func(np *networkingv1.NetworkPolicy) { np.Name = "Bad_Name" }, []string{"metadata.name"}},
		{"namespace", func(np *networkingv1.NetworkPolicy) { np.Namespace = "a.b" }, []string{"metadata.namespace"}},
		{"label", func(np *networkingv1.NetworkPolicy) { np.Labels = map[string]string{"bad key!": "x"} }, []string{"metadata.labels"}},
		{"selector", func(np *networkingv1.NetworkPolicy) {
			np.Spec.PodSelector.MatchExpressions = []metav1.LabelSelectorRequirement{{Key: "app", Operator: metav1.LabelSelectorOpIn}}
		}, []string{"spec.podSelector.matchExpressions[0].values"}},
		{"policy type", func(np *networkingv1.NetworkPolicy) { np.Spec.PolicyTypes = append(np.Spec.PolicyTypes, "Sideways") }, []string{"spec.policyTypes[1]"}},
		{"duplicate policy type", func(np *networkingv1.NetworkPolicy) { np.Spec.PolicyTypes = append(np.Spec.PolicyTypes, "Egress") }, []string{"spec.policyTypes[1]"}},
		{"protocol", func(np *networkingv1.NetworkPolicy) { np.Spec.Egress[0].Ports[0].Protocol = &bogus }, []string{"spec.egress[0].ports[0].protocol"}},
		{"port range", func(np *networkingv1.NetworkPolicy) { np.Spec.Egress[0].Ports[0].Port = port(intstr.FromInt32(70000)) }, []string{"spec.egress[0].ports[0].port"}},
		{"endPort below port", func(np *networkingv1.NetworkPolicy) { np.Spec.Egress[0].Ports[0].EndPort = end(52) }, []string{"spec.egress[0].ports[0].endPort"}},
		{"endPort with a named port", func(np *networkingv1.NetworkPolicy) {
			np.Spec.Egress[0].Ports[0] = networkingv1.NetworkPolicyPort{Protocol: &udp, Port: port(intstr.FromString("dns")), EndPort: end(60)}
		}, []string{"spec.egress[0].ports[0].endPort"}},
		{"bad port name", func(np *networkingv1.NetworkPolicy) {
			np.Spec.Egress[0].Ports[0].Port = port(intstr.FromString("-dns-"))
		}, []string{"spec.egress[0].ports[0].port"}},
		{"empty peer", func(np *networkingv1.NetworkPolicy) { np.Spec.Egress[0].To = []networkingv1.NetworkPolicyPeer{{}} }, []string{"spec.egress[0].to[0]"}},
		{"ipBlock with selector", func(np *networkingv1.NetworkPolicy) {
			np.Spec.Egress[0].To[0].IPBlock = &networkingv1.IPBlock{CIDR: "10.0.0.0/8"}
		}, []string{"spec.egress[0].to[0]"}},
		{"bad CIDR", func(np *networkingv1.NetworkPolicy) {
			np.Spec.Egress[0].To = []networkingv1.NetworkPolicyPeer{{IPBlock: &networkingv1.IPBlock{CIDR: "10.0.0.0/33"}}}
		}, []string{"spec.egress[0].to[0].ipBlock.cidr"}},
		{"except outside", func(np *networkingv1.NetworkPolicy) {
			np.Spec.Egress[0].To = []networkingv1.NetworkPolicyPeer{{IPBlock: &networkingv1.IPBlock{CIDR: "10.0.0.0/8", Except: []string{"10.0.0.0/8", "192.168.0.0/16", "10.1.0.0/16"}}}}
		}, []string{"spec.egress[0].to[0].ipBlock.except[0]", "spec.egress[0].to[0].ipBlock.except[1]"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			np := netpolicy.AllowDNS("apps", false)
			tc.edit(&np)
			var got []string
			for _, e := range netpolicy.Validate(&np) {
				got = append(got, e.Field)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("-want +got\n%s", diff)
			}
		})
	}
}

// FuzzBuild feeds the parsers behind --namespace and --engine: whatever
// builds must render, decode strictly and validate.
func FuzzBuild(f *testing.F) {
	for _, s := range []string{"apps", "kube-system", "Bad", "a-b-c", strings.Repeat("x", 70), "", "-x"} {
		f.Add(s, "cilium", true)
		f.Add(s, "AZURE", false)
	}
	f.Add("apps", "none", false)
	f.Fuzz(func(t *testing.T, ns, engine string, local bool) {
		e, err := netpolicy.ParseEngine(engine)
		if err != nil {
			e = netmodel.PolicyEngine(engine)
		}
		b, ds := netpolicy.Build(netpolicy.Options{Namespaces: strings.Split(ns, ","), Engine: e, LocalDNS: local})
		if b == nil {
			if !ds.HasErrors() {
				t.Fatal("no baseline and no error")
			}
			return
		}
		if ds.Max() == diag.Error {
			t.Fatal("baseline despite errors")
		}
		out, err := b.YAML()
		if err != nil {
			t.Fatal(err)
		}
		for i, np := range decodeStream(t, out) {
			if errs := netpolicy.Validate(&np); len(errs) > 0 {
				t.Fatalf("policy %d: %v", i, errs)
			}
		}
	})
}

// Package netpolicy builds baseline Kubernetes NetworkPolicy manifests for
// AKS namespaces: deny all ingress and egress by default, then allow DNS to
// kube-dns (and, when asked, to the node-local LocalDNS address), with the
// chosen policy engine's documented limits attached as notes.
//
// Manifests are k8s.io/api networking/v1 objects rendered with
// sigs.k8s.io/yaml; Validate applies the API server's offline checks that
// apimachinery provides (names, label selectors, ports, CIDRs).
//
// Diagnostic codes raised by this package:
//
//	NPOL001  error    a namespace name is not a valid Kubernetes namespace name
//	NPOL002  warning  a default deny in a system namespace would cut off cluster components
//	NPOL003  error    unknown policy engine
//	NPOL004  error    no namespace given
package netpolicy

import (
	"bytes"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"sigs.k8s.io/yaml"

	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/netmodel"
)

// Diagnostic codes.
const (
	CodeNamespace       = "NPOL001"
	CodeSystemNamespace = "NPOL002"
	CodeEngine          = "NPOL003"
	CodeNoNamespace     = "NPOL004"
)

// LocalDNSCIDR is the node-local LocalDNS range that pods query on UDP/TCP
// 53 and that Cilium policies must allow. CIL (worked example 28).
var LocalDNSCIDR = netmodel.F(netip.MustParsePrefix("169.254.10.0/24"), "CIL")

// DNSPort is the DNS port kube-dns and LocalDNS listen on (UDP and TCP). CIL.
const DNSPort = 53 // CIL

// kube-dns in AKS: the kube-system pods labelled k8s-app=kube-dns. The
// namespace is selected by the kubernetes.io/metadata.name label, which the
// API server sets on every namespace.
const (
	kubeSystem       = "kube-system"
	namespaceNameKey = "kubernetes.io/metadata.name"
	kubeDNSLabel     = "k8s-app"
	kubeDNSValue     = "kube-dns"
)

// Engines are the policy engines baselines are written for (SPEC
// networkPolicy, less none).
func Engines() []netmodel.PolicyEngine {
	return []netmodel.PolicyEngine{netmodel.PolicyAzure, netmodel.PolicyCalico, netmodel.PolicyCilium}
}

// ParseEngine parses an engine name: azure, calico or cilium.
func ParseEngine(s string) (netmodel.PolicyEngine, error) {
	e := netmodel.PolicyEngine(strings.ToLower(strings.TrimSpace(s)))
	if !slices.Contains(Engines(), e) {
		return "", fmt.Errorf("unknown policy engine %q (want azure, calico or cilium)", s)
	}
	return e, nil
}

// Options choose what to build.
type Options struct {
	// Namespaces get a baseline each, in order (duplicates dropped).
	Namespaces []string
	// Engine is the cluster's policy engine; it decides the notes.
	Engine netmodel.PolicyEngine
	// LocalDNS also allows DNS to LocalDNSCIDR.
	LocalDNS bool
}

// Note is an engine limit that affects the baseline, with its source code.
type Note struct {
	Text   string `json:"text"`
	Source string `json:"source"`
}

// Baseline is the built manifests and notes.
type Baseline struct {
	Engine   netmodel.PolicyEngine        `json:"engine"`
	Policies []networkingv1.NetworkPolicy `json:"policies"`
	Notes    []Note                       `json:"notes"`
}

// Build returns the baseline for every namespace. Every problem with the
// options is a diagnostic; the baseline is nil when any is an error.
func Build(opts Options) (*Baseline, diag.List) {
	var ds diag.List
	if !slices.Contains(Engines(), opts.Engine) {
		ds.Add(diag.Diagnostic{Code: CodeEngine, Severity: diag.Error, Path: "--engine",
			Message: fmt.Sprintf("unknown policy engine %q", opts.Engine), Hint: "use --engine azure, calico or cilium (the cluster's networkPolicy)"})
	}
	if len(opts.Namespaces) == 0 {
		ds.Add(diag.Diagnostic{Code: CodeNoNamespace, Severity: diag.Error, Path: "--namespace",
			Message: "no namespace given", Hint: "name at least one namespace: --namespace NS (repeatable or comma-separated)"})
	}
	var nss []string
	for _, ns := range opts.Namespaces {
		if errs := validation.IsDNS1123Label(ns); len(errs) > 0 {
			ds.Add(diag.Diagnostic{Code: CodeNamespace, Severity: diag.Error, Path: "--namespace",
				Message: fmt.Sprintf("invalid namespace %q: %s", ns, strings.Join(errs, "; ")),
				Hint:    "namespace names are DNS labels: lower-case letters, digits and '-', at most 63 characters"})
			continue
		}
		if ns == kubeSystem || strings.HasPrefix(ns, "kube-") || ns == "gatekeeper-system" || ns == "calico-system" || ns == "tigera-operator" {
			ds.Add(diag.Diagnostic{Code: CodeSystemNamespace, Severity: diag.Warning, Path: "--namespace",
				Message: fmt.Sprintf("namespace %q runs cluster components: a default deny there can break DNS, the API server path or the policy engine itself", ns),
				Hint:    "baseline application namespaces; write explicit policies for system namespaces"})
		}
		if !slices.Contains(nss, ns) {
			nss = append(nss, ns)
		}
	}
	if ds.HasErrors() {
		return nil, ds
	}
	b := &Baseline{Engine: opts.Engine, Notes: Notes(opts.Engine, opts.LocalDNS)}
	for _, ns := range nss {
		b.Policies = append(b.Policies, DefaultDeny(ns), AllowDNS(ns, opts.LocalDNS))
	}
	return b, ds
}

func typeMeta() metav1.TypeMeta {
	return metav1.TypeMeta{APIVersion: networkingv1.SchemeGroupVersion.String(), Kind: "NetworkPolicy"}
}

// DefaultDeny selects every pod of ns and allows nothing in either direction.
func DefaultDeny(ns string) networkingv1.NetworkPolicy {
	return networkingv1.NetworkPolicy{
		TypeMeta:   typeMeta(),
		ObjectMeta: metav1.ObjectMeta{Name: "default-deny-all", Namespace: ns, Labels: managedBy()},
		Spec: networkingv1.NetworkPolicySpec{
			PodSelector: metav1.LabelSelector{},
			PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress},
		},
	}
}

// AllowDNS lets every pod of ns query kube-dns in kube-system on UDP and
// TCP 53, and LocalDNSCIDR when localDNS is set.
func AllowDNS(ns string, localDNS bool) networkingv1.NetworkPolicy {
	ports := dnsPorts()
	rules := []networkingv1.NetworkPolicyEgressRule{{
		To: []networkingv1.NetworkPolicyPeer{{
			NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{namespaceNameKey: kubeSystem}},
			PodSelector:       &metav1.LabelSelector{MatchLabels: map[string]string{kubeDNSLabel: kubeDNSValue}},
		}},
		Ports: ports,
	}}
	if localDNS {
		rules = append(rules, networkingv1.NetworkPolicyEgressRule{
			To:    []networkingv1.NetworkPolicyPeer{{IPBlock: &networkingv1.IPBlock{CIDR: LocalDNSCIDR.Value.String()}}},
			Ports: dnsPorts(),
		})
	}
	return networkingv1.NetworkPolicy{
		TypeMeta:   typeMeta(),
		ObjectMeta: metav1.ObjectMeta{Name: "allow-dns-egress", Namespace: ns, Labels: managedBy()},
		Spec: networkingv1.NetworkPolicySpec{
			PodSelector: metav1.LabelSelector{},
			PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeEgress},
			Egress:      rules,
		},
	}
}

func dnsPorts() []networkingv1.NetworkPolicyPort {
	udp, tcp := corev1.ProtocolUDP, corev1.ProtocolTCP
	p := intstr.FromInt32(DNSPort)
	q := p
	return []networkingv1.NetworkPolicyPort{{Protocol: &udp, Port: &p}, {Protocol: &tcp, Port: &q}}
}

func managedBy() map[string]string {
	return map[string]string{"app.kubernetes.io/managed-by": "aksnet"}
}

// Notes returns the engine's documented limits that bear on the baseline.
func Notes(e netmodel.PolicyEngine, localDNS bool) []Note {
	var out []Note
	switch e {
	case netmodel.PolicyAzure:
		out = append(out,
			Note{fmt.Sprintf("Azure NPM (Linux) supports at most %d nodes and %d pods per cluster; beyond that it runs out of memory.", netmodel.NPMMaxNodes.Value, netmodel.NPMMaxPods.Value), netmodel.NPMMaxNodes.Source},
			Note{"Azure NPM does not support IPv6; on Windows nodes it lacks named ports, SCTP, negative selectors and ipBlock except ranges.", "NETPOL"},
			Note{"Azure NPM: keep at most 4 ipBlock sections per policy to lower the risk of a race that leaves the NPM pod stuck.", "NETPOL"},
			Note{fmt.Sprintf("Azure NPM is unsupported on Windows from %s and on Linux from %s: migrate to Cilium.", netmodel.NPMWindowsRetires.Value, netmodel.NPMLinuxRetires.Value), netmodel.NPMLinuxRetires.Source + "; " + netmodel.NPMWindowsRetires.Source},
			Note{"Azure NPM does not run on kubenet clusters (Calico only there).", "KUB"},
		)
	case netmodel.PolicyCalico:
		out = append(out,
			Note{"On kubenet Calico is both CNI and policy engine; on Azure CNI it enforces policy only. Windows nodes need Kubernetes 1.20+, Calico 3.17.2 and Azure CNI.", "NETPOL"},
			Note{"Calico is not supported with dual-stack Azure CNI Overlay.", "OVLCFG"},
		)
	case netmodel.PolicyCilium:
		out = append(out,
			Note{"Cilium does not select pod or node IPs by ipBlock: use pod and namespace selectors for in-cluster peers.", "CIL"},
			Note{"Cilium does not apply NetworkPolicy to hostNetwork pods.", "CIL"},
			Note{fmt.Sprintf("Cilium allocates one security identity per distinct label set, at most %d per cluster.", netmodel.CiliumIdentityLimit.Value), netmodel.CiliumIdentityLimit.Source},
			Note{netmodel.L7PolicyRequires.Value + " (CiliumNetworkPolicy); this baseline uses only Kubernetes NetworkPolicy.", netmodel.L7PolicyRequires.Source},
			Note{"networkPolicy cilium requires networkDataplane cilium and Linux node pools.", "SPEC; CIL"},
		)
	}
	if localDNS {
		out = append(out, Note{fmt.Sprintf("LocalDNS answers on %s (UDP and TCP %d); the allow-dns-egress policy allows it by ipBlock.", LocalDNSCIDR.Value, DNSPort), LocalDNSCIDR.Source})
	} else if e == netmodel.PolicyCilium {
		out = append(out, Note{fmt.Sprintf("If the cluster uses LocalDNS, Cilium policies must also allow %s on UDP/TCP %d: rerun with --localdns.", LocalDNSCIDR.Value, DNSPort), LocalDNSCIDR.Source})
	}
	return out
}

// YAML renders the baseline as a multi-document YAML stream: a comment
// header with the notes, then one document per policy.
func (b *Baseline) YAML() ([]byte, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Baseline NetworkPolicies generated by aksnet for the %s policy engine.\n", b.Engine)
	fmt.Fprintln(&buf, "# Engine notes:")
	for _, n := range b.Notes {
		fmt.Fprintf(&buf, "#   - %s (%s)\n", n.Text, n.Source)
	}
	for _, p := range b.Policies {
		out, err := yaml.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("rendering %s/%s: %w", p.Namespace, p.Name, err)
		}
		buf.WriteString("---\n")
		fmt.Fprintf(&buf, "# %s: %s\n", p.Namespace, describe(p))
		buf.Write(out)
	}
	return buf.Bytes(), nil
}

func describe(p networkingv1.NetworkPolicy) string {
	if len(p.Spec.Egress) == 0 && len(p.Spec.Ingress) == 0 {
		return "deny all ingress and egress of every pod unless another policy allows it"
	}
	return "allow DNS egress of every pod"
}

package netpolicy

import (
	"fmt"
	"net/netip"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Validate applies the API server's NetworkPolicy checks that can run
// offline with apimachinery's validators: object and namespace names,
// labels, label selectors, policy types, ports (number or name, protocol,
// endPort) and ipBlock CIDRs (except ranges strictly inside the CIDR, a peer
// with an ipBlock has no selectors). It returns every problem found.
func Validate(np *networkingv1.NetworkPolicy) field.ErrorList {
	var errs field.ErrorList
	meta := field.NewPath("metadata")
	if np.APIVersion != networkingv1.SchemeGroupVersion.String() || np.Kind != "NetworkPolicy" {
		errs = append(errs, field.Invalid(field.NewPath("apiVersion"), np.APIVersion+"/"+np.Kind, "want networking.k8s.io/v1 NetworkPolicy"))
	}
	for _, m := range validation.IsDNS1123Subdomain(np.Name) {
		errs = append(errs, field.Invalid(meta.Child("name"), np.Name, m))
	}
	for _, m := range validation.IsDNS1123Label(np.Namespace) {
		errs = append(errs, field.Invalid(meta.Child("namespace"), np.Namespace, m))
	}
	errs = append(errs, metav1validation.ValidateLabels(np.Labels, meta.Child("labels"))...)
	spec := field.NewPath("spec")
	sel := metav1validation.LabelSelectorValidationOptions{}
	errs = append(errs, metav1validation.ValidateLabelSelector(&np.Spec.PodSelector, sel, spec.Child("podSelector"))...)
	seen := map[networkingv1.PolicyType]bool{}
	for i, t := range np.Spec.PolicyTypes {
		p := spec.Child("policyTypes").Index(i)
		if t != networkingv1.PolicyTypeIngress && t != networkingv1.PolicyTypeEgress {
			errs = append(errs, field.NotSupported(p, t, []string{string(networkingv1.PolicyTypeIngress), string(networkingv1.PolicyTypeEgress)}))
		}
		if seen[t] {
			errs = append(errs, field.Duplicate(p, t))
		}
		seen[t] = true
	}
	for i, r := range np.Spec.Ingress {
		p := spec.Child("ingress").Index(i)
		errs = append(errs, validatePorts(r.Ports, p.Child("ports"))...)
		errs = append(errs, validatePeers(r.From, p.Child("from"))...)
	}
	for i, r := range np.Spec.Egress {
		p := spec.Child("egress").Index(i)
		errs = append(errs, validatePorts(r.Ports, p.Child("ports"))...)
		errs = append(errs, validatePeers(r.To, p.Child("to"))...)
	}
	return errs
}

func validatePorts(ports []networkingv1.NetworkPolicyPort, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, pt := range ports {
		p := path.Index(i)
		if pt.Protocol != nil {
			switch *pt.Protocol {
			case corev1.ProtocolTCP, corev1.ProtocolUDP, corev1.ProtocolSCTP:
			default:
				errs = append(errs, field.NotSupported(p.Child("protocol"), *pt.Protocol, []string{"TCP", "UDP", "SCTP"}))
			}
		}
		if pt.Port == nil {
			if pt.EndPort != nil {
				errs = append(errs, field.Forbidden(p.Child("endPort"), "may not be set without port"))
			}
			continue
		}
		switch pt.Port.Type {
		case intstr.Int:
			for _, m := range validation.IsValidPortNum(int(pt.Port.IntVal)) {
				errs = append(errs, field.Invalid(p.Child("port"), pt.Port.IntVal, m))
			}
			if pt.EndPort != nil && *pt.EndPort < pt.Port.IntVal {
				errs = append(errs, field.Invalid(p.Child("endPort"), *pt.EndPort, "must be greater than or equal to port"))
			}
			if pt.EndPort != nil {
				for _, m := range validation.IsValidPortNum(int(*pt.EndPort)) {
					errs = append(errs, field.Invalid(p.Child("endPort"), *pt.EndPort, m))
				}
			}
		default:
			for _, m := range validation.IsValidPortName(pt.Port.StrVal) {
				errs = append(errs, field.Invalid(p.Child("port"), pt.Port.StrVal, m))
			}
			if pt.EndPort != nil {
				errs = append(errs, field.Forbidden(p.Child("endPort"), "may not be set with a named port"))
			}
		}
	}
	return errs
}

func validatePeers(peers []networkingv1.NetworkPolicyPeer, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	sel := metav1validation.LabelSelectorValidationOptions{}
	for i, peer := range peers {
		p := path.Index(i)
		n := 0
		if peer.PodSelector != nil {
			n++
			errs = append(errs, metav1validation.ValidateLabelSelector(peer.PodSelector, sel, p.Child("podSelector"))...)
		}
		if peer.NamespaceSelector != nil {
			n++
			errs = append(errs, metav1validation.ValidateLabelSelector(peer.NamespaceSelector, sel, p.Child("namespaceSelector"))...)
		}
		if peer.IPBlock != nil {
			if n > 0 {
				errs = append(errs, field.Forbidden(p, "may not specify both ipBlock and another peer"))
			}
			n++
			errs = append(errs, validateIPBlock(peer.IPBlock, p.Child("ipBlock"))...)
		}
		if n == 0 {
			errs = append(errs, field.Required(p, "must specify a peer"))
		}
	}
	return errs
}

func validateIPBlock(b *networkingv1.IPBlock, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	cidr, err := netip.ParsePrefix(b.CIDR)
	if err != nil {
		return append(errs, field.Invalid(path.Child("cidr"), b.CIDR, "must be a valid CIDR"))
	}
	for i, e := range b.Except {
		p := path.Child("except").Index(i)
		x, err := netip.ParsePrefix(e)
		if err != nil {
			errs = append(errs, field.Invalid(p, e, "must be a valid CIDR"))
			continue
		}
		if x.Addr().Is4() != cidr.Addr().Is4() || x.Bits() <= cidr.Bits() || !cidr.Contains(x.Addr()) {
			errs = append(errs, field.Invalid(p, e, fmt.Sprintf("must be a strict subset of %s", b.CIDR)))
		}
	}
	return errs
}

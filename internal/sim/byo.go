package sim

import "github.com/aksnet/aksnet/internal/netmodel"

// byo: bring your own CNI (networkPlugin none). AKS allocates no pod IPs and
// installs no pod routes; the plugin decides everything about pod traffic
// (BYO; PLANPOD). The topology still shows pods with addresses from the pod
// CIDR's per-node /24s so endpoints can be named, but every flow that starts
// or ends at a pod is reported as plugin-defined; node, VM and egress flows
// are simulated as usual.
type byo struct{ base }

func (byo) bridge() string { return "cni0" }

func (byo) allocate(b *builder) { allocPerNodeBlocks(b, netmodel.MustLookup(netmodel.BYOCNI)) }

func (byo) build(b *builder) {
	b.t.Notes = append(b.t.Notes, Note{Topic: "byo", Source: netmodel.BYODataPath.Source,
		Text: netmodel.BYODataPath.Value + "; pod addresses shown are placeholders from the pod CIDR"})
}

func (byo) undetermined(_ *Topology, src, dst *Host) (string, string, bool) {
	if src.Kind == KindPod || dst.Kind == KindPod {
		m := netmodel.MustLookup(netmodel.BYOCNI)
		return VerdictPluginDefined, "the bring-your-own CNI plugin decides how pod traffic is routed and NATed (" + m.SNAT.Source + ")", true
	}
	return "", "", false
}

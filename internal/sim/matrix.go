package sim

import "fmt"

// DefaultSources are the matrix rows: a pod, a node, a VM in the VNet, a
// host in the peered VNet, an on-premises host and an internet host.
func DefaultSources() []string {
	return []string{"pod:web@node1", "node:1", "vm", "peered", "onprem", "internet"}
}

// DefaultDestinations are the matrix columns: a pod on the same node, a pod
// on another node, another node, the ClusterIP service, the VM, the peered
// host, the on-premises host and the internet.
func DefaultDestinations() []string {
	return []string{"pod:api@node1", "pod:web@node2", "node:2", "service:api", "vm", "peered", "onprem", "internet"}
}

// Matrix is the predicted reachability and seen source for sources ×
// destinations in one topology.
type Matrix struct {
	SchemaVersion int      `json:"schemaVersion"`
	Model         string   `json:"model"`
	OutboundType  string   `json:"outboundType"`
	Sources       []string `json:"sources"`
	Destinations  []string `json:"destinations"`
	// Flows holds one result per source and destination, row by row; a
	// pair naming the same host is left out.
	Flows []Result `json:"flows"`
	Notes []Note   `json:"notes,omitempty"`
}

// Matrix traces every source to every destination. Endpoints use
// ParseEndpoint's syntax; nil slices take the defaults. The topology's own
// hosts are used, so a matrix needs the nodes its endpoints name (two for
// the defaults).
func (t *Topology) Matrix(sources, dests []string) (Matrix, error) {
	if sources == nil {
		sources = DefaultSources()
	}
	if dests == nil {
		dests = DefaultDestinations()
	}
	m := Matrix{SchemaVersion: 1, Model: t.label(), OutboundType: t.OutboundType, Sources: sources, Destinations: dests, Flows: []Result{}}
	seen := map[string]bool{}
	for _, s := range sources {
		from, err := t.resolveString(s)
		if err != nil {
			return m, err
		}
		for _, d := range dests {
			to, err := t.resolveString(d)
			if err != nil {
				return m, err
			}
			if from.Host == to.Host && to.Kind != KindService {
				continue
			}
			r := t.Trace(from, to)
			r.From, r.To = s, d
			for _, n := range r.Notes {
				if !seen[n.Topic] {
					seen[n.Topic] = true
					m.Notes = append(m.Notes, n)
				}
			}
			m.Flows = append(m.Flows, r)
		}
	}
	for _, n := range t.Notes {
		if !seen[n.Topic] {
			seen[n.Topic] = true
			m.Notes = append(m.Notes, n)
		}
	}
	return m, nil
}

// TraceFlow parses and resolves two endpoints (ParseEndpoint's syntax) and
// traces from one to the other.
func (t *Topology) TraceFlow(from, to string) (Result, error) {
	src, err := t.resolveString(from)
	if err != nil {
		return Result{}, err
	}
	dst, err := t.resolveString(to)
	if err != nil {
		return Result{}, err
	}
	r := t.Trace(src, dst)
	r.From, r.To = from, to
	return r, nil
}

func (t *Topology) resolveString(s string) (Endpoint, error) {
	sp, err := ParseEndpoint(s)
	if err != nil {
		return Endpoint{}, err
	}
	e, err := t.Resolve(sp)
	if err != nil {
		return Endpoint{}, fmt.Errorf("endpoint %s: %w", s, err)
	}
	return e, nil
}

// Export is what the lab consumes: the topology to realise and the
// predictions (the default matrix) to compare real packets with.
type Export struct {
	SchemaVersion int       `json:"schemaVersion"`
	Topology      *Topology `json:"topology"`
	Predictions   Matrix    `json:"predictions"`
}

// ExportFor builds the export of t with the default matrix. The matrix is
// computed on a copy, so t is not extended by endpoint resolution.
func ExportFor(t *Topology) (Export, error) {
	m, err := t.Clone().Matrix(nil, nil)
	if err != nil {
		return Export{}, err
	}
	return Export{SchemaVersion: 1, Topology: t, Predictions: m}, nil
}

// JSON returns the export as indented JSON with a trailing newline.
func (e *Export) JSON() ([]byte, error) { return marshalIndent(e) }

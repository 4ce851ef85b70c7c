//go:build linux

package emu

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aksnet/aksnet/internal/emu/emutest"
)

// TestPrivilegedClusterLabs builds a lab for every distinct cluster of the
// fixtures and the corpus that the simulator accepts, probes every
// endpoint to every other and requires the real packets to agree with the
// simulator; afterwards no namespace, state file or change to the host
// namespace may remain.
func TestPrivilegedClusterLabs(t *testing.T) {
	requireRoot(t)
	before := emutest.HostSnapshot(t)
	dir := t.TempDir()
	var names []string
	sem := make(chan struct{}, 8) // labs at once
	t.Run("clusters", func(t *testing.T) {
		for i, c := range clusterSpecs(t) {
			if _, err := c.spec.Topology(); err != nil {
				var be *BuildError
				if !errors.As(err, &be) {
					t.Errorf("%s: %v", c.name, err)
				}
				continue // the simulator rejects it (TestSpecForClusters)
			}
			name := fmt.Sprintf("cl%d", i)
			names = append(names, name)
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				sem <- struct{}{}
				defer func() { <-sem }()
				ctx := context.Background()
				upForTest(t, ctx, dir, name, c.spec)
				requireAgreement(t, ctx, dir, name, fmt.Sprintf("spec %+v", c.spec))
			})
		}
	})
	for _, n := range names {
		if left, _ := listNamespaces(Prefix(n)); len(left) > 0 {
			t.Errorf("namespaces left: %v", left)
		}
	}
	if left, err := StateNames(dir); err != nil || len(left) > 0 {
		t.Errorf("state files left: %v %v", left, err)
	}
	if after := emutest.HostSnapshot(t); after != before {
		t.Errorf("host namespace changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

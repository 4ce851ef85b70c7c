package netmodel

import "testing"

// TestLBPorts reproduces the facts sheet's worked examples 17 and 19.
func TestLBPorts(t *testing.T) {
	for _, tt := range []struct{ ports, ips, want int }{
		{1000, 2, 128}, {1000, 7, 448}, {4000, 2, 32}, {4000, 7, 112}, {0, 2, 0}, {1000, 0, 0},
	} {
		if got := LBMaxNodesForPorts(tt.ports, tt.ips); got != tt.want {
			t.Errorf("LBMaxNodesForPorts(%d, %d) = %d, want %d", tt.ports, tt.ips, got, tt.want)
		}
	}
	for _, tt := range []struct{ nodes, want int }{{1, 1024}, {48, 1024}, {50, 1024}, {52, 512}, {100, 512}, {101, 0}} {
		if got := LBDefaultPortsPerNode(tt.nodes); got != tt.want {
			t.Errorf("LBDefaultPortsPerNode(%d) = %d, want %d", tt.nodes, got, tt.want)
		}
	}
}

func TestOutbounds(t *testing.T) {
	for typ, want := range map[string]bool{
		"loadBalancer": false, "managedNATGateway": false, "userAssignedNATGateway": false, "managedNATGatewayV2": false,
		"userDefinedRouting": true, "none": true, "block": true, "USERDEFINEDROUTING": true,
	} {
		o, ok := LookupOutbound(typ)
		if !ok || o.RestrictsEgress.Value != want || o.RestrictsEgress.Source == "" {
			t.Errorf("%s: %+v, %v", typ, o, ok)
		}
	}
	if _, ok := LookupOutbound("internet"); ok {
		t.Error("unknown outbound type found")
	}
	for size, want := range map[string]bool{"Standard_DC1s_v2": true, "Standard_DC8_v2": true, "standard_dc4s_v2": true, "Standard_DC4s_v3": false, "Standard_D4s_v2": false} {
		if IsDCsv2(size) != want {
			t.Errorf("IsDCsv2(%s) != %v", size, want)
		}
	}
}

package azaddr

import (
	"net/netip"
	"strings"
	"testing"
)

func TestUsableInSubnet(t *testing.T) {
	tests := []struct {
		bits int
		want int64
	}{
		{24, 251}, // facts example 7: /24 → 256 addresses, 251 usable (OVL)
		{27, 27},  // facts example 3: a /27 has 27 usable
		{29, 3},   // the smallest subnet Azure allows
		{30, 0},   // 4 addresses, all reserved
		{32, 0},
		{21, 2043},
		{16, 65531},
		{8, 16777211},
		{0, 4294967291},
		{-1, 0},
		{33, 0},
	}
	for _, tt := range tests {
		if got := UsableInSubnet(tt.bits); got != tt.want {
			t.Errorf("UsableInSubnet(%d) = %d, want %d", tt.bits, got, tt.want)
		}
	}
}

func TestSmallestSubnetFor(t *testing.T) {
	tests := []struct {
		n    int64
		want int
		ok   bool
	}{
		{1581, 21, true}, // facts example 1
		{1891, 21, true}, // facts example 2
		{251, 24, true},
		{252, 23, true},
		{1, 29, true},
		{0, 29, true},
		{-5, 29, true},
		{3, 29, true},
		{4, 28, true},
		{4294967291, 0, true},
		{4294967292, 0, false},
	}
	for _, tt := range tests {
		got, ok := SmallestSubnetFor(tt.n)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SmallestSubnetFor(%d) = /%d, %v; want /%d, %v", tt.n, got, ok, tt.want, tt.ok)
		}
	}
}

// TestSmallestSubnetForAgainstUsable checks that the result is exactly the
// longest prefix that holds n: it holds n and one bit longer doesn't.
func TestSmallestSubnetForAgainstUsable(t *testing.T) {
	for n := int64(1); n < 70000; n += 7 {
		bits, ok := SmallestSubnetFor(n)
		if !ok || UsableInSubnet(bits) < n || (bits < 32 && UsableInSubnet(bits+1) >= n) {
			t.Fatalf("SmallestSubnetFor(%d) = /%d", n, bits)
		}
	}
}

func TestParsePrefix(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"10.244.0.0/16", "10.244.0.0/16", ""},
		{"fd12:3456:789a::/64", "fd12:3456:789a::/64", ""},
		{"10.244.1.0/16", "", "did you mean 10.244.0.0/16"},
		{"10.244.0.0", "", "want an address and a prefix length"},
		{"10.244.0.0/33", "", "want an address"},
		{"", "", "want an address"},
		{"fe80::1%eth0/64", "", "invalid CIDR"},
	}
	for _, tt := range tests {
		got, err := ParsePrefix(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParsePrefix(%q) err = %v, want containing %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("ParsePrefix(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func TestForbiddenOverlap(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"172.16.0.0/12", "172.30.0.0/16"}, // facts example 14 (CNIOV): contains 172.30/16 and 172.31/16
		{"172.31.5.0/24", "172.31.0.0/16"},
		{"169.254.0.0/24", "169.254.0.0/16"},
		{"192.0.2.128/25", "192.0.2.0/24"},
		{"192.0.0.0/8", "192.0.2.0/24"},
		{"10.244.0.0/16", ""},
		{"172.29.0.0/16", ""},
		{"fd00::/8", ""},
	}
	for _, tt := range tests {
		got, bad := ForbiddenOverlap(netip.MustParsePrefix(tt.in))
		if (tt.want == "") == bad || (bad && got.String() != tt.want) {
			t.Errorf("ForbiddenOverlap(%s) = %v, %v; want %q", tt.in, got, bad, tt.want)
		}
	}
}

func TestUsableBlocks(t *testing.T) {
	tests := []struct{ bits, want int64 }{{28, 0}, {27, 0}, {26, 2}, {24, 14}, {16, 4094}, {12, 65534}, {29, 0}}
	for _, tt := range tests {
		if got := UsableBlocks(int(tt.bits), 28); got != tt.want {
			t.Errorf("UsableBlocks(/%d) = %d, want %d", tt.bits, got, tt.want)
		}
	}
}

func TestIsPrivate(t *testing.T) {
	for in, want := range map[string]bool{"10.244.0.0/16": true, "100.64.0.0/16": true, "172.16.0.0/12": true, "192.168.1.0/24": true,
		"20.0.0.0/16": false, "10.0.0.0/7": false, "100.128.0.0/16": false} {
		if got := IsPrivate(netip.MustParsePrefix(in)); got != want {
			t.Errorf("IsPrivate(%s) = %v, want %v", in, got, want)
		}
	}
}

// FuzzParsePrefix checks that parsing never panics and that every accepted
// prefix is canonical and round-trips.
func FuzzParsePrefix(f *testing.F) {
	for _, s := range []string{"10.244.0.0/16", "10.244.1.0/16", "::/0", "1.2.3.4/32", "/", "1.2.3.4/-1", "fe80::%a/10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePrefix(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "invalid CIDR") {
				t.Fatalf("error %q lacks context", err)
			}
			return
		}
		if p != p.Masked() {
			t.Fatalf("%q accepted non-canonical %v", s, p)
		}
		q, err := ParsePrefix(p.String())
		if err != nil || q != p {
			t.Fatalf("%q → %v does not round-trip: %v %v", s, p, q, err)
		}
		_, _ = ForbiddenOverlap(p)
		if p.Addr().Is4() && UsableInSubnet(p.Bits()) < 0 {
			t.Fatal("negative usable")
		}
	})
}

package azaddr

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUsableInSubnet(t *testing.T) {
	tests := []struct {
		bits int
		want int64
	}{
		{24, 251}, // OVL: a /24 is 256 addresses, 251 usable (worked example 7)
		{27, 27},
		{28, 11},
		{29, 3}, // Azure's smallest subnet
		{30, 0}, // 4 addresses, 5 reserved
		{32, 0},
		{21, 2043},
		{16, 65531},
		{0, 1<<32 - 5},
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
		n      int64
		want   int
		wantOK bool
	}{
		{1581, 21, true}, // IPPLAN worked example 1: "/21 or larger"
		{1891, 21, true}, // IPPLAN worked example 2
		{251, 24, true},
		{252, 23, true},
		{0, 29, true},
		{-3, 29, true},
		{3, 29, true},
		{4, 28, true},
		{1<<32 - 5, 0, true},
		{1 << 32, 0, false},
	}
	for _, tt := range tests {
		got, ok := SmallestSubnetFor(tt.n)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("SmallestSubnetFor(%d) = %d, %v; want %d, %v", tt.n, got, ok, tt.want, tt.wantOK)
		}
	}
	// Every answer holds n, and one bit longer does not.
	for n := int64(1); n < 5000; n++ {
		l, _ := SmallestSubnetFor(n)
		if UsableInSubnet(l) < n || (l < 32 && UsableInSubnet(l+1) >= n) {
			t.Fatalf("SmallestSubnetFor(%d) = /%d is not the longest that fits", n, l)
		}
	}
}

func TestParsePrefix(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{"10.244.0.0/16", "10.244.0.0/16", ""},
		{"fd12:3456:789a::/64", "fd12:3456:789a::/64", ""},
		{"10.244.0.1/16", "", "did you mean 10.244.0.0/16?"},
		{"10.244.0.0", "", "want an address and a prefix length"},
		{"10.244.0.0/33", "", "want an address and a prefix length"},
		{"", "", "invalid CIDR"},
		{"fe80::%eth0/64", "", "invalid CIDR"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePrefix(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got.String() != tt.want {
				t.Fatalf("= %v, %v; want %s", got, err, tt.want)
			}
		})
	}
}

func TestForbiddenOverlap(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" = no overlap
	}{
		{"172.16.0.0/12", "172.30.0.0/16"}, // CNIOV worked example 14
		{"172.31.255.0/24", "172.31.0.0/16"},
		{"169.254.10.0/24", "169.254.0.0/16"},
		{"192.0.2.128/25", "192.0.2.0/24"},
		{"0.0.0.0/0", "169.254.0.0/16"},
		{"10.244.0.0/16", ""},
		{"172.29.0.0/16", ""},
		{"192.0.3.0/24", ""},
	}
	for _, tt := range tests {
		got, bad := ForbiddenOverlap(netip.MustParsePrefix(tt.in))
		s := ""
		if bad {
			s = got.String()
		}
		if diff := cmp.Diff(tt.want, s); diff != "" {
			t.Errorf("ForbiddenOverlap(%s) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestIsPrivate(t *testing.T) {
	for in, want := range map[string]bool{
		"10.244.0.0/16": true, "100.64.0.0/10": true, "192.168.1.0/24": true, "172.16.0.0/12": true,
		"100.0.0.0/8": false, "8.8.8.0/24": false, "10.0.0.0/7": false,
	} {
		if got := IsPrivate(netip.MustParsePrefix(in)); got != want {
			t.Errorf("IsPrivate(%s) = %v, want %v", in, got, want)
		}
	}
}

func FuzzParsePrefix(f *testing.F) {
	for _, s := range []string{"10.244.0.0/16", "10.244.0.1/16", "::/0", "fe80::%eth0/64", "1.2.3.4/32", "/", "1.2.3.4/-1", "01.2.3.4/8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePrefix(s)
		if err != nil {
			if !strings.Contains(err.Error(), "invalid CIDR") {
				t.Fatalf("error without context: %v", err)
			}
			return
		}
		if p != p.Masked() || !p.IsValid() {
			t.Fatalf("%q accepted as non-canonical %v", s, p)
		}
		back, err := ParsePrefix(p.String())
		if err != nil || back != p {
			t.Fatalf("%q → %v does not round-trip: %v", s, p, err)
		}
		if p.Addr().Is4() {
			if l, ok := SmallestSubnetFor(UsableInSubnet(p.Bits())); ok && UsableInSubnet(p.Bits()) > 0 && l != p.Bits() {
				t.Fatalf("SmallestSubnetFor(usable(/%d)) = /%d", p.Bits(), l)
			}
		}
	})
}

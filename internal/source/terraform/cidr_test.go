package terraform

import (
	"math/big"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

// The expected values of the cidr* cases are the examples of Terraform's
// documentation for cidrsubnet, cidrhost, cidrnetmask and cidrsubnets.
func TestFunctions(t *testing.T) {
	tests := []struct {
		name string
		call string
		want cty.Value
		err  bool
	}{
		{"subnet v4", `cidrsubnet("172.16.0.0/12", 4, 2)`, cty.StringVal("172.18.0.0/16"), false},
		{"subnet v4 last", `cidrsubnet("10.1.2.0/24", 4, 15)`, cty.StringVal("10.1.2.240/28"), false},
		{"subnet v6", `cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)`, cty.StringVal("fd00:fd12:3456:7800:a200::/72"), false},
		{"subnet non-canonical base", `cidrsubnet("10.1.2.3/24", 2, 1)`, cty.StringVal("10.1.2.64/26"), false},
		{"subnet netnum too big", `cidrsubnet("10.1.2.0/24", 4, 16)`, cty.NilVal, true},
		{"subnet too long", `cidrsubnet("10.1.2.0/24", 9, 0)`, cty.NilVal, true},
		{"subnet negative", `cidrsubnet("10.1.2.0/24", 4, -1)`, cty.NilVal, true},
		{"subnet fraction", `cidrsubnet("10.1.2.0/24", 4, 1.5)`, cty.NilVal, true},
		{"subnet bad prefix", `cidrsubnet("10.1.2.0/33", 4, 1)`, cty.NilVal, true},
		{"host", `cidrhost("10.12.112.0/20", 16)`, cty.StringVal("10.12.112.16"), false},
		{"host next octet", `cidrhost("10.12.112.0/20", 268)`, cty.StringVal("10.12.113.12"), false},
		{"host v6", `cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)`, cty.StringVal("fd00:fd12:3456:7890::22"), false},
		{"host negative", `cidrhost("10.0.0.0/24", -2)`, cty.StringVal("10.0.0.254"), false},
		{"host out of range", `cidrhost("10.0.0.0/24", 256)`, cty.NilVal, true},
		{"netmask", `cidrnetmask("172.16.0.0/12")`, cty.StringVal("255.240.0.0"), false},
		{"netmask /0", `cidrnetmask("0.0.0.0/0")`, cty.StringVal("0.0.0.0"), false},
		{"netmask v6", `cidrnetmask("fd00::/8")`, cty.NilVal, true},
		{"subnets", `cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)`, cty.ListVal([]cty.Value{
			cty.StringVal("10.1.0.0/20"), cty.StringVal("10.1.16.0/20"), cty.StringVal("10.1.32.0/24"), cty.StringVal("10.1.48.0/20")}), false},
		{"replace literal", `replace("a.b.c", ".", "-")`, cty.StringVal("a-b-c"), false},
		{"replace regex", `replace("aks-01-prod", "/[0-9]+/", "N")`, cty.StringVal("aks-N-prod"), false},
		{"startswith", `startswith("Standard_D4s_v5", "Standard_")`, cty.True, false},
		{"alltrue", `alltrue([true, 1 == 1])`, cty.True, false},
		{"anytrue", `anytrue([false, false])`, cty.False, false},
		{"range bounded", `range(1e9)`, cty.NilVal, true},
		{"apply-time function", `uuid()`, cty.NilVal, true},
		{"subnets overflow", `cidrsubnets("10.1.0.0/24", 1, 1, 1)`, cty.NilVal, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := load("", map[string][]byte{"main.tf": []byte("locals {\n  x = " + tt.call + "\n}\n")}, nil, loadOptions{})
			got := m.evalLocal("x", m.locals["x"])
			got, _ = got.UnmarkDeep()
			if tt.err {
				if got.IsKnown() {
					t.Fatalf("%s = %#v, want an error", tt.call, got)
				}
				return
			}
			if !got.RawEquals(tt.want) {
				t.Fatalf("%s = %#v, want %#v", tt.call, got, tt.want)
			}
		})
	}
}

// TestCIDRSubnetExhaustive checks cidrsubnet against a slow reference for
// every small case: the n-th subnet of a /24 is the block starting at base +
// n × size.
func TestCIDRSubnetExhaustive(t *testing.T) {
	base := netip.MustParsePrefix("192.168.4.0/24")
	for nb := 0; nb <= 8; nb++ {
		for n := 0; n < 1<<nb; n++ {
			got, err := cidrSubnet(base, nb, big.NewInt(int64(n)))
			if err != nil {
				t.Fatal(err)
			}
			size := 256 >> nb
			want := netip.PrefixFrom(netip.AddrFrom4([4]byte{192, 168, 4, byte(n * size)}), 24+nb)
			if diff := cmp.Diff(want.String(), got.String()); diff != "" {
				t.Fatalf("cidrsubnet(%v, %d, %d) (-want +got):\n%s", base, nb, n, diff)
			}
		}
	}
}

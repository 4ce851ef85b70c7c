package terraform

import (
	"errors"
	"fmt"
	"math/big"
	"net/netip"
)

// cidrSubnet is Terraform's cidrsubnet(prefix, newbits, netnum): the netnum-th
// subnet of prefix that is newbits longer.
func cidrSubnet(prefix netip.Prefix, newbits int, netnum *big.Int) (netip.Prefix, error) {
	prefix = prefix.Masked()
	bitlen := prefix.Addr().BitLen()
	if newbits < 0 {
		return netip.Prefix{}, errors.New("newbits must not be negative")
	}
	newLen := prefix.Bits() + newbits
	if newLen > bitlen {
		return netip.Prefix{}, fmt.Errorf("insufficient address space to extend prefix of %d by %d", prefix.Bits(), newbits)
	}
	if netnum.Sign() < 0 || netnum.Cmp(new(big.Int).Lsh(big.NewInt(1), uint(newbits))) >= 0 {
		return netip.Prefix{}, fmt.Errorf("prefix extension of %d does not accommodate a subnet numbered %s", newbits, netnum)
	}
	off := new(big.Int).Lsh(netnum, uint(bitlen-newLen))
	a, err := addOffset(prefix.Addr(), off)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, newLen), nil
}

// cidrHost is Terraform's cidrhost(prefix, hostnum): the hostnum-th address
// of prefix, counting from the end when hostnum is negative.
func cidrHost(prefix netip.Prefix, hostnum *big.Int) (netip.Addr, error) {
	prefix = prefix.Masked()
	size := new(big.Int).Lsh(big.NewInt(1), uint(prefix.Addr().BitLen()-prefix.Bits()))
	n := new(big.Int).Set(hostnum)
	if n.Sign() < 0 {
		n.Add(n, size)
	}
	if n.Sign() < 0 || n.Cmp(size) >= 0 {
		return netip.Addr{}, fmt.Errorf("prefix of %d bits has no host numbered %s", prefix.Bits(), hostnum)
	}
	return addOffset(prefix.Addr(), n)
}

// cidrNetmask is Terraform's cidrnetmask(prefix) for IPv4 prefixes.
func cidrNetmask(prefix netip.Prefix) (netip.Addr, error) {
	if !prefix.Addr().Is4() {
		return netip.Addr{}, errors.New("only IPv4 networks have a netmask")
	}
	m := uint32(0)
	if prefix.Bits() > 0 {
		m = ^uint32(0) << (32 - prefix.Bits())
	}
	return netip.AddrFrom4([4]byte{byte(m >> 24), byte(m >> 16), byte(m >> 8), byte(m)}), nil
}

// cidrSubnets is Terraform's cidrsubnets(prefix, newbits...): consecutive,
// aligned subnets of the given extra lengths.
func cidrSubnets(prefix netip.Prefix, newbits []int) ([]netip.Prefix, error) {
	prefix = prefix.Masked()
	bitlen := prefix.Addr().BitLen()
	base := addrInt(prefix.Addr())
	end := new(big.Int).Add(base, new(big.Int).Lsh(big.NewInt(1), uint(bitlen-prefix.Bits())))
	cur := new(big.Int).Set(base)
	out := make([]netip.Prefix, 0, len(newbits))
	for i, nb := range newbits {
		l := prefix.Bits() + nb
		if nb < 1 || l > bitlen {
			return nil, fmt.Errorf("argument %d: newbits %d is out of range for a /%d prefix", i+2, nb, prefix.Bits())
		}
		step := new(big.Int).Lsh(big.NewInt(1), uint(bitlen-l))
		// Align cur up to a multiple of step.
		rem := new(big.Int).Mod(new(big.Int).Sub(cur, base), step)
		if rem.Sign() != 0 {
			cur.Add(cur, new(big.Int).Sub(step, rem))
		}
		next := new(big.Int).Add(cur, step)
		if next.Cmp(end) > 0 {
			return nil, fmt.Errorf("argument %d: not enough remaining address space for a subnet with a prefix of %d bits", i+2, l)
		}
		a, err := intAddr(cur, prefix.Addr().Is4())
		if err != nil {
			return nil, err
		}
		out = append(out, netip.PrefixFrom(a, l))
		cur = next
	}
	return out, nil
}

func addrInt(a netip.Addr) *big.Int {
	if a.Is4() {
		b := a.As4()
		return new(big.Int).SetBytes(b[:])
	}
	b := a.As16()
	return new(big.Int).SetBytes(b[:])
}

func intAddr(n *big.Int, v4 bool) (netip.Addr, error) {
	if v4 {
		if n.Sign() < 0 || n.BitLen() > 32 {
			return netip.Addr{}, errors.New("address out of range")
		}
		var b [4]byte
		n.FillBytes(b[:])
		return netip.AddrFrom4(b), nil
	}
	if n.Sign() < 0 || n.BitLen() > 128 {
		return netip.Addr{}, errors.New("address out of range")
	}
	var b [16]byte
	n.FillBytes(b[:])
	return netip.AddrFrom16(b), nil
}

func addOffset(a netip.Addr, off *big.Int) (netip.Addr, error) {
	return intAddr(new(big.Int).Add(addrInt(a), off), a.Is4())
}

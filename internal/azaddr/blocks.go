package azaddr

// UsableBlocks returns how many whole blocks of length blockBits a subnet of
// length subnetBits can hand out when the 5 Azure reserves (the first four
// addresses and the last, OVL) make the first and the last block unusable:
// 2^(blockBits − subnetBits) − 2, and never below 0. A /28 subnet has no
// usable /28 block; a /27 has none either (both blocks hold a reserve).
// This is the conservative reading for static-block pod subnets (STB: /28
// blocks); Microsoft does not document how the reserves meet the blocks.
func UsableBlocks(subnetBits, blockBits int) int64 {
	if subnetBits < 0 || subnetBits > blockBits || blockBits > 32 {
		return 0
	}
	k := blockBits - subnetBits
	if k >= 62 {
		return 1 << 62
	}
	return max(0, int64(1)<<k-2)
}

package netmodel

// Per-node pod address arithmetic of the models that hand each node a block
// of pod addresses. The constants live in the catalog (DynamicBatch,
// DynamicRefillBelow, StaticBlockPrefixLen, StaticBlockReservedPerNode,
// Model.PerNodePodPrefixLen); these functions turn them into per-node counts.

// StaticBlocksPerNode returns the /28 blocks a static-block node takes for
// maxPods pods: ceil((maxPods + 1) / 16), because one IP per node is reserved
// internally. Derived from the STB examples (30→2, 31→2, 32→3); SPEC says
// "number of blocks ≥ maxPods/16".
func StaticBlocksPerNode(maxPods int) int {
	per := StaticBlockIPs()
	return max(1, (max(maxPods, 0)+StaticBlockReservedPerNode.Value+per-1)/per)
}

// StaticBlockIPs is the number of addresses in one static block (a /28 holds 16). STB.
func StaticBlockIPs() int { return 1 << (32 - StaticBlockPrefixLen.Value) }

// StaticBlockUsablePods returns the pods a node with blocks static blocks
// can run: 16 × blocks − 1, the STB "ideal max_pods = 16N − 1".
func StaticBlockUsablePods(blocks int) int {
	return StaticBlockIPs()*blocks - StaticBlockReservedPerNode.Value
}

// DynamicIPsPerNode returns the most pod-subnet addresses a dynamic-allocation
// node holds when it runs maxPods pods. A node starts with one batch of 16 and
// asks for another batch whenever fewer than 8 of its addresses are
// unallocated (DYN), so at maxPods pods it holds the smallest multiple of 16
// that leaves at least 8 free: 16 × ceil((maxPods + 8) / 16). Never less than
// one batch ("plan at least 16 IPs per node", DYN). Derived from DYN.
func DynamicIPsPerNode(maxPods int) int {
	b := DynamicBatch.Value
	return b * max(1, (max(maxPods, 0)+DynamicRefillBelow.Value+b-1)/b)
}

// PodCIDRNodes returns how many per-node blocks of length perNode fit in a
// pod CIDR of prefix length bits: 2^(perNode − bits), or 0 when the pod CIDR
// is smaller than one block. Derived from OVL and KUB (a /24 per node: /16 →
// 256 nodes, /19 → 32).
func PodCIDRNodes(bits, perNode int) int64 {
	if bits > perNode || bits < 0 {
		return 0
	}
	if perNode-bits >= 62 {
		return 1 << 62
	}
	return 1 << (perNode - bits)
}

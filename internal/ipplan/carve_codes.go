package ipplan

// Carve and Validate diagnostic codes. They are stable: tooling may match on
// them. Validate also reports the planner's range codes (PLAN012–PLAN022)
// for the layout it checks.
//
//	CARVE001 error    no IPv4 VNet address space to carve from
//	CARVE002 error    a subnet does not fit in the VNet's free space: what is short, and by how much
//	CARVE003 error    the pod CIDR or service CIDR does not fit in the private space outside the VNet
//	CARVE004 info     headroom applied: the pools' autoscaler maxima grown before sizing
//	CARVE005 warning  the request is IPv6 or dual-stack; only the IPv4 layout is carved
//	CARVE006 error    two pools share a name, so their subnets and deployment would collide
//	CARVE010 error    a layout subnet is not inside the VNet's address space
//	CARVE011 error    a layout range overlaps an existing subnet, a peered VNet, an avoided range or another layout range
//	CARVE012 error    the layout lacks a range the model needs (or has one it must not)
//	CARVE013 error    a subnet is smaller than its role's minimum (API-server subnet /28, VNETINT)
const (
	CodeCarveNoVNet        = "CARVE001"
	CodeCarveShort         = "CARVE002"
	CodeCarveNoPrivate     = "CARVE003"
	CodeCarveHeadroom      = "CARVE004"
	CodeCarveIPv6          = "CARVE005"
	CodeCarvePoolName      = "CARVE006"
	CodeLayoutOutsideVNet  = "CARVE010"
	CodeLayoutOverlap      = "CARVE011"
	CodeLayoutMissingRange = "CARVE012"
	CodeLayoutTooSmall     = "CARVE013"
)

// CarveCodes lists every carve and validate code, in order.
func CarveCodes() []string {
	return []string{
		CodeCarveNoVNet, CodeCarveShort, CodeCarveNoPrivate, CodeCarveHeadroom, CodeCarveIPv6, CodeCarvePoolName,
		CodeLayoutOutsideVNet, CodeLayoutOverlap, CodeLayoutMissingRange, CodeLayoutTooSmall,
	}
}

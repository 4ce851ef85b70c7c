package cli

import "github.com/aksnet/aksnet/internal/audit"

// capacity is the planner the audit uses for subnet and pod-CIDR demand;
// nil until the planner is wired in (the capacity rules then stay silent).
var capacity audit.CapacityFunc

package netmodel

import "regexp"

// Overlay limitations on node pools. OVL.
var (
	// OverlayUnsupportedPoolTypes: Azure CNI Overlay can't use VM
	// availability sets. OVL.
	OverlayUnsupportedPoolTypes = F([]string{"AvailabilitySet"}, "OVL")
	// OverlayUnsupportedVMSeries: Azure CNI Overlay can't use DCsv2-series
	// VMs. OVL.
	OverlayUnsupportedVMSeries = F([]string{"DCsv2"}, "OVL")
)

// dcsv2 matches the DCsv2 sizes: Standard_DC1s_v2, DC2s_v2, DC4s_v2, DC8_v2.
var dcsv2 = regexp.MustCompile(`(?i)^(standard_)?dc[0-9]+s?_v2$`)

// IsDCsv2 reports whether a VM size belongs to the DCsv2 series, which
// Azure CNI Overlay does not support (OVL).
func IsDCsv2(vmSize string) bool { return dcsv2.MatchString(vmSize) }

package emu

import (
	"slices"
	"strings"
	"time"
)

// LabInfo is one lab as `aksnet lab status` reports it.
type LabInfo struct {
	Name string `json:"name"`
	// Status is building, up, or orphaned (namespaces without a state file).
	Status  string    `json:"status"`
	Spec    *Spec     `json:"spec,omitempty"`
	Created time.Time `json:"created,omitzero"`
	// Recorded is the number of namespaces the state file lists;
	// Namespaces are the ones that exist now.
	Recorded   int      `json:"recorded"`
	Namespaces []string `json:"namespaces"`
}

func sortLabs(ls []LabInfo) {
	slices.SortFunc(ls, func(a, b LabInfo) int { return strings.Compare(a.Name, b.Name) })
}

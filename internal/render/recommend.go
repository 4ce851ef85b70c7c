package render

import (
	"fmt"
	"io"
	"net/netip"
	"strings"

	"github.com/aksnet/aksnet/internal/netmodel"
	"github.com/aksnet/aksnet/internal/recommend"
)

// RecommendSchemaVersion is the version of the recommend JSON contract. It
// changes only when a field is removed or changes meaning.
const RecommendSchemaVersion = 1

// RecommendView is a recommendation with the inputs worth showing.
type RecommendView struct {
	recommend.Result
	// MaxNodes is the nodes at autoscaler maximum plus surge (0 = not given).
	MaxNodes int
	// Address is the VNet space weighed, when given.
	Address *AddressView
}

// AddressView is the VNet space and each model's use of it.
type AddressView struct {
	VNets  []netip.Prefix `json:"vnets"`
	Free   int64          `json:"free"`
	Models []AddressNeed  `json:"models"`
}

// AddressNeed is one model's VNet demand: subnets at their minimum prefix.
type AddressNeed struct {
	Model      netmodel.ID `json:"model"`
	NodeSubnet int         `json:"nodeSubnetPrefixLength"`
	// PodSubnet is 0 when the model has no pod subnet.
	PodSubnet int   `json:"podSubnetPrefixLength,omitempty"`
	Addresses int64 `json:"addresses"`
}

// RecommendDocument is the JSON contract of `aksnet recommend -o json`:
// schemaVersion, ranking (best first) and excluded, as the recommend
// library names them, plus the address space weighed.
type RecommendDocument struct {
	SchemaVersion int `json:"schemaVersion"`
	recommend.Result
	MaxNodes int          `json:"maxNodes,omitempty"`
	Address  *AddressView `json:"address,omitempty"`
}

// RecommendJSON writes the versioned JSON document.
func RecommendJSON(w io.Writer, v RecommendView) error {
	doc := RecommendDocument{SchemaVersion: RecommendSchemaVersion, Result: v.Result, MaxNodes: v.MaxNodes, Address: v.Address}
	if doc.Ranking == nil {
		doc.Ranking = []recommend.Ranked{}
	}
	if doc.Excluded == nil {
		doc.Excluded = []recommend.Excluded{}
	}
	return JSON(w, doc)
}

func points(n int) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}

// recommendTables builds the ranking (one row per reason) and exclusion tables.
func recommendTables(v RecommendView) (ranking, excluded Table) {
	ranking.Header = []string{"rank", "model", "score", "points", "reason", "source"}
	for i, r := range v.Ranking {
		rank, name, score := fmt.Sprint(i+1), r.Name, fmt.Sprint(r.Score)
		if len(r.Reasons) == 0 {
			ranking.AddRow(rank, name, score, "", "", "")
		}
		for _, re := range r.Reasons {
			ranking.AddRow(rank, name, score, points(re.Points), re.Text, re.Source)
			rank, name, score = "", "", ""
		}
	}
	excluded.Header = []string{"model", "excluded by", "reason", "source"}
	for _, e := range v.Excluded {
		excluded.AddRow(e.Name, e.Constraint, e.Reason, e.Source)
	}
	return ranking, excluded
}

// addressTable is each model's VNet demand against the free space.
func addressTable(a *AddressView) Table {
	t := Table{Header: []string{"model", "node subnet", "pod subnet", "VNet addresses", "of free"}}
	for _, m := range a.Models {
		pod := "-"
		if m.PodSubnet > 0 {
			pod = fmt.Sprintf("/%d", m.PodSubnet)
		}
		share := "-"
		if a.Free > 0 {
			share = fmt.Sprintf("%d%%", 100*m.Addresses/a.Free)
		}
		t.AddRow(string(m.Model), fmt.Sprintf("/%d", m.NodeSubnet), pod, Thousands(m.Addresses), share)
	}
	return t
}

func addressTitle(a *AddressView) string {
	var vs []string
	for _, v := range a.VNets {
		vs = append(vs, v.String())
	}
	return fmt.Sprintf("VNet %s: %s addresses free", strings.Join(vs, ", "), Thousands(a.Free))
}

// RecommendText writes the ranking, the exclusions, the address space and notes.
func RecommendText(w io.Writer, v RecommendView) error {
	return recommendDoc(&docWriter{w: w}, v)
}

// RecommendMarkdown writes the same content as RecommendText as Markdown.
func RecommendMarkdown(w io.Writer, v RecommendView) error {
	return recommendDoc(&docWriter{w: w, markdown: true}, v)
}

func recommendDoc(d *docWriter, v RecommendView) error {
	ranking, excluded := recommendTables(v)
	d.heading("Ranking", "(best first)")
	if len(v.Ranking) == 0 {
		d.text("No model meets every requirement.")
	} else {
		d.table(ranking)
	}
	if len(v.Excluded) > 0 {
		d.heading("Excluded", "")
		d.table(excluded)
	}
	if a := v.Address; a != nil {
		d.heading(addressTitle(a), fmt.Sprintf("(subnets at their minimum prefix; nodes at maximum plus surge: %d)", v.MaxNodes))
		d.table(addressTable(a))
	}
	for _, n := range v.Notes {
		d.note(n)
	}
	return d.err
}

package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/audit"
)

// capacity is the planner the audit uses for subnet and pod-CIDR demand;
// nil until the planner is wired in (the capacity rules then stay silent).
var capacity audit.CapacityFunc

// readInputs reads normalized aks.Document JSON files ("-" is standard input).
func readInputs(paths []string, stdin io.Reader) ([]aks.Document, error) {
	var docs []aks.Document
	for _, p := range paths {
		var data []byte
		var err error
		if p == "-" {
			data, err = io.ReadAll(stdin)
		} else {
			data, err = os.ReadFile(p)
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		var d aks.Document
		if err := json.Unmarshal(data, &d); err != nil {
			return nil, fmt.Errorf("decoding %s: %w", p, err)
		}
		if d.File == "" {
			d.File = p
		}
		docs = append(docs, d)
	}
	return docs, nil
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/aksnet/aksnet/internal/audit"
)

// readmeRules matches the README's generated rule table, markers included.
var readmeRules = regexp.MustCompile(`(?s)<!-- rules:begin.*?<!-- rules:end -->`)

// readme returns README.md with its rule table regenerated from the catalog.
func readme(root string, all []audit.Rule) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		return nil, err
	}
	if n := len(readmeRules.FindAllIndex(data, -1)); n != 1 {
		return nil, fmt.Errorf("README.md has %d rule tables between <!-- rules:begin --> and <!-- rules:end -->, want 1", n)
	}
	return readmeRules.ReplaceAllLiteral(data, []byte(readmeTable(all))), nil
}

// readmeTable is the README's summary of the catalog, linking each rule's
// reference page.
func readmeTable(all []audit.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!-- rules:begin (generated from rules.All(); %s) -->\n", refreshCommand)
	b.WriteString("| id | severity | rule | sources |\n|---|---|---|---|\n")
	for _, r := range all {
		fmt.Fprintf(&b, "| [%s](docs/rules/%s.md) | %s | %s | %s |\n", r.ID, r.ID, r.Severity, cell(r.Title), strings.Join(r.Sources, ", "))
	}
	b.WriteString("<!-- rules:end -->")
	return b.String()
}

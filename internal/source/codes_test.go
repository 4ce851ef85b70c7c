package source_test

import (
	"testing"

	"github.com/aksnet/aksnet/internal/diag/diagtest"
	"github.com/aksnet/aksnet/internal/source"
	"github.com/aksnet/aksnet/internal/source/armjson"
	"github.com/aksnet/aksnet/internal/source/armmap"
)

// TestCodesDocumented checks that every READ code is unique and listed in
// its package's documentation, with the severity it is emitted at.
func TestCodesDocumented(t *testing.T) {
	docs := map[string][]string{
		"codes.go":           {source.CodeBicep, source.CodeNotYet, source.CodeUnknown, source.CodeAmbiguous},
		"armjson/armjson.go": {armjson.CodeSyntax, armjson.CodeNothing, armjson.CodeNotObject, armjson.CodeOrphan},
		"armmap/armmap.go":   {armmap.CodeWrongType, armmap.CodeBadAddress, armmap.CodeRange, armmap.CodeUnresolved, armmap.CodeBadEnum},
	}
	seen := map[string]string{}
	for file, codes := range docs {
		table := diagtest.CheckTable(t, file, "READ", codes)
		for _, c := range codes {
			if prev, dup := seen[c]; dup {
				t.Errorf("%s is used in %s and %s", c, prev, file)
			}
			seen[c] = file
			if table.Severity(c) == "" {
				t.Errorf("%s: %s is documented as %q, without a severity", file, c, table.Text[c])
			}
		}
	}
}

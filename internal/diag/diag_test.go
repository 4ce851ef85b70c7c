package diag

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLocationAndString(t *testing.T) {
	tests := []struct {
		name string
		d    Diagnostic
		want string
	}{
		{"file line col", Diagnostic{Code: "X001", Severity: Error, Message: "bad", File: "a.tf", Line: 3, Column: 5}, "a.tf:3:5: error X001: bad"},
		{"file line", Diagnostic{Code: "X001", Severity: Warning, Message: "meh", File: "a.tf", Line: 3}, "a.tf:3: warning X001: meh"},
		{"pointer", Diagnostic{Code: "X002", Severity: Info, Message: "fyi", File: "c.json", Path: "/properties/x"}, "c.json#/properties/x: info X002: fyi"},
		{"path only", Diagnostic{Code: "X003", Severity: Info, Message: "fyi", Path: "--pool"}, "--pool: info X003: fyi"},
		{"nowhere", Diagnostic{Code: "X004", Severity: Error, Message: "bad"}, "error X004: bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.d.String()); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestListMaxCountSort(t *testing.T) {
	var l List
	if l.Max() != "" || l.HasErrors() {
		t.Fatal("empty list has a severity")
	}
	l.Addf("B1", Info, "b %d", 1)
	l.Add(Diagnostic{Code: "A1", Severity: Warning, Message: "a", File: "z"})
	l.Addf("C1", Error, "c").File = "a"
	if !l.HasErrors() || l.Max() != Error || l.Count(Info) != 1 {
		t.Fatalf("max %s errors %v info %d", l.Max(), l.HasErrors(), l.Count(Info))
	}
	l.Sort()
	var codes []string
	for _, d := range l {
		codes = append(codes, d.Code)
	}
	if diff := cmp.Diff([]string{"B1", "C1", "A1"}, codes); diff != "" {
		t.Errorf("sort order (-want +got)\n%s", diff)
	}
}

package diagtest

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// recorder is a testing.TB that records failures; Fatal ends the goroutine.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) {
	r.failures = append(r.failures, fmt.Sprint(args...))
	runtime.Goexit()
}

// record runs check against a recorder and returns its failures.
func record(check func(testing.TB)) []string {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		check(r)
	}()
	<-done
	return r.failures
}

func TestCheckTable(t *testing.T) {
	tests := []struct {
		name      string
		codes     []string
		want      []string
		wantTable *Table
	}{
		{name: "documented", codes: []string{"EX001", "EX002", "EX003"},
			want: []string{"EX003 is not documented in testdata/table.go"},
			wantTable: &Table{Codes: []string{"EX001", "EX002"},
				Text: map[string]string{"EX001": "error    the first problem", "EX002": "warning  the second problem"}}},
		{name: "misspelt, twice, not listed", codes: []string{"EX1", "EX001", "EX001"},
			want: []string{`"EX1": want EX and three digits`, "EX1 is not documented in testdata/table.go", "EX001 listed twice",
				"testdata/table.go declares EX002, which is not listed", "testdata/table.go declares EX003, which is not listed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var table Table
			got := record(func(tb testing.TB) { table = CheckTable(tb, "testdata/table.go", "EX", tt.codes) })
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("failures (-want +got):\n%s", d)
			}
			if tt.wantTable != nil {
				if d := cmp.Diff(*tt.wantTable, table); d != "" {
					t.Errorf("table (-want +got):\n%s", d)
				}
			}
		})
	}
	if got := record(func(tb testing.TB) { CheckTable(tb, "testdata/missing.go", "EX", nil) }); len(got) != 1 {
		t.Errorf("missing file: %q, want one failure", got)
	}
}

func TestCheckConsts(t *testing.T) {
	tests := []struct {
		file       string
		want       []string
		wantConsts []Const
	}{
		{file: "testdata/consts.go", wantConsts: []Const{
			{Name: "CodeFirst", Code: "EX001", Doc: "CodeFirst (error): the first problem."},
			{Name: "CodeSecond", Code: "EX002"}}},
		{file: "testdata/badconsts.go", want: []string{
			"CodeFirst and CodeAgain share code EX001",
			`CodeOther = "OT001": want EX and three digits`,
			`CodeShort = "EX01": want EX and three digits`,
			"CodeNumber is not a string literal"}},
		{file: "testdata/noconsts.go", want: []string{"testdata/noconsts.go declares no codes"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var consts []Const
			got := record(func(tb testing.TB) { consts = CheckConsts(tb, tt.file, "EX") })
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("failures (-want +got):\n%s", d)
			}
			if tt.wantConsts != nil {
				if d := cmp.Diff(tt.wantConsts, consts); d != "" {
					t.Errorf("consts (-want +got):\n%s", d)
				}
			}
		})
	}
}

func TestTableSeverity(t *testing.T) {
	var table Table
	got := record(func(tb testing.TB) { table = CheckTable(tb, "testdata/twice.go", "EX", []string{"EX001", "EX002"}) })
	if d := cmp.Diff([]string{"EX001 is documented twice in testdata/twice.go"}, got); d != "" {
		t.Errorf("failures (-want +got):\n%s", d)
	}
	for code, want := range map[string]string{"EX001": "error", "EX002": "", "EX003": ""} {
		if got := table.Severity(code); got != want {
			t.Errorf("Severity(%s) = %q, want %q", code, got, want)
		}
	}
}

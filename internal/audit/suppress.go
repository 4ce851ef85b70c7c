package audit

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/aksnet/aksnet/internal/diag"
	"sigs.k8s.io/yaml"
)

// Suppression accepts one risk on record. The suppression file is YAML (or
// JSON, which is YAML):
//
//	suppressions:
//	  - rule: AKSNET-001          # rule id, or "*" for every rule
//	    cluster: "legacy-*"       # glob on the cluster name or resource id
//	    path: "envs/dev/**"       # glob on the input file (slash-separated)
//	    reason: "migrating in Q3, ticket NET-42"
//	    expires: 2027-06-30       # optional; suppresses through this date
//
// rule and reason are required, and at least one of cluster and path. In
// globs "*" matches within one path segment, "**" across segments and "?"
// one character. An expired suppression no longer suppresses: its findings
// are reported with a note, and the run carries an AUDIT001 diagnostic.
type Suppression struct {
	Rule    string `json:"rule"`
	Cluster string `json:"cluster,omitempty"`
	Path    string `json:"path,omitempty"`
	Reason  string `json:"reason"`
	Expires string `json:"expires,omitempty"`

	// Source locates the entry in the suppression file.
	Source string `json:"source,omitempty"`

	expires           time.Time
	clusterRE, pathRE *regexp.Regexp
}

type suppressionFile struct {
	Suppressions []Suppression `json:"suppressions"`
}

// ParseSuppressions reads a suppression file. Every problem is reported as
// an AUDIT003 error; entries with problems are dropped.
func ParseSuppressions(name string, data []byte) ([]Suppression, diag.List) {
	var diags diag.List
	var f suppressionFile
	if err := yaml.UnmarshalStrict(data, &f); err != nil {
		d := diags.Addf("AUDIT003", diag.Error, "invalid suppression file: %v", err)
		d.File, d.Hint = name, "see 'aksnet audit --help' for the format: suppressions: [{rule, cluster|path, reason, expires}]"
		return nil, diags
	}
	var out []Suppression
	for i, s := range f.Suppressions {
		s.Source = fmt.Sprintf("%s#/suppressions/%d", name, i)
		bad := func(format string, args ...any) {
			d := diags.Addf("AUDIT003", diag.Error, "suppression %d: "+format, append([]any{i}, args...)...)
			d.File, d.Path = name, fmt.Sprintf("/suppressions/%d", i)
			d.Hint = "each suppression needs rule, reason and cluster or path; expires is YYYY-MM-DD"
		}
		ok := true
		if s.Rule == "" {
			bad("rule is required")
			ok = false
		}
		if strings.TrimSpace(s.Reason) == "" {
			bad("reason is required: accepting a risk needs a reason on record")
			ok = false
		}
		if s.Cluster == "" && s.Path == "" {
			bad("cluster or path is required")
			ok = false
		}
		if s.Expires != "" {
			t, err := time.Parse(time.DateOnly, s.Expires)
			if err != nil {
				bad("expires %q is not a date (YYYY-MM-DD)", s.Expires)
				ok = false
			}
			s.expires = t
		}
		if ok {
			s.compile()
			out = append(out, s)
		}
	}
	return out, diags
}

func (s *Suppression) compile() {
	if s.Cluster != "" {
		s.clusterRE = globRE(s.Cluster)
	}
	if s.Path != "" {
		s.pathRE = globRE(filepath.ToSlash(s.Path))
	}
}

// globRE turns a glob into an anchored regexp: ** any, * within a segment, ? one char.
func globRE(g string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(g); i++ {
		switch {
		case strings.HasPrefix(g[i:], "**"):
			b.WriteString(".*")
			i++
		case g[i] == '*':
			b.WriteString("[^/]*")
		case g[i] == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(g[i : i+1]))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// Matches reports whether s covers f (ignoring expiry).
func (s *Suppression) Matches(f Finding) bool {
	if s.clusterRE == nil && s.pathRE == nil && (s.Cluster != "" || s.Path != "") {
		s.compile()
	}
	if s.Rule != "*" && !strings.EqualFold(s.Rule, f.RuleID) {
		return false
	}
	if s.clusterRE != nil && !s.clusterRE.MatchString(f.Cluster) && !s.clusterRE.MatchString(f.ResourceID) {
		return false
	}
	if s.pathRE != nil && !s.pathRE.MatchString(filepath.ToSlash(f.File)) {
		return false
	}
	return true
}

// Expired reports whether the suppression has expired as of now (it
// suppresses through its expiry date).
func (s *Suppression) Expired(now time.Time) bool {
	if s.Expires == "" {
		return false
	}
	if s.expires.IsZero() {
		t, err := time.Parse(time.DateOnly, s.Expires)
		if err != nil {
			return true
		}
		s.expires = t
	}
	n := now.UTC()
	today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
	return today.After(s.expires)
}

func applySuppressions(all []Finding, sups []Suppression, now time.Time) (kept, suppressed []Finding, diags diag.List) {
	if len(sups) == 0 {
		return all, nil, nil
	}
	used := make([]bool, len(sups))
	expiredHit := make([]bool, len(sups))
	for _, f := range all {
		var active, expired *Suppression
		for i := range sups {
			s := &sups[i]
			if !s.Matches(f) {
				continue
			}
			if s.Expired(now) {
				if expired == nil {
					expired = s
				}
				expiredHit[i] = true
				continue
			}
			used[i] = true
			active = s
			break
		}
		switch {
		case active != nil:
			cp := *active
			f.Suppression = &cp
			suppressed = append(suppressed, f)
		default:
			if expired != nil {
				cp := *expired
				f.Suppression, f.SuppressionExpired = &cp, true
			}
			kept = append(kept, f)
		}
	}
	for i, s := range sups {
		switch {
		case s.Expired(now):
			d := diags.Addf("AUDIT001", diag.Warning, "suppression of %s expired on %s and no longer suppresses", s.Rule, s.Expires)
			d.Path, d.Detail = s.Source, "reason on record: "+s.Reason
			if expiredHit[i] {
				d.Detail += "; its findings are reported again"
			}
			d.Hint = "fix the finding, or renew the suppression with a new expires date and reason"
		case !used[i]:
			d := diags.Addf("AUDIT002", diag.Warning, "suppression of %s matched no finding", s.Rule)
			d.Path, d.Hint = s.Source, "remove it, or check its cluster and path globs"
		}
	}
	return kept, suppressed, diags
}

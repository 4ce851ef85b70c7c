package render

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/aksnet/aksnet/internal/audit"
)

// SARIFOptions configure the SARIF view.
type SARIFOptions struct {
	// Rules is the full catalog to describe in tool.driver.rules; nil means
	// the rules that fired.
	Rules []audit.Rule
	// BaseDir makes absolute file paths relative (GitHub code scanning wants
	// URIs relative to the repository root, i.e. the working directory).
	BaseDir string
	// Version is the tool version.
	Version string
}

// The SARIF 2.1.0 subset aksnet writes.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifMessage      `json:"shortDescription"`
	FullDescription      sarifMessage      `json:"fullDescription"`
	Help                 sarifMessage      `json:"help"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration map[string]string `json:"defaultConfiguration"`
	Properties           map[string]any    `json:"properties"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifMessage       `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          map[string]any     `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

// sarifLevel maps severities to SARIF levels: critical and high are errors,
// medium warnings, low and info notes.
func sarifLevel(s audit.Severity) string {
	switch s {
	case audit.Critical, audit.High:
		return "error"
	case audit.Medium:
		return "warning"
	}
	return "note"
}

func ruleHelp(r audit.Rule) sarifMessage {
	text := fmt.Sprintf("%s\n\nRemediation: %s\n\nSources (aks-facts.md codes): %s", r.Rationale, r.Remediation, strings.Join(r.Sources, ", "))
	var md strings.Builder
	fmt.Fprintf(&md, "**%s** (%s)\n\n%s\n\n**Remediation:** %s\n\n", r.Title, r.Severity, r.Rationale, r.Remediation)
	fmt.Fprintf(&md, "Sources: %s\n", strings.Join(r.Sources, ", "))
	for _, l := range r.Links {
		fmt.Fprintf(&md, "\n- <%s>", l)
		text += "\n" + l
	}
	return sarifMessage{Text: text, Markdown: md.String()}
}

// artifactURI returns a slash-separated path relative to base when file is
// absolute and under it, a file:// URI when it is absolute elsewhere, and
// the cleaned path as given otherwise.
func artifactURI(file, base string) string {
	if file == "" || file == "-" {
		return "stdin"
	}
	if filepath.IsAbs(file) {
		if rel, err := filepath.Rel(base, file); base != "" && err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
		return "file://" + filepath.ToSlash(filepath.Clean(file))
	}
	return filepath.ToSlash(filepath.Clean(file))
}

// AuditSARIF writes the report as a SARIF 2.1.0 log that GitHub code
// scanning accepts: rules with help text and security-severity, results with
// file, line and partial fingerprints; suppressed findings carry an external
// suppression with the reason on record.
func AuditSARIF(w io.Writer, r audit.Report, o SARIFOptions) error {
	rules := o.Rules
	if rules == nil {
		rules = r.Rules
	}
	index := map[string]int{}
	driver := sarifDriver{Name: "aksnet", Version: sarifVersion(o.Version), InformationURI: "https://github.com/aksnet/aksnet", Rules: []sarifRule{}}
	for _, rl := range rules {
		index[rl.ID] = len(driver.Rules)
		sr := sarifRule{
			ID: rl.ID, Name: rl.Name,
			ShortDescription:     sarifMessage{Text: rl.Title},
			FullDescription:      sarifMessage{Text: rl.Rationale},
			Help:                 ruleHelp(rl),
			DefaultConfiguration: map[string]string{"level": sarifLevel(rl.Severity)},
			Properties: map[string]any{
				"security-severity": rl.Severity.SecurityScore(),
				"tags":              []string{"security", "networking", "aks"},
				"precision":         "high",
				"problem.severity":  sarifLevel(rl.Severity),
			},
		}
		if len(rl.Links) > 0 {
			sr.HelpURI = rl.Links[0]
		}
		driver.Rules = append(driver.Rules, sr)
	}
	results := []sarifResult{}
	add := func(f audit.Finding, suppressed bool) {
		idx, ok := index[f.RuleID]
		if !ok {
			return
		}
		res := sarifResult{
			RuleID: f.RuleID, RuleIndex: idx, Level: sarifLevel(f.Severity),
			Message: sarifMessage{Text: fmt.Sprintf("%s: %s. Fix: %s", f.Cluster, f.Message, f.Remediation)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: artifactURI(f.File, o.BaseDir)},
				Region:           sarifRegion{StartLine: max(f.Line, 1), StartColumn: f.Column},
			}}},
			PartialFingerprints: map[string]string{"aksnetFinding/v1": f.Fingerprint},
			Properties:          map[string]any{"severity": string(f.Severity), "cluster": f.Cluster},
		}
		if f.ResourceID != "" {
			res.Properties["resourceId"] = f.ResourceID
		}
		if suppressed {
			just := f.Suppression.Reason
			if f.Suppression.Expires != "" {
				just += " (until " + f.Suppression.Expires + ")"
			}
			res.Suppressions = []sarifSuppression{{Kind: "external", Justification: just}}
		}
		results = append(results, res)
	}
	for _, f := range r.Findings {
		add(f, false)
	}
	for _, f := range r.Suppressed {
		add(f, true)
	}
	return JSON(w, sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}},
	})
}

// sarifVersion returns a semantic version, as the Multitool's SARIF2005
// check expects: "v1.2.3" → "1.2.3", "devel" → "0.0.0-devel".
func sarifVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v == "" {
		return ""
	}
	if v[0] < '0' || v[0] > '9' {
		return "0.0.0-" + v
	}
	return v
}

package aks

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// K8sVersion is a Kubernetes major.minor version; the patch level never
// changes a networking default or prerequisite, so it is not kept.
type K8sVersion struct {
	Major, Minor int
}

// String renders "1.27".
func (v K8sVersion) String() string {
	return strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor)
}

// Less reports whether v is older than w.
func (v K8sVersion) Less(w K8sVersion) bool {
	if v.Major != w.Major {
		return v.Major < w.Major
	}
	return v.Minor < w.Minor
}

// maxMinorDigits bounds the minor version: 1.9999 is far past any release,
// and the bound keeps the arithmetic far from overflow.
const maxMinorDigits = 4

var errK8sSyntax = errors.New("want 1.MINOR, 1.MINOR.PATCH or 1.MINOR.PATCH-SUFFIX, optionally prefixed with v")

// ParseK8sVersion reads the Kubernetes version an AKS cluster or template
// gives: "1.29", "1.29.4", "v1.30.0" or "1.31.1-preview" (surrounding space
// is ignored). The grammar is
//
//	[v] 1 "." MINOR [ "." PATCH [ ("-" | "+") SUFFIX ] ]
//
// where MINOR (at most four digits) and PATCH are decimal numbers without
// leading zeros, as Kubernetes releases are numbered, and SUFFIX is any
// text. Anything else — an alias such as "latest", an ARM expression, a
// major version other than 1, a sign, trailing text after the minor version
// — is an error: the caller treats the version as unknown rather than
// guessing. It does not allocate unless it fails.
func ParseK8sVersion(s string) (K8sVersion, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "v")
	rest, ok := strings.CutPrefix(t, "1.")
	if !ok {
		if major, _, _ := strings.Cut(t, "."); major != "" && strings.Trim(major, "0123456789") == "" && major != "1" {
			return K8sVersion{}, fmt.Errorf("kubernetes version %q: AKS runs Kubernetes 1.x", s)
		}
		return K8sVersion{}, fmt.Errorf("kubernetes version %q: %w", s, errK8sSyntax)
	}
	minor, n := leadingNumber(rest)
	if n == 0 || n > maxMinorDigits {
		return K8sVersion{}, fmt.Errorf("kubernetes version %q: %w", s, errK8sSyntax)
	}
	if rest = rest[n:]; rest != "" {
		// "." PATCH, then the end or a pre-release / build suffix.
		patch, ok := strings.CutPrefix(rest, ".")
		_, m := leadingNumber(patch)
		if !ok || m == 0 || m < len(patch) && patch[m] != '-' && patch[m] != '+' {
			return K8sVersion{}, fmt.Errorf("kubernetes version %q: %w", s, errK8sSyntax)
		}
	}
	return K8sVersion{Major: 1, Minor: minor}, nil
}

// leadingNumber reads the decimal number s starts with and returns it with
// the count of bytes it spans; 0 when s starts with no digit or with a zero
// followed by more digits. Digits past the ninth are counted but not added,
// so the value never overflows (callers bound the count).
func leadingNumber(s string) (v, n int) {
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		if n < 9 {
			v = v*10 + int(s[n]-'0')
		}
		n++
	}
	if n > 1 && s[0] == '0' {
		return 0, 0
	}
	return v, n
}

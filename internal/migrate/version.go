package migrate

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a Kubernetes major.minor version.
type Version struct {
	Major, Minor int
}

// String renders "1.27".
func (v Version) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// Less reports whether v is older than w.
func (v Version) Less(w Version) bool {
	if v.Major != w.Major {
		return v.Major < w.Major
	}
	return v.Minor < w.Minor
}

// ParseVersion reads "1.29", "1.29.4", "v1.30.0" or "1.31.1-preview" as
// major.minor. Anything else (an alias such as "latest", an empty string, a
// negative or absurdly large number) is an error: the caller treats the
// version as unknown rather than guessing.
func ParseVersion(s string) (Version, error) {
	t := strings.TrimPrefix(strings.TrimSpace(s), "v")
	parts := strings.SplitN(t, ".", 3)
	if len(parts) < 2 {
		return Version{}, fmt.Errorf("kubernetes version %q: want major.minor[.patch]", s)
	}
	var out [2]int
	for i, p := range parts[:2] {
		if p == "" || len(p) > 4 || strings.TrimLeft(p, "0123456789") != "" {
			return Version{}, fmt.Errorf("kubernetes version %q: want major.minor[.patch]", s)
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return Version{}, fmt.Errorf("kubernetes version %q: %w", s, err)
		}
		out[i] = n
	}
	if out[0] != 1 {
		return Version{}, fmt.Errorf("kubernetes version %q: AKS runs Kubernetes 1.x", s)
	}
	return Version{Major: out[0], Minor: out[1]}, nil
}

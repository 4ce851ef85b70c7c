package render

import "testing"

func TestArtifactURI(t *testing.T) {
	for _, tt := range []struct{ file, base, want string }{
		{"/repo/infra/main.tf", "/repo", "infra/main.tf"},
		{"infra/./main.tf", "/repo", "infra/main.tf"},
		{"/elsewhere/main.tf", "/repo", "file:///elsewhere/main.tf"},
		{"", "/repo", "stdin"},
		{"-", "/repo", "stdin"},
	} {
		if got := artifactURI(tt.file, tt.base); got != tt.want {
			t.Errorf("artifactURI(%q, %q) = %q, want %q", tt.file, tt.base, got, tt.want)
		}
	}
	for v, want := range map[string]string{"v1.2.3": "1.2.3", "devel": "0.0.0-devel", "": ""} {
		if got := sarifVersion(v); got != want {
			t.Errorf("sarifVersion(%q) = %q, want %q", v, got, want)
		}
	}
}

package aksnet_test

import (
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/aksnet/aksnet"

// forbidden lists, per import-path prefix, what domain packages must not
// reach, directly or through other packages of this module: the CLI library,
// HTTP, the kernel's netlink (only the lab's emu package touches the kernel)
// and the developer tools.
var forbidden = []string{
	"github.com/spf13/cobra",
	"net/http",
	"github.com/vishvananda/netlink",
	"github.com/vishvananda/netns",
	"github.com/google/nftables",
	// Developer tools (the docs generator) and cobra's doc generator stay
	// out of every other package's graph, the binary's included.
	module + "/internal/tools",
	"github.com/spf13/cobra/doc",
}

// allowed names the packages that may use the forbidden imports.
var allowed = map[string][]string{
	module + "/internal/cli": {"github.com/spf13/cobra", "github.com/vishvananda/netlink", "github.com/vishvananda/netns", "github.com/google/nftables"},
	module + "/internal/emu": {"github.com/vishvananda/netlink", "github.com/vishvananda/netns", "github.com/google/nftables"},
	// Test helpers of the lab read the host namespace to prove it unchanged.
	module + "/internal/emu/emutest": {"github.com/vishvananda/netlink"},
	module + "/cmd/aksnet":           {"github.com/spf13/cobra", "github.com/vishvananda/netlink", "github.com/vishvananda/netns", "github.com/google/nftables"},
	// The docs generator walks the command tree, so it reaches what the CLI does.
	module + "/internal/tools/gendocs": {"github.com/spf13/cobra", "github.com/spf13/cobra/doc", "github.com/vishvananda/netlink", "github.com/vishvananda/netns", "github.com/google/nftables"},
}

// TestDependencyFences keeps the domain packages free of the CLI, HTTP and
// kernel code, transitively: a domain package that imports another of this
// module's packages inherits its imports.
func TestDependencyFences(t *testing.T) {
	ctx := build.Default
	ctx.GOOS = "linux"
	var pkgs []string
	err := filepath.WalkDir(".", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != "." {
			return filepath.SkipDir
		}
		if d.IsDir() {
			if m, _ := filepath.Glob(filepath.Join(p, "*.go")); len(m) > 0 {
				pkgs = append(pkgs, module+"/"+filepath.ToSlash(p))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	memo := map[string][]string{}
	var imports func(pkg string) []string
	imports = func(pkg string) []string {
		if v, ok := memo[pkg]; ok {
			return v
		}
		memo[pkg] = nil // cycle guard
		bp, err := ctx.Import(pkg, ".", 0)
		if err != nil {
			// the root package holds only this test
			if pkg != module+"/." {
				t.Logf("%s: %v", pkg, err)
			}
			return nil
		}
		var out []string
		for _, imp := range bp.Imports {
			out = append(out, imp)
			if strings.HasPrefix(imp, module+"/") {
				out = append(out, imports(imp)...)
			}
		}
		slices.Sort(out)
		out = slices.Compact(out)
		memo[pkg] = out
		return out
	}
	checked := 0
	for _, pkg := range pkgs {
		pkg = strings.TrimSuffix(pkg, "/.")
		if pkg == module {
			continue
		}
		checked++
		for _, imp := range imports(pkg) {
			for _, f := range forbidden {
				if imp == f || strings.HasPrefix(imp, f+"/") {
					if !slices.Contains(allowed[pkg], f) {
						t.Errorf("%s reaches %s", strings.TrimPrefix(pkg, module+"/"), imp)
					}
				}
			}
		}
	}
	if checked < 10 {
		t.Fatalf("checked only %d packages", checked)
	}
}

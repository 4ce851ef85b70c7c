package armtemplate

import (
	"os"
	"testing"

	"github.com/aksnet/aksnet/internal/corpustest"
	"github.com/aksnet/aksnet/internal/jsonpos"
)

func benchFile(b *testing.B, rel ...string) {
	path := corpustest.Dir(b, append([]string{"azure", "arm-bicep", "Azure-bicep-registry-modules", "avm"}, rel...)...)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Parse", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if doc := Parse("main.json", data); len(doc.Clusters) != 1 {
				b.Fatalf("got %d clusters, want 1", len(doc.Clusters))
			}
		}
	})
	// The JSON tree alone, for comparison.
	b.Run("jsonpos", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := jsonpos.Parse(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkParseAVMManagedCluster reads the AVM managed-cluster module's
// compiled main.json (165 KB).
func BenchmarkParseAVMManagedCluster(b *testing.B) {
	benchFile(b, "res", "container-service", "managed-cluster", "main.json")
}

// BenchmarkParseAVMAzdAKS reads the largest corpus template (555 KB): the
// azd AKS pattern, which nests the managed-cluster module in a deployment.
func BenchmarkParseAVMAzdAKS(b *testing.B) {
	benchFile(b, "ptn", "azd", "aks", "main.json")
}

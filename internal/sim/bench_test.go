package sim

import "testing"

// BenchmarkMatrix traces the full default matrix (44 flows) of each model.
func BenchmarkMatrix(b *testing.B) {
	for _, model := range propModels {
		b.Run(model, func(b *testing.B) {
			top := mustBuild(b, Options{Choice: mustChoice(b, model)})
			b.ReportAllocs()
			for b.Loop() {
				if _, err := top.Matrix(nil, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBuild builds a 64-node topology.
func BenchmarkBuild(b *testing.B) {
	for _, model := range propModels {
		b.Run(model, func(b *testing.B) {
			c := mustChoice(b, model)
			b.ReportAllocs()
			for b.Loop() {
				if _, ds := Build(Options{Choice: c, Nodes: MaxNodes}); ds.HasErrors() {
					b.Fatal(ds)
				}
			}
		})
	}
}

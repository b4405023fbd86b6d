package report

import (
	"io"
	"testing"

	"github.com/plancoder/plancoder/analysis"
	"github.com/plancoder/plancoder/analysis/analysistest"
)

// BenchmarkReport: the report for 30 themes on 150,000 fragments and
// 50,000 codings (target under 10 s), loading included.
func BenchmarkReport(b *testing.B) {
	s := analysistest.BuildProject(b, 150, 1000, 131, 50000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, err := analysis.Load(s, analysis.Filters{}, analysis.DefaultRules)
		if err != nil {
			b.Fatal(err)
		}
		if err := Build(io.Discard, s, d, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

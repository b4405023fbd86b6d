package index

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkApply times indexing batches of 2,500 paragraph-sized fragments
// into a fresh index (as an ingest does).
func BenchmarkApply(b *testing.B) {
	words := strings.Fields("de vrijwilligers van onze organisatie werken samen met partners in de wijk aan een sterk en inclusief aanbod voor alle deelnemers financiën digitale vaardigheden openbare ruimte beleid")
	frags := make([]Fragment, 2500)
	for i := range frags {
		var sb strings.Builder
		for w := 0; w < 60; w++ {
			sb.WriteString(words[(i*7+w*13)%len(words)])
			sb.WriteByte(' ')
		}
		frags[i] = Fragment{ID: fmt.Sprintf("d%d/%04d", i/100, i%100+1), Doc: fmt.Sprintf("d%d", i/100), Org: "org", Type: "plan",
			Period: "2021-2025", Year: 2021, Section: "Zakelijk deel > Vrijwilligersbeleid", Kind: "paragraph", Page: i%40 + 1, Text: sb.String()}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		x, err := Open(filepath.Join(b.TempDir(), "index"), time.Second)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for k := 0; k < 4; k++ {
			if err := x.Apply(frags, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		x.Close()
		b.StartTimer()
	}
}

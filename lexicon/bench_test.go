package lexicon

import (
	"bytes"
	"testing"
)

func BenchmarkRead(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Read(bytes.NewReader(nlForms)); err != nil {
			b.Fatal(err)
		}
	}
}

package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkReingest replaces one 200-fragment plan (a paragraph inserted at
// the top, so every reference moves) in a project of 100 plans with 20,000
// codings and 60,000 seen marks:
//
//	go test ./store -run X -bench Reingest -benchtime 20x
func BenchmarkReingest(b *testing.B) {
	path := filepath.Join(b.TempDir(), "plancoder.db")
	if err := Create(path); err != nil {
		b.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.PutCodes("t", []Code{{Key: "FIN", Name: "FIN"}, {Key: "PERS", Name: "PERS"}}); err != nil {
		b.Fatal(err)
	}
	paras := func(doc string, extra bool) []string {
		var ps []string
		if extra {
			ps = append(ps, "Een nieuwe alinea bovenaan.")
		}
		for i := 1; i <= 200; i++ {
			ps = append(ps, fmt.Sprintf("Alinea %d van %s over vrijwilligers, financien en personeel in de wijk.", i, doc))
		}
		return ps
	}
	var cs []Coding
	seen := map[string][]string{}
	for d := 0; d < 100; d++ {
		id := fmt.Sprintf("plan-%03d", d)
		doc, text, frags := testDoc(id, id, paras(id, false)...)
		if _, err := s.PutDocument("t", doc, text, frags); err != nil {
			b.Fatal(err)
		}
		for i := 1; i <= 200; i++ {
			fid := FragmentID(id, i)
			if i%2 == 0 {
				cs = append(cs, Coding{Fragment: fid, Code: "FIN", Coder: "ann"}, Coding{Fragment: fid, Code: "PERS", Coder: "bob"})
			}
			for _, c := range []string{"ann", "bob", "cara"} {
				seen[c] = append(seen[c], fid)
			}
		}
	}
	if err := s.AddCodings(cs...); err != nil {
		b.Fatal(err)
	}
	for c, ids := range seen {
		if _, err := s.MarkSeen(c, SeenAt(time.Now(), ids...), false); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		doc, text, frags := testDoc("plan-050", fmt.Sprint("v", i), paras("plan-050", i%2 == 0)...)
		res, err := s.PutDocument("t", doc, text, frags)
		if err != nil {
			b.Fatal(err)
		}
		if res.Orphaned != 0 || res.Kept != 200 {
			b.Fatalf("kept %d, orphaned %d", res.Kept, res.Orphaned)
		}
	}
}

package coding

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
)

// benchSample builds 15 documents of 200 fragments (3,000) coded by 5
// coders with 30 codes, and a sample over them.
func benchSample(b *testing.B) Opener {
	path, open := newProject(b, 15, 200)
	s, err := open()
	if err != nil {
		b.Fatal(err)
	}
	var codes []store.Code
	for i := 0; i < 30; i++ {
		codes = append(codes, store.Code{Key: fmt.Sprintf("C%02d", i), Name: fmt.Sprintf("code %d", i)})
	}
	if _, err := s.PutCodes("t", codes); err != nil {
		b.Fatal(err)
	}
	var ids []string
	s.AllFragmentIDs(func(id string) error { ids = append(ids, id); return nil })
	coders := []string{"c1", "c2", "c3", "c4", "c5"}
	var bulk []store.Coding
	rng := rand.New(rand.NewPCG(1, 2))
	for _, id := range ids {
		truth := rng.IntN(30)
		for _, c := range coders {
			k := truth
			if rng.Float64() < 0.2 {
				k = rng.IntN(30)
			}
			bulk = append(bulk, store.Coding{Fragment: id, Coder: c, Code: fmt.Sprintf("C%02d", k)})
		}
	}
	for _, c := range coders {
		s.MarkSeen(c, store.SeenAt(time.Now(), ids...), false)
	}
	var docs []string
	for d := 0; d < 15; d++ {
		docs = append(docs, fmt.Sprintf("doc-%03d", d))
	}
	if _, err := CreateSample(s, "t", SampleOptions{Name: "pilot", DocIDs: docs, Coders: coders}); err != nil {
		b.Fatal(err)
	}
	s.Close()
	if err := storetest.BulkCodings(path, bulk); err != nil {
		b.Fatal(err)
	}
	return open
}

// BenchmarkAgree: a 3,000-fragment sample, 5 coders, 30 codes (target
// under 200 ms), and with 1,000 bootstrap draws per code and overall
// (target under 5 s).
func BenchmarkAgree(b *testing.B) {
	open := benchSample(b)
	for _, draws := range []int{0, 1000} {
		b.Run(fmt.Sprintf("bootstrap=%d", draws), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				s, err := open()
				if err != nil {
					b.Fatal(err)
				}
				rep, err := AgreeSample(s, "pilot", AgreeOptions{Bootstrap: draws, Seed: 1})
				s.Close()
				if err != nil {
					b.Fatal(err)
				}
				if rep.Fragments != 3000 || len(rep.Codes) < 30 {
					b.Fatalf("%d fragments, %d codes", rep.Fragments, len(rep.Codes))
				}
			}
		})
	}
}

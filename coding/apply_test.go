package coding

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
)

// applyProject builds a store with docs documents of n fragments each, the
// documents of even and odd number in two organisations, and codes FIN,
// VRIJ and DIGI; ann has coded doc-000/0001 with FIN and bob doc-000/0002
// with VRIJ; doc-000/0001 is a unit of sample "pilot".
func applyProject(t testing.TB, docs, n int) *store.Store {
	t.Helper()
	_, s := storetest.New(t)
	t.Cleanup(func() { s.Close() })
	putDocs(t, s, docs, n, func(d int) string { return fmt.Sprintf("org-%d", d%2) })
	if _, err := s.PutCodes("t", []store.Code{
		{Key: "FIN", Name: "Financiën"}, {Key: "VRIJ", Name: "Vrijwilligers"}, {Key: "DIGI", Name: "Digitalisering"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCodings([]store.Coding{
		{Fragment: "doc-000/0001", Code: "FIN", Coder: "ann"},
		{Fragment: "doc-000/0002", Code: "VRIJ", Coder: "bob"},
	}...); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSample("t", store.Sample{Name: "pilot", Docs: []string{"doc-000"}, Fragments: []string{"doc-000/0001"}, Coders: []string{"ann", "bob"}}); err != nil {
		t.Fatal(err)
	}
	return s
}

// codingCount counts every coding in the store, and the events.
func codingCount(t *testing.T, s *store.Store) (codings, events int) {
	t.Helper()
	codings, err := s.CountCodings(store.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Events(0, func(store.Event) error { events++; return nil }); err != nil {
		t.Fatal(err)
	}
	return codings, events
}

func checkStore(t *testing.T, s *store.Store) {
	t.Helper()
	for _, err := range s.Check() {
		t.Error(err)
	}
}

func TestPreviewApply(t *testing.T) {
	s := applyProject(t, 3, 3)
	all := []string{"doc-000/0001", "doc-000/0002", "doc-000/0003", "doc-001/0001", "doc-002/0003"}
	for _, tt := range []struct {
		name           string
		coder          string
		frags, codes   []string
		wantFrags      int
		docs, orgs     int
		adds, existing int
		err            string
		is             error
	}{
		{name: "new codings", coder: "dana", frags: all, codes: []string{"FIN", "VRIJ"},
			wantFrags: 5, docs: 3, orgs: 2, adds: 10},
		{name: "one document, one organisation", coder: "dana", frags: all[:3], codes: []string{"DIGI"},
			wantFrags: 3, docs: 1, orgs: 1, adds: 3},
		{name: "already coded by this coder is kept", coder: "ann", frags: all, codes: []string{"FIN", "VRIJ"},
			wantFrags: 5, docs: 3, orgs: 2, adds: 9, existing: 1},
		{name: "another coder's coding does not count", coder: "ann", frags: all[1:2], codes: []string{"VRIJ"},
			wantFrags: 1, docs: 1, orgs: 1, adds: 1},
		{name: "duplicate codes and fragments count once", coder: "dana",
			frags: []string{"doc-000/0001", "doc-000/0001", "doc-001/0001"}, codes: []string{"FIN", "FIN", "VRIJ"},
			wantFrags: 2, docs: 2, orgs: 2, adds: 4},
		{name: "no fragments", coder: "dana", codes: []string{"FIN"}},
		{name: "code not in the codebook", coder: "dana", frags: all, codes: []string{"FIN", "NOPE"},
			err: `code "NOPE": not found (not in the codebook)`, is: store.ErrNotFound},
		{name: "no codes", coder: "dana", frags: all, codes: []string{""}, err: "no codes given"},
		{name: "fragment gone", coder: "dana", frags: []string{"doc-000/0001", "doc-000/0099"}, codes: []string{"FIN"},
			err: "fragment doc-000/0099: not found", is: store.ErrNotFound},
		{name: "not a fragment ID", coder: "dana", frags: []string{"doc-000"}, codes: []string{"FIN"},
			err: "doc-000", is: store.ErrBadFragmentID},
		{name: "no coder", coder: "", frags: all, codes: []string{"FIN"}, err: "coder name is empty"},
		// doc-000/0001 is a sample unit, so the store would take a
		// consensus coding there; bulk coding still may not write one.
		{name: "consensus coder refused", coder: store.ConsensusCoder, frags: all[:1], codes: []string{"FIN"},
			err: `coder "consensus" is the reconciled master`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c0, e0 := codingCount(t, s)
			p, err := PreviewApply(s, tt.coder, tt.frags, tt.codes)
			if c, e := codingCount(t, s); c != c0 || e != e0 {
				t.Errorf("a preview wrote: %d codings, %d events, was %d, %d", c, e, c0, e0)
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				if tt.is != nil && !errors.Is(err, tt.is) {
					t.Errorf("err %v is not %v", err, tt.is)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(len(p.Fragments), p.Documents, p.Organisations, p.Adds(), p.Existing)
			want := fmt.Sprint(tt.wantFrags, tt.docs, tt.orgs, tt.adds, tt.existing)
			if got != want {
				t.Errorf("fragments, documents, organisations, adds, existing = %s, want %s", got, want)
			}
		})
	}
	checkStore(t, s)
}

func TestApply(t *testing.T) {
	frags := []string{"doc-000/0001", "doc-000/0002", "doc-001/0003"}
	for _, tt := range []struct {
		name  string
		coder string
		codes []string
		// between runs after the preview, before the apply
		between   func(*store.Store) error
		added     int // reported
		grew      int // codings the store gained
		err       string
		codesOf01 string // ann's codes on doc-000/0001 afterwards
	}{
		{name: "adds the missing codings", coder: "ann", codes: []string{"FIN", "VRIJ"}, added: 5, grew: 5, codesOf01: "FIN,VRIJ"},
		// Another writer (impossible while `code apply` holds the store)
		// made the codings since the preview: they are kept, no error.
		{name: "made since the preview: kept", coder: "ann", codes: []string{"FIN"},
			between: func(s *store.Store) error {
				return s.AddCodings([]store.Coding{{Fragment: "doc-000/0002", Code: "FIN", Coder: "ann"}, {Fragment: "doc-001/0003", Code: "FIN", Coder: "ann"}}...)
			}, added: 2, grew: 0, codesOf01: "FIN"},
		// One transaction: the last coding fails (its fragment's document
		// is gone), so none of the others is written either.
		{name: "a failure writes nothing", coder: "ann", codes: []string{"FIN", "VRIJ"},
			between: func(s *store.Store) error { return s.RemoveDocument("t", "doc-001") },
			err:     "fragment doc-001/0003: not found", codesOf01: "FIN"},
		{name: "a code removed since the preview writes nothing", coder: "ann", codes: []string{"VRIJ", "DIGI"},
			between: func(s *store.Store) error { return s.RemoveCode("t", "DIGI") },
			err:     `code "DIGI": not found`, codesOf01: "FIN"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := applyProject(t, 2, 3)
			p, err := PreviewApply(s, tt.coder, frags, tt.codes)
			if err != nil {
				t.Fatal(err)
			}
			if tt.between != nil {
				if err := tt.between(s); err != nil {
					t.Fatal(err)
				}
			}
			c0, e0 := codingCount(t, s)
			added, err := p.Apply(s)
			c1, e1 := codingCount(t, s)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				if c1 != c0 || e1 != e0 || added != 0 {
					t.Errorf("a failed apply wrote: %d codings, %d events (was %d, %d), reported %d added", c1, e1, c0, e0, added)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if added != tt.added || c1-c0 != tt.grew {
					t.Errorf("added %d, store gained %d codings; want %d, %d", added, c1-c0, tt.added, tt.grew)
				}
				again, err := PreviewApply(s, tt.coder, frags, tt.codes)
				if err != nil {
					t.Fatal(err)
				}
				if again.Adds() != 0 || again.Existing != len(frags)*len(tt.codes) {
					t.Errorf("after apply: %d adds, %d existing", again.Adds(), again.Existing)
				}
				if n, err := again.Apply(s); n != 0 || err != nil {
					t.Errorf("applying nothing: %d, %v", n, err)
				}
			}
			cs, err := s.Codings(store.CodingFilter{Fragment: "doc-000/0001"})
			if err != nil {
				t.Fatal(err)
			}
			var mine []string
			for _, c := range cs {
				if c.Coder == "ann" {
					mine = append(mine, c.Code)
				}
			}
			if got := strings.Join(mine, ","); got != tt.codesOf01 {
				t.Errorf("ann's codes on doc-000/0001: %q, want %q", got, tt.codesOf01)
			}
			checkStore(t, s)
		})
	}
}

// applyPerCoding is the bulk coding as `code apply` did it before
// PreviewApply: a store read per hit to count documents and organisations,
// and per (fragment, code) two reads and a transaction of its own. It is
// kept only as the baseline of BenchmarkApply.
func applyPerCoding(s *store.Store, coder string, ids, keys []string) (int, error) {
	known, err := s.Codes()
	if err != nil {
		return 0, err
	}
	for _, k := range keys {
		found := false
		for _, kc := range known {
			found = found || kc.Key == k
		}
		if !found {
			return 0, fmt.Errorf("code %s is not in the codebook", k)
		}
	}
	docs, orgs := map[string]bool{}, map[string]bool{}
	for _, id := range ids {
		if f, err := s.Fragment(id); err == nil {
			docs[f.Doc] = true
			if d, err := s.Document(f.Doc); err == nil {
				orgs[d.Org] = true
			}
		}
	}
	added := 0
	for _, id := range ids {
		for _, k := range keys {
			before, _ := s.Codings(store.CodingFilter{Fragment: id})
			if err := s.AddCodings(store.Coding{Fragment: id, Code: k, Coder: coder}); err != nil {
				return added, err
			}
			after, _ := s.Codings(store.CodingFilter{Fragment: id})
			added += len(after) - len(before)
		}
	}
	return added, nil
}

// BenchmarkApply bulk-codes 18,000 fragments (18 documents of 1,000) with
// one code, as `code apply` did before (per-coding) and does now (preview
// and one transaction). Each iteration codes a fresh coder.
//
//	go test ./coding -run '^$' -bench BenchmarkApply -benchtime 1x
func BenchmarkApply(b *testing.B) {
	s := applyProject(b, 18, 1000)
	var ids []string
	if err := s.AllFragmentIDs(func(id string) error { ids = append(ids, id); return nil }); err != nil {
		b.Fatal(err)
	}
	run := 0
	for _, bm := range []struct {
		name  string
		apply func(coder string) (int, error)
	}{
		{"per-coding", func(coder string) (int, error) { return applyPerCoding(s, coder, ids, []string{"DIGI"}) }},
		{"one-transaction", func(coder string) (int, error) {
			p, err := PreviewApply(s, coder, ids, []string{"DIGI"})
			if err != nil {
				return 0, err
			}
			return p.Apply(s)
		}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				run++
				t0 := time.Now()
				n, err := bm.apply(fmt.Sprintf("coder-%d", run))
				if err != nil {
					b.Fatal(err)
				}
				if n != len(ids) {
					b.Fatalf("%d codings added, want %d", n, len(ids))
				}
				b.ReportMetric(float64(time.Since(t0).Milliseconds()), "ms/18k")
			}
		})
	}
}

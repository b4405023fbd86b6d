package coding

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/reliability"
	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
)

// sizedSample adds document doc with a heading and n paragraphs and a
// sample name of it coded by coders: coder i looks at the first seen[i]
// fragments (heading included; the last number repeats) and codes FIN on every other paragraph and
// BEW on paragraph 3 only (coder 0).
func sizedSample(t *testing.T, s *store.Store, name, doc string, n int, seen []int, coders []string, created time.Time) {
	t.Helper()
	var frags []store.Fragment
	var text strings.Builder
	var ids []string
	for i := 1; i <= n+1; i++ {
		kind, body := "paragraph", fmt.Sprintf("Alinea %d over beleid.", i)
		if i == 1 {
			kind, body = store.KindHeading, "Financiën"
		}
		start := text.Len()
		text.WriteString(body + "\n\n")
		id := store.FragmentID(doc, i)
		ids = append(ids, id)
		frags = append(frags, store.Fragment{ID: id, Doc: doc, Ordinal: i, Kind: kind, Text: body, Start: start, End: start + len(body), Hash: fmt.Sprintf("%s-%d", doc, i)})
	}
	if _, err := s.PutDocument("t", store.Document{ID: doc, Org: "org", Type: store.TypePlan, SHA256: doc, Source: doc}, text.String(), frags); err != nil {
		t.Fatal(err)
	}
	var cs []store.Coding
	for ci, c := range coders {
		upto := seen[min(ci, len(seen)-1)]
		if _, err := s.MarkSeen(c, store.SeenAt(created, ids[:upto]...), false); err != nil {
			t.Fatal(err)
		}
		for i, id := range ids[:upto] {
			if i > 0 && i%2 == 0 {
				cs = append(cs, store.Coding{Fragment: id, Code: "FIN", Coder: c})
			}
			if i == 3 && ci == 0 {
				cs = append(cs, store.Coding{Fragment: id, Code: "BEW", Coder: c})
			}
		}
	}
	// The heading is coded too: it counts like any fragment.
	cs = append(cs, store.Coding{Fragment: ids[0], Code: "FIN", Coder: coders[0]}, store.Coding{Fragment: ids[0], Code: "FIN", Coder: coders[1]})
	if err := s.AddCodings(cs...); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSample("t", store.Sample{Name: name, Docs: []string{doc}, Fragments: ids, Coders: coders, Created: created}); err != nil {
		t.Fatal(err)
	}
}

func sizedProject(t *testing.T) *store.Store {
	t.Helper()
	_, s := storetest.New(t)
	t.Cleanup(func() { s.Close() })
	if _, err := s.PutCodes("t", []store.Code{{Key: "FIN", Name: "Financiën"}, {Key: "BEW", Name: "Beweging"}, {Key: "DIGI", Name: "Digitalisering"}}); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAgreeUnitsAndSparse: headings are units (and their codings count);
// the report gives the units every coder looked at; a code used once gets
// its alpha but no verdict (too little data), while a code with enough
// pairable values for its distribution gets one.
func TestAgreeUnitsAndSparse(t *testing.T) {
	s := sizedProject(t)
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// 150 paragraphs + heading; ann and bob see all 151, chris the heading.
	sizedSample(t, s, "big", "doc-big", 150, []int{151, 151, 1}, []string{"ann", "bob", "chris"}, day)
	rep, err := AgreeSample(s, "big", AgreeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Fragments != 151 || rep.Complete != 1 || rep.UnitRule != UnitRule {
		t.Errorf("units %d (want 151, heading included), coded by all %d (want 1), rule %q", rep.Fragments, rep.Complete, rep.UnitRule)
	}
	by := map[string]CodeAgreement{}
	for _, c := range rep.Codes {
		by[c.Code] = c
	}
	fin, bew, digi := by["FIN"], by["BEW"], by["DIGI"]
	if fin.Used != 152 || !fin.Enough || fin.Verdict != "reliable" {
		t.Errorf("FIN: used %d enough %v (pairable %d, min %d) verdict %q", fin.Used, fin.Enough, fin.Stats.PairableValues, fin.MinPairable, fin.Verdict)
	}
	if bew.Stats.Alpha.Value == nil || bew.Enough || bew.Verdict != TooLittleData || bew.Present != 1 {
		t.Errorf("BEW used once: alpha %v enough %v verdict %q present %d", bew.Stats.Alpha, bew.Enough, bew.Verdict, bew.Present)
	}
	if digi.Enough || digi.MinPairable != -1 || digi.Verdict != "undefined" {
		t.Errorf("DIGI never used: enough %v min %d verdict %q", digi.Enough, digi.MinPairable, digi.Verdict)
	}
	if !rep.Enough || rep.MinPairable != SampleMinPairable || rep.Verdict == TooLittleData {
		t.Errorf("sample: enough %v min %d verdict %q", rep.Enough, rep.MinPairable, rep.Verdict)
	}
	if rep.MeanAlpha.Value == nil || *rep.MeanAlpha.Value != *fin.Stats.Alpha.Value {
		t.Errorf("mean alpha %v: want FIN's alone (the only code with enough data)", rep.MeanAlpha)
	}
}

// TestAgreeSmallSample: below the floor the overall alpha gets no verdict.
func TestAgreeSmallSample(t *testing.T) {
	s := sizedProject(t)
	sizedSample(t, s, "small", "doc-small", 20, []int{21}, []string{"ann", "bob"}, time.Now())
	rep, err := AgreeSample(s, "small", AgreeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Enough || rep.Overall.Alpha.Value == nil || rep.Verdict != TooLittleData || rep.Overall.PairableValues != 42 {
		t.Errorf("small sample: enough %v alpha %v verdict %q pairable %d", rep.Enough, rep.Overall.Alpha, rep.Verdict, rep.Overall.PairableValues)
	}
	if SampleMinPairable != reliability.MinPairable(0.5, reliability.MinAlpha, reliability.ZP05) || SampleMinPairable != 120 {
		t.Errorf("floor %d", SampleMinPairable)
	}
}

// TestBestSample: the sample with the most pairable values wins, not the
// newest; one below the floor is never chosen.
func TestBestSample(t *testing.T) {
	s := sizedProject(t)
	old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sizedSample(t, s, "pilot", "doc-a", 80, []int{81}, []string{"ann", "bob"}, old)
	// Newer and with more units, but only 30 looked at by both coders.
	sizedSample(t, s, "pilot2", "doc-b", 400, []int{30}, []string{"ann", "bob"}, old.AddDate(0, 1, 0))
	sizes, err := SampleSizes(s)
	if err != nil {
		t.Fatal(err)
	}
	best, err := BestSample(sizes)
	if err != nil || best.Name != "pilot" || best.Pairable != 162 || best.Complete != 81 {
		t.Errorf("best %+v, %v; want pilot with 162 pairable values", best, err)
	}
	var small []SampleSize
	for _, z := range sizes {
		if z.Name == "pilot2" {
			small = append(small, z)
		}
	}
	if z, err := BestSample(small); !errors.Is(err, ErrNoSample) || z.Name != "pilot2" || z.Pairable != 60 {
		t.Errorf("only a small sample: %+v, %v", z, err)
	}
	if _, err := BestSample(nil); !errors.Is(err, ErrNoSample) {
		t.Errorf("no sample: %v", err)
	}
}

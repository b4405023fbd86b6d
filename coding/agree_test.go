package coding

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
)

// agreeProject is a sample "s" of doc-000 (a heading and four paragraphs)
// coded by ann and bob:
//
//	0002: ann FIN,  bob FIN        (agree)
//	0003: ann FIN,  bob VRIJ       (a FIN/VRIJ confusion)
//	0004: both seen, nothing       (agree: absent)
//	0005: ann DIGI, bob not seen   (bob missing, not absent)
func agreeProject(t *testing.T) *store.Store {
	t.Helper()
	_, s := storetest.New(t)
	t.Cleanup(func() { s.Close() })
	var frags []store.Fragment
	var text strings.Builder
	for i := 1; i <= 5; i++ {
		kind, body := "paragraph", "Alinea over beleid."
		if i == 1 {
			kind, body = store.KindHeading, "Inleiding"
		}
		start := text.Len()
		text.WriteString(body + "\n\n")
		frags = append(frags, store.Fragment{ID: store.FragmentID("doc-000", i), Doc: "doc-000", Ordinal: i, Kind: kind,
			Text: body, Start: start, End: start + len(body), Hash: string(rune('a' + i))})
	}
	if _, err := s.PutDocument("t", store.Document{ID: "doc-000", Org: "org", Type: store.TypePlan, SHA256: "x", Source: "x"}, text.String(), frags); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutCodes("t", []store.Code{{Key: "FIN", Name: "Financiën"}, {Key: "VRIJ", Name: "Vrijwilligers"}, {Key: "DIGI", Name: "Digitalisering"}}); err != nil {
		t.Fatal(err)
	}
	f := func(i int) string { return store.FragmentID("doc-000", i) }
	if err := s.AddCodings([]store.Coding{
		{Fragment: f(2), Code: "FIN", Coder: "ann"}, {Fragment: f(2), Code: "FIN", Coder: "bob"},
		{Fragment: f(3), Code: "FIN", Coder: "ann"}, {Fragment: f(3), Code: "VRIJ", Coder: "bob"},
		{Fragment: f(5), Code: "DIGI", Coder: "ann"},
	}...); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"ann", "bob"} {
		if _, err := s.MarkSeen(c, store.SeenAt(time.Time{}, f(4)), false); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutSample("t", store.Sample{Name: "s", Docs: []string{"doc-000"},
		Fragments: []string{f(1), f(2), f(3), f(4), f(5)}, Coders: []string{"ann", "bob"}}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAgreeSample(t *testing.T) {
	s := agreeProject(t)
	rep, err := AgreeSample(s, "s", AgreeOptions{Bootstrap: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Fragments != 5 || rep.Complete != 3 {
		t.Errorf("fragments %d, want 5 (the heading is a unit); coded by all %d, want 3", rep.Fragments, rep.Complete)
	}
	if !reflect.DeepEqual(rep.Coders, []string{"ann", "bob"}) {
		t.Errorf("coders %v", rep.Coders)
	}
	used := map[string]int{}
	var order []string
	for _, c := range rep.Codes {
		used[c.Code] = c.Used
		order = append(order, c.Code)
		if c.Stats.Alpha.Value == nil && c.CI != nil {
			t.Errorf("%s: bootstrap without alpha", c.Code)
		}
		if c.Verdict == "" {
			t.Errorf("%s: no verdict", c.Code)
		}
	}
	if want := map[string]int{"FIN": 3, "VRIJ": 1, "DIGI": 1}; !reflect.DeepEqual(used, want) {
		t.Errorf("used %v, want %v", used, want)
	}
	// Worst first, codes without a defined alpha last.
	for i := 1; i < len(rep.Codes); i++ {
		a, b := rep.Codes[i-1].Stats.Alpha.Value, rep.Codes[i].Stats.Alpha.Value
		if a == nil && b != nil || a != nil && b != nil && *a > *b {
			t.Errorf("codes not worst first: %v", order)
		}
	}
	if !reflect.DeepEqual(rep.Swaps, []Swap{{A: "FIN", B: "VRIJ", Count: 1}}) {
		t.Errorf("swaps %+v", rep.Swaps)
	}
	if rep.Overall.Alpha.Value == nil || rep.Verdict == "" {
		t.Errorf("overall %+v verdict %q", rep.Overall.Alpha, rep.Verdict)
	}
	if rep.OverallCI == nil {
		t.Error("no overall bootstrap")
	}
	// Five units are far too few for any code: no mean, and no verdicts.
	if rep.MeanAlpha.Value != nil || rep.Verdict != TooLittleData {
		t.Errorf("mean alpha %v, verdict %q on 5 units", rep.MeanAlpha, rep.Verdict)
	}
}

func TestAgreeSampleOptionsAndErrors(t *testing.T) {
	s := agreeProject(t)
	for _, tt := range []struct {
		name  string
		samp  string
		o     AgreeOptions
		codes []string
		is    error
		err   string
	}{
		{name: "codes case-insensitive", samp: "s", o: AgreeOptions{Codes: []string{"fin"}}, codes: []string{"FIN"}},
		{name: "explicit coders", samp: "s", o: AgreeOptions{Coders: []string{"bob", "ann"}, Codes: []string{"VRIJ", "FIN"}}, codes: []string{"FIN", "VRIJ"}},
		{name: "unknown sample", samp: "nope", is: store.ErrNotFound},
		{name: "one coder", samp: "s", o: AgreeOptions{Coders: []string{"ann"}}, is: ErrNoCoders},
		{name: "unknown code", samp: "s", o: AgreeOptions{Codes: []string{"FIN", "XYZ"}}, err: "unknown code among FIN,XYZ"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := AgreeSample(s, tt.samp, tt.o)
			if tt.is != nil || tt.err != "" {
				if err == nil || tt.is != nil && !errors.Is(err, tt.is) || tt.err != "" && !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %v %q", err, tt.is, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range rep.Codes {
				got = append(got, c.Code)
				if c.CI != nil {
					t.Errorf("%s: bootstrap without being asked", c.Code)
				}
			}
			if strings.Join(sorted(got), ",") != strings.Join(tt.codes, ",") {
				t.Errorf("codes %v, want %v", got, tt.codes)
			}
		})
	}
}

// TestAgreeNoVariation: when nobody used any code, no alpha is defined and
// the report says why rather than inventing a number.
func TestAgreeNoVariation(t *testing.T) {
	s := agreeProject(t)
	// Two coders who only looked: every code absent everywhere.
	for _, c := range []string{"cy", "dee"} {
		for i := 2; i <= 5; i++ {
			if _, err := s.MarkSeen(c, store.SeenAt(time.Time{}, store.FragmentID("doc-000", i)), false); err != nil {
				t.Fatal(err)
			}
		}
	}
	rep, err := AgreeSample(s, "s", AgreeOptions{Coders: []string{"cy", "dee"}, Bootstrap: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rep.Codes {
		if c.Stats.Alpha.Value != nil || !strings.Contains(c.Stats.Alpha.Reason, "nobody used the code") || c.CI != nil {
			t.Errorf("%s: alpha %v reason %q", c.Code, c.Stats.Alpha.Value, c.Stats.Alpha.Reason)
		}
	}
	if rep.MeanAlpha.Value != nil || rep.MeanAlpha.Reason == "" {
		t.Errorf("mean alpha %+v", rep.MeanAlpha)
	}
	if len(rep.Swaps) != 0 {
		t.Errorf("swaps %+v", rep.Swaps)
	}
}

func TestDisagreements(t *testing.T) {
	s := agreeProject(t)
	for _, tt := range []struct {
		name, code string
		coders     []string
		want       []Disagreement
	}{
		{name: "any code", want: []Disagreement{{Fragment: "doc-000/0003", ByCoder: map[string][]string{"ann": {"FIN"}, "bob": {"VRIJ"}}}}},
		{name: "on FIN", code: "FIN", want: []Disagreement{{Fragment: "doc-000/0003", ByCoder: map[string][]string{"ann": {"FIN"}, "bob": {"VRIJ"}}}}},
		// DIGI differs only where bob did not look: no disagreement.
		{name: "on DIGI, bob missing", code: "DIGI"},
		{name: "one coder never disagrees", coders: []string{"ann"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Disagreements(s, "s", tt.code, tt.coders)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	if _, err := Disagreements(s, "nope", "", nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown sample: %v", err)
	}
}

func TestSwapsAndDiff(t *testing.T) {
	d := &sampleData{
		frags:  []string{"a", "b", "c"},
		coders: []string{"x", "y", "z"},
		seen: []map[string]bool{
			{"a": true, "b": true, "c": true},
			{"a": true, "b": true, "c": true},
			{"a": true, "b": true},
		},
		codes: []map[string][]string{
			{"a": {"VRIJ"}, "b": {"FIN", "DIGI"}, "c": {"FIN"}},
			{"a": {"FIN"}, "b": {"FIN", "VRIJ"}, "c": {"VRIJ"}},
			{"a": {"VRIJ"}, "b": {"FIN"}, "c": {"DIGI"}}, // z did not see c
		},
	}
	want := []Swap{{A: "FIN", B: "VRIJ", Count: 3}, {A: "DIGI", B: "VRIJ", Count: 1}}
	if got := d.swaps(); !reflect.DeepEqual(got, want) {
		t.Errorf("swaps %+v, want %+v", got, want)
	}
	for _, tt := range []struct{ a, b, want []string }{
		{[]string{"A", "B"}, []string{"B"}, []string{"A"}},
		{[]string{"A"}, []string{"A"}, nil},
		{nil, []string{"A"}, nil},
	} {
		if got := diff(tt.a, tt.b); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("diff(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestSampleProgress: a coder's progress counts the sample's units seen,
// not fragments seen elsewhere.
func TestSampleProgress(t *testing.T) {
	s := agreeProject(t)
	if _, err := s.MarkSeen("ann", store.SeenAt(time.Time{}, store.FragmentID("doc-000", 1)), false); err != nil {
		t.Fatal(err)
	}
	sm, err := s.Sample("s")
	if err != nil {
		t.Fatal(err)
	}
	sm.Fragments = sm.Fragments[:3] // ann saw 1 and 4, bob 4: only 1 is in
	got, err := SampleProgress(s, sm)
	if err != nil {
		t.Fatal(err)
	}
	want := []SampleCoder{{Coder: "ann", Seen: 1, Of: 3}, {Coder: "bob", Seen: 0, Of: 3}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

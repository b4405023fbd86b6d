package analysis

import (
	"slices"
	"testing"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
)

// wordsStore holds one document "d" of one fragment with text, ingested
// from bytes whose hash is sha.
func wordsStore(t *testing.T, sha, text string) (*store.Store, Dataset) {
	t.Helper()
	_, s := storetest.New(t)
	if _, _, err := s.PutOrganisations("t", []store.Organisation{{ID: "o", Name: "O"}}); err != nil {
		t.Fatal(err)
	}
	doc := store.Document{ID: "d", Org: "o", Type: store.TypePlan, SHA256: sha, Source: "d.txt"}
	frag := store.Fragment{ID: store.FragmentID("d", 1), Doc: "d", Ordinal: 1, Kind: "paragraph", Text: text, Start: 0, End: len(text), Hash: "1"}
	if _, err := s.PutDocument("t", doc, text, []store.Fragment{frag}); err != nil {
		t.Fatal(err)
	}
	return s, Dataset{Docs: map[string]store.Document{"d": doc}, st: s}
}

func forms(w fragWords) []string {
	var out []string
	for i := range w.ids {
		out = append(out, w.word(i).form)
	}
	return out
}

// TestWordsOfReadsNewBytesAgain: the words of a fragment are remembered
// between datasets, and read again when its document's bytes changed
// (a re-ingest keeps fragment IDs but not texts).
func TestWordsOfReadsNewBytesAgain(t *testing.T) {
	f := []Frag{{ID: store.FragmentID("d", 1), Doc: "d"}}
	_, d1 := wordsStore(t, "sha-one", "Klimaat en energie")
	if got := forms(d1.wordsOf(f)[0]); !slices.Equal(got, []string{"klimaat", "en", "energie"}) {
		t.Fatalf("first read: %q", got)
	}
	_, d2 := wordsStore(t, "sha-two", "Jongeren en senioren samen")
	w := d2.wordsOf(f)[0]
	if got := forms(w); !slices.Equal(got, []string{"jongeren", "en", "senioren", "samen"}) {
		t.Fatalf("after new bytes: %q, want the new text's words", got)
	}
	if w.fields != 4 || w.word(1).term != "" || w.word(0).term == "" {
		t.Errorf("words %+v: want 4 fields, a term for jongeren and none for the stop word en", w)
	}
	// Same bytes: the memo answers without reading the store (a dataset
	// without a store still gets the words).
	d3 := Dataset{Docs: d2.Docs}
	if got := forms(d3.wordsOf(f)[0]); !slices.Equal(got, []string{"jongeren", "en", "senioren", "samen"}) {
		t.Errorf("remembered words: %q", got)
	}
}

// TestWordsOfAcrossAReset: when the table of words is full the memo starts
// anew, and words handed out before stay right (each keeps its table).
func TestWordsOfAcrossAReset(t *testing.T) {
	defer func(w int) { maxMemoWords = w }(maxMemoWords)
	maxMemoWords = 4
	f := []Frag{{ID: store.FragmentID("d", 1), Doc: "d"}}
	_, d1 := wordsStore(t, "sha-a", "Klimaat en energie")
	w1 := d1.wordsOf(f)[0]
	_, d2 := wordsStore(t, "sha-b", "Jongeren senioren samen wonen")
	w2 := d2.wordsOf(f)[0]
	if got := forms(w1); !slices.Equal(got, []string{"klimaat", "en", "energie"}) {
		t.Errorf("words from before the reset: %q", got)
	}
	if got := forms(w2); !slices.Equal(got, []string{"jongeren", "senioren", "samen", "wonen"}) {
		t.Errorf("words after the reset: %q", got)
	}
	if len(wordMemo.tab) > 4 {
		t.Errorf("table holds %d words, bound 4", len(wordMemo.tab))
	}
}

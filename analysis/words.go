package analysis

import (
	"strings"
	"sync"

	"github.com/plancoder/plancoder/index"
)

// termForm is one word of a fragment: its term (the index's analysis of
// the word, "" for a stop word) and the lower-case form it had.
type termForm struct{ term, form string }

// fragWords is what the term statistics and the quote choice need of a
// fragment's text.
type fragWords struct {
	source string // SHA-256 of the document's source bytes: new bytes, new text
	fields int    // words as strings.Fields counts them (a quote's length)
	pairs  []termForm
}

// wordMemo keeps the words of fragments and the terms of words between
// analyses of one process: a server's theme pages read and analyse the
// same few thousand texts on every request (two thirds of a theme page's
// time), while codings change between requests and texts do not. An entry
// is keyed by fragment ID and checked against its document's source hash,
// so a re-ingested document is read again. Both maps are bounded: when one
// is full it starts anew.
var wordMemo = struct {
	sync.Mutex
	frags map[string]fragWords
	terms map[string]string
}{frags: map[string]fragWords{}, terms: map[string]string{}}

const (
	maxMemoFragments = 100_000 // about 60 words each: some 100 MB at most
	maxMemoWords     = 200_000
)

// termOf is the index's analysis of one lower-case word ("" for stop
// words). The caller holds wordMemo's lock.
func termOf(w string) string {
	if t, ok := wordMemo.terms[w]; ok {
		return t
	}
	t := ""
	if ts := index.Terms(w); len(ts) > 0 {
		t = ts[0]
	}
	if len(wordMemo.terms) >= maxMemoWords {
		wordMemo.terms = map[string]string{}
	}
	wordMemo.terms[w] = t
	return t
}

// wordsOf returns the words of each fragment of fs, in order, reading from
// the store only the texts the memo lacks.
func (d *Dataset) wordsOf(fs []Frag) []fragWords {
	out := make([]fragWords, len(fs))
	var missing []Frag
	var at []int
	wordMemo.Lock()
	for i, f := range fs {
		src := d.Docs[f.Doc].SHA256
		if w, ok := wordMemo.frags[f.ID]; ok && w.source == src && src != "" {
			out[i] = w
			continue
		}
		missing = append(missing, f)
		at = append(at, i)
	}
	wordMemo.Unlock()
	if len(missing) == 0 {
		return out
	}
	texts := d.WithText(missing)
	wordMemo.Lock()
	defer wordMemo.Unlock()
	for k, f := range texts {
		w := fragWords{source: d.Docs[f.Doc].SHA256, fields: len(strings.Fields(f.Text))}
		for _, form := range splitWords(f.Text) {
			w.pairs = append(w.pairs, termForm{termOf(form), form})
		}
		out[at[k]] = w
		if w.source == "" || f.Text == "" {
			continue // nothing to check a later read against, or no text read
		}
		if len(wordMemo.frags) >= maxMemoFragments {
			wordMemo.frags = map[string]fragWords{}
		}
		wordMemo.frags[f.ID] = w
	}
	return out
}

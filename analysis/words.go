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
// fragment's text. Its words are numbers into a table of distinct words:
// a theme page's memo holds the words of every coded fragment, and as
// pairs of strings (pointing into the texts) they were 100 MB on 9,000
// pages that the garbage collector scanned over and over while coders
// saved; numbers hold no pointers and take 4 bytes.
type fragWords struct {
	source string // SHA-256 of the document's source bytes: new bytes, new text
	fields int    // words as strings.Fields counts them (a quote's length)
	ids    []uint32
	tab    []termForm // the table ids index, as it was when ids were made
}

// word is the i-th word of the fragment.
func (w fragWords) word(i int) termForm { return w.tab[w.ids[i]] }

// wordMemo keeps the words of fragments between analyses of one process: a
// server's theme pages read and analyse the same few thousand texts on
// every request (two thirds of a theme page's time), while codings change
// between requests and texts do not. An entry is keyed by fragment ID and
// checked against its document's source hash, so a re-ingested document is
// read again. The memo is bounded: when the fragments or the distinct
// words are too many it starts anew. The table of words only grows until
// then, so an entry's snapshot of it stays valid.
var wordMemo = struct {
	sync.Mutex
	frags map[string]fragWords
	ids   map[string]uint32 // lower-case form -> its index in tab
	tab   []termForm
}{frags: map[string]fragWords{}, ids: map[string]uint32{}}

// Bounds of the memo (variables so that tests can lower them).
var (
	maxMemoFragments = 100_000 // about 60 words each, 4 bytes a word
	maxMemoWords     = 200_000
)

// wordID is the number of a lower-case word in the memo's table, adding it
// (with the index's analysis of it) when new. The caller holds the lock and
// has made room (see roomFor).
func wordID(w string) uint32 {
	if id, ok := wordMemo.ids[w]; ok {
		return id
	}
	t := ""
	if ts := index.Terms(w); len(ts) > 0 {
		t = ts[0]
	}
	id := uint32(len(wordMemo.tab))
	w = strings.Clone(w) // not a piece of the whole text
	wordMemo.tab = append(wordMemo.tab, termForm{t, w})
	wordMemo.ids[w] = id
	return id
}

// roomFor starts the memo anew when n more words or one more fragment
// might not fit. The caller holds the lock.
func roomFor(n int) {
	if len(wordMemo.tab)+n > maxMemoWords || len(wordMemo.frags) >= maxMemoFragments {
		wordMemo.frags = map[string]fragWords{}
		wordMemo.ids = map[string]uint32{}
		wordMemo.tab = nil
	}
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
		forms := splitWords(f.Text)
		roomFor(len(forms))
		w := fragWords{source: d.Docs[f.Doc].SHA256, fields: len(strings.Fields(f.Text)), ids: make([]uint32, len(forms))}
		for i, form := range forms {
			w.ids[i] = wordID(form)
		}
		w.tab = wordMemo.tab
		out[at[k]] = w
		if w.source == "" || f.Text == "" {
			continue // nothing to check a later read against, or no text read
		}
		wordMemo.frags[f.ID] = w
	}
	return out
}

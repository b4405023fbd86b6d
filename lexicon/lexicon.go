// Package lexicon is plancoder's Dutch word knowledge: the lemma of a word
// form (subsidies: subsidie, initiatieven: initiatief, ontwikkelde:
// ontwikkel) and the parts of a compound (energietransitie: energie,
// transitie). The index turns words into search terms with it, so that a
// search finds the forms of a word and the compounds it heads.
//
// The word forms and their lemmas come from OpenTaal's Dutch hunspell
// dictionary (Debian hunspell-nl 2:2.20.19; BSD licence or CC BY 3.0, see
// COPYING), expanded by its suffix rules and folded as the index folds
// (lower case, no diacritics) by mklexicon.py into nl.fc.gz. A form's lemma
// is its dictionary entry for inflections (plurals, diminutives, verb
// forms, the adjective's -e); comparatives and derived words (ouder,
// vrijwilliger, deskundigheid) are lemmas of their own, a verb's infinitive
// goes to its stem, and a short list of irregular plurals is added.
package lexicon

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

//go:embed nl.fc.gz
var nlForms []byte

// Lexicon is a sorted set of word forms with their lemmas, held in two
// strings: about 6 MB for the Dutch one.
type Lexicon struct {
	forms  string
	offs   []uint32 // start of each form in forms; a sentinel ends the last
	lemmas string
	loffs  []uint32 // start of each form's lemma in lemmas; empty: the form itself
	begins []uint64 // bit i: form i may begin a compound (hunspell's Ca, Cb)
	ends   []uint64 // bit i: form i may end one (Cc)
}

var dutch = sync.OnceValue(func() *Lexicon {
	l, err := Read(bytes.NewReader(nlForms))
	if err != nil {
		panic("lexicon: embedded Dutch lexicon: " + err.Error()) // a build defect, caught by the tests
	}
	return l
})

// Dutch returns the Dutch lexicon, read on first use (about 60 ms).
func Dutch() *Lexicon { return dutch() }

// Len is the number of word forms.
func (l *Lexicon) Len() int { return len(l.offs) - 1 }

func (l *Lexicon) form(i int) string { return l.forms[l.offs[i]:l.offs[i+1]] }

func (l *Lexicon) find(w string) (int, bool) {
	n := l.Len()
	i := sort.Search(n, func(i int) bool { return l.form(i) >= w })
	return i, i < n && l.form(i) == w
}

// Has reports whether w is a known word form.
func (l *Lexicon) Has(w string) bool {
	_, ok := l.find(w)
	return ok
}

// Lemma returns the lemma of the word form w (itself when it is a lemma),
// and false for a word the lexicon does not know.
func (l *Lexicon) Lemma(w string) (string, bool) {
	i, ok := l.find(w)
	if !ok {
		return "", false
	}
	if lemma := l.lemmas[l.loffs[i]:l.loffs[i+1]]; lemma != "" {
		return lemma, true
	}
	return w, true
}

func bit(set []uint64, i int) bool { return set[i/64]&(1<<(i%64)) != 0 }

// Read reads a lexicon in the format mklexicon.py writes: gzip of sorted,
// front-coded lines, each one byte 0x30+n (bytes shared with the form
// before) and the rest of the form; then, for a form that may be part of a
// compound or is not its own lemma, a TAB and its compound flags ('b': may
// begin a compound, 'e': may end one), and for a form that is not its own
// lemma a TAB, one byte 0x30+k (bytes to cut from the form's end) and the
// bytes to add, or '~' and the whole lemma.
func Read(r io.Reader) (*Lexicon, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	lines := bytes.Count(raw, []byte{'\n'})
	var forms, lemmas strings.Builder
	forms.Grow(len(raw) * 2)
	l := &Lexicon{offs: make([]uint32, 0, lines+1), loffs: make([]uint32, 0, lines+1)}
	prev := ""
	for n, line := range bytes.Split(raw, []byte{'\n'}) {
		if len(line) == 0 {
			continue
		}
		shared := int(line[0]) - 0x30
		if shared < 0 || shared > len(prev) {
			return nil, fmt.Errorf("line %d: shares %d bytes with a form of %d", n+1, shared, len(prev))
		}
		rest, tail, _ := bytes.Cut(line[1:], []byte{'\t'})
		fl, edit, _ := bytes.Cut(tail, []byte{'\t'})
		start := forms.Len()
		l.offs = append(l.offs, uint32(start))
		forms.WriteString(prev[:shared])
		forms.Write(rest)
		w := forms.String()[start:]
		if w <= prev && n > 0 {
			return nil, fmt.Errorf("line %d: %q is out of order", n+1, w)
		}
		prev = w
		l.loffs = append(l.loffs, uint32(lemmas.Len()))
		i := len(l.offs) - 1
		for len(l.begins) <= i/64 {
			l.begins, l.ends = append(l.begins, 0), append(l.ends, 0)
		}
		for _, f := range fl {
			switch f {
			case 'b':
				l.begins[i/64] |= 1 << (i % 64)
			case 'e':
				l.ends[i/64] |= 1 << (i % 64)
			default:
				return nil, fmt.Errorf("line %d: unknown compound flag %q", n+1, f)
			}
		}
		switch {
		case len(edit) == 0:
		case edit[0] == '~':
			lemmas.Write(edit[1:])
		default:
			cut := int(edit[0]) - 0x30
			if cut < 0 || cut > len(w) {
				return nil, fmt.Errorf("line %d: cuts %d bytes from %q", n+1, cut, w)
			}
			lemmas.WriteString(w[:len(w)-cut])
			lemmas.Write(edit[1:])
		}
	}
	for len(l.begins) <= len(l.offs)/64 {
		l.begins, l.ends = append(l.begins, 0), append(l.ends, 0)
	}
	l.forms, l.lemmas = forms.String(), lemmas.String()
	l.offs = append(l.offs, uint32(len(l.forms)))
	l.loffs = append(l.loffs, uint32(len(l.lemmas)))
	return l, nil
}

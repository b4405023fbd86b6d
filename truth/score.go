package truth

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Score compares one extraction with its truth. Word counts are multisets
// of lower-cased tokens with edge punctuation trimmed.
type Score struct {
	TruthWords     int `json:"truth_words"`
	ExtractedWords int `json:"extracted_words"`
	MatchedWords   int `json:"matched_words"`
	// FurnitureLines is the number of printed header/footer/page-number
	// lines; FurnitureLeaked how many of them turn up in the extraction.
	FurnitureLines  int `json:"furniture_lines"`
	FurnitureLeaked int `json:"furniture_leaked"`
	// Hyphenated line ends in the layout, and how many came out as the
	// right whole word.
	Hyphenated   int `json:"hyphenated"`
	HyphenatedOK int `json:"hyphenated_ok"`
	// Headings in the truth and how many the extraction marked as headings;
	// Headings is 0 when the extractor does not report headings.
	Headings      int `json:"headings"`
	HeadingsFound int `json:"headings_found"`
}

// Recall is the share of truth words found.
func (s Score) Recall() float64 { return ratio(s.MatchedWords, s.TruthWords) }

// Precision is the share of extracted words that are truth words.
func (s Score) Precision() float64 { return ratio(s.MatchedWords, s.ExtractedWords) }

// HyphenationRate is the share of line-end hyphenations resolved correctly.
func (s Score) HyphenationRate() float64 { return ratio(s.HyphenatedOK, s.Hyphenated) }

// HeadingRate is the share of headings found.
func (s Score) HeadingRate() float64 { return ratio(s.HeadingsFound, s.Headings) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Add sums scores, for totals over many files.
func (s Score) Add(o Score) Score {
	return Score{
		TruthWords: s.TruthWords + o.TruthWords, ExtractedWords: s.ExtractedWords + o.ExtractedWords,
		MatchedWords: s.MatchedWords + o.MatchedWords, FurnitureLines: s.FurnitureLines + o.FurnitureLines,
		FurnitureLeaked: s.FurnitureLeaked + o.FurnitureLeaked, Hyphenated: s.Hyphenated + o.Hyphenated,
		HyphenatedOK: s.HyphenatedOK + o.HyphenatedOK, Headings: s.Headings + o.Headings,
		HeadingsFound: s.HeadingsFound + o.HeadingsFound,
	}
}

// Words splits text into comparable tokens.
func Words(text string) []string {
	var out []string
	for _, f := range strings.Fields(norm.NFC.String(text)) {
		// Private-use characters are a font's own codes (a Symbol-font
		// bullet that pdftotext passes on as U+F0B7), not text.
		f = strings.TrimFunc(f, func(r rune) bool {
			return (unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.Is(unicode.Co, r)) && r != '€' && r != '%'
		})
		if f != "" {
			out = append(out, strings.ToLower(f))
		}
	}
	return out
}

func bag(ws []string) map[string]int {
	m := map[string]int{}
	for _, w := range ws {
		m[w]++
	}
	return m
}

// countSeq counts the occurrences of the token sequence seq in toks.
func countSeq(toks, seq []string) int {
	if len(seq) == 0 {
		return 0
	}
	n := 0
	for i := 0; i+len(seq) <= len(toks); i++ {
		match := true
		for j := range seq {
			if toks[i+j] != seq[j] {
				match = false
				break
			}
		}
		if match {
			n++
		}
	}
	return n
}

// Compare scores an extraction: texts are its fragments (or one string for
// the whole document) and headings the texts it marked as headings (nil
// when the extractor has no notion of headings).
func Compare(t *Truth, texts []string, headings []string) Score {
	var s Score
	truthToks := Words(t.Text())
	extToks := Words(strings.Join(texts, "\n\n"))
	s.TruthWords, s.ExtractedWords = len(truthToks), len(extToks)
	tb, eb := bag(truthToks), bag(extToks)
	for w, n := range tb {
		s.MatchedWords += min(n, eb[w])
	}

	s.FurnitureLines = len(t.Furniture)
	seen := map[string]bool{}
	for _, f := range t.Furniture {
		if seen[f] {
			continue
		}
		seen[f] = true
		seq := Words(f)
		if len(seq) == 0 {
			continue
		}
		printed := 0
		for _, g := range t.Furniture {
			if g == f {
				printed++
			}
		}
		excess := countSeq(extToks, seq) - countSeq(truthToks, seq)
		s.FurnitureLeaked += min(max(excess, 0), printed)
	}

	broken := map[string]int{}
	for _, h := range t.Hyphenated {
		if ws := Words(h); len(ws) == 1 {
			broken[ws[0]]++
		}
	}
	for w, k := range broken {
		s.Hyphenated += k
		whole := tb[w] - k // occurrences never broken
		s.HyphenatedOK += min(k, max(0, eb[w]-whole))
	}

	if headings != nil {
		var found []string
		for _, h := range headings {
			found = append(found, strings.Join(Words(h), " "))
		}
		for _, b := range t.Blocks {
			if b.Kind != "heading" {
				continue
			}
			s.Headings++
			want := strings.Join(Words(b.Text), " ")
			for _, f := range found {
				if f == want || (len(want) > 3 && strings.Contains(f, want)) || (len(f) > 3 && strings.Contains(want, f) && len(f)*2 > len(want)) {
					s.HeadingsFound++
					break
				}
			}
		}
	}
	return s
}

// Overlap compares two texts as bags of words (Words): how many of the
// reference's words the other text has, and how many of its words the
// reference lacks. It scores an extraction against another extractor's
// (pdftotext) where no ground truth exists.
type Overlap struct {
	RefWords  int `json:"reference_words"`
	OurWords  int `json:"plancoder_words"`
	Matched   int `json:"matched"`
	ExtraOurs int `json:"extra_words"` // our words the reference does not have
}

// CompareWords scores text against ref.
func CompareWords(ref, text string) Overlap {
	rb, ob := bag(Words(ref)), bag(Words(text))
	var o Overlap
	for w, n := range rb {
		o.RefWords += n
		o.Matched += min(n, ob[w])
	}
	for w, n := range ob {
		o.OurWords += n
		o.ExtraOurs += max(0, n-rb[w])
	}
	return o
}

// Recall is the share of the reference's words found.
func (o Overlap) Recall() float64 { return ratio(o.Matched, o.RefWords) }

// Add sums two overlaps.
func (o Overlap) Add(p Overlap) Overlap {
	return Overlap{o.RefWords + p.RefWords, o.OurWords + p.OurWords, o.Matched + p.Matched, o.ExtraOurs + p.ExtraOurs}
}

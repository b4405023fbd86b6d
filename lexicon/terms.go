package lexicon

// Terms gives the index terms of w, a lower-case word with diacritics
// folded. whole stands for the word itself: its lemma; for an unknown
// compound the compound with its head's lemma (energietransities:
// energietransitie); else stem(w). parts are the lemmas of a compound's
// parts (nil for a simple word), so that a search for a part can find the
// compound.
func (l *Lexicon) Terms(w string, stem func(string) string) (whole string, parts []string) {
	lemma, known := l.Lemma(w)
	split := l.parts(w)
	switch {
	case known:
		whole = lemma
	case split != nil:
		head := split[len(split)-1]
		whole = w[:len(w)-len(head.surface)] + head.lemma
	default:
		return stem(w), nil
	}
	if split == nil {
		return whole, nil
	}
	parts = make([]string, len(split))
	for i, p := range split {
		parts[i] = p.lemma
	}
	return whole, parts
}

func (l *Lexicon) lemmaOr(w string) string {
	if lemma, ok := l.Lemma(w); ok {
		return lemma
	}
	return w
}

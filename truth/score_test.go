package truth

import "testing"

func TestCompare(t *testing.T) {
	tr := &Truth{
		Blocks: []Block{
			{Kind: "heading", Text: "1. Inleiding"},
			{Kind: "paragraph", Text: "We ontwikkelen een sociaal-culturele werking in Oost-Vlaanderen."},
			{Kind: "heading", Text: "2. Financiën"},
			{Kind: "paragraph", Text: "De subsidies stijgen met 3%."},
		},
		Furniture:  []string{"Beleidsplan 2021-2025", "2", "Beleidsplan 2021-2025", "3"},
		Hyphenated: []string{"ontwikkelen", "sociaal-culturele"},
	}
	good := Compare(tr, []string{"1. Inleiding", "We ontwikkelen een sociaal-culturele werking in Oost-Vlaanderen.", "2. Financiën", "De subsidies stijgen met 3%."},
		[]string{"1. Inleiding", "2. Financiën"})
	if good.Recall() != 1 || good.Precision() != 1 || good.FurnitureLeaked != 0 || good.HyphenationRate() != 1 || good.HeadingRate() != 1 {
		t.Errorf("perfect extraction scored %+v", good)
	}
	bad := Compare(tr, []string{"Beleidsplan 2021-2025", "1. Inleiding", "We ontwik- kelen een sociaalculturele werking in Oost-Vlaanderen.", "2", "2. Financiën", "De subsidies stijgen met 3%."}, []string{"1. Inleiding"})
	if bad.FurnitureLeaked != 2 {
		t.Errorf("leaked %d, want 2 (the header once and page number 2)", bad.FurnitureLeaked)
	}
	if bad.HyphenatedOK != 0 || bad.Hyphenated != 2 {
		t.Errorf("hyphenation %d/%d", bad.HyphenatedOK, bad.Hyphenated)
	}
	if bad.HeadingsFound != 1 || bad.Headings != 2 {
		t.Errorf("headings %d/%d", bad.HeadingsFound, bad.Headings)
	}
	if bad.Recall() >= 1 || bad.Precision() >= 1 {
		t.Errorf("recall %.3f precision %.3f", bad.Recall(), bad.Precision())
	}
	if n := Compare(tr, nil, nil); n.Headings != 0 || n.Recall() != 0 {
		t.Errorf("empty extraction %+v", n)
	}
}

func TestWords(t *testing.T) {
	got := Words("“Financiën” (bv. 410.000 €) – sociaal-culturele, 3%.")
	want := []string{"financiën", "bv", "410.000", "€", "sociaal-culturele", "3%"}
	if len(got) != len(want) {
		t.Fatalf("%q", got)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%d: %q want %q", i, got[i], want[i])
		}
	}
}

func TestCompareWords(t *testing.T) {
	for _, tt := range []struct {
		ref, text string
		want      Overlap
	}{
		{"Het plan, het plan.", "het plan", Overlap{RefWords: 4, OurWords: 2, Matched: 2}},
		{"een twee", "een twee drie drie", Overlap{RefWords: 2, OurWords: 4, Matched: 2, ExtraOurs: 2}},
		{"", "iets", Overlap{OurWords: 1, ExtraOurs: 1}},
		{"", "", Overlap{}},
	} {
		got := CompareWords(tt.ref, tt.text)
		if got != tt.want {
			t.Errorf("CompareWords(%q, %q) = %+v, want %+v", tt.ref, tt.text, got, tt.want)
		}
	}
	if r := CompareWords("a b c d", "a b").Recall(); r != 0.5 {
		t.Errorf("recall = %v", r)
	}
}

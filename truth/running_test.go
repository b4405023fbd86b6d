package truth

import (
	"strings"
	"testing"
)

func TestDropRunningLines(t *testing.T) {
	page := func(n int, body string) string {
		return "Jaarverslag 2024\n\n" + body + "\n\nPagina " + string(rune('0'+n)) + " van 3\n"
	}
	tests := []struct {
		name, in, want string
	}{
		{"header and page numbers go",
			page(1, "Het eerste deel.") + "\f" + page(2, "Het tweede deel.") + "\f" + page(3, "Het derde deel."),
			"het eerste deel het tweede deel het derde deel"},
		{"lines that recur at the page edges go, the body stays",
			"Inleiding\nDe tekst.\nSlot\fInleiding\nAndere tekst.\nMeer tekst.\nSlot\f",
			"de tekst andere tekst meer tekst"},
		{"proof line numbers go, a list's numbers stay",
			"Begin.\nEerste regel.\n1\n2\n3\n\n4\n5\n6\n7\n8\n9\n10\n11S\n\nDe tekst.\n1.\n2.\n3.\n4.\n5.\n6\n7\nSlot.\nEinde.\fNog tekst.\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nMeer tekst.\nEn meer.\nTot slot.",
			"begin eerste regel de tekst 1 2 3 4 5 6 7 slot einde nog tekst meer tekst en meer tot slot"},
		{"digits 1-9 on every page (a font table) stay",
			"A\nB\n0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n:\nC\nD\fE\nF\n0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n:\nG\nH",
			"a b 0 1 2 3 4 5 6 7 8 9 c d e f 0 1 2 3 4 5 6 7 8 9 g h"},
		{"a numbered table column on one page of three stays",
			"Begin.\nEerste regel.\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nDe tekst.\nEinde.\fNog tekst.\nMeer tekst.\nEn meer.\fTot slot.\nEcht.\nKlaar.",
			"begin eerste regel 1 2 3 4 5 6 7 8 9 10 de tekst einde nog tekst meer tekst en meer tot slot echt klaar"},
		{"one page is left alone",
			"Jaarverslag 2024\nDe tekst.\n7\n",
			"jaarverslag 2024 de tekst 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(Words(DropRunningLines(tt.in, 2)), " "); got != tt.want {
				t.Errorf("words = %q, want %q", got, tt.want)
			}
		})
	}
}

// A Symbol-font bullet that pdftotext gives as a private-use character is
// no word (a Word 2007 plan lost 27 of 781 "words" to it).
func TestWordsPrivateUse(t *testing.T) {
	if got := strings.Join(Words("\uf0b7 Het plan \uf0b7\uf0a7 en\uf0b7"), " "); got != "het plan en" {
		t.Errorf("words = %q", got)
	}
}

// pdftotext's ligature characters, soft hyphens at line ends and compounds
// joined without their hyphen are the same words as plancoder's.
func TestCompareReferenceFolds(t *testing.T) {
	ref := "etnograﬁsche collectie\nadminis\u00ad\ntrative zaken\nSchotsNederlandse handel"
	ours := "etnografische collectie administrative zaken Schots-Nederlandse handel"
	o := CompareReference(ref, ours, 3)
	if o.Matched != o.RefWords || o.ExtraOurs != 0 {
		t.Errorf("overlap = %+v, want every word matched", o)
	}
}

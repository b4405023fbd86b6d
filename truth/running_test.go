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

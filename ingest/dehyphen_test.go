package ingest

import (
	"strings"
	"testing"
)

// TestLineEndHyphens holds the one rule for hyphens at line ends, both
// ways: the typesetter's hyphen goes (ont-|wikkelen), the word's own stays
// (sociaal-|cultureel, 19e-|eeuwse, zee-|egel).
func TestLineEndHyphens(t *testing.T) {
	// The document's own words: it writes these elsewhere on its pages.
	vocab := map[string]bool{
		"sociaal-cultureel": true, "beleidsplan": true, "jeugd-werking": true,
		"vrijwilligerswerk": true, "buurtwerking": true, "co-creatie": true,
		"samenwerkingsverband": true, "vormingplus": true, "samen": true, "vlaanderen": true, "partner-organisaties": true, "partner-": true,
	}
	tests := []struct{ a, b, want string }{
		// Typesetter's hyphens: rejoined.
		{"het beleids-", "plan is klaar", "het beleidsplan is klaar"},
		{"we ontwik-", "kelen", "we ontwikkelen"},
		{"de samen-", "werking loopt", "de samenwerking loopt"},
		{"het vrijwilligers-", "werk groeit", "het vrijwilligerswerk groeit"},
		{"in de buurt-", "werking", "in de buurtwerking"},
		{"een organi-", "satie", "een organisatie"},
		{"de gemeen-", "schap", "de gemeenschap"},
		{"onze doel-", "stellingen", "onze doelstellingen"},
		{"de deel-", "nemers", "de deelnemers"},
		{"het onder-", "wijs", "het onderwijs"},
		{"de ont-", "moeting", "de ontmoeting"},
		{"een ver-", "andering", "een verandering"},
		{"de be-", "oordeling", "de beoordeling"},
		{"de cre-", "atieve sector", "de creatieve sector"},
		{"het ide-", "aal", "het ideaal"},
		{"een pi-", "ano", "een piano"},
		{"de bi-", "oscoop", "de bioscoop"},
		{"de pati-", "ënten", "de patiënten"},
		{"we be-", "ïnvloeden", "we beïnvloeden"},
		{"het ge-", "ëvalueerde plan", "het geëvalueerde plan"},
		{"we be-", "invloeden", "we beïnvloeden"},
		{"de zee-", "ën", "de zeeën"},
		{"een ge-", "ëerd lid", "een geëerd lid"},
		{"de Vlaan-", "deren", "de Vlaanderen"},
		{"ONTWIK-", "KELEN", "ONTWIKKELEN"},
		{"het sociaal-cultu-", "rele werk", "het sociaal-culturele werk"},
		{"een kwali-", "teitsvolle", "een kwaliteitsvolle"},
		{"de over-", "heid", "de overheid"},
		{"het ex-", "amen", "het examen"},
		{"de oud-", "ste leden", "de oudste leden"},
		{"de niet-", "ige regels", "de nietige regels"},
		{"het speci-", "aal fonds", "het speciaal fonds"},
		{"de jeugd-", "dienst", "de jeugddienst"},
		{"de mede-", "werkers", "de medewerkers"},
		{"het toe-", "komstplan", "het toekomstplan"},
		{"de vrij-", "willigers", "de vrijwilligers"},
		{"de finan-", "ciering", "de financiering"},
		{"de evalu-", "atie", "de evaluatie"},
		{"de situ-", "atie", "de situatie"},
		{"de ambi-", "tie", "de ambitie"},
		{"een acti-", "viteit", "een activiteit"},
		{"de re-", "actie", "de reactie"},
		// The word's own hyphen: kept.
		{"het sociaal-", "cultureel werk", "het sociaal-cultureel werk"},
		{"de sociaal-", "economische context", "de sociaal-economische context"},
		{"de sociaal-", "emotionele ontwikkeling", "de sociaal-emotionele ontwikkeling"},
		{"de politiek-", "bestuurlijke context", "de politiek-bestuurlijke context"},
		{"de medisch-", "technische zorg", "de medisch-technische zorg"},
		{"de jeugd-", "werking", "de jeugd-werking"},
		{"door co-", "creatie", "door co-creatie"},
		{"de 19e-", "eeuwse gebouwen", "de 19e-eeuwse gebouwen"},
		{"de 20ste-", "eeuwse kunst", "de 20ste-eeuwse kunst"},
		{"de Covid-", "19-pandemie", "de Covid-19-pandemie"},
		{"de Covid-19-", "pandemie", "de Covid-19-pandemie"},
		{"een A4-", "tje", "een A4-tje"},
		{"de periode 2021-", "2025", "de periode 2021-2025"},
		{"per e-", "mail", "per e-mail"},
		{"het VN-", "vrouwenverdrag", "het VN-vrouwenverdrag"},
		{"een CAW-", "medewerker", "een CAW-medewerker"},
		{"de VDAB-", "consulent", "de VDAB-consulent"},
		{"HET VN-", "VROUWENVERDRAG", "HET VN-VROUWENVERDRAG"},
		{"in Oost-", "Vlaanderen", "in Oost-Vlaanderen"},
		{"de pro-", "Europese houding", "de pro-Europese houding"},
		{"de zee-", "egel", "de zee-egel"},
		{"de data-", "analyse", "de data-analyse"},
		{"het auto-", "ongeluk", "het auto-ongeluk"},
		{"zo-", "even gezegd", "zo-even gezegd"},
		{"zij na-", "apen", "zij na-apen"},
		{"het privé-", "eigendom", "het privé-eigendom"},
		{"de radio-", "omroep", "de radio-omroep"},
		{"de piano-", "uitvoering", "de piano-uitvoering"},
		{"de mini-", "invasie", "de mini-invasie"},
		{"de ski-", "industrie", "de ski-industrie"},
		{"de foto-", "opdracht", "de foto-opdracht"},
		{"de video-", "opname", "de video-opname"},
		{"de thema-", "avond", "de thema-avond"},
		{"de info-", "avond", "de infoavond"},
		{"de mega-", "evenementen", "de mega-evenementen"},
		{"de drie-", "eenheid", "de drie-eenheid"},
		{"de ex-", "voorzitter", "de ex-voorzitter"},
		{"de oud-", "directeur", "de oud-directeur"},
		{"de niet-", "leden", "de niet-leden"},
		{"het rooms-", "katholieke onderwijs", "het rooms-katholieke onderwijs"},
		{"een win-", "winsituatie", "een win-winsituatie"},
		{"de follow-", "up", "de follow-up"},
		{"met collega-", "organisaties", "met collega-organisaties"},
		{"de partner-", "verenigingen", "de partner-verenigingen"},
		{"de partner-", "schappen", "de partnerschappen"},
		{"to-", "the-point", "to-the-point"},
		{"met ex-", "gedetineerden", "met ex-gedetineerden"},
		{"de Vormingplus-", "centra", "de Vormingplus-centra"},
		{"Samen-", "werking is", "Samenwerking is"},
		{"het wij-", "zij-denken", "het wij-zij-denken"},
		{"de ont-", "wikkelings-agenda", "de ontwikkelings-agenda"},
		{"het UiTPAS-", "kansentarief", "het UiTPAS-kansentarief"},
		{"de ex-", "pertise", "de expertise"},
		// Elliptical compounds and lone dashes.
		{"beroeps-", "en vrijwilligerswerk", "beroeps- en vrijwilligerswerk"},
		{"de missie-", ", visie- en", "de missie-, visie- en"},
		{"de missie-, context-", "en omgevingsanalyse", "de missie-, context- en omgevingsanalyse"},
		{"jeugd-", "of ouderenwerk", "jeugd- of ouderenwerk"},
		{"op provinciaal niveau, lokaal-", "tot bovenlokaal", "op provinciaal niveau, lokaal- tot bovenlokaal"},
		{"minder -", "meer", "minder - meer"},
		{"een zin", "op twee regels", "een zin op twee regels"},
		{"het beleids-", "(plan)", "het beleids- (plan)"},
	}
	if len(tests) < 80 {
		t.Fatalf("only %d cases", len(tests))
	}
	for _, tt := range tests {
		if got := joinLines([]string{tt.a, tt.b}, vocab); got != tt.want {
			t.Errorf("joinLines(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestMarkupLineEndHyphens: hard line breaks in Markdown, HTML and DOCX
// paragraphs go through the same rule as text and PDF lines.
func TestMarkupLineEndHyphens(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []string
	}{
		{"x.md", "# Titel\n\nHet sociaal-\ncultureel werk en de 19e-\neeuwse gebouwen, ont-\nwikkelen en zee-\negel.\n",
			[]string{"Het sociaal-cultureel werk en de 19e-eeuwse gebouwen, ontwikkelen en zee-egel."}},
		{"x.html", "<html><body><h1>Titel</h1><p>Het sociaal-<br>cultureel werk en de 19e-<br>eeuwse gebouwen, ont-<br>wikkelen en beroeps-<br>en vrijwilligerswerk.</p></body></html>",
			[]string{"Het sociaal-cultureel werk en de 19e-eeuwse gebouwen, ontwikkelen en beroeps- en vrijwilligerswerk."}},
		{"x.txt", "Het sociaal-\ncultureel werk en de 19e-\neeuwse gebouwen, ont-\nwikkelen en de data-\nanalyse.\n",
			[]string{"Het sociaal-cultureel werk en de 19e-eeuwse gebouwen, ontwikkelen en de data-analyse."}},
	}
	docx := docxFile(t, docxP("", `<w:r><w:t xml:space="preserve">Het sociaal-</w:t><w:br/><w:t xml:space="preserve">cultureel werk en de 19e-</w:t><w:br/>`+
		`<w:t xml:space="preserve">eeuwse gebouwen, ont-</w:t><w:br/><w:t xml:space="preserve">wikkelen en het VN-</w:t><w:br/><w:t>vrouwenverdrag.</w:t></w:r>`), nil)
	tests = append(tests, struct {
		name string
		data string
		want []string
	}{"x.docx", string(docx), []string{"Het sociaal-cultureel werk en de 19e-eeuwse gebouwen, ontwikkelen en het VN-vrouwenverdrag."}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Bytes(t.Context(), tt.name, []byte(tt.data), Meta{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range r.Fragments {
				if f.Kind == KindParagraph {
					got = append(got, f.Text)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

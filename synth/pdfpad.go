package synth

import (
	"strconv"
	"strings"
)

// padder appends generated appendices ("bijlagen") to a document so a PDF
// reaches PDFOptions.MinPages. Every appendix is written from the same
// sentence pools as the documents themselves, with the organisation's
// themes, places and partners, so padded text reads like the rest.
type padder struct {
	g     *gen
	r     *rnd
	o     *orgProfile
	n     int   // appendices written
	order []int // order of padTitles
}

func newPadder(src *pdfSource) *padder {
	r := newRnd(src.seed, "pdfpad", src.org.ID, src.typ, strconv.Itoa(src.year))
	year := src.year
	if year == 0 {
		year = 2021
	}
	return &padder{g: newGen(r, src.org, year), r: r, o: src.org, order: r.perm(len(padTitles))}
}

var padTitles = []string{
	"Verslag van de toekomstgesprekken",
	"Thematische verdieping",
	"Praktijkvoorbeelden uit de werking",
	"Overzicht van acties per thema",
	"Uitgebreide omgevingsanalyse",
	"Evaluatie van de vorige beleidsperiode",
	"Partnerschappen en netwerken",
	"Bereik en cijfermateriaal",
	"Stemmen van deelnemers en vrijwilligers",
	"Werking in de gemeenten van ons werkgebied",
	"Methodieken en werkvormen",
	"Leerpunten en aandachtspunten",
}

var poolPadIntro = []string{
	"In deze bijlage [bundelen|brengen] we [aanvullend materiaal|achtergrondinformatie] [bij|over] [het beleidsplan|onze werking] van {org}.",
	"[Deze bijlage|Dit deel] [gaat dieper in op|verdiept] [een aantal thema’s|enkele thema’s] uit [de hoofdstukken hiervoor|het plan], [met|aan de hand van] [concrete voorbeelden|cijfers en voorbeelden] uit {regio}.",
	"[We baseren ons op|Deze tekst steunt op] [gesprekken met|bevragingen van] {num:30-400} deelnemers, vrijwilligers en partners [in|uit] {stad} en [omgeving|de rest van ons werkgebied].",
	"[De inhoud|Wat volgt] [werd besproken|kwam tot stand] [met|in overleg met] [het team|de raad van bestuur|een klankbordgroep van vrijwilligers] in {yr:2019-2023}.",
}

var padSubheads = []string{
	"Vaststellingen", "Wat we leerden", "Aanpak", "Voorbeelden uit de praktijk", "Resultaten", "Vooruitblik",
	"Knelpunten", "Samenwerking", "Rol van vrijwilligers", "Aandachtspunten voor de toekomst",
}

// add appends appendices until at least words words were added.
func (p *padder) add(d *document, words int) {
	added := 0
	for added < words {
		start := len(d.blocks)
		p.appendix(d)
		for _, b := range d.blocks[start:] {
			switch b.kind {
			case kHeading, kPara:
				added += wordCount(b.text)
			case kList:
				for _, it := range b.items {
					added += wordCount(it)
				}
			case kTable:
				added += 3 * len(b.rows)
			}
		}
	}
}

func (p *padder) appendix(d *document) {
	g, r, o := p.g, p.r, p.o
	g.used = map[string]bool{}
	p.n++
	title := padTitles[p.order[(p.n-1)%len(p.order)]]
	weights := contentWeights(o.weights)
	secs := r.sampleWeighted(weights, r.between(4, 7))
	if title == "Thematische verdieping" && len(secs) > 0 {
		title += ": " + strings.ToLower(themes[secs[0]].label)
	}
	if p.n > len(padTitles) {
		title += " (" + numWordOrd(1+(p.n-1)/len(padTitles)) + " deel)"
	}
	d.pageBreak()
	d.h(1, "Bijlage "+strconv.Itoa(p.n)+": "+title)
	d.p(para(g.picks(poolPadIntro, "padi", r.between(2, 3))...))
	for _, ti := range secs {
		g.bindTheme(ti)
		head := themes[ti].label
		switch r.intn(4) {
		case 0:
			head += " in " + r.pick(o.cities)
		case 1:
			head = g.sentence("[Inzet op|Focus op|Aandacht voor] {thema}")
		}
		d.h(2, head)
		np := r.between(2, 5)
		for k := 0; k < np; k++ {
			if k > 0 && r.chance(0.3) {
				d.h(3, r.pick(padSubheads))
			}
			var s []string
			for _, field := range []string{"trend", "text", "res"} {
				var pool []string
				switch field {
				case "trend":
					pool = themes[ti].trend
				case "text":
					pool = themes[ti].text
				default:
					pool = themes[ti].res
				}
				if len(pool) > 0 && r.chance(0.45) {
					s = append(s, g.sentence(r.pick(pool)))
				}
			}
			switch r.intn(4) {
			case 0:
				s = append(s, g.picks(poolImplication, "pimp", r.between(1, 3))...)
			case 1:
				s = append(s, g.picks(poolODBody, "podb", r.between(2, 3))...)
			case 2:
				s = append(s, g.picks(poolRealised, "preal", r.between(1, 3))...)
				s = append(s, g.picks(poolObstacle, "pobs", 1)...)
			default:
				s = append(s, g.picks(poolSDIntro, "psdi", r.between(1, 2))...)
				s = append(s, g.picks(poolAdjust, "padj", 1)...)
			}
			if len(s) > 2 {
				r.r.Shuffle(len(s)-1, func(a, b int) { s[a+1], s[b+1] = s[b+1], s[a+1] })
			}
			d.p(para(s...))
		}
		if r.chance(0.2) {
			d.p(g.pick(poolQuote, "pq"))
		}
		if acts := themes[ti].acts; len(acts) > 0 && r.chance(0.45) {
			d.p(g.pick(poolActIntro, "pai"))
			items := r.sample(acts, r.between(2, 4))
			for x := range items {
				items[x] = g.expand(items[x])
			}
			if r.chance(0.4) {
				items = append(items, g.expand(r.pick(poolGenericActs)))
			}
			d.list(items)
		}
		if r.chance(0.15) {
			p.figures(d)
		}
	}
}

// figures appends a small reach table per municipality.
func (p *padder) figures(d *document) {
	r, o := p.r, p.o
	d.p(p.g.sentence("[Onderstaande tabel|De tabel hieronder] [geeft|toont] [het bereik|het aantal activiteiten en deelnames] per gemeente [in {jaar}|voor {jaar}]."))
	rows := [][]string{{"Gemeente", "Activiteiten", "Deelnames", "Nieuwe deelnemers"}}
	for _, c := range r.sample(o.cities, r.between(3, 5)) {
		a := r.between(6, 80)
		rows = append(rows, []string{c, fmtInt(a), fmtInt(a * r.between(8, 25)), strconv.Itoa(r.between(15, 60)) + "%"})
	}
	d.table(rows)
}

func numWordOrd(n int) string {
	switch n {
	case 2:
		return "tweede"
	case 3:
		return "derde"
	case 4:
		return "vierde"
	case 5:
		return "vijfde"
	}
	return strconv.Itoa(n) + "e"
}

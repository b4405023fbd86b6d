package synth

import (
	"math"
	"sort"
	"strings"
)

var poolYearCtx = map[int][]string{
	2021: {
		"{jaar} was [opnieuw|nog steeds] een jaar in het teken van corona: [lange periodes|een groot deel van het jaar] konden we [slechts beperkt|niet] fysiek samenkomen.",
		"[We schakelden|Noodgedwongen schakelden we] [opnieuw|meermaals] over op online en [hybride|blended] activiteiten.",
		"[Pas in het najaar|Vanaf de zomer] [kwam|kwam er] [stilaan|voorzichtig] [weer ruimte voor ontmoeting|opnieuw beweging in ons aanbod].",
	},
	2022: {
		"Na twee coronajaren konden we [opnieuw|eindelijk weer] [volop|zonder beperkingen] [fysiek samenkomen|activiteiten organiseren].",
		"[Het jaar|{jaar}] werd [echter|tegelijk] getekend door de oorlog in Oekraïne en [de energiecrisis|de sterk gestegen energieprijzen].",
		"[De hoge inflatie zette|De indexsprongen zetten] [ons budget|de financiële ruimte] [onder druk|zwaar onder druk], terwijl [de vragen van deelnemers|de noden bij {doelgroep}] [toenamen|groeiden].",
		"[Deelnemers|Mensen] [vonden|vonden maar] [langzaam|geleidelijk] [de weg terug|hun weg terug] naar [onze activiteiten|ons aanbod]; [sommigen bleven weg|een deel van ons vroegere publiek kwam niet meer terug].",
	},
	2023: {
		"{jaar} was [het jaar van de|een jaar van] [heropbouw|consolidatie]: [het bereik|de deelname] [zat|lag] [opnieuw|weer] [op of boven het niveau van vóór corona|op het niveau van 2019].",
		"[Tegelijk|Wel] [voelden we|merkten we] de [krapte|spanning] op [de arbeidsmarkt|het vlak van vrijwilligers]: [vacatures bleven lang openstaan|openstaande vrijwilligersplaatsen raakten moeilijk ingevuld].",
		"[De loonindexeringen|De opeenvolgende indexeringen] van {vjaar} [wogen|drukten] [zwaar|stevig] op [de begroting|onze financiële ruimte].",
		"Halfweg de beleidsperiode maakten we een [tussentijdse evaluatie|tussentijdse balans] van onze strategische doelstellingen.",
	},
}

var statuses = []string{"gerealiseerd", "op schema", "op schema", "op schema", "gedeeltelijk gerealiseerd", "vertraagd", "bijgestuurd"}

// figures holds the key numbers of one year.
type figures struct {
	acts, parts, unique, sat, vols int
}

func yearFigures(o *orgProfile, r *rnd, year int) figures {
	f := map[int]float64{2020: 0.55, 2021: 0.65, 2022: 0.9, 2023: 1.0}[year]
	if f == 0 {
		f = 1
	}
	acts := o.fte * float64(12+o.idx%7) * f * (0.92 + r.float()*0.16)
	parts := acts * float64(14+o.idx%9) * (0.9 + r.float()*0.2)
	return figures{
		acts:   int(math.Round(acts)),
		parts:  int(math.Round(parts)),
		unique: int(math.Round(parts * (0.35 + r.float()*0.2))),
		sat:    80 + r.intn(16),
		vols:   int(math.Round(float64(o.volunteers) * (0.85 + f*0.15 + r.float()*0.04))),
	}
}

// buildProgress writes the progress report of o for year.
func buildProgress(seed int64, o *orgProfile, year int) *document {
	r := newRnd(seed, "doc", o.ID, "progress", itoa(year))
	g := newGen(r, o, year)
	d := &document{}
	switch r.intn(3) {
	case 0:
		d.title = "Voortgangsrapport " + itoa(year) + " – " + o.Name
	case 1:
		d.title = o.Name + ": voortgangsrapportage " + itoa(year)
	default:
		d.title = "Tussentijds voortgangsrapport " + itoa(year) + " " + o.Name
	}
	d.h(1, d.title)
	d.p(g.sentence("Rapportage over het werkjaar {jaar} [in het kader van|binnen] de beleidsperiode 2021–2025 – {org} vzw"))
	ch := &chapters{d: d, o: o}

	ch.add(r.pick([]string{"Inleiding", "Terugblik op " + itoa(year), "Context"}))
	ctx := poolYearCtx[year]
	d.p(para(append(g.picks(ctx, "ctx", r.between(2, 3)),
		g.sentence("In dit rapport [blikken we terug op|rapporteren we over] {jaar} en [geven we per strategische doelstelling weer wat {org} realiseerde|beschrijven we per strategische doelstelling de stand van zaken], [met|inclusief] [knelpunten en bijsturingen|de belangrijkste cijfers]."))...))

	// Key figures.
	d.h(2, r.pick([]string{itoa(year) + " in cijfers", "Kerncijfers", "Bereik en tevredenheid"}))
	prev, cur := yearFigures(o, newRnd(seed, "fig", o.ID, itoa(year-1)), year-1), yearFigures(o, newRnd(seed, "fig", o.ID, itoa(year)), year)
	d.table([][]string{
		{"Indicator", itoa(year - 1), itoa(year)},
		{"Activiteiten", fmtInt(prev.acts), fmtInt(cur.acts)},
		{"Deelnames", fmtInt(prev.parts), fmtInt(cur.parts)},
		{"Unieke deelnemers", fmtInt(prev.unique), fmtInt(cur.unique)},
		{"Tevredenheid", itoa(prev.sat) + "%", itoa(cur.sat) + "%"},
		{"Actieve vrijwilligers", fmtInt(prev.vols), fmtInt(cur.vols)},
	})
	trend := "steeg"
	if cur.parts < prev.parts {
		trend = "daalde"
	}
	d.p(g.sentence("Het aantal deelnames " + trend + " [van|ten opzichte van {vjaar}: van] " + fmtInt(prev.parts) + " naar " + fmtInt(cur.parts) + "[; de tevredenheid bleef hoog|, bij een gemiddelde tevredenheid van " + itoa(cur.sat) + "%]."))

	// Goals.
	ch.add(r.pick([]string{"Stand van zaken per strategische doelstelling", "Realisaties per doelstelling", "Voortgang strategische en operationele doelstellingen"}))
	yw := yearWeights(o, year)
	seq := 0
	for i, gl := range o.goals {
		g.bindTheme(gl.theme)
		d.h(2, o.sdHeading(i+1, gl.title))
		w := yw[gl.theme]
		s := []string{g.themeSentence(gl.theme, "res"), g.pick(poolRealised[:6], "real")}
		if s[0] == "" {
			s[0] = g.pick(poolRealised[:6], "real")
		}
		s = append(s, g.pick(poolRealised, "real"))
		if x := g.themeSentence(gl.theme, "res"); x != "" && w > 1.5 {
			s = append(s, x)
		}
		d.p(para(s...))
		if w > 2 {
			d.p(para(g.themeSentence(gl.theme, "text"), g.pick(poolRealised, "real"), g.pick(poolRealised, "real")))
		}
		var st []string
		for j, od := range gl.ods {
			seq++
			st = append(st, o.odHeading(i+1, j+1, seq, od.title)+": "+r.pick(statuses))
		}
		if r.chance(0.7) {
			d.list(st)
		}
		if k := r.intn(len(gl.ods)); w > 1 || r.chance(0.5) {
			od := gl.ods[k]
			g.bindTheme(od.theme)
			d.p(para(g.sentence("[Binnen|Voor] de operationele doelstelling ‘"+lowerFirst(od.title)+"’ [lag de nadruk op|werkten we vooral aan] ["+strings.Join(themes[od.theme].acts, "|")+"]."),
				g.themeSentence(od.theme, "text"), g.pick(poolRealised, "real")))
			g.bindTheme(gl.theme)
		}
		if r.chance(0.25) {
			d.p(g.pick(poolQuote, "quote"))
		}
		if r.chance(0.75) {
			if r.chance(0.5) {
				d.h(3, r.pick([]string{"Knelpunten", "Moeilijkheden", "Uitdagingen"}))
			}
			d.p(para(g.picks(poolObstacle, "obst", r.between(1, 2))...))
		}
		if r.chance(0.65) {
			if r.chance(0.5) {
				d.h(3, r.pick([]string{"Bijsturing", "Bijsturingen", "Aanpassingen"}))
			}
			d.p(para(g.picks(poolAdjust, "adj", r.between(1, 2))...))
		}
	}

	// Year-specific attention for themes outside the goals.
	if ti := topExtraTheme(o, yw); ti >= 0 {
		g.bindTheme(ti)
		d.h(2, g.sentence("[Extra aandacht|Bijzondere aandacht] [in {jaar}|dit jaar]: "+strings.ToLower(themes[ti].label)))
		d.p(para(g.sentence("Hoewel {thema} geen [aparte|eigen] strategische doelstelling [is|vormt], [kreeg het|vroeg het] in {jaar} [veel|extra] aandacht."),
			g.themeSentence(ti, "res"), g.themeSentence(ti, "text")))
	}

	ch.add(r.pick([]string{"Zakelijk deel", "Financiën en organisatie", "Organisatie"}))
	d.h(2, r.pick([]string{"Financieel overzicht", "Financiën", "Financiële samenvatting"}))
	rows := financeRows(g, false)
	d.table(rows)
	sign := "een positief resultaat van " + fmtEuro(g.result)
	if g.result < 0 {
		sign = "een negatief resultaat van " + fmtEuro(-g.result)
	}
	costSent := "[De personeelskosten|Onze loonkosten] lagen [lager dan begroot|onder de begroting], [o.a.|onder meer] door [een vacature die pas later werd ingevuld|tijdelijke uitval van medewerkers]."
	if g.costOver {
		costSent = "[De personeelskosten|Onze loonkosten] lagen [hoger dan begroot|boven de begroting] door de [indexering|indexsprongen] van de lonen."
	}
	d.p(para(g.sentence("We sloten {jaar} af met "+sign+"."), g.sentence(costSent), g.pick(poolFinReport, "finr")))
	d.h(2, r.pick([]string{"Personeel en vrijwilligers", "Team en vrijwilligers", "Medewerkers en vrijwilligers"}))
	g.extra["vrijwilligers"] = fmtInt(cur.vols)
	d.p(para(append([]string{g.sentence("Eind {jaar} telde het team {medewerkers} medewerkers ({vte} VTE); {vrijwilligers} vrijwilligers waren [actief|minstens één keer actief].")}, g.picks(poolStaffReport, "sr", r.between(2, 3))...)...))
	ch.add(r.pick([]string{"Vooruitblik", "Vooruitblik naar " + itoa(year+1), "Tot slot"}))
	d.p(para(g.picks(poolOutlook, "out", r.between(2, 3))...))
	return d
}

// topExtraTheme returns the content theme with the highest year weight
// that is not already a strategic goal, or -1.
func topExtraTheme(o *orgProfile, yw []float64) int {
	in := map[int]bool{}
	for _, gl := range o.goals {
		in[gl.theme] = true
	}
	best, bw := -1, 1.3
	for i, t := range themes {
		if t.business || in[i] || len(t.res) == 0 {
			continue
		}
		if yw[i] > bw {
			best, bw = i, yw[i]
		}
	}
	return best
}

var (
	poolFinReport = []string{
		"[De energiefactuur verdubbelde|De energiekosten stegen fors] [ten opzichte van|in vergelijking met] {vjaar}.",
		"[Dankzij|Door] [extra projectmiddelen|een eenmalige subsidie] konden we [het tekort|het verlies] beperken.",
		"[Deelnemersbijdragen|De inkomsten uit deelnemersbijdragen] [herstelden|stegen] [opnieuw|weer] [tot het niveau van vóór corona|na de coronadip].",
		"[Het resultaat|Het saldo] [wordt toegevoegd aan|gaat naar] [de reserves|het bestemd fonds voor vernieuwing].",
		"De raad van bestuur volgt de [liquiditeit|kaspositie] [maandelijks|elk kwartaal] op.",
	}
	poolStaffReport = []string{
		"[In {jaar}|Dit jaar] [verwelkomden we {num:2-4} nieuwe collega’s|kwamen er {num:2-4} nieuwe medewerkers bij].",
		"[Eén collega|Een collega] [ging met pensioen|verliet de organisatie], wat [een impact had op|woog op] [de werking|de planning].",
		"Het [ziekteverzuim|langdurig ziekteverzuim] [bleef|was] [beperkt|een aandachtspunt].",
		"[Ook dit jaar|Opnieuw] [investeerden we in|zetten we in op] [teamvorming|vorming van medewerkers], [o.a.|onder meer] rond [{thema}|conflicthantering|inclusief werken].",
		"[Het aantal vrijwilligers|De vrijwilligersploeg] [bleef|is] [stabiel|ongeveer gelijk], [maar|al] [het verloop|de doorstroming] [was|is] [groter|hoger] dan [vroeger|voorheen].",
		"[We organiseerden|Er was] [een vrijwilligersfeest|een vormingsdag voor vrijwilligers] met {num:40-250} [aanwezigen|deelnemers].",
	}
	poolOutlook = []string{
		"In {njaar} [zetten we verder in op|willen we volop inzetten op] [wat werkt|de sterke punten van dit jaar].",
		"We bereiden [de zelfevaluatie|de tussentijdse evaluatie] voor samen met [bestuur en vrijwilligers|alle betrokkenen].",
		"[Prioriteit|Een prioriteit] [voor|in] {njaar} [is|wordt] [het versterken van|meer aandacht voor] {thema}.",
		"We willen [een betrouwbare partner|een open huis] blijven voor {doelgroep} en [onze partners|{partner}].",
		"[De financiële situatie|Het budget] [blijft|wordt] [krap|een uitdaging]; daarom [zoeken we|onderzoeken we] [nieuwe|bijkomende] [inkomsten|financieringsbronnen].",
	}
	poolAnnualIntro = []string{
		"[Beste lezer|Beste vrienden van {org}],",
		"[Met trots presenteren we u ons jaarverslag {jaar}|Met plezier stellen we jullie dit jaarverslag voor].",
		"[Wat een jaar!|{jaar} was een bewogen jaar.] [Achter elk cijfer|Achter elke activiteit] [in dit verslag|] [schuilt|zit] een [verhaal|mens] – van deelnemers, vrijwilligers en medewerkers.",
		"[We zijn dankbaar voor|We koesteren] de [inzet|betrokkenheid] van [iedereen die|al wie] [mee bouwde aan|bijdroeg aan] {werking}.",
	}
)

// buildAnnual writes a narrative annual report (jaarverslag) for year.
func buildAnnual(seed int64, o *orgProfile, year int) *document {
	r := newRnd(seed, "doc", o.ID, "annual", itoa(year))
	g := newGen(r, o, year)
	d := &document{}
	switch r.intn(3) {
	case 0:
		d.title = "Jaarverslag " + itoa(year)
	case 1:
		d.title = o.Name + " – jaarverslag " + itoa(year)
	default:
		d.title = g.sentence("Jaarverslag " + itoa(year) + ": een jaar vol [ontmoeting|verandering|veerkracht|verbinding]")
	}
	d.h(1, d.title)
	ch := &chapters{d: d, o: o}
	ch.add(r.pick([]string{"Woord vooraf", "Voorwoord"}))
	d.p(g.pick(poolAnnualIntro[:1], "ai0"))
	d.p(para(append(g.picks(poolAnnualIntro[1:], "ai", 3), g.picks(poolYearCtx[year], "ctx", 1)...)...))
	d.p(r.pick([]string{o.chair + ", voorzitter", o.director + ", directeur", o.chair + " en " + o.director}))

	f := yearFigures(o, newRnd(seed, "fig", o.ID, itoa(year)), year)
	ch.add(itoa(year) + " in cijfers")
	d.list([]string{
		fmtInt(f.acts) + " activiteiten",
		fmtInt(f.parts) + " deelnames door " + fmtInt(f.unique) + " unieke deelnemers",
		itoa(f.sat) + "% tevreden of zeer tevreden deelnemers",
		fmtInt(f.vols) + " vrijwilligers",
		g.sentence("{num:25-140} partners in {regio}"),
	})

	ch.add(r.pick([]string{"Hoogtepunten", "Uit onze werking", "Wat we deden"}))
	yw := contentWeights(yearWeights(o, year))
	idx := r.sampleWeighted(yw, r.between(3, 4))
	sort.Ints(idx)
	for _, ti := range idx {
		g.bindTheme(ti)
		if r.chance(0.5) {
			d.h(2, themes[ti].label)
		} else {
			d.h(2, g.expand("{project}"))
		}
		d.p(para(g.themeSentence(ti, "res"), g.themeSentence(ti, "text"), g.pick(poolRealised, "real"), g.pick(poolRealised, "real")))
		d.p(para(g.themeSentence(ti, "res"), g.pick(poolODBody, "odb"), g.pick(poolObstacle, "obst"), g.pick(poolAdjust, "adj")))
		if r.chance(0.35) {
			d.p(g.pick(poolQuote, "quote"))
		}
	}
	ch.add(r.pick([]string{"Achter de schermen", "Organisatie"}))
	d.p(para(g.sentence("Het team [telde|bestond uit] {medewerkers} medewerkers ({vte} VTE)."), g.pick(poolStaffReport, "sr"), g.pick(poolGov, "gov"), g.pick(poolStaffReport, "sr")))
	d.h(2, "Financiën in het kort")
	rows := financeRows(g, false)
	d.table([][]string{rows[0], rows[nRevenue+1], rows[len(rows)-2], rows[len(rows)-1]})
	d.p(para(g.picks(poolFinReport, "finr", 2)...))
	ch.add(r.pick([]string{"Dankwoord", "Bedankt!"}))
	d.p(g.sentence("[Dit alles was niet mogelijk geweest zonder|Niets hiervan was gelukt zonder] [onze vrijwilligers, deelnemers en partners|de steun van {partners}]. [Bedankt|Dank je wel] [voor een mooi {jaar}|om er te zijn]!"))
	return d
}

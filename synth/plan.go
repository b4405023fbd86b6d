package synth

import (
	"math"
	"strings"
)

// bindTheme makes {thema} expand to one of the theme's noun phrases.
func (g *gen) bindTheme(ti int) {
	g.extra["thema"] = "[" + strings.Join(themes[ti].np, "|") + "]"
}

// para joins sentences into one paragraph, skipping empty ones.
func para(sents ...string) string {
	var out []string
	for _, s := range sents {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// picks draws n distinct sentences from pool (see gen.pick).
func (g *gen) picks(pool []string, key string, n int) []string {
	out := make([]string, 0, n)
	avoid := map[int]bool{}
	for i := 0; i < n && len(pool) > 0; i++ {
		j := g.pickIdx(pool, key, avoid)
		avoid[j] = true
		out = append(out, g.sentence(pool[j]))
	}
	return out
}

// themeSentence draws an unused theme-specific sentence, or "" when the
// theme's pool is exhausted in this document.
func (g *gen) themeSentence(ti int, field string) string {
	var pool []string
	switch field {
	case "text":
		pool = themes[ti].text
	case "res":
		pool = themes[ti].res
	case "trend":
		pool = themes[ti].trend
	}
	key := themes[ti].key + ":" + field
	if g.exhausted(pool, key) {
		return ""
	}
	return g.pick(pool, key)
}

func joinNL(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " en " + xs[len(xs)-1]
}

// nRevenue is the number of revenue rows in financeRows.
const nRevenue = 6

var numberWords = []string{"nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven"}

func numWord(n int) string {
	if n >= 0 && n < len(numberWords) {
		return numberWords[n]
	}
	return itoa(n)
}

// chapters numbers level-1 headings when the organisation does so.
type chapters struct {
	d *document
	n int
	o *orgProfile
}

func (c *chapters) add(title string) {
	c.n++
	c.d.pageBreak()
	if c.o.numbered {
		c.d.h(1, itoa(c.n)+". "+title)
	} else {
		c.d.h(1, title)
	}
}

var sectorIntro = map[string][]string{
	"vormingplus":     {"Als Vormingplus-centrum [werken we|zijn we actief] in een afgebakend werkgebied en [bieden we|organiseren we] een [breed|open] vormingsaanbod voor [alle volwassenen|iedereen vanaf 18 jaar] in {regio}.", "[Samen met de andere Vormingplus-centra|Met de elf andere Vormingplus-centra] [delen we|vormen we] een netwerk, maar onze werking is [sterk regionaal gekleurd|afgestemd op wat leeft in {regio}]."},
	"volkshogeschool": {"Als volkshogeschool [staan we in de traditie van|zijn we schatplichtig aan] [de Deense volkshogescholen|Grundtvig en het volksontwikkelingswerk]: leren is bij ons [een vorm van emancipatie|een weg naar mondig burgerschap].", "[Onze leerhuizen|Ons cursusaanbod] [trekt|bereikt] [jaarlijks|elk jaar] [duizenden|enkele duizenden] volwassenen die [iets willen bijleren|hun horizon willen verruimen]."},
	"beweging":        {"Als maatschappelijke beweging [brengen we mensen samen|verenigen we mensen] rond [een gedeelde droom|gedeelde waarden] en [komen we samen in actie|voeren we actie] voor [verandering|een rechtvaardiger samenleving].", "Onze kracht [zit in|ligt bij] [de lokale kernen|de mensen die zich lokaal engageren] en in [ons vermogen om te mobiliseren|onze stem in het publieke debat]."},
	"vereniging":      {"Als [landelijke|Vlaamse] vereniging met {afdelingen} lokale afdelingen [bereiken we|zijn we aanwezig bij] [tienduizenden|duizenden] leden in [heel Vlaanderen|Vlaanderen en Brussel].", "Het hart van onze vereniging [klopt|ligt] in de afdelingen, waar vrijwilligers [elke week|elke maand] [activiteiten organiseren|mensen samenbrengen]."},
	"federatie":       {"Als federatie [ondersteunen|verenigen] we {afdelingen} [lidverenigingen|aangesloten verenigingen], [vaak|meestal] zelforganisaties [opgericht|gedragen] door mensen met een migratieachtergrond.", "We [zijn|vormen] [een brug|een scharnier] tussen onze lidverenigingen en [de brede samenleving|het Vlaamse middenveld]."},
	"netwerk":         {"[Ons netwerk|Onze organisatie] [beheert|bezielt] [ontmoetingscentra|gemeenschapscentra] in [verschillende wijken|de wijken] van {stad} en omgeving.", "[Onze centra|Onze huizen] [zijn|willen zijn] [open huizen|huiskamers van de buurt] waar [buurtbewoners|inwoners] [elkaar ontmoeten|samen dingen ondernemen]."},
}

var (
	poolImplication = []string{
		"Voor {org} betekent dit dat we [nog meer|extra] moeten inzetten op {thema}.",
		"Ook in {regio} [zien|merken] we die evolutie [duidelijk|heel concreet], bv. in de vragen die we krijgen van {partner}.",
		"Die evolutie [raakt|treft] [vooral|in de eerste plaats] {doelgroep}.",
		"We zien hier [een kans|een opdracht] voor {werkveld}: [ruimte maken|plekken creëren] waar mensen [hier samen mee aan de slag gaan|elkaar hierover ontmoeten].",
		"[Lokale cijfers bevestigen|Cijfers voor {stad} bevestigen] [dat beeld|die trend]: [in sommige wijken|bij bepaalde groepen] gaat het om [bijna|tot] {pct:20-45} van de inwoners.",
		"[Dat heeft gevolgen voor|Dit heeft een directe impact op] {werking}: [we moeten|we willen] [onze werkvormen bijsturen|anders gaan werken] en [nieuwe partners zoeken|meer samenwerken].",
		"[Tegelijk|Anderzijds] [zien we|merken we] [veerkracht|creativiteit]: [burgers|inwoners] [nemen zelf initiatief|starten zelf projecten], [vaak|soms] [los van|buiten] [bestaande|klassieke] structuren.",
	}
	poolOmgIntro = []string{
		"[In dit hoofdstuk schetsen we [de belangrijkste|enkele] [maatschappelijke trends|evoluties]|In deze omgevingsanalyse brengen we [de belangrijkste|enkele] [maatschappelijke trends|evoluties] in kaart] die de werking van {org} [de komende jaren|tot 2025] [beïnvloeden|mee bepalen].",
		"We [baseren ons op|vertrekken van] [cijfers van Statistiek Vlaanderen|de Gemeente-Stadsmonitor|de omgevingsanalyse van het steunpunt sociaal-cultureel werk], [aangevuld met|en] [onze eigen ervaringen|gesprekken met {num:40-200} deelnemers en partners].",
		"[Sommige|Een aantal] trends zijn [niet nieuw|al langer bekend], maar ze werden door de coronacrisis [scherper zichtbaar|versterkt].",
	}
	swot = map[string][]string{
		"Sterktes":     {"een [gemotiveerd|sterk] en [ervaren|divers] team", "{vrijwilligers} betrokken vrijwilligers", "[goede|sterke] lokale verankering in {stad}", "expertise rond {thema}", "een [breed|stevig] netwerk van partners", "[grote|hoge] tevredenheid bij deelnemers"},
		"Zwaktes":      {"[beperkte|te weinig] personeelsinzet voor nieuwe projecten", "een [vergrijzend|eerder homogeen] publiek", "[weinig|beperkte] zichtbaarheid bij jongeren", "[verouderde|versnipperde] [ICT-systemen|registratie]", "[hoge|stijgende] afhankelijkheid van projectsubsidies"},
		"Kansen":       {"[nieuwe|groeiende] samenwerking met lokale besturen", "[meer aandacht voor|de maatschappelijke vraag naar] {thema}", "[digitale|hybride] werkvormen", "[jonge|nieuwe] burgerinitiatieven in {regio}"},
		"Bedreigingen": {"[besparingen|subsidiedruk] bij [de Vlaamse overheid|lokale besturen]", "[stijgende|hoge] [energiekosten|loonkosten]", "[afnemende|minder] bereidheid tot langdurig vrijwilligerswerk", "[polarisatie|wantrouwen] in de samenleving"},
	}
	swotOrder = []string{"Sterktes", "Zwaktes", "Kansen", "Bedreigingen"}
	swotLabel = []string{"Sterkte", "Zwakte", "Kans", "Bedreiging"}
	values    = []string{
		"Verbondenheid – [we geloven in de kracht van|we bouwen aan] [de groep|gemeenschap].",
		"Emancipatie – mensen [groeien|versterken zichzelf] [in zelfvertrouwen|in hun kunnen].",
		"Solidariteit – we [kiezen|staan] [bewust|uitdrukkelijk] [voor|naast] wie het moeilijker heeft.",
		"Openheid – [iedereen is welkom|we staan open voor nieuwe ideeën en mensen].",
		"Duurzaamheid – we [denken|handelen] [op lange termijn|met zorg voor de planeet].",
		"Kritische zin – we [stellen|durven] [vragen bij het vanzelfsprekende|kritische vragen stellen].",
		"Creativiteit – we [experimenteren|durven experimenteren] en [leren van fouten|zoeken nieuwe wegen].",
		"Participatie – [deelnemers|mensen] [denken en beslissen mee|zijn mede-eigenaar].",
	}
	poolMission = []string{
		"{org} [wil bijdragen aan|streeft naar] een [democratische, inclusieve en solidaire|warme en rechtvaardige|duurzame en verbonden] samenleving [waarin iedereen kansen krijgt|waar iedereen meetelt].",
		"We [doen dat door|realiseren dat door] mensen [samen te brengen|te verbinden], [te laten leren|kansen te geven om te leren] en [samen in actie te laten komen|hen te versterken in hun maatschappelijk engagement].",
		"We [richten ons tot|werken voor en met] [alle volwassenen in {regio}|alle volwassenen], met [bijzondere|extra] aandacht voor {doelgroep}.",
	}
	poolVision = []string{
		"We [geloven|zijn ervan overtuigd] dat {werkveld} [een unieke bijdrage levert aan|onmisbaar is voor] [een samenleving in verandering|de samenleving van morgen].",
		"[In het decreet|Volgens het decreet sociaal-cultureel volwassenenwerk] [neemt een organisatie drie maatschappelijke rollen op|vervult een organisatie drie maatschappelijke rollen]: de verbindende rol, de kritische rol en de laboratoriumrol.",
		"[Voor ons|Bij {org}] [staat|ligt] de [verbindende|kritische] rol [centraal|voorop], maar we [nemen ook graag de laboratoriumrol op|willen ook een proeftuin zijn].",
		"[Wij|We] [vertrekken|starten] [altijd|steeds] [van|bij] de [leefwereld|vragen en talenten] van [mensen|deelnemers], niet van [een vooraf bedacht aanbod|wat wij denken dat goed is voor hen].",
		"[Mensen zijn bij ons geen consumenten maar|Burgers worden bij ons niet als klanten benaderd, maar als] [medemakers|actieve deelnemers] van [onze werking|het aanbod].",
		"Onze [werking|praktijk] [combineert|verbindt] {functie} met [oog voor|aandacht voor] [de maatschappelijke context|wat er in de samenleving gebeurt].",
	}
	poolVoorwoord = []string{
		"[Voor u ligt|Hierbij presenteren we] het beleidsplan 2021–2025 van {org}.",
		"{org} werd opgericht in {founded} en [groeide sindsdien uit tot|is vandaag] een [vaste waarde|herkenbare speler] in {regio}.",
		"[Momenteel|Op dit moment] [werken we|zijn we actief] in {regio} met {medewerkers} medewerkers ({vte} VTE) en [ruim|bijna] {vrijwilligers} vrijwilligers.",
		"Dit plan [kwam tot stand na|is het resultaat van] [een participatief traject|een intens traject] van [bijna een jaar|meer dan twaalf maanden]: we [bevroegen|spraken met] {num:80-600} deelnemers, [hielden|organiseerden] {num:3-9} [focusgroepen|toekomstgesprekken] en [overlegden met|luisterden naar] partners zoals {partners}.",
		"[Het plan|Dit beleidsplan] [is geen eindpunt|is geen keurslijf] maar [een kompas|een richtinggevend kader] voor de komende vijf jaar.",
		"We [danken|bedanken] [alle|iedereen:] medewerkers, vrijwilligers, bestuursleden en partners die [hun ideeën en kritische vragen deelden|mee nadachten over de toekomst van onze organisatie].",
	}
)

// buildPlan writes the 2021–2025 policy plan of o.
func buildPlan(seed int64, o *orgProfile) *document {
	r := newRnd(seed, "doc", o.ID, "plan", "2021")
	g := newGen(r, o, 2021)
	g.extra["founded"] = itoa(o.founded)
	d := &document{}
	switch r.intn(4) {
	case 0:
		d.title = "Beleidsplan 2021-2025 " + o.Name
	case 1:
		d.title = o.Name + " – Beleidsplan 2021–2025"
	case 2:
		d.title = g.sentence("Beleidsplan 2021-2025: [samen bouwen aan|verder werken aan|ruimte voor] [verbinding|een warme samenleving|morgen|ontmoeting en verandering]")
	default:
		d.title = "Subsidieaanvraag 2021-2025 – beleidsplan " + o.Name
	}
	d.h(1, d.title)
	d.p(g.sentence("{org} vzw – [beleidsplan|subsidiedossier] in het kader van het decreet sociaal-cultureel volwassenenwerk, [ingediend bij|ter attentie van] het Departement Cultuur, Jeugd en Media"))
	ch := &chapters{d: d, o: o}

	// Voorwoord.
	ch.add(r.pick([]string{"Voorwoord", "Inleiding", "Woord vooraf"}))
	fn := make([]string, len(o.functionNP))
	copy(fn, o.functionNP)
	d.p(para(g.pick(poolVoorwoord[:1], "vw0"), g.pick(poolVoorwoord[1:2], "vw1"), g.pick(poolVoorwoord[2:3], "vw2"),
		g.pick(sectorIntro[o.sector.key], "sector"),
		g.sentence("[In dit plan kiezen we voor|Deze beleidsperiode zetten we in op] "+joinNL(fn)+".")))
	d.p(para(g.pick(poolVoorwoord[3:4], "vw3"), g.pick(poolVoorwoord[4:5], "vw4"), g.pick(sectorIntro[o.sector.key], "sector")))
	if r.chance(0.6) {
		d.p(g.pick(poolVoorwoord[5:], "vw5"))
		if r.chance(0.5) {
			d.p(o.director + ", " + r.pick([]string{"directeur", "coördinator", "algemeen coördinator"}) + " – " + o.chair + ", voorzitter raad van bestuur")
		} else {
			d.p("Namens het team en de raad van bestuur, " + o.director)
		}
	}

	// Omgevingsanalyse.
	ch.add(r.pick([]string{"Omgevingsanalyse", "Omgevingsanalyse en context", "Maatschappelijke context"}))
	d.p(para(g.pick(poolOmgIntro[:1], "omg0"), g.pick(poolOmgIntro[1:], "omg")))
	tw := append([]float64(nil), o.weights...)
	for i, t := range themes {
		if len(t.trend) == 0 {
			tw[i] = 0
		}
	}
	subheads := r.chance(0.6)
	for _, ti := range r.sampleWeighted(tw, r.between(4, 6)) {
		g.bindTheme(ti)
		if subheads {
			d.h(2, themes[ti].label)
		}
		s := []string{g.themeSentence(ti, "trend")}
		if r.chance(0.5) {
			s = append(s, g.themeSentence(ti, "trend"))
		}
		s = append(s, g.picks(poolImplication, "impl", r.between(1, 3))...)
		d.p(para(s...))
	}
	if r.chance(0.55) {
		d.h(2, r.pick([]string{"SWOT-analyse", "Sterktes, zwaktes, kansen en bedreigingen", "SWOT"}))
		top := r.sampleWeighted(contentWeights(o.weights), 1)
		g.bindTheme(top[0])
		var items []string
		for i, k := range swotOrder {
			for _, it := range r.sample(swot[k], r.between(2, 3)) {
				items = append(items, swotLabel[i]+": "+g.expand(it))
			}
		}
		d.list(items)
	}

	// Missie en visie.
	ch.add(r.pick([]string{"Missie en visie", "Onze missie en visie", "Wie zijn we? Missie en visie"}))
	if r.chance(0.5) {
		d.h(2, "Missie")
	}
	d.p(para(g.pick(poolMission[:1], "mis0"), g.pick(poolMission[1:2], "mis1"), g.pick(poolMission[2:], "mis2")))
	if r.chance(0.5) {
		d.h(2, "Visie")
	}
	d.p(para(g.picks(poolVision, "vis", r.between(2, 3))...))
	d.p(para(g.picks(poolVision, "vis", 2)...))
	if r.chance(0.6) {
		d.p(g.sentence(r.pick([]string{"Onze [kernwaarden|waarden] [zijn|]:", "Deze waarden [sturen|inspireren] ons handelen:", "Wat ons drijft:"})))
		vs := r.sample(values, r.between(4, 5))
		for i := range vs {
			vs[i] = g.expand(vs[i])
		}
		d.list(vs)
	}

	// Goals.
	ch.add(r.pick([]string{"Strategische en operationele doelstellingen", "Inhoudelijk deel: onze doelstellingen", "Beleidsplan: strategische doelstellingen", "Onze doelstellingen 2021–2025"}))
	d.p(g.sentence("In dit hoofdstuk [beschrijven|presenteren] we de " + numWord(len(o.goals)) + " strategische doelstellingen van {org} en de operationele doelstellingen die eraan gekoppeld zijn. [Elke|Iedere] strategische doelstelling [vertrekt vanuit|sluit aan bij] [de omgevingsanalyse|onze missie] en wordt [vertaald in|concreet gemaakt via] operationele doelstellingen met [concrete acties|acties en indicatoren]."))
	seq := 0
	for i, gl := range o.goals {
		g.bindTheme(gl.theme)
		g.extra["nods"] = numWord(len(gl.ods))
		d.h(2, o.sdHeading(i+1, gl.title))
		w := o.weights[gl.theme]
		s := g.picks(poolSDIntro, "sdi", r.between(3, 4))
		if ts := g.themeSentence(gl.theme, "text"); ts != "" && r.chance(0.6) {
			s = append(s, ts)
		}
		d.p(para(s...))
		if w > 2 && r.chance(0.6) {
			d.p(para(g.picks(poolSDIntro, "sdi", 2)...))
		}
		for j, od := range gl.ods {
			seq++
			g.bindTheme(od.theme)
			d.h(3, o.odHeading(i+1, j+1, seq, od.title))
			np := 1 + r.intn(2)
			if w > 2.5 {
				np++
			}
			for k := 0; k < np; k++ {
				var s []string
				if ts := g.themeSentence(od.theme, "text"); ts != "" {
					s = append(s, ts)
				}
				s = append(s, g.picks(poolODBody, "odb", r.between(2, 3))...)
				if k == 0 && r.chance(0.6) {
					s = append(s, g.pick(poolCompounds, "cmp"))
				}
				if k > 0 {
					r.r.Shuffle(len(s), func(a, b int) { s[a], s[b] = s[b], s[a] })
				}
				d.p(para(s...))
			}
			if r.chance(0.65) {
				d.p(g.pick(poolActIntro, "acti"))
				items := r.sample(themes[od.theme].acts, r.between(2, 4))
				if r.chance(0.5) {
					items = append(items, r.pick(poolGenericActs))
				}
				for x := range items {
					items[x] = g.expand(items[x])
				}
				d.list(items)
			}
		}
	}

	// Zakelijk deel.
	ch.add(r.pick([]string{"Zakelijk deel", "Zakelijk plan", "Organisatie en middelen"}))
	writeFinance(g, d, true)
	writeStaff(g, d)
	writeVolunteers(g, d)
	writeGovernance(g, d)
	writeQuality(g, d)
	writeCommunication(g, d)
	writePartners(g, d)
	return d
}

func (o *orgProfile) w(key string) float64 {
	if i := themeIndex(key); i >= 0 {
		return o.weights[i]
	}
	return 1
}

var (
	poolFin = []string{
		"Het [grootste deel|merendeel] van onze inkomsten komt van de [werkingssubsidie|structurele subsidie] van de Vlaamse overheid ({subpct} van de [begroting|inkomsten]).",
		"Daarnaast [kunnen we rekenen op|ontvangen we] [middelen van lokale besturen|subsidies van steden en gemeenten] en projectmiddelen, [o.a.|onder meer] [van|via] [Erasmus+|de Koning Boudewijnstichting|het Fonds Vrijetijdsparticipatie].",
		"[Onze eigen inkomsten|De eigen inkomsten] [bestaan uit|komen uit] [deelnemersbijdragen, zaalverhuur en giften|lidgelden, deelnemersbijdragen en sponsoring].",
		"Personeelskosten vormen met [ruim|bijna] {perspct} de grootste kostenpost.",
		"Door de [automatische loonindexering|indexering van de lonen] stijgen onze personeelskosten [sneller|harder] dan [de subsidie|onze inkomsten].",
		"We streven naar een [reserve|buffer] van minstens [drie|zes] maanden [werkingskosten|loonkosten].",
		"[De begroting|Ons meerjarenbudget] is [in evenwicht|sluitend], [maar de marge is klein|al is de ruimte voor nieuwe initiatieven beperkt].",
		"[Onze boekhouding|De boekhouding] wordt [opgevolgd|gecontroleerd] door een externe [boekhouder|accountant]; de jaarrekening wordt [goedgekeurd door de algemene vergadering|neergelegd bij de Nationale Bank].",
		"[Voor|Om] [nieuwe projecten|vernieuwing] [zoeken we|gaan we op zoek naar] [bijkomende|aanvullende] financiering, [bv.|zoals] [via crowdfunding|bij stichtingen|via Europese programma’s].",
	}
	poolStaff = []string{
		"We [investeren in|hechten veel belang aan] [het welzijn|de competenties] van [onze medewerkers|het team]: iedereen [heeft|krijgt] [een persoonlijk vormingsplan|jaarlijks een functioneringsgesprek].",
		"[Het team|Ons team] [werkt|is georganiseerd] in [kleine|zelfsturende] [cellen|werkgroepen] rond [onze strategische doelstellingen|thema’s en regio’s].",
		"[De werkdruk|Werkdruk] [blijft|is] een [aandachtspunt|punt van zorg]; [we|daarom] [bewaken|volgen] [die|dat] [nauwgezet|op] [via|in] [het overleg met de vakbondsafvaardiging|teamoverleg en een jaarlijkse bevraging].",
		"[Telewerk|Plaats- en tijdsonafhankelijk werken] [werd|is] [sinds de coronacrisis|na de lockdowns] [structureel ingebed|een vast onderdeel van onze werking], [met|binnen] [duidelijke afspraken|een telewerkbeleid].",
		"[Bij vacatures|Bij aanwervingen] [letten we|zetten we in] [bewust|extra] [op|op] [diversiteit|een divers team] en [werven we|zoeken we] [ook buiten de klassieke kanalen|via partners en zelforganisaties].",
		"[Naast|Bovenop] vaste medewerkers [werken we met|doen we een beroep op] {num:10-60} freelance [lesgevers|begeleiders].",
	}
	poolVol = []string{
		"Vrijwilligers [nemen|vervullen] [heel uiteenlopende|diverse] [rollen|taken] [op|]: van [onthaal en logistiek|het onthaal] tot [het begeleiden van groepen|bestuurswerk en het geven van vormingen].",
		"We [hebben|beschikken over] een [uitgeschreven|actueel] vrijwilligersbeleid met [aandacht voor|afspraken over] [onthaal, vorming, waardering en verzekering|verzekering, onkostenvergoeding en ondersteuning].",
		"[Elke|Iedere] vrijwilliger [heeft|krijgt] een [vast aanspreekpunt|vaste contactpersoon] binnen het team.",
		"[We|Ook wij] [merken|zien] dat [het moeilijker wordt|het steeds moeilijker wordt] om vrijwilligers [voor lange tijd|voor bestuursfuncties] te [engageren|vinden].",
		"[Jaarlijks|Elk jaar] [bedanken we|zetten we] onze vrijwilligers [in de bloemetjes|met een feest|met een vrijwilligersdag].",
		"Vrijwilligers [krijgen|ontvangen] een [onkostenvergoeding|forfaitaire vergoeding] en zijn [verzekerd|verzekerd voor burgerlijke aansprakelijkheid en lichamelijke ongevallen].",
	}
	poolGov = []string{
		"De raad van bestuur telt {num:7-13} leden en [wordt voorgezeten door|staat onder voorzitterschap van] {voorzitter}.",
		"De algemene vergadering [telt|bestaat uit] {num:15-60} leden en komt [minstens één keer|twee keer] per jaar samen.",
		"[Het dagelijks bestuur|De directie] [wordt gedelegeerd aan|ligt bij] {directeur}, die [verantwoording aflegt aan|rapporteert aan] de raad van bestuur.",
		"[Naar aanleiding van|Na de invoering van] het Wetboek van vennootschappen en verenigingen (WVV) [pasten we onze statuten aan|werden onze statuten herschreven] in {yr:2020-2021}.",
		"We [onderschrijven|volgen] de [principes|aanbevelingen] van de code goed bestuur [voor|in] het sociaal-cultureel werk.",
		"[In het bestuur|Binnen de raad van bestuur] [streven we naar|willen we] [meer diversiteit|een betere genderbalans en meer diversiteit] [in leeftijd en achtergrond|], [bv. via|onder meer door] [een open oproep|een gerichte zoektocht naar nieuwe bestuurders].",
		"[Bestuurders|Nieuwe bestuurders] [krijgen|volgen] een [onthaaltraject|vorming] [over|rond] hun rol en [aansprakelijkheid|verantwoordelijkheden].",
	}
	poolQual = []string{
		"Kwaliteitszorg [is|zit] [ingebed in|verweven met] onze [dagelijkse werking|planningscyclus] volgens de PDCA-cyclus: plannen, uitvoeren, evalueren en bijsturen.",
		"[Elke|Iedere] activiteit wordt [geëvalueerd|bevraagd] [met|via] een [korte|digitale] tevredenheidsbevraging.",
		"[Jaarlijks|Elk jaar] [organiseren we|houden we] een [zelfevaluatie|evaluatiedag] met [team en bestuur|medewerkers, vrijwilligers en bestuur].",
		"We [hebben|beschikken over] een [klachtenprocedure|duidelijke klachtenregeling] die [op onze website staat|bekend is bij deelnemers].",
		"[Onze|De] [registratie|monitoring] van [activiteiten en deelnemers|bereik en tevredenheid] [laat toe|maakt het mogelijk] om [trends te zien|tijdig bij te sturen].",
		"[Het|Ons] [kwaliteitshandboek|procedurehandboek] [wordt|is] [in {yr:2021-2022}|tijdens deze beleidsperiode] [geactualiseerd|herwerkt].",
		"[Naast cijfers|Naast kwantitatieve gegevens] [verzamelen we|gebruiken we] [ook verhalen|kwalitatieve gegevens], [bv.|zoals] [via|in] [reflectiegesprekken|de Most Significant Change-methode].",
	}
	poolComm = []string{
		"[Onze belangrijkste kanalen|De belangrijkste communicatiekanalen] zijn [de website, de nieuwsbrief en sociale media|de programmabrochure, de website en Facebook].",
		"We [schrijven|communiceren] [in duidelijke taal|helder en toegankelijk] en [gebruiken|werken met] [herkenbaar beeld|foto’s van echte deelnemers].",
		"[Persoonlijke|Mondelinge] [uitnodigingen|toeleiding] via [partners|sleutelfiguren] [blijven|blijft] [cruciaal|onmisbaar] om {doelgroep} te bereiken.",
		"[Intern|Binnen het team] [communiceren we|werken we] [via|met] [een intranet|Teams] en [een maandelijkse|een wekelijkse] [teamvergadering|teammeeting].",
		"In {yr:2021-2023} [lanceren|vernieuwen] we [onze website|onze huisstijl], [met|inclusief] [online inschrijven|een toegankelijk design].",
	}
	poolPartners = []string{
		"[Samenwerking|Samenwerken] is [geen doel op zich|voor ons geen doel op zich], maar een [middel|manier] om [meer mensen te bereiken|onze doelen beter te realiseren].",
		"We [werken samen met|hebben afspraken met] [een breed netwerk|tientallen partners], [van|gaande van] [lokale verenigingen|buurtwerk] tot [onderwijs en welzijn|stedelijke diensten].",
		"[Met|Voor] [onze belangrijkste partners|de structurele partners] [maken|leggen] we [schriftelijke afspraken|samenwerkingsovereenkomsten] [over|vast over] [doelen, rollen en middelen|wie wat doet].",
	}
)

// financeRows builds a revenue/cost table; plan=true gives a multi-year
// budget, otherwise budget versus realisation for g.year.
func financeRows(g *gen, plan bool) [][]string {
	o, r := g.o, g.r
	b := float64(o.budget)
	share := []float64{0.55 + r.float()*0.2, 0.03 + r.float()*0.07, 0.02 + r.float()*0.08, 0.05 + r.float()*0.1, 0.02 + r.float()*0.05, 0.005 + r.float()*0.02}
	sum := 0.0
	for _, s := range share {
		sum += s
	}
	inNames := [nRevenue]string{"Subsidie Vlaamse overheid", "Subsidies lokale besturen", "Projectsubsidies", "Deelnemersbijdragen", "Verhuur en eigen inkomsten", "Giften en sponsoring"}
	cost := []float64{0.7 + r.float()*0.1, 0.06 + r.float()*0.06, 0.05 + r.float()*0.06, 0.04 + r.float()*0.05, 0.01 + r.float()*0.02}
	csum := 0.0
	for _, c := range cost {
		csum += c
	}
	costNames := []string{"Personeelskosten", "Werkingskosten", "Activiteitenkosten", "Huisvesting en energie", "Afschrijvingen"}
	var cols []float64
	var header []string
	euroCell := r.chance(0.5)
	if plan {
		header = []string{"Post", "2021", "2023", "2025"}
		cols = []float64{1, 1.03 + r.float()*0.02, 1.06 + r.float()*0.04}
	} else {
		header = []string{"Post", "Begroot " + itoa(g.year), "Gerealiseerd " + itoa(g.year)}
		idx := 1 + float64(g.year-2021)*0.045
		cols = []float64{idx, idx * (0.96 + r.float()*0.07)}
	}
	if !euroCell {
		header[0] = "Post (in euro)"
	}
	cell := func(v float64) string {
		n := int(math.Round(v/100) * 100)
		if euroCell {
			return fmtEuro(n)
		}
		return fmtInt(n)
	}
	rows := [][]string{header}
	inTot := make([]float64, len(cols))
	for i, nm := range inNames {
		row := []string{nm}
		for c, f := range cols {
			v := b * share[i] / sum * f
			if i == 0 && !plan && c == 1 {
				v = b * share[i] / sum * cols[0] // subsidy is fixed
			}
			inTot[c] += math.Round(v/100) * 100
			row = append(row, cell(v))
		}
		rows = append(rows, row)
	}
	tr := []string{"Totaal inkomsten"}
	for _, v := range inTot {
		tr = append(tr, cell(v))
	}
	rows = append(rows, tr)
	costTot := make([]float64, len(cols))
	staff := make([]float64, len(cols))
	for i, nm := range costNames {
		row := []string{nm}
		for c := range cols {
			v := inTot[c] * cost[i] / csum * (0.98 + r.float()*0.045)
			costTot[c] += math.Round(v/100) * 100
			if i == 0 {
				staff[c] = v
			}
			row = append(row, cell(v))
		}
		rows = append(rows, row)
	}
	tc := []string{"Totaal kosten"}
	res := []string{"Resultaat"}
	for c := range cols {
		tc = append(tc, cell(costTot[c]))
		res = append(res, cell(inTot[c]-costTot[c]))
	}
	rows = append(rows, tc, res)
	g.extra["subpct"] = itoa(int(math.Round(share[0]/sum*100))) + "%"
	g.extra["perspct"] = itoa(int(math.Round(cost[0]/csum*100))) + "%"
	if len(rows) > nRevenue+2 && len(rows[nRevenue+2]) == 3 {
		g.costOver = staff[1] > staff[0] // realised above budget
	}
	g.result = int(math.Round((inTot[len(cols)-1]-costTot[len(cols)-1])/100) * 100)
	return rows
}

func writeFinance(g *gen, d *document, plan bool) {
	r := g.r
	d.h(2, r.pick([]string{"Financiën", "Financieel plan", "Financieel beleid"}))
	rows := financeRows(g, plan)
	d.p(para(g.picks(poolFin, "fin", r.between(2, 4))...))
	if plan {
		d.p(g.sentence("[Onderstaande tabel|De tabel hieronder] geeft [de meerjarenbegroting|een overzicht van de begroting] [voor|van] {org} weer."))
	}
	d.table(rows)
	n := 2
	if g.o.w("financien") > 1.8 {
		n = 4
	}
	d.p(para(g.picks(poolFin, "fin", n)...))
}

func writeStaff(g *gen, d *document) {
	o, r := g.o, g.r
	d.h(2, r.pick([]string{"Personeel", "Personeelsbeleid", "Ons team"}))
	d.p(para(g.sentence("Het team van {org} [bestaat uit|telt] {medewerkers} medewerkers, samen goed voor {vte} VTE."), g.pick(poolStaff, "staff")))
	core := o.fte - 1
	items := []string{g.sentence("[directeur|coördinator]: {directeur} (1 VTE)")}
	roles := []struct {
		name  string
		share float64
	}{{r.pick([]string{"vormingswerkers", "stafmedewerkers", "regiomedewerkers", "educatieve medewerkers"}), 0.6}, {"administratie en financiën", 0.2}, {"communicatie", 0.08}, {"onthaal, logistiek en onderhoud", 0.12}}
	for _, ro := range roles {
		v := math.Round(core*ro.share*10) / 10
		if v < 0.2 {
			continue
		}
		items = append(items, capFirst(ro.name)+" ("+fmtDec(v)+" VTE)")
	}
	d.list(items)
	n := 1
	if o.w("personeel") > 1.8 {
		n = 3
	}
	d.p(para(g.picks(poolStaff, "staff", n+1)...))
}

func writeVolunteers(g *gen, d *document) {
	o, r := g.o, g.r
	d.h(2, r.pick([]string{"Vrijwilligers", "Vrijwilligersbeleid", "Vrijwillige inzet"}))
	s := "{org} [kan rekenen op|telt] {vrijwilligers} vrijwilligers"
	if o.chapters > 0 {
		s += ", verspreid over {afdelingen} lokale [afdelingen|groepen]"
	}
	d.p(para(g.sentence(s+"."), g.pick(poolVol, "vol"), g.pick(poolVol, "vol")))
	if o.w("vrijwilligers") > 1.6 {
		d.p(para(g.picks(poolVol, "vol", 2)...))
	}
}

func writeGovernance(g *gen, d *document) {
	r := g.r
	d.h(2, r.pick([]string{"Bestuur", "Goed bestuur", "Governance", "Bestuur en organisatiestructuur"}))
	n := 3
	if g.o.w("governance") > 1.6 {
		n = 5
	}
	d.p(para(g.picks(poolGov, "gov", n)...))
}

func writeQuality(g *gen, d *document) {
	r := g.r
	d.h(2, r.pick([]string{"Kwaliteitszorg", "Kwaliteitsbeleid", "Kwaliteitszorg en evaluatie"}))
	n := 2
	if g.o.w("kwaliteit") > 1.6 || g.o.w("impact") > 1.6 {
		n = 4
	}
	d.p(para(g.picks(poolQual, "qual", n)...))
}

func writeCommunication(g *gen, d *document) {
	r := g.r
	d.h(2, r.pick([]string{"Communicatie", "Communicatiebeleid", "Communicatie en zichtbaarheid"}))
	n := 2
	if g.o.w("communicatie") > 1.6 {
		n = 4
	}
	d.p(para(g.picks(poolComm, "comm", n)...))
}

func writePartners(g *gen, d *document) {
	o, r := g.o, g.r
	d.h(2, r.pick([]string{"Samenwerking", "Samenwerkingsverbanden", "Partners"}))
	d.p(para(g.picks(poolPartners, "part", 2)...))
	roles := []string{"voor [toeleiding van deelnemers|de toeleiding van {doelgroep}]", "[gedeelde programmatie|gezamenlijke activiteiten]", "[infrastructuur|het gebruik van lokalen]", "[uitwisseling van expertise|kennisdeling]", "[vindplaatsgericht werken|outreach in de wijken]", "[signalen|beleidsadvies] [naar|voor] het lokaal bestuur"}
	var items []string
	for _, p := range r.sample(o.partners, r.between(3, 5)) {
		items = append(items, capFirst(p)+" – "+g.expand(r.pick(roles)))
	}
	d.list(items)
}

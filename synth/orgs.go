package synth

import (
	"math"
	"strings"
)

// regionDef describes a Vormingplus-like working area or a province.
type regionDef struct {
	name     string // used in Vormingplus names
	province string
	np       []string
	cities   []string
}

var vormingRegions = []regionDef{
	{"Waasland", "Oost-Vlaanderen", []string{"het Waasland", "de regio Waasland", "onze Waaslandse gemeenten"}, []string{"Sint-Niklaas", "Lokeren", "Temse", "Beveren", "Hamme", "Stekene"}},
	{"Kempen", "Antwerpen", []string{"de Kempen", "de Kempense gemeenten", "onze regio"}, []string{"Turnhout", "Geel", "Mol", "Herentals", "Westerlo", "Balen"}},
	{"Regio Mechelen", "Antwerpen", []string{"de regio Mechelen", "Mechelen en omgeving", "onze regio"}, []string{"Mechelen", "Lier", "Willebroek", "Bornem", "Duffel", "Heist-op-den-Berg"}},
	{"Antwerpen", "Antwerpen", []string{"de stad Antwerpen", "de Antwerpse districten", "de stad"}, []string{"Antwerpen", "Borgerhout", "Deurne", "Hoboken", "Merksem", "Berchem"}},
	{"Limburg", "Limburg", []string{"Limburg", "de Limburgse gemeenten", "onze provincie"}, []string{"Hasselt", "Genk", "Sint-Truiden", "Tongeren", "Beringen", "Maasmechelen", "Lommel"}},
	{"Gent-Eeklo", "Oost-Vlaanderen", []string{"Gent en het Meetjesland", "de regio Gent-Eeklo", "onze regio"}, []string{"Gent", "Eeklo", "Maldegem", "Evergem", "Lochristi", "Merelbeke"}},
	{"Vlaamse Ardennen-Dender", "Oost-Vlaanderen", []string{"de Vlaamse Ardennen en de Denderstreek", "de Denderregio", "onze regio"}, []string{"Aalst", "Ninove", "Oudenaarde", "Ronse", "Zottegem", "Geraardsbergen"}},
	{"Midden- en West-Vlaanderen", "West-Vlaanderen", []string{"Midden- en West-Vlaanderen", "de Westhoek", "onze regio"}, []string{"Roeselare", "Ieper", "Tielt", "Poperinge", "Diksmuide", "Izegem"}},
	{"Brugge-Oostkust", "West-Vlaanderen", []string{"Brugge en de kust", "de regio Brugge", "onze kustgemeenten"}, []string{"Brugge", "Oostende", "Blankenberge", "Knokke-Heist", "Torhout", "Damme"}},
	{"Zuid-West-Vlaanderen", "West-Vlaanderen", []string{"Zuid-West-Vlaanderen", "de regio Kortrijk", "onze regio"}, []string{"Kortrijk", "Waregem", "Menen", "Wevelgem", "Harelbeke", "Zwevegem"}},
	{"Oost-Brabant", "Vlaams-Brabant", []string{"Oost-Brabant", "het Hageland", "Leuven en omgeving"}, []string{"Leuven", "Aarschot", "Tienen", "Diest", "Landen", "Haacht"}},
	{"Halle-Vilvoorde", "Vlaams-Brabant", []string{"de Vlaamse Rand", "Halle-Vilvoorde", "de rand rond Brussel"}, []string{"Vilvoorde", "Halle", "Zaventem", "Asse", "Grimbergen", "Dilbeek"}},
	{"Brussel", "Brussel", []string{"Brussel", "het Brussels Hoofdstedelijk Gewest", "de Brusselse wijken"}, []string{"Anderlecht", "Molenbeek", "Schaarbeek", "Brussel-stad", "Sint-Gillis", "Jette", "Laken"}},
}

var provinces = []string{"Antwerpen", "Limburg", "Oost-Vlaanderen", "West-Vlaanderen", "Vlaams-Brabant", "Brussel"}

var provinceNP = map[string][]string{
	"Antwerpen":       {"de provincie Antwerpen", "Antwerpen en de Kempen", "onze provincie"},
	"Limburg":         {"Limburg", "de Limburgse gemeenten", "onze provincie"},
	"Oost-Vlaanderen": {"Oost-Vlaanderen", "de Oost-Vlaamse gemeenten", "onze provincie"},
	"West-Vlaanderen": {"West-Vlaanderen", "de West-Vlaamse steden en dorpen", "onze provincie"},
	"Vlaams-Brabant":  {"Vlaams-Brabant", "de Vlaamse Rand en het Hageland", "onze provincie"},
	"Brussel":         {"Brussel", "het Brussels Hoofdstedelijk Gewest", "de Brusselse wijken"},
}

func provinceCities(p string) []string {
	var out []string
	for _, r := range vormingRegions {
		if r.province == p {
			out = append(out, r.cities...)
		}
	}
	return out
}

// Function keys as they appear in the "functions" attribute.
const (
	fnCultuur = "cultuur"
	fnLeren   = "leren"
	fnGemeen  = "gemeenschapsvorming"
	fnBeweg   = "maatschappelijke bewegingsfunctie"
)

var functionOrder = []string{fnCultuur, fnLeren, fnGemeen, fnBeweg}

var functionNP = map[string]string{
	fnCultuur: "de cultuurfunctie",
	fnLeren:   "de leerfunctie",
	fnGemeen:  "de gemeenschapsvormende functie",
	fnBeweg:   "de maatschappelijke bewegingsfunctie",
}

// sectorDef holds the per-sector defaults used to draw an organisation.
type sectorDef struct {
	key      string
	weight   float64
	fnProb   [4]float64 // probability per functionOrder entry
	national float64    // probability that the organisation works Flanders-wide
	bias     map[string]float64
	work     []string
	sizes    [3]float64 // klein, middelgroot, groot
	chapters bool
}

var sectors = []sectorDef{
	{key: "vormingplus", weight: 3, fnProb: [4]float64{0.4, 1, 0.7, 0.2}, national: 0,
		bias:  map[string]float64{"leren": 2.2, "lokaal": 2, "diversiteit": 1.6, "digitalisering": 1.4, "armoede": 1.3, "samenwerking": 1.4},
		work:  []string{"ons vormingsaanbod", "onze cursussen en trajecten", "onze vormingswerking", "ons open aanbod"},
		sizes: [3]float64{0.2, 0.6, 0.2}},
	{key: "volkshogeschool", weight: 1, fnProb: [4]float64{0.6, 1, 0.3, 0.1}, national: 0.3,
		bias:  map[string]float64{"leren": 2.4, "cultuur": 1.6, "democratie": 1.4, "internationaal": 1.3},
		work:  []string{"onze leerhuizen", "ons cursusaanbod", "onze leertrajecten", "de volkshogeschoolwerking"},
		sizes: [3]float64{0.5, 0.4, 0.1}},
	{key: "beweging", weight: 1.5, fnProb: [4]float64{0.2, 0.5, 0.3, 1}, national: 0.7,
		bias:  map[string]float64{"beweging": 2.6, "belangenbehartiging": 2, "duurzaamheid": 1.8, "democratie": 1.6, "internationaal": 1.3, "communicatie": 1.4},
		work:  []string{"onze campagnes", "onze lokale kernen", "de beweging", "onze acties en vormingen"},
		sizes: [3]float64{0.3, 0.4, 0.3}},
	{key: "vereniging", weight: 1.5, fnProb: [4]float64{0.5, 0.5, 1, 0.2}, national: 0.8,
		bias:  map[string]float64{"gemeenschapsvorming": 2.4, "vrijwilligers": 2.2, "ouderen": 1.6, "vereenzaming": 1.6, "governance": 1.3, "jongeren": 1.2},
		work:  []string{"onze lokale afdelingen", "het verenigingsleven", "onze afdelingswerking", "onze ledenwerking"},
		sizes: [3]float64{0.2, 0.4, 0.4}, chapters: true},
	{key: "federatie", weight: 1.2, fnProb: [4]float64{0.4, 0.4, 0.9, 0.6}, national: 0.6,
		bias:  map[string]float64{"diversiteit": 2.6, "samenwerking": 1.8, "belangenbehartiging": 1.8, "gemeenschapsvorming": 1.5, "jongeren": 1.3, "governance": 1.3},
		work:  []string{"onze lidverenigingen", "de aangesloten verenigingen", "onze federatiewerking", "het netwerk van zelforganisaties"},
		sizes: [3]float64{0.4, 0.4, 0.2}, chapters: true},
	{key: "netwerk", weight: 1, fnProb: [4]float64{0.7, 0.3, 1, 0.2}, national: 0,
		bias:  map[string]float64{"lokaal": 2.4, "participatie": 2, "infrastructuur": 2, "gemeenschapsvorming": 1.6, "cultuur": 1.4, "vereenzaming": 1.2},
		work:  []string{"onze buurthuizen", "de gemeenschapscentra", "onze huizen in de wijk", "de werking in de centra"},
		sizes: [3]float64{0.2, 0.5, 0.3}},
}

func sectorByKey(k string) sectorDef {
	for _, s := range sectors {
		if s.key == k {
			return s
		}
	}
	return sectors[0]
}

var (
	hogeschoolNames = []string{"De Wissel", "Het Anker", "Kompas", "De Brug", "Open Venster", "Meander", "De Lindeboom", "Horizon", "Het Leerhuis", "Perspectief", "De Vonk", "Zuiderlicht", "Klaproos", "De Sleutel"}
	bewegingPrefix  = []string{"Beweging", "Burgerbeweging", "Klimaatbeweging", "Vredesbeweging", "Solidariteitsbeweging", "Ouderenbeweging", "Buurtbeweging"}
	bewegingNames   = []string{"Open Plein", "Groene Golf", "Dwarsverband", "De Ketting", "Brugwerk", "Tegenwind", "Wortels", "Zaaigoed", "Nieuwe Dageraad", "Samenweefsel", "Vrije Ruimte", "Het Andere Verhaal", "Gelijk Oversteken", "Draagvlak"}
	verenigPrefix   = []string{"Seniorenvereniging", "Vrouwenvereniging", "Gezinsvereniging", "Landelijke Gilde", "Vereniging", "Plattelandsvereniging", "Wandelvereniging"}
	verenigNames    = []string{"Zilverdraad", "Thuis & Co", "Akkerwinde", "De Hoeve", "Vlechtwerk", "Eikenhof", "Lindebloesem", "Het Erf", "Samen Uit", "De Kringloop", "Korenbloem", "Vuurvlieg", "Het Gildehuis", "De Schakel"}
	federatieHead   = []string{"Federatie van", "Unie van", "Koepel van", "Federatie van", "Netwerk van"}
	federatieTail   = []string{"Marokkaanse Verenigingen", "Turkse Verenigingen", "Afrikaanse Verenigingen", "Migrantenverenigingen", "Intercultureel Vrouwenwerk", "Oost-Europese Gemeenschappen", "Latijns-Amerikaanse Verenigingen", "Zelforganisaties", "Koerdische Verenigingen", "Syrische en Iraakse Verenigingen", "Congolese Verenigingen", "Nepalese en Tibetaanse Gemeenschappen"}
	federatieBrand  = []string{"Horizon", "Kleurrijk", "Samenklank", "Brug", "Mozaïek", "Ankerpunt", "Verbinding", "Palet"}
	netwerkHead     = []string{"Netwerk Gemeenschapscentra", "Buurthuizennetwerk", "Netwerk Ontmoetingscentra", "Gemeenschapscentra"}
)

var (
	firstNames = []string{"An", "Bart", "Els", "Koen", "Sofie", "Tom", "Leen", "Pieter", "Nadia", "Youssef", "Fatma", "Hilde", "Jan", "Katrien", "Wim", "Ilse", "Mohamed", "Sara", "Dirk", "Griet", "Stijn", "Ayşe", "Lotte", "Jef", "Inès", "Mieke", "Ruben", "Hanne", "Karim", "Liesbeth", "Joris", "Noor", "Ward", "Zeynep", "Chloë", "Raf"}
	lastNames  = []string{"Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet", "Dubois", "Vermeulen", "Van den Broeck", "El Amrani", "Yılmaz", "De Clercq", "Verhoeven", "Lambrechts", "Coppens", "Van Damme", "Bogaerts", "Desmet", "Van Hoof", "Bouzid", "Nuyts", "Hermans", "Lenaerts", "D’Hondt", "Vandenberghe", "Kaya"}
)

func personName(r *rnd) string { return r.pick(firstNames) + " " + r.pick(lastNames) }

var (
	groupPool   = []string{"kwetsbare ouderen", "nieuwkomers", "mensen in armoede", "jongvolwassenen", "alleenstaande ouders", "werkzoekenden", "mensen met een beperking", "laaggeletterde volwassenen", "senioren", "buurtbewoners", "mensen met een migratieachtergrond", "jonge gezinnen", "gepensioneerden", "anderstalige ouders", "mantelzorgers", "vrouwen met een migratieachtergrond", "mensen met weinig digitale vaardigheden", "inwoners van sociale woonwijken", "jongeren die de school vroegtijdig verlieten", "vluchtelingen", "mensen met psychische kwetsbaarheid", "alleenwonende vijftigplussers"}
	partnerPool = []string{"het lokaal bestuur", "de openbare bibliotheek", "het OCMW", "het CAW", "het Centrum voor Basiseducatie", "het Huis van het Kind", "lokale scholen", "het cultuurcentrum", "de sociale dienst van de stad", "het buurtwerk", "Samenlevingsopbouw", "het Agentschap Integratie en Inburgering", "enkele woonzorgcentra", "de jeugddienst", "de VDAB", "het kenniscentrum mediawijsheid", "lokale verenigingen", "de academie voor muziek, woord en dans", "de dienst welzijn", "het lokaal dienstencentrum", "de hogeschool", "het steunpunt vrijwilligerswerk", "het steunpunt sociaal-cultureel werk", "de sociale huisvestingsmaatschappij", "het Centrum voor Volwassenenonderwijs", "de erfgoedcel", "de regionale welzijnsraad", "de milieudienst"}
	projectPool = []string{"Buurtkracht", "Samen aan tafel", "Digidokter", "Klimaatcafé", "Wijkambassadeurs", "Open Huis", "Taalkaravaan", "Praatcafé Nederlands", "Repair Café", "Verhalenbank", "Stadslab", "Zilveren Draad", "Dorpsgesprekken", "Wereldkeuken", "Fietsatelier", "Denktank Lokaal", "Groene Buren", "Burenbabbel", "Leesclub Plus", "De Wandelende Klas", "Tuin van Morgen", "Mediamakers", "Stemrecht", "Cultuurbuddy’s", "Nieuwe Buren", "Digibank", "Pleinparlement", "Huis van de Toekomst", "Moestuin Mozaïek", "Ideeënbus", "Koken zonder Grenzen", "Energiek Thuis", "Jong Geweld", "Vertelkoffer"}
	venuePool   = []string{"de bibliotheek", "het gemeenschapscentrum", "een buurthuis", "het lokaal dienstencentrum", "ons eigen vormingscentrum", "de parochiezaal", "het cultuurcentrum", "een leegstaand winkelpand", "de schoolrefter", "het jeugdhuis", "het wijkcentrum", "de sporthal"}
)

// orgProfile is the full hidden profile of a generated organisation; it
// drives every document written for it.
type orgProfile struct {
	Organisation
	idx        int
	sector     sectorDef
	province   string
	functions  []string
	size       string
	national   bool
	regionNP   []string
	cities     []string
	partners   []string
	groups     []string
	projects   []string
	functionNP []string
	workNP     []string
	venues     []string
	director   string
	chair      string
	fte        float64
	staff      int
	volunteers int
	chapters   int
	budget     int // yearly budget in euro
	founded    int
	weights    []float64 // per theme, see themes
	sdStyle    int
	numbered   bool
	address    string
	goals      []goal
}

// slugify lower-cases s, folds common diacritics and joins words with '-'.
func slugify(s string) string {
	repl := strings.NewReplacer("é", "e", "è", "e", "ë", "e", "ê", "e", "ï", "i", "î", "i", "ı", "i", "ö", "o", "ô", "o", "ü", "u", "û", "u", "à", "a", "á", "a", "â", "a", "ç", "c", "ş", "s", "&", "en", "’", "", "'", "")
	s = repl.Replace(strings.ToLower(s))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// makeOrgs draws n organisations from the corpus stream.
func makeOrgs(seed int64, n int) []*orgProfile {
	r := newRnd(seed, "orgs")
	usedNames := map[string]bool{}
	usedIDs := map[string]bool{}
	usedVP := map[string]bool{}
	sectorOrder := r.perm(len(sectors))
	sw := make([]float64, len(sectors))
	for i, s := range sectors {
		sw[i] = s.weight
	}
	var out []*orgProfile
	for i := 0; i < n; i++ {
		var sec sectorDef
		if i < len(sectors) {
			sec = sectors[sectorOrder[i]]
		} else {
			sec = sectors[r.weighted(sw)]
		}
		if sec.key == "vormingplus" && len(usedVP) >= len(vormingRegions) {
			sec = sectorByKey("beweging")
		}
		o := &orgProfile{idx: i, sector: sec}
		or := newRnd(seed, "org", itoa(i))
		// Name and region.
		var reg regionDef
		var name string
		for try := 0; ; try++ {
			switch sec.key {
			case "vormingplus":
				for {
					reg = vormingRegions[r.intn(len(vormingRegions))]
					if !usedVP[reg.name] {
						break
					}
				}
				name = "Vormingplus " + reg.name
			default:
				p := provinces[r.intn(len(provinces))]
				reg = regionDef{province: p, np: provinceNP[p], cities: provinceCities(p)}
				switch sec.key {
				case "volkshogeschool":
					if r.chance(0.5) {
						name = "Volkshogeschool " + r.pick(hogeschoolNames)
					} else {
						name = r.pick(hogeschoolNames) + " – volkshogeschool " + r.pick(reg.cities)
					}
				case "beweging":
					name = r.pick(bewegingPrefix) + " " + r.pick(bewegingNames)
				case "vereniging":
					name = r.pick(verenigPrefix) + " " + r.pick(verenigNames)
				case "federatie":
					if r.chance(0.4) {
						h := r.pick(federatieHead)
						name = r.pick(federatieBrand) + ", " + strings.ToLower(h[:1]) + h[1:] + " " + r.pick(federatieTail)
					} else {
						name = r.pick(federatieHead) + " " + r.pick(federatieTail)
					}
				case "netwerk":
					name = r.pick(netwerkHead) + " " + r.pick(reg.cities)
				}
			}
			if try > 30 {
				name += " " + itoa(i+1)
			}
			if !usedNames[name] && !usedIDs[slugify(name)] {
				break
			}
		}
		if sec.key == "vormingplus" {
			usedVP[reg.name] = true
		}
		usedNames[name] = true
		o.Name = name
		o.ID = slugify(name)
		usedIDs[o.ID] = true
		o.province = reg.province
		o.national = or.chance(sec.national)
		o.regionNP = append([]string(nil), reg.np...)
		if o.national {
			o.regionNP = []string{"Vlaanderen en Brussel", "heel Vlaanderen", "de vijf Vlaamse provincies en Brussel"}
			o.cities = or.sample(allCities(), 6)
		} else {
			o.cities = or.sample(reg.cities, 4)
		}
		// Functions.
		for j, f := range functionOrder {
			if or.chance(sec.fnProb[j]) {
				o.functions = append(o.functions, f)
			}
		}
		if len(o.functions) == 0 {
			o.functions = []string{fnLeren}
		}
		for _, f := range o.functions {
			o.functionNP = append(o.functionNP, functionNP[f])
		}
		// Size and figures.
		sizes := []string{"klein", "middelgroot", "groot"}
		o.size = sizes[or.weighted(sec.sizes[:])]
		switch o.size {
		case "klein":
			o.fte = float64(or.between(18, 60)) / 10
			o.volunteers = or.between(20, 160)
		case "middelgroot":
			o.fte = float64(or.between(60, 150)) / 10
			o.volunteers = or.between(90, 650)
		default:
			o.fte = float64(or.between(150, 420)) / 10
			o.volunteers = or.between(400, 3800)
		}
		o.staff = int(math.Round(o.fte*1.25)) + or.between(0, 2)
		if sec.chapters {
			o.chapters = or.between(12, 40) * map[string]int{"klein": 1, "middelgroot": 3, "groot": 7}[o.size]
			o.volunteers += o.chapters * or.between(4, 9)
		}
		o.budget = int(o.fte*float64(or.between(70, 82))*1000) + or.between(60, 400)*1000
		o.founded = 1950 + or.between(0, 62)
		o.groups = or.sample(groupPool, 5)
		o.partners = or.sample(partnerPool, 6)
		o.projects = or.sample(projectPool, 4)
		o.venues = or.sample(venuePool, 4)
		o.workNP = sec.work
		o.director = personName(or)
		o.chair = personName(or)
		o.sdStyle = or.intn(6)
		o.numbered = or.chance(0.5)
		o.address = r.pick([]string{"Stationsstraat", "Kerkplein", "Molenstraat", "Kapelstraat", "Nieuwstraat", "Schoolstraat", "Dorpsstraat", "Vaartkaai"}) + " " + itoa(or.between(2, 160)) + ", " + o.cities[0]
		o.weights = drawWeights(or, sec)
		o.Attrs = map[string]string{
			"sector":    sec.key,
			"region":    o.province,
			"functions": strings.Join(o.functions, ";"),
			"size":      o.size,
		}
		out = append(out, o)
	}
	return out
}

func allCities() []string {
	var out []string
	for _, r := range vormingRegions {
		out = append(out, r.cities...)
	}
	return out
}

// drawWeights gives every theme an org-specific weight: a log-normal base,
// the sector bias and a strong boost for three focus themes.
func drawWeights(r *rnd, sec sectorDef) []float64 {
	w := make([]float64, len(themes))
	for i, t := range themes {
		w[i] = math.Exp(r.r.NormFloat64() * 0.6)
		if b, ok := sec.bias[t.key]; ok {
			w[i] *= b
		}
	}
	for _, i := range r.sampleWeighted(w, 3) {
		w[i] *= 3
	}
	return w
}

// scale is a size factor applied to large activity counts so that small
// organisations report smaller numbers.
func (o *orgProfile) scale() float64 {
	switch o.size {
	case "klein":
		return 0.45
	case "groot":
		return 1.8
	}
	return 1
}

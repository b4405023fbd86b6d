package synth

// Generic sentence pools. {thema} is bound to the current goal's theme.

var poolSDIntro = []string{
	"Met deze strategische doelstelling [kiezen we ervoor om [de komende vijf jaar|in deze beleidsperiode] [sterker|nadrukkelijker] in te zetten op {thema}|willen we [tot en met 2025|de komende jaren] [structureler|gerichter] inzetten op {thema}].",
	"{thema} is geen nieuw thema voor {org}: al sinds {yr:2009-2018} [bouwen we hier expertise rond op|experimenteren we hiermee in {werking}].",
	"Uit [onze omgevingsanalyse|de gesprekken met deelnemers en partners|de bevraging die we in 2019 organiseerden] [bleek|kwam naar voren] dat er in {regio} [nog veel|heel wat] nood is aan [een sterkere inzet op|meer aandacht voor] {thema}.",
	"[Deze keuze|Die keuze] [sluit aan bij|volgt uit] [onze missie|de rol die we willen opnemen binnen {functie}|onze evaluatie van de vorige beleidsperiode].",
	"[In de vorige beleidsperiode|Tussen 2016 en 2020] [leerden we|merkten we] dat [kleinschalige|lokale] [projecten|initiatieven] rond {thema} [het meeste effect hebben|mensen het best bereiken], [zeker|vooral] bij {doelgroep}.",
	"[Concreet|Kort gezegd] willen we dat [tegen 2025|op het einde van deze beleidsperiode] [meer|opvallend meer] {doelgroep} [de weg vinden naar|betrokken zijn bij] {werking}.",
	"We [beseffen|weten] dat dit een [ambitieuze|uitdagende] [doelstelling|keuze] is, [zeker|vooral] [met de middelen die we hebben|gezien onze beperkte personeelsinzet].",
	"[Deze ambitie|Deze doelstelling] raakt [meerdere|verschillende] functies tegelijk, maar [het zwaartepunt ligt bij|de nadruk ligt op] {functie}.",
	"Deze doelstelling werd [mee uitgewerkt|geformuleerd] [door een werkgroep van medewerkers en vrijwilligers|samen met onze raad van bestuur|met deelnemers tijdens een toekomstdag in {stad}].",
	"We vertalen deze ambitie in {nods} operationele doelstellingen, die we hieronder toelichten.",
	"[Waarom|Waarom precies] {thema}? [Omdat|Simpelweg omdat] we [elke dag|in onze werking voortdurend] zien hoe [groot de nood is|sterk dit het leven van {doelgroep} bepaalt].",
}

var poolODBody = []string{
	"[Concreet|In de praktijk] betekent dit dat we [elk jaar|jaarlijks] [minstens|ongeveer] {num:4-20} [activiteiten|initiatieven] [opzetten|organiseren] rond {thema}[, bv. in {plek}|].",
	"We doen dit [samen met|in samenwerking met] {partners}.",
	"[Het project|Ons project] {project} [vormt daarbij|is daarbij] [een belangrijke hefboom|het vlaggenschip|een proeftuin]: het startte in {yr:2017-2020} in {stad} en [we breiden het uit|we rollen het nu uit] naar [andere gemeenten|de rest van ons werkgebied].",
	"We richten ons [in de eerste plaats|vooral] op {doelgroep}, [maar we sluiten niemand uit|al staat de deur open voor iedereen].",
	"[Een belangrijke|Een cruciale] randvoorwaarde is [voldoende begeleiding|goede ondersteuning]: [daarom|om die reden] [reserveren|voorzien] we {dec:5-20} VTE [binnen het team|voor deze doelstelling].",
	"We volgen de voortgang op aan de hand van [een aantal|enkele concrete] indicatoren: [het aantal deelnemers|het bereik], [de tevredenheid|de tevredenheid van deelnemers] en [wat deelnemers zelf als verandering ervaren|de verhalen die deelnemers ons vertellen].",
	"[Tegen|Tegen het einde van] 2025 willen we [minstens|zo’n] {num:150-1200} [deelnemers|mensen] bereikt hebben met [dit aanbod|deze werking].",
	"We [bouwen hiervoor verder op|vertrekken hiervoor van] [de ervaringen|wat we leerden] tijdens de coronaperiode, toen we [noodgedwongen|plots] [moesten overschakelen op online formats|met andere werkvormen moesten experimenteren].",
	"[Belangrijk|Cruciaal] [hierbij|daarbij] is dat [deelnemers|mensen] zelf [het tempo|de inhoud] [mee bepalen|kunnen bepalen].",
	"Waar [mogelijk|het kan] verbinden we [dit|deze doelstelling] met {functie}, zodat [leren, ontmoeten en actie|de verschillende functies] elkaar versterken.",
	"In {stad} starten we in {yr:2021-2022} een [pilootproject|proefproject]; [als het werkt|bij een positieve evaluatie] [breiden we het uit|rollen we het uit] naar [andere gemeenten|andere regio’s|de rest van ons werkgebied].",
	"Deze [aanpak|werkwijze] [vraagt|vergt] [investeringen|tijd en middelen], [o.a.|onder meer] in [de vorming van vrijwilligers|materiaal en verplaatsingen|de begeleiding van kleine groepen]; we [voorzien|begroten] [hiervoor|daarvoor] [jaarlijks|per jaar] {eur:3000-25000}.",
	"[Niet alles|Lang niet alles] hoeft [nieuw te zijn|van nul te beginnen]: we bouwen voort op [bestaande|succesvolle] [initiatieven|praktijken] zoals {project}.",
	"We willen [de drempel|drempels] zo laag mogelijk houden: [onze activiteiten|activiteiten] [zijn|blijven] [gratis of goedkoop|betaalbaar], [dichtbij|in de buurt] en [op momenten die passen|op tijdstippen die haalbaar zijn] voor {doelgroep}.",
	"Een [deelnemer|vrijwilliger] [verwoordde het zo|zei het tijdens een evaluatie zo]: “[Hier word ik gezien|Hier voel ik me thuis|Ik kom hier niet alleen om iets te leren, maar ook om mensen te zien|Voor het eerst had ik het gevoel dat mijn mening telde].”",
	"Het [team|kernteam] dat hierrond werkt, telt {num:2-6} medewerkers en wordt [ondersteund door|bijgestaan door] een [werkgroep|kerngroep] van {num:5-18} vrijwilligers.",
	"[We gaan daarbij uit van|Ons vertrekpunt is] de [talenten|sterktes] van mensen, niet van hun [tekorten|beperkingen].",
	"[Elke|Iedere] [activiteit|reeks] wordt [samen met|met] de deelnemers geëvalueerd; [die inzichten|de resultaten] [nemen we mee|gebruiken we] bij de planning van het volgende [werkjaar|seizoen].",
	"We [merken|stellen vast] dat [partners|lokale besturen] [steeds vaker|meer en meer] [bij ons aankloppen|een beroep op ons doen] [voor|als het gaat over] {thema}; [dat|die vraag] [willen we beantwoorden zonder|beantwoorden we, maar zonder] onze eigen [missie|focus] uit het oog te verliezen.",
	"[In|Binnen] {werking} krijgt {thema} [een vaste plaats|een herkenbare plek], [m.a.w.|met andere woorden] het wordt [geen|niet langer een] [los project|apart project] maar een [rode draad|doorlopend aandachtspunt].",
	"[Ook|Bovendien] [ontwikkelen|maken] we [een methodiek|een praktische handleiding] die [andere organisaties|collega’s in {werkveld}] [kunnen|vrij kunnen] gebruiken.",
	"[We werken|Dit doen we] [zowel in open aanbod als op maat van groepen|zowel met een open aanbod als met trajecten op vraag], [afhankelijk van|naargelang] wat [de situatie|de groep] vraagt.",
	"[Ervaring leert|Onze ervaring leert] dat {doelgroep} [zelden|niet vanzelf] [via een folder|via klassieke communicatie] [de weg naar ons vinden|bij ons terechtkomen]; [toeleiding|een warme overdracht] via {partner} [is|blijkt] [cruciaal|veel effectiever].",
	"[De inhoud|Het programma] [stellen we samen|ontwikkelen we] [met|samen met] een [kerngroep|werkgroep] van [deelnemers|vrijwilligers] die [mee beslist|mee nadenkt] over [thema’s, timing en locatie|wat wel en niet werkt].",
	"[We plannen|We voorzien] [minstens|ongeveer] {num:2-6} [reeksen|trajecten] per jaar van {num:4-10} [bijeenkomsten|sessies], [telkens|steeds] [in kleine groepen|met maximaal {num:10-16} deelnemers].",
	"[Halfweg de beleidsperiode|In 2023] [evalueren we|bekijken we] [deze aanpak|de resultaten] [grondig|kritisch] [samen met|met] [deelnemers en partners|de raad van bestuur].",
	"[Daarbij|Hierbij] [hebben we bijzondere aandacht voor|letten we op] [de toegankelijkheid van locaties|kinderopvang en vervoer|taal en duidelijke communicatie].",
	"[Onze medewerkers|De vormingswerkers] [krijgen|volgen] [extra vorming|bijscholing] [over|rond] {thema}, [bv.|zoals] [via|in] [intervisie|een lerend netwerk met collega-organisaties].",
	"We [verwachten|rekenen op] [een groeiend bereik|een stijging van het aantal deelnemers] [van|met] [ongeveer|zo’n] {pct:10-35} [tegen 2025|over de hele beleidsperiode].",
	"In {stad} [hebben we al een sterke basis|bestaat er al een goede samenwerking]; [van daaruit|vanuit die ervaring] willen we groeien.",
	"[Dit|Deze operationele doelstelling] [sluit nauw aan bij|hangt sterk samen met] [wat we elders in dit plan beschrijven|de andere doelstellingen], [bv.|zeker] [op vlak van|wat betreft] [vrijwilligers en communicatie|bereik en samenwerking].",
	"Het blijft zoeken naar een evenwicht tussen [een aanbod dat breed toegankelijk is|openheid voor iedereen] en [gerichte inzet voor|maatwerk voor] {doelgroep}.",
	"[De kosten|De middelen] [hiervoor|voor dit luik] [dragen we|dekken we] [deels zelf|gedeeltelijk met eigen middelen]; voor [de rest|het saldo] [zoeken we|rekenen we op] [projectmiddelen|bijkomende subsidies].",
	"We [documenteren|beschrijven] [onze aanpak|het traject] [zodat|om ervoor te zorgen dat] [andere organisaties|collega-organisaties] [ervan kunnen leren|het kunnen overnemen].",
	"[Succes meten we|Of we slagen, meten we] niet alleen [in aantallen|aan het bereik], maar ook [aan wat deelnemers zelf vertellen|aan de verandering die mensen ervaren] – [meer zelfvertrouwen|een groter netwerk], [nieuwe vaardigheden|meer betrokkenheid].",
}

// poolCompounds mention compounds with a hyphen of their own, so that line
// ends break them too and the truth counts how their hyphen comes back:
// a vowel clash (data-analyse), a digit or an abbreviation (19e-eeuwse,
// VN-vrouwenverdrag), coordinate adjectives (sociaal-economische).
var poolCompounds = []string{
	"[We houden|Daarbij houden we] rekening met [de sociaal-economische|de politiek-bestuurlijke|de sociaal-emotionele] [context|situatie] van {doelgroep} en met [de gevolgen van de Covid-19-pandemie|de Covid-19-crisis|het VN-vrouwenverdrag|de VN-duurzaamheidsdoelen].",
	"[Een|Onze] [data-analyse|thema-avond|video-opname|radio-uitzending|foto-opdracht] over {thema} [leverde|bracht] [nieuwe|verrassende] inzichten [op|aan het licht] over [de 19e-eeuwse|de 20ste-eeuwse|het privé-eigendom van de] [volkscultuur|gebouwen in {stad}|collecties].",
	"[Ook|Bovendien] [betrekken we|spreken we] [ex-gedetineerden|oud-deelnemers|niet-leden|CAW-medewerkers|OCMW-medewerkers|VDAB-consulenten|mede-eigenaars van buurthuizen] [actief|rechtstreeks] [bij|over] [onze mini-investeringen|de agenda-items van de stuurgroep|onze e-mailnieuwsbrief|de toe-eigening van de publieke ruimte].",
}

var poolActIntro = []string{
	"Concrete acties zijn o.a.:",
	"We plannen [onder meer|o.a.] de volgende acties:",
	"Wat [gaan we concreet doen|doen we concreet]?",
	"[Acties|Geplande acties] [2021–2025|voor deze beleidsperiode]:",
	"Dit vertaalt zich in de volgende [acties|initiatieven]:",
}

var poolGenericActs = []string{
	"een jaarlijkse evaluatie met [deelnemers|partners]",
	"[een inspiratiedag|een lerend netwerk] rond {thema}",
	"[communicatie via onze website en sociale media|een campagne in de lokale pers]",
	"[een werkgroep|een klankbordgroep] met vrijwilligers en deelnemers",
	"[vorming|intervisie] voor medewerkers rond {thema}",
}

// Progress-report pools.

var poolRealised = []string{
	"In {jaar} zetten we [belangrijke|flinke] stappen in het [realiseren|waarmaken] van deze doelstelling.",
	"Wat {thema} betreft, konden we [de meeste|bijna alle] geplande acties uitvoeren.",
	"[Het voorbije jaar|Dit werkjaar] stond [voor deze doelstelling|hier] [vooral|grotendeels] in het teken van {project}.",
	"[Samen met|In samenwerking met] {partner} organiseerden we {num:4-30} [activiteiten|acties] rond {thema}[, o.a. in {stad}|].",
	"[We bereikten|Daarmee bereikten we] {num:120-1500} [deelnemers|mensen], van wie [ongeveer|zo’n] {pct:20-60} voor het eerst deelnam.",
	"[Opvallend|Opmerkelijk] was de [grote|groeiende] [belangstelling|vraag] van {doelgroep}.",
	"[De evaluaties|De bevragingen] tonen een [hoge|zeer hoge] tevredenheid: {pct:81-97} van de deelnemers [was|is] [tevreden tot zeer tevreden|(zeer) tevreden].",
	"Daarnaast werd er [een nieuwe|een eerste] [handleiding|methodiek] [ontwikkeld|uitgeschreven] die [onze vrijwilligers nu ook in andere gemeenten gebruiken|we ondertussen breder inzetten].",
}

var poolObstacle = []string{
	"[Niet alles|Lang niet alles] [liep|verliep] [zoals gepland|van een leien dakje].",
	"[Het vinden van|Het aantrekken van] [voldoende|geschikte] vrijwilligers [bleef|bleek] [moeilijk|een uitdaging], [zeker|vooral] in {stad}.",
	"[Door|Wegens] [langdurige ziekte|het vertrek] van een [collega|medewerker] [liep een aantal acties|liepen enkele trajecten] vertraging op.",
	"[De gestegen energieprijzen dwongen ons|De hoge inflatie dwong ons] om keuzes te maken in [het aanbod|onze programmatie].",
	"[Sommige|Enkele] [partners|lokale besturen] [hadden minder tijd dan verwacht|kampten met weinig capaciteit door eigen besparingen], waardoor [gezamenlijke|geplande] [projecten|acties] [werden uitgesteld|op een lager pitje kwamen].",
	"[We bereikten {doelgroep} minder goed dan gehoopt|Het bereik van {doelgroep} bleef onder onze verwachtingen].",
	"Het online aanbod trok [minder deelnemers|een kleiner publiek] dan [in de coronajaren|verwacht]; deelnemers [willen elkaar opnieuw fysiek ontmoeten|verkiezen weer de fysieke ontmoeting].",
	"[De registratie|Het registreren] van [deelnemers|activiteiten] [vraagt|kost] [veel|nog te veel] [tijd|administratief werk].",
}

var poolAdjust = []string{
	"[We stuurden bij|Daarom stuurden we bij]: [voortaan|vanaf nu] [werken we met kleinere groepen|organiseren we activiteiten vaker op locatie].",
	"[In overleg met|Samen met] {partner} [herwerkten|herbekeken] we [de planning|het tijdspad] [voor {njaar}|voor de rest van de beleidsperiode].",
	"We besloten om [meer in te zetten op {thema}|de focus sterker op {thema} te leggen] en [minder op nieuwe projecten|versnippering te vermijden].",
	"Om [drempels|financiële drempels] weg te werken, [verlaagden we|schrapten we] [de deelnameprijs|het inschrijvingsgeld] voor {doelgroep}.",
	"Voor {njaar} plannen we een [extra|gerichte] [wervingscampagne voor vrijwilligers|inspanning om {doelgroep} te bereiken].",
	"[De|Onze] [indicatoren|streefcijfers] [werden|zijn] [realistischer bijgesteld|herbekeken], [zonder|maar zonder] aan de ambitie [te raken|te tornen].",
}

var poolQuote = []string{
	"“[Ik had nooit gedacht dat ik dit nog zou leren op mijn leeftijd|Hier heb ik nieuwe vrienden gemaakt|Ik durf nu zelf het woord te nemen in vergaderingen|Het deed deugd om mijn verhaal te kunnen vertellen].” – [deelnemer|deelneemster] {project}",
	"“[Wat mij raakte, was de warmte van de groep|De begeleiding was heel toegankelijk en to-the-point|Ik ben als deelnemer gestart en nu zelf vrijwilliger].” – [vrijwilliger|deelnemer] uit {stad}",
}

package synth

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The template language used by all sentence pools:
//
//	[a|b|c]   choose one alternative (alternatives may nest)
//	{slot}    a slot filled from the organisation or document context
//	{num:3-40}, {pct:60-95}, {eur:500-9000}, {dec:12-80}
//	          random numbers, formatted the Dutch way
//
// Literal '[', ']', '{', '}' and '|' never occur in the prose itself.

// gen is the per-document writing context: a random stream, the
// organisation profile, the reference year and the bookkeeping that keeps
// one document from repeating the same sentence template.
type gen struct {
	r     *rnd
	o     *orgProfile
	year  int
	used  map[string]bool
	extra map[string]string
	// result is the last financial result computed by financeRows and
	// costOver reports whether realised staff costs exceeded the budget.
	result   int
	costOver bool
}

func newGen(r *rnd, o *orgProfile, year int) *gen {
	return &gen{r: r, o: o, year: year, used: map[string]bool{}, extra: map[string]string{}}
}

// expand expands a template completely.
func (g *gen) expand(t string) string {
	var b strings.Builder
	g.expandInto(&b, t)
	return b.String()
}

func (g *gen) expandInto(b *strings.Builder, t string) {
	for i := 0; i < len(t); {
		c := t[i]
		switch c {
		case '[':
			end, alts := splitAlternatives(t, i)
			g.expandInto(b, alts[g.r.intn(len(alts))])
			i = end + 1
		case '{':
			end := strings.IndexByte(t[i:], '}')
			if end < 0 {
				b.WriteString(t[i:])
				return
			}
			name := t[i+1 : i+end]
			g.expandInto(b, g.slot(name))
			i += end + 1
		default:
			b.WriteByte(c)
			i++
		}
	}
}

// splitAlternatives parses the bracket group starting at t[start] == '['
// and returns the index of the matching ']' and the top-level alternatives.
func splitAlternatives(t string, start int) (int, []string) {
	depth := 0
	last := start + 1
	var alts []string
	for i := start; i < len(t); i++ {
		switch t[i] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				alts = append(alts, t[last:i])
				return i, alts
			}
		case '|':
			if depth == 1 {
				alts = append(alts, t[last:i])
				last = i + 1
			}
		}
	}
	// Unbalanced: treat the rest as literal text.
	return len(t) - 1, []string{t[start:]}
}

func (g *gen) slot(name string) string {
	if v, ok := g.extra[name]; ok {
		return v
	}
	key, arg, _ := strings.Cut(name, ":")
	lo, hi := 0, 0
	if arg != "" {
		a, b, _ := strings.Cut(arg, "-")
		lo, _ = strconv.Atoi(a)
		hi, _ = strconv.Atoi(b)
		if hi < lo {
			hi = lo
		}
	}
	o := g.o
	switch key {
	case "num":
		v := g.r.between(lo, hi)
		if hi >= 100 && o != nil {
			v = int(float64(v) * o.scale())
		}
		return fmtInt(v)
	case "pct":
		return strconv.Itoa(g.r.between(lo, hi)) + "%"
	case "eur":
		v := g.r.between(lo, hi)
		switch {
		case v > 100000:
			v = v / 1000 * 1000
		case v > 10000:
			v = v / 100 * 100
		case v > 1000:
			v = v / 50 * 50
		}
		return fmtEuro(v)
	case "dec":
		return fmtDec(float64(g.r.between(lo, hi)) / 10)
	case "yr":
		return strconv.Itoa(g.r.between(lo, hi))
	case "jaar":
		return strconv.Itoa(g.year)
	case "vjaar":
		return strconv.Itoa(g.year - 1)
	case "njaar":
		return strconv.Itoa(g.year + 1)
	}
	if o == nil {
		return key
	}
	switch key {
	case "org":
		return o.Name
	case "regio":
		return g.r.pick(o.regionNP)
	case "stad":
		return g.r.pick(o.cities)
	case "doelgroep":
		return g.r.pick(o.groups)
	case "partner":
		return g.r.pick(o.partners)
	case "partners":
		ps := g.r.sample(o.partners, 2)
		return ps[0] + " en " + ps[1]
	case "project":
		return "‘" + g.r.pick(o.projects) + "’"
	case "functie":
		return g.r.pick(o.functionNP)
	case "directeur":
		return o.director
	case "voorzitter":
		return o.chair
	case "naam":
		return personName(g.r)
	case "vte":
		return fmtDec(o.fte)
	case "medewerkers":
		return strconv.Itoa(o.staff)
	case "vrijwilligers":
		return fmtInt(o.volunteers)
	case "afdelingen":
		return strconv.Itoa(o.chapters)
	case "werking":
		return g.r.pick(o.workNP)
	case "werkveld":
		return g.r.pick([]string{"het sociaal-cultureel volwassenenwerk", "het sociaal-cultureel werk", "onze sector", "het brede sociaal-culturele werkveld"})
	case "plek":
		return g.r.pick(o.venues)
	}
	return key
}

// sentence expands a template and tidies the result into a proper sentence.
func (g *gen) sentence(t string) string {
	return tidy(g.expand(t))
}

// tidy collapses whitespace, fixes spacing before punctuation and
// capitalises the first letter (skipping opening quotes).
func tidy(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range []string{" ,", " .", " :", " ;", " )"} {
		s = strings.ReplaceAll(s, p, p[1:])
	}
	s = strings.ReplaceAll(s, "( ", "(")
	s = strings.ReplaceAll(s, "..", ".")
	return capFirst(s)
}

func capFirst(s string) string {
	for i, r := range s {
		if unicode.IsLetter(r) {
			if unicode.IsUpper(r) {
				return s
			}
			// Dutch: a sentence starting with the elided article 's or 't is rare here; plain capitalisation.
			_, n := utf8.DecodeRuneInString(s[i:])
			return s[:i] + string(unicode.ToUpper(r)) + s[i+n:]
		}
		if unicode.IsDigit(r) {
			return s
		}
	}
	return s
}

// pick chooses a template from pool that has not been used yet in this
// document (falls back to any template when all were used) and expands it.
func (g *gen) pick(pool []string, key string) string {
	if len(pool) == 0 {
		return ""
	}
	return g.sentence(pool[g.pickIdx(pool, key, nil)])
}

// pickIdx chooses an unused template index of pool, avoiding the indices
// in avoid where possible. When every template was used, a new cycle starts.
func (g *gen) pickIdx(pool []string, key string, avoid map[int]bool) int {
	var cand []int
	for i := range pool {
		if !g.used[key+"#"+strconv.Itoa(i)] && !avoid[i] {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		for i := range pool {
			delete(g.used, key+"#"+strconv.Itoa(i))
			if !avoid[i] {
				cand = append(cand, i)
			}
		}
	}
	if len(cand) == 0 {
		return g.r.intn(len(pool))
	}
	i := cand[g.r.intn(len(cand))]
	g.used[key+"#"+strconv.Itoa(i)] = true
	return i
}

// exhausted reports whether every template of pool was already used.
func (g *gen) exhausted(pool []string, key string) bool {
	for i := range pool {
		if !g.used[key+"#"+strconv.Itoa(i)] {
			return false
		}
	}
	return true
}

// fmtInt formats an integer with Dutch thousands separators: 12.345.
func fmtInt(v int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.Itoa(v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// fmtEuro formats an amount as "€ 12.345".
func fmtEuro(v int) string {
	if v < 0 {
		return "€ -" + fmtInt(-v)
	}
	return "€ " + fmtInt(v)
}

// fmtDec formats a float with one decimal and a decimal comma: 12,4.
func fmtDec(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	return strings.Replace(s, ".", ",", 1)
}

func wordCount(s string) int { return len(strings.Fields(s)) }

func itoa(i int) string { return strconv.Itoa(i) }

// lowerFirst lower-cases the first letter unless the first word looks like
// a name or abbreviation (second letter upper-case).
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

package ingest

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/plancoder/plancoder/store"
	"golang.org/x/text/unicode/norm"
)

// Meta is what is known about a file before it is read: from flags, a
// manifest row, or guessed from its name.
type Meta struct {
	ID     string // document ID; default: slug of the file name
	Org    string // organisation ID (a slug)
	Type   string // one of store.DocTypes
	Period string // e.g. 2021-2025
	Year   int
	Title  string
	Lang   string // main language: nl (default), en or fr
}

var (
	rePeriod = regexp.MustCompile(`^((?:19|20)\d\d)-((?:19|20)\d\d)$`)
	reYear   = regexp.MustCompile(`^(?:19|20)\d\d$`)
)

// typeWords map words found in file names to document types.
var typeWords = []struct {
	prefix, typ string
}{
	{"beleidsplan", store.TypePlan}, {"subsidieaanvraag", store.TypePlan}, {"aanvraag", store.TypePlan},
	{"beleidsnota", store.TypePlan}, {"meerjarenplan", store.TypePlan}, {"plan", store.TypePlan},
	{"voortgang", store.TypeProgressReport}, {"tussentijds", store.TypeProgressReport},
	{"progress", store.TypeProgressReport}, {"zelfevaluatie", store.TypeProgressReport},
	{"jaarverslag", store.TypeAnnualReport}, {"jaarrapport", store.TypeAnnualReport},
	{"werkingsverslag", store.TypeAnnualReport}, {"annual", store.TypeAnnualReport},
}

// Slug makes an ID from a name: lower case ASCII letters, digits and single
// hyphens ("Vormingplus Oost-Brabant" -> "vormingplus-oost-brabant").
func Slug(s string) string {
	var sb strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			sb.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	return sb.String()
}

// WithDefaults fills the empty fields of m from the file name: the ID is
// the slug of the name, the type comes from words like "beleidsplan" or
// "jaarverslag", the period and year from numbers like 2021-2025 and 2022,
// and the organisation from the words before those, else the parent folder.
func (m Meta) WithDefaults(path string) Meta {
	base := filepath.Base(path)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	if m.ID == "" {
		m.ID = Slug(stem)
		if m.ID == "" {
			m.ID = "document"
		}
	}
	toks := strings.FieldsFunc(strings.ToLower(stem), func(r rune) bool {
		return r == '-' || r == '_' || r == ' ' || r == '.'
	})
	// Rejoin year ranges split at the hyphen.
	var words []string
	for i := 0; i < len(toks); i++ {
		if i+1 < len(toks) && reYear.MatchString(toks[i]) && reYear.MatchString(toks[i+1]) {
			words = append(words, toks[i]+"-"+toks[i+1])
			i++
			continue
		}
		words = append(words, toks[i])
	}
	orgEnd := -1
	typ, period, year := "", "", 0
	for i, w := range words {
		if t := typeOf(w); t != "" && typ == "" {
			typ = t
			if orgEnd < 0 {
				orgEnd = i
			}
		}
		if mm := rePeriod.FindStringSubmatch(w); mm != nil && period == "" {
			period = w
			if orgEnd < 0 {
				orgEnd = i
			}
		} else if reYear.MatchString(w) && year == 0 {
			year, _ = strconv.Atoi(w)
			if orgEnd < 0 {
				orgEnd = i
			}
		} else if orgEnd < 0 && w != "" && unicode.IsDigit(rune(w[0])) {
			orgEnd = i
		}
	}
	if m.Type == "" {
		m.Type = typ
		if m.Type == "" {
			m.Type = store.TypeOther
		}
	}
	if m.Period == "" {
		m.Period = period
	}
	if m.Year == 0 {
		m.Year = year
		if m.Year == 0 && m.Period != "" {
			if mm := rePeriod.FindStringSubmatch(m.Period); mm != nil {
				m.Year, _ = strconv.Atoi(mm[1])
			}
		}
	}
	if m.Org == "" {
		if orgEnd > 0 {
			m.Org = Slug(strings.Join(words[:orgEnd], " "))
		}
		if m.Org == "" {
			if dir := filepath.Base(filepath.Dir(path)); dir != "." && dir != "/" && dir != "" {
				m.Org = Slug(dir)
			}
		}
		if m.Org == "" && len(words) > 0 {
			m.Org = Slug(words[0])
		}
		if m.Org == "" {
			m.Org = "unknown"
		}
	}
	return m
}

func typeOf(word string) string {
	for _, t := range typeWords {
		if strings.HasPrefix(word, t.prefix) {
			return t.typ
		}
	}
	return ""
}

// Package analysis answers the horizontal questions across plans: per theme
// what all organisations say, split by organisation attribute, type, period
// and document part; matrices, co-occurrence, trends, distinctive terms and
// concordances. Everything is computed from the store at query time
// (DESIGN §4, invariant 6).
package analysis

import (
	"fmt"
	"sort"
	"strings"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

// Filters select fragments; every analysis takes the same.
type Filters struct {
	Codes   []string // only fragments with one of these codes (theme commands set their own)
	Coder   string   // whose codings: a coder, "consensus", or "" (consensus when it exists, else everyone's)
	Org     string
	Attrs   []string // key=value of organisation attributes
	Type    string
	Period  string
	Year    int
	Section string // words in the section path (case and diacritics ignored)
	Part    string // document part, e.g. zakelijk
}

// Frag is a coded fragment with what the analyses group by.
type Frag struct {
	ID      string   `json:"id"`
	Doc     string   `json:"doc"`
	Org     string   `json:"org"`
	Type    string   `json:"type"`
	Period  string   `json:"period,omitempty"`
	Year    int      `json:"year,omitempty"`
	Part    string   `json:"part"`
	Section []string `json:"section,omitempty"`
	Kind    string   `json:"kind"`
	Page    int      `json:"page,omitempty"`
	Text    string   `json:"text"`
	Codes   []string `json:"codes"`
}

// Dataset is the coded material an analysis works on.
type Dataset struct {
	Frags  []Frag
	Codes  []store.Code
	Orgs   map[string]store.Organisation
	Docs   map[string]store.Document
	Coder  string // the codings used: a coder, "consensus" or "all coders"
	Rules  Rules
	filter Filters
	// Universe counts of the filtered corpus, coded or not, for "N of M".
	TotalOrgs, TotalDocs, TotalFragments int
}

// Load reads the codings of the chosen coder and the fragments they point
// at, applying the filters.
func Load(st *store.Store, f Filters, rules Rules) (*Dataset, error) {
	d := &Dataset{Orgs: map[string]store.Organisation{}, Docs: map[string]store.Document{}, Rules: rules, filter: f}
	var err error
	if d.Codes, err = st.Codes(); err != nil {
		return nil, err
	}
	orgs, err := st.Organisations()
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		d.Orgs[o.ID] = o
	}
	docs, err := st.Documents()
	if err != nil {
		return nil, err
	}
	orgOK := map[string]bool{}
	for _, d2 := range docs {
		if !d.docMatches(d2) {
			continue
		}
		d.Docs[d2.ID] = d2
		orgOK[d2.Org] = true
		d.TotalFragments += d2.Fragments
	}
	d.TotalDocs, d.TotalOrgs = len(d.Docs), len(orgOK)

	// Whose codings: the coder asked for; by default the reconciled
	// consensus where a fragment has one, and everyone's codings elsewhere
	// (the single-coder work outside the reliability samples).
	d.Coder = f.Coder
	if d.Coder == "" {
		d.Coder = "consensus where reconciled, else all coders"
	}
	codings, err := st.ListCodings(store.CodingFilter{Coder: f.Coder})
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, c := range f.Codes {
		want[strings.ToUpper(c)] = true
	}
	byFrag := map[string]map[string]bool{}
	consensus := map[string]map[string]bool{}
	var order []string
	for _, c := range codings {
		doc := docOf(c.Fragment)
		if _, ok := d.Docs[doc]; !ok {
			continue
		}
		if byFrag[c.Fragment] == nil && consensus[c.Fragment] == nil {
			order = append(order, c.Fragment)
		}
		if f.Coder == "" && c.Coder == "consensus" {
			if consensus[c.Fragment] == nil {
				consensus[c.Fragment] = map[string]bool{}
			}
			consensus[c.Fragment][c.Code] = true
			continue
		}
		if byFrag[c.Fragment] == nil {
			byFrag[c.Fragment] = map[string]bool{}
		}
		byFrag[c.Fragment][c.Code] = true
	}
	for id, cs := range consensus {
		byFrag[id] = cs
	}
	section := index.Terms(f.Section)
	for _, id := range order {
		codes := byFrag[id]
		if len(want) > 0 {
			hit := false
			for k := range codes {
				hit = hit || want[k]
			}
			if !hit {
				continue
			}
		}
		fr, err := st.Fragment(id)
		if err != nil {
			continue
		}
		part := rules.PartOf(fr.Section)
		if f.Part != "" && part != f.Part {
			continue
		}
		if len(section) > 0 && !containsAll(index.Terms(strings.Join(fr.Section, " ")), section) {
			continue
		}
		doc := d.Docs[fr.Doc]
		x := Frag{ID: fr.ID, Doc: fr.Doc, Org: doc.Org, Type: doc.Type, Period: doc.Period, Year: doc.Year, Part: part,
			Section: fr.Section, Kind: fr.Kind, Page: fr.Page, Text: fr.Text}
		for k := range codes {
			x.Codes = append(x.Codes, k)
		}
		sort.Strings(x.Codes)
		d.Frags = append(d.Frags, x)
	}
	sort.Slice(d.Frags, func(i, j int) bool { return lessID(d.Frags[i].ID, d.Frags[j].ID) })
	return d, nil
}

func (d *Dataset) docMatches(doc store.Document) bool {
	f := d.filter
	if (f.Org != "" && doc.Org != f.Org) || (f.Type != "" && doc.Type != f.Type) ||
		(f.Period != "" && doc.Period != f.Period) || (f.Year != 0 && doc.Year != f.Year) {
		return false
	}
	for _, a := range f.Attrs {
		k, v, _ := strings.Cut(a, "=")
		if !hasValue(d.Orgs[doc.Org].Attrs[k], v) {
			return false
		}
	}
	return true
}

// hasValue matches an attribute value, or one of its ";"-separated values.
func hasValue(attr, v string) bool {
	for _, x := range strings.Split(attr, ";") {
		if strings.EqualFold(strings.TrimSpace(x), v) {
			return true
		}
	}
	return false
}

func containsAll(have, want []string) bool {
	set := map[string]bool{}
	for _, h := range have {
		set[h] = true
	}
	for _, w := range want {
		if !set[w] {
			return false
		}
	}
	return true
}

func docOf(id string) string {
	if i := strings.LastIndexByte(id, '/'); i > 0 {
		return id[:i]
	}
	return id
}

// lessID orders fragment IDs by document, then ordinal.
func lessID(a, b string) bool {
	da, db := docOf(a), docOf(b)
	if da != db {
		return da < db
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// Code returns a code of the codebook.
func (d *Dataset) Code(key string) (store.Code, error) {
	for _, c := range d.Codes {
		if c.Key == strings.ToUpper(key) {
			return c, nil
		}
	}
	return store.Code{}, fmt.Errorf("code %s is not in the codebook", key)
}

// OrgName is an organisation's display name.
func (d *Dataset) OrgName(id string) string {
	if o, ok := d.Orgs[id]; ok && o.Name != "" {
		return o.Name
	}
	return id
}

// With returns the fragments that carry code.
func (d *Dataset) With(code string) []Frag {
	var out []Frag
	for _, f := range d.Frags {
		for _, c := range f.Codes {
			if c == code {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

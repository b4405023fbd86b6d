// Package analysis answers the horizontal questions across plans: per theme
// what all organisations say, split by organisation attribute, type, period
// and document part; matrices, co-occurrence, trends, distinctive terms and
// concordances. Everything is computed from the store at query time
// (DESIGN §4, invariant 6).
package analysis

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

// Filters select fragments; every analysis takes the same.
type Filters struct {
	Codes []string // only fragments with one of these codes (theme commands set their own)
	// AllCodes and NotCodes make a coding query as NVivo's: fragments with
	// every one of AllCodes and none of NotCodes (besides one of Codes).
	AllCodes []string
	NotCodes []string
	Coder    string // whose codings: a coder, "consensus", or "" (consensus when it exists, else everyone's)
	Org      string
	Attrs    []string // key=value of organisation attributes
	Type     string
	Period   string
	Year     int
	Section  string // words in the section path (case and diacritics ignored)
	Part     string // document part, e.g. zakelijk
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
	Text    string   `json:"text,omitempty"` // filled by WithText
	Codes   []string `json:"codes"`
	// Coders lists, per code, the coders whose codings are counted (sorted;
	// "consensus" where the reconciled master is used).
	Coders map[string][]string `json:"-"`
}

// WithText returns fs with their texts, read from the store in one pass
// (Load leaves texts out: most analyses only count).
func (d *Dataset) WithText(fs []Frag) []Frag {
	var need []string
	for _, f := range fs {
		if _, ok := d.texts[f.ID]; !ok && f.Text == "" {
			need = append(need, f.ID)
		}
	}
	if len(need) > 0 && d.st != nil {
		got, err := d.st.FragmentTexts(need)
		if err == nil {
			if d.texts == nil {
				d.texts = map[string]string{}
			}
			for k, v := range got {
				d.texts[k] = v
			}
		}
	}
	out := make([]Frag, len(fs))
	for i, f := range fs {
		if f.Text == "" {
			f.Text = d.texts[f.ID]
		}
		out[i] = f
	}
	return out
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
	st     *store.Store
	texts  map[string]string
	// Universe counts of the filtered corpus, coded or not, for "N of M".
	TotalOrgs, TotalDocs, TotalFragments int
}

// Using returns a copy of d that reads texts from st: a dataset loaded once
// can serve several requests at once (each with the store it holds), as
// its records are only read; the texts read for quotes are the copy's own.
func (d *Dataset) Using(st *store.Store) *Dataset {
	c := *d
	c.st, c.texts = st, nil
	return &c
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
	if err := store.KnownCodes(d.Codes, f.Codes, f.AllCodes, f.NotCodes); err != nil {
		return nil, err
	}
	want, all, not := codeSet(f.Codes), codeSet(f.AllCodes), codeSet(f.NotCodes)
	byFrag := map[string]map[string]bool{}
	consensus := map[string]map[string]bool{}
	whoCoded := map[string]map[string][]string{} // fragment -> code -> coders (EachCoding gives each once)
	var order []string
	err = st.EachCoding(store.CodingFilter{Coder: f.Coder}, func(frag, coder, code string) {
		if _, ok := d.Docs[store.DocOf(frag)]; !ok {
			return
		}
		if byFrag[frag] == nil && consensus[frag] == nil {
			order = append(order, frag)
		}
		if f.Coder == "" && coder == "consensus" {
			if consensus[frag] == nil {
				consensus[frag] = map[string]bool{}
			}
			consensus[frag][code] = true
			return
		}
		if byFrag[frag] == nil {
			byFrag[frag] = map[string]bool{}
			whoCoded[frag] = map[string][]string{}
		}
		byFrag[frag][code] = true
		whoCoded[frag][code] = append(whoCoded[frag][code], coder)
	})
	if err != nil {
		return nil, err
	}
	for id, cs := range consensus {
		byFrag[id] = cs
		whoCoded[id] = map[string][]string{}
		for c := range cs {
			whoCoded[id][c] = []string{store.ConsensusCoder}
		}
	}
	var keep []string
	for _, id := range order {
		if codeQuery(byFrag[id], want, all, not) {
			keep = append(keep, id)
		}
	}
	section := index.Terms(f.Section)
	parts := rules.compile()
	err = st.FragmentHeads(keep, func(h store.FragmentHead) {
		part := parts.partOf(h.Section)
		if f.Part != "" && part != f.Part {
			return
		}
		if len(section) > 0 && !containsAll(index.Terms(strings.Join(h.Section, " ")), section) {
			return
		}
		docID := store.DocOf(h.ID)
		doc := d.Docs[docID]
		x := Frag{ID: h.ID, Doc: docID, Org: doc.Org, Type: doc.Type, Period: doc.Period, Year: doc.Year, Part: part,
			Section: h.Section, Kind: h.Kind, Page: h.Page}
		for k := range byFrag[h.ID] {
			x.Codes = append(x.Codes, k)
		}
		sort.Strings(x.Codes)
		x.Coders = whoCoded[h.ID]
		for _, cs := range x.Coders {
			sort.Strings(cs)
		}
		d.Frags = append(d.Frags, x)
	})
	if err != nil {
		return nil, err
	}
	d.st = st
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

// lessID orders fragment IDs by document, then ordinal.
func lessID(a, b string) bool {
	da, db := store.DocOf(a), store.DocOf(b)
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
	// Counted first: growing the slice copied the records over and over
	// (a fifth of a theme page's time on 9,000 pages).
	n := 0
	for i := range d.Frags {
		if slices.Contains(d.Frags[i].Codes, code) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Frag, 0, n)
	for i := range d.Frags {
		if slices.Contains(d.Frags[i].Codes, code) {
			out = append(out, d.Frags[i])
		}
	}
	return out
}

// codeSet is a set of code keys, upper-cased.
func codeSet(keys []string) map[string]bool {
	out := map[string]bool{}
	for _, k := range keys {
		out[strings.ToUpper(k)] = true
	}
	return out
}

// codeQuery reports whether a fragment with codes has one of any (when any
// is not empty), every one of all and none of not.
func codeQuery(codes, any, all, not map[string]bool) bool {
	if len(any) > 0 {
		hit := false
		for k := range codes {
			hit = hit || any[k]
		}
		if !hit {
			return false
		}
	}
	for k := range all {
		if !codes[k] {
			return false
		}
	}
	for k := range not {
		if codes[k] {
			return false
		}
	}
	return true
}

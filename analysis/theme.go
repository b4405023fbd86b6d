package analysis

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/plancoder/plancoder/store"
)

// Count is a theme's reach.
type Count struct {
	Fragments     int `json:"fragments"`
	Documents     int `json:"documents"`
	Organisations int `json:"organisations"`
}

// SplitRow is a theme's reach in one group.
type SplitRow struct {
	Value string `json:"value"`
	Count
	OrgsInGroup int `json:"organisations_in_group"` // organisations with documents in the group
}

// Split is a theme broken down by one dimension.
type Split struct {
	By   string     `json:"by"`
	Rows []SplitRow `json:"rows"`
}

// Pair is a co-occurring code.
type Pair struct {
	Code    string  `json:"code"`
	Name    string  `json:"name"`
	Count   int     `json:"fragments"`
	Jaccard float64 `json:"jaccard"`
}

// Quote is a fragment quoted with its citation.
type Quote struct {
	Frag
	OrgName string `json:"org_name"`
	Title   string `json:"title"`
}

// ThemeResult is everything `theme` and the report show for one code.
type ThemeResult struct {
	Code     store.Code   `json:"code"`
	Coder    string       `json:"coder"`
	Count    Count        `json:"count"`
	OfOrgs   int          `json:"of_organisations"`
	OfDocs   int          `json:"of_documents"`
	Splits   []Split      `json:"splits"`
	Cooccurs []Pair       `json:"cooccurring"`
	Terms    []Term       `json:"terms"`
	Quotes   []Quote      `json:"quotes"`
	Memos    []store.Memo `json:"memos,omitempty"`
}

func reach(fs []Frag) Count {
	t := newTally()
	for i := range fs {
		t.add(&fs[i])
	}
	return t.count()
}

// Theme computes the figures of one code.
func (d *Dataset) Theme(key string, quotes int) (*ThemeResult, error) {
	c, err := d.Code(key)
	if err != nil {
		return nil, err
	}
	with := d.With(c.Key)
	r := &ThemeResult{Code: c, Coder: d.Coder, Count: reach(with), OfOrgs: d.TotalOrgs, OfDocs: d.TotalDocs}
	r.Splits = append(r.Splits, d.split("type", with, func(doc store.Document) []string { return []string{doc.Type} }))
	r.Splits = append(r.Splits, d.split("period", with, func(doc store.Document) []string { return []string{doc.Period} }))
	r.Splits = append(r.Splits, d.splitParts(with))
	for _, k := range d.attrKeys() {
		key := k
		r.Splits = append(r.Splits, d.split("attr:"+key, with, func(doc store.Document) []string {
			var out []string
			for _, v := range strings.Split(d.Orgs[doc.Org].Attrs[key], ";") {
				if v = strings.TrimSpace(v); v != "" {
					out = append(out, v)
				}
			}
			return out
		}))
	}
	r.Cooccurs = d.cooccurWith(c.Key, with)
	r.Terms = d.Terms(c.Key, "", 20)
	r.Quotes = d.quotes(with, r.Terms, quotes)
	return r, nil
}

func (d *Dataset) attrKeys() []string {
	seen := map[string]bool{}
	for _, o := range d.Orgs {
		for k := range o.Attrs {
			seen[k] = true
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// split counts the theme per value of a document dimension; OrgsInGroup
// counts the organisations with any document in that group.
func (d *Dataset) split(by string, with []Frag, values func(store.Document) []string) Split {
	// Counted as they come (no copies of the fragments per group: a theme
	// page on 9,000 pages copied megabytes per split), each document's
	// values computed once.
	groupOrgs := map[string]map[string]bool{}
	docValues := make(map[string][]string, len(d.Docs))
	for id, doc := range d.Docs {
		vs := values(doc)
		for i, v := range vs {
			if v == "" {
				vs[i] = "(none)"
			}
		}
		docValues[id] = vs
		for _, v := range vs {
			if groupOrgs[v] == nil {
				groupOrgs[v] = map[string]bool{}
			}
			groupOrgs[v][doc.Org] = true
		}
	}
	byVal := map[string]*tally{}
	for i := range with {
		for _, v := range docValues[with[i].Doc] {
			if byVal[v] == nil {
				byVal[v] = newTally()
			}
			byVal[v].add(&with[i])
		}
	}
	var s Split
	s.By = by
	var keys []string
	for k := range groupOrgs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s.Rows = append(s.Rows, SplitRow{Value: k, Count: byVal[k].count(), OrgsInGroup: len(groupOrgs[k])})
	}
	return s
}

func (d *Dataset) splitParts(with []Frag) Split {
	s := Split{By: "part"}
	byPart := map[string]*tally{}
	for i := range with {
		p := with[i].Part
		if byPart[p] == nil {
			byPart[p] = newTally()
		}
		byPart[p].add(&with[i])
	}
	for _, p := range d.Rules.Names() {
		s.Rows = append(s.Rows, SplitRow{Value: p, Count: byPart[p].count(), OrgsInGroup: d.TotalOrgs})
	}
	return s
}

// tally counts fragments and the documents and organisations they are in.
type tally struct {
	n          int
	docs, orgs map[string]bool
}

func newTally() *tally { return &tally{docs: map[string]bool{}, orgs: map[string]bool{}} }

func (t *tally) add(f *Frag) {
	t.n++
	t.docs[f.Doc] = true
	t.orgs[f.Org] = true
}

// count is the tally's reach; a nil tally counted nothing.
func (t *tally) count() Count {
	if t == nil {
		return Count{}
	}
	return Count{Fragments: t.n, Documents: len(t.docs), Organisations: len(t.orgs)}
}

func (d *Dataset) cooccurWith(key string, with []Frag) []Pair {
	n := map[string]int{}
	for _, f := range d.Frags {
		for _, c := range f.Codes {
			n[c]++
		}
	}
	both := map[string]int{}
	for _, f := range with {
		for _, c := range f.Codes {
			if c != key {
				both[c]++
			}
		}
	}
	var out []Pair
	for c, k := range both {
		p := Pair{Code: c, Count: k, Jaccard: float64(k) / float64(n[key]+n[c]-k)}
		if cd, err := d.Code(c); err == nil {
			p.Name = cd.Name
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Code < out[j].Code
	})
	if len(out) > 10 {
		out = out[:10]
	}
	return out
}

// quotes picks representative fragments spread over organisations: per
// organisation the paragraph that best fits the theme (most of its
// distinctive terms, a readable length), taking organisations in turn,
// those with most material first.
func (d *Dataset) quotes(with []Frag, terms []Term, n int) []Quote {
	if n <= 0 {
		return nil
	}
	keyTerms := map[string]bool{}
	for i, t := range terms {
		if i < 15 {
			keyTerms[t.Stem] = true
		}
	}
	byOrg := map[string][]Frag{}
	for _, f := range with {
		if f.Kind == store.KindHeading || f.Kind == store.KindTable {
			continue
		}
		if len(byOrg[f.Org]) < 50 { // enough candidates per organisation
			byOrg[f.Org] = append(byOrg[f.Org], f)
		}
	}
	score := func(w fragWords) float64 {
		s := 0.0
		for i := range w.ids {
			if keyTerms[w.word(i).term] {
				s++
			}
		}
		// Prefer 25-120 words: a quote a reader takes in at once.
		if w.fields < 25 {
			s -= float64(25-w.fields) / 5
		}
		if w.fields > 120 {
			s -= float64(w.fields-120) / 20
		}
		return s
	}
	var orgs []string
	for o := range byOrg {
		orgs = append(orgs, o)
		fs := byOrg[o] // texts only for the quotes chosen: the words come from the memo
		scores := make(map[string]float64, len(fs))
		for i, w := range d.wordsOf(fs) {
			scores[fs[i].ID] = score(w)
		}
		sort.SliceStable(fs, func(i, j int) bool { return scores[fs[i].ID] > scores[fs[j].ID] })
		byOrg[o] = fs
	}
	sort.Slice(orgs, func(i, j int) bool {
		if len(byOrg[orgs[i]]) != len(byOrg[orgs[j]]) {
			return len(byOrg[orgs[i]]) > len(byOrg[orgs[j]])
		}
		return orgs[i] < orgs[j]
	})
	var out []Quote
	for round := 0; len(out) < n; round++ {
		added := false
		for _, o := range orgs {
			if round < len(byOrg[o]) && len(out) < n {
				f := byOrg[o][round]
				out = append(out, Quote{Frag: f, OrgName: d.OrgName(o), Title: d.Docs[f.Doc].Title})
				added = true
			}
		}
		if !added {
			break
		}
	}
	chosen := make([]Frag, len(out))
	for i, q := range out {
		chosen[i] = q.Frag
	}
	for i, f := range d.WithText(chosen) {
		out[i].Frag = f
	}
	return out
}

// Term is a distinctive term of a theme.
type Term struct {
	Stem     string  `json:"stem"`
	Example  string  `json:"example"` // the most frequent word form
	Target   int     `json:"target_freq"`
	Ref      int     `json:"reference_freq"`
	LL       float64 `json:"log_likelihood"`
	LogRatio float64 `json:"log_ratio"`
}

// Terms lists a code's distinctive stemmed terms against vs: "" or "rest"
// (the other coded fragments) or "code:OTHER"; with Dunning's
// log-likelihood (G²) for keyness and Hardie's log ratio for effect size.
// Only over-represented terms occurring at least 3 times are listed.
func (d *Dataset) Terms(key, vs string, n int) []Term {
	with := d.With(strings.ToUpper(key))
	var ref []Frag
	if strings.HasPrefix(vs, "code:") {
		ref = d.With(strings.ToUpper(strings.TrimPrefix(vs, "code:")))
	} else {
		ref = d.others(with)
	}
	return d.termsOf(with, ref, n)
}

// others returns the coded fragments outside with, evenly thinned to at
// most maxTermFragments.
func (d *Dataset) others(with []Frag) []Frag {
	in := make(map[string]bool, len(with))
	for _, f := range with {
		in[f.ID] = true
	}
	n := len(d.Frags) - len(in)
	step := 1
	if n > maxTermFragments {
		step = (n + maxTermFragments - 1) / maxTermFragments
	}
	var out []Frag
	k := 0
	for _, f := range d.Frags {
		if in[f.ID] {
			continue
		}
		if k%step == 0 {
			out = append(out, f)
		}
		k++
	}
	return out
}

// maxTermFragments bounds the fragments term statistics read per side:
// beyond it an evenly spread subset stands for the rest (keyness compares
// relative frequencies, which a subset of this size estimates closely).
const maxTermFragments = 2500

func spread(fs []Frag) []Frag {
	if len(fs) <= maxTermFragments {
		return fs
	}
	out := make([]Frag, 0, maxTermFragments)
	step := float64(len(fs)) / maxTermFragments
	for i := 0.0; int(i) < len(fs) && len(out) < maxTermFragments; i += step {
		out = append(out, fs[int(i)])
	}
	return out
}

func (d *Dataset) termsOf(target, ref []Frag, n int) []Term {
	tc, forms := d.countTerms(spread(target))
	rc, _ := d.countTerms(spread(ref))
	var c, dd float64
	for _, v := range tc {
		c += float64(v)
	}
	for _, v := range rc {
		dd += float64(v)
	}
	if c == 0 || dd == 0 {
		return nil
	}
	var out []Term
	for t, a := range tc {
		b := rc[t]
		if a < 3 {
			continue
		}
		fa, fb := float64(a), float64(b)
		e1 := c * (fa + fb) / (c + dd)
		e2 := dd * (fa + fb) / (c + dd)
		ll := 2 * fa * math.Log(fa/e1)
		if b > 0 {
			ll += 2 * fb * math.Log(fb/e2)
		}
		if fa/c <= fb/dd {
			continue // under-represented
		}
		bb := fb
		if bb == 0 {
			bb = 0.5
		}
		lr := math.Log2((fa / c) / (bb / dd))
		out = append(out, Term{Stem: t, Example: topForm(forms[t]), Target: a, Ref: b, LL: ll, LogRatio: lr})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].LL != out[j].LL {
			return out[i].LL > out[j].LL
		}
		return out[i].Stem < out[j].Stem
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

func splitWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) })
}

func (d *Dataset) countTerms(fs []Frag) (map[string]int, map[string]map[string]int) {
	counts := map[string]int{}
	forms := map[string]map[string]int{}
	for _, w := range d.wordsOf(fs) {
		for i := range w.ids {
			p := w.word(i)
			if len(p.form) < 3 || p.term == "" {
				continue
			}
			counts[p.term]++
			if forms[p.term] == nil {
				forms[p.term] = map[string]int{}
			}
			forms[p.term][p.form]++
		}
	}
	return counts, forms
}

func topForm(m map[string]int) string {
	best, n := "", -1
	for w, k := range m {
		if k > n || (k == n && w < best) {
			best, n = w, k
		}
	}
	return best
}

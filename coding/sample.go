package coding

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/plancoder/plancoder/arg"
	"github.com/plancoder/plancoder/store"
)

// SampleOptions say how to draw a reliability sample.
type SampleOptions struct {
	Name     string
	Docs     int      // draw this many documents at random
	DocIDs   []string // or take these documents
	Seed     uint64
	Stratify string // "", "type", "period" or "attr:KEY" (organisation attribute)
	Coders   []string
}

// CreateSample draws documents (stratified proportionally when asked, at
// least one per stratum where the number allows) and stores their
// fragments as a sample.
func CreateSample(st *store.Store, actor string, o SampleOptions) (store.Sample, error) {
	sm := store.Sample{Name: o.Name, Coders: o.Coders, Seed: o.Seed, Stratify: o.Stratify}
	if len(o.Coders) < 2 {
		return sm, fmt.Errorf("sample %s: %w", o.Name, &arg.Error{Name: "coders", Value: strings.Join(o.Coders, ","), Why: "name at least two coders"})
	}
	docs, err := st.Documents()
	if err != nil {
		return sm, err
	}
	switch {
	case len(o.DocIDs) > 0:
		known := map[string]bool{}
		for _, d := range docs {
			known[d.ID] = true
		}
		for _, id := range o.DocIDs {
			if !known[id] {
				return sm, fmt.Errorf("document %s: %w", id, store.ErrNotFound)
			}
		}
		sm.Docs = append(sm.Docs, o.DocIDs...)
	case o.Docs > 0:
		if o.Docs > len(docs) {
			return sm, fmt.Errorf("sample %s: %d documents asked, the project has %d", o.Name, o.Docs, len(docs))
		}
		key, err := stratumKey(st, o.Stratify)
		if err != nil {
			return sm, err
		}
		sm.Docs = draw(docs, o.Docs, key, o.Seed)
	default:
		return sm, fmt.Errorf("sample %s: %w", o.Name, arg.Missing("docs", "say how many documents to draw, or which to take", "doc"))
	}
	for _, id := range sm.Docs {
		frags, err := st.Fragments(id, 1, 0)
		if err != nil {
			return sm, err
		}
		for _, f := range frags {
			sm.Fragments = append(sm.Fragments, f.ID)
		}
	}
	return sm, st.PutSample(actor, sm)
}

func stratumKey(st *store.Store, by string) (func(store.Document) string, error) {
	switch {
	case by == "":
		return func(store.Document) string { return "" }, nil
	case by == "type":
		return func(d store.Document) string { return d.Type }, nil
	case by == "period":
		return func(d store.Document) string { return d.Period }, nil
	case strings.HasPrefix(by, "attr:"):
		attr := strings.TrimPrefix(by, "attr:")
		orgs, err := st.Organisations()
		if err != nil {
			return nil, err
		}
		val := map[string]string{}
		for _, o := range orgs {
			val[o.ID] = o.Attrs[attr]
		}
		return func(d store.Document) string { return val[d.Org] }, nil
	}
	return nil, arg.Bad("stratify", by, "type", "period", "attr:KEY")
}

// draw picks n documents, allocating to strata in proportion (largest
// remainders), at least one per stratum while n allows.
func draw(docs []store.Document, n int, key func(store.Document) string, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 31))
	strata := map[string][]string{}
	var names []string
	for _, d := range docs {
		k := key(d)
		if _, ok := strata[k]; !ok {
			names = append(names, k)
		}
		strata[k] = append(strata[k], d.ID)
	}
	sort.Strings(names)
	alloc := map[string]int{}
	type rem struct {
		name string
		frac float64
	}
	var rems []rem
	given := 0
	for _, s := range names {
		exact := float64(n) * float64(len(strata[s])) / float64(len(docs))
		alloc[s] = int(exact)
		given += alloc[s]
		rems = append(rems, rem{s, exact - float64(alloc[s])})
	}
	sort.SliceStable(rems, func(i, j int) bool { return rems[i].frac > rems[j].frac })
	for i := 0; given < n; i = (i + 1) % len(rems) {
		if alloc[rems[i].name] < len(strata[rems[i].name]) {
			alloc[rems[i].name]++
			given++
		}
	}
	// At least one per stratum where possible: take from the largest.
	for _, s := range names {
		if alloc[s] == 0 && n >= len(names) {
			big := names[0]
			for _, t := range names {
				if alloc[t] > alloc[big] {
					big = t
				}
			}
			if alloc[big] > 1 {
				alloc[big]--
				alloc[s]++
			}
		}
	}
	var out []string
	for _, s := range names {
		ids := append([]string(nil), strata[s]...)
		rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		out = append(out, ids[:alloc[s]]...)
	}
	sort.Strings(out)
	return out
}

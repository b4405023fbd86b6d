package coding

import (
	"sort"
	"strings"
	"time"

	"github.com/plancoder/plancoder/store"
)

// CoderProgress is one coder's work on one document (Doc "") or overall.
type CoderProgress struct {
	Coder     string  `json:"coder"`
	Doc       string  `json:"doc,omitempty"`
	Fragments int     `json:"fragments"` // in the document(s)
	Seen      int     `json:"seen"`
	Coded     int     `json:"coded"` // fragments with at least one code
	Codings   int     `json:"codings"`
	CodesUsed int     `json:"codes_used"`
	PerHour   float64 `json:"fragments_per_hour"`
}

// CodeProgress is how far one code reaches.
type CodeProgress struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	Fragments     int    `json:"fragments"`
	Documents     int    `json:"documents"`
	Organisations int    `json:"organisations"`
}

// Progress is the state of the coding work.
type Progress struct {
	Coders []CoderProgress `json:"coders"`
	Docs   []CoderProgress `json:"documents"`
	Codes  []CodeProgress  `json:"codes"`
}

// activeGap is the longest pause still counted as coding time for pace.
const activeGap = 10 * time.Minute

// Report computes progress from the store (never cached: invariant 6).
func Report(st *store.Store) (Progress, error) {
	var p Progress
	docs, err := st.Documents()
	if err != nil {
		return p, err
	}
	docOrg := map[string]string{}
	docFrags := map[string]int{}
	total := 0
	for _, d := range docs {
		docOrg[d.ID] = d.Org
		docFrags[d.ID] = d.Fragments
		total += d.Fragments
	}
	codings, err := st.Codings(store.CodingFilter{})
	if err != nil {
		return p, err
	}
	coders, err := st.Coders()
	if err != nil {
		return p, err
	}
	codes, err := st.Codes()
	if err != nil {
		return p, err
	}
	type key struct{ coder, doc string }
	coded := map[key]map[string]bool{}
	codingsN := map[key]int{}
	used := map[key]map[string]bool{}
	byCode := map[string]map[string]bool{}
	for _, c := range codings {
		doc := store.DocOf(c.Fragment)
		for _, k := range []key{{c.Coder, ""}, {c.Coder, doc}} {
			if coded[k] == nil {
				coded[k], used[k] = map[string]bool{}, map[string]bool{}
			}
			coded[k][c.Fragment] = true
			used[k][c.Code] = true
			codingsN[k]++
		}
		if byCode[c.Code] == nil {
			byCode[c.Code] = map[string]bool{}
		}
		byCode[c.Code][c.Fragment] = true
	}
	pace := paces(st)
	for _, coder := range coders {
		seen, err := st.Seen(coder)
		if err != nil {
			return p, err
		}
		seenDoc := map[string]int{}
		for id := range seen {
			seenDoc[store.DocOf(id)]++
		}
		k := key{coder, ""}
		p.Coders = append(p.Coders, CoderProgress{Coder: coder, Fragments: total, Seen: len(seen), Coded: len(coded[k]),
			Codings: codingsN[k], CodesUsed: len(used[k]), PerHour: pace[coder]})
		var docIDs []string
		for d := range seenDoc {
			docIDs = append(docIDs, d)
		}
		for kk := range coded {
			if kk.coder == coder && kk.doc != "" && seenDoc[kk.doc] == 0 {
				docIDs = append(docIDs, kk.doc)
			}
		}
		sort.Strings(docIDs)
		for _, d := range docIDs {
			k := key{coder, d}
			p.Docs = append(p.Docs, CoderProgress{Coder: coder, Doc: d, Fragments: docFrags[d], Seen: seenDoc[d],
				Coded: len(coded[k]), Codings: codingsN[k], CodesUsed: len(used[k])})
		}
	}
	for _, c := range codes {
		frags := byCode[c.Key]
		ds, os := map[string]bool{}, map[string]bool{}
		for f := range frags {
			ds[store.DocOf(f)] = true
			os[docOrg[store.DocOf(f)]] = true
		}
		p.Codes = append(p.Codes, CodeProgress{Code: c.Key, Name: c.Name, Fragments: len(frags), Documents: len(ds), Organisations: len(os)})
	}
	return p, nil
}

// paces computes fragments coded per active hour per coder from the event
// log: time between a coder's consecutive coding events counts when the
// pause is shorter than activeGap.
func paces(st *store.Store) map[string]float64 {
	last := map[string]time.Time{}
	active := map[string]time.Duration{}
	frags := map[string]map[string]bool{}
	st.Events(0, func(e store.Event) error {
		if !strings.HasPrefix(e.Action, "coding.") {
			return nil
		}
		if t, ok := last[e.Actor]; ok {
			if gap := e.Time.Sub(t); gap > 0 && gap < activeGap {
				active[e.Actor] += gap
			}
		}
		last[e.Actor] = e.Time
		if frags[e.Actor] == nil {
			frags[e.Actor] = map[string]bool{}
		}
		frags[e.Actor][e.Target] = true
		return nil
	})
	out := map[string]float64{}
	for c, d := range active {
		if d >= time.Minute {
			out[c] = float64(len(frags[c])) / d.Hours()
		}
	}
	return out
}

// SampleCoder is one coder's progress on a sample: units seen of all.
type SampleCoder struct {
	Coder string `json:"coder"`
	Seen  int    `json:"seen"`
	Of    int    `json:"of"`
}

// SampleProgress is how far each coder of sample sm has looked at its
// units (what `sample show` and the admin pages print).
func SampleProgress(st *store.Store, sm store.Sample) ([]SampleCoder, error) {
	in := make(map[string]bool, len(sm.Fragments))
	for _, f := range sm.Fragments {
		in[f] = true
	}
	out := make([]SampleCoder, 0, len(sm.Coders))
	for _, coder := range sm.Coders {
		seen, err := st.Seen(coder)
		if err != nil {
			return nil, err
		}
		n := 0
		for id := range seen {
			if in[id] {
				n++
			}
		}
		out = append(out, SampleCoder{Coder: coder, Seen: n, Of: len(sm.Fragments)})
	}
	return out, nil
}

package demo

import (
	"math/rand/v2"
	"strings"
	"time"
	"unicode"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

// SimulateOptions describe simulated coders for demo projects.
type SimulateOptions struct {
	Coders    []string // coder names
	Docs      []string // documents each coder codes in full
	ErrorRate float64  // chance per fragment of a slip: a code missed or a wrong one added
	Seed      uint64
	Start     time.Time // the first coding's time; each next one a few seconds later
	// Confuse makes the coders put the second code where the first
	// belongs, at ConfuseRate: a definition they read differently.
	Confuse     map[string]string
	ConfuseRate float64
}

// Simulate codes documents the way a careful but human coder would: a
// fragment gets a code when it uses the code's characteristic words (the
// stems of the code's name), with slips at ErrorRate. It writes in bulk
// transactions through the store, so a demo builds fast; every coding is
// still in the event log.
func Simulate(st *store.Store, o SimulateOptions) (int, error) {
	codes, err := st.Codes()
	if err != nil || len(codes) == 0 {
		return 0, err
	}
	cues := map[string][]string{}
	for _, c := range codes {
		cues[c.Key] = cueStems(c.Name)
	}
	n := 0
	for ci, coder := range o.Coders {
		rng := rand.New(rand.NewPCG(o.Seed, uint64(ci)+1))
		var batch []store.Coding
		var seen []string
		t := o.Start.Add(time.Duration(ci) * 24 * time.Hour)
		for _, doc := range o.Docs {
			frags, err := st.Fragments(doc, 1, 0)
			if err != nil {
				return n, err
			}
			for _, f := range frags {
				seen = append(seen, f.ID)
				if f.Kind == store.KindHeading {
					continue
				}
				terms := map[string]bool{}
				for _, term := range index.Terms(f.Text) {
					terms[term] = true
				}
				var got []string
				for _, c := range codes {
					hit := false
					for _, cue := range cues[c.Key] {
						if terms[cue] {
							hit = true
						}
					}
					if hit {
						got = append(got, c.Key)
					}
				}
				for i, k := range got {
					if to, ok := o.Confuse[k]; ok && rng.Float64() < o.ConfuseRate {
						got[i] = to
					}
				}
				if rng.Float64() < o.ErrorRate {
					if len(got) > 0 && rng.IntN(2) == 0 {
						got = got[:len(got)-1] // missed one
					} else {
						got = append(got, codes[rng.IntN(len(codes))].Key) // a wrong one
					}
				}
				for _, k := range dedupe(got) {
					t = t.Add(time.Duration(5+rng.IntN(40)) * time.Second)
					batch = append(batch, store.Coding{Fragment: f.ID, Code: k, Coder: coder, Time: t})
				}
			}
		}
		if err := st.AddCodings(batch...); err != nil {
			return n, err
		}
		if _, err := st.MarkSeen(coder, store.SeenAt(t, seen...), false); err != nil {
			return n, err
		}
		n += len(batch)
	}
	return n, nil
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// cueStems are the stems of a code name's content words: "Vrijwilligers
// en vrijwilligersbeleid" -> vrijwilliger, vrijwilligersbeleid.
func cueStems(name string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(w)) < 5 {
			continue
		}
		out = append(out, index.Terms(w)...)
	}
	return out
}

package coding

import (
	"errors"
	"sort"
	"time"

	"github.com/plancoder/plancoder/store"
)

// SampleSize is how much agreement data a sample holds, for choosing the
// sample a report rests on.
type SampleSize struct {
	Name     string    `json:"name"`
	Coders   int       `json:"coders"`
	Units    int       `json:"units"`              // fragments, by UnitRule
	Complete int       `json:"units_coded_by_all"` // units every coder looked at
	Pairable int       `json:"pairable_values"`    // values in units with at least two (code sets)
	Created  time.Time `json:"created"`
}

// Enough says whether the sample reaches SampleMinPairable.
func (z SampleSize) Enough() bool { return z.Coders >= 2 && z.Pairable >= SampleMinPairable }

// SampleSizes measures every sample of the project.
func SampleSizes(st *store.Store) ([]SampleSize, error) {
	all, err := st.Samples()
	if err != nil {
		return nil, err
	}
	out := make([]SampleSize, 0, len(all))
	for _, sm := range all {
		z := SampleSize{Name: sm.Name, Coders: len(sm.Coders), Created: sm.Created}
		d, err := loadSample(st, sm, sm.Coders)
		if err != nil {
			return nil, err
		}
		z.Units = len(d.frags)
		if z.Coders >= 2 {
			z.Complete = d.complete()
			for _, id := range d.frags {
				n := 0
				for c := range d.coders {
					if d.seen[c][id] {
						n++
					}
				}
				if n >= 2 {
					z.Pairable += n
				}
			}
		}
		out = append(out, z)
	}
	return out, nil
}

// ErrNoSample means no sample has enough data to rest a report on.
var ErrNoSample = errors.New("no sample has enough pairable values")

// BestSample is the sample with the most pairable values (ties: the newest,
// then the name), provided it reaches SampleMinPairable; otherwise it
// returns the largest with ErrNoSample (zero SampleSize when there is no
// sample at all), so the caller can say why there is no verdict.
func BestSample(sizes []SampleSize) (SampleSize, error) {
	if len(sizes) == 0 {
		return SampleSize{}, ErrNoSample
	}
	s := append([]SampleSize(nil), sizes...)
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.Enough() != b.Enough() {
			return a.Enough()
		}
		if a.Pairable != b.Pairable {
			return a.Pairable > b.Pairable
		}
		if !a.Created.Equal(b.Created) {
			return a.Created.After(b.Created)
		}
		return a.Name < b.Name
	})
	if !s[0].Enough() {
		return s[0], ErrNoSample
	}
	return s[0], nil
}

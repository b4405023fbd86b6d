package coding

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/plancoder/plancoder/reliability"
	"github.com/plancoder/plancoder/store"
)

// CodeAgreement is the reliability of one code on a sample: each fragment
// is present/absent per coder; a coder who did not look at a fragment is
// missing, not "absent".
type CodeAgreement struct {
	Code    string                   `json:"code"`
	Name    string                   `json:"name"`
	Stats   reliability.Stats        `json:"stats"`
	Verdict string                   `json:"verdict"` // reliable, tentative, not reliable, undefined or too little data
	Used    int                      `json:"codings"`
	CI      *reliability.BootstrapCI `json:"bootstrap,omitempty"`
	// Present is how many of the pairable values say "present";
	// MinPairable is the minimum number of pairable values for a code so
	// distributed (reliability.MinPairable; -1: no number is enough, the
	// code was never or always used). A code below it is sparse: its
	// alpha is printed but gets no verdict.
	Present     int  `json:"present_values"`
	MinPairable int  `json:"min_pairable_values"`
	Enough      bool `json:"enough_data"`
}

// Swap is a pair of codes coders gave the same fragment instead of each
// other.
type Swap struct {
	A     string `json:"a"`
	B     string `json:"b"`
	Count int    `json:"count"`
}

// SampleAgreement is the agreement report for a sample.
type SampleAgreement struct {
	Sample   string   `json:"sample"`
	Coders   []string `json:"coders"`
	UnitRule string   `json:"unit_rule"`
	// Fragments are the units of agreement (UnitRule); Complete those
	// every coder has looked at.
	Fragments int `json:"fragments"`
	Complete  int `json:"units_coded_by_all"`
	// MinPairable is the sample's floor (SampleMinPairable); below it the
	// overall alpha gets no verdict and the report does not pick the
	// sample by itself.
	MinPairable int                      `json:"min_pairable_values"`
	Enough      bool                     `json:"enough_data"`
	Codes       []CodeAgreement          `json:"codes"` // worst first
	Overall     reliability.Stats        `json:"overall_masi"`
	OverallCI   *reliability.BootstrapCI `json:"overall_bootstrap,omitempty"`
	MeanAlpha   reliability.Coefficient  `json:"mean_code_alpha"` // over the codes with enough data
	Verdict     string                   `json:"verdict"`
	Swaps       []Swap                   `json:"confusions"`
}

// AgreeOptions tune a sample agreement report.
type AgreeOptions struct {
	Coders    []string // default: the sample's coders
	Codes     []string // default: every code in the codebook
	Bootstrap int      // draws; 0 for none
	Seed      uint64
	Threshold float64 // for the probability that alpha is below it (default .667)
}

// UnitRule is the unit of agreement, the same in sample show, agree, the
// report, theme and matrix: every fragment, headings included. Coders see
// headings in their queue and can code them, and codings on headings
// count in theme, matrix and the report; leaving headings out of the
// agreement would leave codings that count unchecked. A heading nobody
// coded is an agreed "absent", which Krippendorff's alpha, unlike percent
// agreement, corrects for by chance.
const UnitRule = "every fragment of the sample, headings included"

// SampleMinPairable is the floor of pairable values below which a sample
// gets no overall verdict: Krippendorff's minimum (reliability.MinPairable)
// for the most favourable distribution, pc = .5, at alpha >= .667 and
// p = .05. Below it no code, however distributed, has enough data.
var SampleMinPairable = reliability.MinPairable(0.5, reliability.MinAlpha, reliability.ZP05)

// TooLittleData is the verdict of a code or sample below its minimum.
const TooLittleData = "too little data"

// sampleData is what agreement needs of a sample, read once.
type sampleData struct {
	frags  []string
	coders []string
	seen   []map[string]bool     // per coder
	codes  []map[string][]string // per coder: fragment -> codes
}

func loadSample(st *store.Store, sm store.Sample, coders []string) (*sampleData, error) {
	d := &sampleData{coders: coders}
	for _, id := range sm.Fragments {
		if _, err := st.Fragment(id); err != nil {
			continue // an orphaned reference: check reports it
		}
		d.frags = append(d.frags, id) // headings too: see UnitRule
	}
	inSample := map[string]bool{}
	for _, id := range d.frags {
		inSample[id] = true
	}
	for _, c := range coders {
		seen, err := st.Seen(c)
		if err != nil {
			return nil, err
		}
		byFrag := map[string][]string{}
		if err := st.EachCoding(store.CodingFilter{Coder: c}, func(id, _, code string) {
			if inSample[id] {
				byFrag[id] = append(byFrag[id], code)
			}
		}); err != nil {
			return nil, err
		}
		s := map[string]bool{}
		for id := range seen {
			if inSample[id] {
				s[id] = true
			}
		}
		for id := range byFrag {
			s[id] = true
		}
		d.seen = append(d.seen, s)
		d.codes = append(d.codes, byFrag)
	}
	return d, nil
}

var absent, present = "0", "1"

// codeMatrix is the present/absent matrix of one code.
func (d *sampleData) codeMatrix(code string) reliability.Matrix {
	m := reliability.Matrix{Coders: d.coders, Values: make([][]*string, 0, len(d.frags))}
	for _, id := range d.frags {
		row := make([]*string, len(d.coders))
		for c := range d.coders {
			if !d.seen[c][id] {
				continue
			}
			row[c] = &absent
			for _, k := range d.codes[c][id] {
				if k == code {
					row[c] = &present
				}
			}
		}
		m.Units = append(m.Units, id)
		m.Values = append(m.Values, row)
	}
	return m
}

// setMatrix is the matrix of code sets.
func (d *sampleData) setMatrix() reliability.Matrix {
	m := reliability.Matrix{Coders: d.coders}
	for _, id := range d.frags {
		row := make([]*string, len(d.coders))
		for c := range d.coders {
			if d.seen[c][id] {
				row[c] = reliability.Value(strings.Join(d.codes[c][id], ";"))
			}
		}
		m.Units = append(m.Units, id)
		m.Values = append(m.Values, row)
	}
	return m
}

// presentPairable counts the "present" values among the pairable values
// (those in units with at least two values) of a code's matrix.
func presentPairable(m reliability.Matrix) int {
	n := 0
	for _, row := range m.Values {
		vals, yes := 0, 0
		for _, v := range row {
			if v != nil {
				vals++
				if *v == present {
					yes++
				}
			}
		}
		if vals >= 2 {
			n += yes
		}
	}
	return n
}

// complete counts the units every coder has looked at.
func (d *sampleData) complete() int {
	n := 0
	for _, id := range d.frags {
		all := true
		for c := range d.coders {
			all = all && d.seen[c][id]
		}
		if all {
			n++
		}
	}
	return n
}

// ErrNoCoders means a sample report has fewer than two coders.
var ErrNoCoders = errors.New("agreement needs at least two coders")

// AgreeSample computes the agreement report of a sample from the store.
func AgreeSample(st *store.Store, name string, o AgreeOptions) (*SampleAgreement, error) {
	sm, err := st.Sample(name)
	if err != nil {
		return nil, err
	}
	coders := o.Coders
	if len(coders) == 0 {
		coders = sm.Coders
	}
	if len(coders) < 2 {
		return nil, ErrNoCoders
	}
	if o.Threshold == 0 {
		o.Threshold = 0.667
	}
	d, err := loadSample(st, sm, coders)
	if err != nil {
		return nil, err
	}
	all, err := st.Codes()
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, c := range o.Codes {
		want[strings.ToUpper(c)] = true
	}
	rep := &SampleAgreement{Sample: name, Coders: coders, UnitRule: UnitRule, Fragments: len(d.frags), Complete: d.complete(), MinPairable: SampleMinPairable}
	var codes []store.Code
	for _, c := range all {
		if len(want) == 0 || want[c.Key] {
			codes = append(codes, c)
		}
	}
	if len(want) > 0 && len(codes) != len(want) {
		return nil, fmt.Errorf("unknown code among %s", strings.Join(o.Codes, ","))
	}
	rep.Codes = make([]CodeAgreement, len(codes))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				c := codes[i]
				m := d.codeMatrix(c.Key)
				stats, err := reliability.Compute(m, reliability.Nominal)
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					continue
				}
				if stats.Alpha.Value == nil && strings.Contains(stats.Alpha.Reason, "no variation") {
					stats.Alpha.Reason = "no variation: every coder judged every fragment the same way (often: nobody used the code)"
				}
				ca := CodeAgreement{Code: c.Key, Name: c.Name, Stats: stats, Verdict: reliability.Verdict(stats.Alpha)}
				ca.Present = presentPairable(m)
				pc := 0.0
				if stats.PairableValues > 0 {
					pc = float64(ca.Present) / float64(stats.PairableValues)
				}
				ca.MinPairable = reliability.MinPairable(pc, reliability.MinAlpha, reliability.ZP05)
				ca.Enough = ca.MinPairable >= 0 && stats.PairableValues >= ca.MinPairable
				if !ca.Enough && stats.Alpha.Value != nil {
					ca.Verdict = TooLittleData
				}
				for ci := range d.coders {
					for _, ks := range d.codes[ci] {
						for _, k := range ks {
							if k == c.Key {
								ca.Used++
							}
						}
					}
				}
				if o.Bootstrap > 0 && stats.Alpha.Value != nil {
					if draws, err := reliability.Bootstrap(m, reliability.Nominal, o.Bootstrap, o.Seed+uint64(i)); err == nil {
						ci := reliability.Summarise(draws, o.Threshold)
						ca.CI = &ci
					}
				}
				rep.Codes[i] = ca
			}
		}()
	}
	for i := range codes {
		next <- i
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	sort.SliceStable(rep.Codes, func(i, j int) bool {
		a, b := rep.Codes[i].Stats.Alpha.Value, rep.Codes[j].Stats.Alpha.Value
		switch {
		case a == nil && b == nil:
			return rep.Codes[i].Code < rep.Codes[j].Code
		case a == nil:
			return false // undefined last
		case b == nil:
			return true
		}
		return *a < *b
	})
	sm2 := d.setMatrix()
	if rep.Overall, err = reliability.Compute(sm2, reliability.Set); err != nil {
		return nil, err
	}
	rep.Verdict = reliability.Verdict(rep.Overall.Alpha)
	rep.Enough = rep.Overall.PairableValues >= rep.MinPairable
	if !rep.Enough && rep.Overall.Alpha.Value != nil {
		rep.Verdict = TooLittleData
	}
	if o.Bootstrap > 0 && rep.Overall.Alpha.Value != nil {
		if draws, err := reliability.Bootstrap(sm2, reliability.Set, o.Bootstrap, o.Seed); err == nil {
			ci := reliability.Summarise(draws, o.Threshold)
			rep.OverallCI = &ci
		}
	}
	sum, n := 0.0, 0
	for _, c := range rep.Codes {
		if c.Stats.Alpha.Value != nil && c.Enough {
			sum += *c.Stats.Alpha.Value
			n++
		}
	}
	if n > 0 {
		mean := sum / float64(n)
		rep.MeanAlpha = reliability.Coefficient{Value: &mean}
	} else {
		rep.MeanAlpha = reliability.Coefficient{Reason: "no code has enough data for a defined alpha"}
	}
	rep.Swaps = d.swaps()
	return rep, nil
}

// swaps counts, over fragments and coder pairs, the codes one coder gave
// where the other gave a different one: the pairs of codes coders confuse.
func (d *sampleData) swaps() []Swap {
	count := map[[2]string]int{}
	for _, id := range d.frags {
		for a := 0; a < len(d.coders); a++ {
			for b := a + 1; b < len(d.coders); b++ {
				if !d.seen[a][id] || !d.seen[b][id] {
					continue
				}
				onlyA, onlyB := diff(d.codes[a][id], d.codes[b][id]), diff(d.codes[b][id], d.codes[a][id])
				for _, x := range onlyA {
					for _, y := range onlyB {
						k := [2]string{x, y}
						if y < x {
							k = [2]string{y, x}
						}
						count[k]++
					}
				}
			}
		}
	}
	var out []Swap
	for k, n := range count {
		out = append(out, Swap{A: k[0], B: k[1], Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].A+out[i].B < out[j].A+out[j].B
	})
	if len(out) > 15 {
		out = out[:15]
	}
	return out
}

func diff(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

// Disagreement is a sample fragment on which coders differ.
type Disagreement struct {
	Fragment string              `json:"fragment"`
	ByCoder  map[string][]string `json:"by_coder"`
}

// Disagreements lists the sample fragments where the coders' code sets
// differ (only coders who looked at the fragment count), optionally only
// where they differ on code.
func Disagreements(st *store.Store, name, code string, coders []string) ([]Disagreement, error) {
	sm, err := st.Sample(name)
	if err != nil {
		return nil, err
	}
	if len(coders) == 0 {
		coders = sm.Coders
	}
	d, err := loadSample(st, sm, coders)
	if err != nil {
		return nil, err
	}
	var out []Disagreement
	for _, id := range d.frags {
		by := map[string][]string{}
		var sets []string
		for c, name := range d.coders {
			if !d.seen[c][id] {
				continue
			}
			cs := append([]string(nil), d.codes[c][id]...)
			sort.Strings(cs)
			if code != "" {
				has := false
				for _, k := range cs {
					has = has || k == code
				}
				sets = append(sets, fmt.Sprint(has))
			} else {
				sets = append(sets, strings.Join(cs, ";"))
			}
			by[name] = cs
		}
		if len(sets) < 2 {
			continue
		}
		same := true
		for _, s := range sets[1:] {
			same = same && s == sets[0]
		}
		if !same {
			out = append(out, Disagreement{Fragment: id, ByCoder: by})
		}
	}
	return out, nil
}

// Table is the per-code agreement as `agree --format csv` writes it (no
// bootstrap columns): the JSON field names as header, worst code first; an
// undefined coefficient is "–", a code without a finite minimum has an
// empty min_pairable_values. The web's reliability page shows the same.
func (r *SampleAgreement) Table() (header []string, rows [][]string) {
	kappaLong := "cohen_kappa_mean_pairwise"
	kappa := func(st reliability.Stats) reliability.Coefficient { return st.CohenMean }
	if len(r.Coders) == 2 {
		kappaLong = "cohen_kappa"
		kappa = func(st reliability.Stats) reliability.Coefficient { return st.CohenKappa }
	}
	short := func(c reliability.Coefficient) string {
		if c.Value == nil {
			return "–"
		}
		return c.String()
	}
	header = []string{"code", "name", "krippendorff_alpha", "verdict", "percent_agreement", kappaLong, "fleiss_kappa", "codings", "units", "pairable_values", "min_pairable_values", "enough_data"}
	for _, ca := range r.Codes {
		minimum := fmt.Sprint(ca.MinPairable)
		if ca.MinPairable < 0 {
			minimum = ""
		}
		rows = append(rows, []string{ca.Code, ca.Name, short(ca.Stats.Alpha), ca.Verdict, ca.Stats.PercentAgreement.String(),
			short(kappa(ca.Stats)), short(ca.Stats.FleissKappa), fmt.Sprint(ca.Used), fmt.Sprint(ca.Stats.Units),
			fmt.Sprint(ca.Stats.PairableValues), minimum, fmt.Sprint(ca.Enough)})
	}
	return header, rows
}

// Package reliability computes inter-coder reliability coefficients
// (Krippendorff's alpha, Cohen's and Fleiss' kappa, Scott's pi, percent
// agreement, MASI, bootstrap intervals) on a plain reliability matrix. It is
// apart from the coding workflow so the statistics can be checked against
// the literature on their own.
package reliability

// Reliability coefficients on a plain reliability matrix: units (rows) by
// coders (columns), each cell a value or missing. This file has no
// dependencies beyond the standard library so it can be checked against the
// literature directly; see reliability_test.go for the published cases.
//
// Definitions (Krippendorff 2011; Hayes & Krippendorff 2007; Cohen 1960;
// Scott 1955; Fleiss 1971; Passonneau 2006):
//
//   - Pairable values: the values in units with at least two values; n is
//     their number. A unit with one value says nothing about agreement.
//   - Krippendorff's alpha = 1 - Do/De, with observed disagreement
//     Do = (1/n) Σ_c Σ_k o_ck δ²(c,k), where the coincidence o_ck counts, in
//     every unit u with m_u values, the ordered pairs of values (c,k) from
//     different coders divided by m_u - 1; and expected disagreement
//     De = (1/(n(n-1))) Σ_c Σ_k n_c n_k δ²(c,k) over the value totals n_c.
//     δ² is 0/1 (nominal), the ordinal metric Σ_{g=c..k} n_g - (n_c+n_k)/2
//     squared, (c-k)² (interval), ((c-k)/(c+k))² (ratio), or 1 - MASI for
//     sets of codes. De = 0 (no variation) leaves alpha undefined.
//   - Percent agreement: over units with at least two values, the mean share
//     of pairs of coders whose values are equal.
//   - Cohen's kappa (two coders, units both coded): (po - pe)/(1 - pe), pe
//     from each coder's own marginals. Scott's pi: the same with pe from the
//     pooled marginals. Fleiss' kappa: for units that all have the same
//     number of ratings m >= 2: (P̄ - P̄e)/(1 - P̄e).

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
)

// Level is the measurement level of the values.
type Level string

// Levels of measurement.
const (
	Nominal  Level = "nominal"
	Ordinal  Level = "ordinal"
	Interval Level = "interval"
	Ratio    Level = "ratio"
	Set      Level = "set" // sets of codes, MASI distance
)

// ParseLevel reads a level name.
func ParseLevel(s string) (Level, error) {
	switch l := Level(strings.ToLower(s)); l {
	case Nominal, Ordinal, Interval, Ratio, Set:
		return l, nil
	}
	return "", fmt.Errorf("level %q: use nominal, ordinal, interval, ratio or set", s)
}

// Matrix is reliability data: Values[u][c] is coder c's value for unit u,
// "" when missing. Set values list codes separated by ";" ("" inside a
// present cell is written as the empty set: use Empty for it).
type Matrix struct {
	Units  []string
	Coders []string
	Values [][]*string
}

// Value makes a present cell.
func Value(s string) *string { return &s }

// Coefficient is a value or the reason it is undefined.
type Coefficient struct {
	Value  *float64 `json:"value"`
	Reason string   `json:"reason,omitempty"`
}

func defined(v float64) Coefficient { return Coefficient{Value: &v} }
func undefined(reason string) Coefficient {
	return Coefficient{Reason: reason}
}

// String prints the value to three decimals, or the reason.
func (c Coefficient) String() string {
	if c.Value == nil {
		return "undefined (" + c.Reason + ")"
	}
	return strconv.FormatFloat(*c.Value, 'f', 3, 64)
}

// Stats are the coefficients for one matrix.
type Stats struct {
	Alpha            Coefficient            `json:"krippendorff_alpha"`
	PercentAgreement Coefficient            `json:"percent_agreement"`
	CohenKappa       Coefficient            `json:"cohen_kappa"`
	CohenPairs       map[string]Coefficient `json:"cohen_kappa_pairs"`
	CohenMean        Coefficient            `json:"cohen_kappa_mean_pairwise"`
	ScottPi          Coefficient            `json:"scott_pi"`
	FleissKappa      Coefficient            `json:"fleiss_kappa"`
	Units            int                    `json:"units"`
	PairableValues   int                    `json:"pairable_values"`
}

// prepared is a matrix reduced to category indices per unit.
type prepared struct {
	cats   []string  // distinct values
	nums   []float64 // numeric value of each category (interval, ratio, ordinal order)
	sets   [][]string
	units  [][]int // per unit, category index per coder, -1 missing
	coders int
}

func prepare(m Matrix, level Level) (*prepared, error) {
	p := &prepared{coders: len(m.Coders)}
	index := map[string]int{}
	for u, row := range m.Values {
		if len(row) != len(m.Coders) {
			return nil, fmt.Errorf("unit %d has %d cells for %d coders", u+1, len(row), len(m.Coders))
		}
		cells := make([]int, len(row))
		for c, v := range row {
			if v == nil {
				cells[c] = -1
				continue
			}
			key := *v
			if level == Set {
				key = canonicalSet(key)
			}
			i, ok := index[key]
			if !ok {
				i = len(p.cats)
				index[key] = i
				p.cats = append(p.cats, key)
			}
			cells[c] = i
		}
		p.units = append(p.units, cells)
	}
	switch level {
	case Interval, Ratio, Ordinal:
		for _, c := range p.cats {
			f, err := strconv.ParseFloat(strings.TrimSpace(c), 64)
			if err != nil {
				if level == Ordinal {
					return nil, fmt.Errorf("ordinal value %q: give ranks as numbers", c)
				}
				return nil, fmt.Errorf("%s value %q is not a number", level, c)
			}
			if level == Ratio && f < 0 {
				return nil, fmt.Errorf("ratio value %v is negative", f)
			}
			p.nums = append(p.nums, f)
		}
	case Set:
		for _, c := range p.cats {
			p.sets = append(p.sets, splitSet(c))
		}
	}
	return p, nil
}

// canonicalSet sorts and dedupes a ";"-list so equal sets are one value.
func canonicalSet(s string) string { return strings.Join(splitSet(s), ";") }

func splitSet(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range strings.Split(s, ";") {
		if x = strings.TrimSpace(x); x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

// MASI is Passonneau's (2006) Measuring Agreement on Set-valued Items:
// Jaccard times a monotonicity weight (1 identical, 2/3 one a subset of the
// other, 1/3 overlapping, 0 disjoint). Two empty sets agree fully.
func MASI(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	in := map[string]bool{}
	for _, x := range a {
		in[x] = true
	}
	inter := 0
	for _, x := range b {
		if in[x] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	j := float64(inter) / float64(union)
	var m float64
	switch {
	case inter == len(a) && inter == len(b):
		m = 1
	case inter == len(a) || inter == len(b):
		m = 2.0 / 3
	case inter > 0:
		m = 1.0 / 3
	default:
		m = 0
	}
	return j * m
}

// distances builds δ²(c,k) for every pair of categories.
func (p *prepared) distances(level Level, totals []float64) [][]float64 {
	k := len(p.cats)
	d := make([][]float64, k)
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	if level == Ordinal {
		sort.Slice(order, func(a, b int) bool { return p.nums[order[a]] < p.nums[order[b]] })
	}
	rank := make([]int, k)
	for r, i := range order {
		rank[i] = r
	}
	for a := 0; a < k; a++ {
		d[a] = make([]float64, k)
		for b := 0; b < k; b++ {
			if a == b {
				continue
			}
			switch level {
			case Nominal:
				d[a][b] = 1
			case Interval:
				x := p.nums[a] - p.nums[b]
				d[a][b] = x * x
			case Ratio:
				if s := p.nums[a] + p.nums[b]; s != 0 {
					x := (p.nums[a] - p.nums[b]) / s
					d[a][b] = x * x
				}
			case Ordinal:
				lo, hi := rank[a], rank[b]
				if lo > hi {
					lo, hi = hi, lo
				}
				sum := 0.0
				for r := lo; r <= hi; r++ {
					sum += totals[order[r]]
				}
				x := sum - (totals[a]+totals[b])/2
				d[a][b] = x * x
			case Set:
				d[a][b] = 1 - MASI(p.sets[a], p.sets[b])
			}
		}
	}
	return d
}

// coincidences returns o_ck, the value totals n_c and n, over pairable
// units.
func (p *prepared) coincidences() ([][]float64, []float64, float64) {
	k := len(p.cats)
	o := make([][]float64, k)
	for i := range o {
		o[i] = make([]float64, k)
	}
	for _, cells := range p.units {
		var vals []int
		for _, c := range cells {
			if c >= 0 {
				vals = append(vals, c)
			}
		}
		m := len(vals)
		if m < 2 {
			continue
		}
		w := 1 / float64(m-1)
		for i := 0; i < m; i++ {
			for j := 0; j < m; j++ {
				if i != j {
					o[vals[i]][vals[j]] += w
				}
			}
		}
	}
	totals := make([]float64, k)
	n := 0.0
	for c := 0; c < k; c++ {
		for kk := 0; kk < k; kk++ {
			totals[c] += o[c][kk]
		}
		n += totals[c]
	}
	return o, totals, n
}

// alphaFrom computes alpha from coincidences, totals and distances.
func alphaFrom(o [][]float64, totals []float64, n float64, d [][]float64) (float64, float64, bool) {
	if n < 2 {
		return 0, 0, false
	}
	do, de := 0.0, 0.0
	for c := range o {
		for k := range o {
			do += o[c][k] * d[c][k]
			de += totals[c] * totals[k] * d[c][k]
		}
	}
	do /= n
	de /= n * (n - 1)
	if de == 0 {
		return 0, 0, false
	}
	return 1 - do/de, de, true
}

// Compute runs every coefficient on m at level.
func Compute(m Matrix, level Level) (Stats, error) {
	var st Stats
	p, err := prepare(m, level)
	if err != nil {
		return st, err
	}
	o, totals, n := p.coincidences()
	st.PairableValues = int(math.Round(n))
	for _, cells := range p.units {
		for _, c := range cells {
			if c >= 0 {
				st.Units++
				break
			}
		}
	}
	if n < 2 {
		st.Alpha = undefined("fewer than two pairable values")
	} else if a, _, ok := alphaFrom(o, totals, n, p.distances(level, totals)); ok {
		st.Alpha = defined(a)
	} else {
		st.Alpha = undefined("no variation: every pairable value is the same, so expected disagreement is 0")
	}
	st.PercentAgreement = percentAgreement(p)
	st.CohenPairs = map[string]Coefficient{}
	var sum float64
	var nDefined int
	for a := 0; a < p.coders; a++ {
		for b := a + 1; b < p.coders; b++ {
			k := cohen(p, a, b, false)
			st.CohenPairs[m.Coders[a]+"~"+m.Coders[b]] = k
			if k.Value != nil {
				sum += *k.Value
				nDefined++
			}
		}
	}
	switch {
	case p.coders == 2:
		st.CohenKappa = st.CohenPairs[m.Coders[0]+"~"+m.Coders[1]]
		st.ScottPi = cohen(p, 0, 1, true)
	default:
		st.CohenKappa = undefined(fmt.Sprintf("Cohen's kappa is for two coders; there are %d (see the pairs and their mean)", p.coders))
		st.ScottPi = undefined(fmt.Sprintf("Scott's pi is for two coders; there are %d", p.coders))
	}
	if nDefined > 0 {
		st.CohenMean = defined(sum / float64(nDefined))
	} else {
		st.CohenMean = undefined("no coder pair has a defined kappa")
	}
	st.FleissKappa = fleiss(p)
	return st, nil
}

func percentAgreement(p *prepared) Coefficient {
	total, units := 0.0, 0
	for _, cells := range p.units {
		var vals []int
		for _, c := range cells {
			if c >= 0 {
				vals = append(vals, c)
			}
		}
		if len(vals) < 2 {
			continue
		}
		agree, pairs := 0, 0
		for i := 0; i < len(vals); i++ {
			for j := i + 1; j < len(vals); j++ {
				pairs++
				if vals[i] == vals[j] {
					agree++
				}
			}
		}
		total += float64(agree) / float64(pairs)
		units++
	}
	if units == 0 {
		return undefined("no unit has values from two coders")
	}
	return defined(total / float64(units))
}

// cohen is Cohen's kappa (or Scott's pi with pooled marginals) for coders a
// and b on the units both coded.
func cohen(p *prepared, a, b int, pooled bool) Coefficient {
	k := len(p.cats)
	ma, mb := make([]float64, k), make([]float64, k)
	agree, n := 0.0, 0.0
	for _, cells := range p.units {
		x, y := cells[a], cells[b]
		if x < 0 || y < 0 {
			continue
		}
		n++
		ma[x]++
		mb[y]++
		if x == y {
			agree++
		}
	}
	if n == 0 {
		return undefined("the two coders have no unit in common")
	}
	po := agree / n
	pe := 0.0
	for c := 0; c < k; c++ {
		if pooled {
			q := (ma[c] + mb[c]) / (2 * n)
			pe += q * q
		} else {
			pe += (ma[c] / n) * (mb[c] / n)
		}
	}
	if pe == 1 {
		return undefined("no variation: both coders gave one and the same value throughout, so chance agreement is 1")
	}
	return defined((po - pe) / (1 - pe))
}

func fleiss(p *prepared) Coefficient {
	m := -1
	var rows [][]int
	for _, cells := range p.units {
		var vals []int
		for _, c := range cells {
			if c >= 0 {
				vals = append(vals, c)
			}
		}
		if len(vals) == 0 {
			continue
		}
		if m == -1 {
			m = len(vals)
		} else if len(vals) != m {
			return undefined("units have different numbers of ratings (missing values); Fleiss' kappa needs the same number for every unit")
		}
		rows = append(rows, vals)
	}
	if m < 2 {
		return undefined("fewer than two ratings per unit")
	}
	return FleissCounts(countRows(rows, len(p.cats)))
}

func countRows(rows [][]int, k int) [][]int {
	out := make([][]int, len(rows))
	for i, r := range rows {
		out[i] = make([]int, k)
		for _, c := range r {
			out[i][c]++
		}
	}
	return out
}

// FleissCounts is Fleiss' kappa from a subjects × categories table of how
// many raters put each subject in each category (equal row sums).
func FleissCounts(t [][]int) Coefficient {
	if len(t) == 0 {
		return undefined("no subjects")
	}
	m := 0
	for _, c := range t[0] {
		m += c
	}
	if m < 2 {
		return undefined("fewer than two ratings per subject")
	}
	k := len(t[0])
	pj := make([]float64, k)
	pbar := 0.0
	for _, row := range t {
		s, sq := 0, 0
		for j, c := range row {
			s += c
			sq += c * c
			pj[j] += float64(c)
		}
		if s != m {
			return undefined("subjects have different numbers of ratings")
		}
		pbar += float64(sq-m) / float64(m*(m-1))
	}
	n := float64(len(t))
	pbar /= n
	pe := 0.0
	for j := range pj {
		q := pj[j] / (n * float64(m))
		pe += q * q
	}
	if pe == 1 {
		return undefined("no variation: every rating is in one category")
	}
	return defined((pbar - pe) / (1 - pe))
}

// Bootstrap draws the sampling distribution of alpha as Hayes and
// Krippendorff (2007) do: resample, with replacement, as many pairable
// value pairs as there are, from the observed within-unit pairs (each
// weighted 1/(m_u-1)), keeping the expected disagreement of the data. It
// returns the alpha of each draw.
func Bootstrap(m Matrix, level Level, draws int, seed uint64) ([]float64, error) {
	p, err := prepare(m, level)
	if err != nil {
		return nil, err
	}
	o, totals, n := p.coincidences()
	d := p.distances(level, totals)
	_, de, ok := alphaFrom(o, totals, n, d)
	if !ok {
		return nil, errors.New("alpha is undefined for these data")
	}
	type pair struct{ w, dist float64 }
	var pairs []pair
	for _, cells := range p.units {
		var vals []int
		for _, c := range cells {
			if c >= 0 {
				vals = append(vals, c)
			}
		}
		mu := len(vals)
		if mu < 2 {
			continue
		}
		for i := 0; i < mu; i++ {
			for j := i + 1; j < mu; j++ {
				pairs = append(pairs, pair{2 / float64(mu-1), d[vals[i]][vals[j]]})
			}
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	out := make([]float64, draws)
	for b := 0; b < draws; b++ {
		sumW, sumD := 0.0, 0.0
		for i := 0; i < len(pairs); i++ {
			pr := pairs[rng.IntN(len(pairs))]
			sumW += pr.w
			sumD += pr.w * pr.dist
		}
		// Observed disagreement of the draw, scaled to n pairable values.
		do := sumD / sumW
		out[b] = 1 - do/de
	}
	return out, nil
}

// BootstrapCI is a bootstrap summary.
type BootstrapCI struct {
	Draws     int     `json:"draws"`
	Low       float64 `json:"low"`  // 2.5th percentile
	High      float64 `json:"high"` // 97.5th percentile
	Threshold float64 `json:"threshold"`
	PBelow    float64 `json:"p_below_threshold"` // share of draws below Threshold
}

// Summarise turns bootstrap draws into a 95% interval and the probability
// that alpha is below threshold.
func Summarise(draws []float64, threshold float64) BootstrapCI {
	s := append([]float64(nil), draws...)
	sort.Float64s(s)
	q := func(p float64) float64 {
		if len(s) == 0 {
			return math.NaN()
		}
		i := int(math.Floor(p * float64(len(s)-1)))
		return s[i]
	}
	below := 0
	for _, v := range s {
		if v < threshold {
			below++
		}
	}
	iv := BootstrapCI{Draws: len(s), Low: q(0.025), High: q(0.975), Threshold: threshold}
	if len(s) > 0 {
		iv.PBelow = float64(below) / float64(len(s))
	}
	return iv
}

// Verdict applies Krippendorff's thresholds.
func Verdict(c Coefficient) string {
	switch {
	case c.Value == nil:
		return "undefined"
	case *c.Value >= 0.800:
		return "reliable"
	case *c.Value >= 0.667:
		return "tentative"
	}
	return "not reliable"
}

// The defaults of the minimum-data rule: alpha must be told apart from the
// smallest acceptable alpha (.667, Krippendorff's lowest conceivable limit)
// at p = .05, one-tailed.
const (
	MinAlpha = 0.667
	ZP05     = 1.645
)

// MinUnits is the number of units two coders must both code for alpha to be
// told apart from minAlpha at the one-tailed significance whose normal
// quantile is z, when the rarer category has probability pc. It is the
// formula Krippendorff (2004, Content Analysis, 2nd ed.; 2019, 4th ed.)
// takes from Bloch & Kraemer (1989, eq. 3.7, p. 276):
//
//	N = 2 z² [ (1+αmin)(3−αmin) / (4 (1−αmin) pc (1−pc)) − αmin ]
//
// rounded up. Worked example: pc = .25, αmin = .800, p = .05 gives 139
// units; αmin = .667 gives 81. It returns -1 when pc is 0 or 1 (one
// category only: no number of units is enough).
func MinUnits(pc, minAlpha, z float64) int {
	if pc > 0.5 {
		pc = 1 - pc
	}
	if !(pc > 0) || minAlpha >= 1 {
		return -1
	}
	n := 2 * z * z * ((1+minAlpha)*(3-minAlpha)/(4*(1-minAlpha)*pc*(1-pc)) - minAlpha)
	return int(math.Ceil(n - 1e-9))
}

// MinPairable is MinUnits in pairable values, the unit alpha counts: the
// two coders the formula assumes give two pairable values a unit. With more
// coders, every value in a unit with at least two values counts, so a
// sample coded by three coders reaches the minimum with fewer units. -1
// when no number is enough.
func MinPairable(pc, minAlpha, z float64) int {
	n := MinUnits(pc, minAlpha, z)
	if n < 0 {
		return -1
	}
	return 2 * n
}

// Minimum is the number of pairable values m needs for a verdict on alpha
// (MinPairable at MinAlpha and p = .05). For nominal data pc is the share
// of the rarest value among the pairable values, as in Krippendorff's
// table; the formula is for nominal categories, so at the other levels it
// takes the most favourable pc = .5, a floor rather than a requirement. -1
// when every pairable value is the same (no number is enough).
func Minimum(m Matrix, level Level) (int, error) {
	p, err := prepare(m, level)
	if err != nil {
		return 0, err
	}
	_, totals, n := p.coincidences()
	if level != Nominal {
		return MinPairable(0.5, MinAlpha, ZP05), nil
	}
	smallest, kinds := n, 0
	for _, t := range totals {
		if t > 0 {
			kinds++
			smallest = math.Min(smallest, t)
		}
	}
	if kinds < 2 {
		return -1, nil
	}
	return MinPairable(smallest/n, MinAlpha, ZP05), nil
}

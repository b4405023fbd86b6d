package reliability

import (
	"math"
	"strings"
	"testing"
)

// matrix builds reliability data from rows of coders' values ("." missing).
func matrix(coders []string, rows ...string) Matrix {
	m := Matrix{Coders: coders}
	for u, r := range rows {
		m.Units = append(m.Units, string(rune('a'+u)))
		var cells []*string
		for _, f := range strings.Fields(r) {
			if f == "." {
				cells = append(cells, nil)
			} else {
				cells = append(cells, Value(f))
			}
		}
		m.Values = append(m.Values, cells)
	}
	return m
}

// byCoder transposes rows given per coder (as in the papers) into units.
func byCoder(coders []string, perCoder ...string) Matrix {
	cols := make([][]string, len(perCoder))
	for i, c := range perCoder {
		cols[i] = strings.Fields(c)
	}
	var rows []string
	for u := range cols[0] {
		var r []string
		for c := range cols {
			r = append(r, cols[c][u])
		}
		rows = append(rows, strings.Join(r, " "))
	}
	return matrix(coders, rows...)
}

func near(t *testing.T, what string, c Coefficient, want float64) {
	t.Helper()
	if c.Value == nil {
		t.Errorf("%s undefined (%s), want %.3f", what, c.Reason, want)
		return
	}
	if math.Abs(*c.Value-want) > 0.0005 {
		t.Errorf("%s = %.4f, want %.3f", what, *c.Value, want)
	}
}

// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
// Annenberg School for Communication, University of Pennsylvania.
// Section C: 4 observers, 12 units, values 1-5 with missing data:
// nominal .743, ordinal .815, interval .849, ratio .797.
func TestKrippendorff2011FourCoders(t *testing.T) {
	m := byCoder([]string{"A", "B", "C", "D"},
		"1 2 3 3 2 1 4 1 2 . . .",
		"1 2 3 3 2 2 4 1 2 5 . 3",
		". 3 3 3 2 3 4 2 2 5 1 .",
		"1 2 3 3 2 4 4 1 2 5 1 .",
	)
	for _, tt := range []struct {
		level Level
		want  float64
	}{{Nominal, 0.743}, {Ordinal, 0.815}, {Interval, 0.849}, {Ratio, 0.797}} {
		st, err := Compute(m, tt.level)
		if err != nil {
			t.Fatal(err)
		}
		near(t, string(tt.level), st.Alpha, tt.want)
		if st.PairableValues != 40 {
			t.Errorf("%s: %d pairable values, want 40 (unit 12 has one value)", tt.level, st.PairableValues)
		}
	}
}

// Krippendorff (2011), section A: two observers, ten units, binary data:
// alpha = .095.
func TestKrippendorff2011Binary(t *testing.T) {
	m := byCoder([]string{"A", "B"},
		"0 1 0 0 0 0 0 0 1 0",
		"1 1 1 0 0 1 0 0 0 0",
	)
	st, err := Compute(m, Nominal)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "alpha", st.Alpha, 0.095)
	near(t, "percent agreement", st.PercentAgreement, 0.6)
}

// Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
// Psychological Bulletin 76(5), 378-382; the 10 subjects x 14 raters x 5
// categories table as reproduced in textbooks (and Wikipedia): kappa = 0.210.
func TestFleiss1971(t *testing.T) {
	table := [][]int{
		{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
		{7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
	}
	near(t, "fleiss", FleissCounts(table), 0.210)
}

// Cohen, J. (1960). A coefficient of agreement for nominal scales. The
// textbook two-reader example (50 items: yes/yes 20, yes/no 5, no/yes 10,
// no/no 15): po = .70, pe = .50, kappa = .40; Scott's pi = (.70-.505)/.495.
func TestCohen(t *testing.T) {
	var rows []string
	add := func(n int, r string) {
		for i := 0; i < n; i++ {
			rows = append(rows, r)
		}
	}
	add(20, "y y")
	add(5, "y n")
	add(10, "n y")
	add(15, "n n")
	st, err := Compute(matrix([]string{"A", "B"}, rows...), Nominal)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "kappa", st.CohenKappa, 0.400)
	near(t, "scott", st.ScottPi, (0.70-0.505)/0.495)
	near(t, "percent", st.PercentAgreement, 0.70)
	near(t, "pairs", st.CohenPairs["A~B"], 0.400)
}

// Passonneau, R. (2006). Measuring agreement on set-valued items (MASI) for
// semantic and pragmatic annotation. LREC. Monotonicity weights 1, 2/3, 1/3,
// 0 times Jaccard; exact fractions, not 0.67/0.33.
func TestMASI(t *testing.T) {
	tests := []struct {
		a, b []string
		want float64
	}{
		{[]string{"a", "b"}, []string{"a", "b"}, 1},
		{[]string{"a"}, []string{"a", "b"}, 0.5 * 2 / 3},
		{[]string{"a", "b"}, []string{"b", "c"}, (1.0 / 3) * (1.0 / 3)},
		{[]string{"a"}, []string{"b"}, 0},
		{nil, nil, 1},
		{nil, []string{"a"}, 0},
	}
	for _, tt := range tests {
		if got := MASI(tt.a, tt.b); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("MASI(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSetAlpha(t *testing.T) {
	// Identical sets everywhere but variation between units: alpha 1.
	st, err := Compute(matrix([]string{"A", "B"}, "FIN;VRIJ FIN;VRIJ", "DIGI DIGI", "x x"), Set)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "alpha", st.Alpha, 1)
	// Order and duplicates do not matter in a set.
	st, _ = Compute(matrix([]string{"A", "B"}, "VRIJ;FIN FIN;VRIJ;FIN", "DIGI DIGI"), Set)
	near(t, "alpha", st.Alpha, 1)
}

func TestUndefinedIsSaid(t *testing.T) {
	st, err := Compute(matrix([]string{"A", "B"}, "0 0", "0 0", "0 0"), Nominal)
	if err != nil {
		t.Fatal(err)
	}
	if st.Alpha.Value != nil || !strings.Contains(st.Alpha.Reason, "no variation") {
		t.Errorf("alpha %v", st.Alpha)
	}
	if st.CohenKappa.Value != nil || st.ScottPi.Value != nil {
		t.Errorf("kappa %v pi %v", st.CohenKappa, st.ScottPi)
	}
	near(t, "percent", st.PercentAgreement, 1)
	// Missing values make Fleiss undefined, with the reason.
	st, _ = Compute(matrix([]string{"A", "B", "C"}, "1 1 .", "1 2 2", "2 2 2"), Nominal)
	if st.FleissKappa.Value != nil || !strings.Contains(st.FleissKappa.Reason, "different numbers") {
		t.Errorf("fleiss %v", st.FleissKappa)
	}
	if st.CohenKappa.Value != nil || len(st.CohenPairs) != 3 {
		t.Errorf("3 coders: kappa %v pairs %v", st.CohenKappa, st.CohenPairs)
	}
}

func TestBootstrap(t *testing.T) {
	m := byCoder([]string{"A", "B", "C", "D"},
		"1 2 3 3 2 1 4 1 2 . . .",
		"1 2 3 3 2 2 4 1 2 5 . 3",
		". 3 3 3 2 3 4 2 2 5 1 .",
		"1 2 3 3 2 4 4 1 2 5 1 .",
	)
	a, _ := Bootstrap(m, Nominal, 2000, 1)
	b, _ := Bootstrap(m, Nominal, 2000, 1)
	if len(a) != 2000 || a[17] != b[17] {
		t.Fatal("bootstrap not deterministic per seed")
	}
	ci := Summarise(a, 0.667)
	if !(ci.Low < 0.743 && 0.743 < ci.High) {
		t.Errorf("95%% interval %.3f-%.3f misses the point estimate .743", ci.Low, ci.High)
	}
	if ci.PBelow <= 0 || ci.PBelow >= 1 {
		t.Errorf("p below .667 = %v", ci.PBelow)
	}
}

// Krippendorff's minimum sample size (after Bloch & Kraemer 1989) for two
// coders: the worked example pc = .25 at p = .05 needs 139 units for
// alpha >= .800 and 81 for alpha >= .667.
func TestMinUnits(t *testing.T) {
	for _, tt := range []struct {
		pc, alpha float64
		want      int
	}{
		{0.25, 0.800, 139},
		{0.25, 0.667, 81},
		{0.75, 0.667, 81}, // the rarer category counts
		{0.5, 0.667, 60},
		{0, 0.667, -1},
		{1, 0.667, -1},
	} {
		if got := MinUnits(tt.pc, tt.alpha, ZP05); got != tt.want {
			t.Errorf("MinUnits(%v, %v) = %d, want %d", tt.pc, tt.alpha, got, tt.want)
		}
	}
	if got := MinPairable(0.5, MinAlpha, ZP05); got != 120 {
		t.Errorf("MinPairable(.5) = %d, want 120", got)
	}
}

// Minimum: nominal data take the rarest value's share among the pairable
// values; other levels the floor; one value only has no minimum.
func TestMinimum(t *testing.T) {
	coders := []string{"A", "B"}
	// 8 pairable values: 2 of "x" (pc = .25), 6 of "y"; the lone "z" in a
	// unit with one value is not pairable.
	m := matrix(coders, "x x", "y y", "y y", "y y", "z .")
	if got, err := Minimum(m, Nominal); err != nil || got != 2*MinUnits(0.25, MinAlpha, ZP05) || got != 162 {
		t.Errorf("nominal minimum %d, %v; want 162", got, err)
	}
	num := matrix(coders, "1 1", "2 2", "3 3")
	if got, _ := Minimum(num, Interval); got != 120 {
		t.Errorf("interval minimum %d, want the floor 120", got)
	}
	if got, _ := Minimum(matrix(coders, "y y", "y y"), Nominal); got != -1 {
		t.Errorf("one value only: %d, want -1", got)
	}
}

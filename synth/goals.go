package synth

import "fmt"

// goal is a strategic goal (SD) with its operational goals (OD). Titles are
// expanded once per organisation so plan and reports quote them identically.
type goal struct {
	theme int
	title string
	ods   []opGoal
}

// opGoal is one operational goal under a strategic goal.
type opGoal struct {
	theme int
	title string
}

// contentWeights returns w with business themes zeroed out.
func contentWeights(w []float64) []float64 {
	out := append([]float64(nil), w...)
	for i, t := range themes {
		if t.business {
			out[i] = 0
		}
	}
	return out
}

// makeGoals draws the strategic and operational goals of o.
func makeGoals(seed int64, o *orgProfile) []goal {
	r := newRnd(seed, "goals", o.ID)
	g := newGen(r, o, 2021)
	n := r.between(3, 4)
	if o.size == "groot" {
		n = r.between(4, 5)
	}
	cw := contentWeights(o.weights)
	var out []goal
	for _, ti := range r.sampleWeighted(cw, n) {
		t := themes[ti]
		gl := goal{theme: ti, title: stripDot(g.sentence(r.pick(t.sd)))}
		nods := r.between(2, 4)
		if nods > len(t.od) {
			nods = len(t.od)
		}
		for _, od := range r.sample(t.od, nods) {
			gl.ods = append(gl.ods, opGoal{theme: ti, title: stripDot(g.sentence(od))})
		}
		// A cross-cutting operational goal borrowed from another theme.
		if r.chance(0.35) {
			w := append([]float64(nil), cw...)
			w[ti] = 0
			oi := r.weighted(w)
			gl.ods = append(gl.ods, opGoal{theme: oi, title: stripDot(g.sentence(r.pick(themes[oi].od)))})
		}
		out = append(out, gl)
	}
	return out
}

func stripDot(s string) string {
	for len(s) > 0 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

// sdHeading formats strategic goal i (1-based) in the org's convention.
func (o *orgProfile) sdHeading(i int, title string) string {
	switch o.sdStyle {
	case 0:
		return fmt.Sprintf("Strategische doelstelling %d: %s", i, title)
	case 1:
		return fmt.Sprintf("SD %d – %s", i, title)
	case 2:
		return fmt.Sprintf("SD%d %s", i, title)
	case 3:
		return fmt.Sprintf("SD %d. %s", i, title)
	case 4:
		return fmt.Sprintf("%d. %s", i, title)
	default:
		return fmt.Sprintf("Strategische doelstelling %d – %s", i, title)
	}
}

// odHeading formats operational goal j (1-based) of strategic goal i;
// seq is the running number of the OD within the whole plan.
func (o *orgProfile) odHeading(i, j, seq int, title string) string {
	switch o.sdStyle {
	case 0:
		return fmt.Sprintf("Operationele doelstelling %d.%d: %s", i, j, title)
	case 1:
		return fmt.Sprintf("OD %d.%d – %s", i, j, title)
	case 2:
		return fmt.Sprintf("OD%d – %s", seq, title)
	case 3:
		return fmt.Sprintf("Operationele doelstelling %d.%d %s", i, j, title)
	case 4:
		return fmt.Sprintf("%d.%d %s", i, j, title)
	default:
		return fmt.Sprintf("OD %d.%d: %s", i, j, title)
	}
}

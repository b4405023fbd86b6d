package synth

import (
	"hash/fnv"
	"math/rand/v2"
)

// rnd wraps a private math/rand/v2 generator backed by a PCG source.
// No global random state is used anywhere in the package.
type rnd struct {
	r *rand.Rand
}

// streamKey hashes a list of labels into a PCG stream selector, so every
// organisation and document gets its own independent, stable substream.
func streamKey(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// mix64 is the splitmix64 finaliser; it decorrelates nearby seeds.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func newRnd(seed int64, parts ...string) *rnd {
	k := streamKey(parts...)
	hi := mix64(uint64(seed) ^ mix64(k))
	lo := mix64(k + 0x9e3779b97f4a7c15*uint64(seed))
	return &rnd{r: rand.New(rand.NewPCG(hi, lo))}
}

func (g *rnd) intn(n int) int {
	if n <= 1 {
		return 0
	}
	return g.r.IntN(n)
}

// between returns a uniformly drawn integer in [lo, hi].
func (g *rnd) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.r.IntN(hi-lo+1)
}

func (g *rnd) float() float64 { return g.r.Float64() }

func (g *rnd) chance(p float64) bool { return g.r.Float64() < p }

func (g *rnd) pick(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[g.r.IntN(len(xs))]
}

// weighted draws an index with probability proportional to w[i].
func (g *rnd) weighted(w []float64) int {
	total := 0.0
	for _, x := range w {
		if x > 0 {
			total += x
		}
	}
	if total <= 0 {
		return g.intn(len(w))
	}
	t := g.r.Float64() * total
	for i, x := range w {
		if x <= 0 {
			continue
		}
		t -= x
		if t < 0 {
			return i
		}
	}
	for i := len(w) - 1; i >= 0; i-- {
		if w[i] > 0 {
			return i
		}
	}
	return 0
}

// sampleWeighted draws k distinct indices, proportional to w, without replacement.
func (g *rnd) sampleWeighted(w []float64, k int) []int {
	ww := append([]float64(nil), w...)
	var out []int
	for len(out) < k {
		any := false
		for _, x := range ww {
			if x > 0 {
				any = true
				break
			}
		}
		if !any {
			break
		}
		i := g.weighted(ww)
		out = append(out, i)
		ww[i] = 0
	}
	return out
}

// sample draws k distinct elements of xs in random order.
func (g *rnd) sample(xs []string, k int) []string {
	idx := g.r.Perm(len(xs))
	if k > len(xs) {
		k = len(xs)
	}
	out := make([]string, k)
	for i := 0; i < k; i++ {
		out[i] = xs[idx[i]]
	}
	return out
}

func (g *rnd) perm(n int) []int { return g.r.Perm(n) }

package store

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Re-ingest matches a document's old fragments to its new ones so that every
// reference moves with its text. Four relations, tried in this order on what
// is still unmatched:
//
//  1. same: the same content hash (repeated texts pair in order);
//  2. split: the old text is the concatenation of consecutive new fragments
//     (white space ignored): references go to every part;
//  3. merged: consecutive old fragments concatenate to one new fragment;
//  4. edited: a small edit (a typo fixed) when the match is unambiguous: the
//     character edit distance is at most 10% of the longer text, both texts
//     hold the same numbers (so "Doel 1" never becomes "Doel 3" and a changed
//     amount is not taken for a typo), and each is the other's unique best
//     candidate.
//
// What matches nothing is orphaned.

// Match kinds reported by re-ingest.
const (
	MatchSame   = "same"
	MatchSplit  = "split"
	MatchMerged = "merged"
	MatchEdited = "edited"
)

// maxEditShare is the largest edit distance, as a share of the longer text,
// that still counts as the same paragraph edited.
const maxEditShare = 0.10

type matchFrag struct {
	id, hash, text string
}

// fragMatch is the outcome: old fragment ID -> new fragment IDs, and how.
type fragMatch struct {
	to   map[string][]string
	kind map[string]string
}

func matchFragments(old, new []matchFrag) fragMatch {
	m := fragMatch{to: map[string][]string{}, kind: map[string]string{}}
	usedNew := make([]bool, len(new))
	usedOld := make([]bool, len(old))
	link := func(i int, js []int, kind string) {
		usedOld[i] = true
		for _, j := range js {
			usedNew[j] = true
			m.to[old[i].id] = append(m.to[old[i].id], new[j].id)
		}
		m.kind[old[i].id] = kind
	}

	// 1. same hash, in order of appearance.
	byHash := map[string][]int{}
	for j, f := range new {
		byHash[f.hash] = append(byHash[f.hash], j)
	}
	for i, f := range old {
		if js := byHash[f.hash]; len(js) > 0 {
			link(i, js[:1], MatchSame)
			byHash[f.hash] = js[1:]
		}
	}

	// Only what the same hash left unmatched is compared further: for a
	// big document, squashed copies of every text cost more than the
	// texts themselves.
	squash := func(fs []matchFrag, used []bool) []string {
		out := make([]string, len(fs))
		for i, f := range fs {
			if !used[i] {
				out[i] = stripSpace(f.text)
			}
		}
		return out
	}
	oldS, newS := squash(old, usedOld), squash(new, usedNew)

	// 2. split: old i == new j + new j+1 + ... (at least two parts).
	for i := range old {
		if usedOld[i] || oldS[i] == "" {
			continue
		}
		for j := range new {
			if usedNew[j] || newS[j] == "" || !strings.HasPrefix(oldS[i], newS[j]) || len(newS[j]) == len(oldS[i]) {
				continue
			}
			rest := oldS[i][len(newS[j]):]
			js := []int{j}
			for k := j + 1; k < len(new) && rest != "" && !usedNew[k] && newS[k] != "" && strings.HasPrefix(rest, newS[k]); k++ {
				rest = rest[len(newS[k]):]
				js = append(js, k)
			}
			if rest == "" {
				link(i, js, MatchSplit)
				break
			}
		}
	}

	// 3. merged: old i + old i+1 + ... == new j.
	for j := range new {
		if usedNew[j] || newS[j] == "" {
			continue
		}
		for i := range old {
			if usedOld[i] || oldS[i] == "" || !strings.HasPrefix(newS[j], oldS[i]) || len(oldS[i]) == len(newS[j]) {
				continue
			}
			rest := newS[j][len(oldS[i]):]
			is := []int{i}
			for k := i + 1; k < len(old) && rest != "" && !usedOld[k] && oldS[k] != "" && strings.HasPrefix(rest, oldS[k]); k++ {
				rest = rest[len(oldS[k]):]
				is = append(is, k)
			}
			if rest == "" {
				for _, x := range is {
					link(x, []int{j}, MatchMerged)
				}
				break
			}
		}
	}

	// 4. edited: mutual unique best within the edit budget.
	type cand struct {
		j, dist int
		tie     bool
	}
	var oi, nj []int
	for i := range old {
		if !usedOld[i] {
			oi = append(oi, i)
		}
	}
	for j := range new {
		if !usedNew[j] {
			nj = append(nj, j)
		}
	}
	if len(oi) == 0 || len(nj) == 0 || len(oi)*len(nj) > 250000 {
		return m
	}
	oldR := map[int][]rune{}
	newR := map[int][]rune{}
	oldNum := map[int]string{}
	newNum := map[int]string{}
	for _, i := range oi {
		oldR[i] = []rune(collapseSpace(old[i].text))
		oldNum[i] = numbersOf(old[i].text)
	}
	for _, j := range nj {
		newR[j] = []rune(collapseSpace(new[j].text))
		newNum[j] = numbersOf(new[j].text)
	}
	bestOld := map[int]cand{} // old i -> best new
	bestNew := map[int]cand{} // new j -> best old (j field holds i)
	for _, i := range oi {
		for _, j := range nj {
			if oldNum[i] != newNum[j] {
				continue
			}
			a, b := oldR[i], newR[j]
			longer := max(len(a), len(b))
			budget := int(maxEditShare * float64(longer))
			if budget == 0 || abs(len(a)-len(b)) > budget {
				continue
			}
			d, ok := boundedEditDistance(a, b, budget)
			if !ok {
				continue
			}
			if c, seen := bestOld[i]; !seen || d < c.dist {
				bestOld[i] = cand{j: j, dist: d}
			} else if d == c.dist {
				c.tie = true
				bestOld[i] = c
			}
			if c, seen := bestNew[j]; !seen || d < c.dist {
				bestNew[j] = cand{j: i, dist: d}
			} else if d == c.dist {
				c.tie = true
				bestNew[j] = c
			}
		}
	}
	for _, i := range oi {
		c, ok := bestOld[i]
		if !ok || c.tie {
			continue
		}
		back := bestNew[c.j]
		if back.tie || back.j != i {
			continue
		}
		link(i, []int{c.j}, MatchEdited)
	}
	return m
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// stripSpace drops all white space: split and merged texts are compared
// without the breaks segmentation put between them.
func stripSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// numbersOf lists the digit runs of s in order, so edits that change a
// number are never taken for typos.
func numbersOf(s string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsDigit(r) {
			b.WriteRune(r)
			in = true
			continue
		}
		if in {
			b.WriteByte(' ')
			in = false
		}
	}
	return b.String()
}

// boundedEditDistance is the Levenshtein distance of a and b when it is at
// most k (ok false otherwise), computed in a diagonal band of width 2k+1.
func boundedEditDistance(a, b []rune, k int) (int, bool) {
	if abs(len(a)-len(b)) > k {
		return 0, false
	}
	const inf = 1 << 30
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		if j <= k {
			prev[j] = j
		} else {
			prev[j] = inf
		}
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(len(b), i+k)
		for j := range cur {
			cur[j] = inf
		}
		if i <= k {
			cur[0] = i
		}
		rowMin := cur[0]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if prev[j]+1 < v {
				v = prev[j] + 1
			}
			if cur[j-1]+1 < v {
				v = cur[j-1] + 1
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if rowMin > k {
			return 0, false
		}
		prev, cur = cur, prev
	}
	if prev[len(b)] > k {
		return 0, false
	}
	return prev[len(b)], true
}

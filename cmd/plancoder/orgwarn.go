package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/plancoder/plancoder/store"
)

// maxNamed is how many known organisations a warning about an unknown one
// names: all of a small project, the closest of a large one.
const maxNamed = 5

// warnUnknownOrg warns on w when --org names no organisation of the
// project, naming the known ones (the closest first), so that a typo is not
// read as "this organisation says nothing about it". It reports whether the
// organisation is known; a store error counts as known (no false alarm).
func warnUnknownOrg(w io.Writer, s *store.Store, org string) bool {
	if org == "" {
		return true
	}
	orgs, err := s.Organisations()
	if err != nil {
		return true
	}
	for _, o := range orgs {
		if o.ID == org {
			return true
		}
	}
	fmt.Fprintf(w, "plancoder: warning: --org %s: no such organisation, so nothing matches; %s\n", org, knownOrgs(orgs, org))
	return false
}

// knownOrgs names the organisations closest to org.
func knownOrgs(orgs []store.Organisation, org string) string {
	if len(orgs) == 0 {
		return "the project has no organisations yet"
	}
	ids := make([]string, len(orgs))
	for i, o := range orgs {
		ids[i] = o.ID
	}
	sort.SliceStable(ids, func(i, j int) bool {
		di, dj := likeness(org, ids[i]), likeness(org, ids[j])
		if di != dj {
			return di < dj
		}
		return ids[i] < ids[j]
	})
	if len(ids) <= maxNamed {
		return "known: " + strings.Join(ids, ", ")
	}
	return fmt.Sprintf("closest of %d known: %s ('plancoder orgs list' lists all)", len(ids), strings.Join(ids[:maxNamed], ", "))
}

// likeness is how far apart a given ID and a known one are: the edit
// distance to the whole ID, to its start and to any of its words, whichever
// is least ("socus" is close to "socius-vzw").
func likeness(given, known string) int {
	d := editDistance(given, known)
	if r := []rune(known); len(r) > len([]rune(given)) {
		d = min(d, editDistance(given, string(r[:len([]rune(given))])))
	}
	for _, w := range strings.Split(known, "-") {
		d = min(d, editDistance(given, w))
	}
	return d
}

// editDistance is the Levenshtein distance between a and b in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

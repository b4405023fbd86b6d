// Package stemmer holds plancoder's own stemming algorithms, ported by hand
// to plain Go so that they need no Snowball runtime.
//
// Dutch is the Snowball 3 Dutch stemmer (Wessel Kraaij and Renée Pohlmann's
// algorithm), ported from dutch.sbl at Snowball commit 6ddd7dd0a18b.
// Snowball is Copyright (c) 2001-2025 Dr Martin Porter, Richard Boulton,
// Yoshiki Shibukawa and Olly Betts, used under the BSD 3-clause licence in
// COPYING-snowball beside this file. The official test vocabulary in
// testdata (snowball-data commit ba91f32bb9c5, licence in
// testdata/COPYING-snowball-data) checks the port word for word.
package stemmer

import "unicode/utf8"

// Dutch returns the Snowball 3 Dutch stem of word. The word must already be
// lower-cased; diacritics must be kept (the algorithm uses ë and ï: geëist,
// financiële), so fold diacritics after stemming, not before. Invalid UTF-8
// is returned unchanged.
//
// The port keeps the .sbl's shape so the two read side by side: each
// routine is one method over a rune buffer with Snowball's cursor, limits,
// slice marks and the regions R1 and R2.
func Dutch(word string) string {
	if word == "" || !utf8.ValidString(word) {
		return word // []rune would turn invalid bytes into U+FFFD
	}
	e := env{p: []rune(word)}
	e.l = len(e.p)
	e.stem()
	if e.same(word) {
		return word // no second allocation for words the algorithm keeps
	}
	return string(e.p)
}

// same reports whether the buffer still holds word.
func (e *env) same(word string) bool {
	i := 0
	for _, r := range word {
		if i >= len(e.p) || e.p[i] != r {
			return false
		}
		i++
	}
	return i == len(e.p)
}

// env is the Snowball machine state: p is the word, c the cursor, l and lb
// the forward and backward limits, bra and ket the slice, p1 and p2 the
// starts of R1 and R2 (in runes).
type env struct {
	p         []rune
	c, l, lb  int
	bra, ket  int
	p1, p2    int
	stemmed   bool
	geRemoved bool
	ch        []rune // the string variable ch of dutch.sbl
}

// Groupings of dutch.sbl.
func isE(r rune) bool {
	switch r {
	case 'e', 'ë', 'é', 'è', 'ê':
		return true
	}
	return false
}

func isAIOU(r rune) bool {
	switch r {
	case 'a', 'ä', 'á', 'à', 'â',
		'i', 'ï', 'í', 'ì', 'î',
		'o', 'ö', 'ó', 'ò', 'ô',
		'u', 'ü', 'ú', 'ù', 'û':
		return true
	}
	return false
}

func isAEIOU(r rune) bool { return isAIOU(r) || isE(r) }
func isV(r rune) bool     { return r == 'y' || isAEIOU(r) }
func isVWX(r rune) bool   { return r == 'w' || r == 'x' || isV(r) }

// --- Snowball primitives (forward mode) ---

// in moves the cursor over one rune in g.
func (e *env) in(g func(rune) bool) bool {
	if e.c >= e.l || !g(e.p[e.c]) {
		return false
	}
	e.c++
	return true
}

// out moves the cursor over one rune not in g.
func (e *env) out(g func(rune) bool) bool {
	if e.c >= e.l || g(e.p[e.c]) {
		return false
	}
	e.c++
	return true
}

// eq matches s at the cursor and moves past it.
func (e *env) eq(s string) bool {
	c := e.c
	for _, r := range s {
		if c >= e.l || e.p[c] != r {
			return false
		}
		c++
	}
	e.c = c
	return true
}

// hop moves the cursor n runes forward.
func (e *env) hop(n int) bool {
	if e.c+n > e.l {
		return false
	}
	e.c += n
	return true
}

// findAmong returns the index of the longest string of t that matches at
// the cursor and moves past it, or -1.
func (e *env) findAmong(t []string) int {
	best, bestLen := -1, -1
	for i, s := range t {
		c := e.c
		if c0 := c; e.eq(s) {
			if n := e.c - c0; n > bestLen {
				best, bestLen = i, n
			}
			e.c = c
		}
	}
	if best >= 0 {
		e.c += bestLen
	}
	return best
}

// --- Snowball primitives (backward mode) ---

// inB moves the cursor back over one rune in g.
func (e *env) inB(g func(rune) bool) bool {
	if e.c <= e.lb || !g(e.p[e.c-1]) {
		return false
	}
	e.c--
	return true
}

// outB moves the cursor back over one rune not in g.
func (e *env) outB(g func(rune) bool) bool {
	if e.c <= e.lb || g(e.p[e.c-1]) {
		return false
	}
	e.c--
	return true
}

// eqB matches s ending at the cursor and moves before it.
func (e *env) eqB(s string) bool {
	c := e.c
	for len(s) > 0 {
		r, n := utf8.DecodeLastRuneInString(s)
		if c <= e.lb || e.p[c-1] != r {
			return false
		}
		c--
		s = s[:len(s)-n]
	}
	e.c = c
	return true
}

// nextB moves the cursor back one rune.
func (e *env) nextB() bool {
	if e.c <= e.lb {
		return false
	}
	e.c--
	return true
}

// among is a backward among table: the strings and their runes.
type among struct {
	s []string
	r [][]rune
}

func newAmong(s ...string) *among {
	t := &among{s: s}
	for _, x := range s {
		t.r = append(t.r, []rune(x))
	}
	return t
}

// findAmongB returns the index of the longest string of t that ends at the
// cursor and moves before it, or -1.
func (e *env) findAmongB(t *among) int {
	best, bestLen := -1, 0
	avail := e.c - e.lb
	for i, rs := range t.r {
		n := len(rs)
		if n > avail || (best >= 0 && n <= bestLen) {
			continue
		}
		if runesEqual(e.p[e.c-n:e.c], rs) {
			best, bestLen = i, n
		}
	}
	if best >= 0 {
		e.c -= bestLen
	}
	return best
}

func runesEqual(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// --- Snowball primitives (edits) ---

// replace puts s in place of p[bra:ket] and moves the cursor and limit as
// Snowball's replace_s does. It returns the change in length.
func (e *env) replace(bra, ket int, s []rune) int {
	adj := len(s) - (ket - bra)
	if adj != 0 {
		tail := len(e.p) - ket
		if adj > 0 {
			e.p = append(e.p, make([]rune, adj)...)
		}
		copy(e.p[ket+adj:], e.p[ket:ket+tail])
		e.p = e.p[:ket+adj+tail]
		e.l += adj
		if e.c >= ket {
			e.c += adj
		} else if e.c > bra {
			e.c = bra
		}
	}
	copy(e.p[bra:], s)
	return adj
}

// sliceFrom replaces the slice bra..ket by s (Snowball's <-).
func (e *env) sliceFrom(s string) {
	var buf [8]rune
	e.replace(e.bra, e.ket, append(buf[:0], []rune(s)...))
}

// sliceDel deletes the slice bra..ket (Snowball's delete).
func (e *env) sliceDel() { e.replace(e.bra, e.ket, nil) }

// insertAt inserts s at the cursor and shifts bra and ket behind it
// (Snowball's insert_s with bra = ket = c).
func (e *env) insertAt(s []rune) {
	at := e.c
	adj := e.replace(at, at, s)
	if at <= e.bra {
		e.bra += adj
	}
	if at <= e.ket {
		e.ket += adj
	}
}

// insertB is `insert` in backward mode: the cursor stays before s.
func (e *env) insertB(s []rune) {
	c := e.c
	e.insertAt(s)
	e.c = c
}

// attachB is `attach` in backward mode: the cursor ends after s.
func (e *env) attachB(s string) {
	var buf [8]rune
	e.insertAt(append(buf[:0], []rune(s)...))
}

// --- dutch.sbl: backward-mode routines ---

// r1 is `define R1 as ($p1 <= cursor)`.
func (e *env) r1() bool { return e.p1 <= e.c }

// r2 is `define R2 as ($p2 <= cursor)`.
func (e *env) r2() bool { return e.p2 <= e.c }

// isVowelB is `v or 'ij'` in backward mode.
func (e *env) isVowelB() bool {
	return e.inB(isV) || e.eqB("ij")
}

// testV is `define V as test (v or 'ij')`.
func (e *env) testV() bool {
	c := e.c
	ok := e.isVowelB()
	e.c = c
	return ok
}

// testVX is `define VX as test (next v or 'ij')`.
func (e *env) testVX() bool {
	c := e.c
	ok := e.nextB() && e.isVowelB()
	e.c = c
	return ok
}

// testC is `define C as test (not 'ij' non-v)`.
func (e *env) testC() bool {
	c := e.c
	if e.eqB("ij") {
		e.c = c
		return false
	}
	ok := e.outB(isV)
	e.c = c
	return ok
}

var lengthenAmong = newAmong(
	"a", "ä", "á", "à", "â",
	"o", "ö", "ó", "ò", "ô",
	"u", "ü", "ú", "ù", "û",
	"e", "é", "è", "ê",
	"eë",
	"ië")

// lengthenV is `define lengthen_V as do (...)`: it doubles the vowel before
// a final consonant (mak -> maak) where Dutch spelling needs it.
func (e *env) lengthenV() {
	c := e.l - e.c
	defer func() { e.c = e.l - c }()
	if !e.outB(isVWX) {
		return
	}
	e.ket = e.c
	i := e.findAmongB(lengthenAmong)
	if i < 0 {
		return
	}
	e.bra = e.c
	switch {
	case i < 15: // a o u and their accented forms
		c0 := e.c
		ok := e.outB(isAEIOU) || e.c <= e.lb
		e.c = c0
		if !ok {
			return
		}
		e.ch = append(e.ch[:0], e.p[e.bra:e.ket]...)
		e.insertB(e.ch)
	case i < 19: // e é è ê
		c0 := e.c
		ok := (e.outB(isAEIOU) || e.c <= e.lb) &&
			e.notAIOUorEAtLimit() && e.notNextAIOUNonAEIOU()
		e.c = c0
		if !ok {
			return
		}
		e.ch = append(e.ch[:0], e.p[e.bra:e.ket]...)
		e.insertB(e.ch)
	case i == 19:
		e.sliceFrom("eëe")
	case i == 20:
		e.sliceFrom("iee")
	}
}

// notAIOUorEAtLimit is `not (AIOU or (E atlimit))`.
func (e *env) notAIOUorEAtLimit() bool {
	c := e.c
	if e.inB(isAIOU) {
		e.c = c
		return false
	}
	e.c = c
	if e.inB(isE) && e.c <= e.lb {
		e.c = c
		return false
	}
	e.c = c
	return true
}

// notNextAIOUNonAEIOU is `not (next AIOU non-AEIOU)`.
func (e *env) notNextAIOUNonAEIOU() bool {
	c := e.c
	hit := e.nextB() && e.inB(isAIOU) && e.outB(isAEIOU)
	e.c = c
	return !hit
}

var step1 = newAmong("'s", "s", "ies", "es", "és", "aus", "en", "nde")

// step1 removes plural and genitive endings.
func (e *env) step1() bool {
	e.ket = e.c
	i := e.findAmongB(step1)
	if i < 0 {
		return false
	}
	e.bra = e.c
	switch step1.s[i] {
	case "'s":
		e.sliceDel()
	case "s":
		if !e.r1() {
			return false
		}
		c := e.c
		if e.eqB("t") && e.r1() {
			return false
		}
		e.c = c
		if !e.testC() {
			return false
		}
		e.sliceDel()
	case "ies":
		if !e.r1() {
			return false
		}
		e.sliceFrom("ie")
	case "es":
		c := e.c
		if e.eqB("ar") && e.r1() && e.testC() {
			e.c = c
			e.sliceDel()
			e.lengthenV()
			return true
		}
		e.c = c
		if e.eqB("er") && e.r1() && e.testC() {
			e.c = c
			e.sliceDel()
			return true
		}
		e.c = c
		if !e.r1() || !e.testC() {
			return false
		}
		e.sliceFrom("e")
	case "és":
		if !e.r1() {
			return false
		}
		e.sliceFrom("é")
	case "aus":
		if !e.r1() || !e.testV() {
			return false
		}
		e.sliceFrom("au")
	case "en":
		return e.step1en()
	case "nde":
		e.sliceFrom("nd")
	}
	return true
}

// step1en is the action of 'en' in Step_1.
func (e *env) step1en() bool {
	c := e.c
	if e.eqB("hed") && e.r1() {
		e.bra = e.c
		e.sliceFrom("heid")
		return true
	}
	e.c = c
	if e.eqB("nd") {
		e.sliceDel()
		return true
	}
	e.c = c
	if e.eqB("d") && e.r1() && e.testC() {
		e.bra = e.c
		e.sliceDel()
		return true
	}
	e.c = c
	if (e.eqB("i") || e.eqB("j")) && e.testV() {
		e.sliceDel()
		return true
	}
	e.c = c
	if e.r1() && e.testC() {
		e.sliceDel()
		e.lengthenV()
		return true
	}
	return false
}

var step2 = newAmong("je", "ge", "lijke", "ische", "de", "te", "se", "re", "le", "ene", "ieve")

// step2 removes diminutive and adjective endings.
func (e *env) step2() bool {
	e.ket = e.c
	i := e.findAmongB(step2)
	if i < 0 {
		return false
	}
	e.bra = e.c
	switch step2.s[i] {
	case "je":
		return e.step2je()
	case "ge":
		if !e.r1() {
			return false
		}
		e.sliceFrom("g")
	case "lijke":
		if !e.r1() {
			return false
		}
		e.sliceFrom("lijk")
	case "ische":
		if !e.r1() {
			return false
		}
		e.sliceFrom("isch")
	case "de":
		if !e.r1() || !e.testC() {
			return false
		}
		e.sliceDel()
	case "te":
		if !e.r1() {
			return false
		}
		e.sliceFrom("t")
	case "se":
		if !e.r1() {
			return false
		}
		e.sliceFrom("s")
	case "re":
		if !e.r1() {
			return false
		}
		e.sliceFrom("r")
	case "le":
		if !e.r1() {
			return false
		}
		e.sliceDel()
		e.attachB("l")
		e.lengthenV()
	case "ene":
		if !e.r1() || !e.testC() {
			return false
		}
		e.sliceDel()
		e.attachB("en")
		e.lengthenV()
	case "ieve":
		if !e.r1() || !e.testC() {
			return false
		}
		e.sliceFrom("ief")
	}
	return true
}

// step2je is the action of 'je' in Step_2 (diminutives).
func (e *env) step2je() bool {
	c := e.c
	if e.eqB("'t") {
		e.bra = e.c
		e.sliceDel()
		return true
	}
	e.c = c
	if e.eqB("et") {
		e.bra = e.c
		if e.r1() && e.testC() {
			e.sliceDel()
			return true
		}
	}
	e.c = c
	if e.eqB("rnt") {
		e.bra = e.c
		e.sliceFrom("rn")
		return true
	}
	e.c = c
	if e.eqB("t") {
		e.bra = e.c
		if e.r1() && e.testVX() {
			e.sliceDel()
			return true
		}
	}
	e.c = c
	if e.eqB("ink") {
		e.bra = e.c
		e.sliceFrom("ing")
		return true
	}
	e.c = c
	if e.eqB("mp") {
		e.bra = e.c
		e.sliceFrom("m")
		return true
	}
	e.c = c
	if e.eqB("'") {
		e.bra = e.c
		if e.r1() {
			e.sliceDel()
			return true
		}
	}
	e.c = c
	e.bra = e.c
	if e.r1() && e.testC() {
		e.sliceDel()
		return true
	}
	return false
}

var step3 = newAmong("atie", "iteit", "heid", "sel", "ster", "rder", "ing", "isme", "erij",
	"arij", "fie", "gie", "tst", "dst")

// step3 removes derivational noun endings.
func (e *env) step3() bool {
	e.ket = e.c
	i := e.findAmongB(step3)
	if i < 0 {
		return false
	}
	e.bra = e.c
	switch step3.s[i] {
	case "atie":
		if !e.r1() {
			return false
		}
		e.sliceFrom("eer")
	case "iteit":
		if !e.r1() {
			return false
		}
		e.sliceDel()
		e.lengthenV()
	case "heid", "sel", "ster":
		if !e.r1() {
			return false
		}
		e.sliceDel()
	case "rder":
		e.sliceFrom("r")
	case "ing", "isme", "erij":
		c := e.c
		if e.eqB("ild") {
			e.sliceFrom("er")
			return true
		}
		e.c = c
		if !e.r1() {
			return false
		}
		e.sliceDel()
		e.lengthenV()
	case "arij":
		if !e.r1() || !e.testC() {
			return false
		}
		e.sliceFrom("aar")
	case "fie":
		if !e.r2() {
			return false
		}
		e.sliceDel()
		e.attachB("f")
		e.lengthenV()
	case "gie":
		if !e.r2() {
			return false
		}
		e.sliceDel()
		e.attachB("g")
		e.lengthenV()
	case "tst":
		if !e.r1() || !e.testC() {
			return false
		}
		e.sliceFrom("t")
	case "dst":
		if !e.r1() || !e.testC() {
			return false
		}
		e.sliceFrom("d")
	}
	return true
}

var step4a = newAmong("ioneel", "atief", "baar", "naar", "laar", "raar", "tant",
	"lijker", "lijkst", "achtig", "achtiger", "achtigst", "eriger", "erigst", "erig", "end")

var step4b = newAmong("iger", "igst", "ig")

// step4 removes adjective endings: the first among, or else the second.
func (e *env) step4() bool {
	c := e.l - e.c
	if e.step4a() {
		return true
	}
	e.c = e.l - c
	return e.step4b()
}

func (e *env) step4a() bool {
	e.ket = e.c
	i := e.findAmongB(step4a)
	if i < 0 {
		return false
	}
	e.bra = e.c
	switch step4a.s[i] {
	case "ioneel":
		if !e.r1() {
			return false
		}
		e.sliceFrom("ie")
	case "atief":
		if !e.r1() {
			return false
		}
		e.sliceFrom("eer")
	case "baar":
		if !e.r1() {
			return false
		}
		e.sliceDel()
	case "naar", "laar", "raar":
		if !e.r1() || !e.testV() {
			return false
		}
		e.sliceFrom(step4a.s[i][:1])
	case "tant":
		if !e.r1() {
			return false
		}
		e.sliceFrom("teer")
	case "lijker", "lijkst":
		if !e.r1() {
			return false
		}
		e.sliceFrom("lijk")
	case "achtig", "achtiger", "achtigst":
		if !e.r1() {
			return false
		}
		e.sliceDel()
	case "eriger", "erigst", "erig", "end":
		if !e.r1() || !e.testC() {
			return false
		}
		e.sliceDel()
		e.lengthenV()
	}
	return true
}

func (e *env) step4b() bool {
	e.ket = e.c
	if e.findAmongB(step4b) < 0 {
		return false
	}
	e.bra = e.c
	if !e.r1() {
		return false
	}
	// Snowball's exception: innig (intimate) is not in (in).
	c := e.c
	if e.eqB("inn") && e.c <= e.lb {
		return false
	}
	e.c = c
	if !e.testC() {
		return false
	}
	e.sliceDel()
	e.lengthenV()
	return true
}

var step7 = newAmong("kt", "ft", "pt")

// step7 drops the t of a final kt, ft or pt.
func (e *env) step7() bool {
	e.ket = e.c
	i := e.findAmongB(step7)
	if i < 0 {
		return false
	}
	e.bra = e.c
	e.sliceFrom(step7.s[i][:1])
	return true
}

var step6 = newAmong("bb", "cc", "dd", "ff", "gg", "hh", "jj", "kk", "ll", "mm", "nn",
	"pp", "qq", "rr", "ss", "tt", "vv", "ww", "xx", "zz", "v", "z")

// step6 undoubles a final consonant and devoices a final v or z.
func (e *env) step6() bool {
	e.ket = e.c
	i := e.findAmongB(step6)
	if i < 0 {
		return false
	}
	e.bra = e.c
	switch s := step6.s[i]; s {
	case "nn":
		// Snowball's exception: innen (to collect) is not in (in).
		c := e.c
		if e.eqB("i") && e.c <= e.lb {
			return false
		}
		e.c = c
		e.sliceFrom("n")
	case "v":
		e.sliceFrom("f")
	case "z":
		e.sliceFrom("s")
	default:
		e.sliceFrom(s[:1])
	}
	return true
}

var step1c = newAmong("d", "t")

// step1c drops a final d or t after a ge- was removed.
func (e *env) step1c() bool {
	e.ket = e.c
	i := e.findAmongB(step1c)
	if i < 0 {
		return false
	}
	e.bra = e.c
	if !e.r1() || !e.testC() {
		return false
	}
	c := e.c
	switch i {
	case 0: // d
		if e.eqB("n") && e.r1() {
			return false
		}
		e.c = c
		// Snowball's exception: geïnd goes with innen, not with in.
		if e.eqB("in") && e.c <= e.lb {
			e.sliceFrom("n")
			return true
		}
		e.c = c
		e.sliceDel()
	case 1: // t
		if e.eqB("h") && e.r1() {
			return false
		}
		e.c = c
		// Snowball's exception: geënt (grafted) is not en (and).
		if e.eqB("en") && e.c <= e.lb {
			return false
		}
		e.c = c
		e.sliceDel()
	}
	return true
}

// --- dutch.sbl: forward-mode routines ---

// vowelF is `'ij' or v` in forward mode.
func (e *env) vowelF() bool { return e.eq("ij") || e.in(isV) }

// geFollows is `test hop 3 test (gopast ('ij' or v) repeat ('ij' or v)
// not atlimit)`: after ge- come at least three letters with a vowel group
// that does not end the word.
func (e *env) geFollows() bool {
	c := e.c
	defer func() { e.c = c }()
	if !e.hop(3) {
		return false
	}
	e.c = c
	for !e.vowelF() {
		if e.c >= e.l {
			return false
		}
		e.c++
	}
	for e.vowelF() {
	}
	return e.c < e.l
}

var prefixAmong = []string{"eft", "val", "vali", "vaa", "vare", ""}

var diaeresisAmong = []string{"ë", "ï"}

// losePrefix removes a leading ge- (gemaakt -> maakt).
func (e *env) losePrefix() bool {
	e.bra = e.c
	if !e.eq("ge") {
		return false
	}
	e.ket = e.c
	if !e.geFollows() {
		return false
	}
	switch prefixAmong[e.findAmong(prefixAmong)] {
	case "eft", "val", "vaa", "vare": // geeft, geval, gevaar: not ge-
		return false
	}
	e.geRemoved = true
	e.sliceDel()
	e.undiaeresis()
	return true
}

// undiaeresis is `do ([substring] among ('ë' (<-'e') 'ï' (<-'i')))`.
func (e *env) undiaeresis() {
	c := e.c
	e.bra = e.c
	if i := e.findAmong(diaeresisAmong); i >= 0 {
		e.ket = e.c
		e.sliceFrom([]string{"e", "i"}[i])
	}
	e.c = c
}

// loseInfix removes the first -ge- after the first letter (opgemaakt ->
// opmaakt).
func (e *env) loseInfix() bool {
	if e.c >= e.l {
		return false
	}
	e.c++
	for {
		c := e.c
		e.bra = e.c
		if e.eq("ge") {
			e.ket = e.c
			break
		}
		e.c = c
		if e.c >= e.l {
			return false
		}
		e.c++
	}
	if !e.geFollows() {
		return false
	}
	e.geRemoved = true
	e.sliceDel()
	e.undiaeresis()
	return true
}

// measure sets p1 and p2, the starts of R1 and R2.
func (e *env) measure() {
	e.p1, e.p2 = e.l, e.l
	c := e.c
	defer func() { e.c = c }()
	region := func() bool {
		for e.out(isV) {
		}
		if !e.vowelF() {
			return false
		}
		for e.vowelF() {
		}
		return e.out(isV)
	}
	if !region() {
		return
	}
	e.p1 = e.c
	if !region() {
		return
	}
	e.p2 = e.c
}

// backwards runs f in backward mode over the whole word, as Snowball's
// backwards (...) does, and leaves the cursor where it was.
func (e *env) backwards(f func()) {
	e.lb = e.c
	e.c = e.l
	f()
	e.c = e.lb
}

// do runs a backward-mode step and restores the cursor relative to the end.
func (e *env) doB(f func() bool) bool {
	c := e.l - e.c
	ok := f()
	e.c = e.l - c
	return ok
}

// stem is `define stem as (...)`.
func (e *env) stem() {
	e.stemmed = false
	e.measure()
	e.backwards(func() {
		for _, step := range []func() bool{e.step1, e.step2, e.step3, e.step4} {
			if e.doB(step) {
				e.stemmed = true
			}
		}
	})
	lose := func(f func() bool) {
		e.geRemoved = false
		c := e.c
		if f() {
			e.c = c // `and` runs measure from the same start
			e.measure()
		}
		e.c = c
		e.backwards(func() {
			e.doB(func() bool {
				if !e.geRemoved {
					return false
				}
				e.stemmed = true
				return e.step1c()
			})
		})
	}
	lose(e.losePrefix)
	lose(e.loseInfix)
	e.backwards(func() {
		if e.doB(e.step7) {
			e.stemmed = true
		}
		e.doB(func() bool { return e.stemmed && e.step6() })
	})
}

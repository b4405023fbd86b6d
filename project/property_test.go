package project

// A seeded property test of the store's references (issue 11): random
// ingests, edits and re-ingests of text files, codings, memos, samples,
// reconciliations, bundle round trips, project exports and reindexes, with a
// model that predicts where every coding, fragment memo, sample unit and
// orphan must be after each step. The model is written from the documented
// rules (store/remap.go), not from the code: a paragraph edit records what
// it did (kept, typo, split, merged, new), and the model moves references
// by that intent, after pairing identical texts in order.
//
// Run longer:   go test ./project -run Property -property.steps 20000 -property.runs 4 -timeout 0
// Replay a seed: go test ./project -run Property -property.seed S -property.runs 1 -property.steps N

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/interop"
	"github.com/plancoder/plancoder/store"
)

var (
	propSteps = flag.Int("property.steps", 2000, "total steps of the property test, spread over its runs")
	propSeed  = flag.Uint64("property.seed", 0, "seed of the first run (0: the fixed default seeds 1, 2, 3, ...)")
	propRuns  = flag.Int("property.runs", 3, "number of runs (seeds) of the property test")
)

// --- the text generator ---

var propVocab = strings.Fields(`beleid vrijwilligers gemeente budget wijk jongeren cultuur bibliotheek
	zorg netwerk partner project aanpak doelgroep vorming samenwerking inwoners buurt ontmoeting kansen
	armoede taal digitaal participatie nieuwe sterke lokale brede samen verder meer ook voor met naar
	door wij zij willen bouwen werken versterken ondersteunen bereiken geven maken leren delen huis`)

// propBoiler is a paragraph repeated in documents and never coded.
const propBoiler = "deze tekst is een vaste alinea van het huis zonder nummer."

type textGen struct {
	rng *rand.Rand
	n   int // the counter that makes every sentence unique
}

// sentence is 4-12 lower-case words with one counter word, ending with a period.
func (g *textGen) sentence(words int) string {
	g.n++
	ws := make([]string, words)
	at := 1 + g.rng.IntN(words-1) // never first
	for i := range ws {
		if i == at {
			ws[i] = fmt.Sprintf("k%d", g.n)
			continue
		}
		ws[i] = propVocab[g.rng.IntN(len(propVocab))]
	}
	return strings.Join(ws, " ") + "."
}

// paragraph is 1-3 sentences, 8-30 words in all.
func (g *textGen) paragraph() string {
	switch g.rng.IntN(3) {
	case 0:
		return g.sentence(8 + g.rng.IntN(7))
	case 1:
		return g.sentence(4+g.rng.IntN(9)) + " " + g.sentence(4+g.rng.IntN(9))
	}
	return g.sentence(4+g.rng.IntN(7)) + " " + g.sentence(4+g.rng.IntN(7)) + " " + g.sentence(4+g.rng.IntN(7))
}

func fileText(paras []string) string { return strings.Join(paras, "\n\n") + "\n" }

// wrappedText is fileText with some paragraphs broken over two lines, as
// an editor wraps them: the segmenter joins the lines again.
func wrappedText(rng *rand.Rand, paras []string) string {
	out := make([]string, len(paras))
	for i, p := range paras {
		out[i] = p
		if sp := strings.Count(p, " "); sp > 0 && rng.IntN(4) == 0 {
			n := rng.IntN(sp)
			at := 0
			for k := 0; k <= n; k++ {
				at += strings.IndexByte(p[at:], ' ') + 1
			}
			out[i] = p[:at-1] + "\n" + p[at:]
		}
	}
	return fileText(out)
}

// digitRuns lists the numbers of a text: a text shares them only with its
// own typo'd versions.
func digitRuns(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// levenshtein is the plain edit distance of two ASCII texts.
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// TestPropertyGeneratorSegments checks the premise of the model: the real
// segmenter makes exactly one fragment per generated paragraph, with the
// paragraph's text, including split parts (one short sentence) and merged
// paragraphs.
func TestPropertyGeneratorSegments(t *testing.T) {
	g := &textGen{rng: rand.New(rand.NewPCG(7, 7))}
	for round := range 40 {
		var paras []string
		for range 1 + g.rng.IntN(12) {
			switch g.rng.IntN(5) {
			case 0:
				paras = append(paras, propBoiler)
			case 1:
				paras = append(paras, g.sentence(4)) // a short split part
			case 2:
				paras = append(paras, g.paragraph()+" "+g.paragraph()+" "+g.paragraph()) // merged
			default:
				paras = append(paras, g.paragraph())
			}
		}
		for _, name := range []string{"doca.txt", "doca.md"} {
			res, err := ingest.Bytes(context.Background(), name, []byte(wrappedText(g.rng, paras)), ingest.Meta{}.WithDefaults("org/"+name))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Fragments {
				got = append(got, f.Text)
			}
			if !slices.Equal(got, paras) {
				t.Fatalf("round %d %s: fragments\n%q\nwant one per paragraph\n%q", round, name, got, paras)
			}
		}
	}
}

// --- the model ---

type mPara struct {
	text    string
	codings map[[2]string]string // coder, code -> the coding's memo
	memos   []uint64
	samples map[string]bool
	seen    map[string]bool // coders who looked at it
}

func newPara(text string) *mPara {
	return &mPara{text: text, codings: map[[2]string]string{}, samples: map[string]bool{}, seen: map[string]bool{}}
}

// joinMemos is how the store joins the memos of two codings that became one.
func joinMemos(a, b string) string {
	switch {
	case a == "" || a == b:
		return b
	case b == "":
		return a
	}
	return a + "\n\n" + b
}

type mDoc struct {
	id, path string
	paras    []*mPara
	retired  []string // texts this document held once and holds no more
}

type mMemo struct {
	author, text string
	orphan       bool
}

type mOrphan struct {
	kind, doc, coder, code, sample string
	memo                           uint64 // an orphaned memo's ID
	note                           string // an orphaned coding's memo
	hash                           string
}

type model struct {
	docs    []*mDoc
	memos   map[uint64]*mMemo
	orphans []mOrphan // in creation order, as the store numbers them
	samples []string
}

func (m *model) doc(id string) *mDoc {
	for _, d := range m.docs {
		if d.id == id {
			return d
		}
	}
	return nil
}

// wPara is a paragraph of a document being edited: where it came from.
type wPara struct {
	text    string
	old     int    // index in the old version; -1 for new text
	kind    string // keep, typo, split, merged, new
	from    []int  // old indices it came from (typo, split, merged)
	touched bool   // changed in this edit: no further operation on it
	glue    bool   // the first part of a split: nothing goes between it and the next
}

// reingest moves the references of d from its old paragraphs to the edited
// ones by the documented rules: identical texts pair in order; then split,
// merged and typo'd paragraphs by what the edit did; everything else is
// orphaned; then orphans of d whose text is back are re-attached to the
// first paragraph holding it.
func (m *model) reingest(d *mDoc, edited []wPara) {
	old := d.paras
	nw := make([]*mPara, len(edited))
	for j, w := range edited {
		nw[j] = newPara(w.text)
	}
	to := make([][]int, len(old))
	usedNew := make([]bool, len(nw))
	matched := make([]bool, len(old))
	for i, p := range old {
		for j, q := range nw {
			if !usedNew[j] && q.text == p.text {
				to[i], usedNew[j], matched[i] = []int{j}, true, true
				break
			}
		}
	}
	for j, w := range edited {
		if usedNew[j] {
			continue
		}
		switch w.kind {
		case "typo", "merged":
			for _, i := range w.from {
				if !matched[i] {
					to[i] = append(to[i], j)
				}
			}
		case "split":
			if i := w.from[0]; !matched[i] {
				to[i] = append(to[i], j)
			}
		}
	}
	for i, p := range old {
		h := store.ContentHash(p.text)
		if len(to[i]) == 0 {
			for _, k := range sortedPairs(p.codings) {
				m.orphans = append(m.orphans, mOrphan{kind: store.OrphanCoding, doc: d.id, coder: k[0], code: k[1], note: p.codings[k], hash: h})
			}
		}
		// Codings of merged paragraphs become one, their memos joined in
		// the order of the old paragraphs.
		for _, j := range to[i] {
			for k, memo := range p.codings {
				if prev, ok := nw[j].codings[k]; ok {
					memo = joinMemos(prev, memo)
				}
				nw[j].codings[k] = memo
			}
			for c := range p.seen {
				nw[j].seen[c] = true // seen marks of gone text are dropped
			}
		}
	}
	for i, p := range old {
		for _, id := range p.memos {
			if len(to[i]) == 0 {
				m.orphans = append(m.orphans, mOrphan{kind: store.OrphanMemo, doc: d.id, coder: m.memos[id].author, memo: id, hash: store.ContentHash(p.text)})
				m.memos[id].orphan = true
				continue
			}
			nw[to[i][0]].memos = append(nw[to[i][0]].memos, id) // a split memo goes to the first part
		}
	}
	for _, name := range m.samples {
		for i, p := range old {
			if !p.samples[name] {
				continue
			}
			if len(to[i]) == 0 {
				m.orphans = append(m.orphans, mOrphan{kind: store.OrphanSample, doc: d.id, sample: name, hash: store.ContentHash(p.text)})
			}
			for _, j := range to[i] {
				nw[j].samples[name] = true
			}
		}
	}
	for _, p := range old {
		if !slices.ContainsFunc(edited, func(w wPara) bool { return w.text == p.text }) && !slices.Contains(d.retired, p.text) {
			d.retired = append(d.retired, p.text)
		}
	}
	d.paras = nw
	m.reattach(d)
}

// reattach puts orphans of d whose exact text is in d again on the first
// paragraph with that text.
func (m *model) reattach(d *mDoc) {
	first := map[string]*mPara{}
	for _, p := range d.paras {
		if h := store.ContentHash(p.text); first[h] == nil {
			first[h] = p
		}
	}
	// Sample units first, as the store does: a consensus coding comes back
	// only onto a fragment that is a sample unit.
	back := map[int]bool{}
	for pass := 0; pass < 2; pass++ {
		for i, o := range m.orphans {
			p := first[o.hash]
			if o.doc != d.id || p == nil || (o.kind == store.OrphanSample) != (pass == 0) {
				continue
			}
			if o.kind == store.OrphanCoding && o.coder == store.ConsensusCoder && len(p.samples) == 0 {
				continue
			}
			m.attach(o, p)
			back[i] = true
		}
	}
	kept := m.orphans[:0]
	for i, o := range m.orphans {
		if !back[i] {
			kept = append(kept, o)
		}
	}
	m.orphans = kept
}

// attach puts an orphan's reference on p: a coding p has already keeps
// its memo joined with the orphan's.
func (m *model) attach(o mOrphan, p *mPara) {
	switch o.kind {
	case store.OrphanCoding:
		k := [2]string{o.coder, o.code}
		if prev, ok := p.codings[k]; !ok {
			p.codings[k] = o.note
		} else if o.note != "" {
			p.codings[k] = joinMemos(prev, o.note)
		}
	case store.OrphanMemo:
		p.memos = append(p.memos, o.memo)
		m.memos[o.memo].orphan = false
	case store.OrphanSample:
		p.samples[o.sample] = true
	}
}

func sortedPairs(s map[[2]string]string) [][2]string {
	var out [][2]string
	for k := range s {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0]+"\x00"+out[i][1] < out[j][0]+"\x00"+out[j][1] })
	return out
}

// snapshot is what the model predicts and the store holds, as sorted lines.
type snapshot struct {
	codings, memos, orphanMemos, units, seen, orphans []string
}

func (m *model) snapshot() snapshot {
	var s snapshot
	for _, d := range m.docs {
		for i, p := range d.paras {
			id, h := store.FragmentID(d.id, i+1), store.ContentHash(p.text)
			for k, memo := range p.codings {
				s.codings = append(s.codings, fmt.Sprintf("%s %s %s %s memo %q", id, k[0], k[1], h, memo))
			}
			for c := range p.seen {
				s.seen = append(s.seen, fmt.Sprintf("%s seen by %s %s", id, c, h))
			}
			for _, mid := range p.memos {
				mm := m.memos[mid]
				s.memos = append(s.memos, fmt.Sprintf("%s memo %d by %s %q %s", id, mid, mm.author, mm.text, h))
			}
			for name := range p.samples {
				s.units = append(s.units, fmt.Sprintf("%s in %s %s", id, name, h))
			}
		}
	}
	for id, mm := range m.memos {
		if mm.orphan {
			s.orphanMemos = append(s.orphanMemos, fmt.Sprintf("memo %d by %s %q", id, mm.author, mm.text))
		}
	}
	for _, o := range m.orphans {
		s.orphans = append(s.orphans, o.String())
	}
	s.sort()
	return s
}

func (o mOrphan) String() string {
	return fmt.Sprintf("%s of %s coder=%s code=%s sample=%s memo=%d note=%q text=%s", o.kind, o.doc, o.coder, o.code, o.sample, o.memo, o.note, o.hash)
}

func (s *snapshot) sort() {
	for _, l := range []*[]string{&s.codings, &s.memos, &s.orphanMemos, &s.units, &s.seen, &s.orphans} {
		sort.Strings(*l)
	}
}

// storeSnapshot reads the same from the store, hashing each fragment's
// current text (not trusting recorded hashes), and checks the fragments
// are the model's paragraphs.
func storeSnapshot(s *store.Store, m *model) (snapshot, error) {
	var out snapshot
	text := map[string]string{}
	for _, d := range m.docs {
		frags, err := s.Fragments(d.id, 1, 0)
		if err != nil {
			return out, err
		}
		var got, want []string
		for _, f := range frags {
			text[f.ID] = f.Text
			got = append(got, f.Text)
		}
		for _, p := range d.paras {
			want = append(want, p.text)
		}
		if !slices.Equal(got, want) {
			return out, fmt.Errorf("document %s: fragments\n%q\nwant\n%q", d.id, got, want)
		}
	}
	hash := func(id string) string {
		t, ok := text[id]
		if !ok {
			return "MISSING"
		}
		return store.ContentHash(t)
	}
	cs, err := s.Codings(store.CodingFilter{})
	if err != nil {
		return out, err
	}
	for _, c := range cs {
		out.codings = append(out.codings, fmt.Sprintf("%s %s %s %s memo %q", c.Fragment, c.Coder, c.Code, hash(c.Fragment), c.Memo))
	}
	for _, c := range []string{"ann", "bob"} {
		seen, err := s.Seen(c)
		if err != nil {
			return out, err
		}
		for id := range seen {
			out.seen = append(out.seen, fmt.Sprintf("%s seen by %s %s", id, c, hash(id)))
		}
	}
	memos, err := s.Memos(store.MemoFragment, "")
	if err != nil {
		return out, err
	}
	// An orphaned memo is listed by Orphans only; read it by its number.
	all, err := s.Orphans()
	if err != nil {
		return out, err
	}
	for _, o := range all {
		if o.Kind != store.OrphanMemo {
			continue
		}
		mm, err := s.MemoByID(o.MemoID)
		if err != nil {
			return out, err
		}
		if mm.Orphan != o.ID {
			return out, fmt.Errorf("orphan %d: memo %d does not point back", o.ID, mm.ID)
		}
		out.orphanMemos = append(out.orphanMemos, fmt.Sprintf("memo %d by %s %q", mm.ID, mm.Author, mm.Text))
	}
	for _, mm := range memos {
		if mm.Orphan != 0 {
			return out, fmt.Errorf("memo %d: orphaned, yet listed by Memos", mm.ID)
		}
		out.memos = append(out.memos, fmt.Sprintf("%s memo %d by %s %q %s", mm.Target, mm.ID, mm.Author, mm.Text, hash(mm.Target)))
	}
	sms, err := s.Samples()
	if err != nil {
		return out, err
	}
	for _, sm := range sms {
		for _, f := range sm.Fragments {
			out.units = append(out.units, fmt.Sprintf("%s in %s %s", f, sm.Name, hash(f)))
		}
	}
	orphans, err := s.Orphans()
	if err != nil {
		return out, err
	}
	for _, o := range orphans {
		if store.ContentHash(o.Text) != o.Hash {
			return out, fmt.Errorf("orphan %d: its text does not have its hash %s: %q", o.ID, o.Hash, o.Text)
		}
		mo := mOrphan{kind: o.Kind, doc: o.Doc, coder: o.Coder, code: o.Code, sample: o.Sample, memo: o.MemoID, hash: o.Hash}
		switch o.Kind {
		case store.OrphanCoding:
			mo.note = o.Memo
		case store.OrphanMemo:
			if mm := m.memos[o.MemoID]; mm == nil || mm.text != o.Memo {
				return out, fmt.Errorf("orphan %d: memo %d text %q, want %+v", o.ID, o.MemoID, o.Memo, mm)
			}
		}
		out.orphans = append(out.orphans, mo.String())
	}
	out.sort()
	return out, nil
}

// diff describes how two sorted lists differ ("" when equal).
func diff(what string, want, got []string) string {
	if slices.Equal(want, got) {
		return ""
	}
	count := map[string]int{}
	for _, w := range want {
		count[w]++
	}
	for _, g := range got {
		count[g]--
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s differ (model %d, store %d):\n", what, len(want), len(got))
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch n := count[k]; {
		case n > 0:
			fmt.Fprintf(&b, "  only in model (%d): %s\n", n, k)
		case n < 0:
			fmt.Fprintf(&b, "  only in store (%d): %s\n", -n, k)
		}
	}
	return b.String()
}

func (s snapshot) diff(got snapshot) string {
	return diff("codings", s.codings, got.codings) + diff("fragment memos", s.memos, got.memos) +
		diff("orphaned memos", s.orphanMemos, got.orphanMemos) + diff("sample units", s.units, got.units) +
		diff("seen marks", s.seen, got.seen) +
		diff("orphans", s.orphans, got.orphans)
}

// --- the test ---

func TestProperty(t *testing.T) {
	runs := max(*propRuns, 1)
	per := max(*propSteps/runs, 1)
	first := *propSeed
	if first == 0 {
		first = 1
	}
	for r := range runs {
		seed := first + uint64(r)
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			runProperty(t, seed, per)
		})
	}
}

type propRun struct {
	t       *testing.T
	seed    uint64
	rng     *rand.Rand
	gen     *textGen
	p       *Project
	s       *store.Store
	files   string
	m       *model
	step    int
	history []string
	memoN   int
	total   store.RemapReport // what the re-ingests did, for the log
	edits   int
}

var propCodes = []string{"FIN", "ZORG", "TAAL", "SPORT"}

func runProperty(t *testing.T, seed uint64, steps int) {
	root, p, s := newProject(t)
	var codes []store.Code
	for _, c := range propCodes {
		codes = append(codes, store.Code{Key: c, Name: strings.ToLower(c)})
	}
	if _, err := s.PutCodes("t", codes); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	r := &propRun{t: t, seed: seed, rng: rng, gen: &textGen{rng: rng}, p: p, s: s,
		files: filepath.Join(root, "files", "org"), m: &model{memos: map[uint64]*mMemo{}}}
	if err := os.MkdirAll(r.files, 0o755); err != nil {
		t.Fatal(err)
	}
	type op struct {
		name   string
		weight func() int
		do     func() string
	}
	ops := []op{
		{"new document", func() int { return max(0, 7-len(r.m.docs)) }, r.newDoc},
		{"edit", func() int { return 25 }, r.edit},
		{"code", func() int { return 25 }, r.code},
		{"uncode", func() int { return 7 }, r.uncode},
		{"memo", func() int { return 8 }, r.memo},
		{"sample", func() int { return max(0, 6-len(r.m.samples)) }, r.sample},
		{"reconcile", func() int { return 8 }, r.reconcile},
		{"bundle", func() int { return 3 }, r.bundle},
		{"orphan", func() int { return 4 }, r.orphan},
	}
	r.history = append(r.history, "0: "+r.newDoc(), "0: "+r.newDoc())
	r.verify()
	for r.step = 1; r.step <= steps; r.step++ {
		total := 0
		for _, o := range ops {
			total += o.weight()
		}
		n := rng.IntN(total)
		var did string
		for _, o := range ops {
			if n -= o.weight(); n < 0 {
				did = o.do()
				break
			}
		}
		if r.step%150 == 0 || r.step == steps {
			did += "; " + r.qdpx()
		}
		r.history = append(r.history, fmt.Sprintf("%d: %s", r.step, did))
		r.verify()
		if r.step%10 == 0 || r.step == steps {
			r.index(r.step%30 == 0)
		}
	}
	paras := 0
	for _, d := range r.m.docs {
		paras += len(d.paras)
	}
	t.Logf("seed %d: %d steps, %d re-ingests; fragments matched same %d, split %d, merged %d, edited %d; references moved: codings %d, memos %d, sample units %d, seen %d; orphaned %d, re-attached %d; at the end %d documents, %d paragraphs, %d orphans",
		seed, steps, r.edits, r.total.Same, r.total.Split, r.total.Merged, r.total.Edited, r.total.Codings, r.total.Memos, r.total.SampleUnits, r.total.Seen,
		r.total.Orphaned, r.total.Reattached, len(r.m.docs), paras, len(r.m.orphans))
}

// fail stops the run with the seed, step and history.
func (r *propRun) fail(format string, a ...any) {
	r.t.Helper()
	h := r.history
	const keep = 150
	skipped := ""
	if len(h) > keep {
		skipped = fmt.Sprintf("(%d earlier steps left out)\n", len(h)-keep)
		h = h[len(h)-keep:]
	}
	r.t.Fatalf("seed %d, step %d: %s\nreplay: go test ./project -run 'Property$/seed=%d' -property.seed %d -property.runs 1 -property.steps %d\nhistory:\n%s%s",
		r.seed, r.step, fmt.Sprintf(format, a...), r.seed, r.seed, r.step, skipped, strings.Join(h, "\n"))
}

func (r *propRun) must(err error, what string) {
	r.t.Helper()
	if err != nil {
		r.history = append(r.history, fmt.Sprintf("%d: %s", r.step, what))
		r.fail("%s: %v", what, err)
	}
}

// verify runs after every step: the store's own check, then model == store.
func (r *propRun) verify() {
	r.t.Helper()
	if errs := r.s.Check(); len(errs) > 0 {
		r.fail("store check: %v", errors.Join(errs...))
	}
	got, err := storeSnapshot(r.s, r.m)
	if err != nil {
		r.fail("read store: %v", err)
	}
	if d := r.m.snapshot().diff(got); d != "" {
		r.fail("model and store differ:\n%s", d)
	}
}

func (r *propRun) ingest(d *mDoc, texts []string) FileReport {
	r.t.Helper()
	if err := os.WriteFile(d.path, []byte(wrappedText(r.rng, texts)), 0o644); err != nil {
		r.t.Fatal(err)
	}
	sum, err := Ingest(context.Background(), r.s, IngestOptions{Jobs: []ingest.Job{{Path: d.path}}, Workers: 1, Actor: "t"})
	r.must(err, "ingest "+d.id)
	if len(sum.Reports) != 1 || sum.Reports[0].Status == StatusFailed || sum.Reports[0].Doc != d.id {
		r.fail("ingest %s: %+v", d.id, sum.Reports)
	}
	return sum.Reports[0]
}

func (r *propRun) newDoc() string {
	d := &mDoc{id: fmt.Sprintf("doc%c", 'a'+len(r.m.docs))}
	d.path = filepath.Join(r.files, d.id+[]string{".txt", ".md"}[len(r.m.docs)%2])
	var texts []string
	for range 2 + r.rng.IntN(7) {
		texts = append(texts, r.gen.paragraph())
	}
	for range r.rng.IntN(3) {
		at := r.rng.IntN(len(texts) + 1)
		texts = slices.Insert(texts, at, propBoiler)
	}
	rep := r.ingest(d, texts)
	if rep.Status != StatusAdded {
		r.fail("new document %s: status %s", d.id, rep.Status)
	}
	for _, t := range texts {
		d.paras = append(d.paras, newPara(t))
	}
	r.m.docs = append(r.m.docs, d)
	return fmt.Sprintf("new %s with %d paragraphs", d.id, len(texts))
}

func (r *propRun) pickDoc() *mDoc { return r.m.docs[r.rng.IntN(len(r.m.docs))] }

// pickPara picks a paragraph that is not boilerplate (nil when none).
func (r *propRun) pickPara(d *mDoc) (int, *mPara) {
	var idx []int
	for i, p := range d.paras {
		if p.text != propBoiler {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return -1, nil
	}
	i := idx[r.rng.IntN(len(idx))]
	return i, d.paras[i]
}

// edit applies one to four operations to a document's file and re-ingests it.
func (r *propRun) edit() string {
	d := r.pickDoc()
	w := make([]wPara, len(d.paras))
	oldDigits := map[string]bool{}
	oldCount := map[string]int{}
	for i, p := range d.paras {
		w[i] = wPara{text: p.text, old: i, kind: "keep"}
		oldCount[p.text]++
		for _, n := range digitRuns(p.text) {
			oldDigits[n] = true
		}
	}
	n := 1
	if r.rng.IntN(10) >= 6 {
		n = 2 + r.rng.IntN(3)
	}
	var did []string
	for range n {
		if s := r.editOp(d, &w, oldDigits, oldCount); s != "" {
			did = append(did, s)
		}
	}
	if !slices.ContainsFunc(w, func(p wPara) bool { return p.text != propBoiler }) {
		w = append(w, wPara{text: r.gen.paragraph(), old: -1, kind: "new", touched: true})
		did = append(did, fmt.Sprintf("append new %d", len(w)))
	}
	texts := make([]string, len(w))
	for i, p := range w {
		texts[i] = p.text
	}
	var oldTexts []string
	for _, p := range d.paras {
		oldTexts = append(oldTexts, p.text)
	}
	desc := fmt.Sprintf("edit %s [%s]", d.id, strings.Join(did, "; "))
	if slices.Equal(texts, oldTexts) {
		return desc + " (no change)"
	}
	rep := r.ingest(d, texts)
	if rep.Status != StatusReplaced {
		r.fail("%s: status %s", desc, rep.Status)
	}
	r.m.reingest(d, w)
	r.edits++
	if rep.Remap != nil {
		t, x := &r.total, rep.Remap
		t.Same, t.Split, t.Merged, t.Edited = t.Same+x.Same, t.Split+x.Split, t.Merged+x.Merged, t.Edited+x.Edited
		t.Codings, t.Memos, t.SampleUnits, t.Seen = t.Codings+x.Codings, t.Memos+x.Memos, t.SampleUnits+x.SampleUnits, t.Seen+x.Seen
		t.Orphaned, t.Reattached = t.Orphaned+x.Orphaned, t.Reattached+x.Reattached
		desc += fmt.Sprintf(" -> same %d split %d merged %d edited %d orphaned %d reattached %d",
			rep.Remap.Same, rep.Remap.Split, rep.Remap.Merged, rep.Remap.Edited, rep.Remap.Orphaned, rep.Remap.Reattached)
	}
	return desc
}

// editOp applies one random operation to the working copy w; operations
// never touch a paragraph an earlier one changed, never separate split
// parts, and merge only paragraphs that were neighbours before, so what
// the store must do is what the operation meant.
func (r *propRun) editOp(d *mDoc, wp *[]wPara, oldDigits map[string]bool, oldCount map[string]int) string {
	w := *wp
	// canInsert reports whether a paragraph may go before position i.
	canInsert := func(w []wPara, i int) bool { return i == 0 || !w[i-1].glue }
	insertAt := func(w []wPara) int {
		for {
			if i := r.rng.IntN(len(w) + 1); canInsert(w, i) {
				return i
			}
		}
	}
	// prose is text that is neither boilerplate nor repeated (before or
	// now): only such text is edited, split or merged, so that pairing
	// repeated texts in order cannot take another paragraph's place.
	prose := func(text string) bool {
		return text != propBoiler && oldCount[text] <= 1 &&
			len(slices.DeleteFunc(slices.Clone(w), func(p wPara) bool { return p.text != text })) <= 1
	}
	untouched := func(onlyProse bool) []int {
		var out []int
		for i, p := range w {
			if !p.touched && (!onlyProse || prose(p.text)) {
				out = append(out, i)
			}
		}
		return out
	}
	pick := func(c []int) int { return c[r.rng.IntN(len(c))] }
	switch k := r.rng.IntN(19); {
	case k < 3 && len(w) < 40: // insert new text or boilerplate
		text := r.gen.paragraph()
		if r.rng.IntN(5) == 0 {
			text = propBoiler
		}
		i := insertAt(w)
		*wp = slices.Insert(w, i, wPara{text: text, old: -1, kind: "new", touched: true})
		if text == propBoiler {
			return fmt.Sprintf("insert boilerplate at %d", i+1)
		}
		return fmt.Sprintf("insert at %d", i+1)
	case k < 5: // delete (also instead of inserting into a document of 40 paragraphs)
		c := untouched(false)
		if len(c) == 0 || len(w) < 2 {
			return ""
		}
		i := pick(c)
		*wp = slices.Delete(w, i, i+1)
		return fmt.Sprintf("delete %d", i+1)
	case k < 7: // move a paragraph elsewhere
		c := untouched(false)
		if len(c) == 0 || len(w) < 2 {
			return ""
		}
		i := pick(c)
		p := w[i]
		p.touched = true
		w = slices.Delete(w, i, i+1)
		j := insertAt(w)
		*wp = slices.Insert(w, j, p)
		return fmt.Sprintf("move %d to %d", i+1, j+1)
	case k < 10: // fix a typo: one letter (not a digit) of a paragraph of >= 40 characters
		var c []int
		for _, i := range untouched(true) {
			if len(w[i].text) >= 40 {
				c = append(c, i)
			}
		}
		if len(c) == 0 {
			return ""
		}
		i := pick(c)
		old := w[i].text
		if r.rng.IntN(6) == 0 {
			// A changed number is never a typo, however small the change.
			n := digitRuns(old)[0]
			r.gen.n++
			text := strings.Replace(old, "k"+n, fmt.Sprintf("k%d", r.gen.n), 1)
			w[i] = wPara{text: text, old: -1, kind: "new", touched: true}
			return fmt.Sprintf("change the number in %d", i+1)
		}
		letters := 1 // a typo; sometimes more letters, up to about 16%
		if r.rng.IntN(3) == 0 {
			letters = 2 + r.rng.IntN(max(1, len(old)/6))
		}
		b := []byte(old)
		for changed := 0; changed < letters; {
			at := r.rng.IntN(len(b))
			if b[at] < 'a' || b[at] > 'z' {
				continue
			}
			to := byte('a' + r.rng.IntN(26))
			if to == b[at] {
				continue
			}
			b[at] = to
			changed++
		}
		// Within 10% of the longer text it is the same paragraph edited.
		d := levenshtein(old, string(b))
		if d <= len(old)/10 {
			w[i] = wPara{text: string(b), old: w[i].old, kind: "typo", from: []int{w[i].old}, touched: true}
			return fmt.Sprintf("change %d letters in %d (distance %d of %d: edited)", letters, i+1, d, len(old))
		}
		w[i] = wPara{text: string(b), old: -1, kind: "new", touched: true}
		return fmt.Sprintf("change %d letters in %d (distance %d of %d: other text)", letters, i+1, d, len(old))
	case k < 12: // split at a sentence end
		var c []int
		for _, i := range untouched(true) {
			if strings.Contains(w[i].text, ". ") {
				c = append(c, i)
			}
		}
		if len(c) == 0 {
			return ""
		}
		i := pick(c)
		var ends []int
		for j := 0; j+1 < len(w[i].text); j++ {
			if w[i].text[j] == '.' && w[i].text[j+1] == ' ' {
				ends = append(ends, j)
			}
		}
		r.rng.Shuffle(len(ends), func(a, b int) { ends[a], ends[b] = ends[b], ends[a] })
		cuts := ends[:1+r.rng.IntN(len(ends))]
		sort.Ints(cuts)
		text, old := w[i].text, w[i].old
		var parts []wPara
		start := 0
		for _, at := range append(cuts, len(text)-1) {
			parts = append(parts, wPara{text: text[start : at+1], old: old, kind: "split", from: []int{old}, touched: true, glue: true})
			start = at + 2
		}
		parts[len(parts)-1].glue = false
		*wp = slices.Replace(w, i, i+1, parts...)
		return fmt.Sprintf("split %d in %d", i+1, len(parts))
	case k < 14: // merge two paragraphs that were neighbours before the edit
		n := 2 + r.rng.IntN(2)
		var c []int
	next:
		for i := 0; i+n <= len(w); i++ {
			words := 0
			for k := i; k < i+n; k++ {
				if w[k].touched || !prose(w[k].text) || (k > i && w[k].old != w[k-1].old+1) {
					continue next
				}
				words += len(strings.Fields(w[k].text))
			}
			if words <= 200 {
				c = append(c, i)
			}
		}
		if len(c) == 0 {
			return ""
		}
		i := pick(c)
		m := wPara{old: -1, kind: "merged", touched: true}
		var texts []string
		for k := i; k < i+n; k++ {
			texts = append(texts, w[k].text)
			m.from = append(m.from, w[k].old)
		}
		m.text = strings.Join(texts, " ")
		*wp = slices.Replace(w, i, i+n, m)
		return fmt.Sprintf("merge %d to %d", i+1, i+n)
	case k < 15: // rewrite completely
		c := untouched(true)
		if len(c) == 0 {
			return ""
		}
		i := pick(c)
		w[i] = wPara{text: r.gen.paragraph(), old: -1, kind: "new", touched: true}
		return fmt.Sprintf("rewrite %d", i+1)
	case k < 17: // repeat a paragraph elsewhere: repeated texts pair in order
		var c []int
		for i, p := range w {
			// Not a text this edit made: which of two equal new texts a
			// split, merge or typo goes to is not defined.
			if !p.touched && p.text != propBoiler {
				c = append(c, i)
			}
		}
		if len(c) == 0 {
			return ""
		}
		from := pick(c)
		text := w[from].text
		i := insertAt(w)
		*wp = slices.Insert(w, i, wPara{text: text, old: -1, kind: "new", touched: true})
		return fmt.Sprintf("repeat %d at %d", from+1, i+1)
	default: // bring back a text this (or another) document held before: its orphans come back
		var c []string
		retired := d.retired
		if r.rng.IntN(4) == 0 {
			retired = r.pickDoc().retired
		}
		for _, t := range retired {
			ok := true
			for _, n := range digitRuns(t) {
				if oldDigits[n] || slices.ContainsFunc(w, func(p wPara) bool { return slices.Contains(digitRuns(p.text), n) }) {
					ok = false
					break
				}
			}
			if ok {
				c = append(c, t)
			}
		}
		if len(c) == 0 {
			return ""
		}
		t := c[r.rng.IntN(len(c))]
		i := insertAt(w)
		*wp = slices.Insert(w, i, wPara{text: t, old: -1, kind: "new", touched: true})
		return fmt.Sprintf("restore an old text at %d (%.20q)", i+1, t)
	}
}

func (r *propRun) code() string {
	d := r.pickDoc()
	i, p := r.pickPara(d)
	if p == nil {
		return "code: nothing to code"
	}
	id := store.FragmentID(d.id, i+1)
	coder := []string{"ann", "bob"}[r.rng.IntN(2)]
	code := propCodes[r.rng.IntN(len(propCodes))]
	if r.rng.IntN(2) == 0 {
		_, err := r.s.MarkSeen(coder, store.SeenAt(time.Time{}, id), false)
		r.must(err, "mark seen")
		p.seen[coder] = true
	}
	memo := ""
	if r.rng.IntN(4) == 0 {
		memo = fmt.Sprintf("waarom %d", r.step)
	}
	r.must(r.s.AddCodings(store.Coding{Fragment: id, Coder: coder, Code: code, Memo: memo}), "code")
	if _, ok := p.codings[[2]string{coder, code}]; !ok { // adding an existing coding changes nothing
		p.codings[[2]string{coder, code}] = memo
	}
	return fmt.Sprintf("code %s %s %s", id, coder, code)
}

func (r *propRun) uncode() string {
	type ref struct {
		id   string
		p    *mPara
		pair [2]string
	}
	var all []ref
	for _, d := range r.m.docs {
		for i, p := range d.paras {
			for _, k := range sortedPairs(p.codings) {
				all = append(all, ref{store.FragmentID(d.id, i+1), p, k})
			}
		}
	}
	if len(all) == 0 {
		return "uncode: nothing coded"
	}
	c := all[r.rng.IntN(len(all))]
	removed, err := r.s.RemoveCoding(c.id, c.pair[0], c.pair[1])
	r.must(err, "uncode")
	if !removed {
		r.fail("uncode %s %s %s: not removed", c.id, c.pair[0], c.pair[1])
	}
	delete(c.p.codings, c.pair)
	return fmt.Sprintf("uncode %s %s %s", c.id, c.pair[0], c.pair[1])
}

func (r *propRun) memo() string {
	d := r.pickDoc()
	i, p := r.pickPara(d)
	if p == nil {
		return "memo: nothing to write on"
	}
	r.memoN++
	author := []string{"ann", "bob"}[r.rng.IntN(2)]
	id := store.FragmentID(d.id, i+1)
	mm, err := r.s.AddMemo(store.Memo{Kind: store.MemoFragment, Target: id, Author: author, Text: fmt.Sprintf("notitie %d", r.memoN)})
	r.must(err, "memo")
	r.m.memos[mm.ID] = &mMemo{author: author, text: mm.Text}
	p.memos = append(p.memos, mm.ID)
	return fmt.Sprintf("memo %d on %s by %s", mm.ID, id, author)
}

func (r *propRun) sample() string {
	name := fmt.Sprintf("s%d", len(r.m.samples)+1)
	if r.rng.IntN(2) == 0 {
		d := r.pickDoc()
		docs := []string{d.id}
		if e := r.pickDoc(); e != d {
			docs = append(docs, e.id)
		}
		_, err := coding.CreateSample(r.s, "t", coding.SampleOptions{Name: name, DocIDs: docs, Seed: r.seed, Coders: []string{"ann", "bob"}})
		r.must(err, "create sample")
		for _, id := range docs {
			for _, p := range r.m.doc(id).paras {
				p.samples[name] = true
			}
		}
		r.m.samples = append(r.m.samples, name)
		return fmt.Sprintf("sample %s of %v", name, docs)
	}
	var ids []string
	var ps []*mPara
	for _, d := range r.m.docs {
		for i, p := range d.paras {
			if r.rng.IntN(3) == 0 {
				ids, ps = append(ids, store.FragmentID(d.id, i+1)), append(ps, p)
			}
		}
	}
	if len(ids) == 0 {
		return "sample: drew nothing"
	}
	r.must(r.s.PutSample("t", store.Sample{Name: name, Docs: []string{store.DocOf(ids[0])}, Fragments: ids, Coders: []string{"ann", "bob"}}), "put sample")
	for _, p := range ps {
		p.samples[name] = true
	}
	r.m.samples = append(r.m.samples, name)
	return fmt.Sprintf("sample %s of %d fragments", name, len(ids))
}

// orphan drops an orphan or attaches it to a paragraph of its document, as
// the orphans command does.
func (r *propRun) orphan() string {
	orphans, err := r.s.Orphans()
	r.must(err, "orphans")
	if len(orphans) == 0 {
		return "orphans: none"
	}
	o := orphans[r.rng.IntN(len(orphans))]
	mo := mOrphan{kind: o.Kind, doc: o.Doc, coder: o.Coder, code: o.Code, sample: o.Sample, memo: o.MemoID, hash: o.Hash}
	if o.Kind == store.OrphanCoding {
		mo.note = o.Memo
	}
	at := slices.IndexFunc(r.m.orphans, func(x mOrphan) bool { return x == mo })
	if at < 0 {
		r.fail("orphan %d (%s) is not in the model", o.ID, mo)
	}
	if r.rng.IntN(2) == 0 {
		n, err := r.s.DropOrphans("t", []uint64{o.ID})
		r.must(err, "drop orphan")
		if n != 1 {
			r.fail("drop orphan %d: dropped %d", o.ID, n)
		}
		r.m.orphans = slices.Delete(r.m.orphans, at, at+1)
		if o.Kind == store.OrphanMemo {
			delete(r.m.memos, o.MemoID)
		}
		return fmt.Sprintf("drop orphan %d (%s)", o.ID, mo)
	}
	d := r.m.doc(o.Doc)
	i, p := r.pickPara(d)
	if p == nil {
		return "attach orphan: no paragraph"
	}
	id := store.FragmentID(d.id, i+1)
	if o.Coder == store.ConsensusCoder && len(p.samples) == 0 {
		if err := r.s.AttachOrphan("t", o.ID, id); !errors.Is(err, store.ErrNotInSample) {
			r.fail("attach consensus orphan %d to %s outside every sample: %v, want ErrNotInSample", o.ID, id, err)
		}
		return fmt.Sprintf("attach orphan %d to %s: refused, in no sample", o.ID, id)
	}
	r.must(r.s.AttachOrphan("t", o.ID, id), "attach orphan")
	r.m.orphans = slices.Delete(r.m.orphans, at, at+1)
	r.m.attach(mo, p)
	return fmt.Sprintf("attach orphan %d (%s) to %s", o.ID, mo, id)
}

// reconcile sets the consensus codes of a sample unit.
func (r *propRun) reconcile() string {
	type unit struct {
		id string
		p  *mPara
	}
	var units []unit
	for _, d := range r.m.docs {
		for i, p := range d.paras {
			if len(p.samples) > 0 && p.text != propBoiler {
				units = append(units, unit{store.FragmentID(d.id, i+1), p})
			}
		}
	}
	if len(units) == 0 {
		return "reconcile: no sample units"
	}
	u := units[r.rng.IntN(len(units))]
	var codes []string
	for _, c := range propCodes {
		if r.rng.IntN(3) == 0 {
			codes = append(codes, c)
		}
	}
	r.must(r.s.SetCodes(u.id, store.ConsensusCoder, codes), "reconcile")
	for k := range u.p.codings {
		if k[0] == store.ConsensusCoder {
			delete(u.p.codings, k)
		}
	}
	for _, c := range codes {
		u.p.codings[[2]string{store.ConsensusCoder, c}] = ""
	}
	return fmt.Sprintf("reconcile %s: %v", u.id, codes)
}

// rawState is everything a bundle merge could change.
func rawState(s *store.Store) (string, error) {
	var b bytes.Buffer
	cs, err := s.Codings(store.CodingFilter{})
	if err != nil {
		return "", err
	}
	for _, c := range cs {
		fmt.Fprintf(&b, "coding %+v\n", c)
	}
	ms, err := s.Memos("", "")
	if err != nil {
		return "", err
	}
	for _, m := range ms {
		fmt.Fprintf(&b, "memo %+v\n", m)
	}
	sms, err := s.Samples()
	if err != nil {
		return "", err
	}
	for _, sm := range sms {
		fmt.Fprintf(&b, "sample %s %v %v\n", sm.Name, sm.Fragments, sm.Hashes)
	}
	orphans, err := s.Orphans()
	if err != nil {
		return "", err
	}
	for _, o := range orphans {
		fmt.Fprintf(&b, "orphan %+v\n", o)
	}
	for _, c := range []string{"ann", "bob"} {
		seen, err := s.Seen(c)
		if err != nil {
			return "", err
		}
		ids := slices.Sorted(func(yield func(string) bool) {
			for id := range seen {
				if !yield(id) {
					return
				}
			}
		})
		for _, id := range ids {
			fmt.Fprintf(&b, "seen %s %s %s\n", c, id, seen[id].Format(time.RFC3339Nano))
		}
	}
	return b.String(), nil
}

// bundle exports a coder's bundle and merges it back into the same project:
// that must change nothing.
func (r *propRun) bundle() string {
	coder := []string{"ann", "bob"}[r.rng.IntN(2)]
	before, err := rawState(r.s)
	r.must(err, "read state")
	b, err := interop.ExportBundle(r.s, coder)
	if err != nil && strings.Contains(err.Error(), "has no codings, memos or seen fragments") {
		return "bundle: " + coder + " has nothing"
	}
	r.must(err, "export bundle of "+coder)
	data, err := b.JSON()
	r.must(err, "bundle json")
	b2, err := interop.ReadBundle("b.json", data)
	r.must(err, "read bundle")
	replace := r.rng.IntN(2) == 0
	rep, err := interop.MergeBundle(r.s, b2, interop.MergeOptions{Replace: replace})
	r.must(err, "merge bundle")
	if rep.Added+rep.Removed+rep.MemosAdded+rep.Seen+len(rep.CodesAdded)+len(rep.Refused) != 0 {
		r.fail("merging %s's own bundle (replace %v) changed something: %+v", coder, replace, rep)
	}
	after, err := rawState(r.s)
	r.must(err, "read state")
	if before != after {
		r.fail("merging %s's own bundle (replace %v) changed the store:\n%s", coder, replace, diff("state", strings.Split(before, "\n"), strings.Split(after, "\n")))
	}
	return fmt.Sprintf("bundle of %s merged back (replace %v): %d present", coder, replace, rep.Present)
}

// qdpx exports the project and imports it into a fresh folder: the imported
// codings are the model's (coder, code, text).
func (r *propRun) qdpx() string {
	dir := r.t.TempDir()
	file := filepath.Join(dir, "p.qdpx")
	f, err := os.Create(file)
	r.must(err, "create qdpx")
	_, err = interop.ExportProject(context.Background(), r.s, "prop", f)
	r.must(err, "export qdpx")
	r.must(f.Close(), "close qdpx")
	p2, _, err := ImportQDPX(context.Background(), file, filepath.Join(dir, "imported"), interop.ImportOptions{Actor: "t"})
	r.must(err, "import qdpx")
	s2, err := p2.Open()
	r.must(err, "open imported")
	defer s2.Close()
	cs, err := s2.Codings(store.CodingFilter{})
	r.must(err, "imported codings")
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.Fragment)
	}
	texts, err := s2.FragmentTexts(ids)
	r.must(err, "imported texts")
	var got, want []string
	for _, c := range cs {
		got = append(got, fmt.Sprintf("%s %s %s", c.Coder, c.Code, store.ContentHash(texts[c.Fragment])))
	}
	for _, d := range r.m.docs {
		for _, p := range d.paras {
			for k := range p.codings {
				want = append(want, fmt.Sprintf("%s %s %s", k[0], k[1], store.ContentHash(p.text)))
			}
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if d := diff("imported codings", want, got); d != "" {
		r.fail("qdpx export and import: %s", d)
	}
	var errs []error
	for _, e := range s2.Check() {
		// Known bug (TestPropertyQDPXConsensusWithoutSample): samples do
		// not travel in a .qdpx, their consensus codings do.
		if !strings.Contains(e.Error(), "a consensus coding outside every sample") {
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		r.fail("imported project check: %v", errors.Join(errs...))
	}
	return fmt.Sprintf("qdpx round trip of %d codings", len(got))
}

// index brings the index up to date (or rebuilds it) and compares it with
// the store.
func (r *propRun) index(rebuild bool) {
	ctx := context.Background()
	if rebuild {
		_, err := r.p.Reindex(ctx, r.s, nil)
		r.must(err, "reindex")
	}
	x, err := r.p.OpenIndex(ctx, r.s, nil)
	r.must(err, "open index")
	defer x.Close()
	rep, err := Check(r.s, x)
	r.must(err, "check index")
	if !rep.OK() {
		r.fail("index check (rebuild %v): %+v", rebuild, rep)
	}
}

// newPropProject makes a project with the property test's codes and one
// ingested document of the given paragraphs.
func newPropProject(t *testing.T, paras ...string) (*Project, *store.Store, string) {
	t.Helper()
	root, p, s := newProject(t)
	var codes []store.Code
	for _, c := range propCodes {
		codes = append(codes, store.Code{Key: c, Name: strings.ToLower(c)})
	}
	if _, err := s.PutCodes("t", codes); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "files", "org", "doca.txt")
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(fileText(paras)), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := Ingest(context.Background(), s, IngestOptions{Jobs: []ingest.Job{{Path: path}}, Workers: 1})
	if err != nil || sum.Added != 1 {
		t.Fatalf("ingest: %v %+v", err, sum)
	}
	return p, s, path
}

// Found by TestProperty (seed 1, step 100): a project whose sample has
// consensus codings exports to a .qdpx that imports into a project failing
// its own check, because the consensus codings travel and the sample does
// not.
func TestPropertyQDPXConsensusWithoutSample(t *testing.T) {
	_, s, _ := newPropProject(t, "wij bouwen k1 samen aan de buurt.", "zij werken k2 met jongeren in de wijk.")
	if err := s.PutSample("t", store.Sample{Name: "s1", Docs: []string{"doca"}, Fragments: []string{"doca/0001"}, Coders: []string{"ann", "bob"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCodes("doca/0001", store.ConsensusCoder, []string{"FIN"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "p.qdpx")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := interop.ExportProject(context.Background(), s, "p", f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	p2, _, err := ImportQDPX(context.Background(), file, filepath.Join(dir, "imported"), interop.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s2, err := p2.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if errs := s2.Check(); len(errs) > 0 {
		t.Fatalf("imported project: %v", errors.Join(errs...))
	}
}

// Found by TestProperty (seed 3, step 205), fixed: a fragment memo orphaned
// by a re-ingest that shortened the document broke ExportBundle, which
// looked up the hash of the memo's old fragment ID. Orphaned memos are now
// listed only by Orphans, so they never travel on another text.
func TestPropertyBundleOrphanedMemo(t *testing.T) {
	_, s, path := newPropProject(t, "wij bouwen k1 samen aan de buurt.", "zij werken k2 met jongeren in de wijk.")
	if _, err := s.AddMemo(store.Memo{Kind: store.MemoFragment, Target: "doca/0002", Author: "ann", Text: "notitie"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(fileText([]string{"wij bouwen k1 samen aan de buurt."})), 0o644); err != nil {
		t.Fatal(err)
	}
	if sum, err := Ingest(context.Background(), s, IngestOptions{Jobs: []ingest.Job{{Path: path}}, Workers: 1}); err != nil || sum.Replaced != 1 {
		t.Fatalf("re-ingest: %v %+v", err, sum)
	}
	if orphans, err := s.Orphans(); err != nil || len(orphans) != 1 || orphans[0].Kind != store.OrphanMemo {
		t.Fatalf("orphans %+v %v, want the memo", orphans, err)
	}
	// The orphaned memo alone is not something to exchange.
	if _, err := interop.ExportBundle(s, "ann"); err == nil || !strings.Contains(err.Error(), "has no codings, memos or seen fragments") {
		t.Fatalf("export of a coder with only an orphaned memo: %v", err)
	}
	if _, err := s.MarkSeen("ann", store.SeenAt(time.Time{}, "doca/0001"), false); err != nil {
		t.Fatal(err)
	}
	b, err := interop.ExportBundle(s, "ann")
	if err != nil {
		t.Fatalf("export bundle: %v", err)
	}
	rep, err := interop.MergeBundle(s, b, interop.MergeOptions{})
	if err != nil || rep.MemosAdded != 0 || len(rep.Refused) != 0 {
		t.Fatalf("merge back: %+v %v", rep, err)
	}
}

// Found by review for the property test's orphan operations, fixed:
// attaching an orphaned consensus coding to a fragment outside every sample
// was accepted, and then the store failed its own check.
func TestPropertyAttachConsensusOrphanOutsideSample(t *testing.T) {
	_, s, path := newPropProject(t, "wij bouwen k1 samen aan de buurt.", "zij werken k2 met jongeren in de wijk.")
	if err := s.PutSample("t", store.Sample{Name: "s1", Docs: []string{"doca"}, Fragments: []string{"doca/0001"}, Coders: []string{"ann", "bob"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCodes("doca/0001", store.ConsensusCoder, []string{"FIN"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(fileText([]string{"iets heel anders k3 over cultuur.", "zij werken k2 met jongeren in de wijk."})), 0o644); err != nil {
		t.Fatal(err)
	}
	if sum, err := Ingest(context.Background(), s, IngestOptions{Jobs: []ingest.Job{{Path: path}}, Workers: 1}); err != nil || sum.Replaced != 1 {
		t.Fatalf("re-ingest: %v %+v", err, sum)
	}
	orphans, err := s.Orphans()
	if err != nil {
		t.Fatal(err)
	}
	var id uint64
	for _, o := range orphans {
		if o.Kind == store.OrphanCoding && o.Coder == store.ConsensusCoder {
			id = o.ID
		}
	}
	if id == 0 {
		t.Fatalf("no consensus orphan in %+v", orphans)
	}
	err = s.AttachOrphan("t", id, "doca/0002") // not in the sample
	if errs := s.Check(); len(errs) > 0 {
		t.Fatalf("attach returned %v, and then check: %v", err, errors.Join(errs...))
	}
}

// Found by TestProperty (seed 3, step 700, with orphan drops): when the
// orphaned sample unit of a consensus-coded paragraph is dropped and the
// paragraph's text comes back, re-ingest re-attaches the consensus coding
// by itself, outside every sample, and the store fails its own check.
func TestPropertyReattachConsensusWithoutSample(t *testing.T) {
	_, s, path := newPropProject(t, "wij bouwen k1 samen aan de buurt.", "zij werken k2 met jongeren in de wijk.")
	if err := s.PutSample("t", store.Sample{Name: "s1", Docs: []string{"doca"}, Fragments: []string{"doca/0001"}, Coders: []string{"ann", "bob"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCodes("doca/0001", store.ConsensusCoder, []string{"FIN"}); err != nil {
		t.Fatal(err)
	}
	reingest := func(paras ...string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(fileText(paras)), 0o644); err != nil {
			t.Fatal(err)
		}
		if sum, err := Ingest(context.Background(), s, IngestOptions{Jobs: []ingest.Job{{Path: path}}, Workers: 1}); err != nil || sum.Replaced != 1 {
			t.Fatalf("re-ingest: %v %+v", err, sum)
		}
	}
	reingest("zij werken k2 met jongeren in de wijk.") // the coded paragraph is gone
	orphans, err := s.Orphans()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orphans {
		if o.Kind == store.OrphanSample {
			if _, err := s.DropOrphans("t", []uint64{o.ID}); err != nil {
				t.Fatal(err)
			}
		}
	}
	reingest("wij bouwen k1 samen aan de buurt.", "zij werken k2 met jongeren in de wijk.") // and back
	if errs := s.Check(); len(errs) > 0 {
		t.Fatalf("after the text came back: %v", errors.Join(errs...))
	}
}

package interop

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	_ "github.com/plancoder/plancoder/ingest/pdftext" // registers the PDF reader with ingest
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/store"
)

// ImportOptions tune an import.
type ImportOptions struct {
	// SkipMissing imports the rest when source files are missing from the
	// archive; by default a missing source fails the whole import.
	SkipMissing bool
	// Actor is recorded in the event log.
	Actor string
}

// ImportReport says what an import took in, how, and what it could not map.
type ImportReport struct {
	Producer                                      string // Project@origin
	Unit                                          Unit   // how positions were read
	UnitWhy                                       string
	Documents, Codes, Groups, Users, Cases, Memos int
	// Selections is the number of coded text selections; Exact of them match
	// fragment boundaries, Widened lie inside one fragment, Spanning cover
	// several fragments and were attached to every fragment they overlap.
	Selections, Exact, Widened, Spanning int
	Codings                              int // codings stored (fragment, coder, code)
	// Restored counts the documents that got plancoder's own structure back
	// from the archive's side file (StructureEntry): IDs, metadata,
	// fragments with pages, kinds and sections. Samples and SeenMarks count
	// what came back with them.
	Restored, Samples, SeenMarks int `json:",omitempty"`
	// Unmapped lists what could not be taken in, one line each.
	Unmapped []string
	// Cleaned lists folders that earlier, killed imports left beside the
	// target and this import removed.
	Cleaned []string `json:",omitempty"`
}

func (r *ImportReport) drop(format string, args ...any) {
	r.Unmapped = append(r.Unmapped, fmt.Sprintf(format, args...))
}

// ErrMissingSources means the archive lacks source files its project names.
var ErrMissingSources = errors.New("source files missing from the archive")

// importer holds the state of one import.
type importer struct {
	ctx    context.Context
	a      *Archive
	x      *xProject
	opts   ImportOptions
	rep    *ImportReport
	users  map[string]string // norm GUID -> user name
	codes  map[string]string // norm GUID -> code key
	notes  map[string]memoIn
	usedNt map[string]bool
	keep   GUIDs // further GUIDs to keep: cases, variables
	now    time.Time
}

// memoIn is a memo to store with the GUID of the note it came from.
type memoIn struct {
	store.Memo
	guid string
}

// sourceIn is one text source read from the archive.
type sourceIn struct {
	x     *xTextSource
	name  string
	raw   string // BOM stripped, valid UTF-8, line ends as stored
	clean string // raw with LF line ends: the document's text
	doc   store.Document
	tm    textMap
	frag  []store.Fragment
}

// Import reads a project archive into s, which should be a new, empty
// project: codebook, users, cases as organisations, text sources as
// documents, selections as codings of the fragments they overlap, notes as
// memos. Everything is checked and read before the first write.
func Import(ctx context.Context, s *store.Store, a *Archive, opts ImportOptions) (*ImportReport, error) {
	p, err := planImport(ctx, a, opts)
	if err != nil {
		return nil, err
	}
	return p.write(s)
}

// importPlan is everything an import will write, read and checked.
type importPlan struct {
	im      *importer
	cb      *ImportedCodebook
	orgs    []store.Organisation
	srcs    []*sourceIn
	codings []store.Coding
	memos   []memoIn
	samples []store.Sample  // from plancoder's side file
	seen    []structSeenSet // from plancoder's side file
}

// planImport reads and maps the whole archive without writing anything.
func planImport(ctx context.Context, a *Archive, opts ImportOptions) (*importPlan, error) {
	rep := &ImportReport{}
	data, err := a.ReadQDE()
	if err != nil {
		return nil, err
	}
	var x xProject
	if err := decodeXML(data, &x); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", a.Name, a.QDE, err)
	}
	rep.Producer = x.Origin
	for _, c := range []struct {
		what string
		x    *xCount
	}{{"links", x.Links}, {"sets", x.Sets}, {"graphs", x.Graphs}} {
		if c.x != nil && len(c.x.Items) > 0 {
			rep.drop("%d %s not imported (plancoder has no such objects)", len(c.x.Items), c.what)
		}
	}
	for _, u := range a.Unsafe {
		rep.drop("archive entry %q ignored: its path leaves the archive", u)
	}
	im := &importer{ctx: ctx, a: a, x: &x, opts: opts, rep: rep, users: map[string]string{}, codes: map[string]string{},
		notes: map[string]memoIn{}, usedNt: map[string]bool{}, keep: GUIDs{}, now: time.Now()}
	if im.opts.Actor == "" {
		im.opts.Actor = "import"
	}

	// Codebook.
	ci := newCodeImporter(nil)
	if x.CodeBook != nil {
		ci.walk(x.CodeBook.Codes.Codes)
	}
	cb, err := ci.result(a.QDE)
	if err != nil {
		return nil, err
	}
	rep.Notes(cb.Notes)
	im.codes = cb.ByGUID
	rep.Codes, rep.Groups = len(cb.Codebook.Codes), len(cb.Codebook.Groups)

	im.readUsers()
	if err := im.readNotes(); err != nil {
		return nil, err
	}
	srcs, err := im.readSources()
	if err != nil {
		return nil, err
	}
	orgs := im.cases(srcs)
	im.chooseUnit(srcs)
	sf := im.readStructure()
	var codings []store.Coding
	var memos []memoIn
	for _, sr := range srcs {
		sr.tm = mapPositions(sr.raw, sr.clean, rep.Unit, selectionEnds(sr.x))
		sr.raw = ""
	}
	// plancoder's own documents get their fragments back; the others (and
	// ours when edited elsewhere) are segmented line by line.
	restored := im.applyStructure(sf, srcs)
	for _, sr := range srcs {
		if sr.frag == nil {
			sr.frag = ingest.SegmentVerbatim(sr.tm.clean, sr.doc.ID)
		}
		if len(sr.frag) == 0 {
			rep.drop("source %q: no text, skipped", sr.name)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	samples, seen := im.structureRefs(sf, restored)
	if sf != nil {
		rep.Restored = len(restored)
	}
	codings, memos = im.selections(srcs)
	codeMemos, projectMemos := im.codebookNotes(x.CodeBook, x.NoteRefs)
	memos = append(memos, codeMemos...)
	memos = append(memos, projectMemos...)
	memos = append(memos, im.leftoverNotes()...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &importPlan{im: im, cb: cb, orgs: orgs, srcs: srcs, codings: codings, memos: memos, samples: samples, seen: seen}, nil
}

// write stores a plan.
func (p *importPlan) write(s *store.Store) (*ImportReport, error) {
	im, cb, orgs, srcs, codings, memos, rep := p.im, p.cb, p.orgs, p.srcs, p.codings, p.memos, p.im.rep
	if len(cb.Codebook.Codes) > 0 {
		if _, err := s.PutCodes(im.opts.Actor, cb.Codebook.Codes); err != nil {
			return nil, fmt.Errorf("import codebook: %w", err)
		}
	}
	if len(orgs) > 0 {
		if _, _, err := s.PutOrganisations(im.opts.Actor, orgs); err != nil {
			return nil, fmt.Errorf("import cases: %w", err)
		}
	}
	rep.Cases = len(orgs)
	for _, sr := range srcs {
		if len(sr.frag) == 0 {
			continue
		}
		if _, err := s.PutDocument(im.opts.Actor, sr.doc, sr.tm.clean, sr.frag); err != nil {
			return nil, fmt.Errorf("import source %q: %w", sr.name, err)
		}
		im.keep.keep("doc:"+sr.doc.ID, sr.x.GUID)
		rep.Documents++
	}
	for g, name := range im.users {
		im.keep.keep("user:"+name, g)
	}
	rep.Users = len(im.users)
	inSample := map[string]bool{}
	for _, sm := range p.samples {
		if err := s.PutSample(im.opts.Actor, sm); err != nil {
			return nil, fmt.Errorf("import: sample %s: %w", sm.Name, err)
		}
		for _, f := range sm.Fragments {
			inSample[f] = true
		}
		rep.Samples++
	}
	if err := keepReconciled(s, im.opts.Actor, codings, inSample, rep); err != nil {
		return nil, err
	}
	if err := s.AddCodings(codings...); err != nil {
		return nil, fmt.Errorf("import codings: %w", err)
	}
	for _, ss := range p.seen {
		if _, err := s.MarkSeen(ss.Coder, ss.Seen, true); err != nil {
			return nil, fmt.Errorf("import: seen marks of %s: %w", ss.Coder, err)
		}
		rep.SeenMarks += len(ss.Seen)
	}
	rep.Codings = len(codings)
	for _, m := range memos {
		stored, err := s.AddMemo(m.Memo)
		if err != nil {
			return nil, fmt.Errorf("import memo: %w", err)
		}
		if m.guid != "" {
			im.keep.keep("memo:"+strconv.FormatUint(stored.ID, 10), m.guid)
		}
	}
	rep.Memos = len(memos)
	for k, g := range cb.GUIDs {
		im.keep[k] = g
	}
	if err := s.SetGUIDs(im.keep); err != nil {
		return nil, fmt.Errorf("import: GUIDs: %w", err)
	}
	return rep, nil
}

// Notes adds adaptation notes to the report.
func (r *ImportReport) Notes(ns []string) { r.Unmapped = append(r.Unmapped, ns...) }

func (im *importer) readUsers() {
	taken := map[string]bool{}
	if im.x.Users == nil {
		return
	}
	for _, u := range im.x.Users.Users {
		name := strings.TrimSpace(u.Name)
		if name == "" {
			name = strings.TrimSpace(u.ID)
		}
		if name == "" {
			name = "user"
		}
		name = strings.Join(strings.Fields(name), "-")
		base := name
		for n := 2; taken[name]; n++ {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		taken[name] = true
		im.users[NormGUID(u.GUID)] = name
	}
}

// user names the user a GUID refers to; unknown users are created.
func (im *importer) user(g string) string {
	if g == "" {
		return "imported"
	}
	n := NormGUID(g)
	if name, ok := im.users[n]; ok {
		return name
	}
	name := "user-" + strings.SplitN(n, "-", 2)[0]
	im.users[n] = name
	return name
}

func parseTime(s string) time.Time {
	if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s)); err == nil {
		return t.UTC()
	}
	if t, err := time.Parse("2006-01-02T15:04:05", strings.TrimSpace(s)); err == nil {
		return t.UTC()
	}
	return time.Time{}
}

func (im *importer) readNotes() error {
	if im.x.Notes == nil {
		return nil
	}
	for i := range im.x.Notes.Notes {
		n := &im.x.Notes.Notes[i]
		text := ""
		switch {
		case n.PlainTextContent != nil:
			text = *n.PlainTextContent
		case n.PlainTextPath != "":
			data, _, err := im.a.Source(n.PlainTextPath)
			if err != nil {
				im.rep.drop("note %q: %v", n.Name, err)
				continue
			}
			text = cleanText(data)
		}
		text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
		if text == "" {
			text = strings.TrimSpace(n.Description)
		}
		if text == "" {
			text = strings.TrimSpace(n.Name)
		}
		if text == "" {
			continue
		}
		im.notes[NormGUID(n.GUID)] = memoIn{store.Memo{Author: im.user(n.CreatingUser), Text: text, Time: parseTime(n.CreationDateTime)}, n.GUID}
	}
	return nil
}

// note returns the memo a NoteRef points at, retargeted.
func (im *importer) note(ref xRef, kind, target string) (memoIn, bool) {
	g := NormGUID(ref.TargetGUID)
	m, ok := im.notes[g]
	if !ok {
		im.rep.drop("note reference %s: no such note", ref.TargetGUID)
		return m, false
	}
	im.usedNt[g] = true
	m.Kind, m.Target = kind, target
	return m, true
}

func (im *importer) readSources() ([]*sourceIn, error) {
	var srcs []*sourceIn
	var missing []string
	if im.x.Sources == nil {
		return nil, nil
	}
	ids := map[string]bool{}
	shas := map[string]bool{}
	guids := map[string]bool{}
	var fatal error
	add := func(x *xTextSource, name, pathHint string) {
		if fatal != nil {
			return
		}
		// Two sources with one GUID would be one zip entry twice on export
		// and confuse case and note references: the second gets a new one.
		if g := NormGUID(x.GUID); g != "" && guids[g] {
			x.GUID = store.NewGUID()
			im.rep.drop("source %q: GUID %s is used by an earlier source; given the new GUID %s", name, g, x.GUID)
		}
		guids[NormGUID(x.GUID)] = true
		var raw []byte
		switch {
		case x.PlainTextContent != nil:
			raw = []byte(*x.PlainTextContent)
		case x.PlainTextPath != "":
			data, _, err := im.a.Source(x.PlainTextPath)
			if errors.Is(err, errMissing) || errors.Is(err, errOutside) {
				missing = append(missing, fmt.Sprintf("%q (%s)", name, x.PlainTextPath))
				return
			}
			if err != nil {
				fatal = fmt.Errorf("source %q: %w", name, err)
				return
			}
			raw = data
		default:
			im.rep.drop("source %q: no plain text (%s); only text representations can be imported", name, pathHint)
			return
		}
		raw = decodeUTF16(raw)
		if why := binaryText(raw); why != "" {
			im.rep.drop("source %q (%s): not text (%s); skipped with its %d selections", name, x.PlainTextPath, why, len(x.Selections))
			return
		}
		if strings.TrimSpace(cleanText(raw)) == "" && x.RichTextPath != "" {
			// NVivo for Mac writes empty .txt files beside the .docx: take
			// the text from the .docx; positions cannot refer to it.
			data, file, err := im.a.Source(x.RichTextPath)
			if err == nil {
				var res *ingest.Result
				if res, err = ingest.Bytes(im.ctx, file, data, ingest.Meta{}); err == nil {
					raw = []byte(res.Text)
					if n := len(x.Selections) + len(x.Codings); n > 0 {
						im.rep.drop("source %q: plain text empty, text taken from %s; its %d selections cannot be placed", name, x.RichTextPath, n)
						x.Selections, x.Codings = nil, nil
					}
				}
			}
			if err != nil {
				im.rep.drop("source %q: plain text empty and %s unreadable: %v", name, x.RichTextPath, err)
			}
		}
		id := ingest.Slug(name)
		if id == "" {
			id = "source"
		}
		base := id
		for n := 2; ids[id]; n++ {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		ids[id] = true
		sum := sha256.Sum256(raw)
		sha := hex.EncodeToString(sum[:])
		if shas[sha] { // the same text twice: keep both as documents
			sum = sha256.Sum256(append(raw, []byte(x.GUID)...))
			sha = hex.EncodeToString(sum[:])
		}
		shas[sha] = true
		title := name
		if d := strings.TrimSpace(x.Description); d != "" && !strings.Contains(d, "\n") && len(d) <= 300 {
			title = d
		}
		text := cleanText(raw)
		srcs = append(srcs, &sourceIn{x: x, name: name, raw: text, clean: normalise(text), doc: store.Document{
			ID: id, Type: store.TypeOther, Title: title, Source: im.a.Name + ":" + x.PlainTextPath,
			Format: "refi-qda", SHA256: sha, Size: int64(len(raw)), IngestedAt: parseTime(x.CreationDateTime)}})
	}
	var refs []string
	for _, x := range im.x.Sources.Text {
		refs = append(refs, x.PlainTextPath)
	}
	for _, p := range im.x.Sources.PDF {
		if p.Representation != nil {
			refs = append(refs, p.Representation.PlainTextPath)
		}
	}
	if err := im.a.CheckDeclared(refs); err != nil {
		return nil, err
	}
	for i := range im.x.Sources.Text {
		x := &im.x.Sources.Text[i]
		add(x, sourceName(x.Name, x.GUID), "")
	}
	for i := range im.x.Sources.PDF {
		p := &im.x.Sources.PDF[i]
		name := sourceName(p.Name, p.GUID)
		if p.Representation == nil {
			im.rep.drop("PDF source %q: no text representation; its %d area selections and %d codings are not imported", name, len(p.PDFSelections), len(p.Codings))
			continue
		}
		r := p.Representation
		r.Codings = append(r.Codings, p.Codings...)
		r.NoteRefs = append(r.NoteRefs, p.NoteRefs...)
		r.Values = append(r.Values, p.Values...)
		if r.Description == "" {
			r.Description = p.Description
		}
		if len(p.PDFSelections) > 0 {
			im.rep.drop("PDF source %q: %d area selections (page rectangles) not imported; text selections are", name, len(p.PDFSelections))
		}
		add(r, name, "PDF")
	}
	if fatal != nil {
		return nil, fatal
	}
	for _, o := range im.x.Sources.Other {
		im.rep.drop("%s %q: not a text source, not imported", o.XMLName.Local, sourceName(o.Name, o.GUID))
	}
	if len(missing) > 0 {
		if !im.opts.SkipMissing {
			return nil, fmt.Errorf("%s: %w: %s", im.a.Name, ErrMissingSources, strings.Join(missing, ", "))
		}
		for _, m := range missing {
			im.rep.drop("source %s: text file missing from the archive, skipped with its codings", m)
		}
	}
	return srcs, nil
}

func sourceName(name, guid string) string {
	if n := strings.TrimSpace(name); n != "" {
		return n
	}
	return "source-" + NormGUID(guid)
}

// cases turns Cases into organisations and assigns documents to them;
// document variables (type, period, year) are read here too.
func (im *importer) cases(srcs []*sourceIn) []store.Organisation {
	vars := map[string]string{} // norm GUID -> variable name
	if im.x.Variables != nil {
		for _, v := range im.x.Variables.Variables {
			vars[NormGUID(v.GUID)] = strings.TrimSpace(v.Name)
			im.keep.keep("var:"+strings.TrimSpace(v.Name), v.GUID)
		}
	}
	bySource := map[string]*sourceIn{}
	for _, sr := range srcs {
		bySource[NormGUID(sr.x.GUID)] = sr
		for _, v := range sr.x.Values {
			val := strings.TrimSpace(v.value())
			switch vars[NormGUID(v.VariableRef.TargetGUID)] {
			case varDocType:
				if store.ValidType(val) {
					sr.doc.Type = val
				}
			case varPeriod:
				sr.doc.Period = val
			case varYear:
				sr.doc.Year, _ = strconv.Atoi(val)
			case varOrgID:
				sr.doc.Org = ingest.Slug(val)
			case "":
			default:
				if sr.doc.Attrs == nil {
					sr.doc.Attrs = map[string]string{}
				}
				sr.doc.Attrs[vars[NormGUID(v.VariableRef.TargetGUID)]] = val
			}
		}
	}
	var orgs []store.Organisation
	ids := map[string]bool{}
	if im.x.Cases != nil {
		for _, c := range im.x.Cases.Cases {
			o := store.Organisation{Name: strings.TrimSpace(c.Name), Attrs: map[string]string{}}
			for _, v := range c.Values {
				name := vars[NormGUID(v.VariableRef.TargetGUID)]
				if name == varOrgID {
					o.ID = strings.TrimSpace(v.value())
				} else if name != "" {
					o.Attrs[name] = strings.TrimSpace(v.value())
				}
			}
			if o.ID == "" || strings.ContainsAny(o.ID, "/\x00") {
				o.ID = ingest.Slug(o.Name)
			}
			if o.ID == "" {
				o.ID = "case-" + strings.SplitN(NormGUID(c.GUID), "-", 2)[0]
			}
			if ids[o.ID] {
				im.rep.drop("case %q: organisation %s already imported from another case; merged", c.Name, o.ID)
			}
			ids[o.ID] = true
			im.keep.keep("org:"+o.ID, c.GUID)
			if o.Name == "" {
				o.Name = o.ID
			}
			if len(o.Attrs) == 0 {
				o.Attrs = nil
			}
			orgs = append(orgs, o)
			for _, r := range c.SourceRefs {
				sr := bySource[NormGUID(r.TargetGUID)]
				if sr == nil {
					continue
				}
				if sr.doc.Org != "" && sr.doc.Org != o.ID {
					im.rep.drop("source %q belongs to several cases; kept in %s, not in %s", sr.name, sr.doc.Org, o.ID)
					continue
				}
				sr.doc.Org = o.ID
			}
			if len(c.CodeRefs) > 0 {
				im.rep.drop("case %q: %d codes applied to the case as a whole not imported", c.Name, len(c.CodeRefs))
			}
		}
	}
	for _, sr := range srcs {
		if sr.doc.Org == "" {
			sr.doc.Org = "unassigned"
		}
	}
	return orgs
}

// chooseUnit settles how positions are counted: the producer's known habit,
// overruled when the selections say otherwise (ends beyond the text in that
// unit, or quoted names that match the text only in another unit).
func (im *importer) chooseUnit(srcs []*sourceIn) {
	pref := unitFor(im.x.Origin)
	type score struct{ total, fits, named, matched, aligned int }
	scores := map[Unit]*score{}
	for _, u := range []Unit{CodePoints, CodePointsCRLF1, UTF16} {
		sc := &score{}
		scores[u] = sc
		for _, sr := range srcs {
			if len(sr.x.Selections) == 0 {
				continue
			}
			tm := mapPositions(sr.raw, sr.clean, u, selectionEnds(sr.x))
			for _, sel := range sr.x.Selections {
				st, err1 := strconv.Atoi(strings.TrimSpace(sel.Start))
				en, err2 := strconv.Atoi(strings.TrimSpace(sel.End))
				if err1 != nil || err2 != nil || en < st {
					continue
				}
				sc.total++
				if en <= tm.length && st >= 0 {
					sc.fits++
				}
				bs, be, _ := tm.span(st, en)
				if bs == 0 || tm.clean[bs-1] == '\n' {
					sc.aligned++
				}
				name := quoted(sel.Name)
				if name == "" {
					continue
				}
				sc.named++
				if strings.HasPrefix(oneLine(tm.clean[bs:be]), name) {
					sc.matched++
				}
			}
		}
	}
	best, why := pref, "the producer's convention"
	if im.x.Origin == "" {
		why = "the standard"
	}
	for _, u := range []Unit{CodePoints, CodePointsCRLF1, UTF16} {
		b, c := scores[best], scores[u]
		switch {
		case c.fits > b.fits:
			best, why = u, "the selections (they fit the texts only so)"
		case c.fits == b.fits && c.matched > b.matched:
			best, why = u, "the selections (their quoted names match the text only so)"
		case c.fits == b.fits && c.matched == b.matched && c.aligned > b.aligned &&
			c.aligned*5 >= c.total*4 && b.aligned*2 < b.total:
			// Coders select whole paragraphs: when nearly all selections
			// start at a line start in one unit and most do not in the
			// other, the first is the producer's.
			best, why = u, "the selections (they start at line starts only so)"
		}
	}
	im.rep.Unit, im.rep.UnitWhy = best, why
}

// selectionEnds lists the positions a source's selections name, the only
// ones its text map needs.
func selectionEnds(x *xTextSource) []int {
	var out []int
	for _, sel := range x.Selections {
		for _, p := range []string{sel.Start, sel.End} {
			if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// quoted returns a selection name usable as a check of its text: names cut
// with an ellipsis are compared as prefixes; short names say too little.
func quoted(name string) string {
	n := oneLine(strings.TrimSuffix(strings.TrimSpace(name), "…"))
	n = strings.TrimSuffix(n, "...")
	if len([]rune(n)) < 8 {
		return ""
	}
	return n
}

// selections maps every coded selection onto the fragments it overlaps.
func (im *importer) selections(srcs []*sourceIn) ([]store.Coding, []memoIn) {
	var codings []store.Coding
	var memos []memoIn
	seen := map[string]bool{}
	addCoding := func(frag string, xc xCoding, memo string) {
		code, ok := im.codes[NormGUID(xc.CodeRef.TargetGUID)]
		if !ok {
			im.rep.drop("coding %s: code %s is not in the codebook (or not codable)", xc.GUID, xc.CodeRef.TargetGUID)
			return
		}
		c := store.Coding{Fragment: frag, Code: code, Coder: im.user(xc.CreatingUser), Time: parseTime(xc.CreationDateTime), Memo: memo}
		if c.Time.IsZero() {
			c.Time = im.now
		}
		k := c.Fragment + "\x00" + c.Coder + "\x00" + c.Code
		if seen[k] {
			return
		}
		seen[k] = true
		codings = append(codings, c)
	}
	codingMemo := func(xc xCoding) string {
		var parts []string
		for _, r := range xc.NoteRefs {
			if m, ok := im.note(r, "", ""); ok {
				parts = append(parts, m.Text)
			}
		}
		return strings.Join(parts, "\n\n")
	}
	for _, sr := range srcs {
		if len(sr.frag) == 0 {
			continue
		}
		for _, r := range sr.x.NoteRefs {
			if m, ok := im.note(r, store.MemoDocument, sr.doc.ID); ok {
				memos = append(memos, m)
			}
		}
		if d := strings.TrimSpace(sr.x.Description); d != "" && d != sr.doc.Title {
			memos = append(memos, memoIn{Memo: store.Memo{Author: im.user(sr.x.CreatingUser), Kind: store.MemoDocument, Target: sr.doc.ID, Text: d, Time: im.now}})
		}
		if len(sr.x.Codings) > 0 {
			im.rep.drop("source %q: %d codings of the whole source attached to all %d fragments", sr.name, len(sr.x.Codings), len(sr.frag))
			for _, xc := range sr.x.Codings {
				memo := codingMemo(xc)
				for _, f := range sr.frag {
					addCoding(f.ID, xc, memo)
				}
			}
		}
		for _, sel := range sr.x.Selections {
			st, err1 := strconv.Atoi(strings.TrimSpace(sel.Start))
			en, err2 := strconv.Atoi(strings.TrimSpace(sel.End))
			if err1 != nil || err2 != nil {
				im.rep.drop("selection %s in %q: positions %q-%q are not numbers", sel.GUID, sr.name, sel.Start, sel.End)
				continue
			}
			if en < st {
				im.rep.drop("selection %s in %q: end %d lies before start %d; skipped with its %d codings", sel.GUID, sr.name, en, st, len(sel.Codings))
				continue
			}
			bs, be, ok := sr.tm.span(st, en)
			if !ok {
				im.rep.drop("selection %s in %q: positions %d-%d lie outside the text (length %d); clamped", sel.GUID, sr.name, st, en, sr.tm.length)
			}
			frags := overlapping(sr.frag, bs, be)
			if len(frags) == 0 {
				im.rep.drop("selection %s in %q (%d-%d) covers no fragment text; its %d codings are not imported", sel.GUID, sr.name, st, en, len(sel.Codings))
				continue
			}
			if len(sel.Codings) > 0 {
				im.rep.Selections++
				switch {
				case len(frags) > 1:
					im.rep.Spanning++
				case exact(frags[0], sr.tm.clean, bs, be):
					im.rep.Exact++
				default:
					im.rep.Widened++
				}
			}
			for _, xc := range sel.Codings {
				if xc.CreatingUser == "" { // the selection's maker made its codings
					xc.CreatingUser = sel.CreatingUser
				}
				memo := codingMemo(xc)
				for _, f := range frags {
					addCoding(f.ID, xc, memo)
				}
			}
			target := frags[0].ID
			for _, r := range sel.NoteRefs {
				if m, ok := im.note(r, store.MemoFragment, target); ok {
					memos = append(memos, m)
				}
			}
			if d := strings.TrimSpace(sel.Description); d != "" {
				memos = append(memos, memoIn{Memo: store.Memo{Author: im.user(sel.CreatingUser), Kind: store.MemoFragment, Target: target, Text: d, Time: parseTime(sel.CreationDateTime)}})
			}
		}
	}
	return codings, memos
}

// overlapping returns the fragments that share text with [bs,be); an empty
// selection belongs to the fragment it points into.
func overlapping(frags []store.Fragment, bs, be int) []store.Fragment {
	i := sort.Search(len(frags), func(i int) bool { return frags[i].End > bs })
	var out []store.Fragment
	for ; i < len(frags); i++ {
		f := frags[i]
		if f.Start >= be && !(bs == be && f.Start <= bs) {
			break
		}
		out = append(out, f)
		if bs == be {
			break
		}
	}
	return out
}

// exact reports whether a selection covers exactly one fragment, give or
// take surrounding white space.
func exact(f store.Fragment, text string, bs, be int) bool {
	s, e := bs, be
	for s < e && strings.ContainsRune(" \t\n", rune(text[s])) {
		s++
	}
	for e > s && strings.ContainsRune(" \t\n", rune(text[e-1])) {
		e--
	}
	return s == f.Start && e == f.End
}

// codebookNotes collects the memos on codes and on the whole project.
func (im *importer) codebookNotes(cb *xCodeBook, projectRefs []xRef) (codeMemos, projectMemos []memoIn) {
	if cb != nil {
		var walk func(xs []xCode)
		walk = func(xs []xCode) {
			for _, x := range xs {
				if key, ok := im.codes[NormGUID(x.GUID)]; ok {
					for _, r := range x.NoteRefs {
						if m, ok := im.note(r, store.MemoCode, key); ok {
							codeMemos = append(codeMemos, m)
						}
					}
				}
				walk(x.Codes)
			}
		}
		walk(cb.Codes.Codes)
	}
	for _, r := range projectRefs {
		if m, ok := im.note(r, store.MemoProject, ""); ok {
			projectMemos = append(projectMemos, m)
		}
	}
	return codeMemos, projectMemos
}

// leftoverNotes keeps notes nothing refers to, as project memos: a memo is
// never dropped silently.
func (im *importer) leftoverNotes() []memoIn {
	var out []memoIn
	if im.x.Notes == nil {
		return nil
	}
	for _, n := range im.x.Notes.Notes {
		g := NormGUID(n.GUID)
		if m, ok := im.notes[g]; ok && !im.usedNt[g] {
			m.Kind = store.MemoProject
			out = append(out, m)
		}
	}
	return out
}

// ReconciledSample names the sample an import creates for codings by the
// coder consensus: a reconciled master only means something on a sample
// that several coders coded (check requires it).
const ReconciledSample = "reconciled"

// keepReconciled stores the fragments that carry consensus codings as the
// sample ReconciledSample, with the other coders of those fragments.
func keepReconciled(s *store.Store, actor string, codings []store.Coding, inSample map[string]bool, rep *ImportReport) error {
	var frags, docs []string
	seenF, seenD, coders := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, c := range codings {
		if c.Coder != store.ConsensusCoder || seenF[c.Fragment] || inSample[c.Fragment] {
			continue
		}
		seenF[c.Fragment] = true
		frags = append(frags, c.Fragment)
		if d := store.DocOf(c.Fragment); !seenD[d] {
			seenD[d] = true
			docs = append(docs, d)
		}
	}
	if len(frags) == 0 {
		return nil
	}
	for _, c := range codings {
		if seenF[c.Fragment] && c.Coder != store.ConsensusCoder {
			coders[c.Coder] = true
		}
	}
	sm := store.Sample{Name: ReconciledSample, Docs: docs, Fragments: frags}
	for c := range coders {
		sm.Coders = append(sm.Coders, c)
	}
	sort.Strings(sm.Coders)
	if err := s.PutSample(actor, sm); err != nil {
		return fmt.Errorf("import: sample %s for the consensus codings: %w", ReconciledSample, err)
	}
	rep.Unmapped = append(rep.Unmapped, fmt.Sprintf("codings by %q (a reconciled master) on %d fragments: kept as sample %q", store.ConsensusCoder, len(frags), ReconciledSample))
	return nil
}

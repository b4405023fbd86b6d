package interop

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/plancoder/plancoder/store"
)

// BundleFormat identifies a coder bundle file.
const BundleFormat = "plancoder-coder-bundle"

// Bundle is one coder's work, carried from a laptop to the shared project:
// codings and memos with the content hashes of their fragments, so a merge
// can tell when a fragment's text differs between the two projects.
type Bundle struct {
	Format  string         `json:"format"`
	Version int            `json:"version"`
	Coder   string         `json:"coder"`
	Created time.Time      `json:"created"`
	Codes   []store.Code   `json:"codes"` // definitions of the codes used
	Codings []BundleCoding `json:"codings"`
	Memos   []BundleMemo   `json:"memos,omitempty"`
	Seen    []BundleSeen   `json:"seen,omitempty"`
}

// BundleCoding is one coding with the hash of its fragment's text.
type BundleCoding struct {
	Fragment string    `json:"fragment"`
	Hash     string    `json:"hash"`
	Code     string    `json:"code"`
	Time     time.Time `json:"time"`
	Memo     string    `json:"memo,omitempty"`
}

// BundleMemo is one memo of the coder; fragment memos carry the fragment hash.
type BundleMemo struct {
	Kind   string    `json:"kind"`
	Target string    `json:"target,omitempty"`
	Hash   string    `json:"hash,omitempty"`
	Text   string    `json:"text"`
	Time   time.Time `json:"time"`
}

// BundleSeen records that the coder looked at a fragment (for progress).
type BundleSeen struct {
	Fragment string    `json:"fragment"`
	Hash     string    `json:"hash"`
	Time     time.Time `json:"time"`
}

// ExportBundle collects one coder's codings, memos and seen fragments.
func ExportBundle(s *store.Store, coder string) (*Bundle, error) {
	if err := store.ValidateCoder(coder); err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	b := &Bundle{Format: BundleFormat, Version: 1, Coder: coder, Created: time.Now().UTC(), Codings: []BundleCoding{}}
	cs, err := s.Codings(store.CodingFilter{Coder: coder})
	if err != nil {
		return nil, err
	}
	// Only this coder's codings, whatever the store's key layout matched.
	cs = slices.DeleteFunc(cs, func(c store.Coding) bool { return c.Coder != coder })
	hashes := map[string]string{}
	hash := func(id string) (string, error) {
		if h, ok := hashes[id]; ok {
			return h, nil
		}
		f, err := s.Fragment(id)
		if err != nil {
			return "", err
		}
		hashes[id] = f.Hash
		return f.Hash, nil
	}
	used := map[string]bool{}
	for _, c := range cs {
		h, err := hash(c.Fragment)
		if err != nil {
			return nil, fmt.Errorf("bundle: coding of %s: %w", c.Fragment, err)
		}
		b.Codings = append(b.Codings, BundleCoding{Fragment: c.Fragment, Hash: h, Code: c.Code, Time: c.Time, Memo: c.Memo})
		used[c.Code] = true
	}
	codes, err := s.Codes()
	if err != nil {
		return nil, err
	}
	for _, c := range codes {
		if used[c.Key] {
			b.Codes = append(b.Codes, c)
		}
	}
	memos, err := s.Memos("", "")
	if err != nil {
		return nil, err
	}
	for _, m := range memos {
		if m.Author != coder {
			continue
		}
		bm := BundleMemo{Kind: m.Kind, Target: m.Target, Text: m.Text, Time: m.Time}
		if m.Kind == store.MemoFragment {
			if bm.Hash, err = hash(m.Target); err != nil {
				return nil, fmt.Errorf("bundle: memo %d: %w", m.ID, err)
			}
		}
		b.Memos = append(b.Memos, bm)
	}
	seen, err := s.Seen(coder)
	if err != nil {
		return nil, err
	}
	for id, at := range seen {
		h, err := hash(id)
		if errors.Is(err, store.ErrNotFound) {
			continue // a fragment of a document removed since
		}
		if err != nil {
			return nil, err
		}
		b.Seen = append(b.Seen, BundleSeen{Fragment: id, Hash: h, Time: at})
	}
	sort.Slice(b.Seen, func(i, j int) bool { return b.Seen[i].Fragment < b.Seen[j].Fragment })
	if len(b.Codings) == 0 && len(b.Memos) == 0 && len(b.Seen) == 0 {
		return nil, fmt.Errorf("bundle: coder %q has no codings, memos or seen fragments in this project", coder)
	}
	return b, nil
}

// JSON renders the bundle, indented so it diffs and reads well.
func (b *Bundle) JSON() ([]byte, error) {
	data, err := json.MarshalIndent(b, "", " ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// ReadBundle parses and checks a bundle file. A bundle is input from
// outside: every coder name, code definition, coding, memo and seen mark is
// checked as the store's other doors check them, and the first bad one is
// named by field and entry index.
func ReadBundle(name string, data []byte) (*Bundle, error) {
	var b Bundle
	d := json.NewDecoder(bytes.NewReader(data))
	if err := d.Decode(&b); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("bundle %s: line %d: %w", name, lineOf(data, se.Offset), err)
		case errors.As(err, &te):
			return nil, fmt.Errorf("bundle %s: line %d: field %s: %w", name, lineOf(data, te.Offset), te.Field, err)
		}
		return nil, fmt.Errorf("bundle %s: %w", name, err)
	}
	// One JSON value and nothing after it: a second document glued on
	// (or a truncated copy) is not silently ignored.
	var extra json.RawMessage
	if err := d.Decode(&extra); err != io.EOF {
		return nil, fmt.Errorf("bundle %s: line %d: data after the bundle's closing brace", name, lineOf(data, d.InputOffset()))
	}
	if err := b.validate(); err != nil {
		return nil, fmt.Errorf("bundle %s: %w", name, err)
	}
	return &b, nil
}

// validate checks everything a merge would write, before anything is.
func (b *Bundle) validate() error {
	switch {
	case b.Format != BundleFormat:
		return fmt.Errorf("not a plancoder coder bundle (format %q, want %q)", b.Format, BundleFormat)
	case b.Version != 1:
		return fmt.Errorf("version %d is newer than this plancoder understands (1); update plancoder", b.Version)
	case strings.TrimSpace(b.Coder) == "":
		return fmt.Errorf("field coder is empty")
	case b.Coder == store.ConsensusCoder:
		return fmt.Errorf("field coder: %q is the reconciled master; only reconciliation writes it, a bundle may not", store.ConsensusCoder)
	}
	if err := store.ValidateCoder(b.Coder); err != nil {
		return fmt.Errorf("field coder: %w", err)
	}
	keys := map[string]bool{}
	for i, c := range b.Codes {
		if err := store.ValidateCode(c); err != nil {
			return fmt.Errorf("codes[%d]: %w", i, err)
		}
		if keys[c.Key] {
			return fmt.Errorf("codes[%d]: code %s is defined twice", i, c.Key)
		}
		keys[c.Key] = true
	}
	for i, c := range b.Codings {
		if c.Fragment == "" || c.Code == "" || c.Hash == "" {
			return fmt.Errorf("codings[%d]: fragment, code and hash are required", i)
		}
		if err := checkFragmentRef(c.Fragment); err != nil {
			return fmt.Errorf("codings[%d]: %w", i, err)
		}
		if !store.ValidCodeKey(c.Code) {
			return fmt.Errorf("codings[%d]: code %s is not a valid code key", i, store.Quote(c.Code))
		}
		if err := store.CheckText("hash", c.Hash, false); err != nil {
			return fmt.Errorf("codings[%d]: %w", i, err)
		}
		if err := store.CheckText("memo", c.Memo, true); err != nil {
			return fmt.Errorf("codings[%d]: %w", i, err)
		}
	}
	for i, m := range b.Memos {
		switch m.Kind {
		case store.MemoProject, store.MemoCode, store.MemoDocument, store.MemoOrganisation:
		case store.MemoFragment:
			if err := checkFragmentRef(m.Target); err != nil {
				return fmt.Errorf("memos[%d]: %w", i, err)
			}
			if m.Hash == "" {
				return fmt.Errorf("memos[%d]: a fragment memo needs the fragment's hash", i)
			}
		default:
			return fmt.Errorf("memos[%d]: kind %s is not one of project, code, organisation, document, fragment", i, store.Quote(m.Kind))
		}
		if err := store.CheckText("target", m.Target, false); err != nil {
			return fmt.Errorf("memos[%d]: %w", i, err)
		}
		if err := store.CheckText("text", m.Text, true); err != nil {
			return fmt.Errorf("memos[%d]: %w", i, err)
		}
	}
	for i, sn := range b.Seen {
		if sn.Fragment == "" || sn.Hash == "" {
			return fmt.Errorf("seen[%d]: fragment and hash are required", i)
		}
		if err := checkFragmentRef(sn.Fragment); err != nil {
			return fmt.Errorf("seen[%d]: %w", i, err)
		}
	}
	return nil
}

// checkFragmentRef checks the form of a fragment ID (DOC/NNNN) from outside.
func checkFragmentRef(id string) error {
	if err := store.CheckText("fragment", id, false); err != nil {
		return err
	}
	i := strings.LastIndexByte(id, '/')
	if i <= 0 || i == len(id)-1 {
		return fmt.Errorf("fragment %s is not a fragment ID (DOCUMENT/NNNN)", store.Quote(id))
	}
	return nil
}

func lineOf(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// MergeReport says what a merge did and what it refused.
type MergeReport struct {
	Coder                          string
	Added, Present, Removed        int // codings, each distinct (fragment, code) counted once
	Duplicates                     int // codings the bundle lists more than once
	Moved                          int // items whose fragment was found by its text under another number
	MemosAdded, MemosPresent, Seen int
	CodesAdded                     []string
	Refused                        []string // "FRAGMENT CODE: reason"
	NotInBundle                    int      // the coder's codings here that the bundle lacks
}

// MergeOptions tune a merge.
type MergeOptions struct {
	// Replace removes the coder's codings in this project that the bundle
	// does not hold (codings the coder removed on the laptop), on fragments
	// whose text is the same in both.
	Replace bool
}

// fragmentFinder places a bundle's fragment references in this project: by
// ID when the text there has the bundle's hash, else by the hash among the
// fragments of the same document when exactly one has it (a re-ingest
// renumbered the fragments but kept the text).
type fragmentFinder struct {
	s      *store.Store
	hashes map[string]string              // fragment ID -> hash here ("" = missing)
	byHash map[string]map[string][]string // doc -> hash -> fragment IDs
}

func (ff *fragmentFinder) find(id, hash string) (string, string, error) {
	h, ok := ff.hashes[id]
	if !ok {
		f, err := ff.s.Fragment(id)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return "", "", fmt.Errorf("merge: fragment %s: %w", id, err)
		default:
			h = f.Hash
		}
		ff.hashes[id] = h
	}
	if h != "" && h == hash {
		return id, "", nil
	}
	doc := id[:strings.LastIndexByte(id, '/')]
	idx, ok := ff.byHash[doc]
	if !ok {
		frags, err := ff.s.Fragments(doc, 0, 0)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return "", "", fmt.Errorf("merge: fragments of %s: %w", doc, err)
		}
		idx = map[string][]string{}
		for _, f := range frags {
			if f.Hash != "" {
				idx[f.Hash] = append(idx[f.Hash], f.ID)
			}
		}
		ff.byHash[doc] = idx
	}
	switch ids := idx[hash]; {
	case len(ids) == 1:
		return ids[0], "", nil
	case len(ids) > 1:
		return "", fmt.Sprintf("fragment text differs in this project and %d fragments of %s have the bundle's text", len(ids), doc), nil
	case h == "":
		return "", "fragment not in this project", nil
	}
	return "", "fragment text differs in this project", nil
}

// MergeBundle merges a bundle into s. Codings and memos whose fragment is
// missing or whose text differs here are refused and listed; the rest is
// merged. Merging the same bundle twice changes nothing. A bundle that fails
// the checks of ReadBundle is refused whole, before anything is written.
func MergeBundle(s *store.Store, b *Bundle, opts MergeOptions) (*MergeReport, error) {
	if err := b.validate(); err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	rep := &MergeReport{Coder: b.Coder}
	have := map[string][]string{}
	if err := s.EachCoding(store.CodingFilter{Coder: b.Coder}, func(frag, _, code string) {
		have[frag] = append(have[frag], code)
	}); err != nil {
		return nil, err
	}
	ff := &fragmentFinder{s: s, hashes: map[string]string{}, byHash: map[string]map[string][]string{}}
	// place resolves a reference, counting the ones that moved.
	place := func(id, hash string) (string, string, error) {
		to, why, err := ff.find(id, hash)
		if err == nil && why == "" && to != id {
			rep.Moved++
		}
		return to, why, err
	}
	// Codes the bundle uses that this project lacks come with it.
	codes, err := s.Codes()
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, c := range codes {
		known[c.Key] = true
	}
	var newCodes []store.Code
	defs := map[string]store.Code{}
	for _, c := range b.Codes {
		defs[c.Key] = c
	}
	var add []store.Coding
	inBundle := map[string]bool{}
	for _, c := range b.Codings {
		frag, why, err := place(c.Fragment, c.Hash)
		if err != nil {
			return nil, err
		}
		if why != "" {
			rep.Refused = append(rep.Refused, fmt.Sprintf("%s %s: %s", c.Fragment, c.Code, why))
			continue
		}
		k := frag + "\x00" + c.Code
		if inBundle[k] {
			rep.Duplicates++
			continue
		}
		inBundle[k] = true
		if !known[c.Code] {
			def, ok := defs[c.Code]
			if !ok {
				rep.Refused = append(rep.Refused, fmt.Sprintf("%s %s: code not in this project's codebook nor in the bundle", c.Fragment, c.Code))
				continue
			}
			def.Order = len(codes) + len(newCodes)
			newCodes = append(newCodes, def)
			known[c.Code] = true
			rep.CodesAdded = append(rep.CodesAdded, c.Code)
		}
		if slices.Contains(have[frag], c.Code) {
			rep.Present++
			continue
		}
		add = append(add, store.Coding{Fragment: frag, Code: c.Code, Coder: b.Coder, Time: c.Time, Memo: c.Memo})
	}
	// Seen marks are placed before anything is written: --replace needs
	// them to know which fragments the coder had looked at.
	seen := map[string]time.Time{}
	for _, sn := range b.Seen {
		frag, why, err := place(sn.Fragment, sn.Hash)
		if err != nil {
			return nil, err
		}
		if why == "" {
			seen[frag] = sn.Time
		}
	}
	if len(newCodes) > 0 {
		if _, err := s.PutCodes(b.Coder, newCodes); err != nil {
			return nil, fmt.Errorf("merge: add codes: %w", err)
		}
	}
	if err := s.AddCodings(add...); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	rep.Added = len(add)

	// The coder's codings here that the bundle does not hold.
	for frag, cs := range have {
		for _, code := range cs {
			if inBundle[frag+"\x00"+code] {
				continue
			}
			rep.NotInBundle++
			if _, covered := seen[frag]; opts.Replace && covered {
				if _, err := s.RemoveCoding(frag, b.Coder, code); err != nil {
					return nil, fmt.Errorf("merge: remove %s %s: %w", frag, code, err)
				}
				rep.Removed++
			}
		}
	}

	memos, err := s.Memos("", "")
	if err != nil {
		return nil, err
	}
	exists := map[string]bool{}
	for _, m := range memos {
		exists[m.Author+"\x00"+m.Kind+"\x00"+m.Target+"\x00"+m.Text] = true
	}
	// A memo edited or removed here since an earlier merge is not added
	// back from the bundle: every text it ever had counts as present.
	if err := s.MemoVersions(func(m store.Memo) {
		exists[m.Author+"\x00"+m.Kind+"\x00"+m.Target+"\x00"+m.Text] = true
	}); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	for _, m := range b.Memos {
		if m.Kind == store.MemoFragment {
			frag, why, err := place(m.Target, m.Hash)
			if err != nil {
				return nil, err
			}
			if why != "" {
				rep.Refused = append(rep.Refused, fmt.Sprintf("%s memo: %s", m.Target, why))
				continue
			}
			m.Target = frag
		}
		k := b.Coder + "\x00" + m.Kind + "\x00" + m.Target + "\x00" + m.Text
		if exists[k] {
			rep.MemosPresent++
			continue
		}
		if _, err := s.AddMemo(store.Memo{Author: b.Coder, Kind: m.Kind, Target: m.Target, Text: m.Text, Time: m.Time}); err != nil {
			rep.Refused = append(rep.Refused, fmt.Sprintf("%s %s memo: %v", m.Kind, m.Target, err))
			continue
		}
		exists[k] = true
		rep.MemosAdded++
	}

	if rep.Seen, err = s.MarkSeen(b.Coder, seen, true); err != nil {
		return nil, err
	}
	return rep, nil
}

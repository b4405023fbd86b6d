package interop

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
	b := &Bundle{Format: BundleFormat, Version: 1, Coder: coder, Created: time.Now().UTC(), Codings: []BundleCoding{}}
	cs, err := s.ListCodings(store.CodingFilter{Coder: coder})
	if err != nil {
		return nil, err
	}
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

// ReadBundle parses and checks a bundle file.
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
	switch {
	case b.Format != BundleFormat:
		return nil, fmt.Errorf("bundle %s: not a plancoder coder bundle (format %q, want %q)", name, b.Format, BundleFormat)
	case b.Version != 1:
		return nil, fmt.Errorf("bundle %s: version %d is newer than this plancoder understands (1); update plancoder", name, b.Version)
	case strings.TrimSpace(b.Coder) == "":
		return nil, fmt.Errorf("bundle %s: field coder is empty", name)
	}
	for i, c := range b.Codings {
		if c.Fragment == "" || c.Code == "" || c.Hash == "" {
			return nil, fmt.Errorf("bundle %s: codings[%d]: fragment, code and hash are required", name, i)
		}
	}
	return &b, nil
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
	Added, Present, Removed        int // codings
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

// MergeBundle merges a bundle into s. Codings and memos whose fragment is
// missing or whose text differs here are refused and listed; the rest is
// merged. Merging the same bundle twice changes nothing.
func MergeBundle(s *store.Store, b *Bundle, opts MergeOptions) (*MergeReport, error) {
	rep := &MergeReport{Coder: b.Coder}
	sort.Slice(b.Seen, func(i, j int) bool { return b.Seen[i].Fragment < b.Seen[j].Fragment })
	have, err := s.CodesByFragment(b.Coder)
	if err != nil {
		return nil, err
	}
	hashes := map[string]string{}
	check := func(id, hash string) string {
		h, ok := hashes[id]
		if !ok {
			f, err := s.Fragment(id)
			if err != nil {
				h = ""
			} else {
				h = f.Hash
			}
			hashes[id] = h
		}
		switch {
		case h == "":
			return "fragment not in this project"
		case h != hash:
			return "fragment text differs in this project"
		}
		return ""
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
		if why := check(c.Fragment, c.Hash); why != "" {
			rep.Refused = append(rep.Refused, fmt.Sprintf("%s %s: %s", c.Fragment, c.Code, why))
			continue
		}
		inBundle[c.Fragment+"\x00"+c.Code] = true
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
		if slices.Contains(have[c.Fragment], c.Code) {
			rep.Present++
			continue
		}
		add = append(add, store.Coding{Fragment: c.Fragment, Code: c.Code, Coder: b.Coder, Time: c.Time, Memo: c.Memo})
	}
	if len(newCodes) > 0 {
		if _, err := s.PutCodes(b.Coder, newCodes); err != nil {
			return nil, fmt.Errorf("merge: add codes: %w", err)
		}
	}
	if err := s.AddCodings(add); err != nil {
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
			if opts.Replace && bundleCovers(b, frag) {
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
			if why := check(m.Target, m.Hash); why != "" {
				rep.Refused = append(rep.Refused, fmt.Sprintf("%s memo: %s", m.Target, why))
				continue
			}
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

	seen := map[string]time.Time{}
	for _, sn := range b.Seen {
		if check(sn.Fragment, sn.Hash) == "" {
			seen[sn.Fragment] = sn.Time
		}
	}
	if rep.Seen, err = s.MarkSeenAt(b.Coder, seen); err != nil {
		return nil, err
	}
	return rep, nil
}

// bundleCovers reports whether the coder had seen the fragment when the
// bundle was made: only then does a missing coding mean "removed".
func bundleCovers(b *Bundle, frag string) bool {
	i := sort.Search(len(b.Seen), func(i int) bool { return b.Seen[i].Fragment >= frag })
	return i < len(b.Seen) && b.Seen[i].Fragment == frag
}

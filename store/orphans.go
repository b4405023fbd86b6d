package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Orphan kinds: what kind of reference lost its text.
const (
	OrphanCoding = "coding"
	OrphanMemo   = "memo"
	OrphanSample = "sample"
)

// Orphan is a reference whose text is gone after a re-ingest (or a repair):
// kept with the text it was made on, so the user can re-attach or drop it.
type Orphan struct {
	ID       uint64    `json:"id"`
	Kind     string    `json:"kind"` // coding, memo, sample
	Doc      string    `json:"doc"`
	Fragment string    `json:"fragment"` // the fragment ID it pointed at
	Hash     string    `json:"hash,omitempty"`
	Text     string    `json:"text,omitempty"` // the text it was made on
	Coder    string    `json:"coder,omitempty"`
	Code     string    `json:"code,omitempty"`
	Memo     string    `json:"memo,omitempty"` // the coding's memo, or the memo's text
	MemoID   uint64    `json:"memo_id,omitempty"`
	Sample   string    `json:"sample,omitempty"`
	Time     time.Time `json:"time,omitzero"` // when the coding or memo was made
	Orphaned time.Time `json:"orphaned"`
}

func (s *Store) putOrphan(tx *bolt.Tx, o *Orphan) error {
	b := tx.Bucket(bOrphans)
	id, err := b.NextSequence()
	if err != nil {
		return err
	}
	o.ID = id
	if o.Orphaned.IsZero() {
		o.Orphaned = s.now()
	}
	if o.Doc == "" {
		o.Doc = DocOf(o.Fragment)
	}
	return putJSON(b, u64(id), o)
}

func decodeOrphan(k, v []byte) (Orphan, error) {
	var o Orphan
	if len(k) != 8 {
		return o, fmt.Errorf("orphan key %q: not a record number", k)
	}
	if err := json.Unmarshal(v, &o); err != nil {
		return o, fmt.Errorf("orphan %d: %w", binary.BigEndian.Uint64(k), err)
	}
	return o, nil
}

// Orphans lists the orphaned references, oldest first.
func (s *Store) Orphans() ([]Orphan, error) {
	var out []Orphan
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bOrphans).ForEach(func(k, v []byte) error {
			o, err := decodeOrphan(k, v)
			if err != nil {
				return err
			}
			out = append(out, o)
			return nil
		})
	})
	return out, err
}

// AttachOrphan puts an orphaned reference on a fragment the user chose and
// removes the orphan, in one logged transaction.
func (s *Store) AttachOrphan(actor string, id uint64, fragment string) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bOrphans)
		v := b.Get(u64(id))
		if v == nil {
			return fmt.Errorf("orphan %d: %w", id, ErrNotFound)
		}
		o, err := decodeOrphan(u64(id), v)
		if err != nil {
			return err
		}
		if err := s.attach(tx, o, fragment); err != nil {
			return fmt.Errorf("orphan %d: %w", id, err)
		}
		if err := b.Delete(u64(id)); err != nil {
			return err
		}
		return s.appendEvent(tx, actor, "orphan.attach", fmt.Sprint(id), o, map[string]string{"fragment": fragment})
	})
}

// attach re-creates an orphan's reference on fragment.
func (s *Store) attach(tx *bolt.Tx, o Orphan, fragment string) error {
	h, err := fragmentHash(tx, fragment)
	if err != nil {
		return err
	}
	switch o.Kind {
	case OrphanCoding:
		c := Coding{Fragment: fragment, Coder: o.Coder, Code: o.Code, Time: o.Time, Memo: o.Memo}
		k := codingKey(c)
		if v := tx.Bucket(bCodings).Get(k); v != nil && c.Memo != "" {
			// The fragment has this coding already: keep both memos.
			old, err := decodeCoding(k, v)
			if err != nil {
				return err
			}
			if old.Memo != c.Memo {
				old.Memo = joinMemos(old.Memo, c.Memo)
				nv, err := encodeCodingVal(old)
				if err != nil {
					return err
				}
				return tx.Bucket(bCodings).Put(k, nv)
			}
			return nil
		}
		_, err := s.putCoding(tx, &c, s.now())
		return err
	case OrphanMemo:
		mb := tx.Bucket(bMemos)
		var m Memo
		found, err := getJSON(mb, u64(o.MemoID), &m)
		if err != nil {
			return err
		}
		if !found {
			m = Memo{ID: o.MemoID, Author: o.Coder, Kind: MemoFragment, Text: o.Memo, Time: o.Time}
		}
		m.Kind, m.Target, m.Hash, m.Orphan = MemoFragment, fragment, h, 0
		return putJSON(mb, u64(o.MemoID), m)
	case OrphanSample:
		sb := tx.Bucket(bSamples)
		var sm Sample
		found, err := getJSON(sb, []byte(o.Sample), &sm)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("sample %s: %w", o.Sample, ErrNotFound)
		}
		if !slices.Contains(sm.Fragments, fragment) {
			sm.Fragments = append(sm.Fragments, fragment)
			sm.Hashes = append(sm.Hashes, h)
		}
		return putJSON(sb, []byte(o.Sample), sm)
	}
	return fmt.Errorf("unknown orphan kind %q", o.Kind)
}

// DropOrphans deletes orphans (and the memo an orphaned memo kept), logged
// with what was dropped. It returns how many were dropped.
func (s *Store) DropOrphans(actor string, ids []uint64) (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		n = 0
		b := tx.Bucket(bOrphans)
		for _, id := range ids {
			v := b.Get(u64(id))
			if v == nil {
				return fmt.Errorf("orphan %d: %w", id, ErrNotFound)
			}
			o, err := decodeOrphan(u64(id), v)
			if err != nil {
				return err
			}
			if o.Kind == OrphanMemo {
				if err := tx.Bucket(bMemos).Delete(u64(o.MemoID)); err != nil {
					return err
				}
			}
			if err := b.Delete(u64(id)); err != nil {
				return err
			}
			if err := s.appendEvent(tx, actor, "orphan.drop", fmt.Sprint(id), o, nil); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

func joinMemos(a, b string) string {
	switch {
	case a == "" || a == b:
		return b
	case b == "":
		return a
	}
	return a + "\n\n" + b
}

// RemapReport says what a re-ingest did to the references of a document.
type RemapReport struct {
	// Fragments matched by each relation (same, split, merged, edited).
	Same, Split, Merged, Edited int
	// References moved to new fragments (codings, memos, sample units, seen marks).
	Codings, Memos, SampleUnits, Seen int
	// Orphaned references (text gone), dropped seen marks, and orphans of
	// earlier re-ingests whose text came back.
	Orphaned, SeenDropped, Reattached int
	// Edits lists old -> new fragment IDs matched as edited, for the report.
	Edits [][2]string
}

// moveReferences moves every reference to doc's old fragments onto the new
// ones inside the replacing transaction; see matchFragments.
func (s *Store) moveReferences(tx *bolt.Tx, doc string, oldFrags, newFrags []Fragment) (RemapReport, error) {
	var rep RemapReport
	old := make([]matchFrag, len(oldFrags))
	oldAt := make(map[string]int, len(oldFrags)) // an index: a map of structs cost 37 MB on a big document
	for i, f := range oldFrags {
		old[i] = matchFrag{f.ID, f.Hash, f.Text}
		oldAt[f.ID] = i
	}
	nw := make([]matchFrag, len(newFrags))
	newHash := map[string]string{}
	for i, f := range newFrags {
		nw[i] = matchFrag{f.ID, f.Hash, f.Text}
		newHash[f.ID] = f.Hash
	}
	m := matchFragments(old, nw)
	for id, k := range m.kind {
		switch k {
		case MatchSame:
			rep.Same++
		case MatchSplit:
			rep.Split++
		case MatchMerged:
			rep.Merged++
		case MatchEdited:
			rep.Edited++
			rep.Edits = append(rep.Edits, [2]string{id, m.to[id][0]})
		}
	}
	sort.Slice(rep.Edits, func(i, j int) bool { return rep.Edits[i][0] < rep.Edits[j][0] })
	lost := func(id string) Orphan {
		i, ok := oldAt[id]
		if !ok { // a reference to no fragment (check reports it)
			return Orphan{Doc: doc, Fragment: id}
		}
		f := oldFrags[i]
		return Orphan{Doc: doc, Fragment: id, Hash: f.Hash, Text: f.Text}
	}

	// Codings: read all, delete all, write back moved (old and new IDs overlap).
	cb := tx.Bucket(bCodings)
	var codings []Coding
	var keys [][]byte
	if err := eachCodingKey(tx, doc, func(k []byte, _, _, _ string) error {
		c, err := decodeCoding(k, cb.Get(k))
		if err != nil {
			return err
		}
		codings = append(codings, c)
		keys = append(keys, slices.Clone(k))
		return nil
	}); err != nil {
		return rep, err
	}
	for _, k := range keys {
		if err := cb.Delete(k); err != nil {
			return rep, err
		}
	}
	for _, c := range codings {
		to := m.to[c.Fragment]
		if len(to) == 0 {
			o := lost(c.Fragment)
			o.Kind, o.Coder, o.Code, o.Memo, o.Time = OrphanCoding, c.Coder, c.Code, c.Memo, c.Time
			if err := s.putOrphan(tx, &o); err != nil {
				return rep, err
			}
			rep.Orphaned++
			continue
		}
		for _, t := range to {
			nc := c
			nc.Fragment, nc.Hash = t, newHash[t]
			k := codingKey(nc)
			if v := cb.Get(k); v != nil { // two merged paragraphs coded alike
				prev, err := decodeCoding(k, v)
				if err != nil {
					return rep, err
				}
				nc.Memo = joinMemos(prev.Memo, nc.Memo)
				if prev.Time.Before(nc.Time) {
					nc.Time = prev.Time
				}
			}
			v, err := encodeCodingVal(nc)
			if err != nil {
				return rep, err
			}
			if err := cb.Put(k, v); err != nil {
				return rep, err
			}
		}
		rep.Codings++
	}

	// Seen marks: keyed by coder first, so scan them all.
	sb := tx.Bucket(bSeen)
	type seenRec struct {
		k     []byte
		coder string
		frag  string
		v     seenVal
	}
	var seen []seenRec
	if err := sb.ForEach(func(k, v []byte) error {
		coder, frag, ok := parseSeenKey(k)
		if !ok || DocOf(frag) != doc {
			return nil
		}
		sv, err := decodeSeen(v)
		if err != nil {
			return fmt.Errorf("seen mark %q: %w", k, err)
		}
		seen = append(seen, seenRec{slices.Clone(k), coder, frag, sv})
		return nil
	}); err != nil {
		return rep, err
	}
	for _, r := range seen {
		if err := sb.Delete(r.k); err != nil {
			return rep, err
		}
	}
	for _, r := range seen {
		to := m.to[r.frag]
		if len(to) == 0 {
			rep.SeenDropped++ // a look at text that is gone holds no research content
			continue
		}
		for _, t := range to {
			k := seenKey(r.coder, t)
			if prev := sb.Get(k); prev != nil {
				if pv, err := decodeSeen(prev); err == nil && pv.Time.After(r.v.Time) {
					continue
				}
			}
			v, err := encodeSeen(r.v.Time, newHash[t])
			if err != nil {
				return rep, err
			}
			if err := sb.Put(k, v); err != nil {
				return rep, err
			}
		}
		rep.Seen++
	}

	// Memos on fragments.
	mb := tx.Bucket(bMemos)
	memos, err := memosWhere(tx, func(mm Memo) bool {
		return mm.Kind == MemoFragment && mm.Orphan == 0 && DocOf(mm.Target) == doc
	})
	if err != nil {
		return rep, err
	}
	for _, mm := range memos {
		to := m.to[mm.Target]
		if len(to) == 0 {
			o := lost(mm.Target)
			o.Kind, o.Coder, o.Memo, o.MemoID, o.Time = OrphanMemo, mm.Author, mm.Text, mm.ID, mm.Time
			if err := s.putOrphan(tx, &o); err != nil {
				return rep, err
			}
			mm.Orphan = o.ID
			rep.Orphaned++
		} else {
			// A memo on a paragraph that was split goes to its first part.
			mm.Target, mm.Hash = to[0], newHash[to[0]]
			rep.Memos++
		}
		if err := putJSON(mb, u64(mm.ID), mm); err != nil {
			return rep, err
		}
	}

	// Sample units.
	smb := tx.Bucket(bSamples)
	var samples []Sample
	if err := smb.ForEach(func(k, v []byte) error {
		var sm Sample
		if err := json.Unmarshal(v, &sm); err != nil {
			return fmt.Errorf("sample %s: %w", k, err)
		}
		for _, f := range sm.Fragments {
			if DocOf(f) == doc {
				samples = append(samples, sm)
				break
			}
		}
		return nil
	}); err != nil {
		return rep, err
	}
	for _, sm := range samples {
		var frags, hashes []string
		have := map[string]bool{}
		for i, f := range sm.Fragments {
			if DocOf(f) != doc {
				if !have[f] {
					have[f] = true
					frags = append(frags, f)
					hashes = append(hashes, sampleHash(sm, i))
				}
				continue
			}
			to := m.to[f]
			if len(to) == 0 {
				o := lost(f)
				o.Kind, o.Sample = OrphanSample, sm.Name
				if err := s.putOrphan(tx, &o); err != nil {
					return rep, err
				}
				rep.Orphaned++
				continue
			}
			rep.SampleUnits++
			for _, t := range to {
				if !have[t] {
					have[t] = true
					frags = append(frags, t)
					hashes = append(hashes, newHash[t])
				}
			}
		}
		sm.Fragments, sm.Hashes = frags, hashes
		if err := putJSON(smb, []byte(sm.Name), sm); err != nil {
			return rep, err
		}
	}

	// Orphans of this document whose exact text is back.
	firstByHash := map[string]string{}
	for _, f := range newFrags {
		if _, ok := firstByHash[f.Hash]; !ok {
			firstByHash[f.Hash] = f.ID
		}
	}
	ob := tx.Bucket(bOrphans)
	var back []Orphan
	if err := ob.ForEach(func(k, v []byte) error {
		o, err := decodeOrphan(k, v)
		if err != nil {
			return err
		}
		if o.Doc == doc && o.Hash != "" && firstByHash[o.Hash] != "" {
			back = append(back, o)
		}
		return nil
	}); err != nil {
		return rep, err
	}
	// Sample units first: a consensus coding comes back only onto a unit.
	sort.SliceStable(back, func(i, j int) bool { return back[i].Kind == OrphanSample && back[j].Kind != OrphanSample })
	for _, o := range back {
		if o.Kind == OrphanCoding && tx.Bucket(bCodes).Get([]byte(o.Code)) == nil {
			continue // its code is gone: the user decides
		}
		if o.Kind == OrphanCoding && o.Coder == ConsensusCoder {
			if in, err := inSample(tx, firstByHash[o.Hash]); err != nil {
				return rep, err
			} else if !in {
				continue // a reconciled coding only lives on a sample unit
			}
		}
		if o.Kind == OrphanSample && smb.Get([]byte(o.Sample)) == nil {
			continue
		}
		if err := s.attach(tx, o, firstByHash[o.Hash]); err != nil {
			return rep, err
		}
		if err := ob.Delete(u64(o.ID)); err != nil {
			return rep, err
		}
		rep.Reattached++
	}
	return rep, nil
}

// sampleHash returns the recorded hash of a sample's i-th unit ("" when a
// sample predates hashes).
func sampleHash(sm Sample, i int) string {
	if i < len(sm.Hashes) {
		return sm.Hashes[i]
	}
	return ""
}

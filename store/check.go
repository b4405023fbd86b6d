package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Check verifies the store's invariants and returns every violation found:
// bbolt's own page consistency; each document's organisation, hash index,
// text and fragment count; each fragment's key, offsets, content hash and
// head; and every reference to a fragment, key against value: codings
// (existing fragment, the hash they were made on, a code in the codebook, a
// valid coder, consensus codings inside a sample), seen marks, memos, sample
// units and orphans; and each web session (a valid record of a user who
// exists). Tests run it after every mutation.
func (s *Store) Check() []error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	// bbolt's tx.Check reads pages in a goroutine of its own, where a fault on
	// a damaged page cannot be recovered: the file's own walk goes first.
	if err := s.VerifyPages(); err != nil {
		return []error{err}
	}
	err := s.view(func(tx *bolt.Tx) error {
		for e := range tx.Check() {
			add("bbolt: %v", e)
		}
		releaseMap(tx) // tx.Check read every page; see ReleaseMemory
		checkDocs(tx, add)
		releaseMap(tx)
		hashOf := func(id string) (string, bool) {
			h, err := fragmentHash(tx, id)
			return h, err == nil
		}
		ref := func(what, id, hash string) {
			h, ok := hashOf(id)
			switch {
			case !ok:
				add("%s: fragment %s missing", what, id)
			case hash == "":
				add("%s: no content hash recorded", what)
			case h != hash:
				add("%s: fragment %s holds other text than it was made on (hash %s, now %s)", what, id, short(hash), short(h))
			}
		}
		inSample := map[string]bool{}
		samples := tx.Bucket(bSamples)
		samples.ForEach(func(k, v []byte) error {
			var sm Sample
			if err := json.Unmarshal(v, &sm); err != nil {
				add("sample %s: %v", k, err)
				return nil
			}
			if sm.Name != string(k) {
				add("sample %s: record names %q", k, sm.Name)
			}
			if len(sm.Hashes) != len(sm.Fragments) {
				add("sample %s: %d units but %d hashes", k, len(sm.Fragments), len(sm.Hashes))
			}
			for i, f := range sm.Fragments {
				inSample[f] = true
				ref(fmt.Sprintf("sample %s unit %d", k, i+1), f, sampleHash(sm, i))
			}
			for _, d := range sm.Docs {
				if tx.Bucket(bDocs).Get([]byte(d)) == nil {
					add("sample %s: document %s missing", k, d)
				}
			}
			return nil
		})
		codes := tx.Bucket(bCodes)
		codes.ForEach(func(k, v []byte) error {
			var c Code
			if err := json.Unmarshal(v, &c); err != nil {
				add("code %s: %v", k, err)
			} else if c.Key != string(k) {
				add("code %s: record names %q", k, c.Key)
			}
			return nil
		})
		tx.Bucket(bCodings).ForEach(func(k, v []byte) error {
			c, err := decodeCoding(k, v)
			if err != nil {
				add("%v", err)
				return nil
			}
			what := fmt.Sprintf("coding %s %s %s", c.Fragment, c.Coder, c.Code)
			if _, _, err := ParseFragmentID(c.Fragment); err != nil {
				add("%s: %v", what, err)
				return nil
			}
			ref(what, c.Fragment, c.Hash)
			if codes.Get([]byte(c.Code)) == nil {
				add("%s: code %s missing from the codebook", what, c.Code)
			}
			if err := ValidateCoder(c.Coder); err != nil {
				add("%s: %v", what, err)
			}
			if c.Coder == ConsensusCoder && !inSample[c.Fragment] {
				add("%s: a consensus coding outside every sample", what)
			}
			return nil
		})
		tx.Bucket(bSeen).ForEach(func(k, v []byte) error {
			coder, frag, ok := parseSeenKey(k)
			if !ok {
				add("seen mark %q: not coder/fragment", k)
				return nil
			}
			sv, err := decodeSeen(v)
			if err != nil {
				add("seen mark %s %s: %v", coder, frag, err)
				return nil
			}
			ref(fmt.Sprintf("seen mark %s %s", coder, frag), frag, sv.Hash)
			return nil
		})
		orphanIDs := map[uint64]Orphan{}
		tx.Bucket(bOrphans).ForEach(func(k, v []byte) error {
			o, err := decodeOrphan(k, v)
			if err != nil {
				add("%v", err)
				return nil
			}
			if o.ID != u64n(k) {
				add("orphan %d: record says %d", u64n(k), o.ID)
			}
			switch o.Kind {
			case OrphanCoding, OrphanMemo, OrphanSample:
			default:
				add("orphan %d: unknown kind %q", o.ID, o.Kind)
			}
			orphanIDs[o.ID] = o
			return nil
		})
		tx.Bucket(bMemos).ForEach(func(k, v []byte) error {
			var m Memo
			if err := json.Unmarshal(v, &m); err != nil {
				add("memo %d: %v", u64n(k), err)
				return nil
			}
			if m.ID != u64n(k) {
				add("memo %d: record says %d", u64n(k), m.ID)
			}
			what := fmt.Sprintf("memo %d", m.ID)
			switch m.Kind {
			case MemoProject:
			case MemoCode:
				if codes.Get([]byte(m.Target)) == nil {
					add("%s: code %s missing", what, m.Target)
				}
			case MemoOrganisation:
				if tx.Bucket(bOrgs).Get([]byte(m.Target)) == nil {
					add("%s: organisation %s missing", what, m.Target)
				}
			case MemoDocument:
				if tx.Bucket(bDocs).Get([]byte(m.Target)) == nil {
					add("%s: document %s missing", what, m.Target)
				}
			case MemoFragment:
				if m.Orphan != 0 {
					if o, ok := orphanIDs[m.Orphan]; !ok || o.Kind != OrphanMemo || o.MemoID != m.ID {
						add("%s: orphan record %d missing", what, m.Orphan)
					}
					return nil
				}
				ref(what, m.Target, m.Hash)
			default:
				add("%s: unknown target kind %q", what, m.Kind)
			}
			return nil
		})
		for _, o := range orphanIDs {
			if o.Kind != OrphanMemo {
				continue
			}
			var m Memo
			if found, _ := getJSON(tx.Bucket(bMemos), u64(o.MemoID), &m); !found || m.Orphan != o.ID {
				add("orphan %d: its memo %d does not point back", o.ID, o.MemoID)
			}
		}
		checkSessions(tx, add)
		tx.Bucket(bPending).ForEach(func(k, v []byte) error {
			var p Pending
			if err := json.Unmarshal(v, &p); err != nil || p.Doc != string(k) {
				add("index note %q: damaged", k)
			}
			return nil
		})
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return errs
}

func checkDocs(tx *bolt.Tx, add func(string, ...any)) {
	orgs, docs, frags, heads := tx.Bucket(bOrgs), tx.Bucket(bDocs), tx.Bucket(bFrags), tx.Bucket(bHeads)
	shas := tx.Bucket(bDocsBySH)
	docs.ForEach(func(k, v []byte) error {
		var d Document
		if err := json.Unmarshal(v, &d); err != nil {
			add("document %s: %v", k, err)
			return nil
		}
		if d.ID != string(k) {
			add("document %s: record names %q", k, d.ID)
		}
		if orgs.Get([]byte(d.Org)) == nil {
			add("document %s: organisation %s missing", d.ID, d.Org)
		}
		if got := shas.Get([]byte(d.SHA256)); !bytes.Equal(got, k) {
			add("document %s: hash index points at %q", d.ID, got)
		}
		text, ok, err := textOf(tx, d.ID)
		if err == nil {
			err = text.check()
		}
		switch {
		case err != nil:
			add("document %s: %v", d.ID, err)
		case !ok:
			add("document %s: clean text missing", d.ID)
		}
		n := 0
		p := docPrefix(d.ID)
		c := frags.Cursor()
		for fk, fv := c.Seek(p); fk != nil && hasPrefix(fk, p); fk, fv = c.Next() {
			n++
			if n%4096 == 0 {
				releaseMap(tx)
			}
			var f Fragment
			if err := json.Unmarshal(fv, &f); err != nil {
				add("document %s: fragment: %v", d.ID, err)
				continue
			}
			if !bytes.Equal(fragKey(f.Doc, f.Ordinal), fk) || f.ID != FragmentID(d.ID, f.Ordinal) {
				add("fragment %s: record (doc %s, ordinal %d) does not match its key", f.ID, f.Doc, f.Ordinal)
			}
			if f.Ordinal != n {
				add("fragment %s: ordinal %d, expected %d", f.ID, f.Ordinal, n)
			}
			if f.Start < 0 || f.End > text.Len() || f.Start > f.End {
				add("fragment %s: offsets %d-%d lie outside the text", f.ID, f.Start, f.End)
				continue
			}
			cut, err := text.Slice(f.Start, f.End)
			if err != nil {
				add("fragment %s: %v", f.ID, err)
				continue
			}
			if f.Text != "" && f.Text != cut { // a record that carries its text
				add("fragment %s: offsets %d-%d do not match the text", f.ID, f.Start, f.End)
			}
			f.Text = cut
			if h := ContentHash(f.Text); h != f.Hash {
				add("fragment %s: content hash %s does not match its text (%s)", f.ID, short(f.Hash), short(h))
			}
			if !bytes.Equal(heads.Get(fk), encodeHead(f)) {
				add("fragment %s: head does not match the fragment", f.ID)
			}
		}
		if n != d.Fragments {
			add("document %s: %d fragments stored, record says %d", d.ID, n, d.Fragments)
		}
		return nil
	})
	shas.ForEach(func(k, v []byte) error {
		if docs.Get(v) == nil {
			add("hash index %s: document %s missing", k, v)
		}
		return nil
	})
	for _, b := range [][]byte{bFrags, bHeads} {
		tx.Bucket(b).ForEach(func(k, _ []byte) error {
			i := bytes.IndexByte(k, 0)
			if i <= 0 || docs.Get(k[:i]) == nil {
				add("%s %q: its document is missing", b, k)
			}
			return nil
		})
	}
}

func short(h string) string {
	if len(h) > 8 {
		return h[:8]
	}
	if h == "" {
		return "(none)"
	}
	return h
}

func u64n(k []byte) uint64 {
	if len(k) != 8 {
		return 0
	}
	var n uint64
	for _, b := range k {
		n = n<<8 | uint64(b)
	}
	return n
}

// Repair fixes what Check finds that is mechanically fixable, in one logged
// transaction, and says what it did: a fragment's hash and head are
// recomputed from its text; a reference whose fragment is gone or holds
// other text moves to the one fragment of its document that holds the text
// it was made on, else becomes an orphan (a seen mark is dropped); an orphan
// memo without its record is re-linked. What needs a person (a missing code,
// a damaged record) is left for Check to report.
func (s *Store) Repair(actor string) ([]string, error) {
	var did []string
	err := s.update(func(tx *bolt.Tx) error {
		did = nil
		say := func(format string, a ...any) { did = append(did, fmt.Sprintf(format, a...)) }
		// Fragments: hash and head from the text.
		fb, hb := tx.Bucket(bFrags), tx.Bucket(bHeads)
		type kv struct{ k, v []byte }
		var fixF []kv
		var texts textMemo
		fb.ForEach(func(k, v []byte) error {
			f, err := decodeFragment(tx, v, &texts)
			if err != nil {
				return nil
			}
			if h := ContentHash(f.Text); h != f.Hash {
				f.Hash = h
				nv, _ := encodeFragment(f)
				fixF = append(fixF, kv{bytes.Clone(k), nv})
				say("fragment %s: content hash recomputed from its text", f.ID)
			}
			if !bytes.Equal(hb.Get(k), encodeHead(f)) {
				fixF = append(fixF, kv{bytes.Clone(k), nil})
			}
			return nil
		})
		for _, e := range fixF {
			if e.v != nil {
				if err := fb.Put(e.k, e.v); err != nil {
					return err
				}
			}
			f, err := decodeFragment(tx, fb.Get(e.k), &texts)
			if err != nil {
				return err
			}
			if !bytes.Equal(hb.Get(e.k), encodeHead(f)) {
				if err := hb.Put(e.k, encodeHead(f)); err != nil {
					return err
				}
				say("fragment %s: head rebuilt", f.ID)
			}
		}
		// where finds the one fragment of doc holding text with hash.
		// A document's fragments are read once, however many of its
		// references are broken; "" marks a hash held by several fragments.
		holders := map[string]map[string]string{}
		where := func(doc, hash string) string {
			if hash == "" {
				return ""
			}
			byHash, ok := holders[doc]
			if !ok {
				byHash = map[string]string{}
				frags, _ := docFragments(tx, doc)
				for _, f := range frags {
					if _, seen := byHash[f.Hash]; seen {
						byHash[f.Hash] = "" // ambiguous
					} else {
						byHash[f.Hash] = f.ID
					}
				}
				holders[doc] = byHash
			}
			return byHash[hash]
		}
		textOf := func(id string) string {
			f, _, err := getFragment(tx, id)
			if err != nil {
				return ""
			}
			return f.Text
		}
		broken := func(id, hash string) bool {
			h, err := fragmentHash(tx, id)
			return err != nil || h != hash
		}

		// Codings.
		cb := tx.Bucket(bCodings)
		var bad []Coding
		cb.ForEach(func(k, v []byte) error {
			c, err := decodeCoding(k, v)
			if err != nil {
				return nil
			}
			if broken(c.Fragment, c.Hash) {
				bad = append(bad, c)
			}
			return nil
		})
		for _, c := range bad {
			if err := cb.Delete(codingKey(c)); err != nil {
				return err
			}
			if to := where(DocOf(c.Fragment), c.Hash); to != "" {
				nc := c
				nc.Fragment = to
				if cb.Get(codingKey(nc)) == nil {
					v, err := encodeCodingVal(nc)
					if err != nil {
						return err
					}
					if err := cb.Put(codingKey(nc), v); err != nil {
						return err
					}
				}
				say("coding %s %s %s: moved to %s, which holds its text", c.Fragment, c.Coder, c.Code, to)
				continue
			}
			o := Orphan{Kind: OrphanCoding, Fragment: c.Fragment, Hash: c.Hash, Coder: c.Coder, Code: c.Code, Memo: c.Memo, Time: c.Time}
			if h, err := fragmentHash(tx, c.Fragment); err == nil && h == c.Hash {
				o.Text = textOf(c.Fragment)
			}
			if err := s.putOrphan(tx, &o); err != nil {
				return err
			}
			say("coding %s %s %s: its text is gone; kept as orphan %d", c.Fragment, c.Coder, c.Code, o.ID)
		}

		// Seen marks.
		sb := tx.Bucket(bSeen)
		type seenFix struct {
			k          []byte
			coder, frg string
			v          seenVal
		}
		var badSeen []seenFix
		sb.ForEach(func(k, v []byte) error {
			coder, frag, ok := parseSeenKey(k)
			if !ok {
				return nil
			}
			sv, err := decodeSeen(v)
			if err != nil || broken(frag, sv.Hash) {
				badSeen = append(badSeen, seenFix{bytes.Clone(k), coder, frag, sv})
			}
			return nil
		})
		for _, f := range badSeen {
			if err := sb.Delete(f.k); err != nil {
				return err
			}
			if to := where(DocOf(f.frg), f.v.Hash); to != "" {
				nv, err := encodeSeen(f.v.Time, f.v.Hash)
				if err != nil {
					return err
				}
				if err := sb.Put(seenKey(f.coder, to), nv); err != nil {
					return err
				}
				say("seen mark %s %s: moved to %s", f.coder, f.frg, to)
				continue
			}
			say("seen mark %s %s: its text is gone; dropped", f.coder, f.frg)
		}

		// Memos on fragments.
		mb := tx.Bucket(bMemos)
		var badMemos []Memo
		mb.ForEach(func(k, v []byte) error {
			var m Memo
			if json.Unmarshal(v, &m) != nil || m.Kind != MemoFragment || m.Orphan != 0 {
				return nil
			}
			if broken(m.Target, m.Hash) {
				badMemos = append(badMemos, m)
			}
			return nil
		})
		for _, m := range badMemos {
			if to := where(DocOf(m.Target), m.Hash); to != "" {
				say("memo %d: moved from %s to %s, which holds its text", m.ID, m.Target, to)
				m.Target = to
			} else {
				o := Orphan{Kind: OrphanMemo, Fragment: m.Target, Hash: m.Hash, Coder: m.Author, Memo: m.Text, MemoID: m.ID, Time: m.Time}
				if err := s.putOrphan(tx, &o); err != nil {
					return err
				}
				m.Orphan = o.ID
				say("memo %d: its text is gone; kept as orphan %d", m.ID, o.ID)
			}
			if err := putJSON(mb, u64(m.ID), m); err != nil {
				return err
			}
		}

		// Sample units.
		smb := tx.Bucket(bSamples)
		var samples []Sample
		smb.ForEach(func(k, v []byte) error {
			var sm Sample
			if json.Unmarshal(v, &sm) == nil {
				samples = append(samples, sm)
			}
			return nil
		})
		for _, sm := range samples {
			changed := false
			var frags, hashes []string
			for i, f := range sm.Fragments {
				h := sampleHash(sm, i)
				if !broken(f, h) {
					if !slices.Contains(frags, f) {
						frags, hashes = append(frags, f), append(hashes, h)
					}
					continue
				}
				changed = true
				if to := where(DocOf(f), h); to != "" {
					if !slices.Contains(frags, to) {
						frags, hashes = append(frags, to), append(hashes, h)
					}
					say("sample %s: unit %s moved to %s", sm.Name, f, to)
					continue
				}
				o := Orphan{Kind: OrphanSample, Fragment: f, Hash: h, Sample: sm.Name}
				if err := s.putOrphan(tx, &o); err != nil {
					return err
				}
				say("sample %s: unit %s's text is gone; kept as orphan %d", sm.Name, f, o.ID)
			}
			if changed {
				sm.Fragments, sm.Hashes = frags, hashes
				if err := putJSON(smb, []byte(sm.Name), sm); err != nil {
					return err
				}
			}
		}
		if len(did) == 0 {
			return nil
		}
		return s.appendEvent(tx, actor, "store.repair", "", nil, did)
	})
	return did, err
}

// getFragment reads one fragment inside tx.
func getFragment(tx *bolt.Tx, id string) (Fragment, bool, error) {
	var f Fragment
	doc, ord, err := ParseFragmentID(id)
	if err != nil {
		return f, false, err
	}
	v := tx.Bucket(bFrags).Get(fragKey(doc, ord))
	if v == nil {
		return f, false, fmt.Errorf("fragment %s: %w", id, ErrNotFound)
	}
	f, err = decodeFragment(tx, v, nil)
	return f, err == nil, err
}

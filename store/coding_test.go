package store

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// codingFixture stores two documents whose IDs share a prefix ("plan" and
// "plan-b"), so that a document filter that matched by prefix alone would
// show.
func codingFixture(t *testing.T) *Store {
	t.Helper()
	s, _ := newStore(t)
	for _, id := range []string{"plan", "plan-b"} {
		d, text, frags := testDoc(id, id, "Eerste alinea van "+id+".", "Tweede alinea van "+id+".")
		if _, err := s.PutDocument("t", d, text, frags); err != nil {
			t.Fatal(err)
		}
	}
	withCodes(t, s, "FIN", "VRIJ", "DIGI")
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	if err := s.AddCodings(
		Coding{Fragment: "plan-b/0001", Code: "FIN", Coder: "bob", Time: at},
		Coding{Fragment: "plan/0001", Code: "VRIJ", Coder: "ann", Time: at, Memo: "vrijwilligers"},
		Coding{Fragment: "plan/0001", Code: "FIN", Coder: "ann", Time: at},
		Coding{Fragment: "plan/0001", Code: "FIN", Coder: "bob", Time: at},
		Coding{Fragment: "plan/0002", Code: "DIGI", Coder: "ann", Time: at},
	); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCodingsFilter(t *testing.T) {
	s := codingFixture(t)
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	rec := func(frag, coder, code, memo string) Coding {
		f, err := s.Fragment(frag)
		if err != nil {
			t.Fatal(err)
		}
		return Coding{Fragment: frag, Code: code, Coder: coder, Time: at, Memo: memo, Hash: f.Hash}
	}
	all := []Coding{
		rec("plan-b/0001", "bob", "FIN", ""),
		rec("plan/0001", "ann", "FIN", ""),
		rec("plan/0001", "ann", "VRIJ", "vrijwilligers"),
		rec("plan/0001", "bob", "FIN", ""),
		rec("plan/0002", "ann", "DIGI", ""),
	}
	for _, tc := range []struct {
		name string
		f    CodingFilter
		want []Coding
	}{
		{"all, in key order", CodingFilter{}, all},
		{"one fragment", CodingFilter{Fragment: "plan/0001"}, all[1:4]},
		{"one fragment of one coder", CodingFilter{Fragment: "plan/0001", Coder: "bob"}, all[3:4]},
		{"a fragment outside the document", CodingFilter{Fragment: "plan/0001", Doc: "plan-b"}, nil},
		{"a document, not its prefix namesake", CodingFilter{Doc: "plan"}, all[1:]},
		{"a document with a prefix", CodingFilter{Doc: "plan-b"}, all[:1]},
		{"one coder", CodingFilter{Coder: "ann"}, []Coding{all[1], all[2], all[4]}},
		{"any of two codes", CodingFilter{Codes: []string{"VRIJ", "DIGI"}}, []Coding{all[2], all[4]}},
		{"code and coder", CodingFilter{Codes: []string{"FIN"}, Coder: "bob"}, []Coding{all[0], all[3]}},
		{"no such fragment", CodingFilter{Fragment: "plan/0009"}, nil},
		{"no such coder", CodingFilter{Coder: "cy"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Codings(tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Codings(%+v)\n got %+v\nwant %+v", tc.f, got, tc.want)
			}
			var keys, wantKeys [][3]string
			if err := s.EachCoding(tc.f, func(frag, coder, code string) {
				keys = append(keys, [3]string{frag, coder, code})
			}); err != nil {
				t.Fatal(err)
			}
			for _, c := range tc.want {
				wantKeys = append(wantKeys, [3]string{c.Fragment, c.Coder, c.Code})
			}
			if !reflect.DeepEqual(keys, wantKeys) {
				t.Errorf("EachCoding(%+v) = %v, want %v", tc.f, keys, wantKeys)
			}
			if n, err := s.CountCodings(tc.f); err != nil || n != len(tc.want) {
				t.Errorf("CountCodings(%+v) = %d, %v; want %d", tc.f, n, err, len(tc.want))
			}
		})
	}
}

func TestAddCodingsIsOneTransaction(t *testing.T) {
	s := codingFixture(t)
	before, _ := s.Codings(CodingFilter{})
	err := s.AddCodings(
		Coding{Fragment: "plan/0002", Code: "FIN", Coder: "cy"},
		Coding{Fragment: "plan/0002", Code: "NOSUCH", Coder: "cy"},
	)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("AddCodings with an unknown code: %v, want ErrNotFound", err)
	}
	if after, _ := s.Codings(CodingFilter{}); !reflect.DeepEqual(after, before) {
		t.Errorf("a refused batch wrote codings:\n got %+v\nwant %+v", after, before)
	}
}

func TestMarkSeen(t *testing.T) {
	t1 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	t2 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	now := time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name      string
		marks     map[string]time.Time
		keep      bool
		wantN     int
		wantSeen  map[string]time.Time
		wantError bool
	}{
		{"a new time replaces the mark", SeenAt(t2, "plan/0001", "plan/0002"), false, 2,
			map[string]time.Time{"plan/0001": t2, "plan/0002": t2}, false},
		{"keep leaves the mark and counts only new ones", SeenAt(t2, "plan/0001", "plan/0002"), true, 1,
			map[string]time.Time{"plan/0001": t1, "plan/0002": t2}, false},
		{"a zero time is now", SeenAt(time.Time{}, "plan-b/0001"), false, 1,
			map[string]time.Time{"plan/0001": t1, "plan-b/0001": now}, false},
		{"times per fragment", map[string]time.Time{"plan/0002": t2, "plan-b/0002": t1}, false, 2,
			map[string]time.Time{"plan/0001": t1, "plan/0002": t2, "plan-b/0002": t1}, false},
		{"an unknown fragment writes nothing", SeenAt(t2, "plan/0002", "plan/0009"), false, 0,
			map[string]time.Time{"plan/0001": t1}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := codingFixture(t)
			s.SetClock(func() time.Time { return now })
			if _, err := s.MarkSeen("ann", SeenAt(t1, "plan/0001"), false); err != nil {
				t.Fatal(err)
			}
			n, err := s.MarkSeen("ann", tc.marks, tc.keep)
			if (err != nil) != tc.wantError {
				t.Fatalf("MarkSeen: %v, want error %v", err, tc.wantError)
			}
			if err == nil && n != tc.wantN {
				t.Errorf("MarkSeen wrote %d marks, want %d", n, tc.wantN)
			}
			got, err := s.Seen("ann")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.wantSeen) {
				t.Errorf("Seen = %v, want %v", got, tc.wantSeen)
			}
			if other, _ := s.Seen("bob"); len(other) != 0 {
				t.Errorf("another coder's marks: %v", other)
			}
		})
	}
}

// TestDamagedMemoIsNamed: every read that walks the memos names the memo
// whose record does not decode (Memos and RemoveCode gave bare JSON errors).
func TestDamagedMemoIsNamed(t *testing.T) {
	s, _ := newStore(t)
	d, text, frags := testDoc("plan", "v1", "Eerste alinea.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	withCodes(t, s, "LEEG")
	m, err := s.AddMemo(Memo{Author: "ann", Kind: MemoCode, Target: "LEEG", Text: "nog niet gebruikt"})
	if err != nil {
		t.Fatal(err)
	}
	key := u64(m.ID)
	var good []byte
	must(t, s.db.Update(func(tx *bolt.Tx) error {
		good = bytes.Clone(tx.Bucket(bMemos).Get(key))
		return tx.Bucket(bMemos).Put(key, []byte("{kapot"))
	}))
	want := fmt.Sprintf("memo %d: ", m.ID)
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"Memos", func() error { _, err := s.Memos("", ""); return err }},
		{"RemoveCode", func() error { return s.RemoveCode("t", "LEEG") }},
		{"RemoveDocument", func() error { return s.RemoveDocument("t", "plan") }},
	} {
		if err := tc.call(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s with a damaged memo: %v, want an error naming %q", tc.name, err, want)
		}
	}
	must(t, s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMemos).Put(key, good) }))
}

// TestRevision: a coding moves the revision on, a seen mark does not.
func TestRevision(t *testing.T) {
	s, _ := newStore(t)
	r0, err := s.Revision()
	if err != nil {
		t.Fatal(err)
	}
	d, text, frags := testDoc("plan", "plan", "Eerste alinea.", "Tweede alinea.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	withCodes(t, s, "FIN")
	frag := "plan/0001"
	r1, _ := s.Revision()
	if r1 <= r0 {
		t.Fatalf("revision %d after a document, %d before", r1, r0)
	}
	if _, err := s.MarkSeen("ann", SeenAt(time.Time{}, frag), false); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Revision(); r != r1 {
		t.Errorf("a seen mark moved the revision %d -> %d", r1, r)
	}
	if err := s.AddCodings(Coding{Fragment: frag, Coder: "ann", Code: "FIN"}); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Revision(); r <= r1 {
		t.Errorf("a coding left the revision at %d", r)
	}
}

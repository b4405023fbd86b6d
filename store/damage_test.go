package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// damagedCorpus writes a store with enough documents to span many pages and
// returns its bytes.
func damagedCorpus(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plancoder.db")
	if err := Create(path); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	withCodes(t, s, "FIN", "VRIJW")
	for i := range 40 {
		var paras []string
		for j := range 30 {
			paras = append(paras, fmt.Sprintf("Alinea %d van plan %d over vrijwilligers en financiën in de gemeente.", j, i))
		}
		d, text, frags := testDoc(fmt.Sprintf("plan-%02d", i), fmt.Sprint(i), paras...)
		if _, err := s.PutDocument("t", d, text, frags); err != nil {
			t.Fatal(err)
		}
		if err := s.AddCodings(Coding{Fragment: FragmentID(d.ID, 1), Code: "FIN", Coder: "ann"}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// exercise runs reads and a write over every bucket; any of them may fail
// on a damaged file, none may panic or fault.
func exercise(s *Store) []error {
	var errs []error
	note := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	docs, err := s.Documents()
	note(err)
	for _, d := range docs {
		_, err := s.Fragments(d.ID, 1, 0)
		note(err)
		_, err = s.Text(d.ID)
		note(err)
	}
	_, err = s.Codes()
	note(err)
	_, err = s.Codings(CodingFilter{})
	note(err)
	_, err = s.PendingIndex()
	note(err)
	note(s.AllFragmentIDs(func(string) error { return nil }))
	note(s.Events(0, func(Event) error { return nil }))
	_, err = s.PutCodes("t", []Code{{Key: "NIEUW", Name: "Nieuw"}})
	note(err)
	note(s.MarkAllPending())
	// bbolt's tx.Check (in Check) walks pages in a goroutine of its own,
	// where a fault cannot be recovered: VerifyPages first.
	if err := s.VerifyPages(); err != nil {
		note(err)
	} else {
		errs = append(errs, s.Check()...)
	}
	return errs
}

// TestDamagedDatabaseIsAnError damages a real database file in the ways a
// disk or a copy does (cut short, pages overwritten, bytes flipped) with a
// fixed seed: every outcome must be an error or a working store, never a
// panic or a fault ("fatal error: fault" before).
func TestDamagedDatabaseIsAnError(t *testing.T) {
	orig := damagedCorpus(t)
	dir := t.TempDir()
	seed := uint64(6)
	if v := os.Getenv("PLANCODER_DAMAGE_SEED"); v != "" {
		fmt.Sscan(v, &seed)
	}
	rng := rand.New(rand.NewPCG(11, seed))
	const page = 4096
	rounds := 200
	if testing.Short() {
		rounds = 30
	}
	var opened, refused, failed int
	for i := range rounds {
		b := append([]byte(nil), orig...)
		kind := i % 3
		switch kind {
		case 0: // cut short
			b = b[:rng.IntN(len(b))]
		case 1: // whole pages overwritten with garbage
			for range 1 + rng.IntN(4) {
				p := rng.IntN(len(b) / page)
				for k := p * page; k < (p+1)*page; k++ {
					b[k] = byte(rng.Uint32())
				}
			}
		case 2: // single bytes flipped
			for range 1 + rng.IntN(20) {
				b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
			}
		}
		path := filepath.Join(dir, fmt.Sprintf("d%03d.db", i))
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Open(path, Options{Timeout: 100 * time.Millisecond})
		if err != nil {
			// A refused file must not stay locked by this process.
			if _, err2 := Open(path, Options{Timeout: 100 * time.Millisecond}); errors.Is(err2, ErrLocked) {
				t.Errorf("round %d: the file stays locked after %v", i, err)
			}
			refused++
			if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNotStore) {
				t.Errorf("round %d: open: %v", i, err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("round %d: error does not name the file: %v", i, err)
			}
			continue
		}
		opened++
		if errs := exercise(s); len(errs) > 0 {
			failed++
			for _, e := range errs {
				if errors.Is(e, ErrDamaged) && !strings.Contains(e.Error(), "restore it from a backup") {
					t.Errorf("round %d: %v", i, e)
				}
			}
		}
		s.Close()
	}
	t.Logf("%d rounds: %d refused on open, %d opened (%d with failing reads)", rounds, refused, opened, failed)
}

func TestVerifyPagesOnAGoodFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plancoder.db")
	if err := os.WriteFile(path, damagedCorpus(t), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.VerifyPages(); err != nil {
		t.Fatal(err)
	}
}

func TestTruncatedDatabaseNamesTheCause(t *testing.T) {
	orig := damagedCorpus(t)
	path := filepath.Join(t.TempDir(), "plancoder.db")
	if err := os.WriteFile(path, orig[:len(orig)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, Options{})
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "cut short") || !strings.Contains(err.Error(), "restore it from a backup") {
		t.Fatalf("got %v", err)
	}
}

func TestReadOnlyStoreReadsAndRefusesWrites(t *testing.T) {
	s, path := newStore(t)
	d, text, frags := testDoc("plan-a", "1", "Een.", "Twee.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if !ro.ReadOnly() {
		t.Error("not read-only")
	}
	if fs, err := ro.Fragments("plan-a", 1, 0); err != nil || len(fs) != 2 {
		t.Errorf("read: %v %v", fs, err)
	}
	_, err = ro.PutCodes("t", []Code{{Key: "X", Name: "X"}})
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "project is read-only") {
		t.Errorf("write: %v", err)
	}
	// The cleanup's Check must still run on the reopened file.
	s2, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	*s = *s2
}

// TestReadOnlyOlderSchema: a read-only file that needs a migration says
// so instead of failing on the first write.
func TestReadOnlyOlderSchema(t *testing.T) {
	path := storeWithSchema(t, "1")
	_, err := Open(path, Options{ReadOnly: true})
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "one-time upgrade") {
		t.Fatalf("got %v", err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

// Package store persists plancoder's records in one bbolt file. It is the only
// package that opens the database and the single source of truth: everything
// else (the search index, statistics) is derived from it.
package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout this build reads and writes. Bump it with a
// migration whenever a bucket or record changes incompatibly.
// Schema 3 may store a big clean text in pieces (store/text.go), which a
// schema 2 reader would take for a missing text.
const SchemaVersion = 3

// Sentinel errors callers branch on.
var (
	// ErrLocked means another process holds the database.
	ErrLocked = errors.New("database is in use by another process")
	// ErrNewerSchema means the file was written by a newer plancoder.
	ErrNewerSchema = errors.New("database was made by a newer plancoder")
	// ErrNotFound means a requested record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrExists means a record or database to be created already exists.
	ErrExists = errors.New("already exists")
	// ErrHasCodings means an operation would drop codings.
	ErrHasCodings = errors.New("has codings")
	// ErrNotStore means the file is not a plancoder database.
	ErrNotStore = errors.New("not a plancoder database")
)

var (
	bMeta     = []byte("meta")
	bOrgs     = []byte("orgs")
	bDocs     = []byte("docs")
	bDocsBySH = []byte("docs_by_sha256")
	bFrags    = []byte("frags")
	bTexts    = []byte("texts")
	bStaging  = []byte("staging") // big texts on their way in (see stageText)
	bCodings  = []byte("codings")
	bOrphans  = []byte("orphans")
	bEvents   = []byte("events")
	bPending  = []byte("index_pending")
	bCodes    = []byte("codes")
	bSeen     = []byte("seen")
	bMemos    = []byte("memos")
	bSamples  = []byte("samples")
	bHeads    = []byte("frag_heads")
	bGUIDs    = []byte("guids")

	allBuckets = [][]byte{bMeta, bOrgs, bDocs, bDocsBySH, bFrags, bTexts, bCodings, bOrphans, bEvents, bPending, bCodes, bSeen, bMemos, bSamples, bHeads, bGUIDs, bStaging}

	keySchema = []byte("schema_version")
	// keyStaging is set while the staging bucket may hold something (see
	// stageText), so that Open looks into it only after an interrupted
	// ingest, and then only after VerifyPages.
	keyStaging = []byte("staging")
	keyCreated = []byte("created")
)

// Options tune Open.
type Options struct {
	// Timeout bounds the wait for the file lock; 0 means 2 seconds. bbolt's
	// own default waits forever, which would hang a second process.
	Timeout time.Duration
	// ReadOnly opens the file without write access (shared lock); writes
	// fail with ErrReadOnly. A file that cannot be opened for writing is
	// opened read-only anyway.
	ReadOnly bool
}

// Store is an open plancoder database.
type Store struct {
	db  *bolt.DB
	now func() time.Time
}

// Create makes a new database at path with every bucket and the schema
// version, so a crash during first initialisation cannot leave a half-made
// file that later opens as valid.
func Create(path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("create %s: %w", path, ErrExists)
	}
	tmp := path + ".tmp"
	_ = os.Remove(tmp)
	db, err := bolt.Open(tmp, 0o644, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		m := tx.Bucket(bMeta)
		if err := m.Put(keySchema, []byte(strconv.Itoa(SchemaVersion))); err != nil {
			return err
		}
		return m.Put(keyCreated, []byte(time.Now().UTC().Format(time.RFC3339)))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("create %s: %w", path, err)
	}
	return nil
}

// Close releases the database and its file lock.
func (s *Store) Close() error { return s.db.Close() }

// SetClock replaces the clock used for event and ingest times (tests).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// SchemaVersion reports the schema version recorded in the file.
func (s *Store) SchemaVersion() (int, error) {
	var v int
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		v, err = strconv.Atoi(string(tx.Bucket(bMeta).Get(keySchema)))
		return err
	})
	return v, err
}

// appendEvent writes one event inside tx. before and after are marshalled
// to JSON; nil stays absent.
func (s *Store) appendEvent(tx *bolt.Tx, actor, action, target string, before, after any) error {
	return s.appendEventAt(tx, actor, action, target, before, after, s.now())
}

// appendEventAt logs an event with a given time (imported or simulated work
// keeps its own times).
func (s *Store) appendEventAt(tx *bolt.Tx, actor, action, target string, before, after any, at time.Time) error {
	b := tx.Bucket(bEvents)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	ev := Event{Seq: seq, Time: at, Actor: actor, Action: action, Target: target}
	if before != nil {
		if ev.Before, err = json.Marshal(before); err != nil {
			return err
		}
	}
	if after != nil {
		if ev.After, err = json.Marshal(after); err != nil {
			return err
		}
	}
	v, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	return b.Put(u64(seq), v)
}

// Events calls fn for each event with a sequence number >= from, in order.
func (s *Store) Events(from uint64, fn func(Event) error) error {
	return s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bEvents).Cursor()
		for k, v := c.Seek(u64(from)); k != nil; k, v = c.Next() {
			var ev Event
			if err := json.Unmarshal(v, &ev); err != nil {
				return fmt.Errorf("event %d: %w", binary.BigEndian.Uint64(k), err)
			}
			if err := fn(ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// Revision is the sequence number of the last change logged. Every write
// of a record the analyses read (documents, codings, codes, memos, samples,
// organisations) logs one, so two reads at the same revision saw the same
// records; web sessions and seen marks log none.
func (s *Store) Revision() (uint64, error) {
	var rev uint64
	err := s.view(func(tx *bolt.Tx) error {
		rev = tx.Bucket(bEvents).Sequence()
		return nil
	})
	return rev, err
}

func u64(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[:]
}

func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	raw := b.Get(key)
	if raw == nil {
		return false, nil
	}
	return true, json.Unmarshal(raw, v)
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}

// fragKey orders a document's fragments by ordinal under the prefix doc+0.
func fragKey(doc string, ordinal int) []byte {
	k := make([]byte, 0, len(doc)+5)
	k = append(k, doc...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint32(k, uint32(ordinal))
}

func docPrefix(doc string) []byte { return append([]byte(doc), 0) }

// codingPrefix is the key prefix of every coding of one fragment. Coding keys
// are fragmentID 0 coder 0 code, so a document's codings share the prefix
// "DOC/".
func codingPrefix(fragID string) []byte { return append([]byte(fragID), 0) }

func hasPrefix(k, p []byte) bool { return bytes.HasPrefix(k, p) }

// ReleaseMemory gives back to the system the pages of the database file
// that reads have brought into this process's resident memory. The data
// stays in the system's page cache; long reads (indexing from the store,
// check) call it between pages so that resident memory follows what they
// hold, not the size of the file (a 50 MB text's project read whole added
// 100 MB).
func (s *Store) ReleaseMemory() {
	s.view(func(tx *bolt.Tx) error {
		releaseMap(tx)
		return nil
	})
}

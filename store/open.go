package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

var (
	// ErrDamaged means the database file is damaged: its pages cannot be
	// read as bbolt pages. Restoring a backup is the only repair.
	ErrDamaged = errors.New("database is damaged")
	// ErrReadOnly means a change was asked of a database opened read-only.
	ErrReadOnly = errors.New("project is read-only")
)

// Open opens an existing database. It fails with ErrLocked when another
// process holds it past the timeout, with ErrNewerSchema when the file was
// written by a newer plancoder and with ErrDamaged when its meta pages or
// size show damage (checked before bbolt maps the file: bbolt trusts them
// and a truncated file faults the process). A file this process may not
// write is opened read-only: reads work, writes give ErrReadOnly.
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 2 * time.Second
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if fi.Size() == 0 {
		return nil, fmt.Errorf("open %s: %w (the file is empty)", path, ErrNotStore)
	}
	if !opts.ReadOnly && !writable(path) {
		opts.ReadOnly = true
	}
	if err := validateFile(path); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	var db *bolt.DB
	err = guard(path, func() error {
		var err error
		db, err = bolt.Open(path, 0o644, &bolt.Options{Timeout: opts.Timeout, FreelistType: bolt.FreelistMapType, ReadOnly: opts.ReadOnly})
		return err
	})
	if err != nil {
		switch {
		case errors.Is(err, bolterrors.ErrTimeout):
			return nil, ErrLocked
		case errors.Is(err, ErrDamaged):
			return nil, fmt.Errorf("open %s: %w", path, err)
		case errors.Is(err, fs.ErrPermission):
			return nil, fmt.Errorf("open %s: %w: %v", path, ErrReadOnly, err)
		}
		return nil, fmt.Errorf("open %s: %w: %v", path, ErrNotStore, err)
	}
	s := &Store{db: db, now: func() time.Time { return time.Now().UTC() }}
	if err := s.checkSchema(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// ReadOnly reports whether the store was opened without write access.
func (s *Store) ReadOnly() bool { return s.db.IsReadOnly() }

// writable reports whether this process may open path for writing. root
// passes permission bits, so the open itself is the test.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return !errors.Is(err, fs.ErrPermission) && !errors.Is(err, syscall.EROFS)
	}
	f.Close()
	return true
}

// guard runs fn with memory faults turned into panics and any panic
// turned into ErrDamaged naming the file. bbolt reads pages straight from
// the mapped file: a page past a truncated end faults ("fatal error:
// fault" without this) and garbage in a page makes it panic.
func guard(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = damaged(path, fmt.Sprint(r))
		}
	}()
	return fn()
}

func damaged(path, why string) error {
	return fmt.Errorf("%w: %s (%s); restore it from a backup", ErrDamaged, path, why)
}

// bbolt's meta page: a 16-byte page header, then magic, version, page
// size, flags, root bucket (page, sequence), freelist page, high-water page,
// transaction ID and an FNV-64a checksum of the fields before it, in the
// machine's byte order (bbolt writes its structs as they are in memory).
const (
	boltMagic    = 0xED0CDAED
	boltVersion  = 2
	metaOffset   = 16
	metaSumBytes = 56
	metaSize     = 64
	metaPageFlag = 0x04
	noFreelist   = ^uint64(0)
)

type boltMeta struct {
	pageSize                 uint32
	root, freelist, pgid, tx uint64
	err                      error
}

func readMeta(b []byte) boltMeta {
	if len(b) < metaOffset+metaSize {
		return boltMeta{err: errors.New("page cut short")}
	}
	ne := binary.NativeEndian
	m := b[metaOffset:]
	if binary.NativeEndian.Uint16(b[8:]) != metaPageFlag {
		return boltMeta{err: errors.New("not a meta page")}
	}
	if ne.Uint32(m) != boltMagic {
		return boltMeta{err: errors.New("no bbolt magic number")}
	}
	if v := ne.Uint32(m[4:]); v != boltVersion {
		return boltMeta{err: fmt.Errorf("bbolt format version %d", v)}
	}
	h := fnv.New64a()
	h.Write(m[:metaSumBytes])
	if h.Sum64() != ne.Uint64(m[metaSumBytes:]) {
		return boltMeta{err: errors.New("checksum mismatch")}
	}
	return boltMeta{pageSize: ne.Uint32(m[8:]), root: ne.Uint64(m[16:]), freelist: ne.Uint64(m[32:]), pgid: ne.Uint64(m[40:]), tx: ne.Uint64(m[48:])}
}

// validateFile checks what bbolt takes on trust before it maps the file:
// the two meta pages (checksum, page size) and the file size against the
// high-water page of the meta bbolt will use. One bad meta page is what a
// crash during a commit can leave and bbolt falls back to the other, so it
// is accepted; two are damage.
func validateFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return fmt.Errorf("%w: %v", ErrReadOnly, err)
		}
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	first := make([]byte, 4096)
	n, err := io.ReadFull(f, first)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w (%d bytes: too short for a database)", ErrNotStore, size)
	}
	m0 := readMeta(first[:n])
	if m0.err != nil && binary.NativeEndian.Uint32(first[metaOffset:]) != boltMagic {
		return fmt.Errorf("%w (no bbolt header)", ErrNotStore)
	}
	pageSize := int64(os.Getpagesize())
	if m0.err == nil {
		pageSize = int64(m0.pageSize)
	}
	if pageSize < 512 || pageSize > 1<<16 || pageSize&(pageSize-1) != 0 {
		return damaged(path, fmt.Sprintf("page size %d", pageSize))
	}
	second := make([]byte, metaOffset+metaSize)
	var m1 boltMeta
	if _, err := f.ReadAt(second, pageSize); err != nil {
		m1 = boltMeta{err: fmt.Errorf("file ends at byte %d", size)}
	} else {
		m1 = readMeta(second)
	}
	if m1.err == nil && int64(m1.pageSize) != pageSize {
		m1.err = fmt.Errorf("page size %d, the other meta page says %d", m1.pageSize, pageSize)
	}
	use := m0
	if m0.err != nil || (m1.err == nil && m1.tx > m0.tx) {
		use = m1
	}
	if m0.err != nil && m1.err != nil {
		return damaged(path, fmt.Sprintf("both meta pages are bad: %v; %v", m0.err, m1.err))
	}
	if need := int64(use.pgid) * pageSize; need > size {
		return damaged(path, fmt.Sprintf("the file is %d bytes but its pages run to %d: it was cut short", size, need))
	}
	if use.root >= use.pgid || (use.freelist != noFreelist && use.freelist >= use.pgid) {
		return damaged(path, "the meta page points past the last page")
	}
	return nil
}

func (s *Store) checkSchema() error {
	err := s.view(func(tx *bolt.Tx) error {
		m := tx.Bucket(bMeta)
		if m == nil {
			return fmt.Errorf("%w (no meta bucket)", ErrNotStore)
		}
		v, err := strconv.Atoi(string(m.Get(keySchema)))
		if err != nil {
			return fmt.Errorf("%w (no schema version)", ErrNotStore)
		}
		if v > SchemaVersion {
			return fmt.Errorf("%w: schema %d, this plancoder reads schema %d; upgrade plancoder", ErrNewerSchema, v, SchemaVersion)
		}
		for _, b := range [][]byte{bDocs, bFrags, bOrgs} {
			if tx.Bucket(b) == nil {
				return fmt.Errorf("%w (bucket %s missing)", ErrNotStore, b)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Buckets added within a schema version (additive, empty when new) are
	// created on open; a read-only store reads them as empty.
	missing := false
	if err := s.view(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if tx.Bucket(b) == nil {
				missing = true
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if !missing || s.ReadOnly() {
		return nil
	}
	return s.update(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
}

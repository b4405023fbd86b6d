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
	var (
		db   *bolt.DB
		file *os.File
	)
	err = guard(path, func() error {
		var err error
		db, err = bolt.Open(path, 0o644, &bolt.Options{Timeout: opts.Timeout, FreelistType: bolt.FreelistMapType, ReadOnly: opts.ReadOnly,
			OpenFile: func(name string, flag int, mode os.FileMode) (*os.File, error) {
				f, err := os.OpenFile(name, flag, mode)
				file = f
				return f, err
			}})
		return err
	})
	if db == nil && file != nil && errors.Is(err, ErrDamaged) {
		// bbolt panicked inside Open (a garbage freelist page, say) and
		// never closed its file. Its mapping keeps the file description,
		// and so the lock, alive: unlock explicitly, then close.
		unlockFile(file)
		file.Close()
	}
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
	if err := s.migrate(); err != nil {
		db.Close()
		if errors.Is(err, ErrReadOnly) {
			return nil, fmt.Errorf("open %s: %w and its schema needs a one-time upgrade: make the file writable and run plancoder once", path, ErrReadOnly)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if !s.ReadOnly() {
		// Best effort: leftover pieces are invisible to readers, the next big
		// write clears them again, and damage that stops this is for
		// check to name, not a reason to refuse the file. Only a file that
		// says an ingest was interrupted is looked into, and only when its
		// pages are sound: a damaged bucket can loop a cursor for ever.
		if s.stagingInUse() && s.VerifyPages() == nil {
			_ = s.clearStaging()
		}
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
		return !errors.Is(err, fs.ErrPermission) && !isReadOnlyFS(err)
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

// VerifyPages walks every page reachable from the root bucket in the file
// itself (not through bbolt's mapping) and checks that page IDs, overflow
// runs and every key and value lie inside the file and their page, and that
// no page is reached twice. bbolt's tx.Check, which Check runs, reads pages
// in a goroutine of its own where a fault on a damaged page cannot be
// recovered: run this first and skip tx.Check when it fails.
func (s *Store) VerifyPages() error {
	path := s.db.Path()
	var txid uint64
	if err := s.view(func(tx *bolt.Tx) error { txid = uint64(tx.ID()); return nil }); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("verify %s: %w", path, err)
	}
	defer f.Close()
	ps := int64(s.db.Info().PageSize)
	var meta boltMeta
	for i := int64(0); i < 2; i++ {
		b := make([]byte, metaOffset+metaSize)
		if _, err := f.ReadAt(b, i*ps); err == nil {
			if m := readMeta(b); m.err == nil && m.tx == txid {
				meta = m
			}
		}
	}
	if meta.pgid == 0 {
		return damaged(path, fmt.Sprintf("no meta page for transaction %d", txid))
	}
	w := pageWalker{f: f, ps: ps, hwm: meta.pgid, seen: map[uint64]bool{}}
	if err := w.page(meta.root, 0); err != nil {
		return damaged(path, err.Error())
	}
	return nil
}

const (
	branchPage = 0x01
	leafPage   = 0x02
	bucketLeaf = 0x01
	elemSize   = 16
	maxDepth   = 64
)

type pageWalker struct {
	f    *os.File
	ps   int64
	hwm  uint64
	seen map[uint64]bool
}

// page checks page id and what hangs below it.
func (w *pageWalker) page(id uint64, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("page %d: tree deeper than %d", id, maxDepth)
	}
	if id < 2 || id >= w.hwm {
		return fmt.Errorf("page %d is outside the file's %d pages", id, w.hwm)
	}
	if w.seen[id] {
		return fmt.Errorf("page %d is reached twice", id)
	}
	w.seen[id] = true
	head := make([]byte, metaOffset)
	if _, err := w.f.ReadAt(head, int64(id)*w.ps); err != nil {
		return fmt.Errorf("page %d: %v", id, err)
	}
	ne := binary.NativeEndian
	if got := ne.Uint64(head); got != id {
		return fmt.Errorf("page %d says it is page %d", id, got)
	}
	overflow := uint64(ne.Uint32(head[12:]))
	if id+overflow >= w.hwm {
		return fmt.Errorf("page %d runs past the last page", id)
	}
	b := make([]byte, int64(overflow+1)*w.ps)
	if _, err := w.f.ReadAt(b, int64(id)*w.ps); err != nil {
		return fmt.Errorf("page %d: %v", id, err)
	}
	for k := uint64(1); k <= overflow; k++ {
		w.seen[id+k] = true
	}
	return w.elements(b, id, depth)
}

// elements checks the elements of the page in b (a page read from the file
// or an inline bucket's page inside a value).
func (w *pageWalker) elements(b []byte, id uint64, depth int) error {
	if len(b) < metaOffset {
		return fmt.Errorf("page %d is cut short", id)
	}
	ne := binary.NativeEndian
	flags, count := ne.Uint16(b[8:]), int(ne.Uint16(b[10:]))
	if flags != branchPage && flags != leafPage {
		return fmt.Errorf("page %d has type %#x, not a branch or leaf", id, flags)
	}
	if metaOffset+count*elemSize > len(b) {
		return fmt.Errorf("page %d: %d elements do not fit", id, count)
	}
	for i := range count {
		e := metaOffset + i*elemSize
		if flags == branchPage {
			pos, ksize := int(ne.Uint32(b[e:])), int(ne.Uint32(b[e+4:]))
			if e+pos+ksize > len(b) {
				return fmt.Errorf("page %d: key %d lies outside the page", id, i)
			}
			if err := w.page(ne.Uint64(b[e+8:]), depth+1); err != nil {
				return err
			}
			continue
		}
		lf, pos, ksize, vsize := ne.Uint32(b[e:]), int(ne.Uint32(b[e+4:])), int(ne.Uint32(b[e+8:])), int(ne.Uint32(b[e+12:]))
		if end := e + pos + ksize + vsize; end > len(b) || end < e {
			return fmt.Errorf("page %d: element %d lies outside the page", id, i)
		}
		if lf&bucketLeaf == 0 {
			continue
		}
		v := b[e+pos+ksize : e+pos+ksize+vsize]
		if len(v) < 16 {
			return fmt.Errorf("page %d: bucket %d has a short header", id, i)
		}
		if root := ne.Uint64(v); root != 0 {
			if err := w.page(root, depth+1); err != nil {
				return err
			}
		} else if err := w.elements(v[16:], id, depth+1); err != nil {
			return err
		}
	}
	return nil
}

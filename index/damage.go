package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// MarkerName is the file plancoder writes into every index folder it
// creates. Only a folder with it (or an index an older plancoder made,
// whose stored mapping names plancoder's analyzer) is ever moved
// aside or replaced: anything else at that path is the user's.
const MarkerName = ".plancoder-index"

const markerText = "This folder is plancoder's search index: derived data, rebuilt from plancoder.db with 'plancoder reindex'.\n"

// Owned reports whether dir is an index plancoder wrote.
func Owned(dir string) bool {
	if fi, err := os.Stat(filepath.Join(dir, MarkerName)); err == nil && fi.Mode().IsRegular() {
		return true
	}
	// Scorch keeps the mapping, which names plancoder's analyzer, in its
	// root file.
	meta, err := os.ReadFile(filepath.Join(dir, "index_meta.json"))
	if err != nil || !bytes.Contains(meta, []byte("scorch")) {
		return false
	}
	root, err := os.ReadFile(filepath.Join(dir, "store", "root.bolt"))
	return err == nil && bytes.Contains(root, []byte("plancoder_"))
}

// writableDir reports whether files in dir can be created and the index's
// root file written (root passes permission bits: the open is the test).
func writableDir(dir string) bool {
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return !errors.Is(err, fs.ErrPermission) && !isROFS(err)
	}
	f.Close()
	os.Remove(f.Name())
	root := filepath.Join(dir, "store", "root.bolt")
	if rf, err := os.OpenFile(root, os.O_RDWR, 0); err == nil {
		rf.Close()
	} else if errors.Is(err, fs.ErrPermission) || isROFS(err) {
		return false
	}
	return true
}

func isROFS(err error) bool { return strings.Contains(err.Error(), "read-only file system") }

func damaged(dir, why string) error {
	return fmt.Errorf("%w: %s (%s); run 'plancoder reindex' to rebuild it from the store", ErrDamaged, dir, why)
}

// guard runs fn with memory faults turned into panics and any panic into
// ErrDamaged: Bleve reads segments through mmap and trusts their offsets,
// so a damaged segment faults or panics where an error belongs.
func guard(dir string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = damaged(dir, fmt.Sprint(r))
		}
	}()
	return fn()
}

func (x *Index) guard(fn func() error) error { return guard(x.dir, fn) }

// verifySegments checks every segment file's CRC-32 (zap ends each
// segment with the CRC of all bytes before it) before Bleve maps them:
// Bleve reads segments in goroutines of its own, where a fault on damaged
// bytes could not be recovered.
func verifySegments(dir string) error {
	seg, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil {
		return err
	}
	for _, path := range seg {
		if err := verifySegment(dir, path); err != nil {
			return err
		}
	}
	return nil
}

// verifySegment streams one segment through CRC-32 (memory stays flat
// however large the segment).
func verifySegment(dir, path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return fmt.Errorf("open index %s: %w: %v", dir, ErrReadOnly, err)
		}
		return damaged(dir, err.Error())
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return damaged(dir, err.Error())
	}
	if fi.Size() < 4 {
		return damaged(dir, fmt.Sprintf("segment %s is cut short", filepath.Base(path)))
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyN(h, f, fi.Size()-4); err != nil {
		return damaged(dir, fmt.Sprintf("segment %s: %v", filepath.Base(path), err))
	}
	var sum [4]byte
	if _, err := io.ReadFull(f, sum[:]); err != nil {
		return damaged(dir, fmt.Sprintf("segment %s: %v", filepath.Base(path), err))
	}
	if h.Sum32() != binary.BigEndian.Uint32(sum[:]) {
		return damaged(dir, fmt.Sprintf("segment %s fails its checksum", filepath.Base(path)))
	}
	return nil
}

package interop

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Limits for reading an archive from another tool. The archive is treated
// as hostile: sizes in the zip headers are not trusted, every read is capped
// as the data arrives. The caps fit the project (about 9,000 pages of plans
// are some 30 MB of text) and keep an import's memory under 1 GiB: every
// byte of imported text costs the importer and the store some 15 to 25 bytes
// of memory while the project is built (fragments, hashes, store pages).
const (
	MaxArchive = 2 << 30  // bytes of the .qdpx file (it is read from disk, not into memory)
	MaxEntry   = 16 << 20 // uncompressed bytes of one entry (about 5,000 pages of text)
	MaxTotal   = 40 << 20 // uncompressed bytes read from all entries together
)

// entryLimit and totalLimit are MaxEntry and MaxTotal; tests lower them.
var entryLimit, totalLimit int64 = MaxEntry, MaxTotal

// ErrTooLarge means an archive or one of its entries exceeds the limits.
var ErrTooLarge = errors.New("too large")

// Archive is an opened .qdpx: nothing is extracted to disk; entries are read
// into memory on demand, so no path inside the archive can reach the file
// system.
type Archive struct {
	Name  string
	QDE   string // name of the project XML inside the archive
	files map[string]*zip.File
	lower map[string][]*zip.File // by lower-case base name
	read  int64
	// Unsafe lists entry names that try to leave the archive ("../x",
	// "/etc/x"); they are never read.
	Unsafe []string
}

// OpenArchive reads the zip directory of a .qdpx held in data.
func OpenArchive(name string, data []byte) (*Archive, error) {
	return OpenArchiveReader(name, bytes.NewReader(data), int64(len(data)))
}

// OpenArchiveReader reads the zip directory of a .qdpx of size bytes read
// through r (an *os.File: the archive itself is never held in memory).
func OpenArchiveReader(name string, r io.ReaderAt, size int64) (*Archive, error) {
	if size > MaxArchive {
		return nil, fmt.Errorf("%s: %w (%d bytes; the limit is %d)", name, ErrTooLarge, size, MaxArchive)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: not a REFI-QDA project archive (.qdpx is a zip file): %w", name, err)
	}
	a := &Archive{Name: name, files: map[string]*zip.File{}, lower: map[string][]*zip.File{}}
	var qdes []string
	for _, f := range zr.File {
		n := strings.ReplaceAll(f.Name, "\\", "/")
		if strings.HasSuffix(n, "/") {
			continue
		}
		if !safePath(n) {
			a.Unsafe = append(a.Unsafe, f.Name)
			continue
		}
		a.files[n] = f
		base := strings.ToLower(path.Base(n))
		a.lower[base] = append(a.lower[base], f)
		if !strings.Contains(n, "/") && strings.EqualFold(path.Ext(n), ".qde") {
			qdes = append(qdes, n)
		}
	}
	switch {
	case a.files["project.qde"] != nil:
		a.QDE = "project.qde"
	case len(qdes) == 1:
		a.QDE = qdes[0]
	case len(qdes) > 1:
		return nil, fmt.Errorf("%s: several .qde files at the root (%s) and none is named project.qde", name, strings.Join(qdes, ", "))
	default:
		return nil, fmt.Errorf("%s: no project.qde at the root of the archive: not a REFI-QDA project", name)
	}
	return a, nil
}

// safePath reports whether a zip entry name stays inside the archive.
func safePath(n string) bool {
	if n == "" || strings.HasPrefix(n, "/") || strings.Contains(n, ":") || strings.ContainsRune(n, 0) {
		return false
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return false
		}
	}
	return true
}

// ReadQDE returns the project XML.
func (a *Archive) ReadQDE() ([]byte, error) { return a.readFile(a.files[a.QDE]) }

// Source resolves a source reference (internal://X, a bare X, or
// relative:///X) and returns its bytes. Lookup is by sources/X, then by base
// name case-insensitively anywhere in the archive.
func (a *Archive) Source(ref string) ([]byte, string, error) {
	f, err := a.lookup(ref)
	if err != nil {
		return nil, "", err
	}
	data, err := a.readFile(f)
	return data, f.Name, err
}

func (a *Archive) lookup(ref string) (*zip.File, error) {
	ref = strings.TrimSpace(ref)
	low := strings.ToLower(ref)
	switch {
	case strings.HasPrefix(low, "internal://"):
		ref = ref[len("internal://"):]
	case strings.HasPrefix(low, "relative://"), strings.HasPrefix(low, "absolute://"):
		return nil, fmt.Errorf("source %s: %w (only internal files can be imported)", ref, errOutside)
	}
	ref = strings.TrimLeft(strings.ReplaceAll(ref, "\\", "/"), "/")
	if f := a.files["sources/"+ref]; f != nil {
		return f, nil
	}
	if fs := a.lower[strings.ToLower(path.Base(ref))]; len(fs) > 0 {
		return fs[0], nil
	}
	return nil, fmt.Errorf("source %s: %w in the archive", ref, errMissing)
}

// CheckDeclared refuses, before anything is unpacked, a set of source
// references whose entries declare more bytes together than an import may
// read. Declared sizes can lie low; the reads are capped regardless.
func (a *Archive) CheckDeclared(refs []string) error {
	seen := map[*zip.File]bool{}
	var total uint64
	for _, r := range refs {
		f, err := a.lookup(r)
		if err != nil || seen[f] {
			continue
		}
		seen[f] = true
		total += f.UncompressedSize64
	}
	if total > uint64(totalLimit) {
		return fmt.Errorf("%s: %w (its text sources declare %d bytes uncompressed together; the limit is %d)", a.Name, ErrTooLarge, total, totalLimit)
	}
	return nil
}

var (
	errMissing = errors.New("not found")
	errOutside = errors.New("outside the archive")
)

func (a *Archive) readFile(f *zip.File) ([]byte, error) {
	if f == nil {
		return nil, fmt.Errorf("%s: %w", a.Name, errMissing)
	}
	limit := min(entryLimit, totalLimit-a.read)
	tooLarge := func(what string) error {
		if limit < entryLimit {
			return fmt.Errorf("%s: %s: %w (%s; the archive's entries may hold %d bytes uncompressed together, %d are read already)",
				a.Name, f.Name, ErrTooLarge, what, totalLimit, a.read)
		}
		return fmt.Errorf("%s: %s: %w (%s; the limit for one entry is %d bytes uncompressed)", a.Name, f.Name, ErrTooLarge, what, entryLimit)
	}
	// The declared size refuses an honest big entry before any work; a
	// lying one is caught by the limit on the stream below.
	if f.UncompressedSize64 > uint64(limit) {
		return nil, tooLarge(fmt.Sprintf("it declares %d bytes", f.UncompressedSize64))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", a.Name, f.Name, err)
	}
	defer rc.Close()
	data, err := readCapped(io.LimitReader(rc, limit+1), min(int64(f.UncompressedSize64), limit)+1)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: damaged entry: %w", a.Name, f.Name, err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(fmt.Sprintf("more than %d bytes uncompressed", limit))
	}
	a.read += int64(len(data))
	return data, nil
}

// readCapped reads r to its end into a buffer sized for an honest entry up
// front, so the usual case is one allocation and never a doubled buffer.
func readCapped(r io.Reader, size int64) ([]byte, error) {
	data := make([]byte, 0, size)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Entry reads the archive entry with exactly this name; ok is false when
// there is none.
func (a *Archive) Entry(name string) (data []byte, ok bool, err error) {
	f := a.files[name]
	if f == nil {
		return nil, false, nil
	}
	data, err = a.readFile(f)
	return data, true, err
}

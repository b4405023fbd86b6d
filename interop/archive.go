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
// as hostile: sizes in the zip headers are not trusted, every read is capped.
const (
	MaxArchive = 2 << 30   // bytes of the .qdpx file
	MaxEntry   = 512 << 20 // uncompressed bytes of one entry
	MaxTotal   = 2 << 30   // uncompressed bytes read from all entries
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
	if len(data) > MaxArchive {
		return nil, fmt.Errorf("%s: %w (%d bytes; the limit is %d)", name, ErrTooLarge, len(data), MaxArchive)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
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
	ref = strings.TrimSpace(ref)
	low := strings.ToLower(ref)
	switch {
	case strings.HasPrefix(low, "internal://"):
		ref = ref[len("internal://"):]
	case strings.HasPrefix(low, "relative://"), strings.HasPrefix(low, "absolute://"):
		return nil, "", fmt.Errorf("source %s: %w (only internal files can be imported)", ref, errOutside)
	}
	ref = strings.TrimLeft(strings.ReplaceAll(ref, "\\", "/"), "/")
	if f := a.files["sources/"+ref]; f != nil {
		data, err := a.readFile(f)
		return data, f.Name, err
	}
	if fs := a.lower[strings.ToLower(path.Base(ref))]; len(fs) > 0 {
		data, err := a.readFile(fs[0])
		return data, fs[0].Name, err
	}
	return nil, "", fmt.Errorf("source %s: %w in the archive", ref, errMissing)
}

var (
	errMissing = errors.New("not found")
	errOutside = errors.New("outside the archive")
)

func (a *Archive) readFile(f *zip.File) ([]byte, error) {
	if f == nil {
		return nil, fmt.Errorf("%s: %w", a.Name, errMissing)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", a.Name, f.Name, err)
	}
	defer rc.Close()
	limit := min(entryLimit, totalLimit-a.read)
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", a.Name, f.Name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %s: %w (more than %d bytes uncompressed)", a.Name, f.Name, ErrTooLarge, limit)
	}
	a.read += int64(len(data))
	return data, nil
}

package store

// This file is the one codec for every record that points at a fragment:
// codings (and consensus codings), seen marks, memos on fragments, sample
// units and orphans. Keys say which fragment, coder and code; values hold only
// what the key does not say, and always the content hash of the text the
// reference was made on, so re-ingest can move it and check can verify it.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrBadFragmentID means a fragment ID is not in the canonical form DOC/NNNN.
var ErrBadFragmentID = errors.New("not a fragment id")

// maxOrdinal is the largest fragment ordinal a key can hold.
const maxOrdinal = 1<<31 - 1

// ContentHash identifies a fragment's text across re-ingests: the SHA-256 of
// its white-space-collapsed text, shortened to 128 bits. It streams the text
// into the hash, so a huge fragment costs no copy.
func ContentHash(text string) string {
	h := sha256.New()
	var buf [4096]byte
	n := 0
	flush := func() {
		h.Write(buf[:n])
		n = 0
	}
	space := false // a space is pending between two words
	started := false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			space = started
			i += size
			continue
		}
		if space {
			if n == len(buf) {
				flush()
			}
			buf[n] = ' '
			n++
			space = false
		}
		if n+size > len(buf) {
			flush()
		}
		n += copy(buf[n:], text[i:i+size])
		started = true
		i += size
	}
	flush()
	sum := h.Sum(nil)
	return hex.EncodeToString(sum[:16])
}

// ParseFragmentID splits a fragment ID into its document and ordinal. Only
// the canonical form that FragmentID builds is accepted: DOC/5, DOC/00005 and
// ordinals past the key range name no fragment, so they cannot give a second
// key for one fragment.
func ParseFragmentID(id string) (doc string, ordinal int, err error) {
	i := strings.LastIndexByte(id, '/')
	if i <= 0 || i == len(id)-1 || strings.IndexByte(id, 0) >= 0 {
		return "", 0, fmt.Errorf("fragment %s: %w (ids look like DOC/0001)", Quote(id), ErrBadFragmentID)
	}
	digits := id[i+1:]
	n, perr := strconv.ParseUint(digits, 10, 64)
	if perr != nil || n < 1 || n > maxOrdinal {
		return "", 0, fmt.Errorf("fragment %s: %w (ids look like DOC/0001)", Quote(id), ErrBadFragmentID)
	}
	doc, ordinal = id[:i], int(n)
	if canon := FragmentID(doc, ordinal); canon != id {
		return "", 0, fmt.Errorf("fragment %s: %w (its canonical form is %s)", Quote(id), ErrBadFragmentID, canon)
	}
	return doc, ordinal, nil
}

// DocOf returns the document part of a fragment ID ("" when it has none).
func DocOf(fragmentID string) string {
	if i := strings.LastIndexByte(fragmentID, '/'); i > 0 {
		return fragmentID[:i]
	}
	return ""
}

func splitFragmentID(id string) (doc string, ord int, ok bool) {
	doc, ord, err := ParseFragmentID(id)
	return doc, ord, err == nil
}

// --- codings: key fragment 0 coder 0 code; value codingVal ---

type codingVal struct {
	Time time.Time `json:"t"`
	Memo string    `json:"memo,omitempty"`
	Hash string    `json:"h"`
}

func codingKeyOf(fragment, coder, code string) []byte {
	k := make([]byte, 0, len(fragment)+len(coder)+len(code)+2)
	k = append(k, fragment...)
	k = append(k, 0)
	k = append(k, coder...)
	k = append(k, 0)
	return append(k, code...)
}

func codingKey(c Coding) []byte { return codingKeyOf(c.Fragment, c.Coder, c.Code) }

// parseCodingKey splits a coding key; ok is false for a key that is not
// three non-empty parts.
func parseCodingKey(k []byte) (fragment, coder, code string, ok bool) {
	i := bytes.IndexByte(k, 0)
	if i <= 0 {
		return "", "", "", false
	}
	j := bytes.IndexByte(k[i+1:], 0)
	if j <= 0 {
		return "", "", "", false
	}
	j += i + 1
	if j == len(k)-1 || bytes.IndexByte(k[j+1:], 0) >= 0 {
		return "", "", "", false
	}
	return string(k[:i]), string(k[i+1 : j]), string(k[j+1:]), true
}

func encodeCodingVal(c Coding) ([]byte, error) {
	return json.Marshal(codingVal{Time: c.Time, Memo: c.Memo, Hash: c.Hash})
}

func decodeCoding(k, v []byte) (Coding, error) {
	frag, coder, code, ok := parseCodingKey(k)
	if !ok {
		return Coding{}, fmt.Errorf("coding key %q: not fragment/coder/code", k)
	}
	var cv codingVal
	if err := json.Unmarshal(v, &cv); err != nil {
		return Coding{}, fmt.Errorf("coding %s %s %s: %w", frag, coder, code, err)
	}
	return Coding{Fragment: frag, Coder: coder, Code: code, Time: cv.Time, Memo: cv.Memo, Hash: cv.Hash}, nil
}

// --- seen marks: key coder 0 fragment; value seenVal ---

type seenVal struct {
	Time time.Time `json:"t"`
	Hash string    `json:"h"`
}

func seenKey(coder, fragment string) []byte {
	k := make([]byte, 0, len(coder)+len(fragment)+1)
	k = append(k, coder...)
	k = append(k, 0)
	return append(k, fragment...)
}

func parseSeenKey(k []byte) (coder, fragment string, ok bool) {
	i := bytes.IndexByte(k, 0)
	if i <= 0 || i == len(k)-1 || bytes.IndexByte(k[i+1:], 0) >= 0 {
		return "", "", false
	}
	return string(k[:i]), string(k[i+1:]), true
}

func encodeSeen(at time.Time, hash string) ([]byte, error) {
	return json.Marshal(seenVal{Time: at, Hash: hash})
}

func decodeSeen(v []byte) (seenVal, error) {
	var sv seenVal
	err := json.Unmarshal(v, &sv)
	return sv, err
}

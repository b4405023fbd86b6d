package pdftext

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"hash"
	"regexp"
	"strconv"
)

// encryption is what the /Encrypt dictionary of the standard security
// handler says, read from the bytes before any parser runs: whether the
// file opens with the empty user password is decided from it (PDF 32000-2
// §7.6.4.3-4, algorithms 2, 4, 5, 2.A, 2.B) rather than guessed from a
// failed parse.
type encryption struct {
	v, r, bits  int
	o, u        []byte
	p           int32
	id0         []byte
	encMetadata bool
}

var (
	reIntKey  = regexp.MustCompile(`/(V|R|Length|P)\s+(-?\d+)`)
	reStrKey  = regexp.MustCompile(`/(O|U)\s*([<(])`)
	reNoMeta  = regexp.MustCompile(`/EncryptMetadata\s+false`)
	reStdSec  = regexp.MustCompile(`/Filter\s*/Standard\b`)
	reFirstID = regexp.MustCompile(`/ID\s*\[\s*([<(])`)
)

// readEncryption finds and parses the /Encrypt dictionary the last
// trailer (or cross-reference stream) points at. ok is false when there is
// none or it is not the standard security handler.
func readEncryption(data []byte) (e encryption, ok bool) {
	refs := reEncRef.FindAllSubmatchIndex(data, -1)
	if len(refs) == 0 {
		return e, false
	}
	m := refs[len(refs)-1]
	num, gen := data[m[2]:m[3]], data[m[4]:m[5]]
	hdr := regexp.MustCompile(`(?:^|[\r\n\s])` + string(num) + `\s+` + string(gen) + `\s+obj\b`)
	locs := hdr.FindAllIndex(data, -1)
	if len(locs) == 0 {
		return e, false
	}
	body := data[locs[len(locs)-1][1]:]
	if end := bytes.Index(body, []byte("endobj")); end >= 0 {
		body = body[:end]
	}
	if !reStdSec.Match(body) {
		return e, false
	}
	top := topLevel(body)
	e.bits = 40
	for _, km := range reIntKey.FindAllSubmatch(top, -1) {
		n, _ := strconv.Atoi(string(km[2]))
		switch string(km[1]) {
		case "V":
			e.v = n
		case "R":
			e.r = n
		case "Length":
			e.bits = n
		case "P":
			e.p = int32(n)
		}
	}
	for _, sm := range reStrKey.FindAllSubmatchIndex(body, -1) {
		s, _ := pdfString(body[sm[4]:])
		if string(body[sm[2]:sm[3]]) == "O" {
			e.o = s
		} else {
			e.u = s
		}
	}
	e.encMetadata = !reNoMeta.Match(body)
	// The /ID nearest the /Encrypt reference is in the same trailer.
	win := data[max(0, m[0]-2048):min(len(data), m[1]+2048)]
	best := -1
	for _, im := range reFirstID.FindAllSubmatchIndex(win, -1) {
		if best < 0 || abs(im[0]-(m[0]-max(0, m[0]-2048))) < abs(best-(m[0]-max(0, m[0]-2048))) {
			best = im[0]
			e.id0, _ = pdfString(win[im[2]:])
		}
	}
	return e, e.r >= 2 && len(e.u) >= 32
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// topLevel blanks nested dictionaries (/CF << /StdCF << /Length 16 >> >>)
// so that only the dictionary's own keys are matched.
func topLevel(body []byte) []byte {
	out := bytes.Clone(body)
	depth := 0
	for i := 0; i+1 < len(out); i++ {
		switch {
		case out[i] == '<' && out[i+1] == '<':
			depth++
			i++
			continue
		case out[i] == '>' && out[i+1] == '>':
			depth--
			i++
			continue
		}
		if depth > 1 {
			out[i] = ' '
		}
	}
	return out
}

// pdfString decodes the string starting at s ("<hex>" or "(literal)") as
// the content lexer does; false when it is not closed or has bytes that
// are no hex digits.
func pdfString(s []byte) ([]byte, bool) {
	if len(s) == 0 || (s[0] != '<' && s[0] != '(') {
		return nil, false
	}
	l := contentLexer{data: s, pos: 1, bad: -1}
	var str string
	var closed bool
	if s[0] == '<' {
		str, closed = l.hex()
	} else {
		str, closed = l.literal()
	}
	if !closed || l.bad >= 0 {
		return nil, false
	}
	return []byte(str), true
}

var passwordPad = []byte("\x28\xbf\x4e\x5e\x4e\x75\x8a\x41\x64\x00\x4e\x56\xff\xfa\x01\x08\x2e\x2e\x00\xb6\xd0\x68\x3e\x80\x2f\x0c\xa9\xfe\x64\x53\x69\x7a")

// emptyUserPassword reports whether the file opens without a password.
func (e encryption) emptyUserPassword() bool {
	switch {
	case e.r >= 2 && e.r <= 4:
		key := e.rc4Key()
		if e.r == 2 {
			u := make([]byte, 32)
			c, _ := rc4.NewCipher(key)
			c.XORKeyStream(u, passwordPad)
			return bytes.Equal(u, e.u[:32])
		}
		h := md5.New()
		h.Write(passwordPad)
		h.Write(e.id0)
		u := h.Sum(nil)
		for i := 0; i <= 19; i++ {
			k := bytes.Clone(key)
			for j := range k {
				k[j] ^= byte(i)
			}
			c, _ := rc4.NewCipher(k)
			c.XORKeyStream(u, u)
		}
		return bytes.Equal(u, e.u[:16])
	case len(e.u) < 40:
		return true // malformed /U: let the readers decide
	case e.r == 5:
		h := sha256.Sum256(e.u[32:40])
		return bytes.Equal(h[:], e.u[:32])
	case e.r == 6:
		return bytes.Equal(hash2B(nil, e.u[32:40], nil), e.u[:32])
	}
	return true // unknown revision: let the readers decide
}

// rc4Key is algorithm 2 with the empty password.
func (e encryption) rc4Key() []byte {
	n := e.keyBytes()
	h := md5.New()
	h.Write(passwordPad)
	h.Write(e.o)
	var p [4]byte
	binary.LittleEndian.PutUint32(p[:], uint32(e.p))
	h.Write(p[:])
	h.Write(e.id0)
	if e.r >= 4 && !e.encMetadata {
		h.Write([]byte{0xff, 0xff, 0xff, 0xff})
	}
	key := h.Sum(nil)
	if e.r >= 3 {
		for i := 0; i < 50; i++ {
			s := md5.Sum(key[:n])
			key = s[:]
		}
	}
	return key[:n]
}

func (e encryption) keyBytes() int {
	if e.r == 2 {
		return 5
	}
	n := e.bits / 8
	if e.bits <= 16 { // some writers give bytes, not bits
		n = e.bits
	}
	return min(max(n, 5), 16)
}

// shortRC4Key reports a key shorter than 88 bits: the object keys are then
// n+5 bytes (algorithm 1), which ledongthuc/pdf gets wrong (it always uses
// 16), so such files are decrypted by pdfcpu.
func (e encryption) shortRC4Key() bool { return e.r >= 2 && e.r <= 4 && e.keyBytes()+5 < 16 }

// hash2B is algorithm 2.B of PDF 2.0 (revision 6).
func hash2B(pw, salt, udata []byte) []byte {
	h := sha256.New()
	h.Write(pw)
	h.Write(salt)
	h.Write(udata)
	k := h.Sum(nil)
	for round := 0; ; round++ {
		seq := append(append(append([]byte{}, pw...), k...), udata...)
		k1 := bytes.Repeat(seq, 64)
		block, _ := aes.NewCipher(k[:16])
		enc := make([]byte, len(k1))
		cipher.NewCBCEncrypter(block, k[16:32]).CryptBlocks(enc, k1)
		sum := 0
		for _, b := range enc[:16] {
			sum += int(b)
		}
		var hh hash.Hash
		switch sum % 3 {
		case 0:
			hh = sha256.New()
		case 1:
			hh = sha512.New384()
		default:
			hh = sha512.New()
		}
		hh.Write(enc)
		k = hh.Sum(nil)
		if round >= 63 && int(enc[len(enc)-1]) <= round+1-32 {
			break
		}
	}
	return k[:32]
}

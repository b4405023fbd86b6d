package interop

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/plancoder/plancoder/store"
)

// importArchive imports an archive into a new store and returns both.
func importArchive(t *testing.T, data []byte) (*store.Store, *ImportReport) {
	t.Helper()
	a, err := OpenArchive("t.qdpx", data)
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(t)
	rep, err := Import(context.Background(), s, a, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return s, rep
}

func reported(rep *ImportReport, sub string) bool {
	for _, u := range rep.Unmapped {
		if strings.Contains(u, sub) {
			return true
		}
	}
	return false
}

// A second source whose text file is not text.
func withSecondSource(guid string) []byte {
	return []byte(strings.Replace(string(qde("t", "internal://x.txt", [2]string{"0", "5"})), "</Sources>",
		`<TextSource guid="`+guid+`" name="Tweede" plainTextPath="internal://y.txt"><PlainTextSelection guid="aa11bb22-cc33-4d44-8e55-ff6677889911" startPosition="0" endPosition="4"><Coding guid="12345678-9abc-4def-8123-456789abcdff" creatingUser="`+guidUser+`"><CodeRef targetGUID="`+strings.ToLower(guidCode)+`"/></Coding></PlainTextSelection></TextSource></Sources>`, 1))
}

func TestImportBinarySourceRefused(t *testing.T) {
	utf16le := func(s string) []byte {
		out := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(s)) {
			out = append(out, byte(u), byte(u>>8))
		}
		return out
	}
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 200)...)
	latin := bytes.Repeat([]byte{0x80, 0xC3, 0xFF, 0xFE, 'a'}, 300) // invalid UTF-8 throughout, no NUL
	for _, tc := range []struct {
		name       string
		y          []byte
		docs       int
		wantReport string
	}{
		{"NUL bytes", png, 1, `source "Tweede" (internal://y.txt): not text (a NUL byte at byte 8); skipped with its 1 selections`},
		{"invalid UTF-8", latin, 1, "not text (1200 bytes that are not UTF-8)"},
		{"UTF-16 with BOM is text", utf16le("Hallo daar, wereld.\nTweede regel."), 2, ""},
		{"a few stray bytes are text", append([]byte("Hallo wereld, caf\xe9 open.\n"), bytes.Repeat([]byte("Gewone tekst. "), 50)...), 2, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, rep := importArchive(t, makeArchive(t, entry{"project.qde", withSecondSource("11111111-2222-4333-8444-555555555555")},
				entry{"sources/x.txt", []byte("Hallo wereld")}, entry{"sources/y.txt", tc.y}))
			docs, _ := s.Documents()
			if len(docs) != tc.docs {
				t.Errorf("%d documents, want %d", len(docs), tc.docs)
			}
			if tc.wantReport != "" && !reported(rep, tc.wantReport) {
				t.Errorf("not reported %q:\n%s", tc.wantReport, strings.Join(rep.Unmapped, "\n"))
			}
			if tc.docs == 2 {
				text, _ := s.Text(docs[1].ID)
				if docs[0].ID == "tweede" {
					text, _ = s.Text(docs[0].ID)
				}
				if strings.ContainsRune(text, 0) || !strings.Contains(text, "Hallo") {
					t.Errorf("text = %q", text)
				}
			}
		})
	}
}

func TestImportReversedSelectionSkipped(t *testing.T) {
	text := "Eerste regel over vrijwilligers.\nTweede regel over geld en subsidie.\nDerde regel."
	s, rep := importArchive(t, makeArchive(t, entry{"project.qde", qde("t", "internal://x.txt", [2]string{"40", "3"}, [2]string{"0", "10"})},
		entry{"sources/x.txt", []byte(text)}))
	if !reported(rep, "end 3 lies before start 40; skipped with its 1 codings") {
		t.Errorf("reversed selection not reported:\n%s", strings.Join(rep.Unmapped, "\n"))
	}
	cs, _ := s.Codings(store.CodingFilter{})
	if len(cs) != 1 || !strings.HasSuffix(cs[0].Fragment, "/0001") || rep.Codings != 1 {
		t.Errorf("codings = %+v (report %d), want only the forward selection's on fragment 1", cs, rep.Codings)
	}
}

func TestImportDuplicateSourceGUID(t *testing.T) {
	const dup = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d" // the GUID qde gives the first source
	s, rep := importArchive(t, makeArchive(t, entry{"project.qde", withSecondSource(strings.ToUpper(dup))},
		entry{"sources/x.txt", []byte("Hallo wereld")}, entry{"sources/y.txt", []byte("Tweede tekst hier.")}))
	if !reported(rep, `source "Tweede": GUID `+dup+" is used by an earlier source; given the new GUID") {
		t.Errorf("duplicate GUID not reported:\n%s", strings.Join(rep.Unmapped, "\n"))
	}
	docs, _ := s.Documents()
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	g, _ := s.GUIDs([]string{"doc:" + docs[0].ID, "doc:" + docs[1].ID})
	if g["doc:"+docs[0].ID] == g["doc:"+docs[1].ID] {
		t.Errorf("both documents keep GUID %s", g["doc:"+docs[0].ID])
	}
	assertUniqueEntries(t, exportBytes(t, s), 2)

	// A project that holds a duplicate already (an older import) exports
	// each text once, under distinct GUIDs, and keeps them.
	if err := s.SetGUIDs(map[string]string{"doc:" + docs[0].ID: dup, "doc:" + docs[1].ID: dup}); err != nil {
		t.Fatal(err)
	}
	first := exportBytes(t, s)
	assertUniqueEntries(t, first, 2)
	if a, b := selectionGUIDs(t, first), selectionGUIDs(t, exportBytes(t, s)); len(a) != 2 || fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("GUIDs differ between exports: %v %v", a, b)
	}
}

func assertUniqueEntries(t *testing.T, data []byte, sources int) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	n := 0
	for _, f := range zr.File {
		if seen[f.Name] {
			t.Errorf("zip entry %s written twice", f.Name)
		}
		seen[f.Name] = true
		if strings.HasPrefix(f.Name, "sources/") {
			n++
		}
	}
	if n != sources {
		t.Errorf("%d source entries, want %d", n, sources)
	}
}

package interop

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/store"
)

type entry struct {
	name string
	data []byte
}

func makeArchive(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	guidCode = "0B8E6D1C-2F3A-4B5C-9D7E-6F5A4B3C2D1E"
	guidUser = "c0ffee00-1111-4222-8333-444455556666"
)

// qde makes a one-source project whose selections code guidCode.
func qde(origin, path string, sels ...[2]string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t" origin="` + origin + `">
<Users><User guid="` + guidUser + `" name="Ada Lovelace"/></Users>
<CodeBook><Codes><Code guid="{` + guidCode + `}" name="Vrijwilligers" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d" name="Interview 1" plainTextPath="` + path + `">`)
	for i, s := range sels {
		b.WriteString(`<PlainTextSelection guid="aa11bb22-cc33-4d44-8e55-ff66778899` + string(rune('a'+i)) + `0" startPosition="` + s[0] + `" endPosition="` + s[1] + `">
<Coding guid="12345678-9abc-4def-8123-456789abcde` + string(rune('a'+i)) + `" creatingUser="` + guidUser + `"><CodeRef targetGUID="` + strings.ToLower(guidCode) + `"/></Coding></PlainTextSelection>`)
	}
	b.WriteString(`</TextSource></Sources></Project>`)
	return []byte(b.String())
}

// codedTexts imports an archive and returns the texts of the coded fragments.
func codedTexts(t *testing.T, data []byte) ([]string, *ImportReport) {
	t.Helper()
	s, rep := importBytes(t, data)
	cs, err := s.Codings(store.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		f, _ := s.Fragment(c.Fragment)
		if c.Coder != "Ada-Lovelace" || c.Code != "VRIJWILL" {
			t.Errorf("coding %+v: want coder Ada-Lovelace, code VRIJWILL", c)
		}
		out = append(out, f.Text)
	}
	return out, rep
}

// The same three lines, with an emoji before the coded line and CRLF line
// ends; each producer counts the position of line 2 differently.
const crlfText = "\uFEFFEerste regel 😀 hier\r\nTweede regel over vrijwilligers\r\nDerde regel"

func TestImportPositionUnits(t *testing.T) {
	for _, tc := range []struct {
		name, origin string
		sel          [2]string
		unit         Unit
	}{
		{"NVivo: UTF-16 units, CRLF two", "NVivo for Windows 12.6", [2]string{"22", "53"}, UTF16},
		{"ATLAS.ti: code points, CRLF one", "ATLAS.ti for Windows 23.2", [2]string{"20", "51"}, CodePointsCRLF1},
		{"MAXQDA: code points, CRLF one", "MAXQDA 24", [2]string{"20", "51"}, CodePointsCRLF1},
		{"standard: code points", "someTool 1.0", [2]string{"21", "52"}, CodePoints},
		{"unknown producer counting UTF-16", "", [2]string{"22", "53"}, UTF16},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := makeArchive(t, entry{"project.qde", qde(tc.origin, "internal://x.txt", tc.sel)}, entry{"sources/x.txt", []byte(crlfText)})
			got, rep := codedTexts(t, data)
			if rep.Unit != tc.unit {
				t.Errorf("unit = %v, want %v", rep.Unit, tc.unit)
			}
			if len(got) != 1 || got[0] != "Tweede regel over vrijwilligers" {
				t.Errorf("coded %q", got)
			}
			if rep.Exact != 1 {
				t.Errorf("report %+v: want 1 exact selection", rep)
			}
		})
	}
}

// TestImportUnitFromSelections: an unknown producer whose positions only fit
// the text as UTF-16 units.
func TestImportUnitFromSelections(t *testing.T) {
	text := "😀😀😀 abc"
	data := makeArchive(t, entry{"project.qde", qde("", "internal://x.txt", [2]string{"7", "10"})}, entry{"sources/x.txt", []byte(text)})
	got, rep := codedTexts(t, data)
	if rep.Unit != UTF16 || len(got) != 1 || got[0] != "😀😀😀 abc" {
		t.Errorf("unit %v, coded %q", rep.Unit, got)
	}
}

func TestImportSelectionsOverFragments(t *testing.T) {
	text := "Eerste regel\nTweede regel\nDerde regel\n"
	data := makeArchive(t,
		entry{"project.qde", qde("qc", "X.TXT", [2]string{"7", "20"}, [2]string{"3", "5"}, [2]string{"12", "13"}, [2]string{"x", "2"}, [2]string{"30", "99"})},
		entry{"Sources/x.txt", []byte(text)})
	got, rep := codedTexts(t, data)
	want := "Derde regel|Eerste regel|Tweede regel"
	if strings.Join(sortedUnique(got), "|") != want {
		t.Errorf("coded %q, want %s", got, want)
	}
	if rep.Spanning != 1 || rep.Widened < 1 {
		t.Errorf("report %+v: want 1 spanning and widened selections", rep)
	}
	joined := strings.Join(rep.Unmapped, "\n")
	for _, w := range []string{"not numbers", "covers no fragment text", "outside the text"} {
		if !strings.Contains(joined, w) {
			t.Errorf("report lacks %q:\n%s", w, joined)
		}
	}
}

func sortedUnique(xs []string) []string {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	var out []string
	for x := range m {
		out = append(out, x)
	}
	sort.Strings(out)
	return out
}

func TestImportHostile(t *testing.T) {
	good := qde("t", "internal://x.txt", [2]string{"0", "5"})
	for _, tc := range []struct {
		name    string
		data    func() []byte
		wantErr string
		is      error
	}{
		{"not a zip", func() []byte { return []byte("<Project/>") }, "not a REFI-QDA project archive", nil},
		{"no project.qde", func() []byte { return makeArchive(t, entry{"sources/x.txt", []byte("x")}) }, "no project.qde", nil},
		{"two qde", func() []byte {
			return makeArchive(t, entry{"a.qde", good}, entry{"b.qde", good}, entry{"sources/x.txt", []byte("Hallo wereld")})
		}, "several .qde", nil},
		{"malformed XML", func() []byte {
			return makeArchive(t, entry{"project.qde", []byte("<Project name='x'><Users>")}, entry{"sources/x.txt", []byte("Hallo wereld")})
		}, "malformed XML", nil},
		{"wrong root", func() []byte {
			return makeArchive(t, entry{"project.qde", []byte("<CodeBook/>")})
		}, "malformed XML", nil},
		{"missing source", func() []byte { return makeArchive(t, entry{"project.qde", good}) }, "missing from the archive", ErrMissingSources},
		{"zip bomb", func() []byte {
			return makeArchive(t, entry{"project.qde", good}, entry{"sources/x.txt", bytes.Repeat([]byte("a"), 4<<20)})
		}, "too large", ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old := entryLimit
			entryLimit = 1 << 20
			defer func() { entryLimit = old }()
			s := newStore(t)
			var err error
			a, err := OpenArchive("bad.qdpx", tc.data())
			if err == nil {
				_, err = Import(context.Background(), s, a, ImportOptions{})
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("err = %v, want errors.Is %v", err, tc.is)
			}
			if strings.Contains(err.Error(), "--") {
				t.Errorf("err = %v names a flag: the command words the hint", err)
			}
			if docs, _ := s.Documents(); len(docs) > 0 {
				t.Errorf("documents written despite the error: %d", len(docs))
			}
			if codes, _ := s.Codes(); len(codes) > 0 {
				t.Errorf("codes written despite the error: %d", len(codes))
			}
		})
	}
}

func TestImportUnsafeEntriesIgnored(t *testing.T) {
	data := makeArchive(t,
		entry{"project.qde", qde("t", "internal://x.txt", [2]string{"0", "5"})},
		entry{"sources/x.txt", []byte("Hallo wereld")},
		entry{"../../evil.txt", []byte("pwned")},
		entry{"/etc/evil", []byte("pwned")},
		entry{"sources/../../x.txt", []byte("pwned")})
	_, rep := importBytes(t, data)
	n := 0
	for _, u := range rep.Unmapped {
		if strings.Contains(u, "leaves the archive") {
			n++
		}
	}
	if n != 3 {
		t.Errorf("unsafe entries reported: %d, want 3:\n%s", n, strings.Join(rep.Unmapped, "\n"))
	}
}

func TestImportSkipMissing(t *testing.T) {
	x := strings.Replace(string(qde("t", "internal://x.txt", [2]string{"0", "5"})), "</Sources>",
		`<TextSource guid="11111111-2222-4333-8444-555555555555" name="Weg" plainTextPath="internal://gone.txt"/><PictureSource guid="11111111-2222-4333-8444-666666666666" name="Foto"/></Sources>`, 1)
	a, err := OpenArchive("t.qdpx", makeArchive(t, entry{"project.qde", []byte(x)}, entry{"sources/x.txt", []byte("Hallo wereld")}))
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(t)
	rep, err := Import(context.Background(), s, a, ImportOptions{SkipMissing: true})
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(rep.Unmapped, "\n")
	if rep.Documents != 1 || !strings.Contains(joined, `"Weg"`) || !strings.Contains(joined, `PictureSource "Foto"`) {
		t.Errorf("report %+v", rep)
	}
}

func TestPositionsMap(t *testing.T) {
	s := "a😀\r\nb\rc"
	for _, tc := range []struct {
		u     Unit
		len   int
		pos   int // position of "b"
		clean string
	}{
		{CodePoints, 7, 4, "a😀\nb\nc"},
		{CodePointsCRLF1, 6, 3, "a😀\nb\nc"},
		{UTF16, 8, 5, "a😀\nb\nc"},
	} {
		m := mapText(s, tc.u, tc.pos, tc.pos+1)
		if m.length != tc.len || m.clean != tc.clean {
			t.Errorf("%v: length %d clean %q, want %d %q", tc.u, m.length, m.clean, tc.len, tc.clean)
		}
		if bs, be, ok := m.span(tc.pos, tc.pos+1); !ok || m.clean[bs:be] != "b" {
			t.Errorf("%v: span at %d = %q", tc.u, tc.pos, m.clean[bs:be])
		}
	}
}

func TestImportVariablesAndExtras(t *testing.T) {
	x := `<Project xmlns="urn:QDA-XML:project:1:0" name="t" origin="MAXQDA 24">
<Variables><Variable guid="11111111-0000-4000-8000-000000000001" name="Sector" typeOfVariable="Text"/>
<Variable guid="11111111-0000-4000-8000-000000000002" name="Leden" typeOfVariable="Integer"/></Variables>
<Cases><Case guid="11111111-0000-4000-8000-000000000003" name="Vereniging Één">
<VariableValue><VariableRef targetGUID="11111111-0000-4000-8000-000000000002"/><IntegerValue>42</IntegerValue></VariableValue>
<SourceRef targetGUID="11111111-0000-4000-8000-000000000004"/></Case></Cases>
<Sources><TextSource guid="11111111-0000-4000-8000-000000000004" name="Plan A" plainTextPath="internal://a.txt">
<PlainTextSelection guid="11111111-0000-4000-8000-000000000005" startPosition="0" endPosition="4"><Description>opmerking</Description></PlainTextSelection>
<VariableValue><VariableRef targetGUID="11111111-0000-4000-8000-000000000001"/><TextValue>cultuur</TextValue></VariableValue>
</TextSource></Sources>
<Sets><Set guid="11111111-0000-4000-8000-000000000006" name="S"/></Sets></Project>`
	s, rep := importBytes(t, makeArchive(t, entry{"project.qde", []byte(x)}, entry{"sources/a.txt", []byte("Tekst van plan A")}))
	d, err := s.Document("plan-a")
	if err != nil {
		t.Fatal(err)
	}
	o, _ := s.Organisation("vereniging-een")
	if d.Org != "vereniging-een" || d.Attrs["Sector"] != "cultuur" || o.Attrs["Leden"] != "42" || o.Name != "Vereniging Één" {
		t.Errorf("document %+v, organisation %+v", d, o)
	}
	ms, _ := s.Memos(store.MemoFragment, "")
	if len(ms) != 1 || ms[0].Text != "opmerking" {
		t.Errorf("comment memo: %+v", ms)
	}
	if !strings.Contains(strings.Join(rep.Unmapped, "\n"), "1 sets not imported") {
		t.Errorf("report: %v", rep.Unmapped)
	}
}

package interop

import (
	"fmt"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/codebook"
)

func TestCodebookRoundTrip(t *testing.T) {
	cb := codebook.Example()
	g := GUIDs{}
	for _, k := range CodebookKeys(cb.Codes) {
		g[k] = strings.ToUpper(NewTestGUID(k))
	}
	data, err := WriteCodebook(cb.Codes, g)
	if err != nil {
		t.Fatal(err)
	}
	xmllint(t, data, "Codebook.xsd")
	imp, err := ReadCodebook("x.qdc", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Codebook.Codes) != len(cb.Codes) {
		t.Fatalf("%d codes, want %d", len(imp.Codebook.Codes), len(cb.Codes))
	}
	for i, c := range cb.Codes {
		got := imp.Codebook.Codes[i]
		c.Order, got.Order = 0, 0
		c.Colour = strings.ToLower(c.Colour)
		if fmt.Sprint(c) != fmt.Sprint(got) {
			t.Errorf("code %d:\n got %+v\nwant %+v", i, got, c)
		}
		if imp.GUIDs["code:"+c.Key] != NormGUID(g["code:"+c.Key]) {
			t.Errorf("code %s: GUID %s, want %s", c.Key, imp.GUIDs["code:"+c.Key], g["code:"+c.Key])
		}
	}
}

// NewTestGUID makes a fixed GUID per key.
func NewTestGUID(key string) string {
	h := 0
	for _, r := range key {
		h = h*31 + int(r)
	}
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", uint32(h), h&0xffffffffffff)
}

// A codebook as other tools write it: namespace typo, braces, upper-case
// GUIDs, a three-level hierarchy, a codable parent, duplicate names.
const foreignQDC = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="NVivo for Mac">
  <Codes>
    <Code guid="{AAAAAAAA-0000-4000-8000-000000000001}" name="Barrières" isCodable="false">
      <Description>Wat mensen tegenhoudt</Description>
      <Code guid="AAAAAAAA-0000-4000-8000-000000000002" name="Kosten" isCodable="1" color="#E06C75"/>
      <Code guid="AAAAAAAA-0000-4000-8000-000000000003" name="Tijd" isCodable="true">
        <Code guid="AAAAAAAA-0000-4000-8000-000000000004" name="Avonden" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="AAAAAAAA-0000-4000-8000-000000000005" name="Kosten" isCodable="true" color="red"/>
    <Code guid="AAAAAAAA-0000-4000-8000-000000000006" name="Coke::diet Coke" isCodable="true"/>
  </Codes>
  <Sets><Set guid="AAAAAAAA-0000-4000-8000-000000000009" name="S"><MemberCode guid="AAAAAAAA-0000-4000-8000-000000000002"/></Set></Sets>
</CodeBook>`

func TestReadForeignCodebook(t *testing.T) {
	imp, err := ReadCodebook("nvivo.qdc", []byte(foreignQDC), map[string]string{"aaaaaaaa-0000-4000-8000-000000000005": "KOST"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range imp.Codebook.Codes {
		got = append(got, c.Key+"="+c.Name+"@"+c.Group+c.Colour)
	}
	want := "KOSTEN=Kosten@Barrières#e06c75 TIJD=Tijd@Barrières TIJDAVON=Tijd / Avonden@Barrières KOST=Kosten@ COKEDIET=Coke::diet Coke@"
	if strings.Join(got, " ") != want {
		t.Errorf("codes:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if g := imp.Codebook.Groups; len(g) != 1 || g[0].Description != "Wat mensen tegenhoudt" {
		t.Errorf("groups %+v", g)
	}
	notes := strings.Join(imp.Notes, "\n")
	if !strings.Contains(notes, "flattened") || !strings.Contains(notes, `colour "red" dropped`) {
		t.Errorf("notes:\n%s", notes)
	}
	if imp.GUIDs["group:Barrières"] != "aaaaaaaa-0000-4000-8000-000000000001" {
		t.Errorf("group GUID not kept: %v", imp.GUIDs)
	}
}

func TestReadCodebookErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<CodeBook><Codes>", "malformed XML"},
		{`<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>`, "no <Codes><Code>"},
		{`<Project name="x"/>`, "malformed XML"},
	} {
		_, err := ReadCodebook("bad.qdc", []byte(tc.in), nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "bad.qdc") {
			t.Errorf("%s: err = %v, want %q", tc.in, err, tc.want)
		}
	}
}

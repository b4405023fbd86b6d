package synth

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDeterministic(t *testing.T) {
	a := Generate(Options{Orgs: 6, Seed: 42})
	b := Generate(Options{Orgs: 6, Seed: 42})
	if len(a.Files) != len(b.Files) {
		t.Fatalf("file counts differ: %d vs %d", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if a.Files[i].Name != b.Files[i].Name || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Fatalf("file %d (%s) differs between runs", i, a.Files[i].Name)
		}
	}
	for i := range a.Orgs {
		if a.Orgs[i].ID != b.Orgs[i].ID || a.Orgs[i].Name != b.Orgs[i].Name {
			t.Fatalf("org %d differs", i)
		}
	}
}

func TestSeedsDiffer(t *testing.T) {
	a := Generate(Options{Orgs: 4, Seed: 1})
	b := Generate(Options{Orgs: 4, Seed: 2})
	same := len(a.Files) == len(b.Files)
	if same {
		for i := range a.Files {
			if !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
				same = false
				break
			}
		}
	}
	if same {
		t.Fatal("different seeds produced identical corpora")
	}
}

func TestOrgsAndDocuments(t *testing.T) {
	for _, n := range []int{0, 1, 3, 12, 25} {
		c := Generate(Options{Orgs: n, Seed: 7})
		want := n
		if want <= 0 {
			want = 12
		}
		if len(c.Orgs) != want {
			t.Fatalf("Orgs=%d: got %d organisations", n, len(c.Orgs))
		}
		ids := map[string]bool{}
		for _, o := range c.Orgs {
			if o.ID == "" || o.Name == "" || ids[o.ID] {
				t.Fatalf("bad or duplicate org %+v", o)
			}
			ids[o.ID] = true
			for _, k := range []string{"sector", "region", "functions", "size"} {
				if o.Attrs[k] == "" {
					t.Errorf("org %s lacks attribute %s", o.ID, k)
				}
			}
		}
		types := map[string]map[string]int{}
		for _, f := range c.Files {
			if !ids[f.Org] {
				t.Fatalf("file %s has unknown org %q", f.Name, f.Org)
			}
			if !strings.HasPrefix(f.Name, f.Org+"/"+f.Org+"-") {
				t.Errorf("file name %s does not start with org id", f.Name)
			}
			word := map[string]string{TypePlan: "beleidsplan", TypeProgress: "voortgangsrapport", TypeAnnual: "jaarverslag"}[f.Type]
			if word == "" || !strings.Contains(f.Name, word) || !strings.Contains(f.Name, strconv.Itoa(f.Year)) {
				t.Errorf("file name %s does not match type %s / year %d", f.Name, f.Type, f.Year)
			}
			if f.Period != "2021-2025" || f.Title == "" {
				t.Errorf("file %s: bad period/title %q %q", f.Name, f.Period, f.Title)
			}
			if types[f.Org] == nil {
				types[f.Org] = map[string]int{}
			}
			types[f.Org][f.Type]++
		}
		for id := range ids {
			if types[id][TypePlan] != 1 || types[id][TypeProgress] < 1 {
				t.Errorf("org %s: got %v, want one plan and at least one progress report", id, types[id])
			}
		}
	}
}

func TestWriteDir(t *testing.T) {
	c := Generate(Options{Orgs: 5, Seed: 3})
	dir := t.TempDir()
	if err := c.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range c.Files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s: content on disk differs", f.Name)
		}
	}
	m := readCSV(t, filepath.Join(dir, "manifest.csv"))
	if strings.Join(m[0], ",") != "file,org,type,period,year,title" {
		t.Fatalf("manifest header %v", m[0])
	}
	if len(m)-1 != len(c.Files) {
		t.Fatalf("manifest has %d rows, want %d", len(m)-1, len(c.Files))
	}
	for i, row := range m[1:] {
		f := c.Files[i]
		if row[0] != f.Name || row[1] != f.Org || row[2] != f.Type || row[3] != f.Period || row[4] != strconv.Itoa(f.Year) || row[5] != f.Title {
			t.Errorf("manifest row %d = %v does not match %s", i, row, f.Name)
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(row[0]))); err != nil {
			t.Errorf("manifest path %s: %v", row[0], err)
		}
	}
	o := readCSV(t, filepath.Join(dir, "orgs.csv"))
	if strings.Join(o[0], ",") != "id,name,sector,region,functions,size" || len(o)-1 != len(c.Orgs) {
		t.Fatalf("orgs.csv header %v, %d rows", o[0], len(o)-1)
	}
	for i, row := range o[1:] {
		g := c.Orgs[i]
		if row[0] != g.ID || row[1] != g.Name || row[2] != g.Attrs["sector"] || row[3] != g.Attrs["region"] || row[4] != g.Attrs["functions"] || row[5] != g.Attrs["size"] {
			t.Errorf("orgs.csv row %v does not match %+v", row, g)
		}
	}
	// No temporary files left behind.
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".tmp") {
			t.Errorf("leftover temp file %s", p)
		}
		return nil
	})
}

func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}

var (
	reSD = regexp.MustCompile(`(?i)(strategische doelstelling|\bSD ?\d)`)
	reOD = regexp.MustCompile(`(?i)(operationele doelstelling|\bOD ?\d)`)
)

func TestFormats(t *testing.T) {
	c := Generate(Options{Orgs: 12, Seed: 11})
	seen := map[string]int{}
	for _, f := range c.Files {
		ext := f.Name[strings.LastIndexByte(f.Name, '.')+1:]
		seen[ext]++
		if !utf8.Valid(f.Data) && ext != "docx" {
			t.Errorf("%s: invalid UTF-8", f.Name)
		}
		text := string(f.Data)
		switch ext {
		case "docx":
			text = docxText(t, f)
		case "html":
			if !strings.Contains(text, "<html") || !strings.Contains(text, "</html>") || !strings.Contains(text, "<title>") {
				t.Errorf("%s: not a complete HTML document", f.Name)
			}
			text = html.UnescapeString(text)
		case "md", "txt":
		default:
			t.Errorf("%s: unexpected extension", f.Name)
		}
		if !utf8.ValidString(text) {
			t.Errorf("%s: invalid UTF-8 text", f.Name)
		}
		if f.Type == TypePlan {
			if !reSD.MatchString(text) || !reOD.MatchString(text) {
				t.Errorf("%s: plan lacks strategic/operational goal headings", f.Name)
			}
			if n := len(strings.Fields(text)); n < 1500 || n > 6000 {
				t.Errorf("%s: plan has %d words", f.Name, n)
			}
		}
		if f.Type == TypeProgress {
			if n := len(strings.Fields(text)); n < 600 || n > 2500 {
				t.Errorf("%s: progress report has %d words", f.Name, n)
			}
		}
	}
	for _, ext := range []string{"md", "txt", "html", "docx"} {
		if seen[ext] == 0 {
			t.Errorf("no .%s files in a 12-org corpus (%v)", ext, seen)
		}
	}
}

// docxText checks the DOCX package and returns its visible text.
func docxText(t *testing.T, f File) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
	if err != nil {
		t.Fatalf("%s: not a zip: %v", f.Name, err)
	}
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[zf.Name] = b
	}
	for _, p := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/numbering.xml", "word/_rels/document.xml.rels", "docProps/app.xml", "docProps/core.xml"} {
		b, ok := parts[p]
		if !ok {
			t.Errorf("%s: missing part %s", f.Name, p)
			continue
		}
		if err := xmlWellFormed(b); err != nil {
			t.Errorf("%s: %s is not well-formed XML: %v", f.Name, p, err)
		}
	}
	if !bytes.Contains(parts["word/styles.xml"], []byte(`w:val="heading 1"`)) || !bytes.Contains(parts["docProps/app.xml"], []byte("<Pages>")) {
		t.Errorf("%s: missing heading styles or page count", f.Name)
	}
	var sb strings.Builder
	dec := xml.NewDecoder(bytes.NewReader(parts["word/document.xml"]))
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: document.xml: %v", f.Name, err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			inText = x.Name.Local == "t"
		case xml.EndElement:
			if x.Name.Local == "p" {
				sb.WriteString("\n\n")
			}
			inText = false
		case xml.CharData:
			if inText {
				sb.Write(x)
			}
		}
	}
	return sb.String()
}

func xmlWellFormed(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

var reTag = regexp.MustCompile(`<[^>]+>`)

// paragraphs splits a rendered file into paragraphs of running text.
func paragraphs(t *testing.T, f File) []string {
	ext := f.Name[strings.LastIndexByte(f.Name, '.')+1:]
	var text string
	switch ext {
	case "docx":
		text = docxText(t, f)
	case "html":
		s := strings.ReplaceAll(string(f.Data), "</p>", "\n\n")
		text = html.UnescapeString(reTag.ReplaceAllString(s, ""))
	case "txt":
		text = strings.ReplaceAll(string(f.Data), "\f", "")
	default:
		text = string(f.Data)
	}
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		p = strings.Join(strings.Fields(p), " ")
		if strings.HasPrefix(p, "- ") || strings.HasPrefix(p, "• ") || strings.HasPrefix(p, "|") {
			continue
		}
		out = append(out, p)
	}
	return out
}

func TestDuplicateParagraphs(t *testing.T) {
	c := Generate(Options{Orgs: 12, Seed: 5})
	count := map[string]int{}
	total := 0
	for _, f := range c.Files {
		for _, p := range paragraphs(t, f) {
			if len(strings.Fields(p)) >= 20 {
				count[p]++
				total++
			}
		}
	}
	dup := 0
	for _, n := range count {
		if n > 1 {
			dup += n
		}
	}
	frac := float64(dup) / float64(total)
	t.Logf("%d long paragraphs, %d in duplicate groups (%.2f%%)", total, dup, 100*frac)
	if total < 500 {
		t.Errorf("only %d long paragraphs", total)
	}
	if frac >= 0.05 {
		t.Errorf("duplicate paragraph fraction %.3f >= 0.05", frac)
	}
}

func TestTextPaging(t *testing.T) {
	d := &document{title: "t"}
	for i := 0; i < 60; i++ {
		d.h(2, "Kop "+strconv.Itoa(i))
		d.p(strings.Repeat("woord ", 40))
	}
	out := string(renderText(d, txtStyle{wrap: 60, page: 45}))
	pages := strings.Split(out, "\f")
	if len(pages) < 3 {
		t.Fatalf("expected several pages, got %d", len(pages))
	}
	for _, pg := range pages {
		if n := strings.Count(pg, "\n"); n > 60 {
			t.Errorf("page with %d lines", n)
		}
	}
	if strings.Contains(out, "woord\n\fwoord") || strings.Contains(out, "woord \fwoord") {
		t.Error("form feed inside a paragraph")
	}
}

func TestXMLEscape(t *testing.T) {
	d := &document{title: `A & B <c> "d"`}
	d.h(1, `Kop & <zo>`)
	d.p("Tekst met & en < en > en \x01 controleteken")
	d.list([]string{"x & y"})
	d.table([][]string{{"a", "b"}, {"<1>", "€ 2"}})
	f := File{Name: "x.docx", Data: renderDOCX(d, "Org & co", 2022)}
	txt := docxText(t, f)
	if !strings.Contains(txt, "Kop & <zo>") || !strings.Contains(txt, "€ 2") {
		t.Errorf("escaped text not round-tripped: %q", txt)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(Options{Orgs: 12, Seed: int64(1)})
	}
}

package csvfile

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

func utf16le(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func utf16be(s string) []byte {
	b := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

func TestRead(t *testing.T) {
	want := [][]string{{"koepel", "Koepel Créatief"}, {"socius", "Socius"}}
	for _, tc := range []struct {
		name  string
		data  []byte
		comma rune
		enc   string
	}{
		{"comma LF", []byte("id,name\nkoepel,Koepel Créatief\nsocius,Socius\n"), ',', UTF8},
		{"semicolon CRLF BOM (Excel CSV UTF-8)", []byte("\ufeffid;name\r\nkoepel;Koepel Créatief\r\nsocius;Socius\r\n"), ';', UTF8},
		{"tab", []byte("id\tname\nkoepel\tKoepel Créatief\nsocius\tSocius"), '\t', UTF8},
		{"Windows-1252 semicolon CRLF (Excel CSV)", []byte("id;name\r\nkoepel;Koepel Cr\xe9atief\r\nsocius;Socius\r\n"), ';', Windows1252},
		{"old Mac CR", []byte("id;name\rkoepel;Koepel Créatief\rsocius;Socius\r"), ';', UTF8},
		{"UTF-16LE with BOM (Excel Unicode text)", utf16le("id\tname\r\nkoepel\tKoepel Créatief\r\nsocius\tSocius\r\n", true), '\t', UTF16LE},
		{"UTF-16BE with BOM", utf16be("id;name\nkoepel;Koepel Créatief\nsocius;Socius\n"), ';', UTF16BE},
		{"quoted separators and blank rows", []byte("\"id\";\"name\"\n\n\"koepel\";\"Koepel Créatief\"\n;\nsocius;Socius\n"), ';', UTF8},
		{"a comma inside a semicolon file", []byte("id;name\nkoepel;Koepel Créatief\nsocius;Socius\n"), ';', UTF8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := Read("orgs.csv", tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if tb.Comma != tc.comma || tb.Encoding != tc.enc {
				t.Errorf("comma %q encoding %s, want %q %s", tb.Comma, tb.Encoding, tc.comma, tc.enc)
			}
			if !reflect.DeepEqual(tb.Header, []string{"id", "name"}) {
				t.Errorf("header %q", tb.Header)
			}
			var got [][]string
			for _, r := range tb.Rows {
				got = append(got, r.Fields)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("rows %q, want %q", got, want)
			}
		})
	}
}

func TestReadLines(t *testing.T) {
	tb, err := Read("m.csv", []byte("file;title\r\n\r\na.txt;\"twee\r\nregels\"\r\nb.txt;b\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Rows) != 2 || tb.Rows[0].Line != 3 || tb.Rows[1].Line != 5 || tb.Rows[0].Fields[1] != "twee\nregels" {
		t.Errorf("rows %+v", tb.Rows)
	}
	if c := tb.Column(" TITLE "); c != 1 {
		t.Errorf("Column(TITLE) = %d", c)
	}
	e := tb.Errorf(5, 1, "bad %s", "x")
	if e.Error() != "m.csv:5: column 2 (title): bad x" {
		t.Errorf("Errorf: %s", e)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		want       string
		line, col  int
	}{
		{"empty", "", "orgs.csv: empty file", 0, 0},
		{"blank lines only", "\r\n \r\n", "orgs.csv: empty file", 0, 0},
		{"stray quote in column 3", "id;name;sector\nsocius;Socius;steun\"punt\n", `orgs.csv:2: column 3 (sector): bare " in non-quoted-field`, 2, 3},
		{"unclosed quote", "id,name\nsocius,\"Socius\n", `orgs.csv:2: column 2 (name): extraneous or missing " in quoted-field`, 2, 2},
		{"NUL without BOM", "i\x00d\x00", "holds NUL bytes", 0, 0},
		{"bad UTF-8 after a BOM", "\ufeffid\n\xff\n", "not valid UTF-8", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("orgs.csv", []byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			var e *Error
			if tc.line > 0 && (!errors.As(err, &e) || e.Line != tc.line || (tc.col > 0 && e.Column != tc.col)) {
				t.Errorf("error %#v, want line %d column %d", e, tc.line, tc.col)
			}
		})
	}
}

// TestDecode1252 checks the hand-written table against x/text's.
func TestDecode1252(t *testing.T) {
	for b := 0; b < 256; b++ {
		got := decode1252([]byte{byte(b)})
		want, _ := charmap.Windows1252.NewDecoder().Bytes([]byte{byte(b)})
		if b >= 0x80 && b < 0xA0 && string(want) == "\ufffd" {
			continue // unassigned: we keep the control character
		}
		if got != string(want) {
			t.Errorf("byte %#x: %q, want %q", b, got, want)
		}
	}
}

func TestSniff(t *testing.T) {
	for text, want := range map[string]rune{
		"id":                    ',',
		"id,name":               ',',
		"id;name":               ';',
		"id\tname":              '\t',
		"\"a;b\",c":             ',',
		"\n\nkey;name;group,x":  ';',
		"key,name;group":        ',', // a tie stays a comma
		"key\tname\tgroup\tx;y": '\t',
	} {
		if got := Sniff(text); got != want {
			t.Errorf("Sniff(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestWriter(t *testing.T) {
	rows := [][]string{{"org", "share", "n", "name"}, {"koepel", "0.25", "12", "Koepel Créatief; vzw"}, {"x", "-1.5", "2021-2025", "3.1"}, {"y", "", "1.5", ""}}
	var plain, excel bytes.Buffer
	if err := NewWriter(&plain, false).WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := NewWriter(&excel, true).WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if want := "org,share,n,name\nkoepel,0.25,12,Koepel Créatief; vzw\nx,-1.5,2021-2025,3.1\ny,,1.5,\n"; plain.String() != want {
		t.Errorf("plain:\n%q\nwant\n%q", plain.String(), want)
	}
	// Only the column of numbers gets decimal commas: "3.1" in a text
	// column and 1.5 in a column with "2021-2025" stay.
	if want := "\ufefforg;share;n;name\r\nkoepel;0,25;12;\"Koepel Créatief; vzw\"\r\nx;-1,5;2021-2025;3.1\r\ny;;1.5;\r\n"; excel.String() != want {
		t.Errorf("excel:\n%q\nwant\n%q", excel.String(), want)
	}
	// What the Excel form writes, Read reads back.
	tb, err := Read("x.csv", excel.Bytes())
	if err != nil || tb.Comma != ';' || tb.Rows[0].Fields[3] != "Koepel Créatief; vzw" {
		t.Errorf("read back: %v %+v", err, tb)
	}
}

func TestToExcel(t *testing.T) {
	var b bytes.Buffer
	if err := ToExcel(&b, []byte("a,b\n\"x;y\",0.5\n")); err != nil {
		t.Fatal(err)
	}
	if want := "\ufeffa;b\r\n\"x;y\";0,5\r\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

package codebook

import "testing"

// TestParseCSVEncodings: a codebook saved by Excel as "CSV" (Windows-1252,
// semicolons, CRLF) or as Unicode text (UTF-16 with a BOM, tabs) reads
// with its accents right (issue 15).
func TestParseCSVEncodings(t *testing.T) {
	for name, data := range map[string][]byte{
		"1252.csv":  []byte("key;name;group\r\nFIN;Financi\xebn;Zakelijk\r\n"),
		"utf16.csv": {0xFF, 0xFE, 'k', 0, 'e', 0, 'y', 0, '\t', 0, 'n', 0, 'a', 0, 'm', 0, 'e', 0, '\t', 0, 'g', 0, 'r', 0, 'o', 0, 'u', 0, 'p', 0, '\r', 0, '\n', 0, 'F', 0, 'I', 0, 'N', 0, '\t', 0, 'F', 0, 'i', 0, 'n', 0, 'a', 0, 'n', 0, 'c', 0, 'i', 0, 0xEB, 0, 'n', 0, '\t', 0, 'Z', 0, 'a', 0, 'k', 0, 'e', 0, 'l', 0, 'i', 0, 'j', 0, 'k', 0},
	} {
		cb, err := ParseCSV(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(cb.Codes) != 1 || cb.Codes[0].Name != "Financiën" || cb.Codes[0].Group != "Zakelijk" {
			t.Errorf("%s: %+v", name, cb.Codes)
		}
	}
	if _, err := ParseCSV("nul.csv", []byte("key,name\x00\n")); err == nil {
		t.Error("a NUL byte accepted")
	}
}

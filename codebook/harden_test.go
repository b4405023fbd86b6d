package codebook

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/store"
)

// TestControlCharactersRefused is issue 11 finding 8: names and fields with
// control characters were accepted and printed raw. Each is refused with
// its line and field, and the message shows the value escaped.
func TestControlCharactersRefused(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"code name", "codes:\n  - key: A\n    name: \"a" + `\e[2J` + "\"\n",
			`c.yaml:3: code A: field name: "a\x1b[2J" has a control character (U+001B) at byte 1`},
		{"description", "codes:\n  - key: A\n    name: a\n    description: \"ok\\nthen" + `\a` + "\"\n",
			`c.yaml:4: code A: field description: "ok\nthen\a" has a control character (U+0007) at byte 7`},
		{"newline in name", "codes:\n  - key: A\n    name: \"a\\nb\"\n",
			`c.yaml:3: code A: field name: "a\nb" has a control character (U+000A) at byte 1`},
		{"group of a code", "codes:\n  - key: A\n    name: a\n    group: \"g" + `\e` + "\"\n",
			`c.yaml:4: code A: field group: "g\x1b" has a control character (U+001B)`},
		{"group key", "groups:\n  - key: \"g" + `\e` + "\"\ncodes:\n  - key: A\n    name: a\n",
			`c.yaml:2: group "g\x1b": field key: "g\x1b" has a control character (U+001B)`},
		{"group description", "groups:\n  - key: g\n    description: \"x" + `\x00` + "\"\ncodes:\n  - key: A\n    name: a\n",
			`c.yaml:3: group g: field description: "x\x00" has a control character (U+0000)`},
		{"codebook name", "name: \"t" + `\e` + "\"\ncodes:\n  - key: A\n    name: a\n",
			`c.yaml:1: field name: "t\x1b" has a control character (U+001B)`},
		{"line separator", "codes:\n  - key: A\n    name: \"a\u2028b\"\n",
			`c.yaml:3: code A: field name: "a\u2028b" has a control character (U+2028)`},
		{"unknown field name", "codes:\n  - key: A\n    name: a\n    \"x" + `\e` + "\": 1\n",
			`c.yaml:4: code A: field "x\x1b": unknown field`},
		{"control shortcut", "codes:\n  - key: A\n    name: a\n    shortcut: \"" + `\t` + "\"\n",
			`c.yaml:4: code A: field shortcut: "\t" is not a printable character`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cb, err := Parse("c.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatalf("accepted: %+v", cb.Codes)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error\n%s\nwant it to contain\n%s", msg, tt.want)
			}
			if strings.ContainsAny(msg, "\x1b\x07\x00\t\u2028") {
				t.Errorf("error prints a control character raw: %q", msg)
			}
		})
	}
}

func TestControlCharactersRefusedCSV(t *testing.T) {
	_, err := Parse("c.csv", []byte("key,name,description\nA,ok,fine\nB,\"b\x1b]0;pwned\x07\",x\n"))
	want := `c.csv:3: code B: field name: "b\x1b]0;pwned\a" has a control character (U+001B) at byte 1`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want %s", err, want)
	}
	if strings.ContainsAny(err.Error(), "\x1b\x07") {
		t.Errorf("raw control character in %q", err)
	}
}

// TestValuesQuotedShort: a value in a message is quoted and cut to 60
// characters, however long it is in the file.
func TestValuesQuotedShort(t *testing.T) {
	long := strings.Repeat("x", 5000)
	for _, tt := range []struct{ name, yaml string }{
		{"key", "codes:\n  - key: " + long + "\n    name: a\n"},
		{"group", "groups:\n  - key: g\ncodes:\n  - key: A\n    name: a\n    group: " + long + "\n"},
		{"colour", "codes:\n  - key: A\n    name: a\n    colour: " + long + "\n"},
		{"shortcut", "codes:\n  - key: A\n    name: a\n    shortcut: " + long + "\n"},
		{"not a mapping", long + "\n"},
		{"code not text", "codes:\n  - key: A\n    name: a\n    include: [" + long + "]\n"},
		{"duplicate group", "groups:\n  - key: " + long + "\n  - key: " + long + "\ncodes:\n  - key: A\n    name: a\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("accepted")
			}
			if n := len(err.Error()); n > 600 || strings.Contains(err.Error(), strings.Repeat("x", 61)) {
				t.Errorf("message of %d bytes echoes the value:\n%.300s", n, err.Error())
			}
		})
	}
	var many strings.Builder
	many.WriteString("groups:\n")
	for i := range 2000 {
		fmt.Fprintf(&many, "  - key: g%d\n", i)
	}
	many.WriteString("codes:\n  - key: A\n    name: a\n    group: nope\n")
	if _, err := Parse("c.yaml", []byte(many.String())); err == nil || len(err.Error()) > 300 {
		t.Errorf("unknown group among 2000: %d bytes: %.300v", len(fmtErr(err)), err)
	}
	_, err := Parse("c.csv", []byte("key,name,"+long+"\nA,a,b\n"))
	if err == nil || strings.Contains(err.Error(), strings.Repeat("x", 61)) {
		t.Errorf("CSV unknown column: %.300v", err)
	}
}

// TestFileSizeCapped: a huge file is refused before it is parsed, with a
// short message, instead of being parsed and echoed whole.
func TestFileSizeCapped(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	// 50 MB of invalid YAML: one scalar, a codebook that is not a mapping.
	data := bytes.Repeat([]byte("nonsense "), 50<<20/9)
	if err := os.WriteFile(big, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(big)
	if err == nil || !strings.Contains(err.Error(), "larger than 8 MiB") || len(err.Error()) > 300 {
		t.Fatalf("ReadFile of 50 MB: %.300v", err)
	}
	for _, name := range []string{"big.yaml", "big.csv"} {
		if _, err := Parse(name, data); err == nil || !strings.Contains(err.Error(), "larger than 8 MiB") {
			t.Errorf("Parse %s of 50 MB: %.300v", name, err)
		}
	}
	// Just under the cap, the invalid file is parsed and the message stays short.
	under := data[:MaxFileSize-1]
	_, err = Parse("under.yaml", under)
	if err == nil || len(err.Error()) > 300 {
		t.Errorf("Parse just under the cap: %d bytes of error: %.300v", len(err.Error()), err)
	}
	small := filepath.Join(dir, "small.yaml")
	if err := os.WriteFile(small, []byte("codes:\n  - key: A\n    name: a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(small); err != nil || len(b) == 0 {
		t.Errorf("ReadFile small: %v", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "none.yaml")); err == nil || !strings.Contains(err.Error(), "none.yaml") {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
}

// TestValidateAgreesWithStore: whatever codebook validation accepts, the
// store accepts too (one set of rules).
func TestValidateAgreesWithStore(t *testing.T) {
	for _, c := range Example().Codes {
		if err := store.ValidateCode(c); err != nil {
			t.Errorf("example code refused by the store: %v", err)
		}
	}
	for _, sc := range []string{"s", "=", "+", "-", "j", "é", "\t", "ab"} {
		cb := FromCodes([]store.Code{{Key: "A", Name: "a", Shortcut: sc}})
		cbErr := cb.Validate()
		stErr := store.ValidateCode(cb.Codes[0])
		if (len(cbErr) == 0) != (stErr == nil) {
			t.Errorf("shortcut %q: codebook says %v, store says %v", sc, cbErr, stErr)
		}
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

package codebook

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/plancoder/plancoder/store"
)

// same reports whether two codebooks have the same exported content.
func same(a, b *Codebook) bool {
	return a.Name == b.Name && reflect.DeepEqual(a.Groups, b.Groups) && reflect.DeepEqual(a.Codes, b.Codes)
}

// errorLines returns the lines of err, failing the test unless err is an
// Errors list.
func errorLines(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error is %T, not Errors: %v", err, err)
	}
	return strings.Split(errs.Error(), "\n")
}

// checkPrefixes asserts that the lines of err start with want, in order.
func checkPrefixes(t *testing.T, err error, want []string) {
	t.Helper()
	got := errorLines(t, err)
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d:\n got  %s\n want %s...", i+1, got[i], want[i])
		}
	}
}

func TestExample(t *testing.T) {
	cb := Example()
	if errs := cb.Validate(); errs != nil {
		t.Fatalf("example invalid:\n%v", errs)
	}
	if n := len(cb.Codes); n < 25 || n > 35 {
		t.Errorf("example has %d codes, want 25 to 35", n)
	}
	if cb.Name == "" {
		t.Error("example has no name")
	}
	shortcuts := map[string]string{}
	colours := map[string]string{}
	used := map[string]bool{}
	for i, c := range cb.Codes {
		if c.Order != i {
			t.Errorf("%s: Order %d, want %d", c.Key, c.Order, i)
		}
		if len(c.Key) > 8 {
			t.Errorf("%s: key longer than 8 characters", c.Key)
		}
		for field, v := range map[string]string{"name": c.Name, "group": c.Group, "description": c.Description,
			"include": c.Include, "exclude": c.Exclude, "example": c.Example, "colour": c.Colour, "shortcut": c.Shortcut} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %s is empty", c.Key, field)
			}
		}
		if other, ok := shortcuts[c.Shortcut]; ok {
			t.Errorf("%s and %s share shortcut %q", other, c.Key, c.Shortcut)
		}
		shortcuts[c.Shortcut] = c.Key
		if other, ok := colours[strings.ToLower(c.Colour)]; ok {
			t.Errorf("%s and %s share colour %s", other, c.Key, c.Colour)
		}
		colours[strings.ToLower(c.Colour)] = c.Key
		used[c.Group] = true
	}
	for _, g := range cb.Groups {
		if !used[g.Key] {
			t.Errorf("group %s has no codes", g.Key)
		}
		if g.Name == "" || g.Description == "" {
			t.Errorf("group %s lacks a name or description", g.Key)
		}
	}
	// The text and the parsed form agree, and each call gives a new copy.
	fromText, err := Parse("example.yaml", ExampleYAML())
	if err != nil {
		t.Fatal(err)
	}
	if !same(fromText, cb) {
		t.Error("ExampleYAML and Example differ")
	}
	cb.Codes[0].Name = "changed"
	ExampleYAML()[0] = 'X'
	if Example().Codes[0].Name == "changed" || ExampleYAML()[0] == 'X' {
		t.Error("Example or ExampleYAML returns shared data")
	}
}

func TestYAMLRoundTrip(t *testing.T) {
	multiline := &Codebook{
		Codes: []store.Code{
			{Key: "A", Name: "Één: twee", Group: "x", Description: "line one\nline two\n", Example: "\"quoted\" # not a comment", Colour: "#ABC", Shortcut: "1"},
			{Key: "B-2", Name: "yes", Group: "y", Include: "- dash", Exclude: "null", Shortcut: "y"},
			{Key: "C_3", Name: "123", Shortcut: "é"},
		},
	}
	for name, cb := range map[string]*Codebook{"example": Example(), "special": multiline} {
		t.Run(name, func(t *testing.T) {
			for i := range cb.Codes {
				cb.Codes[i].Order = i
			}
			if len(cb.Groups) == 0 {
				cb.Groups = inferGroups(cb.Codes)
			}
			data, err := cb.YAML()
			if err != nil {
				t.Fatal(err)
			}
			back, err := Parse("round.yaml", data)
			if err != nil {
				t.Fatalf("%v\n%s", err, data)
			}
			if !same(back, cb) {
				t.Errorf("round trip differs:\n got  %+v\n want %+v", back, cb)
			}
			again, err := back.YAML()
			if err != nil {
				t.Fatal(err)
			}
			if string(again) != string(data) {
				t.Error("second YAML differs from the first")
			}
		})
	}
}

func TestCSVRoundTrip(t *testing.T) {
	special := FromCodes([]store.Code{
		{Key: "A", Name: "Komma, en; puntkomma", Group: "g1", Description: "two\nlines", Example: `"quoted"`, Colour: "#abc", Shortcut: "a"},
		{Key: "B", Name: "Bee", Group: "g2", Shortcut: "b"},
		{Key: "C", Name: "Cee", Group: "g1"},
	})
	for name, cb := range map[string]*Codebook{"example": Example(), "special": special} {
		t.Run(name, func(t *testing.T) {
			data, err := cb.CSV()
			if err != nil {
				t.Fatal(err)
			}
			back, err := Parse("round.csv", data)
			if err != nil {
				t.Fatalf("%v\n%s", err, data)
			}
			if !reflect.DeepEqual(back.Codes, cb.Codes) {
				t.Errorf("codes differ:\n got  %+v\n want %+v", back.Codes, cb.Codes)
			}
			var gotKeys, wantKeys []string
			for _, g := range back.Groups {
				gotKeys = append(gotKeys, g.Key)
				if g.Name != g.Key {
					t.Errorf("inferred group %s named %q", g.Key, g.Name)
				}
			}
			for _, g := range cb.Groups {
				wantKeys = append(wantKeys, g.Key)
			}
			if !reflect.DeepEqual(gotKeys, wantKeys) {
				t.Errorf("groups %v, want %v", gotKeys, wantKeys)
			}
		})
	}
}

func TestValidateYAML(t *testing.T) {
	const groups = "groups:\n  - key: g1\n    name: G1\n  - key: g2\n"
	tests := []struct {
		name string
		yaml string
		want []string // prefixes of the problems, in order
	}{
		{"valid", "codes:\n  - key: A\n    name: a\n", nil},
		{"empty key", "codes:\n  - key: A\n    name: a\n  - key: \"\"\n    name: b\n",
			[]string{`c.yaml:4: code #2: field key: is empty`}},
		{"missing key", "codes:\n  - key: A\n    name: a\n  - name: b\n",
			[]string{`c.yaml:4: code #2: field key: is empty`}},
		{"lowercase key", "codes:\n  - key: A\n    name: a\n  - name: b\n    key: fin\n",
			[]string{`c.yaml:5: code fin: field key: "fin" is not a valid key`}},
		{"key with space", "codes:\n  - key: A B\n    name: a\n",
			[]string{`c.yaml:2: code A B: field key: "A B" is not a valid key`}},
		{"key starting with digit", "codes:\n  - key: 1A\n    name: a\n",
			[]string{`c.yaml:2: code 1A: field key: "1A" is not a valid key`}},
		{"key too long", "codes:\n  - key: ABCDEFGHIJKLMNOPQRSTU\n    name: a\n",
			[]string{`c.yaml:2: code ABCDEFGHIJKLMNOPQRSTU: field key: "ABCDEFGHIJKLMNOPQRSTU" is not a valid key`}},
		{"duplicate key", "codes:\n  - key: A\n    name: a\n  - key: B\n    name: b\n  - name: c\n    key: A\n",
			[]string{`c.yaml:7: code A: field key: used twice (also on line 2)`}},
		{"empty name", "codes:\n  - key: A\n    name: \"  \"\n",
			[]string{`c.yaml:3: code A: field name: is empty`}},
		{"missing name", "codes:\n  - key: A\n    group: x\n",
			[]string{`c.yaml:2: code A: field name: is empty`}},
		{"unknown group", groups + "codes:\n  - key: A\n    name: a\n    group: g3\n",
			[]string{`c.yaml:8: code A: field group: unknown group "g3" (groups: g1, g2)`}},
		{"known group", groups + "codes:\n  - key: A\n    name: a\n    group: g2\n", nil},
		{"any group without declared groups", "codes:\n  - key: A\n    name: a\n    group: whatever\n", nil},
		{"duplicate group key", groups + "  - key: g1\n    name: again\ncodes:\n  - key: A\n    name: a\n",
			[]string{`c.yaml:5: group g1: field key: "g1" used twice (also on line 2)`}},
		{"empty group key", "groups:\n  - name: nameless\ncodes:\n  - key: A\n    name: a\n",
			[]string{`c.yaml:2: group #1: field key: is empty`}},
		{"duplicate shortcut", "codes:\n  - key: VRIJ\n    name: a\n    shortcut: f\n  - key: FIN\n    name: b\n    shortcut: f\n",
			[]string{`c.yaml:7: code FIN: field shortcut: "f" used twice (also by VRIJ on line 4)`}},
		{"shortcut too long", "codes:\n  - key: A\n    name: a\n    shortcut: ab\n",
			[]string{`c.yaml:4: code A: field shortcut: "ab" must be exactly one character`}},
		{"one non-ASCII character", "codes:\n  - key: A\n    name: a\n    shortcut: é\n", nil},
		{"reserved j", "codes:\n  - key: A\n    name: a\n    shortcut: j\n",
			[]string{`c.yaml:4: code A: field shortcut: "j" is reserved by the coding screen`}},
		{"reserved G", "codes:\n  - key: A\n    name: a\n    shortcut: G\n",
			[]string{`c.yaml:4: code A: field shortcut: "G" is reserved by the coding screen`}},
		{"reserved slash", "codes:\n  - key: A\n    name: a\n    shortcut: /\n",
			[]string{`c.yaml:4: code A: field shortcut: "/" is reserved by the coding screen`}},
		{"reserved space", "codes:\n  - key: A\n    name: a\n    shortcut: \" \"\n",
			[]string{`c.yaml:4: code A: field shortcut: space is reserved by the coding screen`}},
		{"bad colour", "codes:\n  - key: A\n    name: a\n    colour: red\n",
			[]string{`c.yaml:4: code A: field colour: "red" is not a colour`}},
		{"five-digit colour", "codes:\n  - key: A\n    name: a\n    colour: \"#12345\"\n",
			[]string{`c.yaml:4: code A: field colour: "#12345" is not a colour`}},
		{"short colour", "codes:\n  - key: A\n    name: a\n    colour: \"#AbC\"\n", nil},
		{"every problem reported", groups + "codes:\n  - key: a\n    name: \"\"\n    group: nope\n    colour: blue\n    shortcut: q\n  - key: a\n    name: b\n    shortcut: q\n",
			[]string{
				`c.yaml:6: code a: field key: "a" is not a valid key`,
				`c.yaml:7: code a: field name: is empty`,
				`c.yaml:8: code a: field group: unknown group "nope"`,
				`c.yaml:9: code a: field colour: "blue" is not a colour`,
				`c.yaml:10: code a: field shortcut: "q" is reserved by the coding screen`,
				`c.yaml:11: code a: field key: "a" is not a valid key`,
				`c.yaml:11: code a: field key: used twice (also on line 6)`,
				`c.yaml:13: code a: field shortcut: "q" is reserved by the coding screen`,
				`c.yaml:13: code a: field shortcut: "q" used twice (also by a on line 10)`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cb, err := Parse("c.yaml", []byte(tt.yaml))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error:\n%v", err)
				}
				if cb == nil || len(cb.Codes) == 0 {
					t.Fatal("no codebook")
				}
				return
			}
			if cb != nil {
				t.Error("codebook returned with an error")
			}
			checkPrefixes(t, err, tt.want)
		})
	}
}

func TestYAMLStructure(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{"unknown code field", "codes:\n  - key: A\n    name: a\n    colur: \"#fff\"\n",
			[]string{`c.yaml:4: code A: field colur: unknown field (known fields: key, name, group, description, include, exclude, example, colour, shortcut)`}},
		{"order is not a field", "codes:\n  - key: A\n    name: a\n    order: 3\n",
			[]string{`c.yaml:4: code A: field order: unknown field`}},
		{"unknown top-level field", "titel: x\ncodes:\n  - key: A\n    name: a\n",
			[]string{`c.yaml:1: field titel: unknown field (known fields: name, groups, codes)`}},
		{"unknown group field", "groups:\n  - key: g\n    omschrijving: x\ncodes:\n  - key: A\n    name: a\n",
			[]string{`c.yaml:3: group g: field omschrijving: unknown field`}},
		{"repeated field", "codes:\n  - key: A\n    name: a\n    name: b\n",
			[]string{`c.yaml:4: code A: field name: given twice (also on line 3)`}},
		{"list as text", "codes:\n  - key: A\n    name: a\n    include:\n      - one\n      - two\n",
			[]string{`c.yaml:4: code A: field include: must be text, not a list`}},
		{"code not a mapping", "codes:\n  - key: A\n    name: a\n  - B\n",
			[]string{`c.yaml:4: code #2: must be a mapping of fields`}},
		{"codes not a list", "codes: A\n",
			[]string{`c.yaml:1: field codes: must be a list of codes`}},
		{"no codes field", "name: x\n",
			[]string{`c.yaml:1: field codes: missing`}},
		{"empty codes", "name: x\ncodes: []\n",
			[]string{`c.yaml:2: field codes: empty`}},
		{"top level a list", "- key: A\n",
			[]string{`c.yaml:1: a codebook is a mapping`}},
		{"empty file", "# only a comment\n",
			[]string{`c.yaml: empty file`}},
		{"two documents", "codes:\n  - key: A\n    name: a\n---\ncodes: []\n",
			[]string{`c.yaml:4: more than one YAML document`}},
		{"unknown field and invalid value together", "codes:\n  - key: A\n    name: a\n    shortcut: j\n    kleur: x\n",
			[]string{`c.yaml:4: code A: field shortcut: "j" is reserved`, `c.yaml:5: code A: field kleur: unknown field`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseYAML("c.yaml", []byte(tt.yaml))
			checkPrefixes(t, err, tt.want)
		})
	}
}

func TestMalformedYAML(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		line string // prefix with the expected line
	}{
		{"unclosed flow list", "codes:\n  - key: A\n    name: [x\n", "c.yaml:3: invalid YAML: "},
		{"bad indentation", "codes:\n  - key: A\n    name: b\n   bad: c\n", "c.yaml:4: invalid YAML: "},
		{"dedented field", "codes:\n  - key: A\n    name: b\n - key: B\n", "c.yaml:4: invalid YAML: "},
		{"colon in plain text", "codes:\n  - key: A\n    name: b: c\n", "c.yaml:3: invalid YAML: mapping values are not allowed"},
		{"unclosed quote", "codes:\n  - key: A\n    name: b\n    include: \"open\n", "c.yaml:4: invalid YAML: "},
		{"tab indentation", "codes:\n  - key: A\n\tname: b\n", "c.yaml:3: invalid YAML: "},
		{"after a multi-line quoted text", "codes:\n  - key: A\n    name: \"one\n      two\"\n    include: [x\n", "c.yaml:5: invalid YAML: "},
		{"unknown alias", "codes:\n  - key: A\n    name: *nope\n", "c.yaml:3: invalid YAML: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tt.yaml))
			checkPrefixes(t, err, []string{tt.line})
		})
	}
}

func TestCSV(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []string // nil: valid
	}{
		{"minimal", "key,name\nA,a\n", nil},
		{"header case and order", " Name ,SHORTCUT,Key\nFinanciën,f,FIN\n", nil},
		{"semicolons", "key;name;group\nA;a, with comma;g\n", nil},
		{"byte order mark and CRLF", "\ufeffkey,name\r\nA,a\r\n", nil},
		{"blank rows skipped", "key,name\n,\nA,a\n\n", nil},
		{"missing name column", "key,group\nA,g\n",
			[]string{`c.csv:1: missing required column "name"`}},
		{"missing key and name", "group\ng\n",
			[]string{`c.csv:1: missing required column "key"`, `c.csv:1: missing required column "name"`}},
		{"unknown column", "key,name,kleur\nA,a,red\n",
			[]string{`c.csv:1: unknown column "kleur" (known columns: key, name, group, description, include, exclude, example, colour, shortcut)`}},
		{"column twice", "key,name,Key\nA,a,B\n",
			[]string{`c.csv:1: column "key" appears twice (columns 1 and 3)`}},
		{"no codes", "key,name\n",
			[]string{`c.csv:1: no codes`}},
		{"empty file", "",
			[]string{`c.csv: empty file`}},
		{"too many fields", "key,name\nA,a,extra\n",
			[]string{`c.csv:2: more fields than the 2 columns`}},
		{"bad quote", "key,name\nA,\"a\"b\n",
			[]string{`c.csv:2: invalid CSV: column 2: extraneous or missing " in quoted-field`}},
		{"lines after a quoted newline", "key,name,description,shortcut\nA,a,\"two\nlines\",x\nB,b,,x\n,c,,\n",
			[]string{
				`c.csv:4: code B: field shortcut: "x" used twice (also by A on line 3)`,
				`c.csv:5: code #3: field key: is empty`,
			}},
		{"invalid values", "key,name,colour,shortcut\nfin,,rood,m\n",
			[]string{
				`c.csv:2: code fin: field key: "fin" is not a valid key`,
				`c.csv:2: code fin: field name: is empty`,
				`c.csv:2: code fin: field shortcut: "m" is reserved by the coding screen`,
				`c.csv:2: code fin: field colour: "rood" is not a colour`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cb, err := Parse("c.csv", []byte(tt.csv))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error:\n%v", err)
				}
				if len(cb.Codes) != 1 {
					t.Fatalf("got %d codes, want 1", len(cb.Codes))
				}
				return
			}
			checkPrefixes(t, err, tt.want)
		})
	}
}

func TestCSVValues(t *testing.T) {
	cb, err := ParseCSV("c.csv", []byte("Shortcut;Group;Name;Key\nf; zakelijk ;Financiën;FIN\n;zakelijk;Personeel;PERS\n;;Overig;REST\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Code{
		{Key: "FIN", Name: "Financiën", Group: "zakelijk", Shortcut: "f", Order: 0},
		{Key: "PERS", Name: "Personeel", Group: "zakelijk", Order: 1},
		{Key: "REST", Name: "Overig", Order: 2},
	}
	if !reflect.DeepEqual(cb.Codes, want) {
		t.Errorf("codes:\n got  %+v\n want %+v", cb.Codes, want)
	}
	if wantG := []Group{{Key: "zakelijk", Name: "zakelijk"}}; !reflect.DeepEqual(cb.Groups, wantG) {
		t.Errorf("groups %+v, want %+v", cb.Groups, wantG)
	}
}

func TestParseExtension(t *testing.T) {
	yaml := []byte("codes:\n  - key: A\n    name: a\n")
	tests := []struct {
		file string
		data []byte
		err  string // "" for success
	}{
		{"book.yaml", yaml, ""},
		{"dir/book.YML", yaml, ""},
		{"book.csv", []byte("key,name\nA,a\n"), ""},
		{"book.txt", yaml, `".txt"`},
		{"book.json", yaml, `".json"`},
		{"book", yaml, "no file extension"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			cb, err := Parse(tt.file, tt.data)
			if tt.err == "" {
				if err != nil || cb == nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("error %v, want one mentioning %s", err, tt.err)
			}
		})
	}
}

func TestInferredGroups(t *testing.T) {
	cb, err := ParseYAML("c.yaml", []byte("codes:\n  - key: A\n    name: a\n    group: z\n  - key: B\n    name: b\n  - key: C\n    name: c\n    group: y\n  - key: D\n    name: d\n    group: z\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Group{{Key: "z", Name: "z"}, {Key: "y", Name: "y"}}
	if !reflect.DeepEqual(cb.Groups, want) {
		t.Errorf("groups %+v, want %+v", cb.Groups, want)
	}
}

func TestFromCodes(t *testing.T) {
	in := []store.Code{
		{Key: "B", Name: "b", Group: "g2", Order: 7, Shortcut: "f"},
		{Key: "A", Name: "a", Group: "g1", Order: 3},
		{Key: "C", Name: "c", Group: "g2", Order: 9, Shortcut: "f"},
	}
	cb := FromCodes(in)
	if in[0].Order != 7 {
		t.Error("FromCodes changed its argument")
	}
	for i, c := range cb.Codes {
		if c.Order != i {
			t.Errorf("%s: Order %d, want %d", c.Key, c.Order, i)
		}
	}
	if want := []Group{{Key: "g2", Name: "g2"}, {Key: "g1", Name: "g1"}}; !reflect.DeepEqual(cb.Groups, want) {
		t.Errorf("groups %+v, want %+v", cb.Groups, want)
	}
	// Without a source file the problems have no file or line.
	errs := cb.Validate()
	if len(errs) != 1 || errs.Error() != `code C: field shortcut: "f" used twice (also by B)` {
		t.Errorf("Validate: %v", errs)
	}
}

func TestStaleSource(t *testing.T) {
	// After a parsed codebook is changed, Validate does not report lines of
	// codes that moved.
	cb, err := ParseYAML("c.yaml", []byte("codes:\n  - key: A\n    name: a\n  - key: B\n    name: b\n"))
	if err != nil {
		t.Fatal(err)
	}
	cb.Codes[0], cb.Codes[1] = cb.Codes[1], cb.Codes[0]
	cb.Codes[0].Shortcut = "j"
	errs := cb.Validate()
	if len(errs) != 1 || errs[0].Line != 0 || errs[0].File != "c.yaml" {
		t.Errorf("Validate: %#v", errs)
	}
}

func TestErrors(t *testing.T) {
	_, err := Parse("c.yaml", []byte("codes:\n  - key: A\n    name: a\n    shortcut: ab\n    colour: x\n"))
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("errors.As FieldError failed on %v", err)
	}
	if fe.File != "c.yaml" || fe.Line != 4 || fe.Item != "code A" || fe.Field != "shortcut" {
		t.Errorf("first problem %+v", fe)
	}
	if n := strings.Count(err.Error(), "\n"); n != 1 {
		t.Errorf("want two problems on two lines, got %q", err.Error())
	}
	for _, tt := range []struct {
		e    FieldError
		want string
	}{
		{FieldError{File: "f.yaml", Line: 12, Item: "code FIN", Field: "shortcut", Msg: "m"}, "f.yaml:12: code FIN: field shortcut: m"},
		{FieldError{File: "f.yaml", Msg: "m"}, "f.yaml: m"},
		{FieldError{Line: 3, Field: "key", Msg: "m"}, "line 3: field key: m"},
		{FieldError{Msg: "m"}, "m"},
	} {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestShortcutsAreCharacters(t *testing.T) {
	for _, c := range Example().Codes {
		if utf8.RuneCountInString(c.Shortcut) != 1 || store.IsReservedShortcut(c.Shortcut) {
			t.Errorf("%s: shortcut %q", c.Key, c.Shortcut)
		}
	}
}

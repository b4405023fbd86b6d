package pdftext

import (
	"fmt"
	"strings"
	"testing"
)

// lexed renders what lexContent gives: each operator with its operands.
func lexed(src string) (string, error) {
	var sb strings.Builder
	var show func(o operand) string
	show = func(o operand) string {
		switch o.kind {
		case opNumber:
			return fmt.Sprint(o.num)
		case opString:
			return fmt.Sprintf("%q", o.str)
		case opName:
			return "/" + o.str
		case opArray:
			var parts []string
			for _, x := range o.arr {
				parts = append(parts, show(x))
			}
			return "[" + strings.Join(parts, " ") + "]"
		}
		return "_"
	}
	err := lexContent([]byte(src), func(args []operand, op string) {
		for _, a := range args {
			sb.WriteString(show(a) + " ")
		}
		sb.WriteString(op + "; ")
	})
	return strings.TrimSpace(sb.String()), err
}

func TestLexContent(t *testing.T) {
	type lexCase struct {
		name, src, want string
		bad             bool
	}
	tests := []lexCase{
		{"text object", "BT /F1 12 Tf 72 700 Td (Hallo) Tj ET", `BT; /F1 12 Tf; 72 700 Td; "Hallo" Tj; ET;`, false},
		{"numbers", "1 -2 +3 .5 -.25 4. 0.0 cm", `1 -2 3 0.5 -0.25 4 0 cm;`, false},
		{"bad numbers read as their prefix", "--5 1.2.3 - Tw", `-5 1.2 0 Tw;`, false},
		{"escapes", `(a\nb\(c\)\\d\101\0x) Tj`, `"a\nb(c)\\dA\x00x" Tj;`, false},
		{"undefined escape is the character", `(Covid\-19 \h) Tj`, `"Covid-19 h" Tj;`, false},
		{"nested parentheses", `(f(x) = (y)) Tj`, `"f(x) = (y)" Tj;`, false},
		{"line continuation; a bare CR is kept", "(ab\\\ncd\r\nef) Tj", `"abcd\r\nef" Tj;`, false},
		{"hex strings", "<48 65 6C6c 6F> Tj <4> Tj", `"Hello" Tj; "@" Tj;`, false},
		{"TJ array", "[(A) 120 (W) -50.5 (AY)] TJ", `["A" 120 "W" -50.5 "AY"] TJ;`, false},
		{"names with escapes", "/F#31 10 Tf /Span<</ActualText (x)/MCID 3>> BDC EMC", `/F1 10 Tf; /Span _ BDC; EMC;`, false},
		{"comments", "% a comment (with a paren\n(x) Tj % more\n", `"x" Tj;`, false},
		{"T* and quote operators", "T* (a) ' 1 2 (b) \"", `T*; "a" '; 1 2 "b" ";`, false},
		{"inline image data is skipped", "q BI /W 4 /H 1 /BPC 8 /CS /G ID \x00(\\)\xffEI% EI Q (after) Tj",
			`q; BI; Q; "after" Tj;`, false},
		{"booleans and null are operands", "true false null 1 Tw", `_ _ _ 1 Tw;`, false},
		{"stray closers are skipped", ") ] >> } 1 Tc", `1 Tc;`, false},
		{"malformed hex string", "<4G8> Tj (ok) Tj", `"H" Tj; "ok" Tj;`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := lexed(tt.src)
			if got != tt.want {
				t.Errorf("lex %q\n got %s\nwant %s", tt.src, got, tt.want)
			}
			if (err != nil) != tt.bad {
				t.Errorf("lex %q: error %v, want an error: %v", tt.src, err, tt.bad)
			}
		})
	}
}

// An unterminated string or array ends at the end of the data.
func TestLexUnterminated(t *testing.T) {
	for src, want := range map[string]operand{
		"(abc":   {kind: opString, str: "abc"},
		`(a\b\`:  {kind: opString, str: "a\b"}, // \b is a backspace; a last lone backslash is dropped
		"[(a) 1": {kind: opArray, arr: []operand{{kind: opString, str: "a"}, {kind: opNumber, num: 1}}},
		"<414":   {kind: opString, str: "A@"},
	} {
		l := contentLexer{data: []byte(src), bad: -1}
		got, op, ok := l.next(0)
		if !ok || op != "" || fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) || l.pos != len(src) {
			t.Errorf("next(%q) = %v %q %v at %d, want %v at the end", src, got, op, ok, l.pos, want)
		}
	}
}

// FuzzLexContent: any bytes are read to their end without a panic, and
// every operator is a non-empty word.
func FuzzLexContent(f *testing.F) {
	for _, s := range []string{"BT /F1 12 Tf (x) Tj ET", "[(a) 1 (b)] TJ", "<<>> BDC", "BI /W 1 ID \x00\x01 EI", "((((", "[[[[[[", "<<<<<<", `(\`, "<abc"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lexContent(data, func(args []operand, op string) {
			if op == "" {
				t.Fatalf("empty operator in %q", data)
			}
		})
	})
}

package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/store"
	"golang.org/x/text/encoding/charmap"
)

// streamPlan writes a plain-text plan of n sections: numbered headings,
// title-like lines, short and long paragraphs, a list, English, form
// feeds between pages.
func streamPlan(n int) string {
	var b strings.Builder
	long := strings.Repeat("De gemeente werkt samen met vrijwilligers en partners in de regio. ", 45)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d. Hoofdstuk over thema %d\n\n", i, i)
		fmt.Fprintf(&b, "Onze aanpak\n\nWij willen de samenwerking in wijk %d versterken met\nbewoners, scholen en het welzijnswerk van de stad.\n\n", i)
		if i%3 == 0 {
			b.WriteString(long + "\n\n")
		}
		if i%4 == 0 {
			b.WriteString("- eerste punt van de lijst\n- tweede punt van de lijst\n\n")
		}
		if i%5 == 0 {
			b.WriteString("The organisation works with volunteers and partners in the region to improve services.\n\n")
		}
		if i%6 == 0 {
			b.WriteString("\f")
		}
	}
	return b.String()
}

// streamAll runs Stream on path and joins its chunks.
func streamAll(t *testing.T, path string) (*Result, string, []store.Fragment, int) {
	t.Helper()
	var text strings.Builder
	var frags []store.Fragment
	chunks := 0
	r, err := Stream(context.Background(), path, Meta{Org: "org"}, "sha", func(s string, fs []store.Fragment) error {
		for _, f := range fs {
			if f.Start < text.Len() || f.End > text.Len()+len(s) || s[f.Start-text.Len():f.End-text.Len()] != f.Text {
				t.Errorf("fragment %s (%d-%d) outside its chunk at %d+%d", f.ID, f.Start, f.End, text.Len(), len(s))
			}
		}
		text.WriteString(s)
		frags = append(frags, fs...)
		chunks++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return r, text.String(), frags, chunks
}

// TestStreamIsBytes: read in chunks, a plain-text file gives the same
// document, clean text and fragments (whole records) as read whole, when
// no paragraph is longer than a chunk.
func TestStreamIsBytes(t *testing.T) {
	data := []byte(streamPlan(40))
	for _, enc := range []string{"utf-8", "utf-8-bom", "windows-1252"} {
		in := data
		switch enc {
		case "utf-8-bom":
			in = append([]byte{0xEF, 0xBB, 0xBF}, data...)
		case "windows-1252":
			s := strings.ReplaceAll(string(data), "samenwerking", "coöperatie")
			in, _ = charmap.Windows1252.NewEncoder().Bytes([]byte(s))
		}
		path := filepath.Join(t.TempDir(), "org-plan-2024.txt")
		if err := os.WriteFile(path, in, 0o644); err != nil {
			t.Fatal(err)
		}
		want, err := Bytes(context.Background(), path, append([]byte(nil), in...), Meta{Org: "org"})
		if err != nil {
			t.Fatal(err)
		}
		for _, window := range []int{3000, 5000, 1 << 20} {
			old := streamWindow
			streamWindow = window
			r, text, frags, chunks := streamAll(t, path)
			streamWindow = old
			if window < len(in)/2 && chunks < 3 {
				t.Errorf("%s window %d: %d chunks", enc, window, chunks)
			}
			want.Doc.SHA256 = "sha"
			if !reflect.DeepEqual(r.Doc, want.Doc) {
				t.Errorf("%s window %d: document\n%+v, want\n%+v", enc, window, r.Doc, want.Doc)
			}
			if !reflect.DeepEqual(r.Warnings, want.Warnings) {
				t.Errorf("%s window %d: warnings %q, want %q", enc, window, r.Warnings, want.Warnings)
			}
			if text != want.Text {
				t.Errorf("%s window %d: text differs at %s", enc, window, firstDiff(text, want.Text))
			}
			if len(frags) != len(want.Fragments) {
				t.Fatalf("%s window %d: %d fragments, want %d", enc, window, len(frags), len(want.Fragments))
			}
			for i := range frags {
				if !reflect.DeepEqual(frags[i], want.Fragments[i]) {
					t.Errorf("%s window %d: fragment %d\n%+v, want\n%+v", enc, window, i+1, frags[i], want.Fragments[i])
					break
				}
			}
		}
	}
}

// TestStreamHoldsTitles: a title-like line at the end of a chunk becomes a
// heading when the next chunk starts with a paragraph, as read whole.
func TestStreamHoldsTitles(t *testing.T) {
	para := strings.Repeat("Een gewone zin over het beleid van de gemeente. ", 10)
	text := para + "\n\nOnze aanpak\n\n" + para + "\n"
	path := filepath.Join(t.TempDir(), "a.txt")
	os.WriteFile(path, []byte(text), 0o644)
	old := streamWindow
	streamWindow = len(para) + 20 // the first window ends after the title
	defer func() { streamWindow = old }()
	_, _, frags, chunks := streamAll(t, path)
	if chunks < 2 || len(frags) != 3 || frags[1].Kind != store.KindHeading || !reflect.DeepEqual(frags[2].Section, []string{"Onze aanpak"}) {
		t.Errorf("%d chunks: %+v", chunks, frags)
	}
}

// TestStreamRefuses: what Stream does not read gives ErrNotStreamable
// (UTF-16, NUL bytes, mixed encodings, blank files) or the reason (no
// words, too big).
func TestStreamRefuses(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"utf16.txt": {0xFF, 0xFE, 'a', 0, 'b', 0},
		"nul.txt":   []byte("tekst\x00tekst"),
		"mixed.txt": []byte("café \xff tekst"),
		"blank.txt": []byte(" \n\n\t\n"),
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, data, 0o644)
		if _, err := Stream(context.Background(), path, Meta{Org: "o"}, "s", func(string, []store.Fragment) error { return nil }); !errors.Is(err, ErrNotStreamable) {
			t.Errorf("%s: %v", name, err)
		}
	}
	path := filepath.Join(dir, "punct.txt")
	os.WriteFile(path, []byte("... --- ...\n"), 0o644)
	if _, err := Stream(context.Background(), path, Meta{Org: "o"}, "s", func(string, []store.Fragment) error { return nil }); !errors.Is(err, ErrEmpty) {
		t.Errorf("no words: %v", err)
	}
	if !Streamed("a.TXT", StreamOver+1) || Streamed("a.txt", StreamOver) || Streamed("a.md", 1<<30) {
		t.Error("Streamed")
	}
}

// TestChunkEnd: a window is cut after a blank line, else a line end, a
// space, or before a character start, never inside a UTF-8 sequence.
func TestChunkEnd(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"een\n\ntwee\ndrie", 5},
		{"een\n \t\ntwee", 7},
		{"een\ntwee drie", 4},
		{"een twee", 4},
		{"aaaé", 3},
		{"\n\nabc", 5 - 3}, // a blank line needs a line before it: cut after the last line end
		{"abc", 2},
	} {
		if got := chunkEnd([]byte(c.in)); got != c.want {
			t.Errorf("chunkEnd(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

package interop

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/store"
)

func TestBundleMerge(t *testing.T) {
	laptop := buildFixture(t)
	shared, _ := importBytes(t, exportBytes(t, laptop)) // the same fragments
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	fa, _ := laptop.Fragments("alfa-plan", 0, 0)
	fb, _ := laptop.Fragments("beta-rapport", 0, 0)
	for _, c := range []store.Coding{
		{Fragment: fa[1].ID, Code: "NET", Coder: "cara", Time: at},
		{Fragment: fa[2].ID, Code: "FIN", Coder: "cara", Time: at, Memo: "let op"},
		{Fragment: fb[1].ID, Code: "DIGI", Coder: "cara", Time: at},
	} {
		if err := laptop.AddCoding(c); err != nil {
			t.Fatal(err)
		}
	}
	laptop.MarkSeenAll("cara", []string{fa[1].ID, fa[2].ID, fb[1].ID}, at)
	laptop.AddMemo(store.Memo{Author: "cara", Kind: store.MemoFragment, Target: fb[1].ID, Text: "senioren!", Time: at})
	laptop.AddMemo(store.Memo{Author: "cara", Kind: store.MemoCode, Target: "NET", Text: "netwerken overal", Time: at})

	b, err := ExportBundle(laptop, "cara")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := b.JSON()
	b2, err := ReadBundle("cara.json", data)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := MergeBundle(shared, b2, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 3 || rep.MemosAdded != 2 || rep.Seen != 3 || len(rep.Refused) != 0 {
		t.Errorf("first merge: %+v", rep)
	}
	if got, want := fmt.Sprint(codingRows(t, shared)), fmt.Sprint(codingRows(t, laptop)); got != want {
		t.Errorf("after merge:\n%s\nwant\n%s", got, want)
	}
	before := snapshot(t, shared)
	rep, err = MergeBundle(shared, b2, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 0 || rep.Present != 3 || rep.MemosAdded != 0 || rep.Seen != 0 {
		t.Errorf("second merge: %+v", rep)
	}
	if after := snapshot(t, shared); after != before {
		t.Errorf("merging twice changed the project:\n%s\n%s", before, after)
	}

	// The shared project re-ingested beta-rapport with other text: codings
	// on its changed fragment are refused, the rest merges.
	text := strings.Replace(fixtureTexts["beta-rapport"], "werkpunt", "aandachtspunt", 1)
	res, err := ingest.Bytes(context.Background(), "b.txt", []byte(text), ingest.Meta{ID: "beta-rapport"})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := shared.Document("beta-rapport")
	d.SHA256 = ingest.SHA256([]byte(text))
	if _, err := shared.PutDocument("t", d, res.Text, res.Fragments); err != nil {
		t.Fatal(err)
	}
	laptop.AddCoding(store.Coding{Fragment: fa[3].ID, Code: "VRIJW", Coder: "cara", Time: at})
	b3, _ := ExportBundle(laptop, "cara")
	rep, err = MergeBundle(shared, b3, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	refused := strings.Join(rep.Refused, "\n")
	if rep.Added != 1 || !strings.Contains(refused, fb[1].ID+" DIGI: fragment text differs") || !strings.Contains(refused, fb[1].ID+" memo: fragment text differs") {
		t.Errorf("merge after change: %+v", rep)
	}

	// --replace: cara removed a coding on the laptop.
	if _, err := laptop.RemoveCoding(fa[1].ID, "cara", "NET"); err != nil {
		t.Fatal(err)
	}
	b4, _ := ExportBundle(laptop, "cara")
	rep, _ = MergeBundle(shared, b4, MergeOptions{})
	if rep.Removed != 0 || rep.NotInBundle == 0 {
		t.Errorf("merge without --replace removed codings: %+v", rep)
	}
	rep, _ = MergeBundle(shared, b4, MergeOptions{Replace: true})
	if rep.Removed != 1 {
		t.Errorf("--replace: %+v", rep)
	}
	if cs, _ := shared.Codings(fa[1].ID); len(cs) != 0 {
		for _, c := range cs {
			if c.Coder == "cara" {
				t.Errorf("coding not removed: %+v", c)
			}
		}
	}
}

// TestBundleMergeAfterMemoEdit: a memo edited or removed in the shared
// project after a merge is not added back when the bundle is merged again.
func TestBundleMergeAfterMemoEdit(t *testing.T) {
	laptop := buildFixture(t)
	shared, _ := importBytes(t, exportBytes(t, laptop))
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	laptop.AddMemo(store.Memo{Author: "cara", Kind: store.MemoCode, Target: "NET", Text: "netwerken overal", Time: at})
	laptop.AddMemo(store.Memo{Author: "cara", Kind: store.MemoProject, Text: "eerste indruk", Time: at})
	b, err := ExportBundle(laptop, "cara")
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := MergeBundle(shared, b, MergeOptions{}); err != nil || rep.MemosAdded != 2 {
		t.Fatalf("first merge: %+v, %v", rep, err)
	}
	ms, _ := shared.Memos("", "")
	for _, m := range ms {
		if m.Author != "cara" {
			continue
		}
		if m.Kind == store.MemoCode {
			if _, err := shared.EditMemo("lead", m.ID, "netwerken in 11 van 12 plannen"); err != nil {
				t.Fatal(err)
			}
		} else if _, err := shared.RemoveMemo("lead", m.ID); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := MergeBundle(shared, b, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.MemosAdded != 0 || rep.MemosPresent != 2 {
		t.Errorf("merge after edit and removal: %+v", rep)
	}
	var cara []string
	ms, _ = shared.Memos("", "")
	for _, m := range ms {
		if m.Author == "cara" {
			cara = append(cara, m.Text)
		}
	}
	if len(cara) != 1 || cara[0] != "netwerken in 11 van 12 plannen" {
		t.Errorf("cara's memos after merge: %q", cara)
	}
}

func snapshot(t *testing.T, s *store.Store) string {
	seen, _ := s.Seen("cara")
	return fmt.Sprint(codingRows(t, s), memoRows(t, s), len(seen))
}

func TestReadBundleErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"{\n\"format\": \"plancoder-coder-bundle\",\n\"version\": 1,\n\"coder\": x}", "line 4"},
		{`{"format": "other", "version": 1, "coder": "a"}`, "not a plancoder coder bundle"},
		{`{"format": "plancoder-coder-bundle", "version": 7, "coder": "a"}`, "version 7 is newer"},
		{`{"format": "plancoder-coder-bundle", "version": 1, "coder": ""}`, "coder is empty"},
		{`{"format": "plancoder-coder-bundle", "version": 1, "coder": "a", "codings": [{"fragment": "d/0001"}]}`, "codings[0]"},
		{`{"format": "plancoder-coder-bundle", "version": "1"}`, "field version"},
	} {
		_, err := ReadBundle("b.json", []byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "b.json") {
			t.Errorf("%s: err = %v, want %q", tc.in, err, tc.want)
		}
	}
}

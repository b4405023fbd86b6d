package store

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

// events returns the actions logged since seq from.
func eventsSince(t *testing.T, s *Store, from uint64) []Event {
	t.Helper()
	var out []Event
	if err := s.Events(from, func(ev Event) error { out = append(out, ev); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func lastSeq(t *testing.T, s *Store) uint64 {
	evs := eventsSince(t, s, 0)
	if len(evs) == 0 {
		return 0
	}
	return evs[len(evs)-1].Seq
}

func clearPending(t *testing.T, s *Store) {
	t.Helper()
	p, err := s.PendingIndex()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.IndexDone(p); err != nil {
		t.Fatal(err)
	}
}

func TestEditDocument(t *testing.T) {
	tests := []struct {
		name    string
		edit    DocumentEdit
		want    func(Document) bool
		wantErr string
		noop    bool
		newOrg  bool
	}{
		{name: "period and year", edit: DocumentEdit{Period: ptr("2022-2026"), Year: ptr(2022)},
			want: func(d Document) bool { return d.Period == "2022-2026" && d.Year == 2022 && d.Type == TypePlan }},
		{name: "type and title", edit: DocumentEdit{Type: ptr(TypeAnnualReport), Title: ptr("Jaarverslag")},
			want: func(d Document) bool { return d.Type == TypeAnnualReport && d.Title == "Jaarverslag" }},
		{name: "new organisation", edit: DocumentEdit{Org: ptr("org-b")}, newOrg: true,
			want: func(d Document) bool { return d.Org == "org-b" }},
		{name: "attribute set and removed", edit: DocumentEdit{Attrs: map[string]string{"bron": "mail", "oud": ""}},
			want: func(d Document) bool { return d.Attrs["bron"] == "mail" && len(d.Attrs) == 1 }},
		{name: "same values", edit: DocumentEdit{Type: ptr(TypePlan)}, noop: true,
			want: func(d Document) bool { return d.Type == TypePlan }},
		{name: "unknown type", edit: DocumentEdit{Type: ptr("jaarplan")}, wantErr: `unknown type "jaarplan"`},
		{name: "bad period", edit: DocumentEdit{Period: ptr("2025-2021")}, wantErr: `period "2025-2021": want YEAR-YEAR`},
		{name: "bad year", edit: DocumentEdit{Year: ptr(21)}, wantErr: "year 21: out of range"},
		{name: "empty org", edit: DocumentEdit{Org: ptr("")}, wantErr: "organisation"},
		{name: "control in title", edit: DocumentEdit{Title: ptr("a\x1bb")}, wantErr: "control character"},
		{name: "attr name with =", edit: DocumentEdit{Attrs: map[string]string{"a=b": "c"}}, wantErr: "has '='"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newStore(t)
			d, text, frags := testDoc("d1", "x", "Eerste alinea.", "Tweede alinea.")
			d.Attrs = map[string]string{"oud": "ja"}
			if _, err := s.PutDocument("t", d, text, frags); err != nil {
				t.Fatal(err)
			}
			clearPending(t, s)
			seq := lastSeq(t, s)
			res, err := s.EditDocument("ann", "d1", tc.edit)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if n := len(eventsSince(t, s, seq+1)); n != 0 {
					t.Errorf("a refused edit logged %d events", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Document("d1")
			if err != nil {
				t.Fatal(err)
			}
			if !tc.want(got) || !tc.want(res.After) {
				t.Errorf("after edit: %+v", got)
			}
			if res.OrgCreated != tc.newOrg {
				t.Errorf("OrgCreated = %v", res.OrgCreated)
			}
			evs := eventsSince(t, s, seq+1)
			pending, _ := s.PendingIndex()
			if tc.noop {
				if res.Changed || len(evs) != 0 || len(pending) != 0 {
					t.Errorf("no-op edit: changed %v, %d events, %d pending", res.Changed, len(evs), len(pending))
				}
				return
			}
			last := evs[len(evs)-1]
			if last.Action != "document.edit" || last.Actor != "ann" || last.Target != "d1" {
				t.Errorf("event %+v", last)
			}
			var before, after Document
			json.Unmarshal(last.Before, &before)
			json.Unmarshal(last.After, &after)
			if before.Attrs["oud"] != "ja" || !tc.want(after) {
				t.Errorf("event before %+v after %+v", before, after)
			}
			if len(pending) != 1 || pending[0].Doc != "d1" || pending[0].OldFragments != 2 {
				t.Errorf("pending = %+v, want d1 with 2 fragments", pending)
			}
			if tc.newOrg {
				if _, err := s.Organisation("org-b"); err != nil {
					t.Errorf("organisation not created: %v", err)
				}
			}
		})
	}
}

func TestEditDocumentUnknown(t *testing.T) {
	s, _ := newStore(t)
	_, err := s.EditDocument("ann", "nope", DocumentEdit{Title: ptr("x")})
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "document nope") {
		t.Fatalf("err = %v", err)
	}
}

func TestEditOrganisation(t *testing.T) {
	s, _ := newStore(t)
	if _, _, err := s.PutOrganisations("t", []Organisation{{ID: "org-a", Name: "A", Attrs: map[string]string{"region": "Brussel", "sector": "x"}}, {ID: "org-c", Name: "C"}}); err != nil {
		t.Fatal(err)
	}
	d, text, frags := testDoc("d1", "x", "Eerste alinea.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	clearPending(t, s)
	seq := lastSeq(t, s)
	res, err := s.EditOrganisation("ann", "org-a", OrganisationEdit{Name: ptr("A-team"), Attrs: map[string]string{"region": "Limburg", "sector": ""}})
	if err != nil {
		t.Fatal(err)
	}
	o, _ := s.Organisation("org-a")
	if o.Name != "A-team" || o.Attrs["region"] != "Limburg" || len(o.Attrs) != 1 || !res.Changed {
		t.Errorf("after edit: %+v", o)
	}
	evs := eventsSince(t, s, seq+1)
	if len(evs) != 1 || evs[0].Action != "org.edit" || !strings.Contains(string(evs[0].Before), `"sector":"x"`) {
		t.Errorf("events %+v", evs)
	}
	if p, _ := s.PendingIndex(); len(p) != 1 || p[0].Doc != "d1" {
		t.Errorf("pending = %+v, want d1", p)
	}
	// An organisation without documents marks nothing.
	clearPending(t, s)
	if _, err := s.EditOrganisation("ann", "org-c", OrganisationEdit{Attrs: map[string]string{"region": "Gent"}}); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.PendingIndex(); len(p) != 0 {
		t.Errorf("pending = %+v", p)
	}
	for _, tc := range []struct {
		id   string
		e    OrganisationEdit
		want string
	}{
		{"nope", OrganisationEdit{Name: ptr("X")}, "organisation nope: not found"},
		{"org-a", OrganisationEdit{Name: ptr(" ")}, "empty name"},
		{"org-a", OrganisationEdit{Attrs: map[string]string{"": "x"}}, "empty name"},
	} {
		if _, err := s.EditOrganisation("ann", tc.id, tc.e); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %+v: err = %v, want %q", tc.id, tc.e, err, tc.want)
		}
	}
}

func TestMemoEditRemoveHistory(t *testing.T) {
	s, _ := newStore(t)
	m, err := s.AddMemo(Memo{Author: "ann", Kind: MemoProject, Text: "eerste versie"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.EditMemo("bob", m.ID, "tweede versie")
	if err != nil || !res.Changed || res.Before.Text != "eerste versie" || res.After.Author != "ann" {
		t.Fatalf("edit: %+v, %v", res, err)
	}
	if got, _ := s.MemoByID(m.ID); got.Text != "tweede versie" {
		t.Errorf("text after edit %q", got.Text)
	}
	if res, err := s.EditMemo("bob", m.ID, "tweede versie"); err != nil || res.Changed {
		t.Errorf("same text: %+v, %v", res, err)
	}
	for _, bad := range []string{"", "  ", "a\x00b"} {
		if _, err := s.EditMemo("bob", m.ID, bad); err == nil {
			t.Errorf("text %q accepted", bad)
		}
	}
	if _, err := s.EditMemo("bob", 99, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("edit of memo 99: %v", err)
	}
	removed, err := s.RemoveMemo("chris", m.ID)
	if err != nil || removed.Text != "tweede versie" {
		t.Fatalf("remove: %+v, %v", removed, err)
	}
	if _, err := s.MemoByID(m.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("memo still there: %v", err)
	}
	if _, err := s.RemoveMemo("chris", m.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second remove: %v", err)
	}
	h, err := s.MemoHistory(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range h {
		got = append(got, c.Action+" "+c.Actor+" "+c.Memo.Text)
	}
	want := "memo.add ann eerste versie|memo.edit bob tweede versie|memo.remove chris tweede versie"
	if strings.Join(got, "|") != want {
		t.Errorf("history\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	if !strings.Contains(string(h[1].Before), "eerste versie") {
		t.Errorf("edit event lost the old text: %s", h[1].Before)
	}
	if _, err := s.MemoHistory(42); !errors.Is(err, ErrNotFound) {
		t.Errorf("history of memo 42: %v", err)
	}
}

// An orphaned memo (its text gone after a re-ingest) can be edited and
// removed: its orphan record follows, so check stays clean (newStore checks).
func TestEditRemoveOrphanedMemo(t *testing.T) {
	s, _ := newStore(t)
	putDoc(t, s, "v1", "Over de begroting van 2023.", "Blijft.")
	m, err := s.AddMemo(Memo{Kind: MemoFragment, Target: "x/0001", Text: "memo", Author: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	putDoc(t, s, "v2", "Blijft.", "Over de begroting van 2024.")
	if m, _ = s.MemoByID(m.ID); m.Orphan == 0 {
		t.Fatalf("memo not orphaned: %+v", m)
	}
	if _, err := s.EditMemo("bob", m.ID, "nieuwe tekst"); err != nil {
		t.Fatal(err)
	}
	os, _ := s.Orphans()
	if len(os) != 1 || os[0].Memo != "nieuwe tekst" {
		t.Fatalf("orphans after edit: %+v", os)
	}
	if _, err := s.RemoveMemo("bob", m.ID); err != nil {
		t.Fatal(err)
	}
	if os, _ := s.Orphans(); len(os) != 0 {
		t.Fatalf("orphan record kept after its memo was removed: %+v", os)
	}
	// A memo dropped with its orphan record still has a history.
	m2, err := s.AddMemo(Memo{Kind: MemoFragment, Target: "x/0001", Text: "tweede", Author: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	putDoc(t, s, "v3", "Iets anders.", "Blijft ook.")
	os, _ = s.Orphans()
	if len(os) != 1 || os[0].MemoID != m2.ID {
		t.Fatalf("orphans: %+v", os)
	}
	if _, err := s.DropOrphans("lead", []uint64{os[0].ID}); err != nil {
		t.Fatal(err)
	}
	h, err := s.MemoHistory(m2.ID)
	if err != nil || len(h) != 2 || h[1].Action != "orphan.drop" || h[1].Memo.Text != "tweede" {
		t.Fatalf("history of a dropped memo: %+v, %v", h, err)
	}
	for _, e := range s.Check() {
		t.Errorf("check: %v", e)
	}
}

package web

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/plancoder/plancoder/store"
)

// FuzzParseAction: any form either parses into an action whose fields
// obey the store's text rules and bounds, or is refused; never a panic.
func FuzzParseAction(f *testing.F) {
	for _, s := range []string{
		"op=toggle&code=VERBIND&frag=a/0001",
		"op=move&delta=-1&frag=a/0001",
		"op=memo&text=hallo%0Awereld&frag=a/0001",
		"op=jump&to=3&frag=a/0001",
		"op=find&text=%00&frag=a/0001",
		"op=toggle&op=undo&frag=a/0001",
		"op=move&delta=99999999999999999999&frag=x",
		"op=toggle&code=%ff&frag=x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		a, err := parseAction(v)
		if err != nil {
			return
		}
		for _, s := range []string{a.Op, a.Frag, a.Code, a.To} {
			if !utf8.ValidString(s) || store.TextProblem(s, false) != "" {
				t.Fatalf("%q: field %q passed", raw, s)
			}
		}
		if store.TextProblem(a.Text, true) != "" || len(a.Text) > maxMemo || len(a.Frag) > maxID {
			t.Fatalf("%q: text %q passed", raw, a.Text)
		}
		if a.Frag == "" || (a.Op == "toggle" && !store.ValidCodeKey(a.Code)) || (a.Op == "move" && a.Delta == 0) {
			t.Fatalf("%q: incomplete action %+v passed", raw, a)
		}
	})
}

// FuzzParseQueue: the start form is parsed or refused, never a panic, and
// a parsed queue names what its kind needs.
func FuzzParseQueue(f *testing.F) {
	for _, s := range []string{
		"kind=doc&doc=socius-beleidsplan-2021-2025",
		"kind=search&q=vrijwilligers&uncoded=1",
		"kind=search&q=((",
		"kind=sample&sample=s1&fromstart=on",
		"kind=uncoded&uncoded=maybe",
		"kind=doc&doc=%00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := parseQueue(v)
		if err != nil {
			return
		}
		switch q.Kind {
		case "doc":
			if q.Doc == "" {
				t.Fatalf("%q: doc queue without a document", raw)
			}
		case "search":
			if strings.TrimSpace(q.Query) == "" {
				t.Fatalf("%q: search without words", raw)
			}
		case "sample":
			if q.Sample == "" {
				t.Fatalf("%q: sample queue without a sample", raw)
			}
		case "uncoded":
		default:
			t.Fatalf("%q: kind %q passed", raw, q.Kind)
		}
	})
}

package store

import (
	"errors"
	"strings"
	"testing"
)

func TestKnownCodes(t *testing.T) {
	book := []Code{{Key: "FIN"}, {Key: "PERS"}}
	for _, tc := range []struct {
		keys [][]string
		bad  string // "" when every key is known
	}{
		{nil, ""},
		{[][]string{{"FIN"}, {"pers"}}, ""},
		{[][]string{{"FIN"}, {"PERS", "NOSUCH"}}, `"NOSUCH"`},
	} {
		err := KnownCodes(book, tc.keys...)
		switch {
		case tc.bad == "" && err != nil:
			t.Errorf("%v: %v", tc.keys, err)
		case tc.bad != "" && (!errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), tc.bad)):
			t.Errorf("%v: error %v, want not found naming %s", tc.keys, err, tc.bad)
		}
	}
}

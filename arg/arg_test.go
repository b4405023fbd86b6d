package arg

import (
	"errors"
	"fmt"
	"testing"
)

func TestError(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{Bad("by", "month", "period", "year"), `by "month": use period or year`},
		{Bad("unit", "page", "fragment", "section", "document"), `unit "page": use fragment, section or document`},
		{&Error{Name: "coders", Value: "ann", Why: "name at least two"}, `coders "ann": name at least two`},
		{Bad("by", "", "period", "year"), `by "": use period or year`},
		{Missing("docs", "say how many documents to draw, or which", "doc"), `docs or doc: say how many documents to draw, or which`},
		{Missing("coder", "who codes?"), `coder: who codes?`},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%q, want %q", got, tt.want)
		}
		var ae *Error
		if !errors.As(fmt.Errorf("trend: %w", tt.err), &ae) {
			t.Errorf("%v: not found through wrapping", tt.err)
		}
	}
}

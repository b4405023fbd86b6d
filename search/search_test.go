package search

import (
	"strings"
	"testing"

	"github.com/plancoder/plancoder/index"
)

func TestKWIC(t *testing.T) {
	text := strings.Repeat("woord ", 30) + "vrijwilligers " + strings.Repeat("ander ", 30)
	i := strings.Index(text, "vrijwilligers")
	k := kwic(text, []index.Span{{Start: i, End: i + len("vrijwilligers")}}, 20)
	if len(k) != 1 || k[0].Match != "vrijwilligers" || !strings.HasPrefix(k[0].Before, "…") || !strings.HasSuffix(k[0].After, "…") {
		t.Fatalf("%+v", k)
	}
	if len([]rune(k[0].Before)) > 23 || len([]rune(k[0].After)) > 23 {
		t.Errorf("window too wide: %+v", k)
	}
}

package search

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/project/projecttest"
)

// TestSearchQueueTakesEveryHit: the index serves at most a page of hits per
// search (10,000), so a search queue used to stop there silently: `code
// apply` on a broad query coded 10,000 of 18,257 hits. The queue pages
// until the search's total; here with pages of 2.
func TestSearchQueueTakesEveryHit(t *testing.T) {
	dir, p, s := projecttest.New(t)
	ctx := context.Background()
	var paras []string
	for i := 1; i <= 7; i++ {
		paras = append(paras, fmt.Sprintf("Alinea %d over vrijwilligers.", i))
	}
	paras = append(paras, "Een alinea over geld.")
	projecttest.IngestText(t, s, dir, "q-beleidsplan-2021-2025.txt", strings.Join(paras, "\n\n")+"\n")
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	defer func(n int) { queuePage = n }(queuePage)
	for _, tt := range []struct {
		page int
		want int
	}{{2, 7}, {7, 7}, {3, 7}, {index.MaxLimit, 7}} {
		queuePage = tt.page
		ids, err := BuildQueue(ctx, s, x, QueueSpec{Search: true, Query: index.Request{Query: "vrijwilliger"}})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, id := range ids {
			seen[id] = true
		}
		if len(ids) != tt.want || len(seen) != tt.want {
			t.Errorf("page %d: %d hits (%d distinct), want %d: %v", tt.page, len(ids), len(seen), tt.want, ids)
		}
	}
	projecttest.MustCheck(t, s, x)
}

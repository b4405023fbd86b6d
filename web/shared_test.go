package web

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/plancoder/plancoder/project"
)

// TestHolderLetsTheCLIIn: under a stream of requests that never leaves the
// project idle, a CLI command waiting for the lock still gets it (it says
// it waits; the holder lets the requests in flight finish and pauses), and
// the requests go on after it. Without a waiting command the holder keeps
// the project open.
func TestHolderLetsTheCLIIn(t *testing.T) {
	p, err := project.Init(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	h := newHolder(p)
	defer h.close()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	served := 0
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				st, _, err := h.acquire(context.Background(), false)
				if err != nil {
					continue // busy while the CLI holds it
				}
				if _, err := st.Codes(); err != nil {
					t.Error(err)
				}
				time.Sleep(20 * time.Millisecond)
				h.release()
				mu.Lock()
				served++
				mu.Unlock()
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	cli, err := p.Open() // as a CLI command opens it: waiting 3 s at most

	if err != nil {
		t.Fatalf("the CLI did not get the project within its timeout: %v", err)
	}
	waited := time.Since(start)
	cli.Close()
	mu.Lock()
	before := served
	mu.Unlock()
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	if served <= before {
		t.Errorf("no request served after the CLI's turn (%d)", served)
	}
	if waited > maxHold+time.Second {
		t.Errorf("the CLI waited %v", waited)
	}
}

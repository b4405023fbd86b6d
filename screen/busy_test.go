package screen

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Issue 15.10: a key pressed while another process holds the project shows
// that the screen waits, and the key is kept and applied, in order, once
// the project is free.
func TestBusyProjectShowsWaitingAndKeepsKeys(t *testing.T) {
	_, open := newProject(t)
	m, s := newModel(t, open)
	var busy atomic.Bool
	busy.Store(true)
	s.Busy = busy.Load

	cmd := press(m, "f")
	wantMsg(t, m, "waiting for the project")
	if !strings.Contains(screenText(m), "waiting for the project") {
		t.Errorf("the screen does not say it waits:\n%s", screenText(m))
	}
	if cmd == nil {
		t.Fatal("no command to wait for the project")
	}
	press(m, "j", "d") // pressed while waiting: kept, in order
	if got := codesOn(t, open, "plan-a/0001"); got != "" {
		t.Fatalf("saved while the project was busy: %q", got)
	}

	done := make(chan any, 1)
	go func() { done <- cmd() }()
	select {
	case <-done:
		t.Fatal("the wait ended while the project was still busy")
	case <-time.After(3 * pollEvery):
	}
	busy.Store(false)
	var msg any
	select {
	case msg = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the wait did not end when the project became free")
	}
	m.Update(msg)
	if got := codesOn(t, open, "plan-a/0001"); got != "FIN" {
		t.Errorf("fragment 1 after the wait: %q, want FIN (the kept f)", got)
	}
	if got := codesOn(t, open, "plan-a/0002"); got != "DIGI" {
		t.Errorf("fragment 2 after the wait: %q, want DIGI (the kept j then d)", got)
	}
	wantMsg(t, m, "saved +DIGI")
	if m.waiting || len(m.pending) != 0 {
		t.Errorf("still waiting after replay: waiting %v, %d keys pending", m.waiting, len(m.pending))
	}
}

// Keys that only change the screen do not wait for the project.
func TestBusyProjectScreenKeysDoNotWait(t *testing.T) {
	_, open := newProject(t)
	m, s := newModel(t, open)
	s.Busy = func() bool { return true }
	press(m, "?")
	if m.waiting || m.mode != modeHelp {
		t.Errorf("? waited for the project (waiting %v, mode %v)", m.waiting, m.mode)
	}
}

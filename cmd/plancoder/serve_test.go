package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a buffer a running server and the test may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Issue 16 item 6: the CLI keeps working while the server runs; a CLI
// write is not lost and the server sees it; a web write is there for the
// CLI; SIGINT-style cancellation stops the server after its requests.
func TestServeAlongsideCLI(t *testing.T) {
	te := newTestEnv(t)
	if err := os.WriteFile(filepath.Join(te.dir, "x.md"), []byte("# Plan\n\nEen alinea over vrijwilligers.\n\nNog een alinea over armoede.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"ingest", filepath.Join(te.dir, "x.md"), "--id", "x-plan-2021-2025"},
		{"codebook", "import", "--example"},
	} {
		if code := te.run(args...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, te.err.String())
		}
	}
	env := func(in string, out, errw io.Writer) *Env {
		return &Env{IO: &IOStreams{In: strings.NewReader(in), Out: out, Err: errw},
			Getenv: func(string) string { return "" }, Getwd: func() (string, error) { return te.dir, nil }}
	}
	var out bytes.Buffer
	if code := Run(context.Background(), env("een lang wachtwoord\n", &out, &out), []string{"users", "add", "ann", "--role", "coder", "--password-stdin"}); code != exitOK {
		t.Fatalf("users add: %d %s", code, out.String())
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var serveErr syncBuffer
	served := make(chan int, 1)
	go func() { served <- Run(ctx, env("", io.Discard, &serveErr), []string{"serve", "--addr", addr}) }()
	base := "http://" + addr
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	var loginPage string
	for i := 0; ; i++ {
		res, err := hc.Get(base + "/login")
		if err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			loginPage = string(b)
			break
		}
		if i > 100 {
			t.Fatalf("the server did not come up: %v; stderr %s", err, serveErr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	csrfRE := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	post := func(path string, form url.Values) string {
		t.Helper()
		res, err := hc.PostForm(base+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: %d %s", path, res.StatusCode, b)
		}
		return string(b)
	}
	home := post("/login", url.Values{"name": {"ann"}, "password": {"een lang wachtwoord"}, "csrf": {csrfRE.FindStringSubmatch(loginPage)[1]}})
	csrf := csrfRE.FindStringSubmatch(home)[1]
	post("/code/start", url.Values{"csrf": {csrf}, "kind": {"doc"}, "doc": {"x-plan-2021-2025"}, "fromstart": {"1"}})
	frag := "x-plan-2021-2025/0001"
	post("/code/do", url.Values{"csrf": {csrf}, "op": {"toggle"}, "code": {"VERBIND"}, "frag": {frag}})

	// The CLI writes while the server runs.
	if code := te.run("code", "add", frag, "--codes", "KRITISCH", "--coder", "ann"); code != exitOK {
		t.Fatalf("code add while serving: exit %d: %s", code, te.err.String())
	}
	res, err := hc.Get(base + "/code")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, k := range []string{"VERBIND", "KRITISCH"} {
		if !strings.Contains(string(page), `class="code on" data-key="`+k+`"`) {
			t.Errorf("the coding page does not show %s on", k)
		}
	}
	cancel()
	if code := <-served; code != exitOK {
		t.Fatalf("serve exit %d: %s", code, serveErr.String())
	}
	if !strings.Contains(serveErr.String(), "stopped: every request finished") {
		t.Errorf("serve stderr: %s", serveErr.String())
	}
	if code := te.run("code", "list", "--coder", "ann"); code != exitOK || !strings.Contains(te.out.String(), "VERBIND") || !strings.Contains(te.out.String(), "KRITISCH") {
		t.Fatalf("code list after serving: %d %s %s", code, te.out.String(), te.err.String())
	}
}

func TestServeWarnsOnOpenInterface(t *testing.T) {
	te := newTestEnv(t)
	var out bytes.Buffer
	env := &Env{IO: &IOStreams{In: strings.NewReader("een lang wachtwoord\n"), Out: &out, Err: &out},
		Getenv: func(string) string { return "" }, Getwd: func() (string, error) { return te.dir, nil }}
	if code := Run(context.Background(), env, []string{"users", "add", "ann", "--role", "admin", "--password-stdin"}); code != exitOK {
		t.Fatalf("users add: %s", out.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // stop at once: only the warning is tested
	var errw syncBuffer
	env.IO = &IOStreams{In: strings.NewReader(""), Out: io.Discard, Err: &errw}
	Run(ctx, env, []string{"serve", "--addr", "0.0.0.0:0"})
	if !strings.Contains(errw.String(), "warning: 0.0.0.0:0 is reachable from other machines") {
		t.Fatalf("no warning: %s", errw.String())
	}
}

package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/web"
	"github.com/spf13/cobra"
)

// serveOptions are the arguments of `plancoder serve`.
type serveOptions struct {
	IO          *IOStreams
	Project     func() (*project.Project, error)
	Abs         func(string) (string, error)
	Ctx         context.Context
	Addr        string
	TLSCert     string
	TLSKey      string
	BehindProxy bool
	// Listening, when set, is told the address served (tests use port 0).
	Listening func(addr string)
}

func newCmdServe(f *Factory, runF func(*serveOptions) error) *cobra.Command {
	opts := &serveOptions{IO: f.IOStreams, Project: f.Project, Abs: f.Abs}
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the project to a team in the browser: coding, analyses, users with roles",
		Long: `Serve the project folder as a web application for the team: coders code in
the browser with the coding screen's keys (every key press is saved before
the page shows it saved), readers see the analyses. Users and roles come
from 'plancoder users'; there must be at least one.

By default only this machine can connect (127.0.0.1:8080). To serve the
office network give --addr 0.0.0.0:8080 with --tls-cert and --tls-key, or
run behind a reverse proxy that does TLS and give --behind-proxy (cookies
are then marked Secure and login limits count the proxy's X-Forwarded-For
address). Without either, another interface gets a warning: passwords
would cross the network in clear text.

The server holds the project's database only for each request, so other
plancoder commands (ingest, code, agree, report) work while it runs.
Ctrl-C (SIGINT) or SIGTERM stops it gracefully: running requests, and the
saves in them, finish first.`,
		Example: `  plancoder users add ann --role coder && plancoder serve
  plancoder serve --addr 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem
  plancoder serve --addr 127.0.0.1:8080 --behind-proxy`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if runF != nil {
				return runF(opts)
			}
			return runServe(opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "address to listen on (host:port)")
	fl.StringVar(&opts.TLSCert, "tls-cert", "", "TLS certificate file (PEM), with --tls-key")
	fl.StringVar(&opts.TLSKey, "tls-key", "", "TLS private key file (PEM), with --tls-cert")
	fl.BoolVar(&opts.BehindProxy, "behind-proxy", false, "a TLS reverse proxy is in front: Secure cookies, client address from X-Forwarded-For")
	return c
}

func runServe(opts *serveOptions) error {
	if (opts.TLSCert == "") != (opts.TLSKey == "") {
		return usagef("give --tls-cert and --tls-key together")
	}
	if _, _, err := net.SplitHostPort(opts.Addr); err != nil {
		return usagef("--addr %q: give host:port, like 127.0.0.1:8080", opts.Addr)
	}
	for _, f := range []*string{&opts.TLSCert, &opts.TLSKey} {
		if *f == "" {
			continue
		}
		abs, err := opts.Abs(*f)
		if err != nil {
			return err
		}
		if _, err := os.Stat(abs); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		*f = abs
	}
	p, err := opts.Project()
	if err != nil {
		return err
	}
	s, err := p.Open()
	if err != nil {
		return err
	}
	users, err := s.Users()
	s.Close()
	if err != nil {
		return err
	}
	if len(users) == 0 {
		return fmt.Errorf("no one can log in yet: add a user first (plancoder users add NAME --role admin)")
	}
	tls := opts.TLSCert != ""
	if w := web.ExposedWarning(opts.Addr, tls, opts.BehindProxy); w != "" {
		fmt.Fprintf(opts.IO.Err, "plancoder: warning: %s\n", w)
	}
	srv, err := web.New(web.Config{Project: p, Secure: tls || opts.BehindProxy, BehindProxy: opts.BehindProxy, Log: opts.IO.Err})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	scheme := "http"
	if tls {
		scheme = "https"
	}
	who := fmt.Sprintf("%d users", len(users))
	if len(users) == 1 {
		who = "1 user"
	}
	fmt.Fprintf(opts.IO.Err, "serving %s on %s://%s (%s; Ctrl-C stops)\n", p.Dir, scheme, ln.Addr(), who)
	if opts.Listening != nil {
		opts.Listening(ln.Addr().String())
	}
	ctx := opts.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Serve(ctx, ln, opts.TLSCert, opts.TLSKey, 30*time.Second); err != nil {
		return err
	}
	fmt.Fprintln(opts.IO.Err, "stopped: every request finished")
	return nil
}

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/web/account"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func newUsersCmd(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "users",
		Short: "Manage who may log in to 'plancoder serve': add, passwd, role, list, remove",
		Long: `Users log in to the web interface ('plancoder serve'). Each has a role:
  admin   everything a coder can, and the admin pages (/admin): users,
          codebook, samples, reconcile, ingest status and check
  coder   codes fragments in the browser, sees the analyses
  reader  sees the analyses and the report; never codes, never sees a
          coder's codings in a reliability sample
A user's name is their coder name: codings made in the browser carry it, as
codings from 'plancoder code --coder NAME' and from bundles do.
Passwords are stored only as argon2id hashes with a random salt.
An admin can make the same changes on the users page (/admin/users); both
refuse to remove the last admin or take away their role.`,
		Example: `  plancoder users add ann --role coder
  printf '%s\n' "$PASSWORD" | plancoder users add rita --role reader --password-stdin
  plancoder users role ann --role admin
  plancoder users list`,
	}
	c.AddCommand(newCmdUsersAdd(f, nil), newCmdUsersPasswd(f, nil), newCmdUsersRole(f, nil), newCmdUsersList(f, nil), newCmdUsersRemove(f, nil))
	return c
}

// usersOptions are the arguments of the users commands.
type usersOptions struct {
	storeIO
	Name          string
	Role          string
	PasswordStdin bool
	Format        string
	// InTTY reports whether standard input is a terminal (a prompt can
	// hide what is typed); ReadSecret reads a line without echo.
	InTTY      func() bool
	ReadSecret func() (string, error)
}

func newUsersOptions(f *Factory) *usersOptions {
	return &usersOptions{storeIO: newStoreIO(f),
		InTTY: func() bool {
			fd, ok := f.IOStreams.In.(*os.File)
			return ok && term.IsTerminal(int(fd.Fd()))
		},
		ReadSecret: func() (string, error) {
			fd := f.IOStreams.In.(*os.File)
			b, err := term.ReadPassword(int(fd.Fd()))
			fmt.Fprintln(f.IOStreams.Err)
			return string(b), err
		}}
}

// password reads the new password: one line from standard input with
// --password-stdin, else typed twice at a prompt.
func (o *usersOptions) password() (string, error) {
	if o.PasswordStdin {
		line, err := bufio.NewReader(o.IO.In).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read the password from standard input: %w", err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			return "", fmt.Errorf("no password on standard input")
		}
		return line, nil
	}
	if !o.InTTY() {
		return "", usagef("standard input is not a terminal: give --password-stdin and the password on standard input")
	}
	fmt.Fprintf(o.IO.Err, "Password for %s: ", o.Name)
	p1, err := o.ReadSecret()
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	if err := account.CheckPassword(p1); err != nil {
		return "", err
	}
	fmt.Fprintf(o.IO.Err, "Again: ")
	p2, err := o.ReadSecret()
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	if p1 != p2 {
		return "", fmt.Errorf("the passwords differ: nothing changed")
	}
	return p1, nil
}

func usersRun(opts *usersOptions, runF func(*usersOptions) error, run func(*usersOptions) error) func(*cobra.Command, []string) error {
	return func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			opts.Name = args[0]
		}
		if runF != nil {
			return runF(opts)
		}
		return run(opts)
	}
}

func newCmdUsersAdd(f *Factory, runF func(*usersOptions) error) *cobra.Command {
	opts := newUsersOptions(f)
	c := &cobra.Command{
		Use:   "add NAME --role admin|coder|reader",
		Short: "Add a user with a role and a password",
		Long: `Add a user who may log in to 'plancoder serve'. NAME is also their coder
name (1 to 64 characters, no control characters; not "consensus"). The
password (at least 10 characters) is asked twice at a prompt that does not
show it, or read as one line from standard input with --password-stdin.`,
		Example: `  plancoder users add ann --role coder
  plancoder users add lead --role admin
  printf '%s\n' "$PASSWORD" | plancoder users add rita --role reader --password-stdin`,
		Args: cobra.ExactArgs(1),
		RunE: usersRun(opts, runF, runUsersAdd),
	}
	c.Flags().StringVar(&opts.Role, "role", "", "admin, coder or reader (required)")
	c.Flags().BoolVar(&opts.PasswordStdin, "password-stdin", false, "read the password as one line from standard input")
	return c
}

func runUsersAdd(opts *usersOptions) error {
	if opts.Role == "" {
		return usagef("give --role admin, coder or reader")
	}
	if !store.ValidRole(opts.Role) {
		return usagef("--role %q: use admin, coder or reader", opts.Role)
	}
	if err := store.ValidateUser(store.User{Name: opts.Name, Role: opts.Role, PasswordHash: "-"}); err != nil {
		return usageError{err}
	}
	pw, err := opts.checkThenPassword(func(s *store.Store) error {
		if _, err := s.User(opts.Name); err == nil {
			return fmt.Errorf("user %s exists: change the password with 'plancoder users passwd %s'", opts.Name, opts.Name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Hashed before the project is opened again: the hash is slow.
	u, err := account.NewUser(opts.Name, opts.Role, pw)
	if err != nil {
		return err
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	if err := account.Add(s, opts.Actor(), u); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "added %s (%s)\n", opts.Name, opts.Role)
	return nil
}

func newCmdUsersPasswd(f *Factory, runF func(*usersOptions) error) *cobra.Command {
	opts := newUsersOptions(f)
	c := &cobra.Command{
		Use:   "passwd NAME",
		Short: "Give a user a new password (their browser sessions end)",
		Long: `Set a new password for a user. Their open sessions in the browser end at
their next request; they log in again with the new password.`,
		Example: `  plancoder users passwd ann
  printf '%s\n' "$PASSWORD" | plancoder users passwd ann --password-stdin`,
		Args: cobra.ExactArgs(1),
		RunE: usersRun(opts, runF, runUsersPasswd),
	}
	c.Flags().BoolVar(&opts.PasswordStdin, "password-stdin", false, "read the password as one line from standard input")
	return c
}

func runUsersPasswd(opts *usersOptions) error {
	pw, err := opts.checkThenPassword(func(s *store.Store) error {
		_, err := s.User(opts.Name)
		return err
	})
	if err != nil {
		return err
	}
	h, err := account.HashPassword(pw)
	if err != nil {
		return fmt.Errorf("user %s: %w", opts.Name, err)
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	if err := account.SetPasswordHash(s, opts.Actor(), opts.Name, h); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "new password for %s\n", opts.Name)
	return nil
}

func newCmdUsersList(f *Factory, runF func(*usersOptions) error) *cobra.Command {
	opts := newUsersOptions(f)
	c := &cobra.Command{
		Use:     "list",
		Short:   "List the users and their roles",
		Long:    `List who may log in to 'plancoder serve', with role and when the user was added and last changed.`,
		Example: "  plancoder users list\n  plancoder users list --format json",
		Args:    cobra.NoArgs,
		RunE:    usersRun(opts, runF, runUsersList),
	}
	addFormatFlag(c, &opts.Format)
	return c
}

func runUsersList(opts *usersOptions) error {
	if err := checkFormat(opts.Format); err != nil {
		return err
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	us, err := s.Users()
	if err != nil {
		return err
	}
	if len(us) == 0 && opts.Format == formatTable {
		fmt.Fprintln(opts.IO.Err, "no users yet: plancoder users add NAME --role admin")
		return nil
	}
	t := &table{header: []string{"name", "role", "added", "changed"}}
	for _, u := range us {
		t.add(u.Name, u.Role, u.Created.Format("2006-01-02 15:04"), u.Changed.Format("2006-01-02 15:04"))
	}
	return t.print(opts.IO.Out, opts.Format, opts.IO.Width)
}

func newCmdUsersRemove(f *Factory, runF func(*usersOptions) error) *cobra.Command {
	opts := newUsersOptions(f)
	return &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove a user's login (their codings stay)",
		Long: `Remove a user: they can no longer log in and their open sessions end at
their next request. Their codings and memos stay, under their coder name.`,
		Example: "  plancoder users remove ann",
		Args:    cobra.ExactArgs(1),
		RunE:    usersRun(opts, runF, runUsersRemove),
	}
}

func runUsersRemove(opts *usersOptions) error {
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	if err := account.Remove(s, opts.Actor(), opts.Name); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "removed %s (codings stay)\n", opts.Name)
	return nil
}

// checkThenPassword runs check on the store and reads the password with
// the store closed (the project is not held while someone types, nor
// while the password is hashed).
func (opts *usersOptions) checkThenPassword(check func(*store.Store) error) (string, error) {
	_, s, err := opts.Store()
	if err != nil {
		return "", err
	}
	err = check(s)
	s.Close()
	if err != nil {
		return "", err
	}
	return opts.password()
}

func newCmdUsersRole(f *Factory, runF func(*usersOptions) error) *cobra.Command {
	opts := newUsersOptions(f)
	c := &cobra.Command{
		Use:   "role NAME --role admin|coder|reader",
		Short: "Give a user another role",
		Long: `Give a user another role. It applies to their open browser sessions at their
next request (they stay logged in). Taking the admin role from the last admin
is refused: give another user the admin role first.`,
		Example: "  plancoder users role ann --role admin\n  plancoder users role rita --role coder",
		Args:    cobra.ExactArgs(1),
		RunE:    usersRun(opts, runF, runUsersRole),
	}
	c.Flags().StringVar(&opts.Role, "role", "", "admin, coder or reader (required)")
	return c
}

func runUsersRole(opts *usersOptions) error {
	if opts.Role == "" {
		return usagef("give --role admin, coder or reader")
	}
	if !store.ValidRole(opts.Role) {
		return usagef("--role %q: use admin, coder or reader", opts.Role)
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	if err := account.SetRole(s, opts.Actor(), opts.Name, opts.Role); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "%s is now %s\n", opts.Name, opts.Role)
	return nil
}

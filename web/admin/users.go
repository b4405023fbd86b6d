package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/web/account"
)

// The users page is `plancoder users` in the browser: the same package
// calls (account.NewUser and Add, HashPassword and SetPasswordHash,
// SetRole, Remove), logged with the admin as actor. A password is hashed
// by hashStep before the store is asked for (hashing takes ~0.1 s and
// 64 MiB, and must not hold the project). An admin cannot remove
// themself or change their own role (another admin can), and the store
// keeps the last admin's role (store.ErrLastAdmin).

// usersData is what the users pages show.
type usersData struct {
	Users []userRow
	Roles []string
	Add   userForm  // the add form, with what was typed and its problems
	User  *userRow  // the one user's page
	Form  *userForm // the one user's forms' problems
}

type userRow struct {
	store.User
	Sessions int
	Self     bool
}

// userForm is a form's values (never a password) and its problems by field.
type userForm struct {
	Name, Role                    string
	NameErr, RoleErr, PasswordErr string
	// hash is the new password's hash, made before the store is opened.
	hash string
}

func (f *userForm) failed() bool { return f.NameErr != "" || f.RoleErr != "" || f.PasswordErr != "" }

// problem is the page's summary of the form's problems, each naming its field.
func (f *userForm) problem() string {
	msg := ""
	for _, fe := range [][2]string{{"name", f.NameErr}, {"role", f.RoleErr}, {"password", f.PasswordErr}} {
		if fe[1] != "" {
			msg += " " + fe[0] + ": " + fe[1] + "."
		}
	}
	return "Nothing changed:" + msg
}

// maxPassword bounds a password field (account.CheckPassword says why).
const maxPassword = 4096

// password reads the password typed twice: the problem, or "" when fine.
func password(form url.Values) (string, string) {
	p1, p2 := form["password"], form["password2"]
	switch {
	case len(p1) != 1 || p1[0] == "":
		return "", "is empty"
	case len(p2) != 1:
		return "", "type it twice (the second field is missing)"
	case len(p1[0]) > maxPassword || len(p2[0]) > maxPassword:
		return "", fmt.Sprintf("is longer than %d bytes", maxPassword)
	case p1[0] != p2[0]:
		return "", "the two passwords differ"
	}
	if err := account.CheckPassword(p1[0]); err != nil {
		return "", err.Error()
	}
	return p1[0], ""
}

// nameProblem checks a user name as the store does ("" when fine).
func nameProblem(name string) string {
	if name == "" {
		return "is empty"
	}
	if err := store.ValidateUser(store.User{Name: name, Role: store.RoleCoder, PasswordHash: "-"}); err != nil {
		return err.Error()
	}
	return ""
}

// readUserForm reads the fields of a users form that path has: name
// (all), role (add, role), password twice (add, passwd; hashed here when
// every field is fine).
func readUserForm(r *http.Request) *userForm {
	f := &userForm{}
	var err error
	if f.Name, err = formValue(r.PostForm, "name", 4*64, false); err != nil {
		f.NameErr = err.Error()
	} else {
		f.NameErr = nameProblem(f.Name)
	}
	path := r.URL.Path
	if path == "/users/add" || path == "/users/role" {
		if f.Role, err = formValue(r.PostForm, "role", 20, false); err != nil || !store.ValidRole(f.Role) {
			f.RoleErr = "choose admin, coder or reader"
		}
	}
	if path == "/users/add" || path == "/users/passwd" {
		pw, problem := password(r.PostForm)
		f.PasswordErr = problem
		if !f.failed() {
			if f.hash, err = account.HashPassword(pw); err != nil {
				f.PasswordErr = err.Error()
			}
		}
	}
	return f
}

// hashStep runs before the store is opened: it reads a users form and
// hashes its password. Only the users forms have one.
func hashStep(r *http.Request, p *page) {
	switch r.URL.Path {
	case "/users/add", "/users/passwd", "/users/role", "/users/remove":
		p.userForm = readUserForm(r)
	}
}

// usersPage is GET /users: the list and the add form.
func usersPage(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	p.Name, p.Title = "users", "Users"
	if err := listUsers(s, p); err != nil {
		return "", err
	}
	p.Users.Add.Role = store.RoleCoder
	p.Msg = usersDoneMsg(r.URL.Query(), p.Users.Users)
	return "", nil
}

func listUsers(s *store.Store, p *page) error {
	us, err := s.Users()
	if err != nil {
		return err
	}
	live, err := s.LiveSessions(p.now(), p.idle)
	if err != nil {
		return err
	}
	d := &usersData{Roles: store.Roles}
	for _, u := range us {
		d.Users = append(d.Users, userRow{User: u, Sessions: live[u.Name], Self: u.Name == p.User})
	}
	p.Users = d
	return nil
}

// userPage is GET /users/user?name=N: the role, password and remove forms.
func userPage(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	name, err := formValue(r.URL.Query(), "name", 4*64, false)
	if err != nil {
		return "", bad(p, err)
	}
	return "", showUser(s, p, name, &userForm{})
}

func showUser(s *store.Store, p *page, name string, f *userForm) error {
	if err := listUsers(s, p); err != nil {
		return err
	}
	i := slices.IndexFunc(p.Users.Users, func(u userRow) bool { return u.Name == name })
	if i < 0 {
		return fmt.Errorf("user %s: %w", store.Quote(name), store.ErrNotFound)
	}
	p.Name, p.Title = "user", "User "+name
	p.Users.User, p.Users.Form = &p.Users.Users[i], f
	return nil
}

// addUser is POST /users/add: account.NewUser's record (hashed by
// hashStep), stored by account.Add.
func addUser(_ context.Context, _ *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	f := p.userForm
	if !f.failed() {
		u := store.User{Name: f.Name, Role: f.Role, PasswordHash: f.hash}
		err := account.Add(s, p.User, u)
		switch {
		case errors.Is(err, store.ErrExists):
			f.NameErr = "is taken: give " + f.Name + " a new password on their page instead"
		case err != nil:
			return "", err
		default:
			return usersDone("added", f.Name), nil
		}
	}
	p.Name, p.Title = "users", "Users"
	if err := listUsers(s, p); err != nil {
		return "", err
	}
	p.Users.Add = *f
	p.Status, p.Error = http.StatusUnprocessableEntity, f.problem()
	return "", nil
}

// setPassword is POST /users/passwd: the new password's hash (from
// hashStep) stored by account.SetPasswordHash; the user's sessions end
// (the admin's own too, when it is theirs: they log in again).
func setPassword(_ context.Context, _ *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	return changeUser(s, p, "password", func(f *userForm) error {
		return account.SetPasswordHash(s, p.User, f.Name, f.hash)
	})
}

// setRole is POST /users/role: account.SetRole.
func setRole(_ context.Context, _ *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	return changeUser(s, p, "role", func(f *userForm) error {
		if f.Name == p.User {
			f.RoleErr = "you cannot change your own role: another admin can"
			return nil
		}
		return account.SetRole(s, p.User, f.Name, f.Role)
	})
}

// removeUser is POST /users/remove: account.Remove (codings stay).
func removeUser(_ context.Context, _ *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	return changeUser(s, p, "removed", func(f *userForm) error {
		if f.Name == p.User {
			f.NameErr = "you cannot remove yourself: another admin can"
			return nil
		}
		return account.Remove(s, p.User, f.Name)
	})
}

// changeUser makes one change to an existing user and goes back to the
// list saying so, or shows the user's page with the problem by field.
func changeUser(s *store.Store, p *page, verb string, change func(*userForm) error) (string, error) {
	f := p.userForm
	nameBad := f.NameErr != ""
	if !f.failed() {
		err := change(f)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return "", err // 404: no such user
		case errors.Is(err, store.ErrLastAdmin):
			if verb == "removed" {
				f.NameErr = f.Name + " is the last admin: give another user the admin role first"
			} else {
				f.RoleErr = f.Name + " is the last admin: give another user the admin role first"
			}
		case err != nil:
			return "", err
		case !f.failed():
			return usersDone(verb, f.Name), nil
		}
	}
	if nameBad {
		// No user to show: the list, with the problem.
		p.Name, p.Title = "users", "Users"
		if err := listUsers(s, p); err != nil {
			return "", err
		}
	} else if err := showUser(s, p, f.Name, f); err != nil {
		return "", err
	}
	p.Status, p.Error = http.StatusUnprocessableEntity, f.problem()
	return "", nil
}

// usersDone is the users page's address saying what a change did.
func usersDone(verb, name string) string {
	return "/users?" + url.Values{"done": {verb}, "name": {name}}.Encode()
}

// usersDoneMsg words a done address's message, only for a known verb and
// a name that is (added, password, role) or is no longer (removed) a
// user, so that a link cannot make the page say anything else.
func usersDoneMsg(q url.Values, users []userRow) string {
	name, verb := q.Get("name"), q.Get("done")
	i := slices.IndexFunc(users, func(u userRow) bool { return u.Name == name })
	if nameProblem(name) != "" || (i < 0) != (verb == "removed") {
		return ""
	}
	switch verb {
	case "added":
		return fmt.Sprintf("Added %s (%s): they log in with the password you gave.", name, users[i].Role)
	case "password":
		return fmt.Sprintf("New password for %s: their sessions have ended.", name)
	case "role":
		return fmt.Sprintf("%s is now %s, from their next request.", name, users[i].Role)
	case "removed":
		return fmt.Sprintf("Removed %s: their sessions have ended; their codings stay.", name)
	}
	return ""
}

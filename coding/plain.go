package coding

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/plancoder/plancoder/citation"
)

// PlainHelp lists the commands of the line mode.
const PlainHelp = `commands (one per line):
  <shortcuts>   toggle the codes with these shortcut keys, e.g. "fv" (a line
                that is a command word, like "show", runs the command)
  = CODER       (reconciling) take this coder's codes
  +KEY / -KEY   switch a code on / off by its key, e.g. "+FIN"
  n, next       next fragment          p, prev     previous fragment
  g N | g ID    go to position N or fragment ID
  / TEXT        find the next fragment containing TEXT
  u, undo       undo the last change   m TEXT      memo on this fragment
  show          show the fragment again
  codes         list the codebook      ?, help     this help
  q, quit       stop (everything acknowledged is already saved)`

// RunPlain runs the session as lines on in/out: the coding screen's
// commands for scripts and screen readers. Its one-letter commands are all
// in store.ReservedShortcuts, so a line of one shortcut always toggles a code. Every change is saved before its
// "ok" line is written.
func RunPlain(s *Session, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	show := func() error {
		v, err := s.Current()
		if err != nil {
			return err
		}
		writeView(out, v)
		return nil
	}
	if err := show(); err != nil {
		return err
	}
	for {
		fmt.Fprint(out, "> ")
		if !sc.Scan() {
			// End of input ends the session like q.
			fmt.Fprintf(out, "\nbye: %d changes saved\n", s.Actions())
			return sc.Err()
		}
		line := strings.TrimSpace(sc.Text())
		cmd, arg, _ := strings.Cut(line, " ")
		arg = strings.TrimSpace(arg)
		var err error
		switch {
		case line == "":
			continue
		case line == "q" || line == "quit":
			fmt.Fprintf(out, "bye: %d changes saved\n", s.Actions())
			return nil
		case line == "?" || line == "help":
			fmt.Fprintln(out, PlainHelp)
		case line == "codes":
			for _, c := range s.Codes {
				fmt.Fprintf(out, "  %-2s %-8s %s (%s)\n", c.Shortcut, c.Key, c.Name, c.Group)
			}
		case line == "n" || line == "next":
			if !s.Move(1) {
				fmt.Fprintln(out, "end of the queue")
				continue
			}
			err = show()
		case line == "p" || line == "prev":
			if !s.Move(-1) {
				fmt.Fprintln(out, "start of the queue")
				continue
			}
			err = show()
		case line == "show":
			err = show()
		case line == "u" || line == "undo":
			var msg string
			if msg, err = s.Undo(); err == nil {
				if msg == "" {
					msg = "nothing to undo"
				}
				fmt.Fprintf(out, "ok: %s\n", msg)
			}
		case cmd == "=" && arg != "":
			err = takeCoder(s, out, arg)
		case cmd == "g" && arg != "":
			if err = s.Jump(arg); err == nil {
				err = show()
			}
		case cmd == "m" && arg != "":
			if memo, merr := s.AddMemo(arg); merr != nil {
				err = merr
			} else {
				fmt.Fprintf(out, "ok: memo %d saved on %s\n", memo.ID, memo.Target)
			}
		case strings.HasPrefix(line, "/"):
			needle := strings.TrimSpace(strings.TrimPrefix(line, "/"))
			var found bool
			if found, err = s.Find(needle); err == nil {
				if !found {
					fmt.Fprintf(out, "not found: %s\n", needle)
					continue
				}
				err = show()
			}
		case strings.HasPrefix(line, "+") || strings.HasPrefix(line, "-"):
			err = setByKey(s, out, line[:1], strings.TrimSpace(line[1:]))
		default:
			err = toggleShortcuts(s, out, line)
		}
		if err != nil {
			fmt.Fprintf(out, "error: %v\n", err)
		}
	}
}

func setByKey(s *Session, out io.Writer, sign, key string) error {
	c, ok := s.CodeByKey(key)
	if !ok {
		return fmt.Errorf("no code %q; 'codes' lists them", key)
	}
	v, err := s.Current()
	if err != nil {
		return err
	}
	has := false
	for _, k := range v.Codes {
		if k == c.Key {
			has = true
		}
	}
	if (sign == "+") == has {
		fmt.Fprintf(out, "ok: %s already %s\n", c.Key, map[bool]string{true: "on", false: "off"}[has])
		return nil
	}
	on, err := s.Toggle(c.Key)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "ok: %s%s on %s\n", map[bool]string{true: "+", false: "-"}[on], c.Key, s.Queue[s.Pos])
	return nil
}

func toggleShortcuts(s *Session, out io.Writer, line string) error {
	var codes []Code
	for _, r := range line {
		c, ok := s.CodeByShortcut(string(r))
		if !ok {
			return fmt.Errorf("%q is not a command or a code shortcut; '?' lists the commands, 'codes' the shortcuts", string(r))
		}
		codes = append(codes, Code(c.Key))
	}
	for _, c := range codes {
		on, err := s.Toggle(string(c))
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "ok: %s%s on %s\n", map[bool]string{true: "+", false: "-"}[on], c, s.Queue[s.Pos])
	}
	return nil
}

// Code is a code key.
type Code string

func writeView(out io.Writer, v View) {
	f := v.Fragment
	cite := citation.New(v.OrgName, v.Doc.Org, v.Doc.ID, f.Page, f.Section, f.ID)
	fmt.Fprintf(out, "\n[%d/%d] %s (%s)\n%s\n", v.Pos+1, v.Total, f.ID, f.Kind, cite)
	fmt.Fprintf(out, "%s\n", f.Text)
	codes := "none"
	if len(v.Codes) > 0 {
		codes = strings.Join(v.Codes, ", ")
	}
	fmt.Fprintf(out, "codes: %s\n", codes)
	if len(v.Others) > 0 {
		var names []string
		for c := range v.Others {
			names = append(names, c)
		}
		sort.Strings(names)
		for _, c := range names {
			cs := strings.Join(v.Others[c], ", ")
			if cs == "" {
				cs = "none"
			}
			fmt.Fprintf(out, "  %s: %s\n", c, cs)
		}
	}
	for _, m := range v.Memos {
		fmt.Fprintf(out, "memo %d (%s): %s\n", m.ID, m.Author, m.Text)
	}
}

// takeCoder sets the session coder's codes to another coder's (reconciling).
func takeCoder(s *Session, out io.Writer, coder string) error {
	v, err := s.Current()
	if err != nil {
		return err
	}
	codes, ok := v.Others[coder]
	if !ok {
		return fmt.Errorf("%s is not one of the coders shown", coder)
	}
	if err := s.SetAll(codes); err != nil {
		return err
	}
	fmt.Fprintf(out, "ok: %s = %s on %s\n", s.Coder, strings.Join(codes, ", "), s.Queue[s.Pos])
	return nil
}

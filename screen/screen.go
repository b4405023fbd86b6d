// Package screen is the keyboard-driven coding screen: one fragment at a
// time with its neighbours, the codebook with the codes that are on, and a
// status line. It is a bubbletea model over a coding.Session; every change
// is saved by the session before the screen acknowledges it.
package screen

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/plancoder/plancoder/coding"
)

type mode int

const (
	modeNormal mode = iota
	modeMemo
	modeFind
	modeJump
	modeHelp
)

// Model is the coding screen. Its methods run the session's actions
// synchronously, so an action is saved before the next key is handled.
type Model struct {
	s *coding.Session

	view    coding.View
	loaded  bool  // view shows the fragment at s.Pos
	loadErr error // why it is not loaded

	width, height int
	mode          mode
	input         textinput.Model
	help          viewport.Model
	scroll        int // first line of the current fragment on screen
	curRows       int // lines for the current fragment at the last render
	curLen        int // lines of the current fragment at the last render

	msg    string
	msgErr bool
	coded  map[string]bool // fragments changed in this screen

	noColor bool

	// waiting is set while another process holds the project: keys are
	// kept in pending, in order, and handled when it is free.
	waiting bool
	pending []tea.KeyPressMsg
}

// waitingMessage is the status line while another process holds the
// project.
const waitingMessage = "waiting for the project (another plancoder process is using it)... your keys are kept; ctrl+c quits"

// pollEvery is how often a waiting screen looks whether the project is free.
const pollEvery = 100 * time.Millisecond

// freeMsg says the project is free again.
type freeMsg struct{}

// waitFree polls busy until it reports the project free. It only calls
// busy, which touches no screen state, so it may run beside the screen.
func waitFree(busy func() bool) tea.Cmd {
	return func() tea.Msg {
		for busy() {
			time.Sleep(pollEvery)
		}
		return freeMsg{}
	}
}

// usesStore reports whether a key in the current mode runs an action that
// opens the project (the others only change the screen).
func (m *Model) usesStore(key string) bool {
	switch m.mode {
	case modeHelp:
		return false
	case modeMemo, modeFind, modeJump:
		return key == "enter"
	}
	switch key {
	case "?", "esc", "pgdown", "ctrl+d", "pgup", "ctrl+u", "g", "/":
		return false
	}
	return true
}

// New returns the screen for s, showing its current fragment.
func New(s *coding.Session) *Model {
	m := &Model{
		s:       s,
		width:   80,
		height:  24,
		coded:   map[string]bool{},
		noColor: noColorEnv(),
		input:   textinput.New(),
		help:    viewport.New(),
	}
	m.reload()
	return m
}

func noColorEnv() bool { return os.Getenv("NO_COLOR") != "" }

// Run shows the coding screen for s until the coder quits. in/out are the
// terminal.
func Run(s *coding.Session, in io.Reader, out io.Writer) error {
	opts := []tea.ProgramOption{tea.WithInput(in), tea.WithOutput(out)}
	if noColorEnv() {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	_, err := tea.NewProgram(New(s), opts...).Run()
	return err
}

// Message is the last action's message and whether it is an error.
func (m *Model) Message() (string, bool) { return m.msg, m.msgErr }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

func (m *Model) say(format string, args ...any) {
	m.msg, m.msgErr = fmt.Sprintf(format, args...), false
}

func (m *Model) fail(err error) {
	m.msg, m.msgErr = "error: "+err.Error(), true
}

// reload loads the fragment at the session's position (which marks it
// seen). On failure the screen shows no fragment, so no code can be
// toggled on a fragment other than the one on screen.
func (m *Model) reload() bool {
	v, err := m.s.Current()
	m.scroll = 0
	if err != nil {
		m.loaded, m.loadErr = false, err
		m.view = coding.View{Pos: m.s.Pos, Total: len(m.s.Queue)}
		m.fail(err)
		return false
	}
	m.view, m.loaded, m.loadErr = v, true, nil
	return true
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.sizeInput()
		if m.mode == modeHelp {
			m.setHelp()
		}
		return m, nil
	case freeMsg:
		return m.replay()
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
		if m.waiting {
			m.pending = append(m.pending, msg)
			return m, nil
		}
		if m.s.Busy != nil && m.usesStore(msg.String()) && m.s.Busy() {
			m.waiting, m.pending = true, []tea.KeyPressMsg{msg}
			m.msg, m.msgErr = waitingMessage, false
			return m, waitFree(m.s.Busy)
		}
		switch m.mode {
		case modeHelp:
			return m.updateHelp(msg)
		case modeMemo, modeFind, modeJump:
			return m.updateInput(msg)
		}
		return m.updateNormal(msg)
	case tea.PasteMsg:
		if m.mode == modeMemo || m.mode == modeFind || m.mode == modeJump {
			var cmd tea.Cmd
			m.input, cmd = m.input.Update(msg)
			return m, cmd
		}
	}
	if m.mode == modeMemo || m.mode == modeFind || m.mode == modeJump {
		// Cursor blinks and the like.
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

// replay handles the keys kept while the project was busy, in order; if
// the project is taken again meanwhile, the rest wait again.
func (m *Model) replay() (tea.Model, tea.Cmd) {
	keys := m.pending
	m.waiting, m.pending = false, nil
	if m.msg == waitingMessage {
		m.msg = ""
	}
	var cmds []tea.Cmd
	for i, k := range keys {
		if m.waiting {
			m.pending = append(m.pending, keys[i:]...)
			break
		}
		_, cmd := m.Update(k)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// updateNormal handles a key on the fragment. Every one-character key it
// uses itself is in store.ReservedShortcuts, so no code's shortcut is
// shadowed; every other key is looked up as a shortcut.
func (m *Model) updateNormal(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch key := k.String(); key {
	case "q":
		return m, tea.Quit
	case "?":
		m.mode = modeHelp
		m.setHelp()
		m.help.GotoTop()
	case "j", "down", "n", "enter", "space":
		m.move(1)
	case "k", "up", "p":
		m.move(-1)
	case "G":
		m.s.Pos = len(m.s.Queue) - 1
		if m.reload() {
			m.say("last fragment")
		}
	case "g":
		return m, m.openInput(modeJump, "go to (position or fragment ID): ")
	case "m":
		if !m.loaded {
			m.refuse()
			return m, nil
		}
		return m, m.openInput(modeMemo, "memo: ")
	case "/":
		return m, m.openInput(modeFind, "find: ")
	case "u":
		what, err := m.s.Undo()
		switch {
		case err != nil:
			m.fail(err)
		case what == "":
			m.say("nothing to undo")
		default:
			if m.reload() {
				m.say("%s (saved)", what)
			}
		}
	case "pgdown", "ctrl+d":
		m.scroll = min(m.scroll+max(1, m.curRows-1), max(0, m.curLen-m.curRows))
	case "pgup", "ctrl+u":
		m.scroll = max(0, m.scroll-max(1, m.curRows-1))
	case "esc":
		m.msg, m.msgErr = "", false
	case "ctrl+l", "ctrl+r":
		if m.reload() {
			m.say("reloaded")
		}
	default:
		c, ok := m.s.CodeByShortcut(key)
		if !ok {
			m.say("%s: not a key here; ? lists the keys", key)
			return m, nil
		}
		if !m.loaded {
			m.refuse()
			return m, nil
		}
		on, err := m.s.Toggle(c.Key)
		if err != nil {
			m.fail(err)
			return m, nil
		}
		m.coded[m.s.Queue[m.s.Pos]] = true
		m.setOn(c.Key, on)
		if on {
			m.say("saved +%s", c.Key)
		} else {
			m.say("saved -%s", c.Key)
		}
	}
	return m, nil
}

func (m *Model) refuse() {
	err := m.loadErr
	if err == nil {
		err = fmt.Errorf("no fragment loaded")
	}
	m.msg, m.msgErr = fmt.Sprintf("fragment not loaded (%v): ctrl+l retries", err), true
}

func (m *Model) setOn(key string, on bool) {
	var out []string
	for _, c := range m.view.Codes {
		if c != key {
			out = append(out, c)
		}
	}
	if on {
		out = append(out, key)
	}
	m.view.Codes = out
}

func (m *Model) move(delta int) {
	if !m.s.Move(delta) {
		if !m.loaded {
			m.reload()
			return
		}
		if delta > 0 {
			m.say("end of the queue")
		} else {
			m.say("start of the queue")
		}
		return
	}
	if m.reload() {
		m.msg, m.msgErr = "", false
	}
}

func (m *Model) openInput(md mode, prompt string) tea.Cmd {
	m.mode = md
	m.input.Reset()
	m.input.Prompt = prompt
	m.input.Placeholder = ""
	m.sizeInput()
	return m.input.Focus()
}

func (m *Model) sizeInput() {
	w := m.width - ansi.StringWidth(m.input.Prompt) - 1
	if w-len([]rune(inputHint)) >= 10 {
		w -= len([]rune(inputHint))
	}
	m.input.SetWidth(max(1, w))
}

func (m *Model) closeInput() {
	m.mode = modeNormal
	m.input.Blur()
}

func (m *Model) updateInput(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch k.String() {
	case "esc":
		m.closeInput()
		m.say("cancelled")
		return m, nil
	case "enter":
		text := strings.TrimSpace(m.input.Value())
		md := m.mode
		m.closeInput()
		if text == "" {
			m.say("cancelled")
			return m, nil
		}
		m.submit(md, text)
		return m, nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(k)
	return m, cmd
}

func (m *Model) submit(md mode, text string) {
	switch md {
	case modeMemo:
		memo, err := m.s.AddMemo(text)
		if err != nil {
			m.fail(err)
			return
		}
		m.view.Memos = append(m.view.Memos, memo)
		m.say("memo %d saved on %s", memo.ID, memo.Target)
	case modeFind:
		found, err := m.s.Find(text)
		switch {
		case err != nil:
			m.fail(err)
		case !found:
			m.say("not found: %s", text)
		default:
			if m.reload() {
				m.say("found %q at %d/%d", text, m.s.Pos+1, len(m.s.Queue))
			}
		}
	case modeJump:
		if err := m.s.Jump(text); err != nil {
			m.fail(err)
			return
		}
		if m.reload() {
			m.say("at %d/%d", m.s.Pos+1, len(m.s.Queue))
		}
	}
}

func (m *Model) updateHelp(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch k.String() {
	case "?", "esc", "q":
		m.mode = modeNormal
		return m, nil
	case "g", "home":
		m.help.GotoTop()
		return m, nil
	case "G", "end":
		m.help.GotoBottom()
		return m, nil
	}
	var cmd tea.Cmd
	m.help, cmd = m.help.Update(k)
	return m, cmd
}

package screen

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/plancoder/plancoder/store"
)

// keyHelp lists the screen's keys for the help overlay.
var keyHelp = [][2]string{
	{"<shortcut>", "toggle that code on this fragment; it is saved before \"saved +KEY\" shows"},
	{"j ↓ n enter space", "next fragment"},
	{"k ↑ p", "previous fragment"},
	{"g N enter", "go to position N, or g ID enter: go to a fragment ID"},
	{"G", "last fragment"},
	{"u", "undo the last change (and go back to its fragment)"},
	{"m", "memo on this fragment: enter saves, esc cancels"},
	{"/", "find the next fragment containing a text: enter searches, esc cancels"},
	{"pgdn pgup", "scroll a fragment longer than the screen (also ctrl+d, ctrl+u)"},
	{"ctrl+l", "load the fragment again (after an error)"},
	{"?", "this help: ↑↓ j k pgdn pgup scroll, ? or esc or q closes"},
	{"q ctrl+c", "quit; every change shown as saved is already on disk"},
}

// setHelp sizes the help viewport to the terminal and fills it.
func (m *Model) setHelp() {
	w, h := max(m.width, 1), max(m.height, 1)
	m.help.SetWidth(w)
	m.help.SetHeight(max(1, h-2))
	m.help.SetContent(m.helpText(w))
}

func (m *Model) helpText(w int) string {
	st := m.styles()
	var lines []string
	add := func(s ...string) { lines = append(lines, s...) }
	add(st.label.Render("Keys"))
	keyW := 0
	for _, k := range keyHelp {
		keyW = max(keyW, ansi.StringWidth(k[0]))
	}
	keyW = min(keyW+2, max(w/3, 4))
	for _, k := range keyHelp {
		add(hanging(k[0], k[1], keyW, w, st.bold.Render)...)
	}
	add("", st.label.Render(fmt.Sprintf("Codebook (%d codes)", len(m.s.Codes))))
	var groups []string
	byGroup := map[string][]store.Code{}
	for _, c := range m.s.Codes {
		if _, ok := byGroup[c.Group]; !ok {
			groups = append(groups, c.Group)
		}
		byGroup[c.Group] = append(byGroup[c.Group], c)
	}
	for _, g := range groups {
		if g != "" {
			add("", st.bold.Render(fit(g, w)))
		}
		for _, c := range byGroup[g] {
			m.helpCode(c, w, st, add)
		}
	}
	return strings.Join(lines, "\n")
}

func (m *Model) helpCode(c store.Code, w int, st styles, add func(...string)) {
	sc := c.Shortcut
	if sc == "" {
		sc = "-"
	}
	head := fmt.Sprintf("[%s] %s", sc, c.Key)
	add(hanging(head, c.Name, min(16, max(w/3, 4)), w, st.bold.Render)...)
	for _, f := range [][2]string{
		{"", c.Description},
		{"include: ", c.Include},
		{"exclude: ", c.Exclude},
		{"example: ", c.Example},
	} {
		if strings.TrimSpace(f[1]) == "" {
			continue
		}
		for _, l := range wrap(f[0]+f[1], w-6) {
			add("      " + l)
		}
	}
}

// hanging formats "head  text" with text wrapped under itself.
func hanging(head, text string, headW, w int, bold func(...string) string) []string {
	indent := "  "
	if headW+len(indent)+10 > w {
		// Too narrow for two columns: head on its own line.
		out := []string{fit(indent+bold(head), w)}
		for _, l := range wrap(text, w-4) {
			out = append(out, "    "+l)
		}
		return out
	}
	h := fit(head, headW-1)
	pad := strings.Repeat(" ", headW-ansi.StringWidth(h))
	var out []string
	for i, l := range wrap(text, w-len(indent)-headW) {
		if i == 0 {
			out = append(out, indent+bold(h)+pad+l)
		} else {
			out = append(out, indent+strings.Repeat(" ", headW)+l)
		}
	}
	return out
}

func (m *Model) renderHelp(w, h int) string {
	st := m.styles()
	title := st.bold.Render(fit("plancoder coding screen: help", w))
	foot := fmt.Sprintf("↑↓ j k pgdn pgup scroll · ? esc q close · %3.0f%%", m.help.ScrollPercent()*100)
	if h < 3 {
		return fit(title, w)
	}
	body := strings.Split(m.help.View(), "\n")
	if len(body) > h-2 {
		body = body[:h-2]
	}
	for i, l := range body {
		body[i] = fit(l, w)
	}
	lines := append([]string{title}, body...)
	lines = append(lines, st.dim.Render(fit(foot, w)))
	return strings.Join(lines, "\n")
}

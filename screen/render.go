package screen

import (
	"fmt"
	"image/color"
	"sort"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/plancoder/plancoder/citation"
	"github.com/plancoder/plancoder/store"
)

const neighbourLines = 3 // lines shown of the previous and next fragments

const inputHint = "  enter ok · esc cancels"

type styles struct {
	dim, bold, bar, status, err, on, label lipgloss.Style
}

func (m *Model) styles() styles {
	st := styles{
		dim:    lipgloss.NewStyle().Faint(true),
		bold:   lipgloss.NewStyle().Bold(true),
		bar:    lipgloss.NewStyle().Bold(true),
		status: lipgloss.NewStyle().Reverse(true),
		err:    lipgloss.NewStyle().Bold(true),
		on:     lipgloss.NewStyle().Reverse(true).Bold(true),
		label:  lipgloss.NewStyle().Bold(true).Underline(true),
	}
	if !m.noColor {
		st.err = st.err.Foreground(lipgloss.Red)
		st.bar = st.bar.Foreground(lipgloss.Cyan)
	}
	return st
}

// View implements tea.Model.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "plancoder"
	if m.loaded {
		v.WindowTitle = "plancoder: " + m.view.Fragment.ID
	}
	return v
}

// render draws the screen in exactly the terminal's size or less: every
// line fits the width and there are never more lines than the height.
func (m *Model) render() string {
	w, h := max(m.width, 1), max(m.height, 1)
	if m.mode == modeHelp {
		return m.renderHelp(w, h)
	}
	st := m.styles()
	sep := st.dim.Render(strings.Repeat("─", w))

	top := []string{m.citation(w, st), sep}
	bottom := append([]string{m.statusLine(w, st)}, m.messageLines(w, max(1, h/6), st)...)
	cb := m.codebook(w, max(1, (h-6)/3), st)
	codeArea := append([]string{sep}, cb...)
	// What the fragments get; on a tiny terminal the chrome goes first.
	avail := h - len(top) - len(codeArea) - len(bottom)
	if avail < 2 {
		codeArea, avail = nil, avail+len(codeArea)
	}
	if avail < 1 {
		top, avail = top[:1], avail+1
	}
	if avail < 1 {
		top, avail = nil, avail+1
	}

	// Fragments.
	barW := 2
	if w < 6 {
		barW = 0
	}
	var cur []string
	if m.loaded {
		cur = wrap(m.view.Fragment.Text, w-barW)
	} else {
		cur = wrap(fmt.Sprintf("fragment %d/%d is not loaded: %v\nctrl+l retries; the move keys work.", m.s.Pos+1, len(m.s.Queue), m.loadErr), w-barW)
	}
	var prev, next []string
	if m.loaded && m.view.Prev != nil {
		prev = wrap(m.view.Prev.Text, w-2)
		if len(prev) > neighbourLines {
			prev = prev[len(prev)-neighbourLines:]
			prev[0] = "…" + prev[0]
		}
	}
	if m.loaded && m.view.Next != nil {
		next = wrap(m.view.Next.Text, w-2)
		if len(next) > neighbourLines {
			next = next[:neighbourLines]
			next[len(next)-1] += "…"
		}
	}
	rows := 0
	if avail > 1 {
		rows = avail - 1 // one line for the codes that are on
	} else {
		rows = max(avail, 0)
	}
	m.curRows, m.curLen = rows, len(cur)
	scroll := min(m.scroll, max(0, len(cur)-rows))
	if scroll < 0 {
		scroll = 0
	}
	curN := min(len(cur)-scroll, rows)
	rem := rows - curN
	prevN := min(len(prev), (rem+1)/2)
	nextN := min(len(next), rem-prevN)
	prevN = min(len(prev), rem-nextN)

	spare := rem - prevN - nextN // blank lines set the neighbours apart when they fit

	var frag []string
	for _, l := range prev[len(prev)-prevN:] {
		frag = append(frag, st.dim.Render("  "+l))
	}
	if prevN > 0 && spare > 0 {
		frag, spare = append(frag, ""), spare-1
	}
	for _, l := range cur[scroll : scroll+curN] {
		if barW > 0 {
			l = st.bar.Render("┃") + " " + l
		}
		frag = append(frag, l)
	}
	if nextN > 0 && spare > 0 {
		frag = append(frag, "")
	}
	for _, l := range next[:nextN] {
		frag = append(frag, st.dim.Render("  "+l))
	}
	for len(frag) < rows {
		frag = append(frag, "")
	}
	if avail > 1 {
		frag = append(frag, m.onLine(w, st, scroll, curN, len(cur)))
	}

	lines := append(top, frag...)
	lines = append(lines, codeArea...)
	lines = append(lines, bottom...)
	if len(lines) > h {
		lines = lines[len(lines)-h:]
	}
	for i, l := range lines {
		lines[i] = fit(l, w)
	}
	return strings.Join(lines, "\n")
}

// fit cuts a (styled) line to the width.
func fit(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// wrap breaks plain text into lines of at most w cells.
func wrap(text string, w int) []string {
	w = max(w, 1)
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", "    ").Replace(text)
	text = strings.Map(func(r rune) rune {
		if r < ' ' && r != '\n' || r == 0x7f {
			return -1
		}
		return r
	}, text)
	text = strings.TrimRight(text, "\n ")
	var out []string
	for _, l := range strings.Split(ansi.Wrap(text, w, ""), "\n") {
		out = append(out, strings.TrimRight(l, " "))
	}
	return out
}

// join puts left and right on one line of width w, right-aligned, cutting
// left when both do not fit.
func join(left, right string, w int) string {
	rw := ansi.StringWidth(right)
	if rw+2 > w {
		return fit(left, w)
	}
	left = fit(left, w-rw-1)
	gap := w - rw - ansi.StringWidth(left)
	return left + strings.Repeat(" ", gap) + right
}

func (m *Model) citation(w int, st styles) string {
	right := fmt.Sprintf("fragment %d/%d", m.s.Pos+1, len(m.s.Queue))
	if !m.loaded {
		return join(st.dim.Render("(not loaded)"), right, w)
	}
	v := m.view
	c := citation.New(v.OrgName, v.Doc.Org, v.Doc.ID, v.Fragment.Page, v.Fragment.Section, v.Fragment.ID)
	// The screen shows the fragment's ID where the others show the
	// document's: it is what 'j' jumps to.
	var parts []string
	if c.Org != "" {
		parts = append(parts, st.bold.Render(c.Org))
	}
	id := c.Fragment
	if v.Doc.Title != "" {
		id += " (" + v.Doc.Title + ")"
	}
	parts = append(parts, id)
	if p := c.PageLabel(); p != "" {
		parts = append(parts, p)
	}
	if p := c.SectionPath(); p != "" {
		parts = append(parts, st.dim.Render(p))
	}
	return join(strings.Join(parts, " · "), right, w)
}

func (m *Model) onLine(w int, st styles, scroll, shown, total int) string {
	var parts []string
	if !m.loaded {
		return ""
	}
	if len(m.view.Codes) == 0 {
		parts = append(parts, st.dim.Render("codes: none"))
	} else {
		parts = append(parts, "codes: "+st.bold.Render(strings.Join(m.view.Codes, " ")))
	}
	if len(m.view.Others) > 0 {
		// Reconciling: what each coder chose.
		var names []string
		for c := range m.view.Others {
			names = append(names, c)
		}
		sort.Strings(names)
		var o []string
		for _, c := range names {
			cs := strings.Join(m.view.Others[c], " ")
			if cs == "" {
				cs = "–"
			}
			o = append(o, c+": "+cs)
		}
		parts = append(parts, st.dim.Render(strings.Join(o, " | ")))
	}
	if n := len(m.view.Memos); n > 0 {
		last := strings.Join(strings.Fields(m.view.Memos[n-1].Text), " ")
		parts = append(parts, fmt.Sprintf("memos: %d (%s)", n, st.dim.Render(last)))
	}
	line := strings.Join(parts, " · ")
	if shown < total {
		more := fmt.Sprintf("lines %d–%d of %d, pgdn/pgup", scroll+1, scroll+shown, total)
		return join(line, st.bold.Render(more), w)
	}
	return line
}

// codebook lays the codes out in columns, one block of rows per group, in at
// most budget lines.
func (m *Model) codebook(w, budget int, st styles) []string {
	on := map[string]bool{}
	for _, k := range m.view.Codes {
		on[k] = true
	}
	var order []string
	groups := map[string][]store.Code{}
	named := false
	for _, c := range m.s.Codes {
		if _, ok := groups[c.Group]; !ok {
			order = append(order, c.Group)
		}
		groups[c.Group] = append(groups[c.Group], c)
		named = named || c.Group != ""
	}
	labelW := 0
	if named {
		for _, g := range order {
			labelW = max(labelW, ansi.StringWidth(g)+2)
		}
		labelW = min(labelW, max(w/4, 4))
	}
	layout := func(compact bool) []string {
		cellText := func(c store.Code) string {
			sc := c.Shortcut
			if sc == "" {
				sc = " "
			}
			t := "[" + sc + "] " + c.Key
			if !compact && c.Name != "" && c.Name != c.Key {
				t += " " + c.Name
			}
			return t
		}
		cellW := 0
		for _, c := range m.s.Codes {
			cellW = max(cellW, ansi.StringWidth(cellText(c))+1) // +1: the on mark
		}
		cellW = min(cellW, max(w-labelW, 1))
		cols := max(1, (w-labelW+2)/(cellW+2))
		var lines []string
		for _, g := range order {
			cs := groups[g]
			for i := 0; i < len(cs); i += cols {
				var sb strings.Builder
				if labelW > 0 {
					label := ""
					if i == 0 {
						label = fit(g, labelW-2)
					}
					pad := strings.Repeat(" ", labelW-ansi.StringWidth(label))
					sb.WriteString(st.label.Render(label) + pad)
				}
				for j, c := range cs[i:min(i+cols, len(cs))] {
					if j > 0 {
						sb.WriteString("  ")
					}
					text := fit(cellText(c), cellW-1)
					style := lipgloss.NewStyle()
					mark := " "
					if on[c.Key] {
						style, mark = st.on, "✓"
					}
					if col, ok := parseColour(c.Colour); ok && !m.noColor {
						style = style.Foreground(col)
					}
					cell := mark + style.Render(text)
					sb.WriteString(cell + strings.Repeat(" ", max(0, cellW-ansi.StringWidth(cell))))
				}
				lines = append(lines, strings.TrimRight(sb.String(), " "))
			}
		}
		return lines
	}
	lines := layout(false)
	if len(lines) > budget {
		lines = layout(true)
	}
	if len(lines) > budget {
		lines = append(lines[:budget-1], st.dim.Render(fmt.Sprintf("… more codes below; ? lists all %d", len(m.s.Codes))))
	}
	return lines
}

var colourNames = map[string]string{
	"black": "0", "red": "1", "green": "2", "yellow": "3", "blue": "4", "magenta": "5",
	"cyan": "6", "white": "7", "gray": "8", "grey": "8", "orange": "208", "purple": "93",
	"pink": "205", "brown": "130", "teal": "30", "olive": "100", "navy": "18",
}

// parseColour reads a codebook colour: a name, "#rrggbb" or an ANSI number.
func parseColour(s string) (color.Color, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if n, ok := colourNames[s]; ok {
		s = n
	}
	if s == "" {
		return nil, false
	}
	if strings.HasPrefix(s, "#") && (len(s) == 7 || len(s) == 4) {
		if _, err := strconv.ParseUint(s[1:], 16, 32); err == nil {
			return lipgloss.Color(s), true
		}
		return nil, false
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && n < 256 {
		return lipgloss.Color(s), true
	}
	return nil, false
}

func (m *Model) statusLine(w int, st styles) string {
	parts := []string{
		" " + m.s.Coder,
		fmt.Sprintf("%d/%d", m.s.Pos+1, len(m.s.Queue)),
		fmt.Sprintf("coded %d", len(m.coded)),
	}
	if perHour, left := m.s.Pace(); perHour > 0 {
		parts = append(parts, fmt.Sprintf("%.0f/h, %s left", perHour, roughDuration(left)))
	} else {
		parts = append(parts, "pace –")
	}
	line, hint := strings.Join(parts, " │ "), "? help  q quit "
	if ansi.StringWidth(line)+ansi.StringWidth(hint)+1 <= w {
		line = join(line, hint, w)
	} else {
		line = fit(line, w)
	}
	line += strings.Repeat(" ", max(0, w-ansi.StringWidth(line)))
	return st.status.Render(line)
}

func roughDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "<1m"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()+0.5))
	default:
		d = d.Round(time.Minute)
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
}

// messageLines is the input being typed, or the last message wrapped in at
// most n lines.
func (m *Model) messageLines(w, n int, st styles) []string {
	switch m.mode {
	case modeMemo, modeFind, modeJump:
		in := m.input.View()
		if ansi.StringWidth(in)+ansi.StringWidth(inputHint) <= w {
			return []string{in + st.dim.Render(inputHint)}
		}
		return []string{fit(in, w)}
	}
	lines := wrap(m.msg, w)
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = fit(lines[n-1]+"…", w)
	}
	if m.msgErr {
		for i, l := range lines {
			lines[i] = st.err.Render(l)
		}
	}
	return lines
}

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/plancoder/plancoder/store"
)

// errNoAnswer means a question before a change got no answer: standard
// input ended (no terminal, an empty pipe) before a line was read.
var errNoAnswer = errors.New("no answer on standard input")

// confirm asks question on stderr and reads one line of standard input. It
// reports whether the answer is yes (y, yes, j, ja). When input ends without
// an answer it returns an error naming what was not done and --yes: a script
// that forgot --yes must fail, not silently skip or proceed.
func confirm(ios *IOStreams, question, what string) (bool, error) {
	fmt.Fprintf(ios.Err, "%s [y/N] ", question)
	answer, err := bufio.NewReader(ios.In).ReadString('\n')
	if err != nil && (!errors.Is(err, io.EOF) || strings.TrimSpace(answer) == "") {
		fmt.Fprintln(ios.Err)
		if errors.Is(err, io.EOF) {
			err = errNoAnswer
		}
		return false, fmt.Errorf("%s: %w, nothing changed; answer y on a terminal, or give --yes in scripts", what, err)
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes", "j", "ja":
		return true, nil
	}
	fmt.Fprintln(ios.Err, "nothing changed")
	return false, nil
}

// shown gives a stored name for a message: as it is when it is plain
// text, quoted and cut otherwise (a store written before names were
// checked may hold control characters).
func shown(s string) string {
	if store.TextProblem(s, false) == "" && utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return store.Quote(s)
}

// agree picks the verb form for a count of n.
func agree(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// plural gives "1 coding" or "2 codings".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

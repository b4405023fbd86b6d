package main

import "github.com/spf13/cobra"

// codeQueryHelp explains the coding query flags in a command's help.
const codeQueryHelp = `A coding query combines codes as NVivo's coding queries do: --code A,B takes
fragments with A or B, --code-and C also requires C (repeat it, or give
C,D, to require every one), --code-not E leaves out fragments with E.`

// addCodeQueryFlags adds --code-and and --code-not to c.
func addCodeQueryFlags(c *cobra.Command, and, not *[]string) {
	c.Flags().StringArrayVar(and, "code-and", nil, "only fragments that also have every one of these codes (comma-separated, repeatable)")
	c.Flags().StringArrayVar(not, "code-not", nil, "leave out fragments with any of these codes (comma-separated, repeatable)")
}

// splitCodeList splits every value of a repeatable code flag.
func splitCodeList(vals []string) []string {
	var out []string
	for _, v := range vals {
		out = append(out, splitCodes(v)...)
	}
	return out
}

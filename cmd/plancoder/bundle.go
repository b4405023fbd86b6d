package main

import "github.com/spf13/cobra"

func newBundleCmd(env *Env) *cobra.Command {
	return &cobra.Command{Use: "bundle", Short: "Coder bundles", Hidden: true}
}

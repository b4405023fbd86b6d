package main

import "github.com/spf13/cobra"

func newDemoCmd(env *Env) *cobra.Command {
	return &cobra.Command{Use: "demo [DIR]", Short: "Create a demo project with a synthetic corpus", Hidden: true}
}

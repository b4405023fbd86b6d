//go:build !unix

package store

import "os"

func unlockFile(*os.File) {}

func isReadOnlyFS(error) bool { return false }

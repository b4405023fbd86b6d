//go:build !unix

package project

func pidAlive(pid int) (alive, known bool) { return false, false }

// fileLocked cannot tell here; the age of a folder decides alone.
func fileLocked(path string) bool { return false }

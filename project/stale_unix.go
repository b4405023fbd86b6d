//go:build unix

package project

import (
	"errors"
	"os"
	"syscall"
)

// pidAlive reports whether process pid exists (known is false when that
// cannot be told).
func pidAlive(pid int) (alive, known bool) {
	err := syscall.Kill(pid, 0)
	switch {
	case err == nil, errors.Is(err, syscall.EPERM):
		return true, true
	case errors.Is(err, syscall.ESRCH):
		return false, true
	}
	return false, false
}

// fileLocked reports whether another process holds the bbolt lock on the
// database file at path (bbolt takes an exclusive flock while open).
func fileLocked(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		return true
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

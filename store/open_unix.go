//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// unlockFile drops the file lock bbolt took on f.
func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

func isReadOnlyFS(err error) bool { return errors.Is(err, syscall.EROFS) }

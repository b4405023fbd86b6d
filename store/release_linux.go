package store

import (
	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"
)

// releaseMap drops the pages of the database file that bbolt's map has
// brought into this process (madvise MADV_DONTNEED). The map is read-only
// and shared, so nothing is lost: the kernel keeps the pages in its page
// cache, and a later read maps them again. It runs inside a read
// transaction, which keeps bbolt from moving the map meanwhile.
func releaseMap(tx *bolt.Tx) {
	data, size := tx.DB().Info().Data, uintptr(tx.Size())
	if data == 0 || size == 0 {
		return
	}
	unix.Syscall(unix.SYS_MADVISE, data, size, unix.MADV_DONTNEED)
}

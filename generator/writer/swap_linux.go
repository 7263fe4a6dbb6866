package writer

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap exchanges staging and dest in one atomic rename, so dest is never
// missing. Afterwards staging holds the old dest (or nothing).
func swap(staging, dest string) error {
	err := unix.Renameat2(unix.AT_FDCWD, staging, unix.AT_FDCWD, dest, unix.RENAME_EXCHANGE)
	if err == nil {
		return nil
	}
	if errors.Is(err, unix.ENOENT) {
		return os.Rename(staging, dest)
	}
	return swapByRename(staging, dest)
}

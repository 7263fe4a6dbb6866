package writer

import (
	"errors"
	"io/fs"
	"os"
)

// swapByRename moves dest aside, then staging into place: two renames, with
// a moment in which dest is missing. Used where an atomic exchange is not
// available.
func swapByRename(staging, dest string) error {
	aside := staging + ".old"
	existed := true
	if err := os.Rename(dest, aside); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		existed = false
	}
	if err := os.Rename(staging, dest); err != nil {
		if existed {
			_ = os.Rename(aside, dest)
		}
		return err
	}
	if !existed {
		return nil
	}
	return os.Rename(aside, staging)
}

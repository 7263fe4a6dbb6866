//go:build !unix

package writer

import (
	"errors"
	"io/fs"
)

// link is not used here: kept files are copied.
var link = func(old, name string) error { return errors.ErrUnsupported }

// linked: no file of the staging folder is a second name of another.
func linked(info fs.FileInfo) bool { return false }

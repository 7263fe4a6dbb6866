//go:build unix

package writer

import (
	"errors"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

var errBusy = errors.New("locked by another build")

// lockDir takes the folder's lock (flock) for one build, or errBusy when
// another process holds it. The lock ends when the returned file is closed
// or the process ends, however it ends: a build that crashed leaves no
// stale lock. A file system without locks gives no lock (nil) and no error.
func lockDir(dir string) (io.Closer, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err != unix.EINTR {
			break
		}
	}
	switch {
	case err == nil:
		return f, nil
	case errors.Is(err, unix.EWOULDBLOCK):
		f.Close()
		return nil, errBusy
	default:
		f.Close()
		return nil, nil
	}
}

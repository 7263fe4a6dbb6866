package project

import (
	"io/fs"
	"path"
	"sync"
	"syscall"
)

// readFast reads a file of up to 64 KB (a page: larger files are rare) of
// a folder opened below the root with one openat (the name is one path
// element, and a link is not followed), plain reads and a close: four
// system calls, where os.Root takes seven or more (it opens and closes the
// folder each time, and registers the file with the poller). ok is false
// when it cannot: the caller then reads the usual way, which also gives the
// usual error.
func (r *Root) readFast(name string) (data []byte, ok bool) {
	if !fs.ValidPath(name) || name == "." {
		return nil, false
	}
	dirName, base := path.Split(name)
	if dirName == "" {
		dirName = "."
	} else {
		dirName = dirName[:len(dirName)-1]
	}
	d := r.dir(dirName)
	if d == nil {
		return nil, false
	}
	fd, err := openat(d.fd, base)
	if err != nil {
		return nil, false
	}
	defer syscall.Close(fd)
	bp := scratch.Get().(*[]byte)
	defer scratch.Put(bp)
	buf := (*bp)[:0]
	for {
		if len(buf) == cap(buf) {
			return nil, false // a large file: the usual way sizes it once
		}
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return nil, false // a folder, or the disk failing: the usual way reports it
		case n == 0:
			return append(make([]byte, 0, len(buf)), buf...), true
		}
		buf = buf[:len(buf)+n]
	}
}

func openat(dir int, name string) (int, error) {
	for {
		fd, err := syscall.Openat(dir, name, syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// scratch holds a buffer per reader: a file is read into it and copied out
// at its size, so a page kept for the whole build holds no spare room. A
// file that fills it is read the usual way.
var scratch = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

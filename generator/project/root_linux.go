package project

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
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

// readDirFast lists a folder opened below the root (r.dir) through a new
// descriptor of it: each entry's type is the one the listing gives, and its
// information is asked of os.Root only if wanted (Info). ok is false when
// it cannot: the caller then lists the usual way, which also gives the
// usual error.
func (r *Root) readDirFast(name string) (entries []fs.DirEntry, ok bool) {
	if !fs.ValidPath(name) {
		return nil, false
	}
	d := r.dir(name)
	if d == nil {
		return nil, false
	}
	fd, err := openat(d.fd, ".")
	if err != nil {
		return nil, false
	}
	// Named by its full path: where a file system gives no type in its
	// listing, os asks for it by that name (the type alone; what is read
	// is read below the root).
	f := os.NewFile(uintptr(fd), filepath.Join(r.path, filepath.FromSlash(name)))
	defer f.Close()
	list, err := f.ReadDir(-1)
	if err != nil {
		return nil, false
	}
	entries = make([]fs.DirEntry, len(list))
	for i, e := range list {
		entries[i] = rootEntry{e, r, path.Join(name, e.Name())}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, true
}

// rootEntry is an entry of a folder listed by readDirFast: its information
// comes from os.Root.
type rootEntry struct {
	fs.DirEntry
	r    *Root
	name string
}

func (e rootEntry) Info() (fs.FileInfo, error) { return e.r.Lstat(e.name) }

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

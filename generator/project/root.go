package project

import (
	"io/fs"
	"os"
	"sync"
)

// Root is a project folder opened for reading: os.Root's file system (no
// path and no symbolic link leads out of it), with its files read in fewer
// system calls where the system allows (see readFast). It implements
// fs.ReadFileFS, fs.ReadDirFS, fs.StatFS and fs.ReadLinkFS.
type Root struct {
	path string // the folder as opened
	root *os.Root
	fsys fs.FS

	mu   sync.Mutex
	dirs map[string]*openDir // folders whose files are read through them
}

type openDir struct {
	f  *os.File
	fd int
}

// OpenRoot opens the folder dir for reading. Close it when the load is done.
func OpenRoot(dir string) (*Root, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Root{path: dir, root: root, fsys: root.FS(), dirs: map[string]*openDir{}}, nil
}

// Close closes the folder and the folders opened below it.
func (r *Root) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range r.dirs {
		if d != nil {
			d.f.Close()
		}
	}
	r.dirs = nil
	return r.root.Close()
}

func (r *Root) Open(name string) (fs.File, error)      { return r.fsys.Open(name) }
func (r *Root) Stat(name string) (fs.FileInfo, error)  { return fs.Stat(r.fsys, name) }
func (r *Root) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(r.fsys, name) }
func (r *Root) ReadLink(name string) (string, error)   { return fs.ReadLink(r.fsys, name) }

// ReadDir lists a folder as os.Root does, sorted by name. Where the system
// allows, entries get their type from the listing itself (readDirFast):
// os.Root asks for each entry's information as it lists, one system call
// each, which is most of the time a walk of 10,000 pages takes.
func (r *Root) ReadDir(name string) ([]fs.DirEntry, error) {
	if entries, ok := r.readDirFast(name); ok {
		return entries, nil
	}
	return fs.ReadDir(r.fsys, name)
}

// ReadFile reads a file as os.Root does: the same bytes, the same errors.
func (r *Root) ReadFile(name string) ([]byte, error) {
	if data, ok := r.readFast(name); ok {
		return data, nil
	}
	return fs.ReadFile(r.fsys, name)
}

// dir is the folder name, opened below the root once (nil when it cannot
// be, or when too many are open already: its files are then read the
// usual way).
func (r *Root) dir(name string) *openDir {
	r.mu.Lock()
	defer r.mu.Unlock()
	if d, ok := r.dirs[name]; ok || r.dirs == nil {
		return d
	}
	var d *openDir
	if len(r.dirs) < maxOpenDirs {
		if f, err := r.root.Open(name); err == nil {
			if st, err := f.Stat(); err == nil && st.IsDir() {
				d = &openDir{f: f, fd: int(f.Fd())}
			} else {
				f.Close()
			}
		}
	}
	r.dirs[name] = d
	return d
}

// maxOpenDirs bounds the folders a load keeps open: a playbook of
// thousands of folders reads the files of those beyond the usual way.
const maxOpenDirs = 256

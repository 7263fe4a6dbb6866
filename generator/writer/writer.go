// Package writer is the only code that writes Playbook's output. A build is
// written beside the output folder and swapped into place in one step, so
// the folder always holds one whole build, and a failed or interrupted build
// leaves the previous one as it was.
package writer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Tree writes a build below an output folder. Each top-level folder of the
// build (site/, proposals/) is staged beside its destination and swapped in
// by Commit; top-level files are staged as temporary files and renamed. It
// implements pipeline.Output.
type Tree struct {
	root   string
	mu     sync.Mutex
	stages map[string]*stage // by top-level folder
	files  map[string]string // top-level file -> its temporary file
}

// New starts writing a build into the folder root. The build owns the
// top-level folders dirs (each output's folder): whatever it does not write
// in them is gone after Commit, even when it writes nothing there.
func New(root string, dirs ...string) (*Tree, error) {
	t := &Tree{root: root, stages: map[string]*stage{}, files: map[string]string{}}
	for _, d := range dirs {
		if _, _, err := t.place(d + "/x"); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// Stats are what a folder of the build holds.
type Stats struct {
	Files int
	Bytes int64
}

// Stats reports what was written below a top-level folder.
func (t *Tree) Stats(dir string) Stats {
	t.mu.Lock()
	s := t.stages[dir]
	t.mu.Unlock()
	if s == nil {
		return Stats{}
	}
	return Stats{Files: int(s.files.Load()), Bytes: s.bytes.Load()}
}

// Written lists the files written below a top-level folder, as paths below
// the output folder, sorted.
func (t *Tree) Written(dir string) []string {
	t.mu.Lock()
	s := t.stages[dir]
	t.mu.Unlock()
	if s == nil {
		return nil
	}
	var out []string
	s.written.Range(func(k, _ any) bool {
		rel, _ := filepath.Rel(s.staging, k.(string))
		out = append(out, filepath.Join(t.root, dir, rel))
		return true
	})
	slices.Sort(out)
	return out
}

// place returns the file name that the build's file name is staged at.
func (t *Tree) place(name string) (string, *stage, error) {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, `\`) {
		return "", nil, fmt.Errorf("refusing to write %q outside the output folder", name)
	}
	top, rest, nested := strings.Cut(name, "/")
	t.mu.Lock()
	defer t.mu.Unlock()
	if !nested {
		if tmp, ok := t.files[name]; ok {
			return tmp, nil, nil
		}
		if err := os.MkdirAll(t.root, 0o755); err != nil {
			return "", nil, err
		}
		f, err := os.CreateTemp(t.root, "."+name+".tmp-")
		if err != nil {
			return "", nil, err
		}
		f.Close()
		t.files[name] = f.Name()
		return f.Name(), nil, nil
	}
	s := t.stages[top]
	if s == nil {
		var err error
		if s, err = newStage(filepath.Join(t.root, top)); err != nil {
			return "", nil, err
		}
		t.stages[top] = s
	}
	return filepath.Join(s.staging, filepath.FromSlash(rest)), s, nil
}

// WriteFile writes one file of the build.
func (t *Tree) WriteFile(name string, data []byte) error {
	p, s, err := t.place(name)
	if err != nil {
		return err
	}
	if s == nil {
		return os.WriteFile(p, data, 0o644)
	}
	return s.writeFile(p, data)
}

// Lazy writes a file as write makes it, through a buffer.
func (t *Tree) Lazy(name string, write func(w io.Writer) error) error {
	p, s, err := t.place(name)
	if err != nil {
		return err
	}
	if s != nil {
		if err := s.mkdir(filepath.Dir(p)); err != nil {
			return err
		}
		s.written.Store(p, true)
		s.files.Add(1)
	}
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	var w io.Writer = f
	if s != nil {
		w = &counter{w: f, n: &s.bytes}
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	return errors.Join(err, f.Close())
}

// Commit puts the build in place: each staged folder is swapped with its
// destination, each top-level file renamed over its own.
func (t *Tree) Commit() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	tops := make([]string, 0, len(t.stages))
	for top := range t.stages {
		tops = append(tops, top)
	}
	slices.Sort(tops)
	for _, top := range tops {
		if err := t.stages[top].commit(); err != nil {
			return err
		}
	}
	for name, tmp := range t.files {
		if err := os.Rename(tmp, filepath.Join(t.root, name)); err != nil {
			return err
		}
	}
	return nil
}

// Abort drops the top-level files of a failed build. Staged folders stay:
// the next build reuses them.
func (t *Tree) Abort() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, tmp := range t.files {
		_ = os.Remove(tmp)
	}
}

// stage is a folder being written beside its destination.
type stage struct {
	dest, staging, prev string
	fresh               bool // the staging folder started empty: no file to compare or prune
	dirs                sync.Map
	written             sync.Map
	files               atomic.Int64
	bytes               atomic.Int64
}

// newStage prepares the staging folder of dest. The previous output is
// kept as .<dest>.prev and becomes the next build's staging folder: files
// that did not change are not rewritten.
func newStage(dest string) (*stage, error) {
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	base := filepath.Base(dest)
	s := &stage{dest: dest, prev: filepath.Join(parent, "."+base+".prev"), staging: filepath.Join(parent, "."+base+".staging")}
	// A staging folder left by an interrupted build is as good as .prev:
	// every file in it is rewritten or pruned.
	if _, err := os.Stat(s.staging); err != nil {
		if err := os.Rename(s.prev, s.staging); err != nil {
			if err := os.Mkdir(s.staging, 0o755); err != nil {
				return nil, err
			}
			s.fresh = true
		}
	}
	s.dirs.Store(s.staging, true)
	return s, nil
}

func (s *stage) mkdir(dir string) error {
	if _, ok := s.dirs.Load(dir); ok {
		return nil
	}
	if !s.fresh {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	} else {
		// Nothing is in a fresh folder but what this build made: one
		// mkdir per folder, parents first.
		if err := s.mkdir(filepath.Dir(dir)); err != nil {
			return err
		}
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	s.dirs.Store(dir, true)
	return nil
}

func (s *stage) writeFile(p string, data []byte) error {
	s.written.Store(p, true)
	s.files.Add(1)
	s.bytes.Add(int64(len(data)))
	// The staging folder is usually the build before last: an unchanged
	// file is left alone, which on most file systems is much cheaper than
	// writing it again.
	if !s.fresh {
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
			return nil
		}
	}
	if err := s.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// prune removes what an earlier build left in the folder and this one did
// not write.
func (s *stage) prune() error {
	var dirs []string
	err := filepath.WalkDir(s.staging, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		if _, ok := s.written.Load(p); !ok {
			return os.Remove(p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := len(dirs) - 1; i > 0; i-- { // deepest first; keep the root
		if entries, err := os.ReadDir(dirs[i]); err == nil && len(entries) == 0 {
			_ = os.Remove(dirs[i])
		}
	}
	return nil
}

// commit swaps the staged folder into place.
func (s *stage) commit() error {
	if !s.fresh {
		if err := s.prune(); err != nil {
			return err
		}
	}
	if err := swap(s.staging, s.dest); err != nil {
		return err
	}
	// staging now holds the previous output, or nothing.
	if _, err := os.Stat(s.staging); err != nil {
		return nil
	}
	return os.Rename(s.staging, s.prev)
}

type counter struct {
	w io.Writer
	n *atomic.Int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

// WriteFile writes data to name through a temporary file in the same
// folder, so a reader never sees half a file.
func WriteFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), name)
}

// CreateNew writes a new file; it fails when name exists.
func CreateNew(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return existsError{name}
		}
		return err
	}
	_, werr := f.Write(data)
	return errors.Join(werr, f.Close())
}

// CopyNew copies the files of fsys that keep accepts into the folder dest,
// which must be missing or empty; it never replaces a file. It returns how
// many files it wrote.
func CopyNew(fsys fs.FS, dest string, keep func(p string, d fs.DirEntry) bool) (int, error) {
	if entries, err := os.ReadDir(dest); err == nil && len(entries) > 0 {
		return 0, fmt.Errorf("%s already exists and is not empty; choose another folder", dest)
	}
	n := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && !keep(p, d) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		target := filepath.Join(dest, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		n++
		return CreateNew(target, data)
	})
	return n, err
}

// existsError is a file that is already there; it is an fs.ErrExist.
type existsError struct{ name string }

func (e existsError) Error() string        { return e.name + " already exists" }
func (e existsError) Is(target error) bool { return target == fs.ErrExist }

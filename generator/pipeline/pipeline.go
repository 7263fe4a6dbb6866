// Package pipeline is the contract between a loaded project and its outputs.
// Every output (the training site, the proposals, and whatever comes next)
// is a Renderer: a function of the project snapshot that hands its files to
// an Output. Run drives the renderers the same way for `build`, `proposal`
// and `serve`; only the Output differs (a folder on disk, or memory).
package pipeline

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path"
	"slices"
	"sync"

	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/project"
)

// Output receives an output's files. Names are slash paths below the
// output folder (site/index.html, proposals/acme.pdf). Its methods may be
// called from several goroutines at once.
type Output interface {
	// WriteFile adds a file. The output may keep data: the caller must not
	// change it afterwards.
	WriteFile(name string, data []byte) error
	// Lazy adds a file that write makes: at once when building to disk (the
	// error is returned), on request when serving. write may be called
	// from another goroutine; it must use only what it was given.
	Lazy(name string, write func(w io.Writer) error) error
}

// Keeper is an Output that can keep a file an earlier build wrote, when it
// holds what the build would write (cache.Sum of its bytes is sum). It
// reports whether it did; if not, the caller writes the file.
type Keeper interface {
	Keep(name string, sum uint64) bool
}

// Patcher is an Output that can make a file from one an earlier build
// wrote (cache.Sum of its bytes is sum) by replacing cut bytes at offset at
// with insert: a page whose sidebar alone changed. It returns the new
// file's sum and whether it did; if not, the caller writes the file.
type Patcher interface {
	Patch(name string, sum uint64, at, cut int, insert []byte) (uint64, bool)
}

// Patch makes a file of out from an earlier build's, when out can (Patcher).
func Patch(out Output, name string, sum uint64, at, cut int, insert []byte) (uint64, bool) {
	p, ok := out.(Patcher)
	if !ok || sum == 0 {
		return 0, false
	}
	return p.Patch(name, sum, at, cut, insert)
}

// WritesThrough reports whether out is done with the bytes WriteFile gets
// once it returns (a folder on disk writes them at once): the caller may
// then use its buffer again instead of handing over a copy.
func WritesThrough(out Output) bool {
	w, ok := out.(interface{ WritesThrough() bool })
	return ok && w.WritesThrough()
}

// Keep keeps a file of out as an earlier build wrote it, when out can.
func Keep(out Output, name string, sum uint64) bool {
	k, ok := out.(Keeper)
	return ok && sum != 0 && k.Keep(name, sum)
}

// Renderer makes one output from a project. Render reads nothing but p (and
// what c holds for p's hashes) and writes nothing but out.
type Renderer interface {
	Name() string
	Render(ctx context.Context, p *project.Project, c *cache.Cache, out Output) error
}

// Run renders p with each renderer, in order. Every problem of every
// renderer is returned at once.
func Run(ctx context.Context, p *project.Project, c *cache.Cache, renderers []Renderer, out Output) error {
	var diags diag.List
	var errs []error
	for _, r := range renderers {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := r.Render(ctx, p, c, out)
		var de *diag.Error
		switch {
		case errors.As(err, &de):
			diags = append(diags, de.List...)
		case err != nil:
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return diags.Sort().Err()
}

// Under is out with dir/ before every name.
func Under(out Output, dir string) Output { return under{out, dir} }

type under struct {
	out Output
	dir string
}

func (u under) WriteFile(name string, data []byte) error {
	return u.out.WriteFile(path.Join(u.dir, name), data)
}

func (u under) Lazy(name string, write func(io.Writer) error) error {
	return u.out.Lazy(path.Join(u.dir, name), write)
}

func (u under) Keep(name string, sum uint64) bool { return Keep(u.out, path.Join(u.dir, name), sum) }

func (u under) WritesThrough() bool { return WritesThrough(u.out) }

func (u under) Patch(name string, sum uint64, at, cut int, insert []byte) (uint64, bool) {
	return Patch(u.out, path.Join(u.dir, name), sum, at, cut, insert)
}

// Files is an Output in memory. A lazy file is made on its first Get, once;
// Files are safe for concurrent use.
type Files struct {
	mu    sync.Mutex
	files map[string]*file
}

type file struct {
	data []byte
	make func() ([]byte, error) // nil once made
	once sync.Once
	err  error
}

// NewFiles makes an empty Files.
func NewFiles() *Files { return &Files{files: map[string]*file{}} }

// WriteFile implements Output.
func (m *Files) WriteFile(name string, data []byte) error {
	f := &file{data: data}
	f.once.Do(func() {})
	m.mu.Lock()
	m.files[name] = f
	m.mu.Unlock()
	return nil
}

// Lazy implements Output: write runs on the first Get of name.
func (m *Files) Lazy(name string, write func(io.Writer) error) error {
	f := &file{make: func() ([]byte, error) {
		var b bytes.Buffer
		err := write(&b)
		return b.Bytes(), err
	}}
	m.mu.Lock()
	m.files[name] = f
	m.mu.Unlock()
	return nil
}

// Get returns a file's bytes, making a lazy file first. ok is false when
// there is no such file.
func (m *Files) Get(name string) (data []byte, ok bool, err error) {
	m.mu.Lock()
	f := m.files[name]
	m.mu.Unlock()
	if f == nil {
		return nil, false, nil
	}
	f.once.Do(func() {
		f.data, f.err = f.make()
		f.make = nil
	})
	return f.data, true, f.err
}

// Has reports whether there is a file of that name (made or not).
func (m *Files) Has(name string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.files[name] != nil
}

// Names lists the files, sorted.
func (m *Files) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.files))
	for n := range m.files {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Len is the number of files.
func (m *Files) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.files)
}

package writer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"playbook/generator/cache"
)

// Marker is the file in an output folder that says which of its folders
// and files Playbook wrote: it writes nowhere else, and a folder that holds
// anything else is not its to replace.
const Marker = ".playbook-output.json"

type manifest struct {
	Tool    string              `json:"tool"`
	Version string              `json:"version"`
	Folders map[string][]string `json:"folders"`         // output folder -> its files (slash paths)
	Files   []string            `json:"files,omitempty"` // files written beside the folders
}

// Options control a build's writing.
type Options struct {
	// Force takes over output folders that hold files Playbook did not
	// write: they are replaced by the build.
	Force bool
	// Version is recorded in the marker.
	Version string
	// Files are patterns (path.Match) of the files the build owns beside
	// its folders, in the output folder itself (handbook.pdf): it writes
	// them, and removes those an earlier build wrote that it no longer does.
	Files []string
}

// Tree writes a build below an output folder. Each top-level folder of the
// build (site/, proposals/) is staged beside its destination and swapped in
// by Commit. It implements pipeline.Output.
type Tree struct {
	root   string
	made   []string  // root and its parents that did not exist before this build, deepest first
	lock   io.Closer // held until Commit or Abort: one build writes into root at a time
	opts   Options
	prev   manifest
	mu     sync.Mutex
	stages map[string]*stage // by top-level folder
	beside map[string]string // files beside the folders: name -> its staged copy
}

// ForeignError is an output folder that holds files Playbook did not write.
type ForeignError struct {
	Folder string
	Files  []string // a few of them
	More   int      // how many more
}

func (e *ForeignError) Error() string {
	list := strings.Join(e.Files, ", ")
	if e.More > 0 {
		list += fmt.Sprintf(" and %d more", e.More)
	}
	return fmt.Sprintf("%s holds files Playbook did not write (%s): move them, choose another --out, or use --force to replace them", e.Folder, list)
}

// New starts writing a build into the folder root. The build owns the
// top-level folders dirs (each output's folder): whatever it does not write
// in them is gone after Commit. A folder that holds files Playbook did not
// write is refused (unless opts.Force), before anything is written.
func New(root string, opts Options, dirs ...string) (*Tree, error) {
	t := &Tree{root: root, opts: opts, stages: map[string]*stage{}, beside: map[string]string{}}
	for d := filepath.Clean(root); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); !errors.Is(err, fs.ErrNotExist) || filepath.Dir(d) == d {
			break
		}
		t.made = append(t.made, d)
	}
	// Another build writing into the same folder (a second terminal, an
	// editor's hook) would stage into the same folders: it is refused
	// before the folder is read or written.
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Abort() // the parents it did make
		return nil, err
	}
	lock, err := lockDir(root)
	if err != nil {
		t.Abort()
		if errors.Is(err, errBusy) {
			return nil, fmt.Errorf("%s is being written by another Playbook build: run this one again when that one is done", root)
		}
		return nil, err
	}
	t.lock = lock
	t.prev = readManifest(root)
	var errs []error
	for _, d := range dirs {
		if err := t.owned(d); err != nil {
			errs = append(errs, err)
		}
	}
	if err := t.ownedBeside(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil && !opts.Force {
		t.Abort()
		return nil, err
	}
	for _, d := range dirs {
		s, err := newStage(filepath.Join(root, d), prevSumsFile(root, d), sumsFile(root, d))
		if err != nil {
			t.Abort()
			return nil, err
		}
		t.stages[d] = s
	}
	return t, nil
}

func readManifest(root string) manifest {
	var m manifest
	if data, err := os.ReadFile(filepath.Join(root, Marker)); err == nil {
		_ = json.Unmarshal(data, &m)
	}
	if m.Tool != "playbook" {
		m = manifest{}
	}
	return m
}

// owned reports files of the output folder d that Playbook did not write.
func (t *Tree) owned(d string) error {
	dest := filepath.Join(t.root, d)
	st, err := os.Lstat(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !st.IsDir():
		return &ForeignError{Folder: t.root, Files: []string{d}}
	}
	listed, ok := t.prev.Folders[d]
	if !ok && legacy(dest, d) {
		return nil // written by a Playbook from before the marker
	}
	mine := make(map[string]bool, len(listed))
	for _, f := range listed {
		mine[f] = true
	}
	e := &ForeignError{Folder: dest}
	err = filepath.WalkDir(dest, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if de.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dest, p)
		rel = filepath.ToSlash(rel)
		// A link is never Playbook's: it writes none.
		if !mine[rel] || de.Type()&fs.ModeSymlink != 0 {
			if len(e.Files) < 5 {
				e.Files = append(e.Files, rel)
			} else {
				e.More++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(e.Files) > 0 {
		return e
	}
	return nil
}

// ownedBeside reports files in the output folder that match opts.Files but
// that Playbook did not write: neither listed in the marker nor a PDF it
// made (playbook handbook writes OUT/handbook.pdf without a marker).
func (t *Tree) ownedBeside() error {
	entries, err := os.ReadDir(t.root)
	if err != nil {
		return nil // no output folder yet
	}
	e := &ForeignError{Folder: t.root}
	for _, de := range entries {
		name := de.Name()
		// A copy staged by a build that was stopped before it committed.
		if staged, _, ok := strings.Cut(strings.TrimPrefix(name, "."), ".staging-"); ok && strings.HasPrefix(name, ".") && t.besideName(staged) && de.Type().IsRegular() {
			_ = os.Remove(filepath.Join(t.root, name))
			continue
		}
		if !t.besideName(name) {
			continue
		}
		if de.Type().IsRegular() {
			if slices.Contains(t.prev.Files, name) {
				continue
			}
			if data, err := os.ReadFile(filepath.Join(t.root, name)); err == nil && OwnPDF(data) {
				continue
			}
		}
		if len(e.Files) < 5 {
			e.Files = append(e.Files, name)
		} else {
			e.More++
		}
	}
	if len(e.Files) > 0 {
		return e
	}
	return nil
}

// besideName reports whether name is a file the build owns beside its
// folders.
func (t *Tree) besideName(name string) bool {
	for _, pat := range t.opts.Files {
		if ok, _ := path.Match(pat, name); ok {
			return true
		}
	}
	return false
}

// writeBeside stages a file that goes beside the folders.
func (t *Tree) writeBeside(name string, data []byte) error {
	if !t.besideName(name) {
		return fmt.Errorf("refusing to write %q: not in an output folder", name)
	}
	// The same file as the one in place (ownedBeside found it ours) is left
	// as it is: "" stages nothing.
	if st, err := os.Lstat(filepath.Join(t.root, name)); err == nil && st.Mode().IsRegular() && st.Size() == int64(len(data)) {
		if old, err := os.ReadFile(filepath.Join(t.root, name)); err == nil && bytes.Equal(old, data) {
			t.mu.Lock()
			prev := t.beside[name]
			t.beside[name] = ""
			t.mu.Unlock()
			if prev != "" {
				os.Remove(prev)
			}
			return nil
		}
	}
	f, err := os.CreateTemp(t.root, "."+name+".staging-")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if err := errors.Join(werr, f.Close(), os.Chmod(f.Name(), 0o644)); err != nil {
		os.Remove(f.Name())
		return err
	}
	t.mu.Lock()
	old := t.beside[name]
	t.beside[name] = f.Name()
	t.mu.Unlock()
	if old != "" {
		os.Remove(old)
	}
	return nil
}

// legacy recognizes an output folder written before the marker existed: a
// site whose home page says Playbook made it, or PDFs Playbook produced.
func legacy(dest, d string) bool {
	switch d {
	case "site":
		data, err := os.ReadFile(filepath.Join(dest, "index.html"))
		return err == nil && bytes.Contains(data, []byte(`<meta name="generator" content="Playbook">`))
	case "proposals":
		entries, err := os.ReadDir(dest)
		if err != nil {
			return false
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dest, e.Name()))
			if !e.Type().IsRegular() || err != nil || !OwnPDF(data) {
				return false
			}
		}
		return true
	}
	return false
}

// OwnPDF reports whether data is a PDF that Playbook made.
func OwnPDF(data []byte) bool {
	return bytes.HasPrefix(data, []byte("%PDF-")) && bytes.Contains(data, []byte("/Producer (Playbook)"))
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
	for _, rel := range s.list() {
		out = append(out, filepath.Join(t.root, dir, filepath.FromSlash(rel)))
	}
	return out
}

// Beside lists the files written beside the folders, as paths below the
// output folder, sorted.
func (t *Tree) Beside() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for name := range t.beside {
		out = append(out, filepath.Join(t.root, name))
	}
	slices.Sort(out)
	return out
}

// place returns the stage and the path in it of a build's file.
func (t *Tree) place(name string) (*stage, string, error) {
	top, rest, nested := strings.Cut(name, "/")
	if !fs.ValidPath(name) || !nested || strings.Contains(name, `\`) {
		return nil, "", fmt.Errorf("refusing to write %q: not in an output folder", name)
	}
	t.mu.Lock()
	s := t.stages[top]
	t.mu.Unlock()
	if s == nil {
		return nil, "", fmt.Errorf("refusing to write %q: %s/ is not an output folder of this build", name, top)
	}
	return s, rest, nil
}

// WriteFile writes one file of the build.
func (t *Tree) WriteFile(name string, data []byte) error {
	if !strings.Contains(name, "/") {
		return t.writeBeside(name, data)
	}
	s, rel, err := t.place(name)
	if err != nil {
		return err
	}
	return s.writeFile(rel, data)
}

// WritesThrough reports that WriteFile is done with its data when it
// returns (see pipeline.WritesThrough).
func (t *Tree) WritesThrough() bool { return true }

// Lazy writes a file as write makes it.
func (t *Tree) Lazy(name string, write func(w io.Writer) error) error {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	return t.WriteFile(name, b.Bytes())
}

// Keep keeps a file as the build before last left it, if what it holds
// has the given sum (cache.Sum of its bytes) and it is still as that build
// recorded it. It reports whether the file was kept: if not, the caller
// writes it.
func (t *Tree) Keep(name string, sum uint64) bool {
	if !strings.Contains(name, "/") {
		return false
	}
	s, rel, err := t.place(name)
	return err == nil && s.keep(rel, sum)
}

// Patch makes a file from the one an earlier build wrote under the same
// name, when its bytes sum to sum: cut bytes at offset at are replaced by
// insert. It returns the new file's sum and whether it did; if not, the
// caller writes the file.
func (t *Tree) Patch(name string, sum uint64, at, cut int, insert []byte) (uint64, bool) {
	if !strings.Contains(name, "/") {
		return 0, false
	}
	s, rel, err := t.place(name)
	if err != nil {
		return 0, false
	}
	return s.patch(rel, sum, at, cut, insert)
}

// Commit puts the build in place: each staged folder is swapped with its
// destination. The marker lists the old and the new files while the
// folders are swapped, then the new.
func (t *Tree) Commit() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	defer t.unlock()
	tops := make([]string, 0, len(t.stages))
	for top := range t.stages {
		tops = append(tops, top)
	}
	slices.Sort(tops)
	next := manifest{Tool: "playbook", Version: t.opts.Version, Folders: map[string][]string{}}
	both := manifest{Tool: "playbook", Version: t.opts.Version, Folders: map[string][]string{}}
	for d, files := range t.prev.Folders {
		next.Folders[d], both.Folders[d] = files, files
	}
	for _, top := range tops {
		files := t.stages[top].list()
		next.Folders[top] = files
		both.Folders[top] = append(slices.Clone(both.Folders[top]), files...)
	}
	// Files beside the folders: what this build wrote, and what an earlier
	// one wrote that this one owns no more than any other.
	var stale []string
	for _, name := range t.prev.Files {
		if _, ok := t.beside[name]; !ok && t.besideName(name) {
			stale = append(stale, name)
		} else if !ok {
			next.Files = append(next.Files, name)
		}
	}
	for name := range t.beside {
		next.Files = append(next.Files, name)
	}
	both.Files = append(slices.Clone(t.prev.Files), next.Files...)
	if err := t.writeManifest(both); err != nil {
		return err
	}
	for _, top := range tops {
		if err := t.stages[top].commit(); err != nil {
			return err
		}
		t.writeSums(top)
	}
	for name, staged := range t.beside {
		if staged == "" {
			continue // left as it was
		}
		if err := os.Rename(staged, filepath.Join(t.root, name)); err != nil {
			return err
		}
	}
	t.beside = map[string]string{}
	for _, name := range stale {
		if st, err := os.Lstat(filepath.Join(t.root, name)); err == nil && st.Mode().IsRegular() {
			_ = os.Remove(filepath.Join(t.root, name))
		}
	}
	return t.writeManifest(next)
}

// unlock lets the next build write into the folder.
func (t *Tree) unlock() {
	if t.lock != nil {
		t.lock.Close()
		t.lock = nil
	}
}

// SaveCache writes a file of the build cache (OUT/.playbook-cache/name)
// as write makes it, for the next build. The cache only saves work: a
// folder in its place that is not Playbook's is left alone, and the file
// left out.
func (t *Tree) SaveCache(name string, write func(io.Writer) error) error {
	dir := filepath.Join(t.root, CacheDir)
	if st, err := os.Lstat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("%s is not a folder: the build cache is not kept", dir)
	} else if err != nil {
		if err := os.Mkdir(dir, 0o755); err != nil {
			return err
		}
	}
	if st, err := os.Lstat(filepath.Join(dir, name)); err == nil && !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a file: the build cache is not kept", filepath.Join(dir, name))
	}
	f, err := os.CreateTemp(dir, "."+name+".tmp-")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err = errors.Join(err, f.Close()); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), filepath.Join(dir, name))
}

// writeSums records what the build left in folder top, and keeps the
// record of the build before (whose folder the next build is staged in).
// The record only saves work: when it cannot be written, it is left out.
func (t *Tree) writeSums(top string) {
	dir := filepath.Join(t.root, CacheDir)
	if st, err := os.Lstat(dir); err == nil && !st.IsDir() {
		return // not Playbook's: never written through
	} else if err != nil && os.Mkdir(dir, 0o755) != nil {
		return
	}
	if err := os.Rename(sumsFile(t.root, top), prevSumsFile(t.root, top)); err != nil {
		_ = os.Remove(prevSumsFile(t.root, top))
	}
	s := t.stages[top]
	s.mu.Lock()
	data := encodeSums(s.next)
	s.mu.Unlock()
	_ = WriteFile(sumsFile(t.root, top), data)
}

func (t *Tree) writeManifest(m manifest) error {
	for d, files := range m.Folders {
		slices.Sort(files)
		m.Folders[d] = slices.Compact(files)
	}
	slices.Sort(m.Files)
	m.Files = slices.Compact(m.Files)
	data, err := json.MarshalIndent(m, "", "\t")
	if err != nil {
		return err
	}
	return WriteFile(filepath.Join(t.root, Marker), append(data, '\n'))
}

// Abort ends a failed build: the output is as it was, and no staging folder
// is left behind (what was staged is kept as .<folder>.prev, the next
// build's starting point).
func (t *Tree) Abort() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, s := range t.stages {
		s.abort()
	}
	for _, staged := range t.beside {
		if staged != "" {
			os.Remove(staged)
		}
	}
	t.beside = map[string]string{}
	t.unlock()
	// The folders made for this build, if they are still empty: a failed
	// build leaves no folder behind.
	for _, d := range t.made {
		if os.Remove(d) != nil {
			break
		}
	}
}

// stage is a folder being written beside its destination. A folder reused
// from an earlier build is first cleared of symbolic links and anything
// else that is not a file or a folder, so no write follows a link out.
type stage struct {
	dest, staging, prev string
	fresh               bool            // the staging folder started empty: no file to compare or prune
	existing            map[string]bool // files the reused folder held (slash paths)
	dirs                sync.Map
	dirLocks            sync.Map // folder -> *sync.Mutex: one file made at a time in each
	written             sync.Map // slash path -> true
	files               atomic.Int64
	bytes               atomic.Int64
	sums                map[string]fileSum // what the build that left the staging folder recorded
	cur                 map[string]fileSum // what the last build recorded of the output it left
	mu                  sync.Mutex
	next                map[string]fileSum // what this build leaves
}

// newStage prepares the staging folder of dest. The previous output is
// kept as .<dest>.prev and becomes the next build's staging folder: files
// that did not change are not rewritten.
func newStage(dest, prevSums, curSums string) (*stage, error) {
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	base := filepath.Base(dest)
	s := &stage{dest: dest, prev: filepath.Join(parent, "."+base+".prev"), staging: filepath.Join(parent, "."+base+".staging"), next: map[string]fileSum{}}
	fromPrev := false
	// A staging folder left by an interrupted build is as good as .prev:
	// every file in it is rewritten or pruned.
	if st, err := os.Lstat(s.staging); err != nil || !st.IsDir() {
		_ = os.Remove(s.staging) // a file or a link in its place
		if st, err := os.Lstat(s.prev); err != nil || !st.IsDir() || os.Rename(s.prev, s.staging) != nil {
			_ = os.Remove(s.prev)
			if err := os.Mkdir(s.staging, 0o755); err != nil {
				return nil, err
			}
			s.fresh = true
		} else {
			fromPrev = true
		}
	}
	if fromPrev {
		s.sums = readSums(prevSums)
	}
	s.cur = readSums(curSums)
	s.dirs.Store(".", true)
	if !s.fresh {
		if err := s.survey(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// survey lists the files of a reused staging folder and removes what is
// neither a file nor a folder.
func (s *stage) survey() error {
	s.existing = map[string]bool{}
	return filepath.WalkDir(s.staging, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.staging, p)
		rel = filepath.ToSlash(rel)
		switch t := d.Type(); {
		case t.IsDir():
			s.dirs.Store(rel, true)
		case t.IsRegular():
			s.existing[rel] = true
		default: // a link, a pipe, a device: never written through
			return os.Remove(p)
		}
		return nil
	})
}

func (s *stage) mkdir(dir string) error {
	if _, ok := s.dirs.Load(dir); ok {
		return nil
	}
	// Parents first, one mkdir each: the folder holds only folders and
	// files (survey), so none of them leads anywhere else.
	if err := s.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(s.abs(dir), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	s.dirs.Store(dir, true)
	return nil
}

func (s *stage) abs(rel string) string { return filepath.Join(s.staging, filepath.FromSlash(rel)) }

func (s *stage) record(rel string, fs fileSum) {
	s.mu.Lock()
	s.next[rel] = fs
	s.mu.Unlock()
}

// keep keeps a file that holds what sums to sum: the staging folder's
// (the build before last left it), or else a copy of the output's (the last
// build made it), which costs far less than making it again.
func (s *stage) keep(rel string, sum uint64) bool {
	fs, ok := s.sums[rel]
	if !ok || fs.sum != sum || !s.existing[rel] || !fs.still(s.abs(rel)) {
		return s.copyCurrent(rel, sum)
	}
	if _, dup := s.written.LoadOrStore(rel, true); !dup {
		s.files.Add(1)
		s.bytes.Add(fs.size)
	}
	s.record(rel, fs)
	return true
}

// copyCurrent puts a file of the output into the staging folder, when the
// last build recorded it with sum and it is still as recorded: as a second
// name of the same file where the file system allows (writeFile never
// writes through one), or else as a copy.
func (s *stage) copyCurrent(rel string, sum uint64) bool {
	fs, ok := s.cur[rel]
	src := filepath.Join(s.dest, filepath.FromSlash(rel))
	if !ok || fs.sum != sum || !fs.still(src) {
		return false
	}
	if s.linkCurrent(rel, src, fs) {
		return true
	}
	data, err := os.ReadFile(src)
	if err != nil || int64(len(data)) != fs.size || cache.Sum(data) != sum {
		return false
	}
	return s.writeFile(rel, data) == nil
}

// linkCurrent names the output's file src as rel in the staging folder.
func (s *stage) linkCurrent(rel, src string, fs fileSum) bool {
	dir := path.Dir(rel)
	if s.mkdir(dir) != nil {
		return false
	}
	p := s.abs(rel)
	l := s.dirLock(dir)
	l.Lock()
	if s.existing[rel] {
		_ = os.Remove(p) // what the build before last left there: not this
	}
	err := link(src, p)
	l.Unlock()
	if err != nil {
		return false
	}
	if _, dup := s.written.LoadOrStore(rel, true); !dup {
		s.files.Add(1)
		s.bytes.Add(fs.size)
	}
	s.record(rel, fs)
	return true
}

// patch writes rel as the last build's (or else the build before last's)
// file of that name, which must sum to sum, with cut bytes at at replaced
// by insert.
func (s *stage) patch(rel string, sum uint64, at, cut int, insert []byte) (uint64, bool) {
	old := s.earlier(rel, sum)
	if old == nil || at < 0 || cut < 0 || at+cut > len(old) {
		return 0, false
	}
	data := make([]byte, 0, len(old)-cut+len(insert))
	data = append(append(append(data, old[:at]...), insert...), old[at+cut:]...)
	if s.writeFile(rel, data) != nil {
		return 0, false
	}
	return cache.Sum(data), true
}

// earlier reads the file rel as the last build or the build before last
// wrote it, if its bytes sum to sum; else nil.
func (s *stage) earlier(rel string, sum uint64) []byte {
	for _, c := range []struct {
		p  string
		fs fileSum
		ok bool
	}{
		{filepath.Join(s.dest, filepath.FromSlash(rel)), s.cur[rel], s.cur[rel].sum == sum},
		{s.abs(rel), s.sums[rel], s.existing[rel] && s.sums[rel].sum == sum},
	} {
		if !c.ok {
			continue
		}
		data, err := os.ReadFile(c.p)
		if err == nil && int64(len(data)) == c.fs.size && cache.Sum(data) == sum {
			return data
		}
	}
	return nil
}

func (s *stage) writeFile(rel string, data []byte) error {
	_, dup := s.written.LoadOrStore(rel, true)
	if !dup {
		s.files.Add(1)
		s.bytes.Add(int64(len(data)))
	}
	sum := cache.Sum(data)
	// The staging folder is usually the build before last: an unchanged
	// file is left alone, which on most file systems is much cheaper than
	// writing it again.
	if s.existing[rel] {
		if fs, ok := s.sums[rel]; ok && fs.still(s.abs(rel)) {
			// As that build recorded it: the same bytes only if the
			// same sum, which needs no reading.
			if fs.sum == sum {
				s.record(rel, fs)
				return nil
			}
		} else if old, err := os.ReadFile(s.abs(rel)); err == nil && bytes.Equal(old, data) {
			if info, err := os.Lstat(s.abs(rel)); err == nil {
				s.record(rel, statSum(info, sum))
			}
			return nil
		}
	}
	dir := path.Dir(rel)
	if err := s.mkdir(dir); err != nil {
		return err
	}
	// Files are made in a folder one at a time: the kernel makes them one
	// at a time anyway (under the folder's lock), and a second writer
	// waiting there spins on a core that could render a page instead.
	l := s.dirLock(dir)
	l.Lock()
	f, err := s.create(rel, s.existing[rel] || dup)
	l.Unlock()
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	info, serr := f.Stat()
	if err := errors.Join(werr, f.Close()); err != nil {
		// A file that could not be made is not part of the build.
		_ = os.Remove(s.abs(rel))
		s.written.Delete(rel)
		s.files.Add(-1)
		s.bytes.Add(-int64(len(data)))
		return err
	}
	if serr == nil {
		s.record(rel, statSum(info, sum))
	}
	return nil
}

// dirLock is the lock of a staging folder: one file made in it at a time.
func (s *stage) dirLock(dir string) *sync.Mutex {
	l, ok := s.dirLocks.Load(dir)
	if !ok {
		l, _ = s.dirLocks.LoadOrStore(dir, new(sync.Mutex))
	}
	return l.(*sync.Mutex)
}

// create opens the staging folder's file rel to be written from empty. A
// file that was there may be a second name of the output's (linkCurrent):
// it is unlinked and made anew, so that the output is never written
// through it; any other is emptied in place.
func (s *stage) create(rel string, existed bool) (*os.File, error) {
	p := s.abs(rel)
	if !existed {
		return os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || linked(info) {
		f.Close()
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	}
	if err := f.Truncate(0); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// list is what the build wrote, sorted.
func (s *stage) list() []string {
	var out []string
	s.written.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	slices.Sort(out)
	return out
}

// prune removes what an earlier build left in the folder and this one did
// not write, and the folders that leaves empty.
func (s *stage) prune() error {
	emptied := map[string]bool{}
	for rel := range s.existing {
		if _, ok := s.written.Load(rel); ok {
			continue
		}
		if err := os.Remove(s.abs(rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			emptied[d] = true
		}
	}
	dirs := make([]string, 0, len(emptied))
	for d := range emptied {
		dirs = append(dirs, d)
	}
	// Deepest first.
	slices.SortFunc(dirs, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range dirs {
		if entries, err := os.ReadDir(s.abs(d)); err == nil && len(entries) == 0 {
			_ = os.Remove(s.abs(d))
		}
	}
	return nil
}

// commit swaps the staged folder into place.
func (s *stage) commit() error {
	if err := s.prune(); err != nil {
		return err
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

// abort keeps what was staged as the next build's starting point, unless
// that is an empty folder this build made.
func (s *stage) abort() {
	if s.fresh && os.Remove(s.staging) == nil {
		return
	}
	_ = os.RemoveAll(s.prev)
	if err := os.Rename(s.staging, s.prev); err != nil {
		_ = os.RemoveAll(s.staging)
	}
}

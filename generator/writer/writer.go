// Package writer is the only code that writes Playbook's output. A build is
// written beside the output folder and swapped into place in one step, so
// the folder always holds one whole build, and a failed or interrupted build
// leaves the previous one as it was. It writes only into folders that it
// made (a marker file lists what it wrote), never follows a symbolic link
// inside them, and replaces no file that is not its own.
package writer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

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

// WritePDF writes a PDF to name, replacing only a PDF Playbook made (or
// anything, with force): never a link, an account file or a document of
// the user's.
func WritePDF(name string, data []byte, force bool) error {
	st, err := os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case st.Mode()&fs.ModeSymlink != 0 || !st.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file: not replaced", name)
	case !force:
		old, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		if !OwnPDF(old) {
			return fmt.Errorf("%s exists and is not a PDF Playbook made: not replaced (choose another file, or use --force)", name)
		}
	}
	return WriteFile(name, data)
}

// Package watch follows folders recursively and reports each burst of
// changes once the folders have been quiet for a moment. fsnotify watches
// single folders, so every folder is added, and new ones as they appear;
// folders are watched, not files, because editors save by rename.
package watch

import (
	"context"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"playbook/generator/model"
)

// Change is a path that changed.
type Change struct {
	Path string
	Dir  bool // the path is a folder now
}

// Watcher watches folder trees.
type Watcher struct {
	w     *fsnotify.Watcher
	roots []string // changes inside these count
	log   *log.Logger
}

// New watches the trees of roots, and their parent folders: a root that is
// created, deleted, restored or swapped for another folder is noticed.
func New(logger *log.Logger, roots ...string) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{w: fw, log: logger}
	for _, r := range roots {
		r = filepath.Clean(r)
		w.roots = append(w.roots, r)
		if err := fw.Add(filepath.Dir(r)); err != nil {
			logger.Printf("warning: cannot watch %s: %v", filepath.Dir(r), err)
		}
		if st, err := os.Stat(r); err == nil && st.IsDir() {
			w.addTree(r)
		}
	}
	return w, nil
}

// inRoots reports whether a changed path belongs to a watched tree.
func (w *Watcher) inRoots(p string) bool {
	p = filepath.Clean(p)
	for _, r := range w.roots {
		if p == r || strings.HasPrefix(p, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func (w *Watcher) addTree(root string) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != root && model.IgnoredName(d.Name()) {
			return filepath.SkipDir
		}
		if err := w.w.Add(p); err != nil {
			w.log.Printf("warning: cannot watch %s: %v", p, err)
		}
		return nil
	})
}

// Run delivers the changes of each burst of events to fn, after the trees
// have been quiet for the debounce delay (restarted by every event). It
// returns when ctx is done.
func (w *Watcher) Run(ctx context.Context, debounce time.Duration, fn func(changed []Change)) {
	defer w.w.Close()
	var timer *time.Timer
	var fire <-chan time.Time
	var changed []Change
	moved := false // a folder may have been created, renamed or removed
	for {
		select {
		case <-ctx.Done():
			if timer != nil {
				timer.Stop()
			}
			return
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			w.log.Printf("warning: watching: %v", err)
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Create) {
				moved = true
			}
			if model.IgnoredName(filepath.Base(ev.Name)) || !w.inRoots(ev.Name) {
				continue
			}
			dir := false
			if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
				dir = true
				if ev.Has(fsnotify.Create) {
					w.addTree(ev.Name) // and whatever was created inside before the watch
				}
			}
			// Removed folders drop out of the watch list by themselves.
			if i := slices.IndexFunc(changed, func(c Change) bool { return c.Path == ev.Name }); i >= 0 {
				changed[i].Dir = dir
			} else {
				changed = append(changed, Change{Path: ev.Name, Dir: dir})
			}
			if timer == nil {
				timer = time.NewTimer(debounce)
			} else {
				timer.Reset(debounce)
			}
			fire = timer.C
		case <-fire:
			fire = nil
			if moved {
				// A renamed folder's watch can be dropped by the rename's
				// own event: watch every folder again (adding a watched
				// folder costs one system call).
				for _, r := range w.roots {
					if st, err := os.Stat(r); err == nil && st.IsDir() {
						w.addTree(r)
					}
				}
				moved = false
			}
			batch := changed
			changed = nil
			if len(batch) > 0 {
				fn(batch)
			}
		}
	}
}

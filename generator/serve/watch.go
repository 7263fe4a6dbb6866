package serve

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

// watcher watches folders recursively: fsnotify watches single folders, so
// every folder is added, new ones as they appear.
type watcher struct {
	w      *fsnotify.Watcher
	roots  []string // content and themes folders: changes inside count
	themes string   // the themes folder, watched once it appears
	log    *log.Logger
}

func newWatcher(cfg Config, logger *log.Logger) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	themes := cfg.Build.ThemesDir
	if themes == "" {
		themes = filepath.Join(filepath.Dir(filepath.Clean(cfg.Build.ContentDir)), "themes")
	}
	w := &watcher{w: fw, log: logger, themes: filepath.Clean(themes),
		roots: []string{filepath.Clean(cfg.Build.ContentDir), filepath.Clean(themes)}}
	w.addTree(w.roots[0])
	if st, err := os.Stat(themes); err == nil && st.IsDir() {
		w.addTree(themes)
	} else if err := fw.Add(filepath.Dir(w.themes)); err != nil {
		// A themes folder made later is noticed in the folder it appears in.
		logger.Printf("warning: cannot watch %s: %v", filepath.Dir(w.themes), err)
	}
	return w, nil
}

// inRoots reports whether a changed path belongs to the content or the themes.
func (w *watcher) inRoots(p string) bool {
	p = filepath.Clean(p)
	for _, r := range w.roots {
		if p == r || strings.HasPrefix(p, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func (w *watcher) addTree(root string) {
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

// run delivers the changed paths of each burst of events to rebuild, after
// the tree has been quiet for the debounce delay (restarted by every event).
func (w *watcher) run(ctx context.Context, debounce time.Duration, rebuild func(changed []string)) {
	defer w.w.Close()
	var timer *time.Timer
	var fire <-chan time.Time
	var changed []string
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
			if model.IgnoredName(filepath.Base(ev.Name)) || !w.inRoots(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					w.addTree(ev.Name) // and whatever was created inside before the watch
				}
			}
			// Removed folders drop out of the watch list by themselves.
			if !slices.Contains(changed, ev.Name) {
				changed = append(changed, ev.Name)
			}
			if timer == nil {
				timer = time.NewTimer(debounce)
			} else {
				timer.Reset(debounce)
			}
			fire = timer.C
		case <-fire:
			fire = nil
			batch := changed
			changed = nil
			rebuild(batch)
		}
	}
}

// Package serve is the development server behind `playbook serve`: it builds
// the site into memory, serves it on loopback, watches the content and theme
// folders, rebuilds after each burst of changes, and tells open pages to
// reload (or swap a stylesheet) once the new build is being served. A failed
// rebuild keeps the last good site and shows its errors over every open page.
// Account proposals are previewed under /_proposals/, never written.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"playbook/generator"
	"playbook/generator/diag"
	"playbook/generator/model"
	"playbook/generator/site"
)

// Config is what Server serves.
type Config struct {
	Build generator.Config // ContentDir, ThemesDir, Drafts
	Addr  string           // default 127.0.0.1:1313
	Log   io.Writer        // the terminal; nil: discard
	// Debounce is how long the tree must be quiet before a rebuild
	// (restarted by each change); default 5 ms: editors write a save within a
	// millisecond or two, and a rebuild that is under way delays the next anyway.
	Debounce time.Duration
}

// Server is a running development server.
type Server struct {
	cfg Config
	log *log.Logger

	mu       sync.RWMutex
	files    map[string][]byte // the last good site
	proj     *generator.Project
	errs     diag.List // of the last build; empty when it succeeded
	warnings diag.List
	version  int
	pdfs     map[string]pdfEntry // slug -> the last proposal rendered
	renders  int                 // proposals rendered, for tests

	events *broker

	// Kept between rebuilds (only the rebuild goroutine touches them): the
	// templates and the rendered pages, so an edit renders only what shows it.
	renderer  *site.Renderer
	cache     *site.Cache
	loadCache *model.Cache
	lazy      map[string][]byte // handbook and search index of the current build, made on request
}

type pdfEntry struct {
	key  string // hash of the files the proposal is made from
	data []byte
	errs diag.List
}

// New makes a server and runs the first build (its errors are kept, not
// returned: a broken tree still serves the overlay).
func New(cfg Config) *Server {
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:1313"
	}
	if cfg.Debounce == 0 {
		cfg.Debounce = 5 * time.Millisecond
	}
	out := cfg.Log
	if out == nil {
		out = io.Discard
	}
	s := &Server{cfg: cfg, log: log.New(out, "", 0), files: map[string][]byte{}, pdfs: map[string]pdfEntry{}, events: newBroker()}
	s.rebuild(nil)
	return s
}

// memOutput collects a site in memory.
type memOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memOutput) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	m.files[name] = data // the renderer never reuses what it writes
	m.mu.Unlock()
	return nil
}

type memFile struct {
	bytes.Buffer
	m    *memOutput
	name string
}

func (f *memFile) Close() error { return f.m.WriteFile(f.name, f.Bytes()) }

func (m *memOutput) Create(name string) (io.WriteCloser, error) {
	return &memFile{m: m, name: name}, nil
}

// rebuild builds the whole site into memory; on success it becomes what is
// served. It returns whether the build succeeded.
func (s *Server) rebuild(changed []string) bool {
	start := time.Now()
	build := s.cfg.Build
	if s.loadCache == nil {
		s.loadCache = model.NewCache()
	}
	build.Cache, build.Changed = s.loadCache, s.contentChanges(changed)
	proj, diags, err := generator.Load(build)
	var files map[string][]byte
	if err == nil && !diags.HasErrors() {
		switch {
		case s.renderer == nil || s.themeChanged(changed):
			s.renderer, err = site.New(proj.Theme)
			s.cache = site.NewCache()
		case s.assetChanged(changed):
			// A new asset must be known to the theme; pages do not change.
			s.renderer, err = site.New(proj.Theme)
		}
		if err == nil {
			out := &memOutput{files: map[string][]byte{}}
			if err = generator.RenderSiteWith(proj, s.renderer, s.cfg.Build, out, site.Options{Cache: s.cache, Lazy: true}); err == nil {
				files = out.files
			}
		}
		if err != nil {
			s.renderer = nil // the next change tries the templates again
		}
	}
	var errs diag.List
	var de *diag.Error
	switch {
	case errors.As(err, &de):
		errs = de.List.Errors()
	case err != nil:
		errs = diag.List{{File: s.cfg.Build.ContentDir, Msg: err.Error()}}
	default:
		errs = diags.Errors()
	}
	s.mu.Lock()
	s.version++
	version := s.version
	s.errs = errs.Sort()
	if files != nil {
		s.files, s.proj, s.warnings, s.lazy = files, proj, diags.Warnings(), map[string][]byte{}
	}
	s.mu.Unlock()
	took := time.Since(start).Round(time.Millisecond)
	if len(errs) > 0 {
		s.log.Printf("build failed (%s), still serving the last good site:", took)
		for _, d := range errs {
			s.log.Print("  " + d.String())
		}
		s.events.send(event{name: "errors", data: s.errorsJSON()})
		return false
	}
	for _, w := range diags.Warnings() {
		s.log.Print("  " + w.String())
	}
	kind := "reload"
	if len(changed) > 0 && allCSS(changed) {
		kind = "css"
	}
	if changed != nil {
		s.log.Printf("rebuilt %d files in %s (%s)", len(files), took, summarize(changed))
	}
	s.events.send(event{name: kind, data: fmt.Sprint(version)})
	return true
}

// contentChanges turns changed paths into content-relative ones for the
// loader; nil (reload everything) for the first build, or when a theme file
// or site.toml changed, which can affect every file.
func (s *Server) contentChanges(changed []string) map[string]bool {
	if changed == nil || s.themeChanged(changed) {
		return nil
	}
	content, _ := filepath.Abs(s.cfg.Build.ContentDir)
	out := map[string]bool{}
	for _, p := range changed {
		abs, _ := filepath.Abs(p)
		if rel, err := filepath.Rel(content, abs); err == nil && !strings.HasPrefix(rel, "..") {
			out[filepath.ToSlash(rel)] = true
		}
	}
	return out
}

// themeChanged reports whether a change may touch the templates or UI
// strings: a theme file other than an asset (CSS, scripts, fonts, images
// are read at every render), or site.toml.
func (s *Server) themeChanged(changed []string) bool {
	content, _ := filepath.Abs(s.cfg.Build.ContentDir)
	for _, p := range changed {
		abs, _ := filepath.Abs(p)
		inContent := strings.HasPrefix(abs, content+string(filepath.Separator))
		asset := strings.Contains(filepath.ToSlash(abs), "/assets/")
		if (!inContent && !asset) || filepath.Base(p) == "site.toml" {
			return true
		}
	}
	return false
}

// assetChanged reports a change in a theme's assets folder.
func (s *Server) assetChanged(changed []string) bool {
	content, _ := filepath.Abs(s.cfg.Build.ContentDir)
	for _, p := range changed {
		abs, _ := filepath.Abs(p)
		if !strings.HasPrefix(abs, content+string(filepath.Separator)) && strings.Contains(filepath.ToSlash(abs), "/assets") {
			return true
		}
	}
	return false
}

// allCSS reports whether the changed files are all stylesheets (folders
// that appeared on the way do not count).
func allCSS(paths []string) bool {
	css := false
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			continue
		}
		if filepath.Ext(p) != ".css" {
			return false
		}
		css = true
	}
	return css
}

func summarize(paths []string) string {
	if len(paths) == 1 {
		return paths[0]
	}
	return fmt.Sprintf("%s and %d more", paths[0], len(paths)-1)
}

// Run serves until ctx is done, then shuts down: the listener, the watcher
// and every event stream end.
func (s *Server) Run(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(host).IsLoopback() {
		s.log.Printf("warning: listening on %s, which is not loopback: anyone on the network can read the playbook", ln.Addr())
	}
	w, err := newWatcher(s.cfg, s.log)
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { w.run(ctx, s.cfg.Debounce, func(changed []string) { s.rebuild(changed) }) })
	serveErr := make(chan error, 1)
	wg.Go(func() { serveErr <- srv.Serve(ln) })
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case <-ctx.Done():
	case err = <-serveErr:
	}
	s.events.close()
	shutdown, stop := context.WithTimeout(context.Background(), 3*time.Second)
	defer stop()
	_ = srv.Shutdown(shutdown)
	cancel()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Excerpt returns the lines around line in a file, for the overlay.
func excerpt(file string, line int) []excerptLine {
	if line <= 0 {
		return nil
	}
	data, err := os.ReadFile(filepath.FromSlash(file))
	if err != nil {
		return nil
	}
	lines := strings.Split(string(data), "\n")
	var out []excerptLine
	for n := max(line-2, 1); n <= min(line+2, len(lines)); n++ {
		out = append(out, excerptLine{N: n, Text: strings.TrimRight(lines[n-1], "\r"), Mark: n == line})
	}
	return out
}

type excerptLine struct {
	N    int    `json:"n"`
	Text string `json:"text"`
	Mark bool   `json:"mark"`
}

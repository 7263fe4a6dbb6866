// Package serve is the development server behind `playbook serve`: it builds
// the site into memory, serves it on loopback, watches the content and theme
// folders, rebuilds after each burst of changes, and tells open pages to
// reload (or swap a stylesheet) once the new build is being served. A failed
// rebuild keeps the last good site and shows its errors over every open page.
// Account proposals are previewed under /_proposals/, never written.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"playbook/generator"
	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/pipeline"
	"playbook/generator/project"
	"playbook/generator/watch"
)

// Config is what Server serves.
type Config struct {
	Build generator.Config // ContentDir, ThemesDir, Drafts, Today
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

	// current is what requests see: one whole build, swapped in at once.
	current atomic.Pointer[build]
	// cache keeps what renderers made, keyed by the hashes of their inputs.
	cache  *cache.Cache
	events *broker

	port string // the port it listens on, once Run has begun

	// Touched only by the rebuilding goroutine.
	loaded *project.Project // the latest load, good or not: its files are reused
}

// build is one published state of the server. It never changes.
type build struct {
	version  int
	proj     *project.Project // the last good project
	files    *pipeline.Files  // its outputs: the site below site/, previews below proposals/
	warnings diag.List
	errs     diag.List        // of the latest rebuild; empty when it succeeded
	attempt  *project.Project // the latest load, for showing its errors' lines
}

// New makes a server and runs the first build. Its errors are kept, not
// returned: a broken tree still serves the overlay. Only a missing content
// folder is an error.
func New(cfg Config) (*Server, error) {
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
	s := &Server{cfg: cfg, log: log.New(out, "", 0), cache: cache.New(), events: newBroker()}
	s.current.Store(&build{files: pipeline.NewFiles()})
	s.rebuild(nil)
	if s.loaded.Site == nil {
		return nil, &diag.Error{List: s.current.Load().errs}
	}
	return s, nil
}

// rebuild loads the project and renders it into memory; on success the
// new build is what is served. It returns whether the build succeeded.
func (s *Server) rebuild(changed []watch.Change) bool {
	start := time.Now()
	proj, diags := generator.Load(s.cfg.Build, generator.LoadOptions{Cache: s.cache, Prev: s.loaded, Changed: s.contentChanges(changed), Render: true})
	s.loaded = proj
	// An account's errors stop only its proposal: the site and the other
	// previews are served, with the errors shown over them.
	stop, later := generator.ForAccounts(proj, diags, nil)
	var files *pipeline.Files
	var err error
	if len(stop) == 0 {
		files = pipeline.NewFiles()
		err = pipeline.Run(context.Background(), proj, s.cache, generator.Renderers(s.cfg.Build), files)
	}
	var errs diag.List
	var de *diag.Error
	switch {
	case errors.As(err, &de):
		errs = de.List.Errors()
	case err != nil:
		errs = diag.List{{File: s.cfg.Build.ContentDir, Msg: err.Error()}}
	default:
		errs = stop
	}
	published := len(errs) == 0
	errs = append(errs, later...).Sort()
	old := s.current.Load()
	next := &build{version: old.version + 1, proj: old.proj, files: old.files, warnings: old.warnings, errs: errs, attempt: proj}
	if published {
		next.proj, next.files, next.warnings = proj, files, diags.Warnings()
	}
	s.current.Store(next)
	s.cache.Sweep()
	took := time.Since(start).Round(time.Millisecond)
	if proj.Site == nil && changed == nil {
		return false // no content folder: New reports it
	}
	if !published {
		s.log.Printf("build failed (%s), still serving the last good site:", took)
		for _, d := range errs {
			s.log.Print("  " + d.String())
		}
		s.events.send(event{name: "errors", data: s.errorsJSON(next)})
		return false
	}
	for _, d := range errs {
		s.log.Print("  " + d.String()) // an account's: its proposal waits for the fix
	}
	for _, w := range diags.Warnings() {
		s.log.Print("  " + w.String())
	}
	kind := "reload"
	if len(changed) > 0 && allCSS(changed) {
		kind = "css"
	}
	if changed != nil {
		s.log.Printf("rebuilt %d files in %s (%s)", files.Len(), took, summarize(changed))
	}
	s.events.send(event{name: kind, data: fmt.Sprint(next.version)})
	return true
}

// contentChanges turns changed paths into content-relative ones for the
// loader; nil (reload everything) for the first build, or when a theme file
// or site.toml changed, which can affect every file.
func (s *Server) contentChanges(changed []watch.Change) map[string]bool {
	if changed == nil || s.themeChanged(changed) {
		return nil
	}
	content, _ := filepath.Abs(s.cfg.Build.ContentDir)
	out := map[string]bool{}
	for _, c := range changed {
		abs, _ := filepath.Abs(c.Path)
		if rel, err := filepath.Rel(content, abs); err == nil && !strings.HasPrefix(rel, "..") {
			out[filepath.ToSlash(rel)] = true
		}
	}
	return out
}

// themeChanged reports whether a change may touch the theme or the
// settings: anything outside the content folder, or site.toml.
func (s *Server) themeChanged(changed []watch.Change) bool {
	content, _ := filepath.Abs(s.cfg.Build.ContentDir)
	for _, c := range changed {
		abs, _ := filepath.Abs(c.Path)
		if !strings.HasPrefix(abs, content+string(filepath.Separator)) || filepath.Base(c.Path) == project.ConfigFile {
			return true
		}
	}
	return false
}

// allCSS reports whether the changed files are all stylesheets (folders
// that appeared on the way do not count).
func allCSS(changed []watch.Change) bool {
	css := false
	for _, c := range changed {
		if c.Dir {
			continue
		}
		if filepath.Ext(c.Path) != ".css" {
			return false
		}
		css = true
	}
	return css
}

func summarize(changed []watch.Change) string {
	if len(changed) == 1 {
		return changed[0].Path
	}
	return fmt.Sprintf("%s and %d more", changed[0].Path, len(changed)-1)
}

// Run serves until ctx is done, then shuts down: the listener, the watcher
// and every event stream end.
func (s *Server) Run(ctx context.Context, ready func(addr string)) error {
	// An IPv4 address listens on IPv4 only: 0.0.0.0 must not also open [::].
	network := "tcp"
	if host, _, err := net.SplitHostPort(s.cfg.Addr); err == nil {
		if ip := net.ParseIP(host); ip != nil && ip.To4() != nil {
			network = "tcp4"
		}
	}
	ln, err := net.Listen(network, s.cfg.Addr)
	if err != nil {
		return err
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	s.port = port
	if !net.ParseIP(host).IsLoopback() {
		s.log.Printf("warning: listening on %s, which is not loopback: anyone on the network can read the playbook and the proposals", ln.Addr())
	}
	w, err := watch.New(s.log, s.cfg.Build.ContentDir, generator.ThemesDir(s.cfg.Build.ContentDir, s.cfg.Build.ThemesDir))
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx, s.cfg.Debounce, func(changed []watch.Change) { s.rebuild(changed) }) })
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

// excerpt returns the lines around line in a file of the project, for the
// overlay.
func excerpt(p *project.Project, file string, line int) []excerptLine {
	if line <= 0 || p == nil {
		return nil
	}
	f := p.File(file)
	if f == nil {
		return nil
	}
	lines := strings.Split(string(f.Bytes()), "\n")
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

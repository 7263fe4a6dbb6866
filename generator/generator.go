// Package generator builds a playbook: it loads the project into one
// immutable snapshot, runs every output's renderer over it, and swaps the
// result into the output folder in one step, so a failed or interrupted
// build never leaves half a site behind. `build`, `proposal` and `serve`
// all go through Load and Renderers.
//
// The content folder:
//
//	site.toml              site settings and the seller's [company] profile
//	_index.md              the home page
//	<section>/_index.md    a section (folder) and its front matter
//	<section>/<page>.md    a page; its URL is <section>/<page>.html
//	accounts/<slug>.toml   account data, never published
//	anything else          copied to the site as it is (images, PDFs)
package generator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/model"
	"playbook/generator/pipeline"
	"playbook/generator/project"
	"playbook/generator/proposal"
	"playbook/generator/site"
	"playbook/generator/writer"
)

// Renderers are Playbook's outputs, in the order they run. A new output is
// a package with a pipeline.Renderer and one line here; it writes below the
// folder of its name.
func Renderers(cfg Config) []pipeline.Renderer {
	all := []pipeline.Renderer{
		site.Renderer{},
		proposal.Renderer{Slugs: cfg.Slugs, Progress: cfg.Progress},
	}
	return slices.DeleteFunc(all, func(r pipeline.Renderer) bool {
		return (len(cfg.Only) > 0 && !slices.Contains(cfg.Only, r.Name())) || slices.Contains(cfg.Skip, r.Name())
	})
}

// Config says what to build and where.
type Config struct {
	ContentDir string    // the content folder, e.g. "content"
	OutDir     string    // the output folder; the site goes to OutDir/site
	ThemesDir  string    // a project's themes; default: see ThemesDir
	Drafts     bool      // publish draft pages
	Today      time.Time // the date validity is checked against; zero = now
	// Only and Skip choose outputs by name ("site", "proposals"); none
	// chosen means all.
	Only, Skip []string
	// Slugs chooses the accounts whose proposals are made; none means all.
	Slugs []string
	// Progress, when set, is called as each proposal is done.
	Progress func(done, total int, slug string)
	// Force replaces output folders that hold files Playbook did not write.
	Force bool
	// Version is recorded in the output folder's marker.
	Version string
	// NoCache builds everything anew: nothing the builds before kept in
	// OUT/.playbook-cache is reused (what this build makes is kept).
	NoCache bool
}

// Apart refuses an output inside the content or themes folder (the next
// build would publish it: client proposals included) and, for an output
// folder, content inside it (a build would replace it).
func Apart(out string, cfg Config) error { return apart(out, cfg, true) }

// ApartFile refuses a file written inside the content or themes folder.
func ApartFile(file string, cfg Config) error { return apart(file, cfg, false) }

func apart(out string, cfg Config, folder bool) error {
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			return filepath.Clean(p)
		}
		if r, err := filepath.EvalSymlinks(a); err == nil {
			return r
		}
		return a
	}
	within := func(p, dir string) bool {
		rel, err := filepath.Rel(dir, p)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	o := abs(out)
	for _, f := range []struct{ name, dir string }{
		{"content", cfg.ContentDir}, {"themes", ThemesDir(cfg.ContentDir, cfg.ThemesDir)},
	} {
		d := abs(f.dir)
		switch {
		case within(o, d):
			return fmt.Errorf("the output %s is inside the %s folder %s: the next build would publish it; choose another --out", out, f.name, f.dir)
		case folder && within(d, o):
			return fmt.Errorf("the %s folder %s is inside the output %s: a build would replace it; choose another --out", f.name, f.dir, out)
		}
	}
	return nil
}

// ThemesDir is the project's themes folder: themes, or else themes/ beside
// the content folder.
func ThemesDir(content, themes string) string {
	if themes != "" {
		return themes
	}
	return filepath.Join(filepath.Dir(filepath.Clean(content)), "themes")
}

// LoadOptions let a development server reuse what an earlier load read,
// and say whether the load is for rendering.
type LoadOptions struct {
	Cache   *cache.Cache
	Prev    *project.Project
	Changed map[string]bool // content-relative paths; nil: any
	// Render has cfg's renderers prepare what they need of each page's
	// markdown while it is parsed (a load only to check skips it).
	Render bool
	// Store is what the build before kept for this one; nil: none.
	Store *cache.Store
}

// Load reads the project that cfg names. It is the one place that opens the
// project's folders; project.Load reads them.
func Load(cfg Config, lo LoadOptions) (*project.Project, diag.List) {
	themes := ThemesDir(cfg.ContentDir, cfg.ThemesDir)
	var prepare []model.Preparer
	if lo.Render {
		for _, r := range Renderers(cfg) {
			if p, ok := r.(model.Preparer); ok {
				prepare = append(prepare, p)
			}
		}
	}
	// The folders are opened as roots: no path and no symbolic link leads
	// out of them.
	var content, themesFS fs.FS
	if root, err := project.OpenRoot(cfg.ContentDir); err == nil {
		defer root.Close()
		content = root
	}
	if root, err := project.OpenRoot(themes); err == nil {
		defer root.Close()
		themesFS = root
	}
	return project.Load(content, themesFS, project.Options{
		Content: filepath.ToSlash(cfg.ContentDir),
		Themes:  filepath.ToSlash(themes),
		Drafts:  cfg.Drafts,
		Today:   cfg.Today,
		Outside: os.DirFS("/"),
		Cache:   lo.Cache,
		Prev:    lo.Prev,
		Changed: lo.Changed,
		Prepare: prepare,
		Store:   lo.Store,
	})
}

// Check is Build without writing: it loads the project and renders every
// output in memory, so it finds every problem Build would.
func Check(cfg Config) (*project.Project, diag.List, error) {
	proj, diags := Load(cfg, LoadOptions{Render: true})
	stop, later, diags := triage(cfg, proj, diags)
	if err := stop.Err(); err != nil {
		return proj, diags, err
	}
	err := pipeline.Run(context.Background(), proj, nil, Renderers(cfg), discard{})
	return proj, diags, join(err, later)
}

// triage sorts a load's problems: errors that stop the build, and errors
// of accounts, which stop only their own proposal and are reported once the
// rest is written. Without proposals an account's errors are warnings.
func triage(cfg Config, proj *project.Project, diags diag.List) (stop, later, all diag.List) {
	if proj == nil || proj.Site == nil {
		return diags.Errors(), nil, diags
	}
	accounts, others := proj.OfAccounts(diags)
	proposals := slices.ContainsFunc(Renderers(cfg), func(r pipeline.Renderer) bool { return r.Name() == "proposals" })
	if !proposals {
		for i := range accounts {
			accounts[i].Warning = true
		}
		return others.Errors(), nil, append(others, accounts...).Sort()
	}
	return others.Errors(), accounts.Errors(), diags
}

// ForAccounts sorts a load's problems for commands about some accounts
// (quote SLUG, proposal SLUG…): errors outside account files and errors of
// the named accounts stop the command; other accounts' are none of its
// business. With no accounts named, every account's errors come later, as
// in Build.
func ForAccounts(proj *project.Project, diags diag.List, slugs []string) (stop, later diag.List) {
	if proj == nil || proj.Site == nil {
		return diags.Errors(), nil
	}
	accounts, others := proj.OfAccounts(diags.Errors())
	if len(slugs) == 0 {
		return others, accounts
	}
	for _, d := range accounts {
		for _, slug := range slugs {
			if path.Base(d.File) == slug+".toml" {
				stop = append(stop, d)
			}
		}
	}
	return append(others, stop...).Sort(), nil
}

// join adds the accounts' errors to a render's error.
func join(err error, later diag.List) error {
	if len(later) == 0 {
		return err
	}
	var de *diag.Error
	switch {
	case err == nil:
		return later.Sort().Err()
	case errors.As(err, &de):
		return append(later, de.List...).Sort().Err()
	}
	return err
}

// discard is an Output that makes every file and keeps none.
type discard struct{}

func (discard) WriteFile(string, []byte) error                     { return nil }
func (discard) Lazy(_ string, write func(w io.Writer) error) error { return write(io.Discard) }

// Result describes a finished build.
type Result struct {
	SiteDir   string
	Proposals []string // the PDFs written
	Handbooks []string // the printed handbooks written beside the site
	// Reused counts what was taken from the build before (OUT/.playbook-cache);
	// CacheNote says why nothing could be ("" when there was no cache).
	Reused    int
	Made      map[string]int // what was made anew, by kind (site.file, model.docs.1, …)
	Kept      map[string]int // what was taken from the builds before, by kind
	CacheNote string
	Pages     int
	Files     int // of the site
	Bytes     int64
	Warnings  diag.List
}

// Build loads, renders and writes. On any error the previous output is left
// as it was, except errors in account files: the site and every other
// proposal are written, and those errors are returned with the Result.
func Build(cfg Config) (*Result, error) {
	if err := Apart(cfg.OutDir, cfg); err != nil {
		return nil, err
	}
	renderers := Renderers(cfg)
	var dirs, beside []string
	for _, r := range renderers {
		dirs = append(dirs, r.Name())
		if r.Name() == "site" {
			beside = append(beside, "handbook.pdf", "handbook-*.pdf") // the printed handbooks
		}
	}
	// The output folder is checked and staged while the project loads.
	type tree struct {
		out *writer.Tree
		err error
	}
	staged := make(chan tree, 1)
	go func() {
		out, err := writer.New(cfg.OutDir, writer.Options{Force: cfg.Force, Version: cfg.Version, Files: beside}, dirs...)
		staged <- tree{out, err}
	}()
	store, note := cache.NewStore(project.Version(cfg.Version)), ""
	if !cfg.NoCache {
		// Read while the project loads; note is set before store is ready.
		store = cache.Later(func() *cache.Store {
			s, n := project.ReadCache(filepath.Join(cfg.OutDir, writer.CacheDir), project.Version(cfg.Version))
			note = n
			return s
		})
	}
	proj, diags := Load(cfg, LoadOptions{Render: true, Store: store})
	stop, later, diags := triage(cfg, proj, diags)
	st := <-staged
	out, err := st.out, st.err
	if err == nil {
		err = stop.Err()
		if err != nil {
			out.Abort()
		}
	} else if len(stop) > 0 {
		// Every problem at once: the content's and the output folder's.
		err = append(stop, diag.Diagnostic{File: filepath.ToSlash(cfg.OutDir), Msg: err.Error()}).Sort().Err()
	}
	if err != nil {
		return nil, err
	}
	if err := pipeline.Run(context.Background(), proj, nil, renderers, out); err != nil {
		// A proposal that cannot be made stops only itself.
		var de *diag.Error
		accounts, others := diag.List(nil), diag.List(nil)
		if errors.As(err, &de) {
			accounts, others = proj.OfAccounts(de.List)
		}
		if !errors.As(err, &de) || len(others) > 0 {
			out.Abort()
			return nil, join(err, later)
		}
		later = append(later, accounts...)
	}
	handbooks := out.Beside()
	if err := out.Commit(); err != nil {
		return nil, err
	}
	if store.Changed() || note != "" {
		if err := out.SaveCache(project.StoreFile, func(w io.Writer) error { _, err := store.WriteTo(w); return err }); err != nil && note == "" {
			note = err.Error()
		}
	}
	stats := out.Stats("site")
	return &Result{
		SiteDir:   filepath.Join(cfg.OutDir, "site"),
		Proposals: out.Written("proposals"),
		Handbooks: handbooks,
		Reused:    store.Hits(),
		Made:      store.Made(),
		Kept:      store.Kept(),
		CacheNote: note,
		Pages:     len(proj.Site.AllPages()),
		Files:     stats.Files,
		Bytes:     stats.Bytes,
		Warnings:  diags.Warnings(),
	}, later.Sort().Err()
}

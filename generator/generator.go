// Package generator builds a playbook: it loads the content folder into the
// model, renders the site with the theme, and swaps the result into the
// output folder in one step, so a failed or interrupted build never leaves
// half a site behind.
//
// The content folder:
//
//	site.toml              site settings and the seller's [company] profile
//	_index.md              the home page
//	<section>/_index.md    a section (folder) and its front matter
//	<section>/<page>.md    a page; its URL is <section>/<page>/
//	accounts/<slug>.toml   account data, never published
//	anything else          copied to the site as it is (images, PDFs)
package generator

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/BurntSushi/toml"

	"playbook/generator/account"
	"playbook/generator/diag"
	"playbook/generator/model"
	"playbook/generator/site"
	"playbook/generator/theme"
)

// Config says what to build and where.
type Config struct {
	ContentDir string    // the content folder, e.g. "content"
	OutDir     string    // the output folder; the site goes to OutDir/site
	ThemesDir  string    // a project's themes; default: themes/ beside the content folder
	Drafts     bool      // publish draft pages
	Today      time.Time // the date validity is checked against; zero = now
	// NoProposals skips the account proposals (PDF) that Build writes to
	// OutDir/proposals.
	NoProposals bool
	// Progress, when set, is called as each proposal is done.
	Progress func(done, total int, slug string)
	// Cache and Changed let a development server load only what changed
	// (see model.Options).
	Cache   *model.Cache
	Changed map[string]bool
}

// Result describes a finished build.
type Result struct {
	SiteDir   string
	Proposals []string // the PDFs written
	Pages     int
	Files     int
	Bytes     int64
	Warnings  diag.List
}

func (c Config) themesDir() string {
	if c.ThemesDir != "" {
		return c.ThemesDir
	}
	return filepath.Join(filepath.Dir(filepath.Clean(c.ContentDir)), "themes")
}

// Project is a loaded playbook: the site, the accounts, the theme.
type Project struct {
	Site     *model.Site
	Accounts []*account.Account
	Theme    *theme.Theme
}

// Account returns the account with the given slug, or nil.
func (p *Project) Account(slug string) *account.Account {
	for _, a := range p.Accounts {
		if a.Slug == slug {
			return a
		}
	}
	return nil
}

// Load reads and checks the content and the accounts, with the theme the
// content names. The diagnostics list every problem, sorted.
func Load(cfg Config) (*Project, diag.List, error) {
	fsys := os.DirFS(cfg.ContentDir)
	if st, err := os.Stat(cfg.ContentDir); err != nil || !st.IsDir() {
		return nil, nil, fmt.Errorf("content folder %s not found", cfg.ContentDir)
	}
	th, err := theme.Open(cfg.themesDir(), themeName(fsys))
	if err != nil {
		return nil, nil, err
	}
	dir := filepath.ToSlash(cfg.ContentDir)
	s, diags := model.Load(fsys, model.Options{Dir: dir, Drafts: cfg.Drafts, Layouts: extraLayouts(th), Cache: cfg.Cache, Changed: cfg.Changed})
	fab := map[string]bool{}
	for id := range s.FAB {
		fab[id] = true
	}
	accounts, adiags := account.LoadAll(fsys, account.Options{Dir: dir, Config: s.Config, FAB: fab,
		Today: cfg.Today, Language: s.Config.Language})
	return &Project{Site: s, Accounts: accounts, Theme: th}, append(diags, adiags...).Sort(), nil
}

// themeName peeks at site.toml for the theme; the strict load reports any
// problem in the file.
func themeName(fsys fs.FS) string {
	var c struct {
		Theme string `toml:"theme"`
	}
	if data, err := fs.ReadFile(fsys, "site.toml"); err == nil {
		_, _ = toml.Decode(string(data), &c)
	}
	if c.Theme == "" || strings.ContainsAny(c.Theme, `/\`) || strings.HasPrefix(c.Theme, ".") {
		return "default"
	}
	return c.Theme
}

func extraLayouts(th *theme.Theme) []string {
	var out []string
	for _, l := range th.Layouts() {
		switch l {
		case "baseof", "home", "section", "tags", "tag", "search", "handbook", "404", "page":
		default:
			out = append(out, l)
		}
	}
	return out
}

// Build loads, renders and writes the site. On any error the previous output
// is left as it was.
func Build(cfg Config) (*Result, error) {
	proj, diags, err := Load(cfg)
	if err != nil {
		return nil, err
	}
	if err := diags.Err(); err != nil {
		return nil, err
	}
	r, err := site.New(proj.Theme)
	if err != nil {
		return nil, err
	}
	// Proposals are made before anything is written: an account error
	// leaves the previous output as it was.
	var pdfs map[string][]byte
	if !cfg.NoProposals {
		var pd diag.List
		pdfs, pd = RenderProposals(proj, cfg, proj.Accounts, cfg.Progress)
		if err := pd.Err(); err != nil {
			return nil, err
		}
	}
	siteDir := filepath.Join(cfg.OutDir, "site")
	res := &Result{SiteDir: siteDir, Pages: len(proj.Site.Pages), Warnings: diags.Warnings()}
	err = writeAtomically(siteDir, func(out *dirOutput) error {
		if err := RenderSite(proj, r, cfg, out); err != nil {
			return err
		}
		res.Files, res.Bytes = int(out.files.Load()), out.bytes.Load()
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !cfg.NoProposals {
		dir := filepath.Join(cfg.OutDir, "proposals")
		err := writeAtomically(dir, func(out *dirOutput) error {
			for slug, data := range pdfs {
				if err := out.WriteFile(slug+".pdf", data); err != nil {
					return err
				}
				res.Proposals = append(res.Proposals, filepath.Join(dir, slug+".pdf"))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(res.Proposals)
	}
	return res, nil
}

// RenderSite renders the site with r and copies the static files: all the
// files of the site, to out.
func RenderSite(proj *Project, r *site.Renderer, cfg Config, out site.Output) error {
	return RenderSiteWith(proj, r, cfg, out, site.Options{})
}

// RenderSiteWith is RenderSite with rendering options (for serve).
func RenderSiteWith(proj *Project, r *site.Renderer, cfg Config, out site.Output, opts site.Options) error {
	if err := r.RenderWith(proj.Site, out, opts); err != nil {
		return err
	}
	content := os.DirFS(cfg.ContentDir)
	for _, f := range proj.Site.Static {
		data, err := fs.ReadFile(content, f)
		if err != nil {
			return err
		}
		if err := out.WriteFile(f, data); err != nil {
			return err
		}
	}
	return nil
}

// dirOutput writes files below root, and remembers which.
type dirOutput struct {
	root    string
	dirs    sync.Map
	written sync.Map
	files   atomic.Int64
	bytes   atomic.Int64
}

func (o *dirOutput) WriteFile(name string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("refusing to write %q outside the output folder", name)
	}
	p := filepath.Join(o.root, filepath.FromSlash(name))
	o.written.Store(p, true)
	o.files.Add(1)
	o.bytes.Add(int64(len(data)))
	// The staging folder is usually the build before last: an unchanged
	// file is left alone, which on most file systems is much cheaper than
	// writing it again.
	if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
		return nil
	}
	dir := filepath.Dir(p)
	if _, ok := o.dirs.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		o.dirs.Store(dir, true)
	}
	return os.WriteFile(p, data, 0o644)
}

// Create opens a file for streaming.
func (o *dirOutput) Create(name string) (io.WriteCloser, error) {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return nil, fmt.Errorf("refusing to write %q outside the output folder", name)
	}
	p := filepath.Join(o.root, filepath.FromSlash(name))
	o.written.Store(p, true)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(p)
	if err != nil {
		return nil, err
	}
	o.files.Add(1)
	return &countingFile{File: f, n: &o.bytes}, nil
}

type countingFile struct {
	*os.File
	n *atomic.Int64
}

func (f *countingFile) Write(p []byte) (int, error) {
	n, err := f.File.Write(p)
	f.n.Add(int64(n))
	return n, err
}

// prune removes what an earlier build left in the folder and this one did
// not write.
func (o *dirOutput) prune() error {
	var dirs []string
	err := filepath.WalkDir(o.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		if _, ok := o.written.Load(p); !ok {
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

// writeAtomically has fill write a complete folder beside dest, then swaps
// it into place, so dest always holds one whole build and a failure leaves
// it untouched. The previous output is kept as .<dest>.prev and becomes the
// next build's staging folder: files that did not change are not rewritten.
func writeAtomically(dest string, fill func(out *dirOutput) error) error {
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	base := filepath.Base(dest)
	prev := filepath.Join(parent, "."+base+".prev")
	staging := filepath.Join(parent, "."+base+".staging")
	// A staging folder left by an interrupted build is as good as .prev:
	// every file in it is rewritten or pruned.
	if _, err := os.Stat(staging); err != nil {
		if err := os.Rename(prev, staging); err != nil {
			if err := os.Mkdir(staging, 0o755); err != nil {
				return err
			}
		}
	}
	out := &dirOutput{root: staging}
	if err := fill(out); err != nil {
		return err
	}
	if err := out.prune(); err != nil {
		return err
	}
	if err := swap(staging, dest); err != nil {
		return err
	}
	// staging now holds the previous output, or nothing.
	if _, err := os.Stat(staging); err != nil {
		return nil
	}
	return os.Rename(staging, prev)
}

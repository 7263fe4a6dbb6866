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
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/BurntSushi/toml"

	"playbook/generator/diag"
	"playbook/generator/model"
	"playbook/generator/site"
	"playbook/generator/theme"
)

// Config says what to build and where.
type Config struct {
	ContentDir string // the content folder, e.g. "content"
	OutDir     string // the output folder; the site goes to OutDir/site
	ThemesDir  string // a project's themes; default: themes/ beside the content folder
	Drafts     bool   // publish draft pages
}

// Result describes a finished build.
type Result struct {
	SiteDir  string
	Pages    int
	Files    int
	Bytes    int64
	Warnings diag.List
}

func (c Config) themesDir() string {
	if c.ThemesDir != "" {
		return c.ThemesDir
	}
	return filepath.Join(filepath.Dir(filepath.Clean(c.ContentDir)), "themes")
}

// Load reads and checks the content with the theme it names.
func Load(cfg Config) (*model.Site, *theme.Theme, diag.List, error) {
	fsys := os.DirFS(cfg.ContentDir)
	if st, err := os.Stat(cfg.ContentDir); err != nil || !st.IsDir() {
		return nil, nil, nil, fmt.Errorf("content folder %s not found", cfg.ContentDir)
	}
	th, err := theme.Open(cfg.themesDir(), themeName(fsys))
	if err != nil {
		return nil, nil, nil, err
	}
	s, diags := model.Load(fsys, model.Options{Dir: filepath.ToSlash(cfg.ContentDir), Drafts: cfg.Drafts, Layouts: extraLayouts(th)})
	return s, th, diags, nil
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
		case "baseof", "home", "section", "tags", "tag", "search", "handbook", "404", "page", "step", "fab", "objection":
		default:
			out = append(out, l)
		}
	}
	return out
}

// Build loads, renders and writes the site. On any error the previous output
// is left as it was.
func Build(cfg Config) (*Result, error) {
	s, th, diags, err := Load(cfg)
	if err != nil {
		return nil, err
	}
	if err := diags.Err(); err != nil {
		return nil, err
	}
	r, err := site.New(th)
	if err != nil {
		return nil, err
	}
	siteDir := filepath.Join(cfg.OutDir, "site")
	res := &Result{SiteDir: siteDir, Pages: len(s.Pages), Warnings: diags.Warnings()}
	err = writeAtomically(siteDir, func(dir string) error {
		out := &dirOutput{root: dir}
		if err := r.Render(s, out); err != nil {
			return err
		}
		content := os.DirFS(cfg.ContentDir)
		for _, f := range s.Static {
			data, err := fs.ReadFile(content, f)
			if err != nil {
				return err
			}
			if err := out.WriteFile(f, data); err != nil {
				return err
			}
		}
		res.Files, res.Bytes = int(out.files.Load()), out.bytes.Load()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// dirOutput writes files below root.
type dirOutput struct {
	root  string
	dirs  sync.Map
	files atomic.Int64
	bytes atomic.Int64
}

func (o *dirOutput) WriteFile(name string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("refusing to write %q outside the output folder", name)
	}
	p := filepath.Join(o.root, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	if _, ok := o.dirs.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		o.dirs.Store(dir, true)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	o.files.Add(1)
	o.bytes.Add(int64(len(data)))
	return nil
}

// writeAtomically has fill write a fresh folder beside dest, then swaps it
// into place. A failure leaves dest untouched.
func writeAtomically(dest string, fill func(dir string) error) error {
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	base := filepath.Base(dest)
	// Leftovers of interrupted builds.
	if old, _ := filepath.Glob(filepath.Join(parent, "."+base+".staging-*")); len(old) > 0 {
		for _, o := range old {
			_ = os.RemoveAll(o)
		}
	}
	staging, err := os.MkdirTemp(parent, "."+base+".staging-")
	if err != nil {
		return err
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		return err
	}
	if err := fill(staging); err != nil {
		return errors.Join(err, os.RemoveAll(staging))
	}
	if err := swap(staging, dest); err != nil {
		return errors.Join(err, os.RemoveAll(staging))
	}
	return os.RemoveAll(staging) // now holds the previous output
}

package project

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // logos
	_ "image/png"
	"io/fs"
	"path"
	"strings"
	"sync"
	"time"

	"playbook/generator/account"
	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/internal/par"
	"playbook/generator/model"
	"playbook/generator/source"
	"playbook/generator/theme"
	"playbook/themes"
)

// Options control Load.
type Options struct {
	// Content and Themes are how messages name the content folder and the
	// themes folder ("content" gives content/steps/analyze.md:3:1).
	Content, Themes string
	// Drafts publishes pages marked draft = true.
	Drafts bool
	// Today is the date proposal validity is checked against; zero: now.
	Today time.Time
	// Outside is where absolute paths in site.toml ([pdf] font) are read
	// from, e.g. os.DirFS("/"); nil refuses them.
	Outside fs.FS
	// Cache keeps pages' parses and what was made of their markdown
	// between loads.
	Cache *cache.Cache
	// Prepare are renderers that make what they need of each page's
	// markdown while the loader holds its AST (see model.Preparer).
	Prepare []model.Preparer
	// Prev and Changed let a development server read only what changed:
	// content files neither listed in Changed (content-relative paths) nor
	// inside a folder listed there are taken from Prev as they were.
	// Changed nil means any file may have changed.
	Prev    *Project
	Changed map[string]bool
	// Store is what the build before kept (see ReadCache); nil: none.
	Store *cache.Store
}

// ConfigFile is the content file that holds the site settings.
const ConfigFile = "site.toml"

// Load reads a project: content is the content folder, themes the project's
// themes folder (nil when there is none). It returns the snapshot and every
// problem found, sorted; when the list has errors the project is not fit to
// render, but it still holds every file read (for showing the errors).
func Load(content, themes fs.FS, opts Options) (*Project, diag.List) {
	if opts.Today.IsZero() {
		opts.Today = time.Now()
	}
	l := &loader{content: content, themes: themes, opts: opts, files: map[string]*source.File{}}
	p := &Project{Static: map[string]*source.File{}, files: l.files, Today: opts.Today, Store: opts.Store}
	if content == nil {
		l.diags.Errorf(l.name("."), 0, 0, "no such content folder")
		return p, l.diags
	}
	if st, err := fs.Stat(content, "."); err != nil || !st.IsDir() {
		l.diags.Errorf(l.name("."), 0, 0, "no such content folder")
		return p, l.diags
	}
	p.listed = l.list()
	pages, static, accounts := p.listed.pages, p.listed.static, p.listed.accounts
	l.read(append(append(append([]string{}, pages...), static...), accounts...), ConfigFile)

	p.Config = l.files[ConfigFile]
	cfg, d := model.ParseConfig(p.Config, l.name(ConfigFile))
	l.diags = append(l.diags, d...)
	th, err := l.theme(cfg.Theme)
	if err != nil {
		l.diags.Errorf(l.opts.Themes, 0, 0, "%v", err)
		return p, l.diags.Sort()
	}
	p.Theme = th

	in := model.Input{Config: cfg}
	for _, s := range pages {
		if f := l.files[s]; f != nil {
			in.Pages = append(in.Pages, f)
		}
	}
	for _, s := range static {
		if f := l.files[s]; f != nil {
			in.Static = append(in.Static, s)
			p.Static[s] = f
		}
	}
	site, d := model.Load(in, model.Options{Dir: opts.Content, Drafts: opts.Drafts, Layouts: th.PageTypes(), Cache: opts.Cache, Prepare: opts.Prepare, Store: opts.Store})
	l.diags = append(l.diags, d...)
	l.diags = append(l.diags, site.StaleWarnings(opts.Today)...) // pages past their review date
	p.Site = site

	fab := map[string][]string{}
	for _, s := range site.Languages {
		for id := range s.FAB {
			fab[id] = append(fab[id], s.Lang)
		}
	}
	var files []*source.File
	for _, s := range accounts {
		if f := l.files[s]; f != nil {
			files = append(files, f)
		}
	}
	checklists := map[string][]string{}
	for _, st := range site.Steps {
		checklists[st.Step.ID] = st.Step.ChecklistIDs
	}
	p.Accounts, d = account.ParseAll(files, account.Options{Config: cfg, FAB: fab, Today: opts.Today, Language: cfg.Language, Checklists: checklists})
	l.diags = append(l.diags, d...)

	if logo := cfg.Company.Logo; logo != "" {
		p.Logo = p.Static[path.Clean(logo)]
		if p.Logo != nil {
			if _, _, err := image.DecodeConfig(bytes.NewReader(p.Logo.Data)); err != nil {
				pos := cfg.Keys.At("company.logo")
				l.diags.Errorf(l.name(ConfigFile), pos.Line, pos.Col, "company.logo %q is not a PNG or JPEG image (%v)", logo, err)
			}
		}
	}
	p.Font, p.BoldFont = l.fonts(cfg, th)
	return p, l.diags.Sort()
}

type loader struct {
	content, themes fs.FS
	opts            Options
	files           map[string]*source.File
	mu              sync.Mutex
	diags           diag.List
}

// name is how messages name a content file.
func (l *loader) name(rel string) string {
	if l.opts.Content == "" {
		return rel
	}
	if rel == "." {
		return l.opts.Content
	}
	return path.Join(l.opts.Content, rel)
}

// list lists the content folder: by walking it, or as the last load did
// when every changed path is a file that load listed and that is still a
// file (an edit, a save by rename), or a name a walk skips.
func (l *loader) list() *listing {
	if prev := l.opts.Prev; prev != nil && prev.listed != nil && l.opts.Changed != nil && l.unlisted(prev.listed) {
		l.diags = append(l.diags, prev.listed.diags...)
		return prev.listed
	}
	before := len(l.diags)
	ls := &listing{}
	ls.pages, ls.static, ls.accounts = l.walk()
	ls.diags = append(diag.List(nil), l.diags[before:]...)
	ls.files = map[string]bool{}
	for _, list := range [][]string{ls.pages, ls.static, ls.accounts} {
		for _, f := range list {
			ls.files[f] = true
		}
	}
	return ls
}

// unlisted reports whether no changed path can change what a walk lists.
func (l *loader) unlisted(prev *listing) bool {
	for p := range l.opts.Changed {
		if model.IgnoredName(path.Base(p)) {
			continue // skipped by the walk, file or folder
		}
		if !prev.files[p] {
			return false
		}
		st, err := fs.Lstat(l.content, p)
		if err != nil || !st.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// walk lists the content folder: markdown pages, files published as they
// are, and account files. Account folders are never published.
func (l *loader) walk() (pages, static, accounts []string) {
	err := fs.WalkDir(l.content, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.diags.Errorf(l.name(p), 0, 0, "%v", err)
			return nil
		}
		if p == "." {
			return nil
		}
		if !l.regular(p, d) {
			return nil
		}
		if model.IgnoredName(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir() && p == model.AccountsDir:
			entries, err := fs.ReadDir(l.content, p)
			if err != nil {
				l.diags.Errorf(l.name(p), 0, 0, "%v", err)
			}
			for _, e := range entries {
				a := path.Join(p, e.Name())
				if !model.IgnoredName(e.Name()) && path.Ext(e.Name()) == ".toml" && l.regular(a, e) && !e.IsDir() {
					accounts = append(accounts, a)
				}
			}
			return fs.SkipDir
		case d.IsDir():
		case strings.HasSuffix(p, ".md"):
			pages = append(pages, p)
		case p == ConfigFile || strings.HasSuffix(p, ".go"):
		default:
			static = append(static, p)
		}
		return nil
	})
	if err != nil {
		l.diags.Errorf(l.name("."), 0, 0, "%v", err)
	}
	return pages, static, accounts
}

// regular reports whether an entry of the content folder is a file or a
// folder that can be read. Symbolic links are not followed (one that leads
// out of the content folder is an error); a pipe, a device or a socket would
// block or never end.
func (l *loader) regular(p string, d fs.DirEntry) bool {
	switch t := d.Type(); {
	case t&fs.ModeSymlink != 0:
		if _, err := fs.Stat(l.content, p); err != nil {
			l.diags.Errorf(l.name(p), 0, 0, "symbolic link to outside the content folder: not read (copy the file into the content folder)")
		} else {
			l.diags.Warnf(l.name(p), 0, 0, "symbolic link not published (copy the file into the content folder instead)")
		}
		return false
	case t.IsDir() || t.IsRegular():
		return true
	default:
		l.diags.Errorf(l.name(p), 0, 0, "not a regular file (%s): not read", t.Type())
		return false
	}
}

// read reads content files on all cores; a file that did not change since
// the previous load is taken from it. A missing optional file is no error.
func (l *loader) read(paths []string, optional ...string) {
	all := append(paths, optional...)
	got := make([]*source.File, len(all))
	par.Do(len(all), func(i int) {
		p := all[i]
		if prev := l.opts.Prev; prev != nil && l.opts.Changed != nil && !changed(l.opts.Changed, p) {
			if f := prev.files[p]; f != nil {
				got[i] = f
				return
			}
		}
		data, err := fs.ReadFile(l.content, p)
		if err != nil {
			if i < len(paths) || !errors.Is(err, fs.ErrNotExist) {
				l.mu.Lock()
				l.diags.Errorf(l.name(p), 0, 0, "%v", err)
				l.mu.Unlock()
			}
			return
		}
		got[i] = source.New(p, l.name(p), data)
	})
	for i, f := range got {
		if f != nil {
			l.files[all[i]] = f
		}
	}
}

// changed reports whether p, or a folder it is in, is listed: a folder
// renamed, swapped or restored brings new files under old names.
func changed(set map[string]bool, p string) bool {
	if set["."] {
		return true
	}
	for ; p != "." && p != "/" && p != ""; p = path.Dir(p) {
		if set[p] {
			return true
		}
	}
	return false
}

// theme reads the embedded default theme and overlays the project's
// themes/<name>/ folder.
func (l *loader) theme(name string) (*theme.Theme, error) {
	if name == "" || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		name = "default" // site.toml's own check reports it
	}
	var files []*source.File
	byPath := map[string]int{}
	add := func(f *source.File) {
		if i, ok := byPath[f.Path]; ok {
			files[i] = f
			return
		}
		byPath[f.Path] = len(files)
		files = append(files, f)
	}
	var prev *theme.Theme
	if l.opts.Prev != nil && l.opts.Changed != nil {
		prev = l.opts.Prev.Theme // only content changed: the theme is as it was
	}
	if prev != nil && prev.Name == name {
		return prev, nil
	}
	base, err := embeddedTheme()
	if err != nil {
		return nil, err
	}
	for _, f := range base {
		add(f)
	}
	dir := path.Join(l.opts.Themes, name)
	st, err := statDir(l.themes, name)
	switch {
	case err == nil && st:
		if err := readTree(l.themes, name, dir, add); err != nil {
			return nil, err
		}
	case name != "default":
		return nil, fmt.Errorf("theme %q not found: no folder %s", name, dir)
	}
	return theme.New(name, files, base)
}

// embeddedFS holds the default theme's files.
var embeddedFS = func() fs.FS {
	sub, err := fs.Sub(themes.FS, "default")
	if err != nil {
		panic(err) // a constant, valid path
	}
	return sub
}()

// embeddedTheme is the default theme built into the binary: read once, as
// it never changes.
var embeddedTheme = sync.OnceValues(func() ([]*source.File, error) {
	var files []*source.File
	err := readTree(embeddedFS, ".", "themes/default", func(f *source.File) { files = append(files, f) })
	return files, err
})

// lazyEmbedded makes the embedded theme's fonts lazy files: 10 MB that only
// PDFs read, part of the program, so the program's identity names their
// bytes. Reading the font for every build cost 18 ms and 20 MB of memory.
func lazyEmbedded(fsys fs.FS, rel, name string) *source.File {
	if fsys != embeddedFS || !strings.HasPrefix(rel, "fonts/") {
		return nil
	}
	return source.Lazy(rel, name, cache.NewHasher().Strings("embedded", rel, program()).Sum(), func() []byte {
		data, err := fs.ReadFile(fsys, rel)
		if err != nil {
			panic(err) // embedded in the program: cannot fail
		}
		return data
	})
}

func statDir(fsys fs.FS, name string) (bool, error) {
	if fsys == nil {
		return false, fs.ErrNotExist
	}
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return false, err
	}
	return st.IsDir(), nil
}

// readTree reads every file below root of fsys; display names the folder in
// messages.
func readTree(fsys fs.FS, root, display string, add func(*source.File)) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") || strings.HasSuffix(p, ".go") {
			if d.IsDir() && p != root && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		if f := lazyEmbedded(fsys, rel, display+"/"+rel); f != nil {
			add(f)
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		add(source.New(rel, display+"/"+rel, data))
		return nil
	})
}

// The theme's font, used unless site.toml's [pdf] names one.
const (
	themeFont     = "fonts/NotoSansSC-Regular.ttf"
	themeBoldFont = "fonts/NotoSansSC-Bold.ttf"
)

// fonts reads the proposals' fonts: [pdf] font and bold_font (relative to
// the content folder, or absolute), else the theme's.
func (l *loader) fonts(cfg model.Config, th *theme.Theme) (regular, bold Font) {
	if cfg.PDF.Font == "" {
		return Font{File: th.File(themeFont)}, Font{File: th.File(themeBoldFont)}
	}
	read := func(key, name string, face int) Font {
		if name == "" {
			return Font{}
		}
		f, err := l.outside(name)
		if err != nil {
			pos := cfg.Keys.At(key)
			l.diags.Errorf(l.name(ConfigFile), pos.Line, pos.Col, "%s: %v", key, err)
			return Font{}
		}
		return Font{File: f, Face: face}
	}
	return read("pdf.font", cfg.PDF.Font, cfg.PDF.Face), read("pdf.bold_font", cfg.PDF.BoldFont, cfg.PDF.BoldFace)
}

// outside reads a file that site.toml names: relative to the content
// folder, or absolute.
func (l *loader) outside(name string) (*source.File, error) {
	if !path.IsAbs(name) {
		rel := path.Clean(name)
		if !fs.ValidPath(rel) {
			return nil, fmt.Errorf("%q is outside the content folder (give an absolute path)", name)
		}
		if f := l.files[rel]; f != nil {
			return f, nil
		}
		data, err := fs.ReadFile(l.content, rel)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", name, unwrapPath(err))
		}
		return source.New(rel, l.name(rel), data), nil
	}
	if l.opts.Outside == nil {
		return nil, fmt.Errorf("absolute path %s not allowed here", name)
	}
	if prev := l.opts.Prev; prev != nil && l.opts.Changed != nil {
		for _, f := range []*source.File{prev.Font.File, prev.BoldFont.File} {
			if f != nil && f.Name == name {
				return f, nil
			}
		}
	}
	data, err := fs.ReadFile(l.opts.Outside, strings.TrimPrefix(path.Clean(name), "/"))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, unwrapPath(err))
	}
	return source.New(name, name, data), nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

package model

import (
	"path"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/internal/par"
	"playbook/generator/markdown"
	"playbook/generator/source"
	"playbook/generator/tomlx"
)

// Options control Load.
type Options struct {
	// Dir is how messages name the content folder ("content" gives
	// content/steps/analyze.md:3:1).
	Dir string
	// Drafts publishes pages marked draft = true.
	Drafts bool
	// Layouts are page types beyond the built-in ones that the theme has a
	// layout for (themes/<name>/layouts/<type>.html).
	Layouts []string
	// Cache, when set, keeps each page's parse and what was made of its
	// markdown, keyed by the file's hash and everything else they depend on.
	Cache *cache.Cache
	// Prepare are the renderers that make something of each markdown text
	// while its AST is at hand.
	Prepare []Preparer
	// Store, when set, is the build cache: what the build before found in
	// each page's markdown is taken from it (see storedDocs).
	Store *cache.Store
}

// Input is what the loader read for the playbook: the settings, the
// markdown files and the names of the other files of the content folder.
type Input struct {
	Config Config
	Pages  []*source.File
	Static []string // content-relative paths of files published as they are
}

type loader struct {
	opts     Options
	diags    diag.List
	site     *Site
	md       *markdown.Markdown
	static   map[string]bool
	drafts   map[string]bool // sources of draft pages left out
	failed   map[string]bool // sources that could not be loaded
	sections map[string]*Section
	byURL    map[string]*Page
	types    []string
	// langRoots are the folders of the languages other than the site
	// language (en -> "en"); sites the playbook in each language.
	langRoots map[string]string
	sites     map[string]*Site
}

type fragRef struct {
	from      *Page
	target    *Page
	fragment  string
	line, col int
}

// Load makes the playbook's pages from the files the loader read. It returns
// the site and every problem found, sorted; when the list has errors the site
// is not fit to render.
func Load(in Input, opts Options) (*Site, diag.List) {
	l := &loader{
		opts:     opts,
		site:     &Site{Config: in.Config, FAB: map[string]*Page{}, bySource: map[string]*Page{}},
		static:   map[string]bool{},
		drafts:   map[string]bool{},
		failed:   map[string]bool{},
		sections: map[string]*Section{},
		byURL:    map[string]*Page{},
		types:    append([]string{TypePage, TypeStep, TypeFAB, TypeObjection}, opts.Layouts...),
	}
	l.md = markdownFor(in.Config.RawHTML)
	l.site.Markdown = l.md
	for _, s := range in.Static {
		l.static[s] = true
	}
	l.site.Static = slices.Clone(in.Static)
	pages := l.readPages(in.Pages)
	if logo := l.site.Config.Company.Logo; logo != "" && !l.static[path.Clean(logo)] {
		pos := in.Config.Keys.At("company.logo")
		l.diags.Errorf(l.file("site.toml"), pos.Line, pos.Col, "company.logo %q not found in the content folder", logo)
	}
	for i, q := range l.site.Config.Company.Qualifications {
		if q.Scan != "" && !l.static[path.Clean(q.Scan)] {
			pos := in.Config.Keys.At("company.qualifications")
			l.diags.Errorf(l.file("site.toml"), pos.Line, pos.Col, "company.qualifications[%d].scan %q not found in the content folder", i, q.Scan)
		}
	}
	l.resolveLangs(pages)
	l.newLanguages()
	pages = l.resolveTypes(pages)
	l.buildTree(pages)
	l.coaching(pages)
	for _, s := range l.site.Languages {
		s.sections, s.static = l.sections, l.static
	}
	l.parseAll()
	for _, s := range l.site.Languages {
		l.order(s)
	}
	l.translations()
	return l.site, l.diags.Sort()
}

// markdownFor is the one Markdown of each raw-HTML setting: made once per
// process, safe for concurrent use.
func markdownFor(rawHTML bool) *markdown.Markdown {
	if rawHTML {
		return rawMarkdown()
	}
	return safeMarkdown()
}

var (
	safeMarkdown = sync.OnceValue(func() *markdown.Markdown { return markdown.New(markdown.Options{}) })
	rawMarkdown  = sync.OnceValue(func() *markdown.Markdown { return markdown.New(markdown.Options{RawHTML: true}) })
)

func (l *loader) file(rel string) string {
	if l.opts.Dir == "" {
		return rel
	}
	return path.Join(l.opts.Dir, rel)
}

type parsed struct {
	page   *Page
	fm     frontMatter
	keys   tomlx.Keys // where front-matter keys are written
	diags  diag.List
	failed bool
}

func (l *loader) readPages(files []*source.File) []*parsed {
	out := make([]*parsed, len(files))
	par.Do(len(files), func(i int) { out[i] = l.parse(files[i]) })
	var kept []*parsed
	for _, p := range out {
		l.diags = append(l.diags, p.diags...)
		if p.failed {
			l.failed[p.page.Source] = true
			continue
		}
		if p.page.Draft && !l.opts.Drafts {
			l.drafts[p.page.Source] = true
			continue
		}
		kept = append(kept, p)
	}
	// A draft section index hides its section.
	for src := range l.drafts {
		if path.Base(src) == "_index.md" {
			dir := path.Dir(src)
			kept = slices.DeleteFunc(kept, func(p *parsed) bool {
				if inDir(p.page.Source, dir) {
					l.drafts[p.page.Source] = true
					return true
				}
				return false
			})
		}
	}
	return kept
}

// invalidUTF8 is the offset of the first byte that is not UTF-8.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}

func inDir(src, dir string) bool {
	return dir == "." || strings.HasPrefix(src, dir+"/")
}

package model

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"playbook/generator/diag"
	"playbook/generator/markdown"
	"playbook/generator/method"
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
	// Cache, when set, carries parsed and converted files between loads.
	Cache *Cache
	// Changed lists the content-relative files that may have changed since
	// the load that filled Cache; nil means any may have.
	Changed map[string]bool
}

// AccountsDir is the content folder that holds account data. Nothing in it is
// ever published.
const AccountsDir = "accounts"

// reserved are top-level URLs the site itself uses.
var reserved = []string{"search", "tags", "handbook", "assets", "404.html", "sitemap.xml"}

// IgnoredName reports whether a file or folder name is an editor's swap,
// backup or temporary file, or hidden: such files are never content.
func IgnoredName(name string) bool {
	if name == "" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") {
		return true
	}
	switch path.Ext(name) {
	case ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".crdownload", ".part":
		return true
	}
	switch {
	case name == "4913": // vim probes a folder with this file before writing
		return true
	case strings.Contains(name, "___jb_"): // JetBrains' safe write
		return true
	case len(name) == 9 && strings.HasPrefix(name, "sed") && !strings.Contains(name, "."): // sed -i
		return true
	}
	return false
}

type loader struct {
	fsys     fs.FS
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
}

type fragRef struct {
	from      *Page
	target    *Page
	fragment  string
	line, col int
}

// Load reads a playbook from fsys (the content folder). It returns the site
// and every problem found, sorted; when the list has errors the site is not
// fit to render.
func Load(fsys fs.FS, opts Options) (*Site, diag.List) {
	l := &loader{
		fsys:     fsys,
		opts:     opts,
		site:     &Site{FAB: map[string]*Page{}, bySource: map[string]*Page{}},
		static:   map[string]bool{},
		drafts:   map[string]bool{},
		failed:   map[string]bool{},
		sections: map[string]*Section{},
		byURL:    map[string]*Page{},
		types:    append([]string{TypePage, TypeStep, TypeFAB, TypeObjection}, opts.Layouts...),
	}
	l.loadConfig()
	pages := l.readPages(l.walk())
	if logo := l.site.Config.Company.Logo; logo != "" && !l.static[path.Clean(logo)] {
		l.diags.Errorf(l.file("site.toml"), 1, 1, "company.logo %q not found in the content folder", logo)
	}
	pages = l.resolveTypes(pages)
	l.buildTree(pages)
	l.renderAll()
	l.order()
	return l.site, l.diags.Sort()
}

func (l *loader) file(rel string) string {
	if l.opts.Dir == "" {
		return rel
	}
	return path.Join(l.opts.Dir, rel)
}

func (l *loader) loadConfig() {
	data, err := fs.ReadFile(l.fsys, "site.toml")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			l.diags.Errorf(l.file("site.toml"), 0, 0, "missing: every playbook needs a site.toml with at least a title")
		} else {
			l.diags.Errorf(l.file("site.toml"), 0, 0, "%v", err)
		}
		l.site.Config = Config{Language: "zh-CN", Theme: "default", BaseURL: "/"}
	} else {
		if !utf8.Valid(data) {
			line, col := diag.LineCol(data, invalidUTF8(data))
			l.diags.Errorf(l.file("site.toml"), line, col, "the file is not UTF-8 text (save it as UTF-8)")
			data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		}
		l.site.Config = loadConfig(string(data), l.file("site.toml"), &l.diags)
	}
	l.md = markdown.New(markdown.Options{RawHTML: l.site.Config.RawHTML})
}

// walk lists the markdown sources and records the static files.
func (l *loader) walk() []string {
	var sources []string
	err := fs.WalkDir(l.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.diags.Errorf(l.file(p), 0, 0, "%v", err)
			return nil
		}
		if p == "." {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A link could point anywhere on the disk: never publish it.
			l.diags.Warnf(l.file(p), 0, 0, "symbolic link not published (copy the file into the content folder instead)")
			return nil
		}
		if IgnoredName(d.Name()) || (d.IsDir() && p == AccountsDir) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir():
		case strings.HasSuffix(p, ".md"):
			sources = append(sources, p)
		case p == "site.toml" || strings.HasSuffix(p, ".go"):
		default:
			l.static[p] = true
			l.site.Static = append(l.site.Static, p)
		}
		return nil
	})
	if err != nil {
		l.diags.Errorf(l.file("."), 0, 0, "%v", err)
	}
	return sources
}

type parsed struct {
	page   *Page
	fm     frontMatter
	keys   tomlx.Keys // where front-matter keys are written
	diags  diag.List
	failed bool
}

func (l *loader) readPages(sources []string) []*parsed {
	out := make([]*parsed, len(sources))
	if c := l.opts.Cache; c != nil {
		fresh := make([]*fileCache, len(sources))
		parallel(len(sources), func(i int) {
			out[i], fresh[i] = l.cachedRead(sources[i], c.files)
		})
		files := make(map[string]*fileCache, len(sources))
		for i, src := range sources {
			switch {
			case fresh[i] != nil:
				files[src] = fresh[i]
			case c.files[src] != nil && !out[i].failed:
				files[src] = c.files[src]
			}
		}
		c.files = files // forget deleted files
	} else {
		parallel(len(sources), func(i int) {
			out[i] = l.readPage(sources[i])
		})
	}
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

func (l *loader) readPage(src string) *parsed {
	data, err := fs.ReadFile(l.fsys, src)
	if err != nil {
		ps := &parsed{page: &Page{Source: src, File: l.file(src)}, failed: true}
		ps.diags.Errorf(l.file(src), 0, 0, "%v", err)
		return ps
	}
	return l.parsePage(src, data)
}

// parsePage reads a page's front matter.
func (l *loader) parsePage(src string, data []byte) *parsed {
	file := l.file(src)
	ps := &parsed{page: &Page{Source: src, File: file}}
	if !utf8.Valid(data) {
		line, col := diag.LineCol(data, invalidUTF8(data))
		ps.diags.Errorf(file, line, col, "the file is not UTF-8 text (save it as UTF-8)")
		ps.failed = true
		return ps
	}
	fm, body, bodyLine, err := SplitFrontMatter(data)
	if err != nil {
		ps.diags.Errorf(file, 1, 1, "%v", err)
		ps.failed = true
		return ps
	}
	_, keys, ok := tomlx.Decode(string(fm), file, 2, &ps.fm, frontMatterKeys, &ps.diags)
	if !ok {
		ps.failed = true
		return ps
	}
	ps.keys = keys
	p := ps.page
	p.keys = keys
	p.body, p.bodyLine = body, bodyLine
	f := ps.fm
	p.Title, p.Summary, p.Weight, p.Tags, p.Draft = strings.TrimSpace(f.Title), f.Summary, f.Weight, f.Tags, f.Draft
	p.TOC = f.TOC == nil || *f.TOC
	p.Lang = cmp.Or(f.Lang, l.site.Config.Language)
	if p.Title == "" {
		if len(fm) == 0 {
			ps.diags.Errorf(file, 1, 1, "missing front matter: a page starts with +++, title = \"…\", +++")
		} else {
			ps.diags.Errorf(file, 1, 1, "missing title")
		}
	}
	if !slices.Contains(Languages, p.Lang) {
		ps.errAt("lang", "lang %q is not supported (use zh-CN or en)", p.Lang)
	}
	for _, t := range p.Tags {
		if strings.TrimSpace(t) == "" || markdown.Slug(t) == "" {
			ps.errAt("tags", "tag %q has no letters or digits", t)
		}
	}
	isIndex := path.Base(src) == "_index.md"
	dir := path.Dir(src)
	switch {
	case isIndex && dir == ".":
		p.Kind, p.URL = KindHome, ""
	case isIndex:
		p.Kind, p.URL = KindSection, dir+"/"
	default:
		p.Slug = strings.TrimSuffix(path.Base(src), ".md")
		p.Kind, p.URL = KindPage, path.Join(dir, p.Slug)+"/"
		if dir == "." {
			p.URL = p.Slug + "/"
		}
	}
	if isIndex {
		p.Slug = path.Base(dir)
		if f.Type != "" {
			ps.errAt("type", "a section's _index.md takes no type; set the type of its pages with [cascade] type = %q", f.Type)
		}
		if f.Cascade != nil {
			p.cascadeType = f.Cascade.Type
		}
	} else if f.Cascade != nil {
		ps.errAt("cascade", "cascade is only allowed in a section's _index.md")
	}
	return ps
}

func (ps *parsed) errAt(key, format string, args ...any) {
	pos := ps.keys.At(key)
	ps.diags.Errorf(ps.page.File, pos.Line, pos.Col, format, args...)
}

// resolveTypes settles each page's type and checks its type's keys.
func (l *loader) resolveTypes(pages []*parsed) []*parsed {
	cascade := map[string]string{} // folder -> type from its _index.md
	for _, ps := range pages {
		if ps.page.cascadeType != "" {
			dir := path.Dir(ps.page.Source)
			if !slices.Contains(l.types, ps.page.cascadeType) {
				ps.errAt("cascade.type", "unknown type %q (known: %s)", ps.page.cascadeType, strings.Join(l.types, ", "))
			}
			cascade[dir] = ps.page.cascadeType
		}
	}
	stepSeen := map[string]*Page{}
	for _, ps := range pages {
		p := ps.page
		switch p.Kind {
		case KindHome, KindSection:
			p.Type = p.Kind
		default:
			p.Type = ps.fm.Type
			if p.Type == "" {
				p.Type = defaultType(path.Dir(p.Source), cascade, l.types)
			} else if !slices.Contains(l.types, p.Type) {
				ps.errAt("type", "unknown type %q (known: %s)", p.Type, strings.Join(l.types, ", "))
			}
		}
		ps.checkKindKeys()
		ps.checkKind(l, stepSeen)
		l.diags = append(l.diags, ps.diags...)
		ps.diags = nil
	}
	return pages
}

// defaultType is the nearest cascade type or type-named folder above dir
// (so pages in fab/ and fab/en/ are FAB sheets), else "page".
func defaultType(dir string, cascade map[string]string, types []string) string {
	for d := dir; d != "." && d != "/" && d != ""; d = path.Dir(d) {
		if t, ok := cascade[d]; ok {
			return t
		}
		if name := path.Base(d); slices.Contains(types, name) {
			return name
		}
	}
	if t, ok := cascade["."]; ok {
		return t
	}
	return TypePage
}

func (ps *parsed) checkKindKeys() {
	allowed := map[string]bool{}
	for _, k := range kindKeys["__common__"] {
		allowed[k] = true
	}
	for _, k := range kindKeys[ps.page.Type] {
		allowed[k] = true
	}
	if path.Base(ps.page.Source) == "_index.md" {
		allowed["cascade"], allowed["type"] = true, true
	}
	for _, key := range ps.keys.Paths() {
		top, _, _ := strings.Cut(key, ".")
		if allowed[top] || !slices.Contains(frontMatterKeys, key) || (top != key && ps.keys.Has(top)) {
			continue
		}
		var owners []string
		for t, keys := range kindKeys {
			if slices.Contains(keys, top) && !strings.HasPrefix(t, "_") {
				owners = append(owners, t)
			}
		}
		slices.Sort(owners)
		ps.errAt(key, "key %q belongs to pages of type %s, but this page's type is %q", top, strings.Join(owners, " or "), ps.page.Type)
	}
}

func (ps *parsed) checkKind(l *loader, stepSeen map[string]*Page) {
	p, f := ps.page, ps.fm
	switch p.Type {
	case TypeStep:
		idx := method.StepIndex(f.Step)
		switch {
		case f.Step == "":
			ps.errAt("type", "a step page needs step = one of %s", strings.Join(method.Steps, ", "))
		case idx < 0:
			ps.errAt("step", "unknown step %q (use one of %s)", f.Step, strings.Join(method.Steps, ", "))
		case stepSeen[f.Step] != nil:
			ps.errAt("step", "step %q already has a page: %s", f.Step, stepSeen[f.Step].File)
		default:
			stepSeen[f.Step] = p
		}
		if strings.TrimSpace(f.Start) == "" {
			ps.errAt("type", "a step page needs its start marker: start = \"…\"")
		}
		if strings.TrimSpace(f.End) == "" {
			ps.errAt("type", "a step page needs its end marker: end = \"…\"")
		}
		p.Step = &Step{ID: f.Step, Index: idx, Start: f.Start, End: f.End, Activities: slices.Clone(f.Activities), Checklist: slices.Clone(f.Checklist)}
	case TypeFAB:
		if len(f.FAB) == 0 {
			ps.errAt("type", "a FAB sheet needs at least one [[fab]] row with feature, advantage and benefit")
		}
		for i, row := range f.FAB {
			for _, kv := range [][2]string{{"feature", row.Feature}, {"advantage", row.Advantage}, {"benefit", row.Benefit}} {
				if strings.TrimSpace(kv[1]) == "" {
					ps.errAt("fab", "fab[%d].%s is empty", i, kv[0])
				}
			}
		}
		p.FAB = f.FAB
	case TypeObjection:
		if strings.TrimSpace(f.Objection) == "" {
			ps.errAt("type", "an objection card needs objection = \"what the client says\"")
		}
		switch {
		case f.Step == "":
			ps.errAt("type", "an objection card needs step = the step it belongs to (%s)", strings.Join(method.Steps, ", "))
		case method.StepIndex(f.Step) < 0:
			ps.errAt("step", "unknown step %q (use one of %s)", f.Step, strings.Join(method.Steps, ", "))
		}
		if f.Category != "" && !slices.Contains(method.ObjectionCategories, f.Category) {
			msg := fmt.Sprintf("unknown category %q (use one of %s)", f.Category, strings.Join(method.ObjectionCategories, ", "))
			if s := diag.Suggest(f.Category, method.ObjectionCategories); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			ps.errAt("category", "%s", msg)
		}
		p.Objection = &Objection{Objection: f.Objection, Behind: f.Behind, StepID: f.Step, Category: f.Category}
	}
	_ = l
}

// buildTree makes the sections, checks URLs, and indexes the pages.
func (l *loader) buildTree(pages []*parsed) {
	root := &Section{Dir: ""}
	l.sections["."] = root
	l.site.Root = root
	var section func(dir string) *Section
	section = func(dir string) *Section {
		if s, ok := l.sections[dir]; ok {
			return s
		}
		parent := section(path.Dir(dir))
		s := &Section{Dir: dir, Parent: parent}
		parent.Sections = append(parent.Sections, s)
		l.sections[dir] = s
		return s
	}
	for _, ps := range pages {
		p := ps.page
		dir := path.Dir(p.Source)
		switch p.Kind {
		case KindHome:
			root.Index, p.OwnSection = p, root
			l.site.Home = p
		case KindSection:
			s := section(dir)
			s.Index, p.OwnSection, p.Section = p, s, s.Parent
		default:
			s := section(dir)
			p.Section = s
			s.Pages = append(s.Pages, p)
		}
		l.site.bySource[p.Source] = p
	}
	// Made-up index pages for folders without _index.md.
	for dir, s := range l.sections {
		if s.Index != nil {
			continue
		}
		p := &Page{Kind: KindSection, Type: KindSection, Title: path.Base(dir), Lang: l.site.Config.Language, TOC: true,
			URL: dir + "/", Slug: path.Base(dir), OwnSection: s, Section: s.Parent, File: l.file(dir)}
		if dir == "." {
			p.Kind, p.Type, p.URL, p.Title, p.Slug, p.Section = KindHome, KindHome, "", l.site.Config.Title, "", nil
			l.site.Home = p
		}
		s.Index = p
	}
	// URLs must be unique and must not take the site's own names.
	all := make([]*Page, 0, len(pages)+len(l.sections))
	for _, ps := range pages {
		all = append(all, ps.page)
	}
	for _, s := range l.sections {
		if s.Index.Source == "" {
			all = append(all, s.Index)
		}
	}
	slices.SortFunc(all, func(a, b *Page) int { return cmp.Compare(a.File, b.File) })
	for _, p := range all {
		first, _, _ := strings.Cut(p.URL, "/")
		if slices.Contains(reserved, first) && p.Source != "" {
			l.diags.Errorf(p.File, 1, 1, "the URL %q is reserved for the site's own %s page; rename the file or folder", p.URL, first)
		}
		if other, ok := l.byURL[p.URL]; ok {
			switch {
			case p.Source == "":
				l.diags.Errorf(other.File, 1, 1, "duplicate URL %q: the folder %s/ publishes there too", p.URL, strings.TrimSuffix(p.URL, "/"))
			case other.Source == "":
				l.diags.Errorf(p.File, 1, 1, "duplicate URL %q: the folder %s/ publishes there too", p.URL, strings.TrimSuffix(p.URL, "/"))
			default:
				l.diags.Errorf(p.File, 1, 1, "duplicate URL %q: %s publishes there too", p.URL, other.File)
			}
			continue
		}
		l.byURL[p.URL] = p
	}
	for _, ps := range pages {
		p := ps.page
		if p.Type == TypeFAB {
			// The file name is the id proposals use: it must be unique.
			if other := l.site.FAB[p.Slug]; other != nil {
				l.diags.Errorf(p.File, 1, 1, "FAB sheet id %q is already used by %s (the file name is the id proposals refer to)", p.Slug, other.File)
				continue
			}
			l.site.FAB[p.Slug] = p
		}
	}
}

// renderAll converts every page's markdown and checks its links.
func (l *loader) renderAll() {
	var pages []*Page
	for _, p := range l.site.bySource {
		pages = append(pages, p)
	}
	diags := make([]diag.List, len(pages))
	frags := make([][]fragRef, len(pages))
	var index [32]byte
	if l.opts.Cache != nil {
		index = l.indexKey()
	}
	parallel(len(pages), func(i int) {
		var ok bool
		if diags[i], frags[i], ok = l.reuse(pages[i], index); !ok {
			diags[i], frags[i] = l.renderPage(pages[i])
			l.remember(pages[i], index, diags[i], frags[i])
		}
	})
	for i := range pages {
		l.diags = append(l.diags, diags[i]...)
	}
	for _, fs := range frags {
		for _, f := range fs {
			if !hasAnchor(f.target, f.fragment) {
				l.diags.Errorf(f.from.File, f.line, f.col, "link to %s#%s: no heading with the id %q on that page", f.target.Source, f.fragment, f.fragment)
			}
		}
	}
}

func hasAnchor(p *Page, id string) bool {
	if slices.ContainsFunc(p.Headings, func(h markdown.Heading) bool { return h.ID == id }) {
		return true
	}
	switch {
	case p.Type == TypeStep && (id == "activities" || id == "checklist"),
		p.Type == TypeObjection && (id == "behind" || id == "response"),
		p.Type == TypeFAB && id == "fab",
		strings.HasPrefix(id, "fn:"), strings.HasPrefix(id, "fnref:"):
		return true
	}
	return false
}

func (l *loader) renderPage(p *Page) (diag.List, []fragRef) {
	var d diag.List
	var frags []fragRef
	convert := func(src []byte, line int) *markdown.Doc {
		doc := l.md.Convert(src, markdown.ConvertOptions{Lang: p.Lang, Resolve: func(r markdown.Ref) (string, error) {
			r.Line += line - 1
			return l.resolve(p, r, &frags)
		}})
		for _, pr := range doc.Problems {
			if pr.Warning {
				d.Warnf(p.File, pr.Line+line-1, pr.Col, "%s", pr.Msg)
			} else {
				d.Errorf(p.File, pr.Line+line-1, pr.Col, "%s", pr.Msg)
			}
		}
		return doc
	}
	// Front-matter fields are reported at their key's line.
	var extra []string // searchable text outside the body
	inline := func(key, src string) string {
		doc := convert([]byte(src), p.keys.At(key).Line)
		extra = append(extra, doc.Text)
		html := strings.TrimSpace(string(doc.HTML))
		return strings.TrimSuffix(strings.TrimPrefix(html, "<p>"), "</p>")
	}
	doc := convert(p.body, p.bodyLine)
	p.Content, p.Headings = string(doc.HTML), doc.Headings
	p.body = nil
	defer func() { p.Text = strings.Join(append(extra, doc.Text), " ") }()
	if p.Step != nil {
		for i, a := range p.Step.Activities {
			p.Step.Activities[i] = inline("activities", a)
		}
		for i, c := range p.Step.Checklist {
			p.Step.Checklist[i] = inline("checklist", c)
		}
	}
	if p.Objection != nil && p.Objection.Behind != "" {
		behind := convert([]byte(p.Objection.Behind), p.keys.At("behind").Line)
		p.Objection.Behind = string(behind.HTML)
		extra = append(extra, behind.Text)
	}
	return d, frags
}

// resolve maps a link in page p to its URL, checking that its target exists.
func (l *loader) resolve(p *Page, r markdown.Ref, frags *[]fragRef) (string, error) {
	dest := strings.TrimSpace(r.Dest)
	if dest == "" {
		return "", errors.New("empty link destination")
	}
	u, err := url.Parse(dest)
	if err != nil {
		return "", fmt.Errorf("malformed link %q: %v", dest, err)
	}
	if u.Scheme != "" || strings.HasPrefix(dest, "//") {
		return dest, nil
	}
	if u.Path == "" { // #fragment on the same page
		if u.Fragment != "" {
			*frags = append(*frags, fragRef{from: p, target: p, fragment: u.Fragment, line: r.Line, col: r.Col})
		}
		return dest, nil
	}
	target := u.Path
	if strings.HasPrefix(target, "/") {
		target = path.Clean(strings.TrimPrefix(target, "/"))
	} else {
		target = path.Join(path.Dir(cmp.Or(p.Source, "_index.md")), target)
	}
	if target == ".." || strings.HasPrefix(target, "../") {
		return "", fmt.Errorf("link %q points outside the content folder", dest)
	}
	if target == AccountsDir || strings.HasPrefix(target, AccountsDir+"/") {
		return "", fmt.Errorf("link %q points into %s/: account data is never published", dest, AccountsDir)
	}
	suffix := ""
	if u.Fragment != "" {
		suffix = "#" + u.Fragment
	}
	if strings.HasSuffix(target, ".md") && !r.Image {
		page := l.site.bySource[target]
		if s, ok := l.sections[path.Dir(target)]; ok && page == nil && path.Base(target) == "_index.md" {
			page = s.Index
		}
		if page == nil {
			if l.failed[target] {
				return dest, nil // its own errors are reported
			}
			if l.drafts[target] {
				return "", fmt.Errorf("link to draft page %q (it is published only with --drafts)", dest)
			}
			msg := fmt.Sprintf("link to missing page %q", dest)
			var known []string
			for s := range l.site.bySource {
				known = append(known, s)
			}
			if s := diag.Suggest(target, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			}
			return "", errors.New(msg)
		}
		if u.Fragment != "" {
			*frags = append(*frags, fragRef{from: p, target: page, fragment: u.Fragment, line: r.Line, col: r.Col})
		}
		return RootMarker + page.OutputPath() + suffix, nil
	}
	if l.static[target] {
		return RootMarker + target + suffix, nil
	}
	if s, ok := l.sections[target]; ok && !r.Image {
		return RootMarker + s.Index.OutputPath() + suffix, nil
	}
	if r.Image {
		return "", fmt.Errorf("image %q not found in the content folder", dest)
	}
	return "", fmt.Errorf("link target %q not found (link to pages by their .md file)", dest)
}

// order sorts sections and pages, and sets reading order, prev/next, steps and tags.
func (l *loader) order() {
	var sortSection func(s *Section)
	sortSection = func(s *Section) {
		for _, p := range s.Pages {
			if p.Step != nil && p.Step.Index >= 0 {
				s.HasSteps = true
			}
		}
		slices.SortFunc(s.Pages, comparePages)
		for _, c := range s.Sections {
			sortSection(c)
		}
		slices.SortFunc(s.Sections, func(a, b *Section) int {
			if a.HasSteps != b.HasSteps {
				if a.HasSteps {
					return -1
				}
				return 1
			}
			return comparePages(a.Index, b.Index)
		})
	}
	sortSection(l.site.Root)
	var walk func(s *Section)
	walk = func(s *Section) {
		l.site.Pages = append(l.site.Pages, s.Index)
		l.site.Pages = append(l.site.Pages, s.Pages...)
		for _, c := range s.Sections {
			walk(c)
		}
	}
	walk(l.site.Root)
	for i, p := range l.site.Pages {
		if i > 0 {
			p.Prev = l.site.Pages[i-1]
		}
		if i+1 < len(l.site.Pages) {
			p.Next = l.site.Pages[i+1]
		}
	}
	steps := make([]*Page, len(method.Steps))
	for _, p := range l.site.bySource {
		if p.Step != nil && p.Step.Index >= 0 {
			steps[p.Step.Index] = p
		}
	}
	for _, p := range steps {
		if p != nil {
			l.site.Steps = append(l.site.Steps, p)
		}
	}
	if n := len(l.site.Steps); n > 0 && n < len(method.Steps) {
		for i, p := range steps {
			if p == nil {
				l.diags.Warnf(l.file("."), 0, 0, "no page for step %q: the method has six steps", method.Steps[i])
			}
		}
	}
	tags := map[string]*Tag{}
	for _, p := range l.site.Pages {
		if p.Objection != nil {
			if i := method.StepIndex(p.Objection.StepID); i >= 0 {
				p.Objection.Step = steps[i]
			}
		}
		for _, name := range p.Tags {
			slug := markdown.Slug(name)
			t, ok := tags[slug]
			if !ok {
				t = &Tag{Name: strings.TrimSpace(name), Slug: slug}
				tags[slug] = t
				l.site.Tags = append(l.site.Tags, t)
			}
			if !slices.Contains(t.Pages, p) {
				t.Pages = append(t.Pages, p)
			}
		}
	}
	slices.SortFunc(l.site.Tags, func(a, b *Tag) int {
		return cmp.Or(cmp.Compare(len(b.Pages), len(a.Pages)), strings.Compare(a.Name, b.Name))
	})
}

// comparePages orders steps in method order, objection cards by their step,
// then pages by weight (0, unset, last), then title.
func comparePages(a, b *Page) int {
	ai, bi := stepIndex(a), stepIndex(b)
	if ai != bi {
		return cmp.Compare(ai, bi)
	}
	aw, bw := a.Weight, b.Weight
	if (aw == 0) != (bw == 0) {
		if aw == 0 {
			return 1
		}
		return -1
	}
	return cmp.Or(cmp.Compare(aw, bw), strings.Compare(a.Title, b.Title), strings.Compare(a.Source, b.Source))
}

// stepIndex orders step pages, then objection cards by their step, then
// everything else.
func stepIndex(p *Page) int {
	switch {
	case p.Step != nil && p.Step.Index >= 0:
		return p.Step.Index
	case p.Objection != nil:
		return len(method.Steps) + 1 + max(method.StepIndex(p.Objection.StepID), 0)
	}
	return 2 * len(method.Steps)
}

// parallel runs fn(0..n-1) on all cores.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

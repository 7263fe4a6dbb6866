// Package site renders a loaded playbook into the files of a static site:
// one page per content page, tag pages, search (page and index), a printable
// handbook, a 404 page, a sitemap, and the theme's assets. All URLs are
// relative, so the site works from file://, any sub-path and any static host.
package site

import (
	"bytes"
	stdctx "context"
	"html/template"
	"io"
	"path"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/markdown"
	"playbook/generator/model"
	"playbook/generator/pipeline"
	"playbook/generator/project"
	"playbook/generator/source"
	"playbook/generator/theme"
)

// Renderer renders the site. It implements pipeline.Renderer.
type Renderer struct{}

// Name is the output's name: its files go below site/.
func (Renderer) Name() string { return "site" }

// Prepare renders a page's markdown once, while the loader holds its AST:
// HTML with holes for the URLs and ids that depend on where it is shown
// (its page, the handbook). It implements model.Preparer.
func (Renderer) Prepare(d *markdown.Doc) any {
	r, err := d.Rendering()
	if err != nil {
		return err
	}
	return r
}

// templates are one theme's parsed templates.
type templates struct {
	theme   *theme.Theme
	hash    uint64 // of the files they were parsed from
	layouts map[string]*template.Template
}

var templateFuncs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
}

// templateHash hashes what the templates and UI strings are made from: a
// stylesheet or script change leaves it (and every cached page) as it was.
func templateHash(th *theme.Theme) uint64 {
	h := cache.NewHasher().Strings(th.Name)
	for _, dir := range []string{"layouts", "partials", "i18n"} {
		for _, f := range th.Files(dir) {
			h.Strings(f).Uint64(th.File(f).Hash)
		}
	}
	return h.Sum()
}

// parseTemplates parses the theme's templates, once per set of template
// files. Errors name the template file and line.
func parseTemplates(th *theme.Theme, c *cache.Cache) (*templates, error) {
	hash := templateHash(th)
	v, err := c.Do(cache.Key{Kind: "site.templates", Hash: hash}, func() (any, error) { return newTemplates(th, hash) })
	if err != nil {
		return nil, err
	}
	t := *v.(*templates)
	t.theme = th // the same templates; this project's strings and files
	return &t, nil
}

func newTemplates(th *theme.Theme, hash uint64) (*templates, error) {
	var diags diag.List
	base := template.New("").Funcs(templateFuncs)
	parse := func(t *template.Template, file string) {
		data, err := th.ReadFile(file)
		if err != nil {
			diags.Errorf(th.Display(file), 0, 0, "%v", err)
			return
		}
		if _, err := t.New(th.Display(file)).Parse(string(data)); err != nil {
			diags = append(diags, templateDiag(err, th.Display(file)))
		}
	}
	parse(base, "layouts/baseof.html")
	for _, f := range th.Files("partials") {
		parse(base, f)
	}
	r := &templates{theme: th, hash: hash, layouts: map[string]*template.Template{}}
	for _, f := range th.Files("layouts") {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "baseof" || diags.HasErrors() {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		parse(t, f)
		r.layouts[name] = t.Lookup(th.Display("layouts/baseof.html"))
	}
	for _, name := range theme.Required {
		if r.layouts[name] == nil && !diags.HasErrors() {
			diags.Errorf(th.Display("layouts/"+name+".html"), 0, 0, "missing layout")
		}
	}
	if err := diags.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

var templateErrRe = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// templateDiag turns a text/template error into file:line:col.
func templateDiag(err error, fallback string) diag.Diagnostic {
	msg := err.Error()
	if m := templateErrRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		rest := m[4]
		// "executing "x" at <.Foo>: ..." names the template again; keep the cause.
		return diag.Diagnostic{File: m[1], Line: line, Col: col, Msg: strings.TrimSpace(rest)}
	}
	return diag.Diagnostic{File: fallback, Msg: msg}
}

// job is one output page.
type job struct {
	name      string // output path
	v         *view
	tmpl      string
	entry     *handbookEntry // the page's part of the handbook, rendered alongside
	entryOnly bool           // render only the handbook entry
	page      *model.Page    // the page, when the job is one (for the cache key)
	tag       *model.Tag     // the tag, on a tag page (for the cache key)
}

// Render writes the site: every page, the tag pages, search, the 404 page,
// the sitemap, the theme's assets and the content's own files; the handbook
// and the search index gather every page, so they are made lazily (on
// request when serving). Each language of the playbook is rendered as a site
// of its own, below its folder. A page whose inputs did not change since an
// earlier render with c is not rendered again.
func (Renderer) Render(ctx stdctx.Context, p *project.Project, c *cache.Cache, out pipeline.Output) error {
	r, err := parseTemplates(p.Theme, c)
	if err != nil {
		return err
	}
	top := out
	out = pipeline.Under(out, "site")
	var diags diag.List
	rs := &renderings{}
	for i, s := range p.Site.Languages {
		cx := newContext(r, s, c, rs)
		cx.out, cx.top, cx.proj = out, top, p
		cx.renderLanguage(i == 0)
		diags = append(diags, cx.diags...)
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if err := out.WriteFile("sitemap.xml", sitemap(p.Site)); err != nil {
		diags = append(diags, diag.Diagnostic{File: "sitemap.xml", Msg: err.Error()})
	}
	for _, f := range r.theme.Files("assets") {
		if err := out.WriteFile(f, r.theme.File(f).Bytes()); err != nil {
			diags = append(diags, diag.Diagnostic{File: r.theme.Display(f), Msg: err.Error()})
		}
	}
	for _, name := range p.Site.Static {
		if err := out.WriteFile(name, p.Static[name].Data); err != nil {
			diags = append(diags, diag.Diagnostic{File: p.Static[name].Name, Msg: err.Error()})
		}
	}
	return diags.Err()
}

// renderLanguage writes one language's pages, handbook, search, tags and
// coaching matrix below its folder; the site language's also the 404 page.
func (cx *context) renderLanguage(first bool) {
	r, s := cx.r, cx.site
	var jobs []job
	for _, p := range s.Pages {
		jobs = append(jobs, job{name: p.OutputPath(), tmpl: r.layoutFor(p), v: cx.pageView(p), page: p})
	}
	dir := s.Home.URL
	jobs = append(jobs,
		job{name: dir + "search/index.html", tmpl: "search", v: cx.view(nil, "search", 1, r.t(s, "search"))},
		job{name: dir + "tags/index.html", tmpl: "tags", v: cx.view(nil, "tags", 1, r.t(s, "tags"))},
	)
	if first {
		jobs = append(jobs, job{name: "404.html", tmpl: "404", v: cx.notFoundView()})
	}
	if !s.Coaching.Empty() {
		jobs = append(jobs, job{name: dir + "coaching/index.html", tmpl: "coaching", v: cx.view(nil, "coaching", 1, r.t(s, "coach_matrix"))})
	}
	for _, t := range s.Tags {
		v := cx.view(nil, "tag", 1, strings.ReplaceAll(r.t(s, "tag_title"), "{tag}", t.Name))
		v.Extra = t
		jobs = append(jobs, job{name: t.URL(), tmpl: "tag", v: v, tag: t})
	}
	// The search index and the handbook are made from what the load made
	// of each page (its text and headings, its rendering), beside the
	// pages: a build has no tail where one core works alone.
	var lazy sync.WaitGroup
	cx.searchIndexes(&lazy)
	cx.handbooks(&lazy)
	cx.run(jobs)
	lazy.Wait()
}

func (r *templates) layoutFor(p *model.Page) string {
	layout := p.Type
	if p.Kind == model.KindSection {
		layout = model.KindSection
	}
	if r.layouts[layout] == nil {
		layout = model.TypePage
	}
	return layout
}

func (c *context) fail(d diag.Diagnostic) {
	c.mu.Lock()
	c.diags = append(c.diags, d)
	c.mu.Unlock()
}

// run renders and writes jobs on all cores.
func (c *context) run(jobs []job) {
	work := make(chan *job)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			buf.Grow(64 << 10)
			for j := range work {
				c.render(j, &buf)
			}
		})
	}
	for _, i := range interleaved(jobs) {
		work <- &jobs[i]
	}
	close(work)
	wg.Wait()
}

// interleaved orders jobs by turns among their folders: the first job
// of each folder, then the second of each, and so on. The kernel makes one
// file at a time in a folder, so workers writing to different folders wait
// less; on ext4 here a cold build of 10,000 pages took 5.6-6.0 s so,
// against 9.8-10.7 s in reading order.
func interleaved(jobs []job) []int {
	var folders [][]int
	at := map[string]int{}
	for i, j := range jobs {
		d := path.Dir(j.name)
		k, ok := at[d]
		if !ok {
			k = len(folders)
			at[d] = k
			folders = append(folders, nil)
		}
		folders[k] = append(folders[k], i)
	}
	order := make([]int, 0, len(jobs))
	for turn := 0; len(order) < len(jobs); turn++ {
		for _, f := range folders {
			if turn < len(f) {
				order = append(order, f[turn])
			}
		}
	}
	return order
}

func (c *context) render(j *job, buf *bytes.Buffer) {
	if j.entry != nil {
		buf.Reset()
		v := j.entry.View
		v.Content = c.body(v)
		if err := c.r.layouts["handbook"].ExecuteTemplate(buf, "handbook-entry", v); err != nil {
			c.fail(templateDiag(err, c.r.theme.Display("layouts/handbook.html")))
		}
		j.entry.HTML = template.HTML(buf.String())
		v.Content = ""
		if j.entryOnly {
			return
		}
	}
	var top *model.Section
	if j.v.Page != nil {
		top = j.v.Page.TopSection()
	}
	side := c.sidebarOf(top, j.v.Root)
	if side.err != nil {
		c.fail(templateDiag(side.err, c.r.theme.Display("partials/sidebar.html")))
		return
	}
	var key, fileKey cache.Key
	store := c.store()
	cacheable := (c.cache != nil || store != nil) && (j.page != nil || j.tag != nil)
	if cacheable {
		key = cache.Key{Kind: "site.page", Hash: c.pageKey(j, side.hash)}
		if store != nil {
			fileKey = c.fileKey(cache.Key{Kind: "site.page", Hash: c.pageKey(j, 0)}, j.name)
			if c.reused(j, side, store, fileKey) {
				return
			}
		}
		if hit, ok := c.cache.Get(key); ok {
			if err := c.out.WriteFile(j.name, hit.([]byte)); err != nil {
				c.fail(diag.Diagnostic{File: j.name, Msg: err.Error()})
			}
			return
		}
	}
	buf.Reset()
	sidebar := current(side.html, j.v.Page, j.v.Root)
	// A sidebar and a body are large: a view holds them only while it renders.
	j.v.Sidebar, j.v.Content = template.HTML(sidebar), c.body(j.v)
	defer func() { j.v.Sidebar, j.v.Content = "", "" }()
	if err := c.r.layouts[j.tmpl].Execute(buf, j.v); err != nil {
		c.fail(templateDiag(err, c.r.theme.Display("layouts/"+j.tmpl+".html")))
		return
	}
	data := buf.Bytes()
	if c.cache != nil || !pipeline.WritesThrough(c.out) {
		data = bytes.Clone(data) // buf is used again; the cache and some outputs keep what they get
	}
	if cacheable {
		c.cache.Put(key, data)
		if store != nil {
			store.Put(fileKey, cache.Record{Sum: cache.Sum(data), Data: encodeHole(side.hash, c.sidebarAt(data, sidebar), len(sidebar))})
		}
	}
	if err := c.out.WriteFile(j.name, data); err != nil {
		c.fail(diag.Diagnostic{File: j.name, Msg: err.Error()})
	}
}

// reused keeps page file j as the builds before wrote it, or patches in
// its new sidebar, and reports whether it did. The file's record (under
// fileKey) is keyed by all that the page shows but its sidebar, and holds
// the sidebar's hash and place: a page whose sidebar alone changed (a title
// listed in it) need not be made again.
func (c *context) reused(j *job, side *sideMemo, store *cache.Store, fileKey cache.Key) bool {
	rec, ok := store.Get(fileKey)
	if !ok {
		return false
	}
	h, at, cut, ok := decodeHole(rec.Data)
	switch {
	case !ok:
		return false
	case h == side.hash:
		return pipeline.Keep(c.out, j.name, rec.Sum)
	case at < 0:
		return false
	}
	sidebar := current(side.html, j.v.Page, j.v.Root)
	sum, ok := pipeline.Patch(c.out, j.name, rec.Sum, at, cut, []byte(sidebar))
	if ok {
		store.Put(fileKey, cache.Record{Sum: sum, Data: encodeHole(side.hash, at, len(sidebar))})
		store.Tally("site.page (sidebar patched)")
	}
	return ok
}

// sidebarAt is where a page shows its sidebar, so that a later build can
// patch it there: -1 when it cannot be known (the sidebar is not in the
// page, or twice) or a project's own templates may do more with it than
// show it.
func (c *context) sidebarAt(page []byte, sidebar string) int {
	if sidebar == "" || c.r.theme.OwnTemplates() {
		return -1
	}
	side := unsafe.Slice(unsafe.StringData(sidebar), len(sidebar)) // read only: no copy of kilobytes per page
	at := bytes.Index(page, side)
	if at < 0 || bytes.Contains(page[at+len(side):], side) {
		return -1
	}
	return at
}

func (r *templates) t(s *model.Site, key string) string { return r.theme.T(s.Lang, key) }

// store is where the build before kept what it wrote; nil when there is
// none (serve, check).
func (c *context) store() *cache.Store {
	if c.proj == nil {
		return nil
	}
	return c.proj.Store
}

// fileKey names a file of the site as made from key's inputs, for the
// build cache on disk. A theme may show anything of site.toml on any page,
// so the whole of site.toml and of the theme are part of it.
func (c *context) fileKey(key cache.Key, name string) cache.Key {
	c.baseOnce.Do(func() {
		h := cache.NewHasher().Uint64(source.HashOf(c.proj.Config))
		for _, f := range c.r.theme.Files("") {
			h.Strings(f).Uint64(c.r.theme.File(f).Hash)
		}
		c.base = h.Sum()
	})
	return cache.Key{Kind: "site.file", Hash: cache.NewHasher().Uint64(c.base, key.Hash).Strings(key.Kind, name).Sum()}
}

// lazyKept registers a file made lazily from key's inputs: when building,
// the file the build before last made from the same inputs is kept as it
// is, and only a file not found so is made.
func (c *context) lazyKept(name string, key cache.Key, make func(io.Writer) error) error {
	store := c.store()
	if store == nil {
		return c.out.Lazy(name, func(w io.Writer) error { return cached(w, c.cache, key, make) })
	}
	fk := c.fileKey(key, name)
	if rec, ok := store.Get(fk); ok && pipeline.Keep(c.out, name, rec.Sum) {
		return nil
	}
	// Building: made now, into one buffer that the output keeps.
	var b bytes.Buffer
	if err := cached(&b, c.cache, key, make); err != nil {
		return err
	}
	store.Put(fk, cache.Record{Sum: cache.Sum(b.Bytes())})
	return c.out.WriteFile(name, b.Bytes())
}

// cached writes what make writes, or what it wrote for the same key before.
func cached(w io.Writer, c *cache.Cache, key cache.Key, make func(io.Writer) error) error {
	if c == nil {
		return make(w)
	}
	data, err := c.Do(key, func() (any, error) {
		var b bytes.Buffer
		err := make(&b)
		return b.Bytes(), err
	})
	if err != nil {
		return err
	}
	_, err = w.Write(data.([]byte))
	return err
}

func sitemap(s *model.Site) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	base := s.Config.BaseURL
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	for _, p := range s.AllPages() {
		u := model.RelURL(base, p.URL)
		b.WriteString("  <url><loc>")
		template.HTMLEscape(&b, []byte(u))
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

func templateDiagErr(err error, fallback string) error {
	return &diag.Error{List: diag.List{templateDiag(err, fallback)}}
}

// sideKey names a sidebar: the open top-level section (nil for none) and
// the path from the page to the site root.
type sideKey struct {
	top  *model.Section
	root string
}

type sideMemo struct {
	once sync.Once
	html string
	hash uint64
	err  error
}

// sidebarOf renders the navigation once per top-level section and depth,
// not once per page; c.cache keeps it while the navigation and templates
// stay the same.
func (c *context) sidebarOf(top *model.Section, root string) *sideMemo {
	c.mu.Lock()
	m := c.sidebars[sideKey{top, root}]
	if m == nil {
		m = &sideMemo{}
		c.sidebars[sideKey{top, root}] = m
	}
	c.mu.Unlock()
	m.once.Do(func() {
		key := cache.Key{Kind: "site.sidebar", Hash: cache.NewHasher().Uint64(c.navKey(), c.r.hash, c.siteKeys()).Strings(sectionDir(top), root).Sum()}
		v, err := c.cache.Do(key, func() (any, error) {
			v := c.view(nil, "", 0, "")
			v.open = top
			v.setRoot(root)
			var buf bytes.Buffer
			if err := c.r.layouts["page"].ExecuteTemplate(&buf, "sidebar", v); err != nil {
				return nil, err
			}
			return buf.String(), nil
		})
		if err != nil {
			m.err = err
			return
		}
		m.html = v.(string)
		m.hash = cache.Sum([]byte(m.html))
	})
	return m
}

// navKey is the hash of what the sidebars show, made once per render.
func (c *context) navKey() uint64 {
	c.navOnce.Do(func() { c.nav = navKey(c.site) })
	return c.nav
}

func sectionDir(s *model.Section) string {
	if s == nil {
		return "\x00none"
	}
	return s.Dir
}

// sidebar returns the navigation for page p at root, with p marked as
// current.
func (c *context) sidebar(p *model.Page, root string) (string, error) {
	var top *model.Section
	if p != nil {
		top = p.TopSection()
	}
	m := c.sidebarOf(top, root)
	return current(m.html, p, root), m.err
}

// current marks page p (nil for none) in a sidebar as the current page.
func current(html string, p *model.Page, root string) string {
	if p == nil {
		return html
	}
	href := `href="` + attrURL(p.Href(root)) + `"`
	if i := strings.Index(html, href); i >= 0 {
		i += len(href)
		return html[:i] + ` aria-current="page"` + html[i:]
	}
	// A page beyond the listed ones of a long section: show it before the
	// link to the rest.
	if p.Section != nil && p.Kind == model.KindPage {
		more := `<li class="nav-more" data-section="` + template.HTMLEscapeString(p.Section.Dir) + `">`
		if i := strings.Index(html, more); i >= 0 {
			li := `<li><a ` + href + ` aria-current="page">` + template.HTMLEscapeString(p.Title) + "</a></li>\n"
			return html[:i] + li + html[i:]
		}
	}
	return html
}

// attrURL is a URL as html/template writes it in an attribute (an already
// escaped URL is left as it is, then HTML-escaped, + included).
func attrURL(u string) string {
	return strings.ReplaceAll(template.HTMLEscapeString(u), "+", "&#43;")
}

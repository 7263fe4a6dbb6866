// Package site renders a loaded playbook into the files of a static site:
// one page per content page, tag pages, search (page and index), a printable
// handbook, a 404 page, a sitemap, and the theme's assets. All URLs are
// relative, so the site works from file://, any sub-path and any static host.
package site

import (
	"bytes"
	stdctx "context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/model"
	"playbook/generator/pipeline"
	"playbook/generator/project"
	"playbook/generator/theme"
)

// Renderer renders the site. It implements pipeline.Renderer.
type Renderer struct{}

// Name is the output's name: its files go below site/.
func (Renderer) Name() string { return "site" }

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
// request when serving). A page whose inputs did not change since an earlier
// render with c is not rendered again.
func (Renderer) Render(ctx stdctx.Context, p *project.Project, c *cache.Cache, out pipeline.Output) error {
	r, err := parseTemplates(p.Theme, c)
	if err != nil {
		return err
	}
	s := p.Site
	out = pipeline.Under(out, "site")
	cx := &context{r: r, site: s, sidebars: map[*model.Section]string{}, out: out, cache: c}
	if err := cx.prepareSidebars(); err != nil {
		return err
	}
	var jobs []job
	for _, p := range s.Pages {
		jobs = append(jobs, job{name: p.OutputPath(), tmpl: r.layoutFor(p), v: cx.pageView(p), page: p})
	}
	cx.run(jobs)
	if err := ctx.Err(); err != nil {
		return err
	}
	// The handbook and the search index gather every page; when they are
	// made at once, they are made beside the pages that remain.
	var lazy sync.WaitGroup
	lazy.Go(func() {
		if err := out.Lazy("handbook/index.html", func(w io.Writer) error { return r.handbook(s, cx.sidebar(nil), w) }); err != nil {
			cx.fail(diag.Diagnostic{File: "handbook/index.html", Msg: err.Error()})
		}
	})
	lazy.Go(func() {
		if err := out.Lazy("search/index.js", func(w io.Writer) error { return searchIndex(s, w) }); err != nil {
			cx.fail(diag.Diagnostic{File: "search/index.js", Msg: err.Error()})
		}
	})
	jobs = []job{
		{name: "search/index.html", tmpl: "search", v: cx.view(nil, "search", 1, r.t(s, "search"))},
		{name: "tags/index.html", tmpl: "tags", v: cx.view(nil, "tags", 1, r.t(s, "tags"))},
		{name: "404.html", tmpl: "404", v: cx.notFoundView()},
	}
	for _, t := range s.Tags {
		v := cx.view(nil, "tag", 2, strings.ReplaceAll(r.t(s, "tag_title"), "{tag}", t.Name))
		v.Extra = t
		jobs = append(jobs, job{name: t.URL() + "index.html", tmpl: "tag", v: v, tag: t})
	}
	cx.run(jobs)
	lazy.Wait()
	if err := out.WriteFile("sitemap.xml", sitemap(s)); err != nil {
		cx.fail(diag.Diagnostic{File: "sitemap.xml", Msg: err.Error()})
	}
	for _, f := range r.theme.Files("assets") {
		if err := out.WriteFile(f, r.theme.File(f).Data); err != nil {
			cx.fail(diag.Diagnostic{File: r.theme.Display(f), Msg: err.Error()})
		}
	}
	for _, name := range s.Static {
		if err := out.WriteFile(name, p.Static[name].Data); err != nil {
			cx.fail(diag.Diagnostic{File: p.Static[name].Name, Msg: err.Error()})
		}
	}
	return cx.diags.Err()
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

// handbook writes the handbook page: every page's body in reading order,
// with the site's navigation (sidebar).
func (r *templates) handbook(s *model.Site, sidebar string, w io.Writer) error {
	c := &context{r: r, site: s}
	hb, entries := c.handbookView()
	jobs := make([]job, len(s.Pages))
	for i := range s.Pages {
		jobs[i] = job{entry: entries[i], entryOnly: true}
	}
	c.run(jobs)
	if err := c.diags.Err(); err != nil {
		return err
	}
	hb.Sidebar = template.HTML(sidebar)
	rw := &rootWriter{w: w, root: []byte(hb.Root)}
	if err := r.layouts["handbook"].Execute(rw, hb); err != nil {
		return templateDiagErr(err, r.theme.Display("layouts/handbook.html"))
	}
	return rw.Flush()
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
	for i := range jobs {
		work <- &jobs[i]
	}
	close(work)
	wg.Wait()
}

func (c *context) render(j *job, buf *bytes.Buffer) {
	var key cache.Key
	cacheable := c.cache != nil && (j.page != nil || j.tag != nil) && j.entry == nil
	if cacheable {
		key = cache.Key{Kind: "site.page", Hash: c.pageKey(j)}
		if hit, ok := c.cache.Get(key); ok {
			if err := c.out.WriteFile(j.name, hit.([]byte)); err != nil {
				c.fail(diag.Diagnostic{File: j.name, Msg: err.Error()})
			}
			return
		}
	}
	if j.entry != nil {
		buf.Reset()
		if err := c.r.layouts["handbook"].ExecuteTemplate(buf, "handbook-entry", j.entry.View); err != nil {
			c.fail(templateDiag(err, c.r.theme.Display("layouts/handbook.html")))
		}
		j.entry.HTML = template.HTML(j.entry.rewrite(buf.String()))
		if j.entryOnly {
			return
		}
	}
	buf.Reset()
	if j.v.Sidebar == "" {
		j.v.Sidebar = template.HTML(c.sidebar(j.v.Page))
	}
	defer func() { j.v.Sidebar = "" }() // a sidebar is large: keep one per worker
	if err := c.r.layouts[j.tmpl].Execute(buf, j.v); err != nil {
		c.fail(templateDiag(err, c.r.theme.Display("layouts/"+j.tmpl+".html")))
		return
	}
	data := finish(buf.Bytes(), j.v.Root)
	if len(data) > 0 && len(buf.Bytes()) > 0 && &data[0] == &buf.Bytes()[0] {
		data = bytes.Clone(data) // buf is reused; outputs may keep what they get
	}
	if cacheable {
		c.cache.Put(key, data)
	}
	if err := c.out.WriteFile(j.name, data); err != nil {
		c.fail(diag.Diagnostic{File: j.name, Msg: err.Error()})
	}
}

func (r *templates) t(s *model.Site, key string) string { return r.theme.T(s.Config.Language, key) }

// finish points internal URLs at the site root, relative to the page.
func finish(html []byte, root string) []byte {
	if !bytes.Contains(html, rootPattern) {
		return html
	}
	return bytes.ReplaceAll(html, []byte(`="`+model.RootMarker), []byte(`="`+root))
}

type searchEntry struct {
	Title    string `json:"t"`
	URL      string `json:"u"`
	Section  string `json:"s,omitempty"`
	Headings string `json:"h,omitempty"`
	Text     string `json:"x"`
}

// rootWriter is finish() for a stream: it replaces the root marker as the
// bytes go by, holding back a possible partial marker between writes.
type rootWriter struct {
	w    io.Writer
	root []byte
	tail []byte
}

var rootPattern = []byte(`="` + model.RootMarker)

func (r *rootWriter) Write(p []byte) (int, error) {
	data := append(r.tail, p...)
	// Keep back what could be the start of a marker cut by this write.
	keep := 0
	for k := min(len(rootPattern)-1, len(data)); k > 0; k-- {
		if bytes.HasSuffix(data, rootPattern[:k]) {
			keep = k
			break
		}
	}
	out := finish(data[:len(data)-keep], string(r.root))
	r.tail = append(r.tail[:0:0], data[len(data)-keep:]...)
	if _, err := r.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what was held back.
func (r *rootWriter) Flush() error {
	_, err := r.w.Write(r.tail)
	r.tail = nil
	return err
}

// searchIndex is a script, not JSON: pages opened from file:// may load
// scripts but not fetch files.
func searchIndex(s *model.Site, w io.Writer) error {
	if _, err := io.WriteString(w, `window.PLAYBOOK_SEARCH={"pages":[`); err != nil {
		return err
	}
	for i, p := range s.Pages {
		e := searchEntry{Title: p.Title, URL: p.OutputPath(), Text: p.Text}
		if top := p.TopSection(); top != nil && top.Index != p {
			e.Section = top.Title()
		}
		var hs []string
		for _, h := range p.Headings {
			hs = append(hs, h.Text)
		}
		e.Headings = strings.Join(hs, "\n")
		if p.Objection != nil {
			e.Text = p.Objection.Objection + " " + e.Text
		}
		if p.Step != nil {
			e.Text = p.Step.Start + " " + p.Step.End + " " + e.Text
		}
		for _, row := range p.FAB {
			e.Text += " " + row.Feature + " " + row.Advantage + " " + row.Benefit
		}
		data, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if i > 0 {
			data = append([]byte{','}, data...)
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]};\n")
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
	for _, p := range s.Pages {
		u := base + escapePath(p.URL)
		b.WriteString("  <url><loc>")
		template.HTMLEscape(&b, []byte(u))
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// handbookEntry is one page inside the printable handbook.
type handbookEntry struct {
	ID    string
	Depth int
	Page  *model.Page
	View  *view
	HTML  template.HTML

	rewrite func(string) string
}

// handbookView prepares the handbook: every page's body in one document,
// in reading order. Ids are made unique per page, and links between pages
// become links within the document. The entries' HTML is filled in as the
// pages render.
func (c *context) handbookView() (*view, []*handbookEntry) {
	v := c.view(nil, "handbook", 1, c.r.t(c.site, "handbook"))
	anchors := make(map[string]string, len(c.site.Pages))
	for i, p := range c.site.Pages {
		anchors[p.OutputPath()] = "p" + strconv.Itoa(i)
	}
	entries := make([]*handbookEntry, len(c.site.Pages))
	for i, p := range c.site.Pages {
		prefix := "p" + strconv.Itoa(i)
		pv := c.pageView(p)
		pv.Root, pv.TOC = v.Root, nil
		depth := 0
		if p.Kind != model.KindHome {
			depth = len(p.Ancestors()) + 1
		}
		entries[i] = &handbookEntry{ID: prefix, Depth: depth, Page: p, View: pv,
			rewrite: func(html string) string { return rewriteForHandbook(html, prefix, anchors) }}
	}
	v.Extra = entries
	return v, entries
}

// rewriteForHandbook prefixes ids and same-page links, and turns links to
// other pages into links to their place in the handbook. Rendered HTML
// escapes quotes in text, so `="` only occurs in attributes.
func rewriteForHandbook(html, prefix string, anchors map[string]string) string {
	var b strings.Builder
	b.Grow(len(html) + len(html)/16)
	for {
		i := strings.Index(html, `="`)
		if i < 0 {
			b.WriteString(html)
			return b.String()
		}
		j := i
		for j > 0 && (html[j-1] == '-' || html[j-1] >= 'a' && html[j-1] <= 'z') {
			j--
		}
		name := html[j:i]
		b.WriteString(html[:i+2])
		html = html[i+2:]
		switch {
		case name == "id" || name == "aria-labelledby":
			b.WriteString(prefix + "-")
		case name == "href" && strings.HasPrefix(html, "#"):
			b.WriteString("#" + prefix + "-")
			html = html[1:]
		case name == "href" && strings.HasPrefix(html, model.RootMarker):
			end := strings.IndexByte(html, '"')
			if end < 0 {
				continue
			}
			target, frag, hasFrag := strings.Cut(html[len(model.RootMarker):end], "#")
			if u, err := url.PathUnescape(target); err == nil {
				target = u
			}
			a, ok := anchors[target]
			if !ok {
				continue
			}
			b.WriteString("#" + a)
			if hasFrag {
				if u, err := url.PathUnescape(frag); err == nil {
					frag = u
				}
				b.WriteString("-" + template.HTMLEscapeString(frag))
			}
			html = html[end:]
		}
	}
}

func templateDiagErr(err error, fallback string) error {
	return &diag.Error{List: diag.List{templateDiag(err, fallback)}}
}

// prepareSidebars renders the navigation once per top-level section (the
// open one differs), not once per page.
func (c *context) prepareSidebars() error {
	tops := append([]*model.Section{nil}, c.site.Root.Sections...)
	// The same navigation and templates as an earlier render: reuse its sidebars.
	key := cache.Key{Kind: "site.sidebars", Hash: cache.NewHasher().Uint64(navKey(c.site), c.r.hash).Sum()}
	v, err := c.cache.Do(key, func() (any, error) {
		out := map[string]string{}
		for _, s := range tops {
			v := c.view(nil, "", 0, "")
			v.Root = model.RootMarker
			v.open = s
			var buf bytes.Buffer
			if err := c.r.layouts["page"].ExecuteTemplate(&buf, "sidebar", v); err != nil {
				return nil, templateDiagErr(err, c.r.theme.Display("partials/sidebar.html"))
			}
			out[sectionDir(s)] = buf.String()
		}
		return out, nil
	})
	if err != nil {
		return err
	}
	for _, s := range tops {
		c.sidebars[s] = v.(map[string]string)[sectionDir(s)]
	}
	return nil
}

func sectionDir(s *model.Section) string {
	if s == nil {
		return "\x00none"
	}
	return s.Dir
}

// sidebar returns the navigation for page p, with p marked as current.
func (c *context) sidebar(p *model.Page) string {
	var top *model.Section
	if p != nil {
		top = p.TopSection()
	}
	html := c.sidebars[top]
	if p == nil {
		return html
	}
	href := `href="` + model.RootMarker + template.HTMLEscapeString(escapeHref(p.OutputPath())) + `"`
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

// escapeHref mirrors how html/template writes a URL in an href attribute.
func escapeHref(p string) string {
	var b strings.Builder
	for _, r := range []byte(p) {
		if r >= 0x80 || r == ' ' {
			fmt.Fprintf(&b, "%%%02x", r)
		} else {
			b.WriteByte(r)
		}
	}
	return b.String()
}

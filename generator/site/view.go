package site

import (
	"encoding/json"
	"html/template"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/markdown"
	"playbook/generator/method"
	"playbook/generator/model"
	"playbook/generator/pipeline"
	"playbook/generator/project"
)

// context holds what all pages of one render share.
type context struct {
	r     *templates
	site  *model.Site
	out   pipeline.Output // the site's folder
	top   pipeline.Output // the output folder: files beside the site's (the handbook PDF)
	cache *cache.Cache
	proj  *project.Project // for what only a render writes: the handbook PDF's fonts and logo

	navOnce sync.Once
	nav     uint64 // hash of what the sidebars show

	baseOnce sync.Once
	base     uint64 // hash of site.toml and the theme: see fileKey

	shownMemo  sync.Map // *model.Page -> uint64: see shown
	listedMemo sync.Map // *model.Page -> uint64: see listed
	siteOnce   sync.Once
	siteHash   uint64      // see siteKeys
	entries    *entryIndex // shared with the contexts of the handbook's parts

	mu       sync.Mutex
	sidebars map[sideKey]*sideMemo
	diags    diag.List

	renderings *renderings // each document rendered once, for its page and the handbook
}

func newContext(r *templates, s *model.Site, c *cache.Cache, rs *renderings) *context {
	return &context{r: r, site: s, cache: c, sidebars: map[sideKey]*sideMemo{}, renderings: rs, entries: &entryIndex{}}
}

// entryIndex is where each page's handbook entry is, worked out once per
// render of the site, not once per part of the handbook.
type entryIndex struct {
	partsOnce sync.Once
	parts     map[*model.Page]int // the handbook part each page is in: see partOf
	idsOnce   sync.Once
	ids       map[*model.Page]string // each page's handbook entry: see entryIDs
}

// renderings keeps each page's markdown rendered for one render of the
// site: rendered once, shown on its page and in the handbook.
type renderings struct{ m sync.Map } // *model.Markdown -> *renderOnce

type renderOnce struct {
	once sync.Once
	r    *markdown.Rendering
	err  error
}

// html renders markdown m for view v. m is parsed and rendered once (or
// found in the cache, by its page's file hash) and shown as v shows it.
func (c *context) html(v *view, m *model.Markdown) template.HTML {
	e, _ := c.renderings.m.LoadOrStore(m, &renderOnce{})
	ro := e.(*renderOnce)
	ro.once.Do(func() {
		switch r := m.Prepared("site").(type) {
		case *markdown.Rendering:
			ro.r = r
			return
		case error:
			ro.err = r
			return
		}
		// Loaded without preparing: parse and render now.
		key := cache.Key{Kind: "site.rendering", Hash: cache.NewHasher().Uint64(m.Page.Hash()).
			Strings(m.Page.Source, m.Field, m.Page.Lang).Bool(c.site.Config.RawHTML).Sum()}
		var r any
		r, ro.err = c.cache.Do(key, func() (any, error) { return c.site.Markdown.Rendering(c.site.Doc(m)) })
		if ro.err == nil {
			ro.r = r.(*markdown.Rendering)
		}
	})
	if ro.err != nil {
		c.fail(diag.Diagnostic{File: m.Page.File, Msg: "rendering markdown: " + ro.err.Error()})
		return ""
	}
	return template.HTML(ro.r.String(v.links))
}

// links writes a document's links and ids where it is shown: on its page
// of the site, or in the handbook (prefix and anchor set).
type links struct {
	site   *model.Site
	root   string                   // from where it is shown to the site root
	prefix string                   // the handbook entry's id
	anchor func(*model.Page) string // where a page's handbook entry is (#pk3v…, ../3/index.html#p0q8…), or ""
}

// Href implements markdown.Context.
func (l *links) Href(t *markdown.Target) string {
	if l.prefix == "" {
		return markdown.EscapeURL(l.url(t))
	}
	if t.Path == "" {
		return "#" + l.prefix + "-" + markdown.EscapeURL(t.Dest)[1:]
	}
	if p, _ := l.site.Resolve(t); p != nil {
		if a := l.anchor(p); a != "" {
			if t.Fragment != "" {
				return a + "-" + template.HTMLEscapeString(t.Fragment)
			}
			return a
		}
	}
	return markdown.EscapeURL(l.url(t))
}

// Src implements markdown.Context.
func (l *links) Src(t *markdown.Target) string { return l.url(t) }

// url is where a target is from where the document is shown.
func (l *links) url(t *markdown.Target) string {
	if t.Path == "" {
		return t.Dest
	}
	suffix := ""
	if t.Fragment != "" {
		suffix = "#" + t.Fragment
	}
	p, file := l.site.Resolve(t)
	switch {
	case p != nil:
		return p.Href(l.root) + suffix
	case file != "":
		return model.RelURL(l.root, file) + suffix
	}
	return t.Dest
}

// ID implements markdown.Context.
func (l *links) ID(id string) string {
	if l.prefix == "" {
		return id
	}
	return l.prefix + "-" + id
}

// body renders the page's markdown for view v.
func (c *context) body(v *view) template.HTML {
	if v.Page == nil || v.Page.Body == nil {
		return ""
	}
	return c.html(v, v.Page.Body)
}

// view is what a template sees as dot.
type view struct {
	Site        *model.Site
	Page        *model.Page // nil on generated pages (search, tags, 404, handbook)
	Kind        string      // body class: kind-<Kind>
	Title       string
	Description string
	Root        string            // relative path from this page to the site root
	LangRoot    string            // relative path from this page to its language's home folder
	SiteTitle   string            // the site's title in this language
	Lang        string            // the language of this part of the site: UI strings and <html lang>
	UI          map[string]string // the UI strings in Lang: .UI.search (a map: cheaper for templates than .T "search")
	Sidebar     template.HTML
	Content     template.HTML
	TOC         []tocItem
	Extra       any           // the tag on tag pages, the entries on the handbook
	Part        *handbookPart // a part of a split handbook
	PDF         string        // the handbook page: its printed handbook (handbook.pdf), when there is one
	BaseScript  template.JS   // the 404 page: finds the site's root and sets <base href>

	c     *context
	open  *model.Section
	links *links // where links and ids point from this view
}

type tocItem struct {
	ID, Text string
	Children []tocItem
}

// view is a view of page p (nil for the generated pages: search, tags, …,
// depth folders below the language's folder).
func (c *context) view(p *model.Page, kind string, depth int, title string) *view {
	if p == nil && c.site.Home != nil {
		depth += strings.Count(c.site.Home.URL, "/")
	}
	v := &view{
		Site:        c.site,
		Page:        p,
		Kind:        kind,
		Title:       title,
		Description: c.site.Description(),
		Root:        strings.Repeat("../", depth),
		Lang:        c.site.Lang,
		UI:          c.r.theme.Strings(c.site.Lang),
		c:           c,
	}
	v.SiteTitle = c.site.Title()
	v.links = &links{site: c.site}
	v.setRoot(v.Root)
	return v
}

// setRoot sets where the view is shown from: the way to the site root.
func (v *view) setRoot(root string) {
	v.Root, v.links.root = root, root
	v.LangRoot = model.RelURL(root, v.Site.Home.URL)
}

func (c *context) pageView(p *model.Page) *view {
	kind := p.Type
	if p.Kind != model.KindPage {
		kind = p.Kind
	}
	title := p.Title
	if p.Kind == model.KindHome {
		title = ""
	}
	v := c.view(p, kind, strings.Count(p.URL, "/"), title)
	if p.Summary != "" {
		v.Description = p.Summary
	}
	if p.TOC && p.Kind != model.KindHome {
		v.TOC = toc(p.Headings)
	}
	return v
}

func (c *context) notFoundView() *view {
	v := c.view(nil, "404", 0, c.r.t(c.site, "not_found_title"))
	// A 404 page is served at any path: its links must not be relative to
	// where it is. With a base_url, they start from it; with the default
	// "/", the site may live under any sub-path, so a script finds the
	// site's root in the address (the folder before a known top-level
	// folder) and the links are written from that root (<base href>).
	v.Root = c.site.Config.BaseURL
	if !strings.HasSuffix(v.Root, "/") {
		v.Root += "/"
	}
	if v.Root == "/" {
		v.Root = ""
		tops := []string{"assets", "search", "tags", "handbook"}
		for _, sec := range c.site.Root.Sections {
			tops = append(tops, path.Base(sec.Dir))
		}
		js, _ := json.Marshal(tops)
		v.BaseScript = template.JS(`(function(){var t=` + string(js) + `,p=location.pathname.split("/"),i=1;` +
			`for(;i<p.length;i++)if(t.indexOf(decodeURIComponent(p[i]))>=0)break;` +
			`if(i>=p.length)i=Math.max(1,p.length-1);` +
			`var b=document.createElement("base");b.href=p.slice(0,i).join("/")+"/";document.head.appendChild(b)})();`)
	}
	v.setRoot(v.Root)
	return v
}

// toc nests level-3 headings under the level-2 heading before them.
func toc(hs []markdown.Heading) []tocItem {
	var out []tocItem
	for _, h := range hs {
		switch {
		case h.Level == 2:
			out = append(out, tocItem{ID: h.ID, Text: h.Text})
		case h.Level == 3 && len(out) > 0:
			last := &out[len(out)-1]
			last.Children = append(last.Children, tocItem{ID: h.ID, Text: h.Text})
		}
	}
	return out
}

// T returns a UI string in the site language.
func (v *view) T(key string) string { return v.c.r.theme.T(v.Lang, key) }

// TN returns a UI string with {n} replaced.
func (v *view) TN(key string, n int) string {
	return strings.ReplaceAll(v.T(key), "{n}", strconv.Itoa(n))
}

// Rel is a site path relative to this page.
func (v *view) Rel(p string) string { return model.RelURL(v.Root, p) }

// LangRel is a path in this language's part of the site (index.html,
// search/index.html) relative to this page.
func (v *view) LangRel(p string) string { return model.RelURL(v.Root, v.Site.Home.URL+p) }

// langLink is one entry of the language switch.
type langLink struct {
	Lang, Name, Href string
	Current          bool // the language of this page
	Translated       bool // Href is this page in that language (not its home)
}

// Switch lists the playbook's languages for the language switch: this page
// in each language when it has a translation, else that language's home. A
// one-language playbook has none.
func (v *view) Switch() []langLink {
	if len(v.Site.Languages) < 2 {
		return nil
	}
	var out []langLink
	for _, l := range v.Site.Languages {
		link := langLink{Lang: l.Lang, Name: v.c.r.theme.T(l.Lang, "lang_name"), Current: l == v.Site}
		target := l.Home.OutputPath()
		switch {
		case link.Current && v.Page != nil:
			target, link.Translated = v.Page.OutputPath(), true
		case v.Page != nil && v.Page.Translations[l.Lang] != nil:
			target, link.Translated = v.Page.Translations[l.Lang].OutputPath(), true
		case v.Page == nil && (v.Kind == "search" || v.Kind == "tags" || v.Kind == "handbook"):
			target, link.Translated = l.Home.URL+v.Kind+"/index.html", true
		}
		link.Href = model.RelURL(v.Root, target)
		out = append(out, link)
	}
	return out
}

// Date writes a date in the page's language: 2026年11月1日, 1 November 2026.
func (v *view) Date(t time.Time) string {
	if v.Page != nil && v.Page.Lang == "en" || v.Page == nil && v.Lang == "en" {
		return t.Format("2 January 2006")
	}
	return t.Format("2006年1月2日")
}

// Link is the URL of a page relative to this page.
func (v *view) Link(p *model.Page) string { return p.Href(v.Root) }

// TagLink is the URL of a tag's page.
func (v *view) TagLink(name string) string {
	if t := v.Site.Tag(name); t != nil {
		return t.Href(v.Root)
	}
	return model.RelURL(v.Root, "tags/"+markdown.Slug(name)+".html")
}

// ID is an element id; in the handbook, prefixed by its page's entry.
func (v *view) ID(id string) string { return v.links.ID(id) }

// HTML renders one-line markdown (a step's activity, a checklist item, an
// objection's background) for this view; a string is taken as HTML.
func (v *view) HTML(x any) template.HTML {
	switch x := x.(type) {
	case *model.Markdown:
		if x == nil {
			return ""
		}
		return v.c.html(v, x)
	case string:
		return template.HTML(x)
	}
	return ""
}

// StepState is done, current or todo for a step page relative to this page.
func (v *view) StepState(step *model.Page) string {
	if v.Page == nil || v.Page.Step == nil {
		return "todo"
	}
	switch {
	case step.Step.Index < v.Page.Step.Index:
		return "done"
	case step == v.Page:
		return "current"
	}
	return "todo"
}

type navItem struct {
	V    *view
	S    *model.Section
	Open bool
}

// Nav is a section's entry in the sidebar.
func (v *view) Nav(s *model.Section) navItem {
	top := s
	for top.Parent != nil && top.Parent.Parent != nil {
		top = top.Parent
	}
	return navItem{V: v, S: s, Open: top == v.open}
}

// NavLimit is how many pages of a section the sidebar lists; a longer
// section ends with a link to its index (and the current page), so that page
// size does not grow with section size.
const NavLimit = 50

// NavLimit is for templates.
func (v *view) NavLimit() int { return NavLimit }

// NavPages are the pages of s that the sidebar lists.
func (v *view) NavPages(s *model.Section) []*model.Page {
	return s.Pages[:min(len(s.Pages), NavLimit)]
}

type pageList struct {
	V     *view
	Pages []*model.Page
}

// List pairs pages with this view for the page-list partial.
func (v *view) List(pages []*model.Page) pageList { return pageList{V: v, Pages: pages} }

// coachStep is what a step page says about the people the rep meets at
// that step: each buying role's task, each communication style's do's and
// don'ts, and every role × style pair (shown when its anchor is opened).
type coachStep struct {
	Roles  []roleTask
	Styles []*model.Style
	Pairs  []coachPair
}

type roleTask struct {
	Role *model.Role
	Task string
}

type coachPair struct {
	ID    string // coach-decider-tiger
	Role  roleTask
	Style *model.Style
}

// CoachID is the anchor of a role × style pair on a step page.
func CoachID(role, style string) string { return "coach-" + role + "-" + style }

// Coach is the coaching of the step page being rendered; nil elsewhere or
// when the playbook describes no roles and styles.
func (v *view) Coach() *coachStep {
	c := v.Site.Coaching
	if v.Page == nil || v.Page.Step == nil || c.Empty() {
		return nil
	}
	step := v.Page.Step.ID
	out := &coachStep{Styles: c.Styles}
	for _, r := range c.RolesAt(step) {
		out.Roles = append(out.Roles, roleTask{Role: r, Task: r.Steps[step]})
	}
	for _, rt := range out.Roles {
		for _, st := range c.Styles {
			out.Pairs = append(out.Pairs, coachPair{ID: CoachID(rt.Role.ID, st.ID), Role: rt, Style: st})
		}
	}
	return out
}

// CoachLink is the link to a role × style pair on a step page.
func (v *view) CoachLink(step *model.Page, role, style string) string {
	return step.Href(v.Root) + "#" + CoachID(role, style)
}

// stepGroup is the objection cards of one step of the method.
type stepGroup struct {
	Step  *model.Page // nil: cards of no known step
	ID    string      // the step's id (analyze, …)
	Index int         // 0-based, for "第 N 步"
	Pages pageList
}

// ByStep groups objection cards by the step they belong to, in method
// order (cards of no known step last); nil when pages are not all
// objection cards, so other sections list their pages as they are.
func (v *view) ByStep(pages []*model.Page) []stepGroup {
	if len(pages) == 0 {
		return nil
	}
	byID := map[string][]*model.Page{}
	for _, p := range pages {
		if p.Objection == nil {
			return nil
		}
		byID[p.Objection.StepID] = append(byID[p.Objection.StepID], p)
	}
	var out []stepGroup
	for i, id := range method.Steps {
		if ps := byID[id]; len(ps) > 0 {
			g := stepGroup{ID: id, Index: i, Pages: v.List(ps)}
			g.Step = ps[0].Objection.Step
			out = append(out, g)
			delete(byID, id)
		}
	}
	var rest []*model.Page
	for _, p := range pages {
		if _, ok := byID[p.Objection.StepID]; ok {
			rest = append(rest, p)
		}
	}
	if len(rest) > 0 {
		out = append(out, stepGroup{Index: -1, Pages: v.List(rest)})
	}
	return out
}

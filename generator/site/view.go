package site

import (
	"html/template"
	"strconv"
	"strings"
	"sync"

	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/markdown"
	"playbook/generator/model"
	"playbook/generator/pipeline"
)

// context holds what all pages of one render share.
type context struct {
	r        *templates
	site     *model.Site
	sidebars map[*model.Section]string
	out      pipeline.Output
	cache    *cache.Cache
	sideKeys map[*model.Section]uint64 // hashes of the sidebars

	mu    sync.Mutex
	diags diag.List
}

// view is what a template sees as dot.
type view struct {
	Site        *model.Site
	Page        *model.Page // nil on generated pages (search, tags, 404, handbook)
	Kind        string      // body class: kind-<Kind>
	Title       string
	Description string
	Root        string // relative path from this page to the site root
	Lang        string // the site language: UI strings and <html lang>
	Sidebar     template.HTML
	Content     template.HTML
	TOC         []tocItem
	Extra       any // the tag on tag pages, the entries on the handbook

	c    *context
	open *model.Section
}

type tocItem struct {
	ID, Text string
	Children []tocItem
}

func (c *context) view(p *model.Page, kind string, depth int, title string) *view {
	v := &view{
		Site:        c.site,
		Page:        p,
		Kind:        kind,
		Title:       title,
		Description: c.site.Config.Description,
		Root:        strings.Repeat("../", depth),
		Lang:        c.site.Config.Language,
		c:           c,
	}
	return v
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
	v.Content = template.HTML(p.Content)
	if p.TOC && p.Kind != model.KindHome {
		v.TOC = toc(p.Headings)
	}
	return v
}

func (c *context) notFoundView() *view {
	v := c.view(nil, "404", 0, c.r.t(c.site, "not_found_title"))
	// A 404 page is served at any path: its links must not be relative.
	v.Root = c.site.Config.BaseURL
	if !strings.HasSuffix(v.Root, "/") {
		v.Root += "/"
	}
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
func (v *view) Rel(p string) string { return v.Root + p }

// Link is the URL of a page relative to this page.
func (v *view) Link(p *model.Page) string { return v.Root + p.OutputPath() }

// TagLink is the URL of a tag's page.
func (v *view) TagLink(name string) string {
	return v.Root + "tags/" + markdown.Slug(name) + "/index.html"
}

// ID is an element id. (The handbook makes ids unique per page.)
func (v *view) ID(id string) string { return id }

// HTML marks rendered markdown as safe HTML.
func (v *view) HTML(s string) template.HTML { return template.HTML(s) }

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

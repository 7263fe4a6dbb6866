package model

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/internal/par"
	"playbook/generator/markdown"
)

// A page's markdown (its body, and the markdown of its front matter: a
// step's activities and checklist, an objection's "behind") is parsed at
// load to check its links and gather its headings and text; the AST is not
// kept (it is large), and Site.Doc makes the same one again for renderers.
// Links point at content paths; which of those exist is checked at every
// load, since other files come and go.

// parsed markdown of a page: what the load keeps.
type docs struct {
	headings []markdown.Heading
	text     string // the searchable text of it all
	targets  []*markdown.Target
	diags    diag.List
	links    []fileLink
	prepared []map[string]any // of each of p.Markdowns()
}

// fileLink is a link with its position in the page's file.
type fileLink struct {
	markdown.Link
	line, col int
}

// markdownOf gathers a page's markdown.
func markdownOf(p *Page) {
	if p.Source == "" {
		return
	}
	p.Body = &Markdown{Source: p.body, Page: p, Field: "body", line: p.bodyLine}
	field := func(key string, i int, src string) *Markdown {
		return &Markdown{Source: []byte(src), Inline: true, Page: p, Field: fmt.Sprintf("%s[%d]", key, i), line: p.keys.At(key).Line}
	}
	if st := p.Step; st != nil {
		st.Activities, st.Questions, st.Checklist = nil, nil, nil
		for i, a := range st.activities {
			st.Activities = append(st.Activities, field("activities", i, a))
		}
		for i, q := range st.questions {
			st.Questions = append(st.Questions, field("questions", i, q))
		}
		for i, c := range st.checklist {
			st.Checklist = append(st.Checklist, field("checklist", i, c))
		}
	}
	p.FABCells = nil
	for i, row := range p.FAB {
		cell := func(name, src string) *Markdown {
			return &Markdown{Source: []byte(src), Inline: true, Page: p, Field: fmt.Sprintf("fab[%d].%s", i, name), line: p.keys.At("fab").Line}
		}
		p.FABCells = append(p.FABCells, [3]*Markdown{cell("feature", row.Feature), cell("advantage", row.Advantage), cell("benefit", row.Benefit)})
	}
	if o := p.Objection; o != nil && o.behind != "" {
		o.Behind = &Markdown{Source: []byte(o.behind), Page: p, Field: "behind", line: p.keys.At("behind").Line}
	}
}

// parseAll parses every page's markdown and checks its links.
func (l *loader) parseAll() {
	var pages []*Page
	for _, p := range l.site.bySource {
		pages = append(pages, p)
	}
	all := make([]*docs, len(pages))
	par.Do(len(pages), func(i int) {
		markdownOf(pages[i])
		all[i] = l.docs(pages[i])
	})
	for i, p := range pages {
		d := all[i]
		p.Headings, p.Text, p.Targets = d.headings, d.text, d.targets
		for j, m := range p.Markdowns() {
			m.prepared = d.prepared[j]
		}
		l.diags = append(l.diags, d.diags...)
	}
	// Every page's links, once every page's headings are known: on all
	// cores, as they only read the site (the problems are sorted later).
	found := make([]diag.List, len(pages))
	par.Do(len(pages), func(i int) {
		p := pages[i]
		var frags []fragRef
		for _, ln := range all[i].links {
			if err := l.check(p, ln, &frags); err != nil {
				found[i].Errorf(p.File, ln.line, ln.col, "%v", err)
			}
		}
		for _, f := range frags {
			if !hasAnchor(f.target, f.fragment) {
				found[i].Errorf(f.from.File, f.line, f.col, "link to %s#%s: no heading with the id %q on that page", f.target.Source, f.fragment, f.fragment)
			}
		}
	})
	for _, d := range found {
		l.diags = append(l.diags, d...)
	}
}

// docs parses p's markdown, or takes what it found from the cache: it
// depends only on the file, its place and the settings.
func (l *loader) docs(p *Page) *docs {
	if l.opts.Store != nil {
		return l.storedDocs(p)
	}
	if l.opts.Cache == nil {
		return l.parseDocs(p)
	}
	h := cache.NewHasher().Uint64(p.hash).Strings(p.Source, p.File, p.Lang).Bool(l.site.Config.RawHTML)
	for _, pr := range l.opts.Prepare {
		h.Strings(pr.Name())
	}
	key := cache.Key{Kind: "model.docs", Hash: h.Sum()}
	v, _ := l.opts.Cache.Do(key, func() (any, error) { return l.parseDocs(p), nil })
	return v.(*docs)
}

func (l *loader) parseDocs(p *Page) *docs {
	d := &docs{prepared: make([]map[string]any, len(p.Markdowns()))}
	if limit := l.site.Config.MaxPageMB << 20; len(p.body) > limit {
		d.diags.Errorf(p.File, p.bodyLine, 1, "the page is %.1f MB: pages are limited to %d MB (max_page_mb in site.toml); split it", float64(len(p.body))/(1<<20), limit>>20)
		return d
	}
	var texts []string
	ms := p.Markdowns()
	parse := func(m *Markdown) {
		doc := l.site.Doc(m)
		if len(l.opts.Prepare) > 0 {
			made := map[string]any{}
			for _, pr := range l.opts.Prepare {
				made[pr.Name()] = pr.Prepare(doc)
			}
			d.prepared[slices.Index(ms, m)] = made
		}
		for _, pr := range doc.Problems {
			if pr.Warning {
				d.diags.Warnf(p.File, pr.Line+m.line-1, pr.Col, "%s", pr.Msg)
			} else {
				d.diags.Errorf(p.File, pr.Line+m.line-1, pr.Col, "%s", pr.Msg)
			}
		}
		for _, ln := range doc.Links {
			d.links = append(d.links, fileLink{Link: ln, line: ln.Line + m.line - 1, col: ln.Col})
			d.targets = append(d.targets, ln.Target)
		}
		texts = append(texts, doc.Text)
		if m == p.Body {
			d.headings = doc.Headings
		}
	}
	// The front matter's markdown, then the body: the search text's order.
	for _, m := range ms {
		if m != p.Body {
			parse(m)
		}
	}
	if p.Body != nil {
		parse(p.Body)
	}
	d.text = strings.Join(texts, " ")
	return d
}

// Markdowns are all the markdown of p: its front matter's, then its body.
func (p *Page) Markdowns() []*Markdown {
	var out []*Markdown
	if st := p.Step; st != nil {
		out = append(append(append(out, st.Activities...), st.Questions...), st.Checklist...)
	}
	if o := p.Objection; o != nil && o.Behind != nil {
		out = append(out, o.Behind)
	}
	for _, row := range p.FABCells {
		out = append(out, row[:]...)
	}
	if p.Body != nil {
		out = append(out, p.Body)
	}
	return out
}

// Doc parses m: the same AST, with links resolved to content paths, every
// time.
func (s *Site) Doc(m *Markdown) *markdown.Doc {
	return s.Markdown.Parse(m.Source, markdown.ParseOptions{Lang: m.Page.Lang, Inline: m.Inline,
		Resolve: func(r markdown.Ref) (*markdown.Target, error) { return target(m.Page.Source, r) }})
}

func hasAnchor(p *Page, id string) bool {
	if slices.ContainsFunc(p.Headings, func(h markdown.Heading) bool { return h.ID == id }) {
		return true
	}
	switch {
	case p.Type == TypeStep && (id == "activities" || id == "questions" || id == "checklist"),
		p.Type == TypeObjection && (id == "behind" || id == "response"),
		p.Type == TypeFAB && id == "fab",
		strings.HasPrefix(id, "fn:"), strings.HasPrefix(id, "fnref:"):
		return true
	}
	return false
}

// target says where a link written in the page from src points: a content
// path and a fragment, nil for a link out of the playbook. It depends on
// nothing but the link and src.
func target(src string, r markdown.Ref) (*markdown.Target, error) {
	dest := strings.TrimSpace(r.Dest)
	if dest == "" {
		return nil, errors.New("empty link destination")
	}
	u, err := url.Parse(dest)
	if err != nil {
		return nil, fmt.Errorf("malformed link %q: %v", dest, err)
	}
	if u.Scheme != "" || strings.HasPrefix(dest, "//") {
		if u.Scheme != "" && !slices.Contains(LinkSchemes, strings.ToLower(u.Scheme)) {
			return nil, fmt.Errorf("link %q: a link may leave the playbook only by http, https or mailto", dest)
		}
		return nil, nil
	}
	if u.Path == "" { // #fragment on the same page
		if u.Fragment == "" {
			return nil, nil
		}
		return &markdown.Target{Dest: dest, Fragment: u.Fragment, Image: r.Image}, nil
	}
	p := u.Path
	if strings.HasPrefix(p, "/") {
		p = path.Clean(strings.TrimPrefix(p, "/"))
	} else {
		p = path.Join(path.Dir(cmp.Or(src, "_index.md")), p)
	}
	if p == ".." || strings.HasPrefix(p, "../") {
		return nil, fmt.Errorf("link %q points outside the content folder", dest)
	}
	if p == AccountsDir || strings.HasPrefix(p, AccountsDir+"/") {
		return nil, fmt.Errorf("link %q points into %s/: account data is never published", dest, AccountsDir)
	}
	return &markdown.Target{Dest: dest, Path: p, Fragment: u.Fragment, Image: r.Image}, nil
}

// check reports a link whose target is not in the playbook, and records
// fragments to check once every page's headings are known.
func (l *loader) check(p *Page, ln fileLink, frags *[]fragRef) error {
	t := ln.Target
	if t.Path == "" {
		*frags = append(*frags, fragRef{from: p, target: p, fragment: t.Fragment, line: ln.line, col: ln.col})
		return nil
	}
	if strings.HasSuffix(t.Path, ".md") && !t.Image {
		page, _ := l.site.Resolve(t)
		if page == nil {
			if l.failed[t.Path] {
				return nil // its own errors are reported
			}
			if l.drafts[t.Path] {
				return fmt.Errorf("link to draft page %q (it is published only with --drafts)", t.Dest)
			}
			msg := fmt.Sprintf("link to missing page %q", t.Dest)
			var known []string
			for s := range l.site.bySource {
				known = append(known, s)
			}
			if s := diag.Suggest(t.Path, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			}
			return errors.New(msg)
		}
		if t.Fragment != "" {
			*frags = append(*frags, fragRef{from: p, target: page, fragment: t.Fragment, line: ln.line, col: ln.col})
		}
		return nil
	}
	if page, file := l.site.Resolve(t); page != nil || file != "" {
		return nil
	}
	if t.Image {
		return fmt.Errorf("image %q not found in the content folder", t.Dest)
	}
	return fmt.Errorf("link target %q not found (link to pages by their .md file)", t.Dest)
}

// Resolve finds what a link's target is in this site: a page (or a folder's
// page), or a file published as it is (its path). Neither is a link to the
// page it is written in (a fragment), or to nothing.
func (s *Site) Resolve(t *markdown.Target) (*Page, string) {
	switch {
	case t.Path == "":
		return nil, ""
	case strings.HasSuffix(t.Path, ".md") && !t.Image:
		if p := s.bySource[t.Path]; p != nil {
			return p, ""
		}
		if sec, ok := s.sections[path.Dir(t.Path)]; ok && path.Base(t.Path) == "_index.md" {
			return sec.Index, ""
		}
		return nil, ""
	case s.static[t.Path]:
		return nil, t.Path
	}
	if sec, ok := s.sections[t.Path]; ok && !t.Image {
		return sec.Index, ""
	}
	return nil, ""
}

package model

import (
	"slices"
	"sort"

	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/markdown"
	"playbook/generator/source"
)

// A page's parse depends on its bytes, its path and the site's language; its
// converted markdown also on everything a link can resolve to (indexKey).
// Both are kept in Options.Cache, so an edit re-parses and re-converts only
// the file it changed, while the pages it can link to keep their URLs.

// conversion is a page's converted markdown.
type conversion struct {
	content, text, behind string
	headings              []markdown.Heading
	activities, checklist []string
	diags                 diag.List
	frags                 []fragSpec
}

type fragSpec struct {
	target, fragment string
	line, col        int
}

// clone copies what a load mutates.
func (ps *parsed) clone() *parsed {
	c := *ps
	p := *ps.page
	c.page = &p
	c.diags = slices.Clone(ps.diags)
	if p.Step != nil {
		st := *p.Step
		p.Step = &st
	}
	if p.Objection != nil {
		o := *p.Objection
		p.Objection = &o
	}
	return &c
}

// parse returns the parsed page for f, from the cache when it has it.
func (l *loader) parse(f *source.File) *parsed {
	parse := func() *parsed {
		ps := l.parsePage(f.Path, f.Data)
		ps.page.hash = f.Hash
		return ps
	}
	if l.opts.Cache == nil {
		return parse()
	}
	key := cache.Key{Kind: "model.page", Hash: cache.NewHasher().Uint64(f.Hash).
		Strings(f.Path, l.file(f.Path), l.site.Config.Language).Sum()}
	v, _ := l.opts.Cache.Do(key, func() (any, error) { return parse(), nil })
	return v.(*parsed).clone()
}

// indexKey hashes everything a link can resolve to, and what else changes a
// conversion: when it is unchanged, a page's converted markdown is still right.
func (l *loader) indexKey() uint64 {
	h := cache.NewHasher()
	srcs := make([]string, 0, len(l.site.bySource))
	for s := range l.site.bySource {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	for _, s := range srcs {
		h.Strings("p", s, l.site.bySource[s].URL)
	}
	for _, set := range []map[string]bool{l.static, l.drafts, l.failed} {
		keys := make([]string, 0, len(set))
		for k := range set {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		h.Strings("s").Strings(keys...)
	}
	dirs := make([]string, 0, len(l.sections))
	for d := range l.sections {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	h.Strings("d").Strings(dirs...)
	return h.Strings(l.site.Config.Language).Bool(l.site.Config.RawHTML).Sum()
}

func (l *loader) conversionKey(p *Page, index uint64) cache.Key {
	return cache.Key{Kind: "model.conversion", Hash: cache.NewHasher().Uint64(index, p.hash).Strings(p.Source, p.File).Sum()}
}

// reuse applies a cached conversion to p; it reports false when there is none.
func (l *loader) reuse(p *Page, index uint64) (diag.List, []fragRef, bool) {
	if l.opts.Cache == nil || p.Source == "" {
		return nil, nil, false
	}
	v, ok := l.opts.Cache.Get(l.conversionKey(p, index))
	if !ok {
		return nil, nil, false
	}
	c := v.(*conversion)
	p.Content, p.Text, p.Headings = c.content, c.text, c.headings
	if p.Step != nil {
		p.Step.Activities, p.Step.Checklist = slices.Clone(c.activities), slices.Clone(c.checklist)
	}
	if p.Objection != nil {
		p.Objection.Behind = c.behind
	}
	var frags []fragRef
	for _, f := range c.frags {
		if t := l.site.bySource[f.target]; t != nil {
			frags = append(frags, fragRef{from: p, target: t, fragment: f.fragment, line: f.line, col: f.col})
		}
	}
	return c.diags, frags, true
}

// remember stores p's fresh conversion.
func (l *loader) remember(p *Page, index uint64, d diag.List, frags []fragRef) {
	if l.opts.Cache == nil || p.Source == "" {
		return
	}
	c := &conversion{content: p.Content, text: p.Text, headings: p.Headings, diags: d}
	if p.Step != nil {
		c.activities, c.checklist = slices.Clone(p.Step.Activities), slices.Clone(p.Step.Checklist)
	}
	if p.Objection != nil {
		c.behind = p.Objection.Behind
	}
	for _, f := range frags {
		c.frags = append(c.frags, fragSpec{target: f.target.Source, fragment: f.fragment, line: f.line, col: f.col})
	}
	l.opts.Cache.Put(l.conversionKey(p, index), c)
}

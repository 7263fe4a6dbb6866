package model

import (
	"slices"

	"playbook/generator/cache"
	"playbook/generator/source"
)

// A page's parse depends on its bytes, its path and the site's language:
// it is kept in Options.Cache, so an edit parses only the file it changed.

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
		Strings(f.Path, l.file(f.Path), l.site.Config.Language, l.site.Config.ReviewEvery).Sum()}
	v, _ := l.opts.Cache.Do(key, func() (any, error) { return parse(), nil })
	return v.(*parsed).clone()
}

package model

import (
	"cmp"
	"slices"
	"strings"

	"playbook/generator/markdown"
	"playbook/generator/method"
)

// order sorts a language's sections and pages, and sets its reading order,
// prev/next, steps and tags.
func (l *loader) order(site *Site) {
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
	sortSection(site.Root)
	var walk func(s *Section)
	walk = func(s *Section) {
		site.Pages = append(site.Pages, s.Index)
		site.Pages = append(site.Pages, s.Pages...)
		for _, c := range s.Sections {
			walk(c)
		}
	}
	walk(site.Root)
	for i, p := range site.Pages {
		if i > 0 {
			p.Prev = site.Pages[i-1]
		}
		if i+1 < len(site.Pages) {
			p.Next = site.Pages[i+1]
		}
	}
	steps := make([]*Page, len(method.Steps))
	for _, p := range site.Pages {
		if p.Step != nil && p.Step.Index >= 0 {
			steps[p.Step.Index] = p
		}
	}
	for _, p := range steps {
		if p != nil {
			site.Steps = append(site.Steps, p)
		}
	}
	if n := len(site.Steps); n > 0 && n < len(method.Steps) {
		for i, p := range steps {
			if p == nil {
				l.diags.Warnf(l.file(cmp.Or(site.Root.Dir, ".")), 0, 0, "no page for step %q: the method has six steps", method.Steps[i])
			}
		}
	}
	// Tags are told apart by their full text: C++, C# and c are three.
	var names []string
	for _, p := range site.Pages {
		for _, name := range p.Tags {
			names = append(names, strings.TrimSpace(name))
		}
	}
	slugs := tagSlugs(names, markdown.Slug)
	tags := map[string]*Tag{}
	site.tags = tags
	for _, p := range site.Pages {
		if p.Objection != nil {
			if i := method.StepIndex(p.Objection.StepID); i >= 0 {
				p.Objection.Step = steps[i]
			}
		}
		for _, name := range p.Tags {
			name = strings.TrimSpace(name)
			t, ok := tags[name]
			if !ok {
				t = &Tag{Name: name, Slug: slugs[name], prefix: site.Home.URL}
				tags[name] = t
				site.Tags = append(site.Tags, t)
			}
			if !slices.Contains(t.Pages, p) {
				t.Pages = append(t.Pages, p)
			}
		}
	}
	slices.SortFunc(site.Tags, func(a, b *Tag) int {
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

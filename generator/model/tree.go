package model

import (
	"cmp"
	"path"
	"slices"
	"strings"
)

// buildTree makes the sections, checks URLs, and indexes the pages.
func (l *loader) buildTree(pages []*parsed) {
	root := &Section{Dir: ""}
	l.sections["."] = root
	l.site.Root = root
	// Each other language's folder is the root of a tree of its own.
	for dir, lang := range l.langRoots {
		s := &Section{Dir: dir}
		l.sections[dir] = s
		l.sites[lang].Root = s
	}
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
			s := section(dir)
			s.Index, p.OwnSection = p, s
			l.sites[p.Lang].Home = p
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
		p := &Page{Kind: KindSection, Type: KindSection, Title: path.Base(dir), Lang: l.langOfDir(dir), TOC: true,
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
		if p.Kind == KindPage && p.Slug == "index" {
			continue // reported: it is its folder's own page
		}
		// Each language's folder has the site's own pages (search, tags …).
		rel := p.URL
		if root := langRootOf(path.Dir(p.Source), l.langRoots); root != "." {
			rel = strings.TrimPrefix(p.URL, root+"/")
		}
		first, _, _ := strings.Cut(rel, "/")
		if slices.Contains(reserved, first) && p.Source != "" {
			l.diags.Errorf(p.File, 1, 1, "the URL %q is reserved for the site's own %s page; rename the file or folder", p.URL, first)
		}
		if other, ok := l.byURL[p.OutputPath()]; ok {
			l.diags.Errorf(p.File, 1, 1, "duplicate URL %q: %s publishes there too", p.URL, other.File)
			continue
		}
		l.byURL[p.OutputPath()] = p
	}
	// No page's file is a folder of another page (x.md beside x.html/).
	for _, p := range all {
		for dir := path.Dir(p.OutputPath()); dir != "."; dir = path.Dir(dir) {
			if other := l.byURL[dir]; other != nil {
				l.diags.Errorf(other.File, 1, 1, "this page and the folder %s/ both publish %s: rename one of them", dir, dir)
				delete(l.byURL, dir)
			}
		}
	}
	// A page's file, or a folder it is in, must not be a file published as
	// it is (x.html beside x.md).
	for _, p := range all {
		for out := p.OutputPath(); out != "."; out = path.Dir(out) {
			if l.static[out] {
				l.diags.Errorf(p.File, 1, 1, "the file %s and this page both publish %s: rename one of them", l.file(out), out)
				break
			}
		}
	}
	for _, ps := range pages {
		p := ps.page
		if p.Type == TypeFAB {
			// The file name is the id proposals use: it must be unique in
			// its language (a translation keeps the id).
			fab := l.sites[p.Lang].FAB
			if other := fab[p.Slug]; other != nil {
				l.diags.Errorf(p.File, 1, 1, "FAB sheet id %q is already used by %s (the file name is the id proposals refer to)", p.Slug, other.File)
				continue
			}
			fab[p.Slug] = p
		}
	}
}

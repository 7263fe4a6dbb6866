package model

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
)

// resolveLangs settles each page's language: its own lang, else that of the
// nearest folder above whose _index.md sets one, else the site language. A
// folder whose language differs from the folder above it is that language's
// root (content/en/ with lang = "en"): its _index.md is the language's home
// page, and the pages below it are a site of their own (navigation, reading
// order, handbook, search). Each language has one root, and a page lives in
// its language's folder.
func (l *loader) resolveLangs(pages []*parsed) {
	siteLang := l.site.Config.Language
	own := map[string]*parsed{} // folder -> its _index.md, when it sets lang
	for _, ps := range pages {
		if path.Base(ps.page.Source) == "_index.md" && ps.page.Lang != "" {
			own[path.Dir(ps.page.Source)] = ps
		}
	}
	var langOf func(dir string) string
	langOf = func(dir string) string {
		if ps, ok := own[dir]; ok {
			return ps.page.Lang
		}
		if dir == "." || dir == "" || dir == "/" {
			return siteLang
		}
		return langOf(path.Dir(dir))
	}
	if home := own["."]; home != nil && home.page.Lang != siteLang {
		home.errAt("lang", "the home page is in the site language (%s, set by language in site.toml); other languages get a folder of their own, such as %s/ with an _index.md that says lang = %q", siteLang, home.page.Lang, home.page.Lang)
		delete(own, ".")
	}
	l.langRoots = map[string]string{}
	rootOf := map[string]string{siteLang: "."}
	for _, dir := range slices.Sorted(maps.Keys(own)) {
		ps := own[dir]
		lang := ps.page.Lang
		if dir == "." || lang == langOf(path.Dir(dir)) {
			continue
		}
		if other, ok := rootOf[lang]; ok {
			where := l.file(other) + "/"
			if other == "." {
				where = "the content folder (the site language, set in site.toml)"
			}
			ps.errAt("lang", "lang %q already has its folder: %s; each language has one folder, and its pages go below it", lang, where)
			delete(own, dir)
			continue
		}
		rootOf[lang] = dir
		l.langRoots[dir] = lang
		ps.page.Kind = KindHome
	}
	for _, ps := range pages {
		p := ps.page
		dir := path.Dir(p.Source)
		folder := langOf(dir)
		if p.Lang != "" && p.Lang != folder && p.Kind == KindPage {
			hint := fmt.Sprintf("create %s with lang = %q and move the page below it", l.file(p.Lang+"/_index.md"), p.Lang)
			if root, ok := rootOf[p.Lang]; ok {
				hint = "move it below " + l.file(root) + "/"
				if root == "." {
					hint = "move it out of " + l.file(langRootOf(dir, l.langRoots)) + "/"
				}
			}
			ps.errAt("lang", "this page is in %q but its folder is in %q: each language has a folder of its own; %s", p.Lang, folder, hint)
			p.Lang = folder
		}
		if p.Lang == "" || p.Kind != KindPage {
			p.Lang = folder
		}
	}
}

// langOfDir is the language of a folder: its language root's.
func (l *loader) langOfDir(dir string) string {
	if root := langRootOf(dir, l.langRoots); root != "." {
		return l.langRoots[root]
	}
	return l.site.Config.Language
}

// langRootOf is the language root folder that holds dir ("." for the site
// language's).
func langRootOf(dir string, roots map[string]string) string {
	for d := dir; d != "." && d != "" && d != "/"; d = path.Dir(d) {
		if _, ok := roots[d]; ok {
			return d
		}
	}
	return "."
}

// newLanguages makes a Site for each language root, sharing the loaded
// playbook's configuration and indexes.
func (l *loader) newLanguages() {
	l.site.Lang = l.site.Config.Language
	l.site.Languages = []*Site{l.site}
	l.sites = map[string]*Site{l.site.Lang: l.site}
	for _, lang := range Languages {
		if !slices.Contains(slices.Collect(maps.Values(l.langRoots)), lang) {
			continue
		}
		s := &Site{Config: l.site.Config, Markdown: l.site.Markdown, Lang: lang, FAB: map[string]*Page{},
			Static: l.site.Static, bySource: l.site.bySource}
		l.site.Languages = append(l.site.Languages, s)
		l.sites[lang] = s
	}
	for _, s := range l.site.Languages {
		s.Languages = l.site.Languages
	}
}

// translations joins the pages that are the same page in two languages:
// those at the same place below their language's folder, or those that
// share a translation_key.
func (l *loader) translations() {
	if len(l.site.Languages) < 2 {
		return
	}
	groups := map[string][]*Page{}
	var keys []string
	for _, s := range l.site.Languages {
		for _, p := range s.Pages {
			key := "url:" + strings.TrimPrefix(p.URL, s.Home.URL)
			if p.translationKey != "" {
				key = "key:" + p.translationKey
			}
			if _, ok := groups[key]; !ok {
				keys = append(keys, key)
			}
			groups[key] = append(groups[key], p)
		}
	}
	for _, key := range keys {
		g := groups[key]
		byLang := map[string]*Page{}
		for _, p := range g {
			if other := byLang[p.Lang]; other != nil {
				if p.translationKey != "" {
					pos := p.keys.At("translation_key")
					l.diags.Errorf(p.File, pos.Line, pos.Col, "translation_key %q is already used by %s, in the same language", p.translationKey, other.File)
				}
				continue
			}
			byLang[p.Lang] = p
		}
		if len(byLang) < 2 {
			continue
		}
		for _, p := range byLang {
			p.Translations = map[string]*Page{}
			for lang, q := range byLang {
				if q != p {
					p.Translations[lang] = q
				}
			}
		}
	}
}

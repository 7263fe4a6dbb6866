package model

import (
	"cmp"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"playbook/generator/diag"
	"playbook/generator/markdown"
	"playbook/generator/tomlx"
)

// parsePage reads a page's front matter.
func (l *loader) parsePage(src string, data []byte) *parsed {
	file := l.file(src)
	ps := &parsed{page: &Page{Source: src, File: file}}
	if !utf8.Valid(data) {
		line, col := diag.LineCol(data, invalidUTF8(data))
		ps.diags.Errorf(file, line, col, "the file is not UTF-8 text (save it as UTF-8)")
		ps.failed = true
		return ps
	}
	fm, body, bodyLine, err := SplitFrontMatter(data)
	if err != nil {
		ps.diags.Errorf(file, 1, 1, "%v", err)
		ps.failed = true
		return ps
	}
	_, keys, ok := tomlx.Decode(string(fm), file, 2, &ps.fm, frontMatterKeys, &ps.diags)
	if !ok {
		ps.failed = true
		return ps
	}
	ps.keys = keys
	p := ps.page
	p.keys = keys
	p.body, p.bodyLine = body, bodyLine
	f := ps.fm
	p.Title, p.Summary, p.Weight, p.Tags, p.Draft = strings.TrimSpace(f.Title), f.Summary, f.Weight, f.Tags, f.Draft
	p.TOC = f.TOC == nil || *f.TOC
	p.Reviewed, p.Owner = f.Reviewed, strings.TrimSpace(f.Owner)
	p.ReviewEvery = cmp.Or(f.ReviewEvery, l.site.Config.ReviewEvery)
	if _, err := ParseEvery(f.ReviewEvery); err != nil {
		ps.errAt("review_every", "review_every: %v", err)
		p.ReviewEvery = ""
	}
	if !f.Reviewed.IsZero() && f.Reviewed.Year() < 1900 {
		ps.errAt("reviewed", "reviewed %s is not a date (write it as 2026-11-01)", f.Reviewed.Format("15:04:05"))
		p.Reviewed = time.Time{}
	}
	p.Lang, p.translationKey = f.Lang, strings.TrimSpace(f.TranslationKey) // settled by resolveLangs
	if p.Title == "" {
		if len(fm) == 0 {
			ps.diags.Errorf(file, 1, 1, "missing front matter: a page starts with +++, title = \"…\", +++")
		} else {
			ps.diags.Errorf(file, 1, 1, "missing title")
		}
	}
	if p.Lang != "" && !slices.Contains(Languages, p.Lang) {
		ps.errAt("lang", "lang %q is not supported (use zh-CN or en)", p.Lang)
		p.Lang = ""
	}
	for _, t := range p.Tags {
		switch {
		case strings.TrimSpace(t) == "" || markdown.Slug(t) == "":
			ps.errAt("tags", "tag %q has no letters or digits", t)
		case len(markdown.Slug(t)) > 120:
			ps.errAt("tags", "tag %.20q… is too long for a folder name: at most 120 bytes", t)
		}
	}
	isIndex := path.Base(src) == "_index.md"
	dir := path.Dir(src)
	switch {
	case isIndex && dir == ".":
		p.Kind, p.URL = KindHome, ""
	case isIndex:
		p.Kind, p.URL = KindSection, dir+"/"
	default:
		p.Slug = strings.TrimSuffix(path.Base(src), ".md")
		// One file per page, in its section's folder: far fewer folders
		// to make than one per page, and the same URL from file:// as
		// from a web server.
		p.Kind, p.URL = KindPage, path.Join(dir, p.Slug+".html")
		if p.Slug == "index" {
			ps.diags.Errorf(file, 1, 1, "a page may not be named index.md: index.html is its folder's own page; rename it, or make it the folder's _index.md")
		}
	}
	if isIndex {
		p.Slug = path.Base(dir)
		if f.Type != "" {
			ps.errAt("type", "a section's _index.md takes no type; set the type of its pages with [cascade] type = %q", f.Type)
		}
		if f.Cascade != nil {
			p.cascadeType = f.Cascade.Type
		}
	} else if f.Cascade != nil {
		ps.errAt("cascade", "cascade is only allowed in a section's _index.md")
	}
	return ps
}

func (ps *parsed) errAt(key, format string, args ...any) {
	pos := ps.keys.At(key)
	ps.diags.Errorf(ps.page.File, pos.Line, pos.Col, format, args...)
}

package model

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"playbook/generator/diag"
	"playbook/generator/markdown"
)

// renderAll converts every page's markdown and checks its links.
func (l *loader) renderAll() {
	var pages []*Page
	for _, p := range l.site.bySource {
		pages = append(pages, p)
	}
	diags := make([]diag.List, len(pages))
	frags := make([][]fragRef, len(pages))
	var index uint64
	if l.opts.Cache != nil {
		index = l.indexKey()
	}
	parallel(len(pages), func(i int) {
		var ok bool
		if diags[i], frags[i], ok = l.reuse(pages[i], index); !ok {
			diags[i], frags[i] = l.renderPage(pages[i])
			l.remember(pages[i], index, diags[i], frags[i])
		}
	})
	for i := range pages {
		l.diags = append(l.diags, diags[i]...)
	}
	for _, fs := range frags {
		for _, f := range fs {
			if !hasAnchor(f.target, f.fragment) {
				l.diags.Errorf(f.from.File, f.line, f.col, "link to %s#%s: no heading with the id %q on that page", f.target.Source, f.fragment, f.fragment)
			}
		}
	}
}

func hasAnchor(p *Page, id string) bool {
	if slices.ContainsFunc(p.Headings, func(h markdown.Heading) bool { return h.ID == id }) {
		return true
	}
	switch {
	case p.Type == TypeStep && (id == "activities" || id == "checklist"),
		p.Type == TypeObjection && (id == "behind" || id == "response"),
		p.Type == TypeFAB && id == "fab",
		strings.HasPrefix(id, "fn:"), strings.HasPrefix(id, "fnref:"):
		return true
	}
	return false
}

func (l *loader) renderPage(p *Page) (diag.List, []fragRef) {
	var d diag.List
	var frags []fragRef
	convert := func(src []byte, line int) *markdown.Doc {
		doc := l.md.Convert(src, markdown.ConvertOptions{Lang: p.Lang, Resolve: func(r markdown.Ref) (string, error) {
			r.Line += line - 1
			return l.resolve(p, r, &frags)
		}})
		for _, pr := range doc.Problems {
			if pr.Warning {
				d.Warnf(p.File, pr.Line+line-1, pr.Col, "%s", pr.Msg)
			} else {
				d.Errorf(p.File, pr.Line+line-1, pr.Col, "%s", pr.Msg)
			}
		}
		return doc
	}
	// Front-matter fields are reported at their key's line.
	var extra []string // searchable text outside the body
	inline := func(key, src string) string {
		doc := convert([]byte(src), p.keys.At(key).Line)
		extra = append(extra, doc.Text)
		html := strings.TrimSpace(string(doc.HTML))
		return strings.TrimSuffix(strings.TrimPrefix(html, "<p>"), "</p>")
	}
	doc := convert(p.body, p.bodyLine)
	p.Content, p.Headings = string(doc.HTML), doc.Headings
	defer func() { p.Text = strings.Join(append(extra, doc.Text), " ") }()
	if p.Step != nil {
		for i, a := range p.Step.Activities {
			p.Step.Activities[i] = inline("activities", a)
		}
		for i, c := range p.Step.Checklist {
			p.Step.Checklist[i] = inline("checklist", c)
		}
	}
	if p.Objection != nil && p.Objection.Behind != "" {
		behind := convert([]byte(p.Objection.Behind), p.keys.At("behind").Line)
		p.Objection.Behind = string(behind.HTML)
		extra = append(extra, behind.Text)
	}
	return d, frags
}

// resolve maps a link in page p to its URL, checking that its target exists.
func (l *loader) resolve(p *Page, r markdown.Ref, frags *[]fragRef) (string, error) {
	dest := strings.TrimSpace(r.Dest)
	if dest == "" {
		return "", errors.New("empty link destination")
	}
	u, err := url.Parse(dest)
	if err != nil {
		return "", fmt.Errorf("malformed link %q: %v", dest, err)
	}
	if u.Scheme != "" || strings.HasPrefix(dest, "//") {
		return dest, nil
	}
	if u.Path == "" { // #fragment on the same page
		if u.Fragment != "" {
			*frags = append(*frags, fragRef{from: p, target: p, fragment: u.Fragment, line: r.Line, col: r.Col})
		}
		return dest, nil
	}
	target := u.Path
	if strings.HasPrefix(target, "/") {
		target = path.Clean(strings.TrimPrefix(target, "/"))
	} else {
		target = path.Join(path.Dir(cmp.Or(p.Source, "_index.md")), target)
	}
	if target == ".." || strings.HasPrefix(target, "../") {
		return "", fmt.Errorf("link %q points outside the content folder", dest)
	}
	if target == AccountsDir || strings.HasPrefix(target, AccountsDir+"/") {
		return "", fmt.Errorf("link %q points into %s/: account data is never published", dest, AccountsDir)
	}
	suffix := ""
	if u.Fragment != "" {
		suffix = "#" + u.Fragment
	}
	if strings.HasSuffix(target, ".md") && !r.Image {
		page := l.site.bySource[target]
		if s, ok := l.sections[path.Dir(target)]; ok && page == nil && path.Base(target) == "_index.md" {
			page = s.Index
		}
		if page == nil {
			if l.failed[target] {
				return dest, nil // its own errors are reported
			}
			if l.drafts[target] {
				return "", fmt.Errorf("link to draft page %q (it is published only with --drafts)", dest)
			}
			msg := fmt.Sprintf("link to missing page %q", dest)
			var known []string
			for s := range l.site.bySource {
				known = append(known, s)
			}
			if s := diag.Suggest(target, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			}
			return "", errors.New(msg)
		}
		if u.Fragment != "" {
			*frags = append(*frags, fragRef{from: p, target: page, fragment: u.Fragment, line: r.Line, col: r.Col})
		}
		return RootMarker + page.OutputPath() + suffix, nil
	}
	if l.static[target] {
		return RootMarker + target + suffix, nil
	}
	if s, ok := l.sections[target]; ok && !r.Image {
		return RootMarker + s.Index.OutputPath() + suffix, nil
	}
	if r.Image {
		return "", fmt.Errorf("image %q not found in the content folder", dest)
	}
	return "", fmt.Errorf("link target %q not found (link to pages by their .md file)", dest)
}

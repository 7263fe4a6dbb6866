package model

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"slices"
	"sort"

	"playbook/generator/diag"
	"playbook/generator/markdown"
)

// Cache carries what one Load learned into the next (for serve): the files
// as read and parsed, and their markdown converted. A file that did not
// change is not parsed again, and its markdown is not converted again while
// the pages it can link to keep their URLs. One Load at a time may use it.
type Cache struct {
	files map[string]*fileCache
}

// NewCache makes an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]*fileCache{}} }

type fileCache struct {
	data   []byte
	parsed *parsed
	conv   *conversion
}

// conversion is a page's converted markdown, valid for one link index.
type conversion struct {
	index                 [32]byte
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
	return &c
}

// cachedRead returns the parsed page for src, from the cache when the file
// did not change.
func (l *loader) cachedRead(src string, files map[string]*fileCache) (*parsed, *fileCache) {
	fc := files[src]
	if fc != nil && l.opts.Changed != nil && !l.opts.Changed[src] {
		return fc.parsed.clone(), nil
	}
	data, err := fs.ReadFile(l.fsys, src)
	if err != nil {
		ps := &parsed{page: &Page{Source: src, File: l.file(src)}, failed: true}
		ps.diags.Errorf(l.file(src), 0, 0, "%v", err)
		return ps, nil
	}
	if fc != nil && bytes.Equal(data, fc.data) {
		return fc.parsed.clone(), nil
	}
	ps := l.parsePage(src, data)
	return ps, &fileCache{data: data, parsed: ps.clone()}
}

// indexKey hashes everything a link can resolve to, and what else changes a
// conversion: when it is unchanged, a page's converted markdown is still right.
func (l *loader) indexKey() [32]byte {
	h := sha256.New()
	srcs := make([]string, 0, len(l.site.bySource))
	for s := range l.site.bySource {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	for _, s := range srcs {
		fmt.Fprintf(h, "p%q%q\n", s, l.site.bySource[s].URL)
	}
	for _, set := range []map[string]bool{l.static, l.drafts, l.failed} {
		keys := make([]string, 0, len(set))
		for k := range set {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintf(h, "s%q\n", keys)
	}
	dirs := make([]string, 0, len(l.sections))
	for d := range l.sections {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	fmt.Fprintf(h, "d%q%q%v\n", dirs, l.site.Config.Language, l.site.Config.RawHTML)
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k
}

// reuse applies a cached conversion to p; it reports false when there is none.
func (l *loader) reuse(p *Page, index [32]byte) (diag.List, []fragRef, bool) {
	if l.opts.Cache == nil {
		return nil, nil, false
	}
	fc := l.opts.Cache.files[p.Source]
	if fc == nil || fc.conv == nil || fc.conv.index != index {
		return nil, nil, false
	}
	c := fc.conv
	p.Content, p.Text, p.Headings, p.body = c.content, c.text, c.headings, nil
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
func (l *loader) remember(p *Page, index [32]byte, d diag.List, frags []fragRef) {
	if l.opts.Cache == nil {
		return
	}
	fc := l.opts.Cache.files[p.Source]
	if fc == nil {
		return
	}
	c := &conversion{index: index, content: p.Content, text: p.Text, headings: p.Headings, diags: d}
	if p.Step != nil {
		c.activities, c.checklist = slices.Clone(p.Step.Activities), slices.Clone(p.Step.Checklist)
	}
	if p.Objection != nil {
		c.behind = p.Objection.Behind
	}
	for _, f := range frags {
		c.frags = append(c.frags, fragSpec{target: f.target.Source, fragment: f.fragment, line: f.line, col: f.col})
	}
	fc.conv = c
}

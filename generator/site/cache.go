package site

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"io"

	"playbook/generator/model"
)

// pageKey hashes everything a page's HTML shows: the page itself, its
// sidebar, its neighbours, breadcrumbs, the steps, the pages it lists, and
// the site's settings. Two renders with the same key give the same bytes.
func (c *context) pageKey(j *job) [32]byte {
	h := sha256.New()
	p := j.page
	w := func(parts ...string) {
		for _, s := range parts {
			var n [8]byte
			binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
			h.Write(n[:])
			io.WriteString(h, s)
		}
	}
	w(j.tmpl, j.v.Root, j.v.Description, string(j.v.Content), c.site.Config.Title, c.site.Config.Language,
		c.site.Config.Copyright, c.site.Config.Company.BrandColor)
	digestPage(w, p)
	k := c.sidebarKey(p)
	h.Write(k[:])
	for _, q := range []*model.Page{p.Prev, p.Next} {
		if q != nil {
			w("n", q.Title, q.URL)
		} else {
			w("-")
		}
	}
	for _, a := range p.Ancestors() {
		w(a.Title, a.URL)
	}
	if p.Step != nil || p.Objection != nil || p.Kind == model.KindHome {
		for _, s := range c.site.Steps {
			w(s.Title, s.URL, s.Step.Start, s.Step.End)
		}
	}
	if p.OwnSection != nil { // section and home pages list what they hold
		for _, q := range p.OwnSection.Pages {
			digestPage(w, q)
		}
		for _, sub := range p.OwnSection.Sections {
			w(sub.Title(), sub.Index.URL, sub.Index.Summary)
			for _, q := range sub.Pages {
				digestPage(w, q)
			}
		}
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func digestPage(w func(...string), p *model.Page) {
	w(p.URL, p.Title, p.Summary, p.Lang, p.Type, p.Kind)
	for _, t := range p.Tags {
		w(t)
	}
	if p.TOC {
		w("toc")
	}
	for _, hd := range p.Headings {
		w(hd.ID, hd.Text, string(rune('0'+hd.Level)))
	}
	if s := p.Step; s != nil {
		w(s.ID, s.Start, s.End)
		for _, a := range s.Activities {
			w(a)
		}
		for _, a := range s.Checklist {
			w(a)
		}
	}
	for _, r := range p.FAB {
		w(r.Feature, r.Advantage, r.Benefit)
	}
	if o := p.Objection; o != nil {
		w(o.Objection, o.Behind, o.StepID, o.Category)
		if o.Step != nil {
			w(o.Step.Title, o.Step.URL)
		}
	}
}

// sidebarKey is the hash of the sidebar a page gets (computed once per section).
func (c *context) sidebarKey(p *model.Page) [32]byte {
	var top *model.Section
	if p != nil {
		top = p.TopSection()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sideKeys == nil {
		c.sideKeys = map[*model.Section][32]byte{}
	}
	if k, ok := c.sideKeys[top]; ok {
		return k
	}
	var h hash.Hash = sha256.New()
	io.WriteString(h, c.sidebars[top])
	var k [32]byte
	copy(k[:], h.Sum(nil))
	c.sideKeys[top] = k
	return k
}

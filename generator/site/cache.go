package site

import (
	"encoding/binary"
	"hash/maphash"

	"playbook/generator/model"
)

// seed keys the page hashes of this process (they are never stored).
var seed = maphash.MakeSeed()

// pageKey hashes everything a page's HTML shows: the page itself, its
// sidebar, its neighbours, breadcrumbs, the steps, the pages it lists, and
// the site's settings. Two renders with the same key give the same bytes.
func (c *context) pageKey(j *job, sidebar uint64) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	p := j.page
	var t [8]byte
	binary.LittleEndian.PutUint64(t[:], c.r.hash)
	h.Write(t[:])
	w := func(parts ...string) {
		for _, s := range parts {
			var n [8]byte
			binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
			h.Write(n[:])
			h.WriteString(s)
		}
	}
	w(j.tmpl, j.v.Root, j.v.Description, c.site.Config.Title, c.site.Config.Language,
		c.site.Config.Copyright, c.site.Config.Company.BrandColor)
	var k [8]byte
	binary.LittleEndian.PutUint64(k[:], sidebar)
	h.Write(k[:])
	if c.site.Config.RawHTML {
		w("raw")
	}
	if j.tag != nil {
		w("tag", j.tag.Name, j.tag.Slug)
		for _, q := range j.tag.Pages {
			digestPage(w, q)
		}
		return h.Sum64()
	}
	digestPage(w, p)
	c.digestLinks(w, p)
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
	return h.Sum64()
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
			w(string(a.Source))
		}
		for _, a := range s.Checklist {
			w(string(a.Source))
		}
	}
	for _, r := range p.FAB {
		w(r.Feature, r.Advantage, r.Benefit)
	}
	if o := p.Objection; o != nil {
		behind := ""
		if o.Behind != nil {
			behind = string(o.Behind.Source)
		}
		w(o.Objection, behind, o.StepID, o.Category)
		if o.Step != nil {
			w(o.Step.Title, o.Step.URL)
		}
	}
}

// digestLinks adds what a page's markdown shows of other pages: its file,
// and where each of its links points now.
func (c *context) digestLinks(w func(...string), p *model.Page) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], p.Hash())
	w(string(n[:]))
	for _, t := range p.Targets {
		target, file := c.site.Resolve(t)
		if target != nil {
			file = target.OutputPath()
		}
		w(file)
	}
}

// navKey hashes what the sidebars show: every section's and page's title,
// URL and place, step numbers, and whether there are tags.
func navKey(s *model.Site) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	var walk func(sec *model.Section)
	walk = func(sec *model.Section) {
		h.WriteString("\x00s" + sec.Dir + "\x00" + sec.Index.Title + "\x00" + sec.Index.URL)
		for _, p := range sec.Pages {
			h.WriteString("\x00p" + p.Title + "\x00" + p.URL)
			if p.Step != nil {
				h.WriteByte(byte(p.Step.Index))
			}
		}
		for _, sub := range sec.Sections {
			walk(sub)
		}
		h.WriteString("\x00e")
	}
	walk(s.Root)
	if len(s.Tags) > 0 {
		h.WriteString("\x00tags")
	}
	h.WriteString(s.Config.Title + "\x00" + s.Config.Language)
	return h.Sum64()
}

package site

import (
	"encoding/binary"
	"playbook/generator/cache"
	"playbook/generator/method"
	"playbook/generator/model"
)

// pageKey hashes everything a page's HTML shows: the page itself, its
// sidebar, its neighbours, breadcrumbs, the steps, the pages it lists, and
// the site's settings. Two renders with the same key give the same bytes.
func (c *context) pageKey(j *job, sidebar uint64) uint64 {
	h := cache.NewHasher().Uint64(c.r.hash, sidebar, c.siteKeys())
	h.Strings(j.tmpl, j.v.Root, j.v.Description, c.site.Config.Title, c.site.Config.Language,
		c.site.Config.Copyright, c.site.Config.Company.BrandColor).Bool(c.site.Config.RawHTML)
	if j.tag != nil {
		h.Strings("tag", j.tag.Name, j.tag.Slug)
		for _, q := range j.tag.Pages {
			h.Uint64(c.listed(q))
		}
		return h.Sum()
	}
	return h.Uint64(c.shown(j.page)).Sum()
}

// siteKeys is the hash of what every page shows of the coaching data and
// the languages, made once per render. The default theme's templates show
// no more of the site; a project's own may show any page's title, summary
// or tags on every page (the whole site is at hand as .Site), so then
// every page's are in it too.
func (c *context) siteKeys() uint64 {
	c.siteOnce.Do(func() {
		h := cache.NewHasher().Uint64(coachKey(c.site), langKey(c.site))
		if c.r.theme.OwnTemplates() {
			h.Uint64(navKey(c.site))
			for _, l := range c.site.Languages {
				for _, p := range l.AllPages() {
					h.Uint64(c.listed(p))
				}
			}
		}
		c.siteHash = h.Sum()
	})
	return c.siteHash
}

// listed is the hash of what page p shows of itself in a list (digestPage),
// made once per render: section, home and tag pages list thousands.
func (c *context) listed(p *model.Page) uint64 {
	if v, ok := c.listedMemo.Load(p); ok {
		return v.(uint64)
	}
	h := cache.NewHasher()
	digestPage(h, p)
	sum := h.Sum()
	c.listedMemo.Store(p, sum)
	return sum
}

// shown is the hash of what page p shows (digestShown), made once per
// render: each page's key and each handbook part's need it.
func (c *context) shown(p *model.Page) uint64 {
	if v, ok := c.shownMemo.Load(p); ok {
		return v.(uint64)
	}
	h := cache.NewHasher()
	c.digestShown(h, p)
	sum := h.Sum()
	c.shownMemo.Store(p, sum)
	return sum
}

// digestShown adds what page p shows: itself, where its links point, its
// neighbours and ancestors, the steps, and the pages it lists.
func (c *context) digestShown(h *cache.Hasher, p *model.Page) {
	h.Uint64(c.listed(p))
	c.digestLinks(h, p)
	for _, q := range []*model.Page{p.Prev, p.Next} {
		if q != nil {
			h.Strings("n", q.Title, q.URL)
		} else {
			h.Strings("-")
		}
	}
	for _, a := range p.Ancestors() {
		h.Strings(a.Title, a.URL)
	}
	for _, l := range c.site.Languages { // the language switch
		if t := p.Translations[l.Lang]; t != nil {
			h.Strings(l.Lang, t.URL)
		}
	}
	if p.Step != nil || p.Objection != nil || p.Kind == model.KindHome {
		for _, s := range c.site.Steps {
			h.Strings(s.Title, s.URL, s.Step.Start, s.Step.End)
		}
	}
	if p.OwnSection != nil { // section and home pages list what they hold
		for _, q := range p.OwnSection.Pages {
			h.Uint64(c.listed(q))
		}
		for _, sub := range p.OwnSection.Sections {
			h.Strings(sub.Title(), sub.Index.URL, sub.Index.Summary)
			for _, q := range sub.Pages {
				h.Uint64(c.listed(q))
			}
		}
	}
}

// digestPage adds what a page shows of itself, here or in a list.
func digestPage(h *cache.Hasher, p *model.Page) {
	h.Strings(p.URL, p.Title, p.Summary, p.Lang, p.Type, p.Kind).Strings(p.Tags...).Bool(p.TOC)
	for _, hd := range p.Headings {
		h.Strings(hd.ID, hd.Text).Uint64(uint64(hd.Level))
	}
	if s := p.Step; s != nil {
		h.Strings(s.ID, s.Start, s.End)
		for _, a := range s.Activities {
			h.Bytes(a.Source)
		}
		h.Strings("q")
		for _, q := range s.Questions {
			h.Bytes(q.Source)
		}
		for _, a := range s.Checklist {
			h.Bytes(a.Source)
		}
	}
	for _, r := range p.FAB {
		h.Strings(r.Feature, r.Advantage, r.Benefit)
	}
	h.Strings(p.Image, p.Reviewed.Format("2006-01-02"), p.Owner)
	if o := p.Objection; o != nil {
		h.Strings(o.Objection, o.StepID, o.Category)
		if o.Behind != nil {
			h.Bytes(o.Behind.Source)
		}
		if o.Step != nil {
			h.Strings(o.Step.Title, o.Step.URL)
		}
	}
}

// digestLinks adds what a page's markdown shows of other pages: its file,
// and where each of its links points now.
func (c *context) digestLinks(h *cache.Hasher, p *model.Page) {
	h.Uint64(p.Hash())
	for _, t := range p.Targets {
		target, file := c.site.Resolve(t)
		if target != nil {
			file = target.OutputPath()
		}
		h.Strings(file)
	}
}

// navKey hashes what the sidebars show: every section's and page's title,
// URL and place, step numbers, and whether there are tags.
func navKey(s *model.Site) uint64 {
	h := cache.NewHasher()
	var walk func(sec *model.Section)
	walk = func(sec *model.Section) {
		h.Strings("s", sec.Dir, sec.Index.Title, sec.Index.URL)
		for _, p := range sec.Pages {
			h.Strings("p", p.Title, p.URL)
			if p.Step != nil {
				h.Uint64(uint64(p.Step.Index))
			}
		}
		for _, sub := range sec.Sections {
			walk(sub)
		}
		h.Strings("e")
	}
	walk(s.Root)
	return h.Bool(len(s.Tags) > 0).Bool(!s.Coaching.Empty()).Uint64(langKey(s)).Sum()
}

// langKey hashes what every page of a language shows of the languages:
// its own title and description, and each language's home for the switch.
func langKey(s *model.Site) uint64 {
	h := cache.NewHasher().Strings(s.Lang, s.Title(), s.Description())
	for _, l := range s.Languages {
		h.Strings(l.Lang, l.Home.URL)
	}
	return h.Sum()
}

// coachKey hashes the styles, roles and stages: step pages and the
// coaching matrix show them.
func coachKey(s *model.Site) uint64 {
	h := cache.NewHasher()
	c := s.Coaching
	if c == nil {
		return 0
	}
	for _, st := range c.Styles {
		h.Strings("style", st.ID, st.Name, st.Recognize, st.Do, st.Avoid, st.Page.URL)
	}
	for _, r := range c.Roles {
		h.Strings("role", r.ID, r.Name, r.Cares, r.Page.URL)
		for _, step := range method.Steps {
			h.Strings(r.Steps[step])
		}
	}
	for _, st := range c.Stages {
		h.Strings("stage", st.ID, st.Name, st.Goal, st.Do, st.Page.URL)
	}
	for _, p := range s.Steps {
		h.Strings(p.Title, p.URL)
	}
	return h.Sum()
}

// encodeHole is a page file's record: the hash of its sidebar, where the
// sidebar is (-1: nowhere it can be patched) and how long it is.
func encodeHole(sidebar uint64, at, size int) []byte {
	b := binary.LittleEndian.AppendUint64(nil, sidebar)
	b = binary.AppendVarint(b, int64(at))
	return binary.AppendUvarint(b, uint64(size))
}

// decodeHole reads encodeHole's record; ok is false for anything else.
func decodeHole(b []byte) (sidebar uint64, at, size int, ok bool) {
	if len(b) < 8 {
		return 0, 0, 0, false
	}
	sidebar, b = binary.LittleEndian.Uint64(b), b[8:]
	a, n := binary.Varint(b)
	if n <= 0 || a < -1 || a > 1<<40 {
		return 0, 0, 0, false
	}
	sz, m := binary.Uvarint(b[n:])
	if m <= 0 || n+m != len(b) || sz > 1<<40 {
		return 0, 0, 0, false
	}
	return sidebar, int(a), int(sz), true
}

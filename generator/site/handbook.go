package site

import (
	"bytes"
	"html/template"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/handbook"
	"playbook/generator/model"
	"playbook/generator/proposal"
)

// The handbook is the playbook in one printable page. A large playbook's
// would be too big for a browser to open, so past handbookSplitAt pages it
// is cut into parts (handbook/1/, handbook/2/, …): one per top-level
// section, a section of more than handbookPartPages pages into several, and
// handbook/ lists the parts.
const (
	handbookSplitAt   = 300
	handbookPartPages = 200
)

// printsPDF reports whether the build prints s's handbook as a PDF: as
// site.toml says, else when it is small enough for one handbook page.
func (c *context) printsPDF() bool {
	if c.proj == nil || c.proj.Font.File == nil {
		return false // no font to print with (the proposals report it)
	}
	if on := c.site.Config.Handbook.PDF; on != nil {
		return *on
	}
	return len(c.site.Pages) <= handbookSplitAt
}

// handbookEntry is one page inside the handbook, or one part on its
// contents page.
type handbookEntry struct {
	ID    string
	Depth int
	Page  *model.Page
	View  *view
	HTML  template.HTML
	Href  string // where its contents line leads: #pk3v…, or 3/index.html on the contents page
	Title string
	Note  string // on the contents page: the part's first and last page
}

// handbookPart is a part of a split handbook, as its page shows it (N = 0
// on the contents page).
type handbookPart struct {
	N, Total             int
	Contents, Prev, Next string // URLs from the part's page; "" when none
}

// handbookParts cuts the pages (in reading order) into parts: all in one
// when there are few, else by top-level section, at most handbookPartPages
// each. It returns each part's first index and its end.
func handbookParts(pages []*model.Page) [][2]int {
	if len(pages) <= handbookSplitAt {
		return [][2]int{{0, len(pages)}}
	}
	// The home page and the pages beside it open the first section's part.
	var out [][2]int
	start, top := 0, pages[0].TopSection()
	for i := 1; i <= len(pages); i++ {
		if i < len(pages) && top == nil {
			top = pages[i].TopSection()
		}
		if i == len(pages) || pages[i].TopSection() != top || i-start == handbookPartPages {
			out = append(out, [2]int{start, i})
			if i < len(pages) {
				start, top = i, pages[i].TopSection()
			}
		}
	}
	return out
}

// handbooks registers the handbook's pages, made lazily.
func (cx *context) handbooks(lazy *sync.WaitGroup) {
	s, dir := cx.site, cx.site.Home.URL
	parts := handbookParts(s.Pages)
	register := func(name string, n int) {
		make := func(w io.Writer) error { return cx.handbook(parts, n, w) }
		var err error
		if cx.store() != nil { // building: the key first, to keep what the build before last made
			err = cx.lazyKept(dir+name, cache.Key{Kind: "site.handbook", Hash: cx.handbookKey(parts, n)}, make)
		} else {
			err = cx.out.Lazy(dir+name, func(w io.Writer) error {
				return cached(w, cx.cache, cache.Key{Kind: "site.handbook", Hash: cx.handbookKey(parts, n)}, make)
			})
		}
		if err != nil {
			cx.fail(diag.Diagnostic{File: dir + name, Msg: err.Error()})
		}
	}
	// One part at a time (each renders on all cores): the parts' pages are
	// not all held at once.
	lazy.Go(func() {
		if cx.printsPDF() {
			cx.handbookPDF(dir + "handbook/handbook.pdf")
		}
		if len(parts) == 1 {
			register("handbook/index.html", 0)
			return
		}
		register("handbook/index.html", -1)
		for n := range parts {
			register("handbook/"+strconv.Itoa(n+1)+"/index.html", n)
		}
	})
}

// handbook writes part n of the handbook (-1: the contents page of a split
// one): every page's body in reading order.
func (pc *context) handbook(parts [][2]int, n int, w io.Writer) error {
	// A context of its own, for its problems; where the entries are is
	// the site's.
	cx := newContext(pc.r, pc.site, pc.cache, pc.renderings)
	cx.proj, cx.entries = pc.proj, pc.entries
	// What the site's pages all show is hashed once, not once a part.
	cx.navOnce.Do(func() { cx.nav = pc.navKey() })
	cx.siteOnce.Do(func() { cx.siteHash = pc.siteKeys() })
	r := pc.r
	hb, entries := cx.handbookView(parts, n)
	jobs := make([]job, 0, len(entries))
	for _, e := range entries {
		if e.View != nil {
			jobs = append(jobs, job{entry: e, entryOnly: true})
		}
	}
	cx.run(jobs)
	if err := cx.diags.Err(); err != nil {
		return err
	}
	sidebar, err := cx.sidebar(nil, hb.Root)
	if err != nil {
		return err
	}
	hb.Sidebar = template.HTML(sidebar)
	if b, ok := w.(interface{ Grow(int) }); ok { // a part is megabytes: room for it at once, not by doubling
		size := len(sidebar) + 64<<10
		for _, e := range entries {
			size += len(e.HTML) + len(e.Title) + 64
		}
		b.Grow(size)
	}
	if err := r.layouts["handbook"].Execute(w, hb); err != nil {
		return templateDiagErr(err, r.theme.Display("layouts/handbook.html"))
	}
	return nil
}

// handbookView prepares part n of the handbook: its pages' bodies in one
// document, in reading order. Each page's ids take its entry's id as a
// prefix, and links between pages become links within the document (or to
// the part that holds the page). The entries' HTML is filled in as they
// render. The contents page of a split handbook (n = -1) lists the parts.
func (c *context) handbookView(parts [][2]int, n int) (*view, []*handbookEntry) {
	pages := c.site.Pages
	title := c.r.t(c.site, "handbook")
	depth := 1
	if n >= 0 && len(parts) > 1 {
		depth = 2
		title += " · " + partTitle(pages, parts[n], n, parts)
	}
	v := c.view(nil, "handbook", depth, title)
	if n < 0 {
		entries := make([]*handbookEntry, len(parts))
		for i, pt := range parts {
			first, last := pages[pt[0]], pages[pt[1]-1]
			entries[i] = &handbookEntry{ID: "part" + strconv.Itoa(i+1), Depth: 1, Page: first,
				Href: strconv.Itoa(i+1) + "/index.html", Title: partTitle(pages, pt, i, parts),
				Note: first.Title + " – " + last.Title + " · " + strings.ReplaceAll(c.r.t(c.site, "handbook_pages"), "{n}", strconv.Itoa(pt[1]-pt[0]))}
		}
		v.Extra, v.Part = entries, &handbookPart{Total: len(parts)}
		if c.printsPDF() {
			v.PDF = "handbook.pdf"
		}
		return v, entries
	}
	// where each page's entry is, from this part's page
	ids := c.entryIDs()
	part := c.partOf(parts)
	anchor := func(p *model.Page) string {
		id, ok := ids[p]
		switch {
		case !ok:
			return "" // a page of another language
		case len(parts) < 2 || part[p] == n:
			return "#" + id
		}
		return "../" + strconv.Itoa(part[p]+1) + "/index.html#" + id
	}
	pt := parts[n]
	entries := make([]*handbookEntry, 0, pt[1]-pt[0])
	for k := pt[0]; k < pt[1]; k++ {
		p := pages[k]
		id := ids[p]
		pv := c.pageView(p)
		pv.TOC = nil
		pv.links = &links{site: c.site, prefix: id, anchor: anchor}
		pv.setRoot(v.Root)
		d := 0
		if p.Kind != model.KindHome {
			d = len(p.Ancestors()) + 1
		}
		entries = append(entries, &handbookEntry{ID: id, Depth: d, Page: p, View: pv, Href: "#" + id, Title: p.Title})
	}
	if len(parts) == 1 && c.printsPDF() {
		v.PDF = "handbook.pdf"
	}
	if len(parts) > 1 {
		part := &handbookPart{N: n + 1, Total: len(parts), Contents: "../index.html"}
		if n > 0 {
			part.Prev = "../" + strconv.Itoa(n) + "/index.html"
		}
		if n+1 < len(parts) {
			part.Next = "../" + strconv.Itoa(n+2) + "/index.html"
		}
		v.Part = part
	}
	v.Extra = entries
	return v, entries
}

// partTitle names a part by its top-level section (or the home page), with
// its number among the section's parts when the section has several.
func partTitle(pages []*model.Page, pt [2]int, n int, parts [][2]int) string {
	top := partTop(pages, pt)
	name := pages[pt[0]].Title
	if top != nil {
		name = top.Title()
	}
	same := func(i int) bool { return partTop(pages, parts[i]) == top }
	of, total := 0, 0
	for i := range parts {
		if same(i) {
			total++
			if i <= n {
				of++
			}
		}
	}
	if total > 1 {
		name += " (" + strconv.Itoa(of) + "/" + strconv.Itoa(total) + ")"
	}
	return name
}

// partTop is the top-level section a part is of (nil for home pages only).
func partTop(pages []*model.Page, pt [2]int) *model.Section {
	for _, p := range pages[pt[0]:pt[1]] {
		if top := p.TopSection(); top != nil {
			return top
		}
	}
	return nil
}

// handbookKey hashes everything part n of the handbook shows (-1: the
// contents page): its pages as their entries show them, where the other
// parts are, the navigation and the templates.
func (c *context) handbookKey(parts [][2]int, n int) uint64 {
	depth := 1
	if n >= 0 && len(parts) > 1 {
		depth = 2
	}
	root := strings.Repeat("../", depth+strings.Count(c.site.Home.URL, "/"))
	h := cache.NewHasher().Uint64(c.r.hash, c.sidebarOf(nil, root).hash, c.siteKeys(), uint64(n+1))
	h.Strings(c.site.Config.Title, c.site.Config.Language, c.site.Config.Copyright, c.site.Config.Company.BrandColor).Bool(c.site.Config.RawHTML).Bool(c.printsPDF())
	if n < 0 { // the contents: each part by its section or first page, with its first and last page
		for i, pt := range parts {
			h.Uint64(uint64(pt[0]), uint64(pt[1])).Strings(partTitle(c.site.Pages, pt, i, parts))
			h.Strings(c.site.Pages[pt[0]].Title, c.site.Pages[pt[1]-1].Title)
		}
		return h.Sum()
	}
	// A part: its title, and the entries of its pages, named by their URLs;
	// a link to a page leads to its entry, in this part or another.
	h.Uint64(uint64(len(parts)), uint64(parts[n][0]), uint64(parts[n][1])).Strings(partTitle(c.site.Pages, parts[n], n, parts))
	ids := c.entryIDs()
	for _, p := range c.site.Pages[parts[n][0]:parts[n][1]] {
		h.Strings(ids[p])
		for _, t := range p.Targets {
			if q, _ := c.site.Resolve(t); q != nil {
				h.Strings(ids[q]).Uint64(uint64(c.partOf(parts)[q]))
			}
		}
	}
	for _, p := range c.site.Pages[parts[n][0]:parts[n][1]] {
		h.Uint64(c.shown(p))
	}
	return h.Sum()
}

// handbookPDF registers the printed handbook (name, in the site) and the
// same file beside the output's folders (handbook.pdf for the site
// language, handbook-en.pdf for another), made lazily and once.
func (cx *context) handbookPDF(name string) {
	p, s := cx.proj, cx.site
	key := cache.Key{Kind: "site.handbook.pdf", Hash: cache.NewHasher().Uint64(cx.handbookKey([][2]int{{0, len(s.Pages)}}, 0),
		p.Font.File.Hash).Strings(p.Today.Format("2006-01-02")).Sum()}
	makePDF := func() ([]byte, error) {
		var b bytes.Buffer
		err := cached(&b, cx.cache, key, func(w io.Writer) error {
			fonts, err := proposal.Fonts(p, cx.cache)
			if err != nil {
				return err
			}
			var logo []byte
			if p.Logo != nil {
				logo = p.Logo.Data
			}
			// The day, not the hour: the same playbook prints the same file
			// all day (and the cache keeps it that long).
			y, m, d := p.Today.Date()
			data, err := handbook.PDF(handbook.Input{Site: s, Fonts: fonts, Logo: logo, Date: time.Date(y, m, d, 0, 0, 0, 0, p.Today.Location()),
				T:    func(k string) string { return cx.r.theme.T(s.Lang, k) },
				File: p.StaticData})
			if err != nil {
				return err
			}
			_, err = w.Write(data)
			return err
		})
		return b.Bytes(), err
	}
	make := sync.OnceValues(func() ([]byte, error) {
		// When building, the PDF of the build before, made of the same
		// inputs, is taken from the cache.
		store := cx.store()
		var fk cache.Key
		if store != nil {
			fk = cx.fileKey(key, "handbook.pdf")
			if rec, ok := store.Get(fk); ok && rec.Data != nil && cache.Sum(rec.Data) == rec.Sum {
				return rec.Data, nil
			}
		}
		data, err := makePDF()
		if err == nil && store != nil {
			store.Put(fk, cache.Record{Sum: cache.Sum(data), Data: data})
		}
		return data, err
	})
	write := func(w io.Writer) error {
		data, err := make()
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	beside := "handbook.pdf"
	if s != s.Languages[0] {
		beside = "handbook-" + s.Lang + ".pdf"
	}
	if err := cx.out.Lazy(name, write); err != nil {
		cx.fail(diag.Diagnostic{File: name, Msg: err.Error()})
	}
	if cx.top != nil {
		if err := cx.top.Lazy(beside, write); err != nil {
			cx.fail(diag.Diagnostic{File: beside, Msg: err.Error()})
		}
	}
}

// partOf is the part of the handbook each page is in: nil for a handbook
// in one part (the printed handbook's key asks so too); made once per
// render, as a split handbook's parts are the same for every part's key.
func (c *context) partOf(parts [][2]int) map[*model.Page]int {
	if len(parts) < 2 {
		return nil
	}
	e := c.entries
	e.partsOnce.Do(func() {
		e.parts = make(map[*model.Page]int, len(c.site.Pages))
		for i, pt := range parts {
			for _, p := range c.site.Pages[pt[0]:pt[1]] {
				e.parts[p] = i
			}
		}
	})
	return e.parts
}

// entryIDs are the ids of the pages' handbook entries, made once per
// render: "p" and ten letters or digits of the hash of the page's URL, so
// that an entry keeps its id (and the parts that link to it stay as they
// are) when pages are reordered, as a title edit may do. Pages whose
// hashes agree in those 50 bits, about one site in ten million, are told
// apart by their order.
func (c *context) entryIDs() map[*model.Page]string {
	e := c.entries
	e.idsOnce.Do(func() {
		e.ids = make(map[*model.Page]string, len(c.site.Pages))
		taken := make(map[string]bool, len(c.site.Pages))
		for k, p := range c.site.Pages {
			id := "p" + strconv.FormatUint(1<<50|cache.Sum([]byte(p.URL))&(1<<50-1), 32)[1:]
			if taken[id] {
				id += "." + strconv.Itoa(k)
			}
			taken[id] = true
			e.ids[p] = id
		}
	})
	return e.ids
}

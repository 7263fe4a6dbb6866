// Package model is Playbook's content model: the site configuration, the
// sections and pages of the playbook with their kinds (step, FAB sheet,
// objection card, ordinary page), loaded strictly from a content folder, with
// every problem reported as file:line:col.
package model

import (
	"strings"
	"time"

	"playbook/generator/markdown"
	"playbook/generator/tomlx"
)

// Page kinds: where a page sits in the tree.
const (
	KindHome    = "home"
	KindSection = "section"
	KindPage    = "page"
)

// Built-in page types, each with its own layout and front-matter keys.
const (
	TypePage      = "page"
	TypeStep      = "step"
	TypeFAB       = "fab"
	TypeObjection = "objection"
)

// Site is a loaded playbook in one language. The playbook is the site in
// its site language; each other language with a folder of its own (en/ with
// lang = "en" in its _index.md) is a Site too, with its own home, navigation,
// reading order, steps, tags, coaching and FAB sheets, sharing the rest.
type Site struct {
	Config    Config
	Markdown  *markdown.Markdown // parsed the pages; renders them
	Lang      string             // this site's language: zh-CN | en
	Languages []*Site            // the playbook in each of its languages, the site language first
	Home      *Page              // the language's home: the content folder's or the language folder's _index.md
	Root      *Section           // the language's top folder; its sections are the top-level sections
	Pages     []*Page            // the language's published pages in reading order: home, then sections depth-first
	Steps     []*Page            // step pages in method order (missing steps are absent)
	Coaching  *Coaching          // the styles, roles and stages the language's pages describe
	FAB       map[string]*Page   // the language's FAB sheets by id
	Tags      []*Tag
	Static    []string // files copied as they are, relative to the content folder
	bySource  map[string]*Page
	sections  map[string]*Section // by folder, "." for the root
	static    map[string]bool
	tags      map[string]*Tag // by name
}

// AllPages are the published pages of every language, the site language's first.
func (s *Site) AllPages() []*Page {
	if len(s.Languages) <= 1 {
		return s.Pages
	}
	var out []*Page
	for _, l := range s.Languages {
		out = append(out, l.Pages...)
	}
	return out
}

// Language is the playbook in a language, or nil when it has no pages in it.
func (s *Site) Language(lang string) *Site {
	for _, l := range s.Languages {
		if l.Lang == lang {
			return l
		}
	}
	return nil
}

// Title is the site's title in its language: site.toml's title for the site
// language, the language home page's title for the others.
func (s *Site) Title() string {
	if s.Home != nil && s.Home.URL != "" && s.Home.Title != "" {
		return s.Home.Title
	}
	return s.Config.Title
}

// Description is the site's description in its language (site.toml's, or
// the language home page's summary).
func (s *Site) Description() string {
	if s.Home != nil && s.Home.URL != "" {
		return s.Home.Summary
	}
	return s.Config.Description
}

// FABSheet is the FAB sheet with that id in a language (a proposal's), else
// the site language's, or nil.
func (s *Site) FABSheet(id, lang string) *Page {
	if l := s.Language(lang); l != nil && l.FAB[id] != nil {
		return l.FAB[id]
	}
	if len(s.Languages) > 0 {
		return s.Languages[0].FAB[id]
	}
	return s.FAB[id]
}

// Tag returns the tag of that name (as written, trimmed), or nil.
func (s *Site) Tag(name string) *Tag { return s.tags[strings.TrimSpace(name)] }

// PageBySource returns the page loaded from a content-relative path.
func (s *Site) PageBySource(src string) *Page { return s.bySource[src] }

// Section is a folder of the content tree.
type Section struct {
	Dir      string // content-relative folder, "" for the root
	Index    *Page  // its _index.md, or a page made up for it
	Pages    []*Page
	Sections []*Section
	Parent   *Section
	HasSteps bool // holds step pages: listed first, pages in method order
}

// Title is the section's title.
func (s *Section) Title() string { return s.Index.Title }

// Tag groups the pages that share a tag.
type Tag struct {
	Name   string
	Slug   string
	Pages  []*Page
	prefix string // the language's folder: "" or "en/"
}

// URL is the tag page's file, relative to the site root.
func (t *Tag) URL() string { return t.prefix + "tags/" + t.Slug + ".html" }

// Href is the URL of the tag's page from a page whose way back to the root
// is root.
func (t *Tag) Href(root string) string { return RelURL(root, t.URL()) }

// Page is one page of the site.
type Page struct {
	Source string // content-relative path, e.g. steps/analyze.md; "" for made-up section pages
	File   string // path for messages, e.g. content/steps/analyze.md
	Kind   string // home, section, page
	Type   string // page, step, fab, objection, or a theme layout name
	// URL is relative to the site root: a page's file (steps/analyze.html),
	// a section's folder (steps/), "" for the home page.
	URL  string
	Slug string

	Title   string
	Summary string
	Weight  int
	Tags    []string
	Draft   bool
	Lang    string // the page's language: its own lang, else its folder's
	TOC     bool
	// Translations are the same page in the playbook's other languages, by
	// language: pages at the same place under each language's folder, or
	// sharing a translation_key.
	Translations map[string]*Page

	Section    *Section // the section the page is in (for a section page: its parent)
	OwnSection *Section // for section and home pages: the section they introduce
	Step       *Step
	FAB        []FABRow
	FABCells   [][3]*Markdown // each FAB row's feature, advantage and benefit as inline markdown
	Image      string         // a FAB sheet's product image: content-relative path of a static file
	// Reviewed is when the page was last reviewed (zero: never said),
	// ReviewEvery how often it should be ("180d", "6m"; "": no policy),
	// Owner who looks after it.
	Reviewed       time.Time
	ReviewEvery    string
	Owner          string
	Objection      *Objection
	cascadeType    string
	translationKey string

	Body     *Markdown // below the front matter
	Headings []markdown.Heading
	Text     string             // plain text of the body and the front matter's markdown, for search
	Targets  []*markdown.Target // where the page's links and images point, in order

	Prev, Next *Page

	body     []byte // the markdown below the front matter
	bodyLine int
	hash     uint64     // of the file
	keys     tomlx.Keys // where front-matter keys are written
}

// Step is what a step page adds.
type Step struct {
	ID         string
	Index      int // 0-based position in the method
	Start, End string
	Activities []*Markdown // one line each
	Questions  []*Markdown // the key questions a rep must answer at this step
	Checklist  []*Markdown
	// ChecklistIDs name the checklist's items, in order: written at an
	// item's end ({#id}) or made from its words. Accounts record the items
	// done by them.
	ChecklistIDs []string

	activities, questions, checklist []string // as written
}

// Objection is what an objection card adds.
type Objection struct {
	Objection string    // what the client says
	Behind    *Markdown // what lies behind it; nil when not given
	StepID    string
	Step      *Page // the step page, when it exists
	Category  string

	behind string // as written
}

// Markdown is markdown written in a page: its body, or a front-matter
// field. Site.Doc parses it.
type Markdown struct {
	Source []byte
	Inline bool   // one line (a checklist item): rendered without a paragraph around it
	Page   *Page  // where it is written: its links are relative to the page
	Field  string // body, activities[0], …: what it is of the page
	line   int    // where Source starts in the page's file

	prepared map[string]any // by preparer name
}

// Preparer is a renderer that makes what it needs of each markdown text
// while the loader holds its AST (the site renders it to HTML with holes for
// what depends on where it is shown). ASTs are large, so the loader does not
// keep them; Site.Doc makes one again for a renderer that needs it later.
type Preparer interface {
	Name() string
	Prepare(d *markdown.Doc) any
}

// Prepared is what the named preparer made of m at load, or nil.
func (m *Markdown) Prepared(name string) any { return m.prepared[name] }

// Hash is the hash of the page's file (0 for a made-up section page).
func (p *Page) Hash() uint64 { return p.hash }

// OutputPath is the page's file in the built site: the URL of a page, the
// index.html of a section's or the home page's folder.
func (p *Page) OutputPath() string {
	if p.URL == "" || strings.HasSuffix(p.URL, "/") {
		return p.URL + "index.html"
	}
	return p.URL
}

// Ancestors are the section pages above p, outermost first (the home page excluded).
func (p *Page) Ancestors() []*Page {
	var out []*Page
	s := p.Section
	if p.Kind == KindSection {
		s = p.OwnSection.Parent
	}
	for ; s != nil && s.Parent != nil; s = s.Parent {
		out = append([]*Page{s.Index}, out...)
	}
	return out
}

// TopSection is the top-level section p belongs to, or nil for the home page
// and pages directly in the content folder.
func (p *Page) TopSection() *Section {
	s := p.Section
	if p.OwnSection != nil {
		s = p.OwnSection
	}
	for s != nil && s.Parent != nil && s.Parent.Parent != nil {
		s = s.Parent
	}
	if s == nil || s.Parent == nil {
		return nil
	}
	return s
}

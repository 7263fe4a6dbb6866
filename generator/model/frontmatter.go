package model

import (
	"bytes"
	"errors"
	"time"

	"playbook/generator/tomlx"
)

// FABRow is one Feature / Advantage / Benefit row of a FAB sheet.
type FABRow struct {
	Feature   string `toml:"feature"`
	Advantage string `toml:"advantage"`
	Benefit   string `toml:"benefit"`
}

// frontMatter is every key a page may have; which ones a page may use depends
// on its type (see kindKeys).
type frontMatter struct {
	Title   string   `toml:"title"`
	Weight  int      `toml:"weight"`
	Tags    []string `toml:"tags"`
	Summary string   `toml:"summary"`
	Draft   bool     `toml:"draft"`
	Type    string   `toml:"type"`
	Lang    string   `toml:"lang"`
	TOC     *bool    `toml:"toc"`
	// pages with the same key in different languages are translations
	TranslationKey string `toml:"translation_key"`
	// freshness: when the page was last reviewed, how often it should be,
	// and who looks after it
	Reviewed    time.Time `toml:"reviewed"`
	ReviewEvery string    `toml:"review_every"`
	Owner       string    `toml:"owner"`
	Cascade     *struct {
		Type string `toml:"type"`
	} `toml:"cascade"`

	// step and objection
	Step string `toml:"step"`
	// step
	Start      string   `toml:"start"`
	End        string   `toml:"end"`
	Activities []string `toml:"activities"`
	Questions  []string `toml:"questions"` // the key questions of the step
	Checklist  []string `toml:"checklist"`
	// fab
	FAB   []FABRow `toml:"fab"`
	Image string   `toml:"image"` // a product photo: PNG or JPEG, relative to the page (or /from the content folder)
	// coaching data (page): the method's communication styles, buying
	// roles and relationship stages, by their ids
	Styles []Style `toml:"styles"`
	Roles  []Role  `toml:"roles"`
	Stages []Stage `toml:"stages"`
	// the collection guide's escalation matrix (page)
	Escalation *Escalation `toml:"escalation"`
	// objection
	Objection string `toml:"objection"`
	Behind    string `toml:"behind"`
	Category  string `toml:"category"`
}

var frontMatterKeys = []string{
	"title", "weight", "tags", "summary", "draft", "type", "lang", "toc", "cascade", "cascade.type",
	"reviewed", "review_every", "owner", "translation_key",
	"step", "start", "end", "activities", "questions", "checklist", "fab", "fab.feature", "fab.advantage", "fab.benefit", "image",
	"objection", "behind", "category",
	"styles", "styles.id", "styles.name", "styles.recognize", "styles.do", "styles.avoid",
	"roles", "roles.id", "roles.name", "roles.cares", "roles.steps", "roles.steps.analyze", "roles.steps.trust",
	"roles.steps.needs", "roles.steps.value", "roles.steps.commit", "roles.steps.collect",
	"stages", "stages.id", "stages.name", "stages.goal", "stages.do",
	"escalation", "escalation.currency", "escalation.amounts", "escalation.days", "escalation.levels", "escalation.steps",
	"escalation.steps.id", "escalation.steps.name", "escalation.steps.who", "escalation.steps.script",
}

// kindKeys are the keys only some page types may use.
var kindKeys = map[string][]string{
	"step":       {"step", "start", "end", "activities", "questions", "checklist"},
	"fab":        {"fab", "image"},
	"page":       {"styles", "roles", "stages", "escalation"},
	"objection":  {"step", "objection", "behind", "category"},
	"_index.md":  {"cascade"},
	"__common__": {"title", "weight", "tags", "summary", "draft", "type", "lang", "toc", "reviewed", "review_every", "owner", "translation_key"},
}

var (
	errNoClose = errors.New("front matter opened with +++ is never closed")
	errYAML    = errors.New("front matter must be TOML between +++ lines (YAML --- is not supported)")
	frontDelim = []byte("+++")
	utf8BOM    = []byte("\xef\xbb\xbf")
)

// SplitFrontMatter splits a page into its TOML front matter and its markdown
// body. bodyLine is the 1-based line of the body's first line in src. A page
// without front matter has empty fm and bodyLine 1.
func SplitFrontMatter(src []byte) (fm, body []byte, bodyLine int, err error) {
	src = bytes.TrimPrefix(src, utf8BOM)
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	first = bytes.TrimRight(first, "\r \t")
	if bytes.Equal(first, []byte("---")) {
		return nil, src, 1, errYAML
	}
	if !bytes.Equal(first, frontDelim) {
		return nil, src, 1, nil
	}
	line := 2
	start := rest
	offset := 0
	for len(rest) > 0 || offset == 0 {
		l, next, found := bytes.Cut(rest, []byte("\n"))
		if bytes.Equal(bytes.TrimRight(l, "\r \t"), frontDelim) {
			return start[:offset], next, line + 1, nil
		}
		if !found {
			break
		}
		offset += len(l) + 1
		rest = next
		line++
	}
	return nil, src, 1, errNoClose
}

// DecodeSimple reads the front matter most pages have (see
// tomlx.Simple) without the general TOML decoder: only the keys of the top
// level that take a string, a number, a boolean or a list of strings.
func (fm *frontMatter) DecodeSimple(src string) bool {
	var next frontMatter
	if !tomlx.Simple(src, next.setSimple) {
		return false
	}
	*fm = next
	return true
}

func (fm *frontMatter) setSimple(key string, v tomlx.Value) bool {
	var str *string
	var list *[]string
	switch key {
	case "title":
		str = &fm.Title
	case "summary":
		str = &fm.Summary
	case "type":
		str = &fm.Type
	case "lang":
		str = &fm.Lang
	case "translation_key":
		str = &fm.TranslationKey
	case "review_every":
		str = &fm.ReviewEvery
	case "owner":
		str = &fm.Owner
	case "step":
		str = &fm.Step
	case "start":
		str = &fm.Start
	case "end":
		str = &fm.End
	case "image":
		str = &fm.Image
	case "objection":
		str = &fm.Objection
	case "behind":
		str = &fm.Behind
	case "category":
		str = &fm.Category
	case "tags":
		list = &fm.Tags
	case "activities":
		list = &fm.Activities
	case "questions":
		list = &fm.Questions
	case "checklist":
		list = &fm.Checklist
	case "weight":
		if v.Kind != tomlx.Integer || int64(int(v.Int)) != v.Int {
			return false
		}
		fm.Weight = int(v.Int)
		return true
	case "draft":
		fm.Draft = v.Bool
		return v.Kind == tomlx.Boolean
	case "toc":
		b := v.Bool
		fm.TOC = &b
		return v.Kind == tomlx.Boolean
	default:
		return false // the general decoder reads it, or reports it
	}
	switch {
	case str != nil && v.Kind == tomlx.String:
		*str = v.Str
	case list != nil && v.Kind == tomlx.Strings:
		*list = v.List
	default:
		return false
	}
	return true
}

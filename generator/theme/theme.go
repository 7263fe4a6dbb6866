// Package theme is a loaded theme: the default theme embedded in the binary,
// overlaid file by file by a project's own themes/<name>/ folder, with its UI
// strings. The loader reads the files; a Theme only holds them.
package theme

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"playbook/generator/cache"
	"playbook/generator/source"
)

// Layouts every theme has (the embedded default provides them): the site's
// own pages. Other layouts/<type>.html files give their page type a layout.
var Layouts = []string{"baseof", "home", "page", "section", "tags", "tag", "search", "handbook", "404", "coaching"}

// Required are the layouts a theme cannot do without.
var Required = []string{"home", "page", "tags", "tag", "search", "handbook", "404"}

// Theme is the set of files a site is rendered with.
type Theme struct {
	Name    string
	files   map[string]*source.File
	strings map[string]map[string]string // language -> key -> text
	merged  map[string]map[string]string // language -> key -> text, English filling the gaps
	hash    uint64
	own     bool // a layout or partial is the project's, not the default's
}

// New makes a theme from its files (already overlaid: a project's file
// replaces the default's of the same path). It parses the UI strings: those
// of the base theme's i18n files first, so a project's language file need
// only hold the strings it changes.
func New(name string, files, base []*source.File) (*Theme, error) {
	t := &Theme{Name: name, files: map[string]*source.File{}, strings: map[string]map[string]string{}}
	for _, f := range files {
		t.files[f.Path] = f
	}
	h := cache.NewHasher().Strings(name)
	for _, p := range t.Files("") {
		h.Strings(p).Uint64(t.files[p].Hash)
	}
	t.hash = h.Sum()
	basic := map[string]uint64{}
	for _, f := range base {
		basic[f.Path] = f.Hash
	}
	for _, dir := range []string{"layouts", "partials"} {
		for _, p := range t.Files(dir) {
			if h, ok := basic[p]; !ok || h != t.files[p].Hash {
				t.own = true
			}
		}
	}
	var errs []error
	parse := func(f *source.File) {
		m := map[string]string{}
		if _, err := toml.Decode(string(f.Data), &m); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.Name, err))
			return
		}
		lang := strings.TrimSuffix(path.Base(f.Path), ".toml")
		if t.strings[lang] == nil {
			t.strings[lang] = map[string]string{}
		}
		for k, v := range m {
			t.strings[lang][k] = v
		}
	}
	for _, f := range base {
		if strings.HasPrefix(f.Path, "i18n/") && t.files[f.Path] != f {
			parse(f)
		}
	}
	for _, p := range t.Files("i18n") {
		parse(t.files[p])
	}
	t.merged = map[string]map[string]string{"en": maps.Clone(t.strings["en"])}
	for lang, m := range t.strings {
		merged := maps.Clone(t.strings["en"])
		if merged == nil {
			merged = map[string]string{}
		}
		maps.Copy(merged, m)
		t.merged[lang] = merged
	}
	return t, errors.Join(errs...)
}

// Hash is the hash of every file of the theme.
func (t *Theme) Hash() uint64 { return t.hash }

// OwnTemplates reports whether a layout or partial is not the default
// theme's: such a template may show anything of the site on any page.
func (t *Theme) OwnTemplates() bool { return t.own }

// Files lists the theme's files (slash paths such as layouts/page.html) under
// dir; "" lists them all.
func (t *Theme) Files(dir string) []string {
	var out []string
	for p := range t.files {
		if dir == "" || strings.HasPrefix(p, dir+"/") {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// File returns a theme file, or nil.
func (t *Theme) File(p string) *source.File { return t.files[p] }

// Has reports whether the theme has a file.
func (t *Theme) Has(p string) bool { _, ok := t.files[p]; return ok }

// Display is how messages name a theme file: themes/default/layouts/page.html
// for the embedded theme, the disk path for a project's override.
func (t *Theme) Display(p string) string {
	if f := t.files[p]; f != nil {
		return f.Name
	}
	return "themes/" + t.Name + "/" + p
}

// ReadFile returns a theme file's bytes.
func (t *Theme) ReadFile(p string) ([]byte, error) {
	f, ok := t.files[p]
	if !ok {
		return nil, fmt.Errorf("theme %s has no file %s", t.Name, p)
	}
	return f.Bytes(), nil
}

// PageTypes are the page types the theme gives a layout of their own
// (layouts/<type>.html beyond the site's own layouts).
func (t *Theme) PageTypes() []string {
	var out []string
	for _, f := range t.Files("layouts") {
		if name := strings.TrimSuffix(path.Base(f), ".html"); !slices.Contains(Layouts, name) {
			out = append(out, name)
		}
	}
	return out
}

// Strings are the UI strings of lang, each falling back to English: the
// map templates read as .UI.key. It is made once per language and must not
// be changed.
func (t *Theme) Strings(lang string) map[string]string {
	if m, ok := t.merged[lang]; ok {
		return m
	}
	return t.merged["en"]
}

// T returns the UI string for key in lang, falling back to English, then to the key.
func (t *Theme) T(lang, key string) string {
	if s, ok := t.strings[lang][key]; ok {
		return s
	}
	if s, ok := t.strings["en"][key]; ok {
		return s
	}
	return key
}

// Package theme finds a theme's files: the default theme embedded in the
// binary, overlaid file by file by a project's own themes/<name>/ folder.
package theme

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"playbook/themes"
)

// Theme is the set of files a site is rendered with.
type Theme struct {
	Name    string
	dir     string // the project's themes/<name>, may not exist
	files   map[string]string
	strings map[string]map[string]string // language -> key -> text
}

// Open returns the theme name, with files from themesDir/name (if present)
// taking precedence over the embedded default theme. A theme other than
// "default" must exist in themesDir.
func Open(themesDir, name string) (*Theme, error) {
	t := &Theme{Name: name, files: map[string]string{}}
	base, err := fs.Sub(themes.FS, "default")
	if err != nil {
		return nil, err
	}
	if err := t.add(base, "themes/default/", true); err != nil {
		return nil, err
	}
	if themesDir != "" {
		t.dir = filepath.Join(themesDir, name)
		if st, err := os.Stat(t.dir); err == nil && st.IsDir() {
			if err := t.add(os.DirFS(t.dir), filepath.ToSlash(t.dir)+"/", false); err != nil {
				return nil, err
			}
		} else if name != "default" {
			return nil, fmt.Errorf("theme %q not found: no folder %s", name, t.dir)
		}
	} else if name != "default" {
		return nil, fmt.Errorf("theme %q not found", name)
	}
	if err := t.loadStrings(); err != nil {
		return nil, err
	}
	return t, nil
}

// origin maps a theme file to where it comes from: "embed:" + path in the
// embedded theme, or a path on disk.
func (t *Theme) add(fsys fs.FS, display string, embedded bool) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") || strings.HasSuffix(p, ".go") {
			return nil
		}
		if embedded {
			t.files[p] = "embed:" + p
		} else {
			t.files[p] = display + p
		}
		return nil
	})
}

// Files lists the theme's files (slash paths such as layouts/page.html) under dir.
func (t *Theme) Files(dir string) []string {
	var out []string
	for p := range t.files {
		if strings.HasPrefix(p, dir+"/") {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// Has reports whether the theme has a file.
func (t *Theme) Has(p string) bool { _, ok := t.files[p]; return ok }

// Display is how messages name a theme file: themes/default/layouts/page.html
// for the embedded theme, the disk path for a project's override.
func (t *Theme) Display(p string) string {
	o := t.files[p]
	if rest, ok := strings.CutPrefix(o, "embed:"); ok {
		return "themes/default/" + rest
	}
	return o
}

// ReadFile reads a theme file.
func (t *Theme) ReadFile(p string) ([]byte, error) {
	o, ok := t.files[p]
	if !ok {
		return nil, fmt.Errorf("theme %s has no file %s", t.Name, p)
	}
	if rest, ok := strings.CutPrefix(o, "embed:"); ok {
		return fs.ReadFile(themes.FS, path.Join("default", rest))
	}
	return os.ReadFile(filepath.FromSlash(o))
}

// Layouts are the page types the theme has a layout for (layouts/<type>.html).
func (t *Theme) Layouts() []string {
	var out []string
	for _, f := range t.Files("layouts") {
		out = append(out, strings.TrimSuffix(path.Base(f), ".html"))
	}
	return out
}

func (t *Theme) loadStrings() error {
	t.strings = map[string]map[string]string{}
	var errs []error
	for _, f := range t.Files("i18n") {
		data, err := t.ReadFile(f)
		if err != nil {
			return err
		}
		m := map[string]string{}
		if _, err := toml.Decode(string(data), &m); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", t.Display(f), err))
			continue
		}
		t.strings[strings.TrimSuffix(path.Base(f), ".toml")] = m
	}
	return errors.Join(errs...)
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

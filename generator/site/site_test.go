package site

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"playbook/generator/cache"
	"playbook/generator/project"
)

// TestLinksWhereShown: one parsed body is written with links relative to
// its page, and in the handbook with links to the other pages' entries and
// ids prefixed by its own.
func TestLinksWhereShown(t *testing.T) {
	fsys := fstest.MapFS{
		"site.toml":       {Data: []byte("title = \"t\"\n")},
		"steps/需求.md":     {Data: []byte("+++\ntitle = \"N\"\n+++\n## 树\n")},
		"toolkit/spin.md": {Data: []byte("+++\ntitle = \"S\"\n+++\n## 问\n\n[n](../steps/需求.md#树) [a](../steps/需求.md) [here](#问) ![i](img.png) [w](https://e.com)\n")},
		"toolkit/img.png": {Data: []byte("PNG")},
	}
	p, diags := project.Load(fsys, nil, project.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	r, err := parseTemplates(p.Theme, cache.New())
	if err != nil {
		t.Fatal(err)
	}
	c := newContext(r, p.Site, nil, &renderings{})
	spin := p.Site.PageBySource("toolkit/spin.md")
	page := string(c.body(c.pageView(spin)))
	for _, want := range []string{`href="../steps/%E9%9C%80%E6%B1%82.html#%E6%A0%91"`, `href="../steps/%E9%9C%80%E6%B1%82.html"`,
		`href="#%E9%97%AE"`, `src="../toolkit/img.png"`, `href="https://e.com"`, `<h2 id="问">`} {
		if !strings.Contains(page, want) {
			t.Errorf("page: missing %s in\n%s", want, page)
		}
	}
	_, entries := c.handbookView(handbookParts(p.Site.Pages), 0)
	var hb string
	var needs string
	for _, e := range entries {
		if e.Page == spin {
			hb = string(c.body(e.View))
		}
		if e.Page.Source == "steps/需求.md" {
			needs = e.ID
		}
	}
	for _, want := range []string{`href="#` + needs + `-树"`, `href="#` + needs + `"`, `-%E9%97%AE"`, `src="../toolkit/img.png"`, `href="https://e.com"`, `-问">`} {
		if !strings.Contains(hb, want) {
			t.Errorf("handbook: missing %s in\n%s", want, hb)
		}
	}
	if strings.Contains(hb, `id="问"`) {
		t.Errorf("handbook: an id without its entry's prefix:\n%s", hb)
	}
}

// Every UI string the default theme's templates read as .UI.key is in every
// language file: a missing one would print "<no value>".
func TestThemeStringsComplete(t *testing.T) {
	p, diags := project.Load(fstest.MapFS{"site.toml": {Data: []byte("title = \"t\"\n")}}, nil, project.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	th := p.Theme
	keys := map[string]bool{}
	re := regexp.MustCompile(`\.UI\.([a-z_][a-z0-9_]*)`)
	for _, dir := range []string{"layouts", "partials"} {
		for _, f := range th.Files(dir) {
			data, _ := th.ReadFile(f)
			for _, m := range re.FindAllStringSubmatch(string(data), -1) {
				keys[m[1]] = true
			}
		}
	}
	if len(keys) < 40 {
		t.Fatalf("only %d .UI keys found", len(keys))
	}
	for _, lang := range []string{"zh-CN", "en"} {
		for k := range keys {
			if th.Strings(lang)[k] == "" {
				t.Errorf("%s: no string %q", lang, k)
			}
		}
	}
}

// TestInterleaved: pages are handed to the workers by turns among their
// folders, each folder's in order, and none twice or left out.
func TestInterleaved(t *testing.T) {
	var jobs []job
	for _, name := range []string{"a/1.html", "a/2.html", "a/3.html", "b/1.html", "c/1.html", "c/2.html", "index.html"} {
		jobs = append(jobs, job{name: name})
	}
	var got []string
	for _, i := range interleaved(jobs) {
		got = append(got, jobs[i].name)
	}
	want := []string{"a/1.html", "b/1.html", "c/1.html", "index.html", "a/2.html", "c/2.html", "a/3.html"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

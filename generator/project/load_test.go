package project

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/model"
)

const siteTOML = "title = \"测试手册\"\nlanguage = \"zh-CN\"\n"

func load(t *testing.T, files map[string]string, opts Options) (*model.Site, string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	if _, ok := files["site.toml"]; !ok {
		fsys["site.toml"] = &fstest.MapFile{Data: []byte(siteTOML)}
	}
	if opts.Content == "" {
		opts.Content = "content"
	}
	p, diags := Load(fsys, nil, opts)
	site := p.Site
	var lines []string
	for _, d := range diags {
		lines = append(lines, d.String())
	}
	return site, strings.Join(lines, "\n")
}

func step(id, extra string) string {
	return "+++\ntitle = \"" + id + "\"\ntype = \"step\"\nstep = \"" + id + "\"\nstart = \"s\"\nend = \"e\"\n" + extra + "+++\nbody of " + id + "\n"
}

func TestLoadOrdersStepsAndSections(t *testing.T) {
	site, diags := load(t, map[string]string{
		"_index.md":            "+++\ntitle = \"首页\"\n+++\n",
		"steps/_index.md":      "+++\ntitle = \"六步法\"\nweight = 9\n+++\n",
		"steps/collect.md":     step("collect", ""),
		"steps/analyze.md":     step("analyze", ""),
		"steps/trust.md":       step("trust", ""),
		"steps/needs.md":       step("needs", ""),
		"steps/value.md":       step("value", ""),
		"steps/commit.md":      step("commit", ""),
		"fab/_index.md":        "+++\ntitle = \"FAB\"\nweight = 1\n+++\n",
		"fab/jacket.md":        "+++\ntitle = \"Jacket\"\n[[fab]]\nfeature = \"f\"\nadvantage = \"a\"\nbenefit = \"b\"\n+++\n",
		"toolkit/b.md":         "+++\ntitle = \"B\"\nweight = 2\n+++\n",
		"toolkit/a.md":         "+++\ntitle = \"A\"\n+++\n",
		"toolkit/c.md":         "+++\ntitle = \"C\"\nweight = 1\n+++\n",
		"accounts/secret.toml": "[account]\nname = \"x\"\n[[contacts]]\nname = \"y\"\nrole = \"decider\"\n",
		"accounts/notes.md":    "no front matter at all",
	}, Options{})
	if diags != "" {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	var order []string
	for _, p := range site.Pages {
		order = append(order, p.Title)
	}
	want := "首页 六步法 analyze trust needs value commit collect FAB Jacket toolkit C B A"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("reading order\n got %s\nwant %s", got, want)
	}
	if len(site.Steps) != 6 || site.Steps[0].Prev.Title != "六步法" || site.Steps[0].Next.Title != "trust" {
		t.Errorf("steps prev/next wrong")
	}
	if site.FAB["jacket"] == nil || site.FAB["jacket"].Type != model.TypeFAB {
		t.Errorf("fab page not typed by folder: %+v", site.FAB)
	}
	for _, p := range site.Pages {
		if strings.HasPrefix(p.Source, "accounts/") {
			t.Errorf("account file published: %s", p.Source)
		}
	}
	for _, s := range site.Static {
		if strings.HasPrefix(s, "accounts/") {
			t.Errorf("account file copied: %s", s)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	_, diags := load(t, map[string]string{
		"a.md":             "+++\ntitle = \"A\"\ntitel = \"x\"\n+++\nsee [b](b.md) and [c](missing.md)\n",
		"b.md":             "+++\ntitle = \"B\"\nweight = \"heavy\"\n+++\n",
		"c.md":             "+++\nsummary = \"no title\"\n+++\n",
		"d.md":             "+++\ntitle = \"D\"\nbroken = \n+++\n",
		"e.md":             "+++\ntitle = \"E\"\n[[fab]]\nfeature = \"x\"\n+++\n[x](a.md#nope)\n",
		"obj/_index.md":    "+++\ntitle = \"O\"\n[cascade]\ntype = \"objection\"\n+++\n",
		"obj/o.md":         "+++\ntitle = \"O1\"\nobjection = \"太贵\"\nstep = \"valu\"\ncategory = \"prise\"\n+++\n",
		"dup/index.md":     "+++\ntitle = \"Dup\"\n+++\n",
		"x.html/y.md":      "+++\ntitle = \"Y\"\n+++\n",
		"x.md":             "+++\ntitle = \"X\"\n+++\n",
		"search/_index.md": "+++\ntitle = \"S\"\n+++\n",
		"404.md":           "+++\ntitle = \"404\"\n+++\n",
		"f.md":             "+++\ntitle = \"F\"\n+++\n![](pic.png)\n",
		"draft.md":         "+++\ntitle = \"Dr\"\ndraft = true\n+++\n",
		"g.md":             "+++\ntitle = \"G\"\n+++\n[d](draft.md)\n",
		"yaml.md":          "---\ntitle: x\n---\n",
		"unclosed.md":      "+++\ntitle = \"x\"\n",
		"fab/x.md":         "+++\ntitle = \"X\"\n[[fab]]\nfeature = \"f\"\nadvantage = \"a\"\nbenefit = \"b\"\n+++\n",
		"fab/en/x.md":      "+++\ntitle = \"X en\"\n[[fab]]\nfeature = \"f\"\nadvantage = \"a\"\nbenefit = \"b\"\n+++\n",
		"latin1.md":        "+++\ntitle = \"caf\xe9\"\n+++\n",
	}, Options{})
	for _, want := range []string{
		`content/a.md:3:1: unknown key "titel" (did you mean "title"?)`,
		`content/a.md:5:19: link to missing page "missing.md"`,
		`content/b.md:3:1: weight: wrong type: the value is a TOML string, but it must be integer`,
		`content/c.md:1:1: missing title`,
		`content/d.md:3:`,
		`content/e.md:3:1: key "fab" belongs to pages of type fab, but this page's type is "page"`,
		`content/e.md:6:1: link to a.md#nope: no heading with the id "nope" on that page`,
		`content/obj/o.md:4:1: unknown step "valu"`,
		`content/obj/o.md:5:1: unknown category "prise" (use one of`,
		`did you mean "price"?`,
		`content/dup/index.md:1:1: a page may not be named index.md: index.html is its folder's own page`,
		`content/x.md:1:1: this page and the folder x.html/ both publish x.html`,
		`content/search/_index.md:1:1: the URL "search/" is reserved`,
		`content/404.md:1:1: the URL "404.html" is reserved`,
		`content/f.md:4:1: warning: image pic.png has no alt text`,
		`content/f.md:4:1: image "pic.png" not found`,
		`content/g.md:4:1: link to draft page "draft.md"`,
		`content/yaml.md:1:1: front matter must be TOML`,
		`content/unclosed.md:1:1: front matter opened with +++ is never closed`,
		`content/latin1.md:2:13: the file is not UTF-8 text`,
		`content/fab/x.md:1:1: FAB sheet id "x" is already used by content/fab/en/x.md`,
	} {
		if !strings.Contains(diags, want) {
			t.Errorf("missing %q in\n%s", want, diags)
		}
	}
	// Sorted by file, then line.
	lines := strings.Split(diags, "\n")
	if !strings.HasPrefix(lines[0], "content/404.md:1:1") || !strings.HasPrefix(lines[1], "content/a.md:3:1") {
		t.Errorf("not sorted: first lines %q", lines[:2])
	}
}

func TestSymlinksNotPublished(t *testing.T) {
	fsys := fstest.MapFS{
		"site.toml":  {Data: []byte(siteTOML)},
		"a.md":       {Data: []byte("+++\ntitle = \"A\"\n+++\n")},
		"b.md":       {Data: []byte("+++\ntitle = \"B\"\n+++\n")},
		"passwd.txt": {Data: []byte("../../etc/passwd"), Mode: fs.ModeSymlink},
		"alias.md":   {Data: []byte("b.md"), Mode: fs.ModeSymlink},
		"pipe":       {Mode: fs.ModeNamedPipe},
	}
	p, diags := Load(fsys, nil, Options{Content: "content"})
	got := (&diag.Error{List: diags}).Error()
	for _, want := range []string{
		"content/passwd.txt: symbolic link to outside the content folder: not read",
		"content/alias.md: warning: symbolic link not published",
		"content/pipe: not a regular file",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if len(p.Site.Static) != 0 || p.Site.PageBySource("alias.md") != nil {
		t.Errorf("a link or a pipe was read: static %v", p.Site.Static)
	}
}

func TestDrafts(t *testing.T) {
	files := map[string]string{
		"a.md":        "+++\ntitle = \"A\"\ndraft = true\n+++\n",
		"s/_index.md": "+++\ntitle = \"S\"\ndraft = true\n+++\n",
		"s/p.md":      "+++\ntitle = \"P\"\n+++\n",
	}
	site, diags := load(t, files, Options{})
	if diags != "" || len(site.Pages) != 1 {
		t.Errorf("drafts published: %d pages, %s", len(site.Pages), diags)
	}
	site, _ = load(t, files, Options{Drafts: true})
	if len(site.Pages) != 4 {
		t.Errorf("--drafts: %d pages, want 4", len(site.Pages))
	}
}

func TestLinksBecomeURLs(t *testing.T) {
	site, diags := load(t, map[string]string{
		"steps/needs.md":    step("needs", "") + "\n## 需求树\n",
		"toolkit/spin.md":   "+++\ntitle = \"SPIN\"\n+++\n[需求](../steps/needs.md#需求树) [s](../steps/_index.md) [abs](/toolkit/spin.md) ![图](img/a.png) [web](https://example.com)\n",
		"toolkit/img/a.png": "PNG",
	}, Options{})
	if strings.Contains(diags, "error") || strings.Contains(diags, "missing") {
		t.Fatalf("%s", diags)
	}
	var got []string
	for _, t := range site.PageBySource("toolkit/spin.md").Targets {
		page, file := site.Resolve(t)
		if page != nil {
			file = page.OutputPath()
		}
		got = append(got, file+"#"+t.Fragment)
	}
	want := []string{"steps/needs.html#需求树", "steps/index.html#", "toolkit/spin.html#", "toolkit/img/a.png#"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("links resolve to %q, want %q", got, want)
	}
}

func FuzzLoadPage(f *testing.F) {
	f.Add([]byte("+++\ntitle = \"x\"\ntype = \"step\"\nstep = \"trust\"\n+++\n[a](b.md)"))
	f.Add([]byte("+++\ntitle = \"x\"\n[[fab]]\nfeature = 1\n+++\n"))
	f.Add([]byte("+++\n[cascade]\ntype = 3\n+++\n> [!TIP]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{
			"site.toml":   {Data: []byte(siteTOML)},
			"s/page.md":   {Data: src},
			"s/_index.md": {Data: src},
			"other.md":    {Data: []byte("+++\ntitle = \"o\"\n+++\n")},
		}
		_, diags := Load(fsys, nil, Options{Content: "content"})
		for _, d := range diags {
			if d.File == "" || d.Msg == "" {
				t.Fatalf("diagnostic without file or message: %+v", d)
			}
		}
	})
}

// TestCacheGivesTheSameSite: loads through a cache, with and without the
// list of changed files, equal a fresh load after every kind of edit.
func TestCacheGivesTheSameSite(t *testing.T) {
	files := map[string]string{
		"steps/needs.md": step("needs", "activities = [\"用 **SPIN**\"]\n") + "\n## 需求树\n",
		"a.md":           "+++\ntitle = \"A\"\n+++\n[需求](steps/needs.md#需求树) [b](b.md)\n",
		"b.md":           "+++\ntitle = \"B\"\n+++\nB 正文\n",
		"obj/_index.md":  "+++\ntitle = \"O\"\n[cascade]\ntype = \"objection\"\n+++\n",
		"obj/o.md":       "+++\ntitle = \"O1\"\nobjection = \"贵\"\nstep = \"needs\"\nbehind = \"**预算**\"\n+++\n回应\n",
	}
	fsys := fstest.MapFS{"site.toml": {Data: []byte(siteTOML)}, "alias.md": {Data: []byte("a.md"), Mode: fs.ModeSymlink}}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	dump := func(s *model.Site, d diag.List) string {
		var b strings.Builder
		for _, p := range s.Pages {
			fmt.Fprintf(&b, "%s|%s|%s|%v\n", p.URL, p.Title, p.Text, p.Headings)
			if p.Body != nil {
				fmt.Fprintf(&b, "%s|", p.Body.Source)
				for _, t := range p.Targets {
					q, file := s.Resolve(t)
					if q != nil {
						file = q.URL
					}
					fmt.Fprintf(&b, "%s#%s ", file, t.Fragment)
				}
			}
			if st := p.Step; st != nil {
				fmt.Fprintf(&b, "%s %d|", st.ID, st.Index)
				for _, a := range st.Activities {
					fmt.Fprintf(&b, "%s|", a.Source)
				}
			}
			if o := p.Objection; o != nil {
				fmt.Fprintf(&b, "%s|%s|%s|%v\n", o.Objection, o.Behind.Source, o.StepID, o.Step != nil)
			}
			if p.Prev != nil {
				b.WriteString(p.Prev.URL)
			}
		}
		for _, x := range d {
			b.WriteString(x.String() + "\n")
		}
		return b.String()
	}
	c := cache.New()
	var prev *Project
	walked := 0 // loads that listed the content folder again
	check := func(step string, changed map[string]bool) {
		t.Helper()
		fresh, fd := Load(fsys, nil, Options{Content: "content"})
		cached, cd := Load(fsys, nil, Options{Content: "content", Cache: c, Prev: prev, Changed: changed})
		if prev == nil || cached.listed != prev.listed {
			walked++
		}
		prev = cached
		c.Sweep()
		if dump(fresh.Site, fd) != dump(cached.Site, cd) {
			t.Errorf("%s: cached load differs\nfresh:\n%s\ncached:\n%s", step, dump(fresh.Site, fd), dump(cached.Site, cd))
		}
	}
	check("first", nil)
	check("unchanged", map[string]bool{})
	fsys["b.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"B\"\n+++\nB 新正文\n")}
	check("body edit", map[string]bool{"b.md": true})
	fsys["b.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"B\"\n+++\nB 又一版\n")}
	check("saved through a swap file", map[string]bool{"b.md": true, ".b.md.swp": true, "b.md~": true})
	if walked != 1 {
		t.Errorf("edits of listed files walked the content folder again: %d walks, want 1", walked)
	}
	fsys["b.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"B2\"\n+++\nB 新正文\n")}
	check("title edit", map[string]bool{"b.md": true})
	fsys["steps/needs.md"] = &fstest.MapFile{Data: []byte(step("needs", "") + "\n## 另一个\n")}
	check("heading removed: a.md's link breaks", map[string]bool{"steps/needs.md": true})
	delete(fsys, "b.md")
	check("page deleted", map[string]bool{"b.md": true})
	fsys["c.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"C\"\n+++\n[a](a.md)\n")}
	check("page added", map[string]bool{"c.md": true})
	fsys["c.md"] = &fstest.MapFile{Data: []byte("a.md"), Mode: fs.ModeSymlink}
	check("page became a link", map[string]bool{"c.md": true})
	fsys["obj/o.md"] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
	fsys["obj/o.md/x.png"] = &fstest.MapFile{Data: []byte("PNG")}
	check("page became a folder", map[string]bool{"obj/o.md": true, "obj/o.md/x.png": true})
	check("any change", nil)
}

// TestThemeOverlay: a project's theme file replaces the default's; its
// language file need hold only the strings it changes.
func TestThemeOverlay(t *testing.T) {
	content := fstest.MapFS{"site.toml": {Data: []byte(siteTOML)}, "a.md": {Data: []byte("+++\ntitle = \"A\"\n+++\n")}}
	themes := fstest.MapFS{
		"default/i18n/zh-CN.toml":     {Data: []byte("home = \"主页\"\n")},
		"default/assets/style.css":    {Data: []byte("body{}")},
		"default/layouts/custom.html": {Data: []byte("{{define \"main\"}}x{{end}}")},
	}
	p, diags := Load(content, themes, Options{Content: "content", Themes: "themes"})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	th := p.Theme
	if th.T("zh-CN", "home") != "主页" || th.T("zh-CN", "quote.subtotal") != "小计" || th.T("zh-CN", "search") != "搜索" {
		t.Errorf("strings: %q %q %q", th.T("zh-CN", "home"), th.T("zh-CN", "quote.subtotal"), th.T("zh-CN", "search"))
	}
	if string(th.File("assets/style.css").Data) != "body{}" || th.Display("assets/style.css") != "themes/default/assets/style.css" {
		t.Errorf("override: %q from %s", th.File("assets/style.css").Data, th.Display("assets/style.css"))
	}
	if th.File("layouts/page.html") == nil || !slices.Contains(th.PageTypes(), "custom") {
		t.Errorf("the default's other files, and the project's own layout: %v", th.PageTypes())
	}
	if _, d := Load(content, themes, Options{Content: "content", Themes: "themes"}); d.HasErrors() {
		t.Error(d)
	}
	bad := fstest.MapFS{"site.toml": {Data: []byte(siteTOML + "theme = \"nope\"\n")}}
	if _, d := Load(bad, themes, Options{Content: "content", Themes: "themes"}); !strings.Contains(d.Err().Error(), `theme "nope" not found`) {
		t.Errorf("missing theme: %v", d)
	}
}

// TestPageSizeLimit: a page over max_page_mb is refused with its file,
// unparsed; the limit can be raised.
func TestPageSizeLimit(t *testing.T) {
	big := "+++\ntitle = \"大\"\n+++\n" + strings.Repeat("一行文字。\n", 120000) // 1.8 MB
	_, diags := load(t, map[string]string{"site.toml": siteTOML + "max_page_mb = 1\n", "big.md": big}, Options{})
	if !strings.Contains(diags, "content/big.md:4:1: the page is 1.8 MB: pages are limited to 1 MB") {
		t.Errorf("diags: %s", diags)
	}
	if _, diags := load(t, map[string]string{"site.toml": siteTOML + "max_page_mb = 2\n", "big.md": big}, Options{}); diags != "" {
		t.Errorf("under the limit: %s", diags)
	}
	if _, diags := load(t, map[string]string{"site.toml": siteTOML + "max_page_mb = 0\n"}, Options{}); !strings.Contains(diags, "max_page_mb 0 must be at least 1") {
		t.Errorf("zero limit: %s", diags)
	}
}

// TestCheckFindsWhatBuildWouldFail: names and files that used to fail only
// when written are errors of the load, at their file.
func TestCheckFindsWhatBuildWouldFail(t *testing.T) {
	_, diags := load(t, map[string]string{
		"site.toml": siteTOML + "[company]\nname = \"c\"\nlogo = \"logo.png\"\n",
		"logo.png":  "not an image",
		"index.md":  "+++\ntitle = \"I\"\n+++\n",
		"x.md":      "+++\ntitle = \"X\"\n+++\n",
		"x.html":    "a file named like the page's",
		"t.md":      "+++\ntitle = \"T\"\ntags = [\"" + strings.Repeat("长", 50) + "\"]\n+++\n",
		"h.md":      "+++\ntitle = \"H\"\n+++\n## 一 {#same}\n\n## 二 {#same}\n",
	}, Options{})
	for _, want := range []string{
		`content/site.toml:5:1: company.logo "logo.png" is not a PNG or JPEG image`,
		`content/index.md:1:1: a page may not be named index.md`,
		`content/x.md:1:1: the file content/x.html and this page both publish x.html`,
		`content/t.md:3:1: tag "长长长长长长长长长长长长长长长长长长长长"… is too long`,
		`content/h.md:6:4: heading id "same" is used twice on this page`,
	} {
		if !strings.Contains(diags, want) {
			t.Errorf("missing %q in\n%s", want, diags)
		}
	}
}

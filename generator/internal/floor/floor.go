// Package floor is the least any Go program must do to make a site of the same
// pages: walk the content, read each page, decode its front matter, render
// its markdown with goldmark (GFM and CJK), run one html/template per page
// with a sidebar rendered once per section, and write each page, on all
// cores. generator's BenchmarkBuildN / BenchmarkFloorN is how far Playbook is
// from it, and cmd/floor runs it as its own process for timing beside Hugo;
// Playbook does more (search index, handbook, tags, cache, checks).
package floor

import (
	"bytes"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"playbook/generator/internal/par"
)

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><nav>{{.Sidebar}}</nav><main><h1>{{.Title}}</h1>
{{range .Tags}}<a href="{{$.Root}}tags/{{.}}.html">{{.}}</a> {{end}}
{{.Content}}</main></body></html>
`))

type frontMatter struct {
	Title  string   `toml:"title"`
	Weight int      `toml:"weight"`
	Tags   []string `toml:"tags"`
}

type doc struct {
	src, out string
	fm       frontMatter
	body     []byte
}

// Build makes the floor's site of the pages (*.md with TOML front matter)
// under content: one OUT/<path>.html per page.
func Build(content, out string) error {
	var docs []*doc
	err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(content, p)
			docs = append(docs, &doc{src: p, out: filepath.Join(out, strings.TrimSuffix(rel, ".md")+".html")})
		}
		return err
	})
	if err != nil {
		return err
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.CJK))
	errs := make([]error, len(docs))
	par.Do(len(docs), func(i int) {
		d := docs[i]
		data, err := os.ReadFile(d.src)
		if err != nil {
			errs[i] = err
			return
		}
		fm, body, _ := strings.Cut(strings.TrimPrefix(string(data), "+++\n"), "\n+++\n")
		_, errs[i] = toml.Decode(fm, &d.fm)
		d.body = []byte(body)
	})
	// A sidebar per section: its first 50 pages by weight.
	sections := map[string][]*doc{}
	for _, d := range docs {
		sections[filepath.Dir(d.out)] = append(sections[filepath.Dir(d.out)], d)
	}
	sidebars := map[string]template.HTML{}
	for dir, list := range sections {
		slices.SortStableFunc(list, func(a, b *doc) int { return a.fm.Weight - b.fm.Weight })
		var b strings.Builder
		for _, d := range list[:min(50, len(list))] {
			b.WriteString(`<a href="` + template.HTMLEscapeString(path.Base(d.out)) + `">` + template.HTMLEscapeString(d.fm.Title) + "</a>\n")
		}
		sidebars[dir] = template.HTML(b.String())
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	par.Do(len(docs), func(i int) {
		d := docs[i]
		var body, page bytes.Buffer
		if err := md.Convert(d.body, &body); err != nil {
			errs[i] = err
			return
		}
		err := pageTemplate.Execute(&page, map[string]any{"Title": d.fm.Title, "Tags": d.fm.Tags, "Root": "../",
			"Sidebar": sidebars[filepath.Dir(d.out)], "Content": template.HTML(body.String())})
		if err == nil {
			err = os.WriteFile(d.out, page.Bytes(), 0o644)
		}
		errs[i] = err
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

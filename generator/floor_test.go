package generator

import (
	"bytes"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"playbook/generator/internal/par"
	"playbook/generator/synth"
)

// The floor is the least any Go program must do to make a site of the same
// pages: walk the content, read each page, decode its front matter, render
// its markdown with goldmark (GFM and CJK), run one html/template per page
// with a sidebar rendered once per section, and write each page, on all
// cores. BenchmarkBuildN / BenchmarkFloorN is how far Playbook is from it;
// Playbook does more (search index, handbook, tags, cache, checks).

var floorPage = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><nav>{{.Sidebar}}</nav><main><h1>{{.Title}}</h1>
{{range .Tags}}<a href="{{$.Root}}tags/{{.}}.html">{{.}}</a> {{end}}
{{.Content}}</main></body></html>
`))

type floorFM struct {
	Title  string   `toml:"title"`
	Weight int      `toml:"weight"`
	Tags   []string `toml:"tags"`
}

type floorDoc struct {
	src, out string
	fm       floorFM
	body     []byte
}

func floorBuild(content, out string) error {
	var docs []*floorDoc
	err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(content, p)
			docs = append(docs, &floorDoc{src: p, out: filepath.Join(out, strings.TrimSuffix(rel, ".md")+".html")})
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
	sections := map[string][]*floorDoc{}
	for _, d := range docs {
		sections[filepath.Dir(d.out)] = append(sections[filepath.Dir(d.out)], d)
	}
	sidebars := map[string]template.HTML{}
	for dir, list := range sections {
		slices.SortStableFunc(list, func(a, b *floorDoc) int { return a.fm.Weight - b.fm.Weight })
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
		err := floorPage.Execute(&page, map[string]any{"Title": d.fm.Title, "Tags": d.fm.Tags, "Root": "../",
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

func benchmarkFloor(b *testing.B, pages int) {
	dir := b.TempDir()
	if err := synth.Write(dir, pages); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "output")
	for b.Loop() {
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
		if err := floorBuild(filepath.Join(dir, "content"), out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFloor1000(b *testing.B)  { benchmarkFloor(b, 1000) }
func BenchmarkFloor10000(b *testing.B) { benchmarkFloor(b, 10000) }

// TestFloorBuilds: the floor makes every page (else its time means nothing).
func TestFloorBuilds(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, 200); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "output")
	if err := floorBuild(filepath.Join(dir, "content"), out); err != nil {
		t.Fatal(err)
	}
	n := 0
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			if bytes.Contains(data, []byte("<nav><a href=")) && bytes.Contains(data, []byte("</main>")) {
				n++
			}
		}
		return nil
	})
	if n < 200 {
		t.Errorf("the floor made %d whole pages of at least 200", n)
	}
}

package site

import (
	"bytes"
	"html/template"
	"os"
	"testing"

	"playbook/generator/cache"
	"playbook/generator/project"
)

func BenchmarkScratchTemplate(b *testing.B) {
	root, err := os.OpenRoot("/dev/shm/cmp/pb")
	if err != nil {
		b.Skip(err)
	}
	p, diags := project.Load(root.FS(), nil, project.Options{})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	r, err := parseTemplates(p.Theme, cache.New())
	if err != nil {
		b.Fatal(err)
	}
	c := newContext(r, p.Site, nil, &renderings{})
	var views []*view
	for _, pg := range p.Site.Pages[:200] {
		v := c.pageView(pg)
		side := c.sidebarOf(pg.TopSection(), v.Root)
		v.Sidebar = template.HTML(current(side.html, pg, v.Root))
		v.Content = c.body(v)
		views = append(views, v)
	}
	var buf bytes.Buffer
	tmpl := r.layouts["page"]
	if name := os.Getenv("TMPL"); name != "" {
		for b.Loop() {
			for _, v := range views {
				buf.Reset()
				if err := tmpl.ExecuteTemplate(&buf, name, v); err != nil {
					b.Fatal(err)
				}
			}
		}
		return
	}
	for b.Loop() {
		for _, v := range views {
			buf.Reset()
			if err := tmpl.Execute(&buf, v); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}

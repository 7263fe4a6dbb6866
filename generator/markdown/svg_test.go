package markdown

import (
	"strings"
	"testing"
)

func render(t *testing.T, src string) (string, *Doc) {
	t.Helper()
	m := New(Options{})
	d := m.Parse([]byte(src), ParseOptions{Lang: "zh-CN"})
	r, err := m.Rendering(d)
	if err != nil {
		t.Fatal(err)
	}
	return r.String(nil), d
}

// A diagram is drawn in the page, its words are searchable, and nothing in
// it can run or load anything.
func TestDiagram(t *testing.T) {
	src := "前文\n\n```svg\n<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" viewBox=\"0 0 200 100\" inkscape:version=\"1.2\">\n" +
		"<title>需求树</title><!-- a note -->\n<defs><marker id=\"a\" viewBox=\"0 0 10 10\" refX=\"5\" refY=\"5\"><path d=\"M0 0L10 5L0 10z\"/></marker></defs>\n" +
		"<rect class=\"box\" x=\"10\" y=\"10\" width=\"80\" height=\"30\" rx=\"4\"/>\n<line x1=\"50\" y1=\"40\" x2=\"50\" y2=\"70\" marker-end=\"url(#a)\"/>\n" +
		"<text x=\"50\" y=\"30\" text-anchor=\"middle\">单位目标 &amp; 部门</text>\n<use href=\"#a\"/>\n</svg>\n```\n"
	html, d := render(t, src)
	if len(d.Problems) > 0 {
		t.Fatalf("problems: %+v", d.Problems)
	}
	for _, want := range []string{`<figure class="diagram" tabindex="0"><svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 200 100">`,
		`<title>需求树</title>`, `marker-end="url(#a)"`, `单位目标 &amp; 部门</text>`, `<use href="#a"></use>`} {
		if !strings.Contains(html, want) {
			t.Errorf("the diagram lacks %s:\n%s", want, html)
		}
	}
	for _, bad := range []string{"<code", "inkscape", "a note", "<?xml"} {
		if strings.Contains(html, bad) {
			t.Errorf("the diagram keeps %q:\n%s", bad, html)
		}
	}
	if !strings.Contains(d.Text, "需求树") || !strings.Contains(d.Text, "单位目标 & 部门") {
		t.Errorf("search text lacks the diagram's words: %q", d.Text)
	}

	bad := map[string]string{
		`<svg viewBox="0 0 1 1"><title>x</title><script>alert(1)</script></svg>`:               "element <script> is not allowed",
		`<svg viewBox="0 0 1 1" onload="alert(1)"><title>x</title></svg>`:                      "event handlers are not allowed",
		`<svg viewBox="0 0 1 1"><title>x</title><a href="https://x"><rect/></a></svg>`:         "element <a> is not allowed",
		`<svg viewBox="0 0 1 1"><title>x</title><use href="https://evil/x.svg#a"/></svg>`:      "may only refer to its own parts",
		`<svg viewBox="0 0 1 1"><title>x</title><rect fill="url(https://evil/p)"/></svg>`:      "may only refer to the diagram's own parts",
		`<svg viewBox="0 0 1 1"><title>x</title><rect style="fill:red"/></svg>`:                "attribute style is not allowed",
		`<svg viewBox="0 0 1 1"><title>x</title><foreignObject><p>x</p></foreignObject></svg>`: "element <foreignObject> is not allowed",
		`<svg><title>x</title></svg>`:                                                     "needs a viewBox",
		`<svg viewBox="0 0 1 1"><rect/></svg>`:                                            "needs a <title>",
		`<svg viewBox="0 0 1 1"><title>x</title><rect></svg>`:                             "line 1 of the diagram",
		`<!DOCTYPE svg [<!ENTITY x "y">]><svg viewBox="0 0 1 1"><title>&x;</title></svg>`: "declarations are not allowed",
		`<rect/>`: "a diagram starts with <svg>",
		``:        "the diagram is empty",
	}
	for svg, want := range bad {
		html, d := render(t, "段落\n\n```svg\n"+svg+"\n```\n")
		if len(d.Problems) != 1 || !strings.Contains(d.Problems[0].Msg, want) || d.Problems[0].Line != 3 {
			t.Errorf("%s: problems %+v, want one at line 3 saying %q", svg, d.Problems, want)
		}
		if strings.Contains(html, "<svg") || strings.Contains(html, "<script") {
			t.Errorf("%s: rendered as markup:\n%s", svg, html)
		}
	}
}

func FuzzSanitizeSVG(f *testing.F) {
	f.Add(`<svg viewBox="0 0 1 1"><title>x</title><rect x="1"/><text>字</text></svg>`)
	f.Add(`<svg viewBox="0 0 1 1" onload="x"><title>x</title></svg>`)
	f.Add(`<svg viewBox="0 0 1 1"><title>x</title><use xlink:href="#a"/></svg>`)
	f.Fuzz(func(t *testing.T, src string) {
		d, err := sanitizeSVG([]byte(src))
		if err != nil {
			return
		}
		// What passes holds no element that runs or loads anything, and
		// passes again unchanged (so no event handler or outside link either).
		low := strings.ToLower(d.SVG)
		for _, bad := range []string{"<script", "<a ", "<foreignobject", "<style", "<iframe", "<image"} {
			if strings.Contains(low, bad) {
				t.Fatalf("sanitized SVG holds %q: %s", bad, d.SVG)
			}
		}
		again, err := sanitizeSVG([]byte(d.SVG))
		if err != nil || again.SVG != d.SVG {
			t.Fatalf("not stable: %v\n%s\n%s", err, d.SVG, again.SVG)
		}
	})
}

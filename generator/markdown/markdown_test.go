package markdown

import (
	"errors"
	"strings"
	"testing"
)

func convert(t *testing.T, src string, opts ParseOptions) *Converted {
	t.Helper()
	return New(Options{}).Convert([]byte(src), opts)
}

func TestRendering(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // substrings of the HTML
		not       []string
	}{
		{"chinese heading anchor", "## 挖掘 需求\n", []string{`<h2 id="挖掘-需求">挖掘 需求 <a class="anchor" href="#挖掘-需求"`}, nil},
		{"english heading anchor", "## SPIN Questions!\n", []string{`id="spin-questions"`}, nil},
		{"duplicate headings get distinct ids", "## 价格\n\n## 价格\n", []string{`id="价格"`, `id="价格-1"`}, nil},
		{"custom id", "## 价格 {#price}\n", []string{`id="price"`}, nil},
		{"no space between chinese lines", "第一行中文\n第二行中文\n", []string{"第一行中文第二行中文"}, nil},
		{"space between english lines", "first line\nsecond line\n", []string{"first line\nsecond line"}, nil},
		{"bold before chinese after punctuation", "**重点：**后面的文字", []string{"<strong>重点：</strong>后面"}, nil},
		{"bold quoted chinese", "这是**“引号”**测试", []string{"<strong>“引号”</strong>测试"}, nil},
		{"emphasis english unchanged", "a *b* c **d**", []string{"<em>b</em>", "<strong>d</strong>"}, nil},
		{"not emphasis", "2 * 3 * 4", []string{"2 * 3 * 4"}, []string{"<em>"}},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |\n", []string{"<table>", "<td>1</td>"}, nil},
		{"strikethrough", "~~旧价格~~", []string{"<del>旧价格</del>"}, nil},
		{"autolink", "see https://example.com now", []string{`<a href="https://example.com">`}, nil},
		{"task list", "- [ ] 未完成\n- [x] 完成\n", []string{`type="checkbox"`, "checked"}, nil},
		{"footnote", "正文[^1]\n\n[^1]: 注释\n", []string{`class="footnotes"`, "注释"}, nil},
		{"definition list", "FAB\n: 特性、优势、利益\n", []string{"<dl>", "<dt>FAB</dt>", "<dd>特性、优势、利益</dd>"}, nil},
		{"callout tip", "> [!TIP]\n> 先听后说\n", []string{`<div class="callout callout-tip" role="note"><p class="callout-title">提示</p>`, "<p>先听后说</p>"}, []string{"[!TIP]", "<blockquote>"}},
		{"callout warning case-insensitive", "> [!warning]\n> 小心\n", []string{`callout-warning`, `警告`}, nil},
		{"callout with only title line", "> [!NOTE]\n", []string{`callout-note`}, nil},
		{"plain blockquote", "> 引用\n", []string{"<blockquote>"}, []string{"callout"}},
		{"callout say", "> [!SAY]\n> 您说的贵，是和什么比？\n", []string{`<div class="callout callout-say" role="note"><p class="callout-title">话术</p>`, "<p>您说的贵，是和什么比？</p>"}, []string{"[!SAY]"}},
		{"unknown marker stays quote", "> [!FOO]\n> x\n", []string{"<blockquote>"}, nil},
		{"raw html escaped", "<script>alert(1)</script>\n\ntext <b>bold</b>", []string{"&lt;script&gt;", "&lt;b&gt;"}, []string{"<script>", "<b>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(convert(t, tt.src, ParseOptions{Lang: "zh-CN"}).HTML)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("unexpected %q in\n%s", n, got)
				}
			}
		})
	}
}

func TestRawHTMLEnabled(t *testing.T) {
	got := string(New(Options{RawHTML: true}).Convert([]byte("<b>x</b>"), ParseOptions{}).HTML)
	if !strings.Contains(got, "<b>x</b>") {
		t.Errorf("raw HTML not passed through: %s", got)
	}
}

func TestCalloutEnglishTitle(t *testing.T) {
	got := string(convert(t, "> [!TIP]\n> Listen first\n", ParseOptions{Lang: "en"}).HTML)
	if !strings.Contains(got, ">Tip</p>") {
		t.Errorf("English title missing: %s", got)
	}
}

func TestHeadingsAndText(t *testing.T) {
	doc := convert(t, "# 标题\n\n## 挖掘客户\n\n挖掘客户\n需求的方法\n\n### Sub **bold**\n\n```\ncode here\n```\n", ParseOptions{})
	if len(doc.Headings) != 3 || doc.Headings[1].ID != "挖掘客户" || doc.Headings[2].Text != "Sub bold" || doc.Headings[2].Level != 3 {
		t.Errorf("headings = %+v", doc.Headings)
	}
	if !strings.Contains(doc.Text, "挖掘客户需求的方法") {
		t.Errorf("search text splits a Chinese line break: %q", doc.Text)
	}
	if !strings.Contains(doc.Text, "code here") {
		t.Errorf("search text lacks code: %q", doc.Text)
	}
}

func TestResolve(t *testing.T) {
	var refs []Ref
	m := New(Options{})
	doc := m.Parse([]byte("intro\n\nsee [需求](../needs.md#x) and ![图](a.png) and [bad](missing.md) [web](https://e.com)\n"), ParseOptions{
		Resolve: func(r Ref) (*Target, error) {
			refs = append(refs, r)
			switch r.Dest {
			case "missing.md":
				return nil, errors.New("no such page")
			case "https://e.com":
				return nil, nil
			}
			return &Target{Dest: r.Dest, Path: "p/" + r.Dest, Image: r.Image}, nil
		},
	})
	if len(refs) != 4 {
		t.Fatalf("refs = %+v", refs)
	}
	if refs[0].Line != 3 || refs[0].Col != 5 || refs[1].Col != 29 || !refs[1].Image {
		t.Errorf("positions = %+v", refs)
	}
	if len(doc.Links) != 2 || doc.Links[0].Path != "p/../needs.md#x" || doc.Links[1].Line != 3 {
		t.Errorf("links = %+v", doc.Links)
	}
	var b strings.Builder
	if err := m.Render(&b, doc, rooted{}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{`href="ROOT/p/../needs.md#x"`, `src="ROOT/p/a.png"`, `href="https://e.com"`, `href="missing.md"`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in %s", want, html)
		}
	}
	if len(doc.Problems) != 1 || doc.Problems[0].Msg != "no such page" || doc.Problems[0].Line != 3 || doc.Problems[0].Col != 45 {
		t.Errorf("problems = %+v", doc.Problems)
	}
}

// rooted writes targets below ROOT/ and prefixes ids.
type rooted struct{}

func (rooted) Href(t *Target) string { return EscapeURL("ROOT/" + t.Path) }
func (rooted) Src(t *Target) string  { return "ROOT/" + t.Path }
func (rooted) ID(id string) string   { return "x-" + id }

// TestContextIDs: heading ids, their anchors and footnotes take the
// context's ids; the document is left as it was for the next render.
func TestContextIDs(t *testing.T) {
	m := New(Options{})
	doc := m.Parse([]byte("## 价格\n\n正文[^1]\n\n[^1]: 注\n"), ParseOptions{})
	var b strings.Builder
	m.Render(&b, doc, rooted{})
	for _, want := range []string{`<h2 id="x-价格">`, `href="#x-价格"`, `id="x-fnref:1"`, `href="#x-fn:1"`, `id="x-fn:1"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %s in %s", want, b.String())
		}
	}
	b.Reset()
	m.Render(&b, doc, AsWritten{})
	if !strings.Contains(b.String(), `<h2 id="价格">`) || !strings.Contains(b.String(), `id="fn:1"`) {
		t.Errorf("second render: %s", b.String())
	}
}

func TestImageWithoutAlt(t *testing.T) {
	doc := convert(t, "![](x.png)\n", ParseOptions{})
	if len(doc.Problems) != 1 || !doc.Problems[0].Warning {
		t.Errorf("problems = %+v", doc.Problems)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"挖掘 需求": "挖掘-需求", "Hello, World!": "hello-world", "  a--b ": "a-b", "第 1 步：客户分析": "第-1-步客户分析", "": "",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzConvert(f *testing.F) {
	for _, s := range []string{"# 标题\n", "> [!TIP]\n> x", "**重点：**后面", "[a](b.md#c)", "| a |\n|---|\n", "<div>x</div>", "[^1]\n\n[^1]: y"} {
		f.Add(s)
	}
	m := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		doc := m.Convert([]byte(src), ParseOptions{Resolve: func(r Ref) (*Target, error) { return &Target{Dest: r.Dest, Path: r.Dest}, nil }})
		for _, p := range doc.Problems {
			if p.Line < 1 || p.Col < 1 {
				t.Fatalf("bad position %+v", p)
			}
		}
	})
}

// BenchmarkManyLinks parses a 2 MB page with 30,000 links: each link's
// position is found in time proportional to its line, not to the page.
func BenchmarkManyLinks(b *testing.B) {
	src := []byte(strings.Repeat("一段文字，见 [链接](page.md#x) 与 [另一个](other.md)。\n\n", 15000))
	m := New(Options{})
	opts := ParseOptions{Resolve: func(r Ref) (*Target, error) { return &Target{Dest: r.Dest, Path: r.Dest}, nil }}
	for b.Loop() {
		if d := m.Parse(src, opts); len(d.Links) != 30000 {
			b.Fatalf("%d links", len(d.Links))
		}
	}
}

// TestLimits: structures goldmark takes quadratic time over are refused
// with their line, before parsing; ordinary nesting is not.
func TestLimits(t *testing.T) {
	m := New(Options{})
	for name, tt := range map[string]struct {
		src  string
		line int
		msg  string
	}{
		"deep list":       {"ok\n\n" + strings.Repeat("- ", 10000) + "x\n", 3, "nested 10000 deep"},
		"deep quote":      {strings.Repeat("> ", 5000) + "x\n", 1, "nested 5000 deep"},
		"deep indent":     {"a\n" + strings.Repeat(" ", 400) + "- x\n", 2, "nested 201 deep"},
		"unclosed links":  {strings.Repeat("[a](", 20000) + "\n", 1, "line of 78 KB"},
		"one long line":   {strings.Repeat("字", 20000) + "\n", 1, "lines are limited to 32 KB"},
		"ordered markers": {strings.Repeat("1. ", 40) + "x", 1, "nested 40 deep"},
	} {
		d := m.Parse([]byte(tt.src), ParseOptions{})
		if len(d.Problems) != 1 || d.Problems[0].Line != tt.line || !strings.Contains(d.Problems[0].Msg, tt.msg) {
			t.Errorf("%s: problems %+v", name, d.Problems)
		}
	}
	fine := "- a\n  - b\n    - c\n\n> q\n> > r\n\n1. x\n   2. y\n\n" + strings.Repeat("字", 5000) + "\n"
	if d := m.Parse([]byte(fine), ParseOptions{}); len(d.Problems) != 0 {
		t.Errorf("ordinary markdown refused: %+v", d.Problems)
	}
}

// collapseSpace gives what collapsing byte by byte gives: runs of spaces,
// tabs and line ends become one space, none at either end.
func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{"", " ", "a", "  a  b\n\nc\t", "需求 分析\r\n回款", "\xff \xfe", "a\u00a0b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want []byte
		space := false
		for i := 0; i < len(s); i++ {
			if c := s[i]; c == ' ' || c == '\n' || c == '\t' || c == '\r' {
				space = true
				continue
			}
			if space && len(want) > 0 {
				want = append(want, ' ')
			}
			space = false
			want = append(want, s[i])
		}
		if got := collapseSpace(s); got != string(want) {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}

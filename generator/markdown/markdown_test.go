package markdown

import (
	"errors"
	"strings"
	"testing"
)

func convert(t *testing.T, src string, opts ConvertOptions) *Doc {
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
		{"unknown marker stays quote", "> [!FOO]\n> x\n", []string{"<blockquote>"}, nil},
		{"raw html escaped", "<script>alert(1)</script>\n\ntext <b>bold</b>", []string{"&lt;script&gt;", "&lt;b&gt;"}, []string{"<script>", "<b>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(convert(t, tt.src, ConvertOptions{Lang: "zh-CN"}).HTML)
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
	got := string(New(Options{RawHTML: true}).Convert([]byte("<b>x</b>"), ConvertOptions{}).HTML)
	if !strings.Contains(got, "<b>x</b>") {
		t.Errorf("raw HTML not passed through: %s", got)
	}
}

func TestCalloutEnglishTitle(t *testing.T) {
	got := string(convert(t, "> [!TIP]\n> Listen first\n", ConvertOptions{Lang: "en"}).HTML)
	if !strings.Contains(got, ">Tip</p>") {
		t.Errorf("English title missing: %s", got)
	}
}

func TestHeadingsAndText(t *testing.T) {
	doc := convert(t, "# 标题\n\n## 挖掘客户\n\n挖掘客户\n需求的方法\n\n### Sub **bold**\n\n```\ncode here\n```\n", ConvertOptions{})
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
	doc := convert(t, "intro\n\nsee [需求](../needs.md#x) and ![图](a.png) and [bad](missing.md)\n", ConvertOptions{
		Resolve: func(r Ref) (string, error) {
			refs = append(refs, r)
			if r.Dest == "missing.md" {
				return "", errors.New("no such page")
			}
			return "_pbroot_/" + r.Dest, nil
		},
	})
	if len(refs) != 3 {
		t.Fatalf("refs = %+v", refs)
	}
	if refs[0].Line != 3 || refs[0].Col != 5 || refs[1].Col != 29 || !refs[1].Image {
		t.Errorf("positions = %+v", refs)
	}
	html := string(doc.HTML)
	if !strings.Contains(html, `href="_pbroot_/../needs.md#x"`) || !strings.Contains(html, `src="_pbroot_/a.png"`) {
		t.Errorf("destinations not rewritten: %s", html)
	}
	if len(doc.Problems) != 1 || doc.Problems[0].Msg != "no such page" || doc.Problems[0].Line != 3 || doc.Problems[0].Col != 45 {
		t.Errorf("problems = %+v", doc.Problems)
	}
}

func TestImageWithoutAlt(t *testing.T) {
	doc := convert(t, "![](x.png)\n", ConvertOptions{})
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
		doc := m.Convert([]byte(src), ConvertOptions{Resolve: func(r Ref) (string, error) { return r.Dest, nil }})
		for _, p := range doc.Problems {
			if p.Line < 1 || p.Col < 1 {
				t.Fatalf("bad position %+v", p)
			}
		}
	})
}

package generator

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"github.com/shopspring/decimal"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"playbook/generator/account"
	"playbook/generator/diag"
	"playbook/generator/internal/testtool"
	"playbook/generator/markdown"
	"playbook/generator/project"
	"playbook/generator/proposal"
	"playbook/generator/quote"
)

// tool returns the path of an outside command, or skips the test (fails it
// under CI=true, where .ci/run installs it).
func tool(t testing.TB, name, pkg string) string { t.Helper(); return testtool.Path(t, name, pkg) }

func exampleProject(t testing.TB) *project.Project {
	t.Helper()
	cfg := Config{ContentDir: "../content", Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	proj, diags := Load(cfg, LoadOptions{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return proj
}

func renderExample(t testing.TB, slug string) (*account.Account, []byte) {
	t.Helper()
	proj := exampleProject(t)
	a := proj.Account(slug)
	data, diags := proposal.Make(proj, nil, a)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return a, data
}

func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	bin := tool(t, "pdftotext", "poppler-utils")
	f := filepath.Join(t.TempDir(), "p.pdf")
	os.WriteFile(f, data, 0o644)
	out, err := exec.Command(bin, "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestProposalText reads both example proposals back with pdftotext: the
// sections in order, the quote figures and amount in words, every answer,
// every character of the text fields in order, and no internal data.
func TestProposalText(t *testing.T) {
	for _, tc := range []struct {
		slug     string
		sections []string
		figures  []string
	}{
		{"huadong-petro", []string{"一、现状与未来", "二、问题与挑战", "三、产品与服务", "四、实施计划", "五、报价书", "六、应答书", "七、资信证明"},
			[]string{"1,200", "4,505", "¥681,600.00", "¥7,323,467.53", "-¥146,469.35", "¥7,197,498.18", "¥935,674.76", "¥8,133,172.94", "人民币捌佰壹拾叁万叁仟壹佰柒拾贰元玖角肆分", "赠送", "（选配）",
				// the 报价单 header, columns, totals, gift value, optional items, terms
				"报价单位", "报价日期", "报价编号", "币种人民币（元）", "规格型号", "北方羽绒BF-M2027", "折扣", "-5%",
				"价税合计¥8,133,172.94", "赠品价值（不计入合计）¥60,000.00", "选配项", "¥89,400.00", "注：单价为不含税价，税额按13%另计。",
				"交货地点", "质保期一年，自到货验收合格之日起", "售后服务", "发票增值税专用发票（税率13%）",
				"开户行中国工商银行保定高新区支行", "户名北方羽绒服饰股份有限公司", "账号", "0409 0000 0000 0001 234",
				// the 偏离表, credentials, authorisation, front and back matter
				"正偏离", "负偏离", "无偏离", "条款", "营业执照信息", "统一社会信用代码91130600MA07B3KX2R", "注册资本人民币5,000万元",
				"法定代表人赵振国", "合同金额", "客户联系人", "王工，运维部", "授权委托书", "附件1：ISO9001质量管理体系认证",
				"致客户函", "方案概要", "下一步工作"}},
		{"northwind-logistics", []string{"1 Current state and future", "2 Problems and challenges", "3 Products and services", "4 Implementation plan", "5 Quote", "6 Answers", "7 Credentials"},
			[]string{"$121,380.00", "$206,980.00", "$10,055.48", "$211,165.00", "Two hundred eleven thousand one hundred sixty-five dollars", "(optional)",
				"Quoted by", "Quote date", "CurrencyUS dollars (USD)", "Total (incl. tax)", "of which tax (5%)",
				"Value of gifts (not charged)", "Optional items", "Unit prices include tax at 5%.", "Warranty", "Place of delivery",
				"Compliance", "Apart from the deviations listed above", "Letter of authorisation", "Executive summary", "Next steps",
				"Cover letter", "Company registration", "Appendix 1"}},
	} {
		t.Run(tc.slug, func(t *testing.T) {
			a, data := renderExample(t, tc.slug)
			text := pdfText(t, data)
			flat := squeeze(text)
			// Section titles in order, after the table of contents.
			at := strings.Index(flat, squeeze(tc.sections[len(tc.sections)-1])) + 1
			for _, s := range tc.sections {
				i := strings.Index(flat[at:], squeeze(s))
				if i < 0 {
					t.Fatalf("section %q missing or out of order", s)
				}
				at += i
			}
			for _, f := range tc.figures {
				if !strings.Contains(flat, squeeze(f)) {
					t.Errorf("figure %q missing", f)
				}
			}
			// A tax-inclusive quote prints no net line that would not add up.
			if a.Quote.PricesIncludeTax && strings.Contains(flat, squeeze("Net (excl. tax)")) {
				t.Error("a tax-inclusive quote prints a net line")
			}
			// Each line adds up as printed: quantity × unit price × (1 − discount).
			sheet := a.Quote.In(func(string) string { return "" })
			for _, l := range a.Quote.Lines {
				factor := decimal.NewFromInt(100).Sub(l.DiscountPercent).Div(decimal.NewFromInt(100))
				want := l.Quantity.Mul(l.UnitPrice).Mul(factor).Round(2)
				if !want.Equal(l.Amount) {
					t.Errorf("%s: %s × %s × %s = %s, printed %s", l.Name, l.Quantity, l.UnitPrice, factor, want, l.Amount)
				}
				for _, printed := range []string{sheet.Money(l.UnitPrice), sheet.Money(l.Amount), quote.Group(l.Quantity.String())} {
					if !strings.Contains(flat, printed) {
						t.Errorf("%s: %s not printed", l.Name, printed)
					}
				}
			}
			// The answers are a 偏离表: each question whole in the requirement
			// column, each paragraph of each answer whole in the response
			// column, and the closing statement after them.
			requirement, response := "客户要求", "应答"
			if a.Proposal.Language == "en" {
				requirement, response = "Requirement", "Response"
			}
			reqText, respText := columnText(t, data, requirement), columnText(t, data, response)
			for i, an := range a.Proposal.Answers {
				if !strings.Contains(reqText, squeeze(an.Question)) {
					t.Errorf("answer %d: question %q missing from the requirement column", i, an.Question)
				}
				for _, block := range textBlocks(markdown.New(markdown.Options{}), an.Answer) {
					if b := squeeze(block); len([]rune(b)) >= 6 && !strings.Contains(respText, b) {
						t.Errorf("answer %d: %q not whole in the response column", i, b)
					}
				}
			}
			closing := "除上表所列偏离外，其余条款均完全响应。"
			if a.Proposal.Language == "en" {
				closing = "Apart from the deviations listed above, we comply fully with all other clauses."
			}
			if !strings.Contains(flat, squeeze(closing)) {
				t.Errorf("no closing statement %q", closing)
			}
			// Every character of each text field, in order.
			md := markdown.New(markdown.Options{})
			fields := map[string]string{"current_state": a.Proposal.CurrentState, "future": a.Proposal.Future,
				"challenges": a.Proposal.Challenges, "terms": a.Proposal.Quote.Terms}
			for _, o := range a.Proposal.Offerings {
				fields["configuration "+o.FAB] = o.Configuration
			}
			furniture := []string{a.Account.ShortName + " · " + a.Proposal.Title, proj(t).Site.Config.Company.Name, "机密", "Confidential"}
			body := normalize(text, furniture)
			for name, src := range fields {
				plain := squeeze(md.Convert([]byte(src), markdown.ParseOptions{}).Text)
				if !subsequence(plain, flat) {
					t.Errorf("%s: characters lost or out of order", name)
				}
				// Each paragraph and list item outside tables comes out whole.
				for _, block := range textBlocks(md, src) {
					if b := normalize(block, furniture); len([]rune(b)) >= 6 && !strings.Contains(body, b) {

						t.Errorf("%s: paragraph not whole in the PDF: %q", name, b)
					}
				}
			}
			// Internal data never appears.
			var secrets []string
			for _, c := range a.Contacts {
				secrets = append(secrets, c.Phone, c.Email, c.Interests, c.Notes)
			}
			for _, c := range a.Competitors {
				secrets = append(secrets, c.Name, c.History, c.Rep, c.Strengths, c.Weaknesses)
			}
			o := a.Opportunity
			secrets = append(secrets, o.CanWin, o.WorthIt, o.OurStrength, o.Budget)
			for _, l := range [][]string{a.SWOT.Strengths, a.SWOT.Weaknesses, a.SWOT.Opportunities, a.SWOT.Threats} {
				secrets = append(secrets, l...)
			}
			for _, s := range secrets {
				if s = squeeze(s); len([]rune(s)) >= 4 && strings.Contains(flat, s) {
					t.Errorf("internal data in the PDF: %q", s)
				}
			}
		})
	}
}

func proj(t *testing.T) *project.Project { return exampleProject(t) }

// columnText is the text of the table column headed header, read from the
// word boxes of pdftotext -bbox: on every page where the header appears,
// the words below it whose left edge lies between the header's and the
// next header word's, in reading order, without white space.
func columnText(t *testing.T, data []byte, header string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "p.pdf")
	os.WriteFile(f, data, 0o644)
	words := testtool.Words(t, f)
	var b strings.Builder
	for page := 1; ; page++ {
		var on []testtool.Word
		for _, w := range words {
			if w.Page == page {
				on = append(on, w)
			}
		}
		if len(on) == 0 {
			break
		}
		var head *testtool.Word
		for i, w := range on {
			if w.Text == header {
				head = &on[i]
			}
		}
		if head == nil {
			continue
		}
		right := math.Inf(1)
		for _, w := range on {
			if math.Abs(w.YMin-head.YMin) < 1 && w.XMin > head.XMax {
				right = min(right, w.XMin)
			}
		}
		var col []testtool.Word
		for _, w := range on {
			if w.YMin > head.YMax && w.XMin >= head.XMin-1 && w.XMax < right {
				col = append(col, w)
			}
		}
		slices.SortStableFunc(col, func(a, b testtool.Word) int {
			if math.Abs(a.YMin-b.YMin) > 2 {
				return cmp.Compare(a.YMin, b.YMin)
			}
			return cmp.Compare(a.XMin, b.XMin)
		})
		for _, w := range col {
			b.WriteString(w.Text)
		}
	}
	return b.String()
}

var pageNo = regexp.MustCompile(`第\d+页/共\d+页|Page\d+of\d+`)

// normalize removes white space, the running header and footer, and list
// markers, which pdftotext puts between the lines of a paragraph that
// crosses a page.
func normalize(s string, furniture []string) string {
	s = squeeze(s)
	for _, f := range furniture {
		s = strings.ReplaceAll(s, squeeze(f), "")
	}
	s = pageNo.ReplaceAllString(s, "")
	return strings.NewReplacer("•", "", "◦", "", "▪", "").Replace(s)
}

// textBlocks returns the text of each paragraph and list item of a markdown
// field, outside tables.
func textBlocks(md *markdown.Markdown, src string) []string {
	doc := md.Parse([]byte(src), markdown.ParseOptions{Lang: "zh-CN"})
	root, source := doc.Root, doc.Source
	var out []string
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *east.Table:
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			var b strings.Builder
			ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
				if t, ok := c.(*ast.Text); ok && entering {
					b.Write(t.Segment.Value(source))
				}
				return ast.WalkContinue, nil
			})
			out = append(out, b.String())
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// subsequence reports whether every rune of s occurs in t in order.
func subsequence(s, t string) bool {
	rs := []rune(s)
	i := 0
	for _, r := range t {
		if i < len(rs) && rs[i] == r {
			i++
		}
	}
	return i == len(rs)
}

// TestProposalFiles: qpdf finds no error, every font is embedded, every page
// renders, and two renderings are byte-identical.
func TestProposalFiles(t *testing.T) {
	qpdf := tool(t, "qpdf", "qpdf")
	pdffonts := tool(t, "pdffonts", "poppler-utils")
	pdftoppm := tool(t, "pdftoppm", "poppler-utils")
	for _, slug := range []string{"huadong-petro", "northwind-logistics"} {
		_, data := renderExample(t, slug)
		_, again := renderExample(t, slug)
		if !bytes.Equal(data, again) {
			t.Errorf("%s: two renderings differ", slug)
		}
		// The outline (bookmarks): the seven sections at the top level, in order.
		dir := t.TempDir()
		f := filepath.Join(dir, slug+".pdf")
		os.WriteFile(f, data, 0o644)
		// (the summary, next steps and appendices may come around them).
		got, want := outlineTitles(t, qpdf, f), sectionTitles(slug)
		var sections []string
		for _, title := range got {
			if slices.Contains(want, title) {
				sections = append(sections, title)
			}
		}
		if !slices.Equal(sections, want) {
			t.Errorf("%s: outline %q, want the sections %q in order", slug, got, want)
		}
		if n := bytes.Count(data, []byte("/Subtype /Link")); n < 7 {
			t.Errorf("%s: %d links, want the contents' links to each section", slug, n)
		}
		for _, meta := range []string{"/Title", "/Author", "/Subject", "/Keywords", "/Lang"} {
			if !bytes.Contains(data, []byte(meta)) {
				t.Errorf("%s: metadata %s missing", slug, meta)
			}
		}
		if out, err := exec.Command(qpdf, "--check", f).CombinedOutput(); err != nil {
			t.Errorf("%s: qpdf --check: %v\n%s", slug, err, out)
		}
		out, err := exec.Command(pdffonts, f).Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(out), "\n")[2:] {
			if fields := strings.Fields(line); len(fields) > 4 && fields[len(fields)-5] != "yes" {
				t.Errorf("%s: font not embedded: %s", slug, line)
			}
		}
		if out, err := exec.Command(pdftoppm, "-r", "20", "-png", f, filepath.Join(dir, "page")).CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("%s: pdftoppm: %v %s", slug, err, out)
		}
		pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
		if len(pages) < 8 {
			t.Errorf("%s: %d pages rendered", slug, len(pages))
		}
	}
}

// BenchmarkProposal renders the Chinese example (14 pages).
func BenchmarkProposal(b *testing.B) {
	proj := exampleProject(b)
	a := proj.Account("huadong-petro")
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := proposal.Make(proj, nil, a); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkProposals100 renders 100 proposals on all cores.
func BenchmarkProposals100(b *testing.B) {
	proj := exampleProject(b)
	many := *proj
	many.Accounts = nil
	for i := range 100 {
		a := *proj.Accounts[i%len(proj.Accounts)]
		a.Slug = fmt.Sprintf("%s-%d", a.Slug, i)
		many.Accounts = append(many.Accounts, &a)
	}
	for b.Loop() {
		out := &eager{}
		if err := (proposal.Renderer{}).Render(context.Background(), &many, nil, out); err != nil || out.n.Load() != 100 {
			b.Fatal(err, out.n.Load())
		}
	}
}

// TestUnprintableCharacters: an emoji or a character the font lacks is
// reported with the file, the field and the character, and no PDF is made.
func TestUnprintableCharacters(t *testing.T) {
	proj := exampleProject(t)
	a := *proj.Account("huadong-petro")
	a.Proposal.Answers = append([]account.Answer{}, a.Proposal.Answers...)
	a.Proposal.Answers[1].Answer = "可以 😀 交付"
	a.Proposal.Challenges = "罕见字：𠀀 和 ✔"
	data, diags := proposal.Make(proj, nil, &a)
	if data != nil {
		t.Error("a PDF was made despite unprintable characters")
	}
	got := (&diag.Error{List: diags}).Error()
	for _, want := range []string{
		`huadong-petro.toml:`, `proposal.answers[1].answer: "😀" (U+1F600) cannot be printed`,
		`proposal.challenges: "𠀀" (U+20000) cannot be printed`, `proposal.challenges: "✔" (U+2714) is not in the proposal font`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if len(diags) != 3 {
		t.Errorf("%d problems, want 3 (one per character and field):\n%s", len(diags), got)
	}
}

// FuzzProposal feeds arbitrary text (emoji, rare characters, very long
// words, huge tables) through the renderer: it never panics, and either
// makes a PDF or reports each unprintable character.
func FuzzProposal(f *testing.F) {
	f.Add("普通文本", "**粗体**和*斜体*", "| a | b |\n|---|---|\n| 1 | 2 |", "😀𠀀")
	f.Add(strings.Repeat("超长", 3000), strings.Repeat("averyveryverylongwordwithoutanybreak", 40), "- a\n  - b\n    - c", "")
	f.Add(strings.Repeat("| x | y | z |\n", 200), "> [!TIP]\n> 提示", "\x00\uFFFD\u200d", "1. a\n2. b")
	proj := exampleProject(f)
	base := proj.Account("huadong-petro")
	f.Fuzz(func(t *testing.T, challenges, answer, terms, name string) {
		a := *base
		a.Proposal.Challenges = challenges
		a.Proposal.Answers = []account.Answer{{Question: name, Answer: answer, Status: "comply"}}
		a.Proposal.Quote.Terms = terms
		a.Account.Name = name
		data, diags := proposal.Make(proj, nil, &a)
		if data == nil && !diags.HasErrors() {
			t.Fatal("no PDF and no error")
		}
		if data != nil && !bytes.HasPrefix(data, []byte("%PDF-")) {
			t.Fatal("not a PDF")
		}
	})
}

// TestCustomFont: site.toml names another font; without a bold face, bold
// is synthesized and only one font is embedded.
func TestCustomFont(t *testing.T) {
	dir := copyExample(t)
	font, _ := filepath.Abs("../themes/default/fonts/NotoSansSC-Regular.ttf")
	site := filepath.Join(dir, "content", "site.toml")
	data, _ := os.ReadFile(site)
	os.WriteFile(site, append(data, []byte("\n[pdf]\nfont = \""+font+"\"\n")...), 0o644)
	cfg := Config{ContentDir: filepath.Join(dir, "content"), Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	proj, diags := Load(cfg, LoadOptions{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	pdfData, d := proposal.Make(proj, nil, proj.Account("huadong-petro"))
	if d.HasErrors() {
		t.Fatal(d)
	}
	if n := bytes.Count(pdfData, []byte("/FontFile2")); n != 1 {
		t.Errorf("%d embedded font files, want 1", n)
	}
	os.WriteFile(site, append(data, []byte("\n[pdf]\nfont = \"missing.ttf\"\n")...), 0o644)
	// A missing font is a load error: check reports it, at its line.
	if _, d := Load(cfg, LoadOptions{}); !strings.Contains((&diag.Error{List: d}).Error(), "site.toml:") ||
		!strings.Contains((&diag.Error{List: d}).Error(), "pdf.font: cannot read missing.ttf") {
		t.Errorf("a missing font is not reported: %v", d)
	}
}

// outlineTitles lists the top-level bookmarks of a PDF, as qpdf reads them.
func outlineTitles(t *testing.T, qpdf, file string) []string {
	t.Helper()
	out, err := exec.Command(qpdf, "--json", "--json-key=outlines", file).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var doc struct {
		Outlines []struct {
			Title string `json:"title"`
		} `json:"outlines"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, o := range doc.Outlines {
		titles = append(titles, o.Title)
	}
	return titles
}

// sectionTitles are the seven sections' bookmarks of an example proposal.
func sectionTitles(slug string) []string {
	if slug == "northwind-logistics" {
		return []string{"1  Current state and future", "2  Problems and challenges", "3  Products and services",
			"4  Implementation plan", "5  Quote", "6  Answers", "7  Credentials"}
	}
	return []string{"一、现状与未来", "二、问题与挑战", "三、产品与服务", "四、实施计划", "五、报价书", "六、应答书", "七、资信证明"}
}

// eager is an output that makes lazy files at once and counts them.
type eager struct{ n atomic.Int64 }

func (e *eager) WriteFile(string, []byte) error { e.n.Add(1); return nil }

func (e *eager) Lazy(_ string, write func(io.Writer) error) error {
	e.n.Add(1)
	return write(io.Discard)
}

// TestSmallTextDefects: no doubled 见, a running header that names the
// client once, quantities with thousands separators.
func TestSmallTextDefects(t *testing.T) {
	proj := exampleProject(t)
	a := *proj.Account("huadong-petro")
	a.Proposal.Answers = append([]account.Answer{}, a.Proposal.Answers...)
	a.Proposal.Answers[0].Ref = "见实施计划"
	data, diags := proposal.Make(proj, nil, &a)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	text := squeeze(pdfText(t, data))
	if strings.Contains(text, "参见：见") || !strings.Contains(text, "参见：实施计划") {
		t.Error("the reference doubles 见")
	}
	if strings.Contains(text, "华东石化 · 华东石化集团") {
		t.Error("the running header repeats the client's name")
	}
}

// An executive summary longer than one page is refused at its field;
// certificate scans print as images on their appendix pages.
func TestSummaryAndScans(t *testing.T) {
	proj := exampleProject(t)
	a := *proj.Account("huadong-petro")
	a.Proposal.Summary = strings.Repeat("集团希望借 2027 年度统一换装，让每一位员工穿得暖、穿得合身、穿得安全。\n\n", 60)
	data, diags := proposal.Make(proj, nil, &a)
	if data != nil || !strings.Contains((&diag.Error{List: diags}).Error(), "proposal.summary: longer than one page") {
		t.Errorf("a two-page summary was accepted: %v", diags)
	}
	_, data = renderExample(t, "huadong-petro")
	pdfimages := tool(t, "pdfimages", "poppler-utils")
	f := filepath.Join(t.TempDir(), "p.pdf")
	os.WriteFile(f, data, 0o644)
	out, err := exec.Command(pdfimages, "-list", f).Output()
	if err != nil {
		t.Fatal(err)
	}
	// logo, two product pictures, two certificate scans
	if n := strings.Count(string(out), "\n") - 2; n != 5 {
		t.Errorf("%d images, want 5:\n%s", n, out)
	}
}

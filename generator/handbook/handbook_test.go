package handbook_test

import (
	"bytes"
	"fmt"
	"image"
	pngenc "image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"playbook/generator"
	"playbook/generator/cache"
	"playbook/generator/handbook"
	"playbook/generator/internal/testtool"
	"playbook/generator/pdf"
	"playbook/generator/project"
	"playbook/generator/proposal"
	"playbook/generator/synth"
)

// The example's handbook: the contents name each page's real page number,
// every step opens on a right-hand (odd) page, and each page after the
// cover says which page of how many it is.
func TestHandbook(t *testing.T) {
	pdftotext := testtool.Path(t, "pdftotext", "poppler-utils")
	proj, diags := generator.Load(generator.Config{ContentDir: "../../content"}, generator.LoadOptions{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	fonts, err := proposal.Fonts(proj, cache.New())
	if err != nil {
		t.Fatal(err)
	}
	l := proj.Site.Lang
	data, err := handbook.PDF(handbook.Input{Site: proj.Site, Fonts: fonts, Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
		T: func(k string) string { return proj.Theme.T(l, k) }})
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "h.pdf")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-layout", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(out), "\f")
	n := len(pages) - 1
	if n < 40 {
		t.Fatalf("%d pages", n)
	}
	for i := 1; i < n; i++ {
		if strings.TrimSpace(pages[i]) == "" { // left empty, so that a chapter or step opens on the right
			if (i+1)%2 != 0 || !strings.Contains(pages[i+1], "第 "+strconv.Itoa(i+2)+" 页") {
				t.Errorf("page %d is empty but is not the left-hand page before an opening", i+1)
			}
			continue
		}
		if want := "第 " + strconv.Itoa(i+1) + " 页，共 " + strconv.Itoa(n) + " 页"; !strings.Contains(pages[i], want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	listed := map[int]bool{}
	line := regexp.MustCompile(`^\s*(\S.*?)\s*\.{3,}.*?(\d+)\s*$|^\s*(\S.*?)\s{2,}(\d+)\s*$`)
	entries := 0
	for _, p := range pages[1:3] {
		for _, l := range strings.Split(p, "\n") {
			m := line.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			title, num := m[1], m[2]
			if title == "" {
				title, num = m[3], m[4]
			}
			page, _ := strconv.Atoi(num)
			if page < 2 || page > n || strings.HasPrefix(title, "第 ") {
				continue
			}
			entries++
			listed[page] = true
			if !strings.Contains(strings.Join(strings.Fields(pages[page-1]), ""), strings.Join(strings.Fields(title), "")) {
				t.Errorf("the contents put %q on page %d, which does not show it", title, page)
			}
		}
	}
	if entries < 40 {
		t.Errorf("the contents list %d pages", entries)
	}
	// The diagrams are drawn: their words are in the book, not their titles.
	for _, want := range []string{"树根", "分管领导", "全部回款", "对物资采购中心"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("a diagram's text %q is not in the book", want)
		}
	}
	if strings.Contains(string(out), "[需求树") {
		t.Error("a diagram prints as its title")
	}
	// Links between pages became cross-references to where their page starts.
	refs := regexp.MustCompile(`见第 (\d+) 页`).FindAllStringSubmatch(string(out), -1)
	if len(refs) < 20 {
		t.Errorf("%d cross-references", len(refs))
	}
	for _, r := range refs {
		if n, _ := strconv.Atoi(r[1]); !listed[n] && n != 4 { // 4: the home page, which opens the book
			t.Errorf("a cross-reference names page %d, where no page of the playbook starts", n)
		}
	}
	for _, step := range proj.Site.Steps {
		for i := 1; i < n; i++ {
			if strings.Contains(pages[i], "开始标志") && strings.Contains(pages[i], step.Title) && (i+1)%2 == 0 {
				t.Errorf("step %s opens on page %d, a left-hand page", step.Title, i+1)
			}
		}
	}
}

// BenchmarkHandbook1000: the printed handbook of a 1,000-page playbook (the
// goal: under 15 s, with memory bounded).
func BenchmarkHandbook1000(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, 1000); err != nil {
		b.Fatal(err)
	}
	proj, diags := generator.Load(generator.Config{ContentDir: filepath.Join(dir, "content")}, generator.LoadOptions{})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	fonts, err := proposal.Fonts(proj, cache.New())
	if err != nil {
		b.Fatal(err)
	}
	l := proj.Site.Lang
	in := handbook.Input{Site: proj.Site, Fonts: fonts, Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), T: func(k string) string { return proj.Theme.T(l, k) }}
	var size int
	for b.Loop() {
		data, err := handbook.PDF(in)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(size)/(1<<20), "MiB-pdf")
	b.ReportMetric(float64(m.HeapSys)/(1<<20), "MiB-heap-sys")
}

// A picture alone in its paragraph prints in the book; a broken one prints
// its alt text.
func TestHandbookPictures(t *testing.T) {
	pdfimages := testtool.Path(t, "pdfimages", "poppler-utils")
	var png bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 300, 150))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	f := printBook(t, fstest.MapFS{
		"guide/_index.md": {Data: []byte("+++\ntitle = \"指南\"\n+++\n")},
		"guide/a.md":      {Data: []byte("+++\ntitle = \"图\"\n+++\n看图：\n\n![流程图](flow.png)\n\n![坏图](bad.png)\n")},
		"guide/flow.png":  {Data: png.Bytes()},
		"guide/bad.png":   {Data: []byte("not a png")},
	}, "pictures.pdf")
	out, err := exec.Command(pdfimages, "-list", f).Output()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(out), " 300   150 "); n != 1 {
		t.Errorf("the picture prints %d times:\n%s", n, out)
	}
}

// Footnotes print at the end of their chapter, numbered through it: the
// second page's first note is [2], and the next chapter starts at [1].
func TestHandbookFootnotes(t *testing.T) {
	pdftotext := testtool.Path(t, "pdftotext", "poppler-utils")
	fsys := fstest.MapFS{
		"guide/_index.md": {Data: []byte("+++\ntitle = \"第一章\"\nweight = 1\n+++\n")},
		"guide/a.md":      {Data: []byte("+++\ntitle = \"甲页\"\nweight = 1\n+++\n定金有上限[^x]。\n\n[^x]: 甲页的注释。\n")},
		"guide/b.md":      {Data: []byte("+++\ntitle = \"乙页\"\nweight = 2\n+++\n时效三年[^y]，可以中断[^z]。\n\n[^y]: 乙页的第一条注释。\n[^z]: 乙页的第二条注释。\n")},
		"more/_index.md":  {Data: []byte("+++\ntitle = \"第二章\"\nweight = 2\n+++\n")},
		"more/c.md":       {Data: []byte("+++\ntitle = \"丙页\"\n+++\n另一章[^1]。\n\n[^1]: 丙页的注释。\n")},
	}
	f := printBook(t, fsys, "footnotes.pdf")
	out, err := exec.Command(pdftotext, f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	order := []string{"定金有上限[1]", "时效三年[2]，可以中断[3]", "注释[1]甲页的注释。[2]乙页的第一条注释。[3]乙页的第二条注释。",
		"第二章", "另一章[1]", "注释[1]丙页的注释。"}
	at := 0
	for _, want := range order {
		i := strings.Index(text[at:], want)
		if i < 0 {
			t.Fatalf("after %q the book lacks %q:\n%s", text[max(0, at-80):at], want, text)
		}
		at += i + len(want)
	}
	if n := strings.Count(text, "注释[1]"); n != 2 {
		t.Errorf("%d notes headings, want one per chapter with notes", n)
	}
}

// The English handbook is English from its cover: the company's English
// name, English running furniture.
func TestHandbookEnglish(t *testing.T) {
	pdftotext := testtool.Path(t, "pdftotext", "poppler-utils")
	proj, diags := generator.Load(generator.Config{ContentDir: "../../content"}, generator.LoadOptions{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	en := proj.Site.Language("en")
	fonts, err := proposal.Fonts(proj, cache.New())
	if err != nil {
		t.Fatal(err)
	}
	data, err := handbook.PDF(handbook.Input{Site: en, Fonts: fonts, Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
		T: func(k string) string { return proj.Theme.T("en", k) }})
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "h.pdf")
	os.WriteFile(f, data, 0o644)
	out, err := exec.Command(pdftotext, "-layout", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(out), "\f")
	if !strings.Contains(pages[0], proj.Site.Config.Company.EN.Name) || strings.Contains(pages[0], proj.Site.Config.Company.Name) {
		t.Errorf("the cover does not name the company in English:\n%s", pages[0])
	}
	if !strings.Contains(pages[1], "Contents") || !strings.Contains(pages[1], "Page 2 of") {
		t.Errorf("the contents page is not in English:\n%s", pages[1])
	}
}

// printBook prints the handbook of a project given as files (site.toml,
// pages, pictures) and returns the PDF's path: in $STRESS_OUT when set, to
// look at the pages, else in a temporary folder.
func printBook(t *testing.T, fsys fstest.MapFS, name string) string {
	t.Helper()
	if fsys["site.toml"] == nil {
		fsys["site.toml"] = &fstest.MapFile{Data: []byte("title = \"t\"\n[company]\nname = \"c\"\n")}
	}
	proj, diags := project.Load(fsys, nil, project.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	fonts, err := proposal.Fonts(proj, cache.New())
	if err != nil {
		t.Fatal(err)
	}
	data, err := handbook.PDF(handbook.Input{Site: proj.Site, Fonts: fonts, Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
		T: func(k string) string { return proj.Theme.T("zh-CN", k) }, File: proj.StaticData})
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("STRESS_OUT")
	if dir == "" {
		dir = t.TempDir()
	}
	f := filepath.Join(dir, name)
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestHandbookWideTables: markdown tables of up to 9 columns, with long
// Chinese cells, long English words and big amounts, print inside the
// page's margins in the handbook, and every amount prints whole.
func TestHandbookWideTables(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 9))
	words := []string{"分区加量充绒", "防泼水面料", "internationalization", "兰州石化公司物资采购中心", "Łódź", "喆", "巡线员野外作业",
		"responsibility", "90%白鸭绒", "2026年12月1日", "中國石油天然氣", "warranty"}
	var amounts []string
	var page strings.Builder
	page.WriteString("+++\ntitle = \"宽表\"\n+++\n")
	for tbl := range 6 {
		cols := 3 + tbl
		fmt.Fprintf(&page, "\n表 %d：\n\n|", tbl+1)
		for c := range cols {
			fmt.Fprintf(&page, " 列%d |", c+1)
		}
		page.WriteString("\n|")
		for c := range cols {
			if c == cols-1 {
				page.WriteString("---:|")
			} else {
				page.WriteString("---|")
			}
		}
		page.WriteString("\n")
		for range 4 + rng.IntN(5) {
			page.WriteString("|")
			for c := range cols {
				if c == cols-1 {
					a := fmt.Sprintf("¥%d,%03d,%03d.%02d", 1+rng.IntN(999), rng.IntN(1000), rng.IntN(1000), rng.IntN(100))
					amounts = append(amounts, a)
					fmt.Fprintf(&page, " %s |", a)
					continue
				}
				var cell []string
				for range 1 + rng.IntN(4) {
					cell = append(cell, words[rng.IntN(len(words))])
				}
				fmt.Fprintf(&page, " %s |", strings.Join(cell, " "))
			}
			page.WriteString("\n")
		}
	}
	file := printBook(t, fstest.MapFS{
		"guide/_index.md": {Data: []byte("+++\ntitle = \"指南\"\n+++\n")},
		"guide/wide.md":   {Data: []byte(page.String())},
	}, "handbook-wide-tables.pdf")
	// the page's margins, in points
	left, right := pdf.Margin*72/25.4-0.6, (pdf.PageW-pdf.Margin)*72/25.4+0.6
	inTables := 0
	for _, w := range testtool.Words(t, file) {
		if w.XMin < left || w.XMax > right {
			t.Errorf("page %d: %q at x %.1f–%.1f lies outside the margins", w.Page, w.Text, w.XMin, w.XMax)
		}
		if strings.Contains(w.Text, "¥") || strings.Contains(w.Text, "internationaliz") {
			inTables++
		}
	}
	if inTables < len(amounts) {
		t.Errorf("%d words of the tables found, want at least the %d amounts", inTables, len(amounts))
	}
	text, err := exec.Command(testtool.Path(t, "pdftotext", "poppler-utils"), "-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range amounts {
		if !strings.Contains(string(text), a) {
			t.Errorf("amount %s is not printed whole", a)
		}
	}
}

package generator

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"playbook/generator/cache"
	"playbook/generator/handbook"
	"playbook/generator/internal/testtool"
	"playbook/generator/project"
	"playbook/generator/proposal"
)

// TestHandbookWideTables: markdown tables of up to 9 columns, with long
// Chinese cells, long English words and big amounts, print inside the
// page's margins in the handbook, and every amount prints whole.
func TestHandbookWideTables(t *testing.T) {
	pdftotext := testtool.Path(t, "pdftotext", "poppler-utils")
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
	fsys := fstest.MapFS{
		"site.toml":       {Data: []byte("title = \"t\"\n[company]\nname = \"c\"\n")},
		"guide/_index.md": {Data: []byte("+++\ntitle = \"指南\"\n+++\n")},
		"guide/wide.md":   {Data: []byte(page.String())},
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
		T: func(k string) string { return proj.Theme.T("zh-CN", k) }})
	if err != nil {
		t.Fatal(err)
	}
	out := os.Getenv("STRESS_OUT") // to look at the pages: STRESS_OUT=/tmp/stress go test -run TestHandbookWideTables
	if out == "" {
		out = t.TempDir()
	}
	file := filepath.Join(out, "handbook-wide-tables.pdf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	html, err := exec.Command(pdftotext, "-bbox", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	inTables := 0
	for _, w := range bboxWords(t, string(html)) {
		if w.xMin < marginPt-tolPt || w.xMax > pageWpt-marginPt+tolPt || w.yMin < headTopPt || w.yMax > footBotPt {
			t.Errorf("page %d: %q at x %.1f–%.1f, y %.1f–%.1f lies outside the margins", w.page, w.text, w.xMin, w.xMax, w.yMin, w.yMax)
		}
		if strings.Contains(w.text, "¥") || strings.Contains(w.text, "internationaliz") {
			inTables++
		}
	}
	if inTables < len(amounts) {
		t.Errorf("%d words of the tables found, want at least the %d amounts", inTables, len(amounts))
	}
	text, err := exec.Command(pdftotext, "-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range amounts {
		if !strings.Contains(string(text), a) {
			t.Errorf("amount %s is not printed whole", a)
		}
	}
}

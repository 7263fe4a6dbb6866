package generator

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"playbook/generator/internal/testtool"
	"playbook/generator/proposal"
)

// Page geometry the proposals keep to, in points (A4, 20 mm side margins).
const (
	pageWpt   = 595.28
	marginPt  = 20 * 72 / 25.4
	headTopPt = 8 * 72 / 25.4   // the running header's top
	footBotPt = 292 * 72 / 25.4 // the footer's bottom
	tolPt     = 0.6
)

// TestStressProposalsStayInTheirBoxes renders random stress accounts
// (amounts up to 10^12, names and titles of 60 to 200 characters, up to
// 120 items, long English words, rare and traditional characters, Chinese
// and English) and checks with pdftotext -bbox that every word lies inside
// the page margins, and with the text that no amount is split across lines.
func TestStressProposalsStayInTheirBoxes(t *testing.T) {
	pdftotext := tool(t, "pdftotext", "poppler-utils")
	dir := copyExample(t)
	zh := readFile(t, filepath.Join(dir, "content/accounts/huadong-petro.toml"))
	en := readFile(t, filepath.Join(dir, "content/accounts/northwind-logistics.toml"))
	rng := rand.New(rand.NewPCG(2026, 11))
	const accounts = 6
	for i := range accounts {
		base := zh
		if i%2 == 1 {
			base = en
		}
		acct := []byte(stressAccount(rng, base, []int{1, 120, 7, 40, 3, 15}[i]))
		writeFile(t, filepath.Join(dir, fmt.Sprintf("content/accounts/stress-%d.toml", i)), acct)
		if out := os.Getenv("STRESS_OUT"); out != "" {
			writeFile(t, filepath.Join(out, fmt.Sprintf("stress-%d.toml", i)), acct)
		}
	}
	// The stress corpus in the repository goes through the same checks.
	corpus, err := filepath.Glob("testdata/stress/*.toml")
	if err != nil || len(corpus) < 4 {
		t.Fatalf("stress corpus: %v %v", corpus, err)
	}
	for _, f := range corpus {
		writeFile(t, filepath.Join(dir, "content/accounts", filepath.Base(f)), []byte(readFile(t, f)))
	}
	cfg := Config{ContentDir: filepath.Join(dir, "content"), Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	proj, diags := Load(cfg, LoadOptions{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, a := range proj.Accounts {
		data, diags := proposal.Make(proj, nil, a)
		if data == nil {
			t.Fatalf("%s: %v", a.Slug, diags)
		}
		out := os.Getenv("STRESS_OUT") // to look at the pages: STRESS_OUT=/tmp/stress go test -run TestStress
		if out == "" {
			out = t.TempDir()
		}
		file := filepath.Join(out, a.Slug+".pdf")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		words := testtool.Words(t, file)
		if len(words) < 500 {
			t.Fatalf("%s: only %d words", a.Slug, len(words))
		}
		for _, w := range words {
			if w.XMin < marginPt-tolPt || w.XMax > pageWpt-marginPt+tolPt || w.YMin < headTopPt || w.YMax > footBotPt {
				t.Errorf("%s page %d: %q at x %.1f–%.1f, y %.1f–%.1f lies outside the margins", a.Slug, w.Page, w.Text, w.XMin, w.XMax, w.YMin, w.YMax)
			}
		}
		checkPageUse(t, a.Slug, words)
		text, err := exec.Command(pdftotext, "-layout", file, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		sheet := a.Quote.In(func(string) string { return "" })
		for _, l := range a.Quote.Lines {
			if m := sheet.Money(l.Amount); !l.Gift && !strings.Contains(string(text), m) {
				t.Errorf("%s: amount %s is not printed whole", a.Slug, m)
			}
			if m := sheet.Money(l.UnitPrice); !strings.Contains(string(text), m) {
				t.Errorf("%s: unit price %s is not printed whole", a.Slug, m)
			}
		}
		if m := sheet.Money(a.Quote.Total); !strings.Contains(string(text), m) {
			t.Errorf("%s: total %s is not printed whole", a.Slug, m)
		}
		checked++
	}
	if want := accounts + len(corpus) + 3; checked != want { // and the three example accounts
		t.Fatalf("checked %d accounts, want %d", checked, want)
	}
}

// checkPageUse: no page is broken with less than a fifth of it used,
// except the last page of a section (the page before a section's title),
// the cover and the contents.
func checkPageUse(t *testing.T, slug string, words []testtool.Word) {
	t.Helper()
	const (
		bodyTop    = 24 * 72 / 25.4
		bodyBottom = 277 * 72 / 25.4
		headLine   = 17 * 72 / 25.4
		footLine   = 283 * 72 / 25.4
	)
	pages := 0
	lowest := map[int]float64{}
	first := map[int]testtool.Word{}
	for _, w := range words {
		pages = max(pages, w.Page)
		if w.YMin < headLine || w.YMax > footLine {
			continue // running header and footer
		}
		lowest[w.Page] = max(lowest[w.Page], w.YMax)
		if f, ok := first[w.Page]; !ok || w.YMin < f.YMin {
			first[w.Page] = w
		}
	}
	for p := 3; p < pages; p++ {
		next := first[p+1]
		if next.YMax-next.YMin > 22 { // an 18 pt section title opens the next page
			continue
		}
		if used := (lowest[p] - bodyTop) / (bodyBottom - bodyTop); used < 0.2 {
			t.Errorf("%s: page %d is %.0f%% full before a page break inside a section (next page starts %q)", slug, p, 100*used, next.Text)
		}
	}
}

// stressAccount rewrites an example account: long mixed-script names and
// title, and n random quote items with amounts up to 10^12.
func stressAccount(rng *rand.Rand, base string, n int) string {
	pick := func(parts []string, lo, hi int) string {
		want := lo + rng.IntN(hi-lo+1)
		var r []rune
		for len(r) < want {
			r = append(r, []rune(parts[rng.IntN(len(parts))])...)
		}
		return strings.TrimSpace(string(r[:want]))
	}
	zhParts := []string{"华东", "煉化", "銷售與儲運", "一体化", "发展有限责任公司", "喆", "堃", "镕", "䶮", "𬘓", "集团", "臺灣", "資訊", "股份", "（香港）", "Åström", " Łódź ", "GmbH", "International", "supercalifragilisticexpialidocious", "2027—2031", "①", "№ 7"}
	enParts := []string{"Northwind ", "Cold Chain ", "Logistics ", "and ", "Frozen-Food ", "Warehousing ", "International ", "Holdings ", "Müller ", "Åström ", "Łódź ", "internationalization ", "supercalifragilisticexpialidocious ", "华东 ", "Ltd. "}
	parts := zhParts
	if strings.Contains(base, `language = "en"`) {
		parts = enParts
	}
	set := func(s, key, value string) string {
		re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(key) + ` = "[^"\n]*"`)
		done := false
		return re.ReplaceAllStringFunc(s, func(m string) string {
			if done {
				return m
			}
			done = true
			return key + " = " + strconv.Quote(value)
		})
	}
	s := set(base, "name", pick(parts, 60, 200))
	s = set(s, "short_name", pick(parts, 8, 40))
	at := strings.Index(s, "\n[proposal]\n")
	s = s[:at] + set(s[at:], "title", pick(parts, 60, 200))
	s = set(s, "prepared_by", pick(parts, 2, 30))
	a := strings.Index(s, "[[proposal.quote.items]]")
	b := strings.Index(s, "[[proposal.quote.fees]]")
	var items strings.Builder
	units := []string{"件", "套", "licences", "pcs", "项", "kg"}
	for i := range n {
		qty := []int64{1, 12, 300, 1200, 4505, 999}[rng.IntN(6)]
		// unit price so that the amount stays below 10^12
		price := rng.Int64N(1_000_000_000_000/qty*100) + 1
		fmt.Fprintf(&items, "[[proposal.quote.items]]\nname = %q\nspec = %q\nquantity = %d\nunit = %q\nunit_price = \"%d.%02d\"\ndiscount_percent = %d\noptional = %v\ngift = %v\n\n",
			fmt.Sprintf("%s %d", pick(parts, 2, 40), i+1), pick(parts, 0, 120), qty, units[rng.IntN(len(units))], price/100, price%100,
			[]int{0, 0, 5}[rng.IntN(3)], i%17 == 3, i%23 == 5)
	}
	return s[:a] + items.String() + s[b:]
}

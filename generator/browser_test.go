package generator

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"playbook/generator/internal/testtool"
	"playbook/generator/synth"
)

// chromium returns the path of a headless-capable Chromium, or skips the test
// (fails it under CI=true, where .ci/run installs Chromium).
func chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (.ci/run installs it)")
	}
	t.Skip("chromium not installed: skipping the browser test (apt-get install chromium)")
	return ""
}

// dumpDOM loads url in headless Chromium, lets its scripts run, and returns
// the resulting DOM and what the page logged to the console.
func dumpDOM(t *testing.T, bin, url string) (dom, console string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--enable-logging=stderr", "--v=0",
		"--virtual-time-budget=3000", "--dump-dom", url)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	var logs []string
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, "CONSOLE") {
			logs = append(logs, line)
		}
	}
	return string(out), strings.Join(logs, "\n")
}

// TestSearchInBrowser opens the built site from file:// in a real browser:
// search/index.html?q=需求 must list the pages that contain the word inside
// longer sentences, title hits first, with highlighted snippets.
func TestSearchInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bin := chromium(t)
	dir := copyExample(t)
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output")}); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "output", "site")
	dom, console := dumpDOM(t, bin, "file://"+filepath.ToSlash(site)+"/search/index.html?q=%E9%9C%80%E6%B1%82")
	if console != "" {
		t.Errorf("console output on the search page:\n%s", console)
	}
	results := regexp.MustCompile(`<li class="search-result[^"]*"[^>]*>.*?</li>`).FindAllString(dom, -1)
	if len(results) < 5 {
		t.Fatalf("search for 需求 lists %d results; DOM:\n%.2000s", len(results), dom)
	}
	// The page titled 挖掘需求 ranks first (a title hit), and snippets mark the word.
	if !strings.Contains(results[0], "steps/needs.html") {
		t.Errorf("first result is not the 挖掘需求 step: %s", results[0])
	}
	if !strings.Contains(dom, "<mark>需求</mark>") {
		t.Error("no highlighted snippet")
	}
	// The English search finds the English page, and only English pages.
	dom, _ = dumpDOM(t, bin, "file://"+filepath.ToSlash(site)+"/en/search/index.html?q=parka")
	if !strings.Contains(dom, "en/fab/field-parka.html") {
		t.Error("searching the English site does not find the English page")
	}
	if strings.Contains(dom, `href="../../fab/`) {
		t.Error("the English search lists Chinese pages")
	}
	// A hit opens its page with the matched words marked there, at the heading.
	dom, console = dumpDOM(t, bin, "file://"+filepath.ToSlash(site)+"/objections/price-too-high.html?hl=%E5%A4%AA%E8%B4%B5")
	if console != "" || !strings.Contains(dom, `<mark class="search-hit">太贵</mark>`) {
		t.Errorf("?hl=太贵 marks nothing on the page (console: %s)", console)
	}
	dom, _ = dumpDOM(t, bin, "file://"+filepath.ToSlash(site)+"/search/index.html?q=%E5%86%85%E7%BA%BF")
	if !strings.Contains(dom, `toolkit/buying-roles.html?hl=`) || !strings.Contains(dom, `#`) {
		t.Errorf("a result does not link to the matched words and heading:\n%.1500s", dom)
	}
	// A checklist page can be ticked, and cleared.
	dom, _ = dumpDOM(t, bin, "file://"+filepath.ToSlash(site)+"/checklists/pre-visit.html")
	if strings.Count(dom, `class="tickable"`) < 10 || !strings.Contains(dom, "checklist-reset") || strings.Contains(dom, `disabled=""`) {
		t.Error("the checklist page's boxes cannot be ticked, or there is no reset button")
	}
	// A [!SAY] script has a copy button.
	if dom, _ = dumpDOM(t, bin, "file://"+filepath.ToSlash(site)+"/objections/price-too-high.html"); !strings.Contains(dom, `class="say-copy"`) {
		t.Error("no copy button on a script")
	}
	// The home page runs its scripts without console errors.
	if _, console := dumpDOM(t, bin, "file://"+filepath.ToSlash(site)+"/index.html"); console != "" {
		t.Errorf("console output on the home page:\n%s", console)
	}
}

// searchQueries reads testdata/search-queries.tsv: a rep's questions and
// the page search must list first.
func searchQueries(t *testing.T) [][2]string {
	t.Helper()
	var out [][2]string
	for _, line := range strings.Split(readFile(t, "testdata/search-queries.tsv"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		out = append(out, [2]string{q, want})
	}
	if len(out) < 30 {
		t.Fatalf("%d queries, want at least 30", len(out))
	}
	return out
}

// byLanguage splits the queries by the language folder whose search they
// run in: the one their expected page is in ("" or "en/").
func byLanguage(queries [][2]string) (dirs []string, groups map[string][][2]string) {
	groups = map[string][][2]string{}
	for _, q := range queries {
		dir := ""
		if strings.HasPrefix(q[1], "en/") {
			dir = "en/"
		}
		if groups[dir] == nil {
			dirs = append(dirs, dir)
		}
		groups[dir] = append(groups[dir], q)
	}
	return dirs, groups
}

// searchHarness writes a page into a language's folder of the built site
// that runs every query through its search and prints each first result;
// it returns its path.
func searchHarness(t *testing.T, site, dir string, queries [][2]string) string {
	t.Helper()
	var qs []string
	for _, q := range queries {
		qs = append(qs, q[0])
	}
	data, _ := json.Marshal(qs)
	up := strings.Repeat("../", strings.Count(dir, "/"))
	page := `<!doctype html><meta charset="utf-8"><pre id="out"></pre>
<script src="search/index.js"></script><script src="` + up + `assets/search.js"></script>
<script>
var qs = ` + string(data) + `, out = [];
for (var i = 0; i < qs.length; i++) {
  var r = PlaybookSearch.search(qs[i]);
  out.push(r.results.length ? r.results[0].doc.u : "");
}
document.getElementById("out").textContent = "RESULTS" + JSON.stringify(out) + "END";
</script>`
	f := filepath.Join(site, filepath.FromSlash(dir), "search-harness.html")
	writeFile(t, f, []byte(page))
	return f
}

func checkFirstResults(t *testing.T, queries [][2]string, got []string) {
	t.Helper()
	if len(got) != len(queries) {
		t.Fatalf("%d results for %d queries", len(got), len(queries))
	}
	for i, q := range queries {
		if got[i] != q[1] {
			t.Errorf("search %q lists %q first, want %q", q[0], got[i], q[1])
		}
	}
}

// TestSearchQueriesInBrowser runs the rep's questions through the built
// site's search in Chromium, from file://.
func TestSearchQueriesInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bin := chromium(t)
	dir := copyExample(t)
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output")}); err != nil {
		t.Fatal(err)
	}
	dirs, groups := byLanguage(searchQueries(t))
	for _, lang := range dirs {
		queries := groups[lang]
		harness := searchHarness(t, filepath.Join(dir, "output", "site"), lang, queries)
		dom, console := dumpDOM(t, bin, "file://"+filepath.ToSlash(harness))
		if console != "" {
			t.Errorf("console output:\n%s", console)
		}
		m := regexp.MustCompile(`RESULTS(.*)END`).FindStringSubmatch(html.UnescapeString(dom))
		if m == nil {
			t.Fatalf("no results in:\n%.2000s", dom)
		}
		var got []string
		if err := json.Unmarshal([]byte(m[1]), &got); err != nil {
			t.Fatal(err)
		}
		checkFirstResults(t, queries, got)
	}
}

// TestSearchQueries runs the same questions through search.js in node: a
// quick check without a browser.
func TestSearchQueries(t *testing.T) {
	node := testtool.Path(t, "node", "nodejs")
	dir := copyExample(t)
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output")}); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "output", "site")
	dirs, groups := byLanguage(searchQueries(t))
	for _, lang := range dirs {
		queries := groups[lang]
		var qs []string
		for _, q := range queries {
			qs = append(qs, q[0])
		}
		data, _ := json.Marshal(qs)
		script := `global.window = {};
require(process.argv[1] + "/` + lang + `search/index.js");
var S = require(process.argv[1] + "/assets/search.js");
var qs = ` + string(data) + `;
console.log(JSON.stringify(qs.map(function (q) { var r = S.search(q); return r.results.length ? r.results[0].doc.u : ""; })));`
		out, err := exec.Command(node, "-e", script, site).CombinedOutput()
		if err != nil {
			t.Fatalf("node: %v\n%s", err, out)
		}
		var got []string
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		checkFirstResults(t, queries, got)
	}
	// The index stays a small part of the site.
	var total, index int64
	filepath.Walk(site, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			total += info.Size()
			if strings.HasSuffix(p, filepath.Join("search", "index.js")) {
				index += info.Size() // each language's
			}
		}
		return nil
	})
	if index == 0 || float64(index) > 0.15*float64(total) {
		t.Errorf("the search index is %d of the site's %d bytes (more than 15%%)", index, total)
	}
}

// The 404 page works under any sub-path: served for a missing page of a
// site published at /sub/, it finds the site's root and its links and
// styles start from there.
func TestNotFoundUnderSubPath(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bin := chromium(t)
	dir := copyExample(t)
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output")}); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "output", "site")
	files := http.FileServer(http.Dir(site))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, ok := strings.CutPrefix(r.URL.Path, "/sub/")
		if _, err := os.Stat(filepath.Join(site, filepath.FromSlash(rest))); ok && err == nil {
			r.URL.Path = "/" + rest
			files.ServeHTTP(w, r)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(readFile(t, filepath.Join(site, "404.html"))))
	}))
	defer srv.Close()
	for _, missing := range []string{"/sub/steps/gone/", "/sub/nowhere.html"} {
		dom, console := dumpDOM(t, bin, srv.URL+missing)
		if !strings.Contains(dom, `<base href="/sub/">`) {
			t.Errorf("%s: the 404 page did not find the site's root /sub/:\n%.800s", missing, dom)
		}
		if console != "" {
			t.Errorf("%s: console: %s", missing, console)
		}
	}
}

// A large playbook's search index comes in shards: a query loads only the
// shards of its words and the entries of its best pages, and finds the same
// pages first. Run in node with a loader that counts the bytes.
func TestShardedSearch(t *testing.T) {
	node := testtool.Path(t, "node", "nodejs")
	dir := t.TempDir()
	if err := synth.Write(dir, 1800); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output"), Skip: []string{"proposals"}}); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "output", "site")
	if _, err := os.Stat(filepath.Join(site, "search", "t", "0.js")); err != nil {
		t.Fatal("the index of 1,600 Chinese pages is not sharded")
	}
	if _, err := os.Stat(filepath.Join(site, "en", "search", "t")); err == nil {
		t.Error("the index of 180 English pages is sharded")
	}
	page := func(i int) string { return fmt.Sprintf("s%02d/p%05d.html", i%synth.Sections, i) }
	queries := [][2]string{
		{"页面 1234", page(1234)}, {"页面1234", page(1234)}, {"第 1 步", "steps/analyze.html"},
		{"异议 1101", "objections/o01101.html"}, {"产品 1600", "fab/f01600.html"},
	}
	var qs []string
	for _, q := range queries {
		qs = append(qs, q[0])
	}
	data, _ := json.Marshal(qs)
	script := `global.window = {};
const fs = require("fs"), dir = process.argv[1] + "/search/";
require(dir + "index.js");
const S = require(process.argv[2]);
let bytes = 0;
S.setLoader((kind, k) => { const f = dir + kind + "/" + k + ".js"; bytes += fs.statSync(f).size; delete require.cache[f]; require(f); });
const qs = ` + string(data) + `, out = [];
(function next(i) {
  if (i === qs.length) { console.log(JSON.stringify(out)); return; }
  S.reset(); bytes = fs.statSync(dir + "index.js").size;
  S.searchAsync(qs[i], r => { out.push([r.results.length ? r.results[0].doc.u : "", bytes, r.total]); next(i + 1); });
})(0);`
	js, _ := filepath.Abs("../themes/default/assets/search.js")
	out, err := exec.Command(node, "-e", script, site, js).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var got [][3]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for i, q := range queries {
		if got[i][0] != q[1] {
			t.Errorf("search %q lists %v first, want %s", q[0], got[i][0], q[1])
		}
		if b := got[i][1].(float64); b > 500<<10 {
			t.Errorf("search %q loads %.0f KB", q[0], b/1024)
		}
	}
	t.Logf("first result, bytes loaded, pages found: %v", got)
}

// shardedSite builds a 10,000-page synthetic playbook once per test binary.
var shardedSite = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "playbook-shards-")
	if err != nil {
		return "", err
	}
	if err := synth.Write(dir, 10000); err != nil {
		return "", err
	}
	_, err = Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output"), Skip: []string{"proposals"}})
	return filepath.Join(dir, "output", "site"), err
})

type shardedOpen struct {
	MS     float64 // when the test saw the results (its polling included)
	Shown  float64 // when search.js put them in the page
	First  string
	Files  []string
	Errors []string
}

// openShardedSearch opens the search page of the 10,000-page playbook in
// Chromium with query q, and reports when the first results showed and
// what the query loaded.
func openShardedSearch(tb testing.TB, node, script, site, q string) (got shardedOpen, indexBytes int64) {
	tb.Helper()
	out, err := exec.Command(node, script, "shards", site, q).CombinedOutput()
	m := regexp.MustCompile(`RESULT (.*)`).FindSubmatch(out)
	if err != nil || m == nil {
		tb.Fatalf("%v\n%s", err, out)
	}
	if err := json.Unmarshal(m[1], &got); err != nil {
		tb.Fatal(err)
	}
	for _, f := range got.Files {
		if i := strings.Index(f, "/search/"); i >= 0 && !strings.HasSuffix(f, "assets/search.js") {
			info, err := os.Stat(filepath.Join(site, filepath.FromSlash(f[i+1:])))
			if err != nil {
				tb.Fatal(err)
			}
			indexBytes += info.Size()
		}
	}
	return got, indexBytes
}

// On a 10,000-page playbook, a search in Chromium finds the right page
// first having loaded at most 500 KB of index. (How soon the results show
// is BenchmarkShardedSearchInBrowser's.)
func TestShardedSearchInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	node, script := npmScript(t, "e2e.mjs", "playwright-core")
	site, err := shardedSite()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(filepath.Dir(filepath.Dir(site)))
	for _, q := range [][2]string{{"页面 4324 客户需求", "s04/p04324.html"}, {"第 3 步", "steps/needs.html"}, {"需求", ""}} {
		got, bytes := openShardedSearch(t, node, script, site, q[0])
		t.Logf("%q: first results shown after %.0f ms (seen by the test after %.0f ms), %d scripts, %d KB of index, first %s", q[0], got.Shown, got.MS, len(got.Files), bytes>>10, got.First)
		if got.Shown <= 0 || got.Shown > got.MS {
			t.Errorf("%q: search.js marked its results at %.0f ms, the test saw them at %.0f ms", q[0], got.Shown, got.MS)
		}
		if bytes > 500<<10 || len(got.Files) < 3 {
			t.Errorf("%q: %d KB of index loaded, in %d scripts", q[0], bytes>>10, len(got.Files))
		}
		if !strings.Contains(got.First, q[1]) {
			t.Errorf("%q lists %s first, want %s", q[0], got.First, q[1])
		}
		if len(got.Errors) > 0 {
			t.Errorf("%q: console: %v", q[0], got.Errors)
		}
	}
}

// BenchmarkShardedSearchInBrowser: from opening the search page of a
// 10,000-page playbook with a query to its first results, in headless
// Chromium (the goal: 300 ms).
func BenchmarkShardedSearchInBrowser(b *testing.B) {
	node, script := npmScript(b, "e2e.mjs", "playwright-core")
	site, err := shardedSite()
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(filepath.Dir(filepath.Dir(site)))
	queries := []string{"页面 4324 客户需求", "第 3 步", "需求", "防寒服 1200"}
	var shown, seen []float64
	var kb int64
	i := 0
	for b.Loop() {
		got, bytes := openShardedSearch(b, node, script, site, queries[i%len(queries)])
		shown, seen = append(shown, got.Shown), append(seen, got.MS)
		kb = max(kb, bytes>>10)
		i++
	}
	slices.Sort(shown)
	slices.Sort(seen)
	b.ReportMetric(shown[len(shown)/2], "median-ms-to-results")
	b.ReportMetric(seen[len(seen)/2], "median-ms-seen-by-test")
	b.ReportMetric(float64(kb), "max-KiB-loaded")
}

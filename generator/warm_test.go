package generator

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"playbook/generator/synth"
	"playbook/generator/writer"
)

// outputFiles reads every file a build left for a reader (the site, the
// proposals, the handbooks beside them), by path below the output folder.
func outputFiles(t *testing.T, out string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && rel != "." { // staging, the build before last, the cache
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(rel, ".") { // the marker, the cache
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[rel] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameOutput reports how two builds' outputs differ ("" when they do not).
func sameOutput(t *testing.T, want, got string) string {
	a, b := outputFiles(t, want), outputFiles(t, got)
	var diffs []string
	for name, data := range a {
		if other, ok := b[name]; !ok {
			diffs = append(diffs, "missing "+name)
		} else if !bytes.Equal(data, other) {
			diffs = append(diffs, "differs "+name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 8 {
		diffs = append(diffs[:8], fmt.Sprintf("and %d more", len(diffs)-8))
	}
	return strings.Join(diffs, ", ")
}

// TestWarmBuildMatchesCold: after each of a random sequence of edits, a
// build that reuses what the builds before kept writes exactly what a
// build from nothing writes, and it does reuse.
func TestWarmBuildMatchesCold(t *testing.T) {
	dir := copyExample(t)
	content := filepath.Join(dir, "content")
	warm := filepath.Join(dir, "warm")
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	build := func(out string) *Result {
		t.Helper()
		res, err := Build(Config{ContentDir: content, OutDir: out, Today: today})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	var pages []string
	filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			pages = append(pages, p)
		}
		return nil
	})
	slices.Sort(pages)
	rng := rand.New(rand.NewPCG(14, 2))
	edits := []struct {
		name string
		do   func() string
	}{
		{"body", func() string {
			p := pages[rng.IntN(len(pages))]
			writeFile(t, p, []byte(readFile(t, p)+fmt.Sprintf("\n\n新增的一段话 %d。\n", rng.IntN(1000))))
			return p
		}},
		{"title", func() string {
			p := pages[rng.IntN(len(pages))]
			src := readFile(t, p)
			i := strings.Index(src, "title = \"")
			if i < 0 {
				return p + " (no title)"
			}
			i += len("title = \"")
			writeFile(t, p, []byte(src[:i]+"改 "+src[i:]))
			return p
		}},
		{"new page", func() string {
			p := filepath.Join(content, "toolkit", fmt.Sprintf("new-%d.md", rng.IntN(1e6)))
			writeFile(t, p, []byte("+++\ntitle = \"新页\"\ntags = [\"新标签\"]\n+++\n见[客户分析](../steps/analyze.md)。\n"))
			pages = append(pages, p)
			return p
		}},
		{"removed page", func() string {
			for i, p := range pages {
				if strings.Contains(p, "new-") {
					os.Remove(p)
					pages = slices.Delete(pages, i, i+1)
					return p
				}
			}
			return "(none to remove)"
		}},
		{"site.toml", func() string {
			p := filepath.Join(content, "site.toml")
			writeFile(t, p, []byte(strings.Replace(readFile(t, p), "title = \"", "title = \"新", 1)))
			return p
		}},
		{"account", func() string {
			p := filepath.Join(content, "accounts", "northwind-logistics.toml")
			writeFile(t, p, []byte(readFile(t, p)+"\n# a note\n"))
			return p
		}},
		{"nothing", func() string { return "" }},
	}
	build(warm)
	for step := range 14 {
		e := edits[rng.IntN(len(edits))]
		what := e.do()
		res := build(warm)
		cold := filepath.Join(dir, fmt.Sprintf("cold-%d", step))
		build(cold)
		if diff := sameOutput(t, cold, warm); diff != "" {
			t.Fatalf("step %d, %s edit (%s): the warm build differs from a cold one: %s", step, e.name, what, diff)
		}
		if step > 0 && res.Reused == 0 {
			t.Errorf("step %d, %s edit: nothing was reused", step, e.name)
		}
		if e.name == "nothing" && len(res.Made) > 0 { // pages, handbooks and proposals all kept
			t.Errorf("step %d: nothing changed, yet the build made %v anew", step, res.Made)
		}
		os.RemoveAll(cold)
	}
	if res := build(warm); len(res.Made) > 0 || res.Kept["proposal.file"] != len(res.Proposals) || len(res.Proposals) == 0 {
		t.Errorf("nothing changed, yet the build made %v anew and kept %d of %d proposals", res.Made, res.Kept["proposal.file"], len(res.Proposals))
	}
}

// TestBuildCacheNeverTrusted: a damaged cache, a foreign file in its
// place, or a file changed in the folder the next build starts from: the
// build says so (or notices) and writes what a build from nothing writes.
func TestBuildCacheNeverTrusted(t *testing.T) {
	dir := copyExample(t)
	content, out, cold := filepath.Join(dir, "content"), filepath.Join(dir, "out"), filepath.Join(dir, "cold")
	cfg := Config{ContentDir: content, OutDir: out, Skip: []string{"proposals"}}
	for range 3 { // the third build starts from the first's folder, with its sums
		if _, err := Build(cfg); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Build(Config{ContentDir: content, OutDir: cold, Skip: []string{"proposals"}}); err != nil {
		t.Fatal(err)
	}
	// --no-cache: nothing reused, the same output.
	nc := cfg
	nc.NoCache = true
	res, err := Build(nc)
	if err != nil {
		t.Fatal(err)
	}
	if res.Reused != 0 {
		t.Errorf("--no-cache reused %d", res.Reused)
	}
	if diff := sameOutput(t, cold, out); diff != "" {
		t.Errorf("after --no-cache: %s", diff)
	}
	store := filepath.Join(out, writer.CacheDir, "store")
	data := []byte(readFile(t, store))
	data[len(data)/2] ^= 0x20
	writeFile(t, store, data)
	res, err = Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.CacheNote, "not a Playbook build cache, or a damaged one") || res.Reused != 0 {
		t.Errorf("a damaged cache: note %q, %d reused", res.CacheNote, res.Reused)
	}
	if diff := sameOutput(t, cold, out); diff != "" {
		t.Errorf("after a damaged cache: %s", diff)
	}
	// A page in the folder the next build starts from, changed behind its
	// back (same size, other bytes): rewritten, not kept.
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	prev := filepath.Join(out, ".site.prev", "steps", "analyze.html")
	page := []byte(readFile(t, prev))
	copy(page[len(page)-20:], bytes.Repeat([]byte("x"), 20))
	writeFile(t, prev, page)
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	if diff := sameOutput(t, cold, out); diff != "" {
		t.Errorf("after a page was changed in the build before last: %s", diff)
	}
	// The cache folder replaced by a file of the user's: left alone.
	os.RemoveAll(filepath.Join(out, writer.CacheDir))
	writeFile(t, filepath.Join(out, writer.CacheDir), []byte("mine"))
	res, err = Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if readFile(t, filepath.Join(out, writer.CacheDir)) != "mine" {
		t.Error("the user's file in the cache's place was touched")
	}
	if !strings.Contains(res.CacheNote, "not a folder") {
		t.Errorf("note %q", res.CacheNote)
	}
	if diff := sameOutput(t, cold, out); diff != "" {
		t.Errorf("with a file in the cache's place: %s", diff)
	}
}

// TestWarmShardedSearchMatchesCold: past 1,500 pages of a language the search index is
// in shards, which a warm build updates with the words of the pages that
// changed; after each edit it writes what a build from nothing writes.
func TestWarmShardedSearchMatchesCold(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 1,800 pages sixteen times")
	}
	dir := t.TempDir()
	if err := synth.Write(dir, 1800); err != nil {
		t.Fatal(err)
	}
	content := filepath.Join(dir, "content")
	var pages []string
	filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") && !strings.Contains(p, "/en/") {
			pages = append(pages, p)
		}
		return nil
	})
	slices.Sort(pages)
	warm := filepath.Join(dir, "warm")
	cfg := Config{ContentDir: content, OutDir: warm, Skip: []string{"proposals"}}
	rng := rand.New(rand.NewPCG(5, 5))
	edit := func(p, old, new string) {
		src := readFile(t, p)
		if !strings.Contains(src, old) {
			t.Fatalf("%s lacks %q", p, old)
		}
		writeFile(t, p, []byte(strings.Replace(src, old, new, 1)))
	}
	steps := []struct {
		name string
		do   func()
	}{
		{"nothing", func() {}},
		{"nothing", func() {}}, // now the build before last has its sums too
		{"body", func() {
			p := pages[rng.IntN(len(pages))]
			writeFile(t, p, []byte(readFile(t, p)+"\n\n新词汇：羧基甲纤维素 carboxymethyl。\n"))
		}},
		{"two bodies", func() {
			for range 2 {
				p := pages[rng.IntN(len(pages))]
				writeFile(t, p, []byte(readFile(t, p)+"\n\n再加一段话。\n"))
			}
		}},
		{"title", func() { edit(pages[rng.IntN(len(pages))], "title = \"", "title = \"改名 ") }},
		{"a title in the sidebars", func() {
			for _, p := range pages {
				if strings.Contains(readFile(t, p), "\nweight = 1\n") { // listed first in its section
					edit(p, "title = \"", "title = \"侧栏 ")
					return
				}
			}
			t.Fatal("no page of weight 1")
		}},
		{"a body cut short", func() {
			p := pages[rng.IntN(len(pages))]
			src := readFile(t, p)
			writeFile(t, p, []byte(src[:strings.Index(src, "+++\n")+4+strings.Index(src[strings.Index(src, "+++\n")+4:], "+++\n")+4]+"短。\n"))
		}},
		{"new page", func() {
			writeFile(t, filepath.Join(content, "steps", "zz-new.md"), []byte("+++\ntitle = \"新页\"\n+++\n全新的页面。\n"))
		}},
	}
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	for i, st := range steps {
		st.do()
		res, err := Build(cfg)
		if err != nil {
			t.Fatal(err)
		}
		cold := filepath.Join(dir, "cold")
		if _, err := Build(Config{ContentDir: content, OutDir: cold, Skip: []string{"proposals"}}); err != nil {
			t.Fatal(err)
		}
		if diff := sameOutput(t, cold, warm); diff != "" {
			t.Fatalf("step %d (%s): the warm build differs from a cold one: %s", i, st.name, diff)
		}
		if res.Reused < res.Pages/2 {
			t.Errorf("step %d (%s): %d reused of %d pages", i, st.name, res.Reused, res.Pages)
		}
		// The title is in the sidebar of its section's pages: they are
		// patched, not made again.
		patched := res.Kept["site.page (sidebar patched)"]
		if st.name == "a title in the sidebars" && patched < 50 {
			t.Errorf("step %d (%s): %d pages patched, want the section's (made anew: %v)", i, st.name, patched, res.Made)
		}
		// A title edit that moves its page among its section's remakes the
		// page, its neighbours, lists that show it, its handbook part and
		// the search files of its words: not every part or every shard.
		if made := res.Made["site.file"] - patched; strings.Contains(st.name, "title") && made > 60 {
			t.Errorf("step %d (%s): %d files made anew besides %d patched, want at most 60", i, st.name, made, patched)
		}
		os.RemoveAll(cold)
	}
	if _, err := os.Stat(filepath.Join(warm, "site", "search", "t", "0.js")); err != nil {
		t.Fatal("the index is not in shards")
	}
}

// TestWarmBuildWithOwnTheme: a project's own template may show any page's
// title on every page; a title edit then reaches every page, warm or cold.
func TestWarmBuildWithOwnTheme(t *testing.T) {
	dir := copyExample(t)
	content := filepath.Join(dir, "content")
	footer := `{{define "footer"}}<footer class="site-footer"><ul>{{range .Site.Pages}}<li>{{.Title}}</li>{{end}}</ul></footer>{{end}}`
	writeFile(t, filepath.Join(dir, "themes", "default", "partials", "footer.html"), []byte(footer))
	warm, cold := filepath.Join(dir, "warm"), filepath.Join(dir, "cold")
	cfg := Config{ContentDir: content, OutDir: warm, Skip: []string{"proposals"}}
	for range 3 {
		if _, err := Build(cfg); err != nil {
			t.Fatal(err)
		}
	}
	page := filepath.Join(content, "toolkit", "deposit.md")
	writeFile(t, page, []byte(strings.Replace(readFile(t, page), `title = "`, `title = "新的标题：`, 1)))
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(Config{ContentDir: content, OutDir: cold, Skip: []string{"proposals"}}); err != nil {
		t.Fatal(err)
	}
	if diff := sameOutput(t, cold, warm); diff != "" {
		t.Fatalf("with the project's own footer, a title edit: %s", diff)
	}
	if !strings.Contains(readFile(t, filepath.Join(warm, "site", "steps", "analyze.html")), "新的标题：") {
		t.Error("a page far from the edited one does not list its new title")
	}
}

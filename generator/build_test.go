package generator

import (
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"playbook/generator/diag"
	"playbook/generator/internal/txtar"
	"playbook/generator/synth"
	"playbook/generator/writer"
)

var update = flag.Bool("update", false, "rewrite the want/ files of testdata/*.txtar")

// TestGolden builds each testdata/*.txtar: files under content/ and themes/
// are the input; want/errors is the expected failure, want/site/... the
// expected output files.
func TestGolden(t *testing.T) {
	archives, _ := filepath.Glob("testdata/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no testdata")
	}
	for _, file := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a := txtar.Parse(data)
			dir := t.TempDir()
			for _, f := range a.Files {
				if strings.HasPrefix(f.Name, "want/") {
					continue
				}
				writeFile(t, filepath.Join(dir, f.Name), f.Data)
			}
			_, err = Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output")})
			got := func(name string) []byte {
				if name == "want/errors" {
					if err == nil {
						return []byte("(no errors)\n")
					}
					return []byte(strings.ReplaceAll(err.Error(), filepath.ToSlash(dir)+"/", "") + "\n")
				}
				if err != nil {
					t.Fatalf("build failed:\n%v", err)
				}
				b, rerr := os.ReadFile(filepath.Join(dir, "output", strings.TrimPrefix(name, "want/")))
				if rerr != nil {
					return []byte("(missing)\n")
				}
				return b
			}
			changed := false
			for i, f := range a.Files {
				if !strings.HasPrefix(f.Name, "want/") {
					continue
				}
				g := got(f.Name)
				if *update {
					if !bytes.Equal(a.Files[i].Data, g) {
						a.Files[i].Data, changed = g, true
					}
					continue
				}
				if !bytes.Equal(f.Data, g) {
					t.Errorf("%s differs (run go test ./generator -run TestGolden -update to accept):\n%s", f.Name, diffLines(string(f.Data), string(g)))
				}
			}
			if changed {
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func writeFile(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// diffLines shows the first differing lines.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d\n want: %s\n  got: %s", i+1, wl, gl)
		}
	}
	return "(same lines)"
}

// copyExample copies the repository's example content into a new project.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir("../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("..", p)
		writeFile(t, filepath.Join(dir, rel), data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestExampleSite(t *testing.T) {
	dir := copyExample(t)
	// The examples' proposals are dated 2026-12-01.
	res, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output"),
		Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("the example does not build:\n%v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("the example has warnings:\n%v", (&diag.Error{List: res.Warnings}).Error())
	}
	site := filepath.Join(dir, "output", "site")
	home := readFile(t, filepath.Join(site, "index.html"))
	// The home page shows the six steps as a path, in method order.
	var last int
	for i, step := range []string{"analyze", "trust", "needs", "value", "commit", "collect"} {
		at := strings.Index(home, `href="steps/`+step+`.html"><span class="step-no">`+fmt.Sprint(i+1))
		if at < last {
			t.Errorf("step %s missing or out of order on the home page", step)
		}
		last = at
	}
	// Each step page links to the step before and after it.
	for i, step := range []string{"trust", "needs", "value", "commit"} {
		page := readFile(t, filepath.Join(site, "steps", step+".html"))
		prev := []string{"analyze", "trust", "needs", "value"}[i]
		next := []string{"needs", "value", "commit", "collect"}[i]
		if !strings.Contains(page, `rel="prev" href="../steps/`+prev+`.html"`) ||
			!strings.Contains(page, `rel="next" href="../steps/`+next+`.html"`) {
			t.Errorf("step %s lacks prev %s / next %s", step, prev, next)
		}
	}
	checkLinks(t, site)
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var (
	linkAttr = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	idAttr   = regexp.MustCompile(`\bid="([^"]*)"`)
)

// checkLinks fails for every href or src in the site that does not resolve
// to a file, and every #fragment without its id.
func checkLinks(t *testing.T, site string) {
	t.Helper()
	checkLinksMin(t, site, 100)
}

// checkLinksMin is checkLinks for a site with at least min links.
func checkLinksMin(t *testing.T, site string, min int) {
	t.Helper()
	ids := map[string][]string{}
	pageIDs := func(file string) []string {
		if v, ok := ids[file]; ok {
			return v
		}
		var out []string
		for _, m := range idAttr.FindAllStringSubmatch(readFile(t, file), -1) {
			out = append(out, html.UnescapeString(m[1]))
		}
		ids[file] = out
		return out
	}
	checked := 0
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		for _, m := range linkAttr.FindAllStringSubmatch(readFile(t, p), -1) {
			ref := html.UnescapeString(m[1])
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: bad URL %q", p, ref)
				continue
			}
			if u.Scheme != "" || strings.HasPrefix(ref, "//") {
				continue
			}
			target := p
			if u.Path != "" {
				if strings.HasPrefix(u.Path, "/") {
					target = filepath.Join(site, filepath.FromSlash(u.Path))
				} else {
					target = filepath.Join(filepath.Dir(p), filepath.FromSlash(u.Path))
				}
				if st, err := os.Stat(target); err == nil && st.IsDir() {
					target = filepath.Join(target, "index.html")
				}
				if _, err := os.Stat(target); err != nil {
					t.Errorf("%s: broken link %q", p, ref)
					continue
				}
			}
			checked++
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !slices.Contains(pageIDs(target), u.Fragment) {
				t.Errorf("%s: link %q: no id %q in %s", p, ref, u.Fragment, target)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < min {
		t.Errorf("only %d links checked", checked)
	}
}

// TestAccountsNeverPublished: nothing under content/accounts/ reaches the site.
func TestAccountsNeverPublished(t *testing.T) {
	dir := copyExample(t)
	secret := "机密客户联系人张三丰 13800001111"
	writeFile(t, filepath.Join(dir, "content/accounts/acme.toml"), []byte("[account]\nname = \""+secret+"\"\n"))
	writeFile(t, filepath.Join(dir, "content/accounts/notes.md"), []byte("+++\ntitle = \""+secret+"\"\n+++\n"+secret+"\n"))
	writeFile(t, filepath.Join(dir, "content/accounts/photo.png"), []byte(secret))
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output")}); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(filepath.Join(dir, "output"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.Contains(p, "accounts") {
			t.Errorf("account file published: %s", p)
		}
		if bytes.Contains([]byte(readFile(t, p)), []byte("张三丰")) {
			t.Errorf("account data in %s", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The examples' progress (internal) is in no proposal either.
	pdftotext := tool(t, "pdftotext", "poppler-utils")
	for _, want := range []string{"resend the signed delivery notes", "确认评分表", "访谈早班保洁"} {
		for _, pdf := range []string{"northwind-logistics", "huadong-petro", "minimal"} {
			out, err := exec.Command(pdftotext, filepath.Join(dir, "output", "proposals", pdf+".pdf"), "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(strings.Join(strings.Fields(string(out)), ""), strings.ReplaceAll(want, " ", "")) {
				t.Errorf("%s.pdf prints the account's next action %q", pdf, want)
			}
		}
	}
}

// TestFailedBuildKeepsOutput: a content error leaves the previous site byte
// for byte.
func TestFailedBuildKeepsOutput(t *testing.T) {
	dir := copyExample(t)
	cfg := Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output")}
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, filepath.Join(dir, "output"))
	writeFile(t, filepath.Join(dir, "content/steps/trust.md"), []byte("+++\ntitle = \"x\"\nstep = 3\n+++\n"))
	writeFile(t, filepath.Join(dir, "content/fab/new.md"), []byte("+++\ntitle = \"y\"\n+++\n[broken](nowhere.md)\n"))
	_, err := Build(cfg)
	if err == nil {
		t.Fatal("broken content built")
	}
	for _, want := range []string{"steps/trust.md:3:1: step: wrong type", "fab/new.md:4:1: link to missing page", "fab/new.md:2:1: a FAB sheet needs"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if after := snapshot(t, filepath.Join(dir, "output")); after != before {
		t.Error("a failed build changed the output")
	}
	// A later good build replaces the site completely: no stale pages.
	_ = os.Remove(filepath.Join(dir, "content/fab/new.md"))
	_ = os.Remove(filepath.Join(dir, "content/en/fab/down-trousers.md"))
	writeFile(t, filepath.Join(dir, "content/steps/trust.md"), []byte(readFile(t, "../content/steps/trust.md")))
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "output/site/en/fab/down-trousers.html")); err == nil {
		t.Error("a removed page is still in the site")
	}
}

// snapshot hashes every file of the site.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(filepath.Join(dir, "site"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fmt.Fprintf(h, "%s\n%s\n", p, readFile(t, p))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestNothingReadOutsideContent: symbolic links that lead out of the content
// folder (a page, an account, site.toml's font) are errors with their file,
// and what they point at is never read into the build.
func TestNothingReadOutsideContent(t *testing.T) {
	dir := copyExample(t)
	secret := filepath.Join(t.TempDir(), "secret.txt")
	writeFile(t, secret, []byte("+++\ntitle = \"外部机密\"\n+++\n外部机密\n"))
	content := filepath.Join(dir, "content")
	for _, link := range []string{"toolkit/leak.md", "accounts/leak.toml", "images/leak.png"} {
		os.MkdirAll(filepath.Dir(filepath.Join(content, link)), 0o755)
		if err := os.Symlink(secret, filepath.Join(content, link)); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Build(Config{ContentDir: content, OutDir: filepath.Join(dir, "output")})
	if err == nil {
		t.Fatal("links out of the content folder were accepted")
	}
	for _, link := range []string{"toolkit/leak.md", "accounts/leak.toml", "images/leak.png"} {
		if !strings.Contains(err.Error(), link+": symbolic link to outside the content folder") {
			t.Errorf("%s not reported:\n%v", link, err)
		}
	}
	if strings.Contains(err.Error(), "外部机密") {
		t.Error("the linked file was read")
	}
}

// TestOutputOwnership: Playbook writes only into output folders it made; a
// folder with the user's files in it is refused with nothing touched.
func TestOutputOwnership(t *testing.T) {
	dir := copyExample(t)
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "output")
	cfg := Config{ContentDir: content, OutDir: out, Skip: []string{"proposals"}}
	mine := filepath.Join(out, "site", "notes.txt")
	writeFile(t, mine, []byte("我的笔记"))
	_, err := Build(cfg)
	if err == nil || !strings.Contains(err.Error(), "holds files Playbook did not write (notes.txt)") {
		t.Fatalf("a folder with the user's file was taken: %v", err)
	}
	if readFile(t, mine) != "我的笔记" {
		t.Fatal("the user's file was touched")
	}
	for _, left := range []string{".site.staging", ".site.prev", writer.Marker} {
		if _, err := os.Stat(filepath.Join(out, left)); err == nil {
			t.Errorf("a refused build left %s", left)
		}
	}
	// After a build into a folder of its own, a file added to it is the
	// user's again.
	os.Remove(mine)
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	writeFile(t, mine, []byte("后来的笔记"))
	if _, err := Build(cfg); err == nil || !strings.Contains(err.Error(), "notes.txt") {
		t.Fatalf("a file added to the built site was taken: %v", err)
	}
	if readFile(t, mine) != "后来的笔记" {
		t.Fatal("the user's file was touched")
	}
	// A link put into the site is never followed, and never the build's.
	os.Remove(mine)
	outside := t.TempDir()
	os.RemoveAll(filepath.Join(out, "site", "steps"))
	if err := os.Symlink(outside, filepath.Join(out, "site", "steps")); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(cfg); err == nil {
		t.Error("a site with a link in it was taken")
	}
	cfg.Force = true
	if _, err := Build(cfg); err != nil {
		t.Fatalf("--force: %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("the build wrote through a link: %v", entries)
	}
	if st, err := os.Lstat(filepath.Join(out, "site", "steps")); err != nil || !st.IsDir() {
		t.Error("the site's steps/ is not a folder of its own")
	}
}

// TestOutputApartFromContent: an output inside the content folder would be
// published by the next build; content inside the output replaced.
func TestOutputApartFromContent(t *testing.T) {
	dir := copyExample(t)
	content := filepath.Join(dir, "content")
	for _, out := range []string{content, filepath.Join(content, "output"), dir} {
		if _, err := Build(Config{ContentDir: content, OutDir: out}); err == nil || !strings.Contains(err.Error(), "choose another --out") {
			t.Errorf("--out %s: %v", out, err)
		}
	}
	if _, err := os.Stat(filepath.Join(content, "output")); err == nil {
		t.Error("a refused build wrote into the content folder")
	}
}

// TestFailedBuildLeavesNoStaging: a build that fails while writing leaves
// the previous output as it was and no staging folder.
func TestFailedBuildLeavesNoStaging(t *testing.T) {
	dir := copyExample(t)
	cfg := Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output"), Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, cfg.OutDir)
	// A template that fails while pages render fails the build after the
	// output folders were staged.
	writeFile(t, filepath.Join(dir, "themes/default/partials/footer.html"), []byte("{{define \"footer\"}}{{.Nope}}{{end}}\n"))
	if _, err := Build(cfg); err == nil {
		t.Fatal("a broken template built")
	}
	if snapshot(t, cfg.OutDir) != before {
		t.Error("the failed build changed the site")
	}
	for _, left := range []string{".site.staging", ".proposals.staging"} {
		if _, err := os.Stat(filepath.Join(cfg.OutDir, left)); err == nil {
			t.Errorf("%s left behind", left)
		}
	}
}

// TestFailedBuildMakesNoFolder: a build that fails before it writes leaves
// the file system as it found it: no output folder where there was none (a
// mistyped --out included), no empty staging folder beside a site.
func TestFailedBuildMakesNoFolder(t *testing.T) {
	dir := copyExample(t)
	writeFile(t, filepath.Join(dir, "content/site.toml"), []byte(strings.Replace(readFile(t, "../content/site.toml"), "title", "titel", 1)))
	cfg := Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "new", "out")}
	if _, err := Build(cfg); err == nil {
		t.Fatal("a site.toml with an unknown key built")
	}
	if _, err := os.Lstat(filepath.Join(dir, "new")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed build made its output folder: %v", err)
	}
	writeFile(t, filepath.Join(dir, "content/site.toml"), []byte(readFile(t, "../content/site.toml")))
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	list := func() []string {
		entries, err := os.ReadDir(cfg.OutDir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	before := list()
	writeFile(t, filepath.Join(dir, "content/site.toml"), []byte(strings.Replace(readFile(t, "../content/site.toml"), "title", "titel", 1)))
	if _, err := Build(cfg); err == nil {
		t.Fatal("a site.toml with an unknown key built")
	}
	if after := list(); !slices.Equal(after, before) {
		t.Errorf("a failed build changed the output folder from %q to %q", before, after)
	}
}

// TestOutputFromBefore: an output folder written before the marker existed
// (a Playbook site, Playbook PDFs) is still Playbook's.
func TestOutputFromBefore(t *testing.T) {
	dir := copyExample(t)
	cfg := Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output"), Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(cfg.OutDir, writer.Marker))
	if _, err := Build(cfg); err != nil {
		t.Errorf("an older Playbook's output was refused: %v", err)
	}
	os.Remove(filepath.Join(cfg.OutDir, writer.Marker))
	writeFile(t, filepath.Join(cfg.OutDir, "proposals", "contract.pdf"), []byte("%PDF-1.7 the user's signed contract"))
	if _, err := Build(cfg); err == nil || !strings.Contains(err.Error(), "contract.pdf") {
		t.Errorf("a PDF of the user's was taken: %v", err)
	}
}

// TestHostileNames: file names, tags and links that look like schemes,
// queries or fragments become plain relative URLs that lead to their pages;
// unsafe link schemes and base_url values are errors with their place.
func TestHostileNames(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	page := func(title, extra string) []byte {
		return []byte("+++\ntitle = \"" + title + "\"\n" + extra + "+++\n正文\n")
	}
	writeFile(t, filepath.Join(content, "site.toml"), []byte("title = \"t\"\n"))
	writeFile(t, filepath.Join(content, "javascript:alert(7).md"), page("J", "tags = [\"C++\", \"C#\", \"c\"]\n"))
	writeFile(t, filepath.Join(content, "q?x#y%z.md"), page("Q", ""))
	writeFile(t, filepath.Join(content, "notes", "a b.md"), []byte("+++\ntitle = \"A\"\n+++\n[q](../q%3Fx%23y%25z.md) [j](../javascript:alert(7).md)\n"))
	out := filepath.Join(dir, "output")
	if _, err := Build(Config{ContentDir: content, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(out, "site")
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		for _, m := range linkAttr.FindAllStringSubmatch(readFile(t, p), -1) {
			if u := strings.ToLower(html.UnescapeString(m[1])); strings.HasPrefix(u, "javascript:") || strings.Contains(u, "#zgotmplz") {
				t.Errorf("%s: href %q", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checkLinksMin(t, site, 10)
	for _, tag := range []string{"c", "c-"} {
		matches, _ := filepath.Glob(filepath.Join(site, "tags", tag+"*.html"))
		if tag == "c-" && len(matches) != 2 || tag == "c" && len(matches) != 3 {
			t.Errorf("tag pages %s*: %v", tag, matches)
		}
	}
	// Unsafe schemes and base_url values are refused where they are written.
	writeFile(t, filepath.Join(content, "site.toml"), []byte("title = \"t\"\nbase_url = \"/x\\\" onmouseover=\\\"alert(1)\\\" y=\\\"/\"\n"))
	writeFile(t, filepath.Join(content, "bad.md"), []byte("+++\ntitle = \"B\"\n+++\n[x](javascript:alert(1)) [y](data:text/html,hi)\n"))
	_, err = Build(Config{ContentDir: content, OutDir: out})
	for _, want := range []string{"site.toml:2:1: base_url", "bad.md:4:1: link \"javascript:alert(1)\"", "bad.md:4:26: link \"data:text/html,hi\""} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
	writeFile(t, filepath.Join(content, "site.toml"), []byte("title = \"t\"\nbase_url = \"javascript:alert(1)\"\n"))
	if _, err := Build(Config{ContentDir: content, OutDir: out}); err == nil || !strings.Contains(err.Error(), "must be an http or https URL") {
		t.Errorf("javascript: base_url: %v", err)
	}
}

// TestCheckAgreesWithBuild: every problem that stops a build is found by
// check, in the same words, at the same place.
func TestCheckAgreesWithBuild(t *testing.T) {
	edits := map[string]func(dir string){
		"emoji in a proposal": func(dir string) {
			f := filepath.Join(dir, "content/accounts/huadong-petro.toml")
			writeFile(t, f, []byte(strings.Replace(readFile(t, f), "title = \"华东石化集团", "title = \"😀华东石化集团", 1)))
		},
		"a character the font lacks": func(dir string) {
			f := filepath.Join(dir, "content/accounts/northwind-logistics.toml")
			writeFile(t, f, []byte(strings.Replace(readFile(t, f), "prepared_by = \"Chen Yu\"", "prepared_by = \"周✔\"", 1)))
		},
		"a broken template": func(dir string) {
			writeFile(t, filepath.Join(dir, "themes/default/partials/footer.html"), []byte("{{define \"footer\"}}{{.Nope}}{{end}}\n"))
		},
		"a missing page": func(dir string) {
			writeFile(t, filepath.Join(dir, "content/toolkit/x.md"), []byte("+++\ntitle = \"x\"\n+++\n[y](gone.md)\n"))
		},
		"a tag too long for a folder": func(dir string) {
			writeFile(t, filepath.Join(dir, "content/toolkit/x.md"), []byte("+++\ntitle = \"x\"\ntags = [\""+strings.Repeat("长", 100)+"\"]\n+++\n"))
		},
		"a page named index.md": func(dir string) {
			writeFile(t, filepath.Join(dir, "content/toolkit/index.md"), []byte("+++\ntitle = \"x\"\n+++\n"))
		},
		"a page named 404.md": func(dir string) {
			writeFile(t, filepath.Join(dir, "content/404.md"), []byte("+++\ntitle = \"x\"\n+++\n"))
		},
		"a file beside a page of its name": func(dir string) {
			writeFile(t, filepath.Join(dir, "content/toolkit/spin-questions.html"), []byte("x"))
		},
		"a certificate scan that is not an image": func(dir string) {
			writeFile(t, filepath.Join(dir, "content/images/certificates/iso9001.png"), []byte("not a png"))
		},
		"a proposal summary longer than one page": func(dir string) {
			f := filepath.Join(dir, "content/accounts/huadong-petro.toml")
			long := strings.Repeat("集团希望借 2027 年度统一换装，让每一位员工穿得暖、穿得合身、穿得安全。\n\n", 60)
			writeFile(t, f, []byte(strings.Replace(readFile(t, f), "summary = \"\"\"\n", "summary = \"\"\"\n"+long, 1)))
		},
		"a total too large for words": func(dir string) {
			f := filepath.Join(dir, "content/accounts/huadong-petro.toml")
			writeFile(t, f, []byte(strings.Replace(readFile(t, f), "unit_price = 568.00", "unit_price = \"99999999999999999.00\"", 1)))
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			dir := copyExample(t)
			edit(dir)
			cfg := Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output"), Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
			_, buildErr := Build(cfg)
			_, _, checkErr := Check(cfg)
			if buildErr == nil || checkErr == nil {
				t.Fatalf("build: %v\ncheck: %v", buildErr, checkErr)
			}
			if name == "a character the font lacks" && !strings.Contains(checkErr.Error(), "proposal.prepared_by: \"✔\" (U+2714) is not in the proposal font") {
				t.Errorf("check: %v", checkErr)
			}
			if buildErr.Error() != checkErr.Error() {
				t.Errorf("build and check disagree:\nbuild: %v\ncheck: %v", buildErr, checkErr)
			}
			_, err := os.Stat(filepath.Join(dir, "output", "site"))
			if account := strings.Contains(name, "proposal") || strings.Contains(name, "font") || strings.Contains(name, "total"); account != (err == nil) {
				t.Errorf("site written: %v; an account's error should stop only its proposal", err == nil)
			}
		})
	}
}

// TestAccountErrorsStopOnlyTheirProposal: a broken account, or one whose
// proposal cannot be printed, gets no proposal; the site and the other
// proposals are written, and the build reports the errors (exit 1).
func TestAccountErrorsStopOnlyTheirProposal(t *testing.T) {
	dir := copyExample(t)
	cfg := Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output"), Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	writeFile(t, filepath.Join(dir, "content/accounts/new-client.toml"), []byte("[account]\nname = \"\"\n[proposal]\ntitle = \"\"\n"))
	res, err := Build(cfg)
	if res == nil || err == nil || !strings.Contains(err.Error(), "new-client.toml") {
		t.Fatalf("result %v, error %v", res, err)
	}
	for _, want := range []string{"site/index.html", "proposals/huadong-petro.pdf", "proposals/northwind-logistics.pdf"} {
		if _, err := os.Stat(filepath.Join(cfg.OutDir, want)); err != nil {
			t.Errorf("%s not written: %v", want, err)
		}
	}
	if _, err := os.Stat(filepath.Join(cfg.OutDir, "proposals/new-client.pdf")); err == nil {
		t.Error("a broken account got a proposal")
	}
	// Without proposals, an account's errors are only warnings.
	cfg.Skip = []string{"proposals"}
	if res, err := Build(cfg); err != nil || len(res.Warnings) == 0 {
		t.Errorf("--no-proposals: %v, warnings %v", err, res.Warnings)
	}
}

// TestHostileInputsEnd: each hostile input ends within seconds, in bounded
// memory, with a message at its file.
func TestHostileInputsEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile inputs are large: skipped in -short mode")
	}
	cases := map[string]struct {
		file, data, want string
	}{
		"deep TOML front matter": {"deep.md", "+++\ntitle = \"x\"\ntags = " + strings.Repeat("[", 30000) + "\n+++\n", "nested more than 16 deep"},
		"deep TOML account":      {"accounts/deep.toml", "x = " + strings.Repeat("{a = ", 30000) + "1\n", "nested more than 16 deep"},
		"deep list":              {"list.md", "+++\ntitle = \"x\"\n+++\n" + strings.Repeat("- ", 100000) + "x\n", "line of 195 KB"},
		"many links":             {"links.md", "+++\ntitle = \"x\"\n+++\n" + strings.Repeat("见 [链接](links.md) 与 [另一个](links.md#x)。\n\n", 40000), "is 2.1 MB"},
		"unclosed links":         {"brk.md", "+++\ntitle = \"x\"\n+++\n" + strings.Repeat("[a](", 20000) + "\n", "line of 78 KB"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "content/site.toml"), []byte("title = \"t\"\nmax_page_mb = 2\n"))
			writeFile(t, filepath.Join(dir, "content", tc.file), []byte(tc.data))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := checkWithin(t, filepath.Join(dir, "content"), time.Minute)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.file) {
				t.Errorf("error %v, want %q at %s", err, tc.want, tc.file)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64*uint64(len(tc.data))+64<<20 {
				t.Errorf("allocated %d MB for %d KB of input", alloc>>20, len(tc.data)>>10)
			}
		})
	}
}

// checkWithin runs Check on a content folder and fails the test when it
// does not end in time (a hang, not a speed goal).
func checkWithin(t *testing.T, content string, limit time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, _, err := Check(Config{ContentDir: content})
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		t.Fatalf("check of %s did not end within %v", content, limit)
		return nil
	}
}

// TestStalePages: check warns at the reviewed key of each page past its
// review date, naming the owner, and says nothing before that date.
func TestStalePages(t *testing.T) {
	dir := copyExample(t)
	cfg := Config{ContentDir: filepath.Join(dir, "content"), Today: time.Date(2027, 11, 2, 0, 0, 0, 0, time.UTC)}
	_, diags, err := Check(cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := (&diag.Error{List: diags}).Error()
	want := "content/steps/needs.md:3:1: warning: last reviewed 2026-11-01, due again 2027-11-01 (every 12m) (owner: 培训部 林老师): review the page and update reviewed"
	if !strings.Contains(got, want) || strings.Count(got, "last reviewed") != 11 {
		t.Errorf("want 11 stale pages, among them\n%s\ngot\n%s", want, got)
	}
	cfg.Today = time.Date(2027, 10, 31, 0, 0, 0, 0, time.UTC)
	if _, diags, _ := Check(cfg); strings.Contains((&diag.Error{List: diags}).Error(), "last reviewed") {
		t.Errorf("pages stale before their date: %v", diags)
	}
}

// FAB cells are inline markdown on the site and in proposals: bold and
// links work, and a broken link in a cell is reported.
func TestFABCellsAreMarkdown(t *testing.T) {
	dir := copyExample(t)
	f := filepath.Join(dir, "content/fab/field-parka.md")
	src := readFile(t, f)
	src = strings.Replace(src, `feature = "90% 白鸭绒`, `feature = "**90% 白鸭绒**，见[洗护](../toolkit/spin-questions.md)：`, 1)
	writeFile(t, f, []byte(src))
	out := filepath.Join(dir, "output")
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: out, Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	page := readFile(t, filepath.Join(out, "site/fab/field-parka.html"))
	if !strings.Contains(page, "<td><strong>90% 白鸭绒</strong>") || !strings.Contains(page, `href="../toolkit/spin-questions.html"`) || strings.Contains(page, "**") {
		t.Errorf("FAB cell not rendered as markdown:\n%s", page[strings.Index(page, "<table"):][:600])
	}
	writeFile(t, f, []byte(strings.Replace(src, "spin-questions.md", "nowhere.md", 1)))
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: out}); err == nil || !strings.Contains(err.Error(), `link to missing page "../toolkit/nowhere.md"`) {
		t.Errorf("a broken link in a FAB cell: %v", err)
	}
}

// The coaching matrix: step 3's page says what to do with a tiger-style
// decision maker, and the matrix links straight to it.
func TestCoaching(t *testing.T) {
	dir := copyExample(t)
	out := filepath.Join(dir, "output")
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: out, Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	step := readFile(t, filepath.Join(out, "site/steps/needs.html"))
	i := strings.Index(step, `id="coach-decider-tiger"`)
	if i < 0 {
		t.Fatal("step 3 has no tiger-style decision maker")
	}
	pair := step[i:]
	pair = pair[:strings.Index(pair, "</div>")]
	for _, want := range []string{"老虎型决策者", "用一两个关键问题确认他最在意的成效", "三句话讲清", "绕圈子"} {
		if !strings.Contains(pair, want) {
			t.Errorf("the pair lacks %q:\n%s", want, pair)
		}
	}
	matrix := readFile(t, filepath.Join(out, "site/coaching/index.html"))
	if !strings.Contains(matrix, `href="../steps/needs.html#coach-decider-tiger"`) {
		t.Error("the coaching matrix does not link to step 3's tiger-style decision maker")
	}
	// Only roles with a task at a step are listed there: no user at step 1.
	if strings.Contains(readFile(t, filepath.Join(out, "site/steps/analyze.html")), `id="coach-user-`) {
		t.Error("a role without a task at step 1 is listed there")
	}
}

// Each language is a site of its own: its navigation, reading order,
// search and handbook hold only its pages, and a switch joins the
// translations of a page.
func TestLanguages(t *testing.T) {
	dir := copyExample(t)
	out := filepath.Join(dir, "output", "site")
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output"), Skip: []string{"proposals"}}); err != nil {
		t.Fatal(err)
	}
	zhIndex := readFile(t, filepath.Join(out, "search/index.js"))
	enIndex := readFile(t, filepath.Join(out, "en/search/index.js"))
	if strings.Contains(zhIndex, `"u":"en/`) || !strings.Contains(zhIndex, `"u":"fab/field-parka.html"`) {
		t.Error("the Chinese search index holds English pages, or misses Chinese ones")
	}
	if strings.Contains(enIndex, `"u":"fab/`) || !strings.Contains(enIndex, `"u":"en/fab/field-parka.html"`) {
		t.Error("the English search index holds Chinese pages, or misses English ones")
	}
	zhFAB := readFile(t, filepath.Join(out, "fab/field-parka.html"))
	enFAB := readFile(t, filepath.Join(out, "en/fab/field-parka.html"))
	// The Chinese menu has no English page; the English one no Chinese page.
	if strings.Contains(zhFAB, "Insulated parka") || strings.Contains(zhFAB, `class="nav-section-title" href="../../en/`) {
		t.Error("the Chinese page's navigation lists English pages")
	}
	if strings.Contains(enFAB, "六步法") || !strings.Contains(enFAB, `<html lang="en">`) || !strings.Contains(enFAB, "Printable handbook") {
		t.Error("the English page is not an English site: Chinese navigation or UI")
	}
	// The switch leads to the translation, both ways.
	if !strings.Contains(zhFAB, `<a href="../en/fab/field-parka.html" hreflang="en" lang="en">English</a>`) {
		t.Error("the Chinese FAB sheet does not link to its English translation")
	}
	if !strings.Contains(enFAB, `<a href="../../fab/field-parka.html" hreflang="zh-CN" lang="zh-CN">中文</a>`) {
		t.Error("the English FAB sheet does not link to its Chinese original")
	}
	// A page without a translation leads to the other language's home.
	if !strings.Contains(readFile(t, filepath.Join(out, "steps/needs.html")), `<a href="../en/index.html" hreflang="en" lang="en" title=`) {
		t.Error("a page without translation does not lead to the English home")
	}
	// Previous/next stay within the language: the English reading order
	// starts at its home and ends at its last page.
	if strings.Contains(readFile(t, filepath.Join(out, "en/fab/logo-customization.html")), `rel="next"`) ||
		strings.Contains(readFile(t, filepath.Join(out, "en/index.html")), `rel="prev"`) {
		t.Error("the English reading order leads into the Chinese pages")
	}
	if !strings.Contains(readFile(t, filepath.Join(out, "en/handbook/index.html")), "Insulated parka") || strings.Contains(readFile(t, filepath.Join(out, "handbook/index.html")), "Insulated parka") {
		t.Error("the handbooks mix languages")
	}

	// A one-language playbook shows no switch.
	for _, f := range []string{"en/_index.md", "en/steps/_index.md", "en/fab/_index.md", "en/fab/field-parka.md", "en/fab/down-vest.md", "en/fab/down-trousers.md", "en/fab/logo-customization.md"} {
		if err := os.Remove(filepath.Join(dir, "content", f)); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(dir, "content/toolkit/_index.md"), []byte(strings.ReplaceAll(readFile(t, filepath.Join(dir, "content/toolkit/_index.md")), "../en/steps/_index.md", "spin-questions.md")))
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output"), Skip: []string{"proposals"}}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(readFile(t, filepath.Join(out, "fab/field-parka.html")), "lang-switch") {
		t.Error("a one-language site shows a language switch")
	}
}

// A large playbook's handbook is cut into parts, one per top-level section
// (a large section into several), each light enough to open, with links
// between pages leading into the part that holds the page.
func TestHandbookParts(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, 700); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "output")
	res, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: out, Skip: []string{"proposals"}})
	if err != nil {
		t.Fatal(err)
	}
	hb := filepath.Join(out, "site", "handbook")
	contents := readFile(t, filepath.Join(hb, "index.html"))
	parts := regexp.MustCompile(`<a href="(\d+)/index.html">`).FindAllStringSubmatch(contents, -1)
	if len(parts) < 3 {
		t.Fatalf("the contents page lists %d parts:\n%.3000s", len(parts), contents)
	}
	ids := map[string]string{} // entry id -> part
	entries := 0
	var links [][]string
	for _, m := range parts {
		f := filepath.Join(hb, m[1], "index.html")
		html := readFile(t, f)
		if len(html) > 5<<20 {
			t.Errorf("part %s is %d bytes", m[1], len(html))
		}
		for _, id := range regexp.MustCompile(`<section class="handbook-page" id="(p[0-9a-v]{10}(?:\.\d+)?)"`).FindAllStringSubmatch(html, -1) {
			if ids[id[1]] != "" {
				t.Errorf("page %s is in parts %s and %s", id[1], ids[id[1]], m[1])
			}
			ids[id[1]] = m[1]
			entries++
		}
		for _, l := range regexp.MustCompile(`href="\.\./(\d+)/index.html#(p[0-9a-v]{10}(?:\.\d+)?)"`).FindAllStringSubmatch(html, -1) {
			links = append(links, []string{m[1], l[1], l[2]})
		}
	}
	// Every Chinese page is in one part (the English ones have their own handbook).
	zh := 0
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") && !strings.Contains(p, string(filepath.Separator)+"en"+string(filepath.Separator)) {
			zh++
		}
		return nil
	})
	if entries != zh || res.Pages <= zh {
		t.Errorf("the parts hold %d pages, the playbook has %d in Chinese", entries, zh)
	}
	if len(links) == 0 {
		t.Fatal("no link leads from one part to another")
	}
	for _, l := range links {
		if ids[l[2]] != l[1] {
			t.Errorf("part %s links to %s in part %s, but it is in part %q", l[0], l[2], l[1], ids[l[2]])
		}
	}
}

// internalValues are the text values of an account file outside
// [proposal] (what the rep keeps for themselves), of at least six
// characters so that a match cannot be a coincidence; with names, also the
// account's name, its owner and the contacts' names and titles, which a
// proposal may print.
func internalValues(t *testing.T, file string, names bool) []string {
	t.Helper()
	var doc map[string]any
	if _, err := toml.DecodeFile(file, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case string:
			// ids of the method and the playbook, and generic department names, are not the rep's words
			ids := []string{"account.stage", "contacts.role", "contacts.relationship", "contacts.style", "contacts.guide",
				"contacts.department", "progress.steps.step", "progress.steps.done"}
			addressed := []string{"account.name", "account.short_name", "account.owner", "contacts.name", "contacts.title"}
			if utf8.RuneCountInString(v) >= 6 && !slices.Contains(ids, key) && (names || !slices.Contains(addressed, key)) {
				out = append(out, strings.Join(strings.Fields(v), ""))
			}
		case []any:
			for _, x := range v {
				walk(key, x)
			}
		case []map[string]any:
			for _, x := range v {
				walk(key, x)
			}
		case map[string]any:
			for k, x := range v {
				if key == "" && k == "proposal" {
					continue
				}
				walk(strings.TrimPrefix(key+"."+k, "."), x)
			}
		}
	}
	walk("", doc)
	return out
}

// Nothing a rep keeps about an account (profile, contacts, competitors,
// opportunity, SWOT, progress) is in the built site, and none of it but
// the names a proposal addresses is in a proposal.
func TestInternalValuesNeverPublished(t *testing.T) {
	dir := copyExample(t)
	out := filepath.Join(dir, "output")
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: out, Today: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	var site strings.Builder
	filepath.WalkDir(filepath.Join(out, "site"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			site.WriteString(strings.Join(strings.Fields(readFile(t, p)), ""))
		}
		return nil
	})
	pdftotext := tool(t, "pdftotext", "poppler-utils")
	files, _ := filepath.Glob(filepath.Join(dir, "content", "accounts", "*.toml"))
	checked := 0
	for _, f := range files {
		slug := strings.TrimSuffix(filepath.Base(f), ".toml")
		for _, v := range internalValues(t, f, true) {
			checked++
			if strings.Contains(site.String(), v) {
				t.Errorf("%s: %q is in the site", slug, v)
			}
		}
		text, err := exec.Command(pdftotext, filepath.Join(out, "proposals", slug+".pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pdf := strings.Join(strings.Fields(string(text)), "")
		for _, v := range internalValues(t, f, false) {
			if strings.Contains(pdf, v) {
				t.Errorf("%s: %q is in the proposal", slug, v)
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d internal values checked", checked)
	}
}

// TestBuildPrintsHandbook: build prints each language's handbook beside the
// site (the same file the site links to), replaces only a handbook PDF it
// made, and removes one it no longer prints.
func TestBuildPrintsHandbook(t *testing.T) {
	dir := copyExample(t)
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "output")
	cfg := Config{ContentDir: content, OutDir: out, Skip: []string{"proposals"}}
	mine := filepath.Join(out, "handbook.pdf")
	writeFile(t, mine, []byte("%PDF-1.7 the trainer's own handbook"))
	if _, err := Build(cfg); err == nil || !strings.Contains(err.Error(), "holds files Playbook did not write (handbook.pdf)") {
		t.Fatalf("a handbook.pdf of the user's was not refused: %v", err)
	}
	if readFile(t, mine) != "%PDF-1.7 the trainer's own handbook" {
		t.Fatal("the user's handbook.pdf was touched")
	}
	os.Remove(mine)
	// A copy staged by a build stopped before it committed is cleared.
	left := filepath.Join(out, ".handbook.pdf.staging-123")
	writeFile(t, left, []byte("half"))
	res, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(left); err == nil {
		t.Error("a stopped build's staged handbook was left")
	}
	want := []string{filepath.Join(out, "handbook-en.pdf"), filepath.Join(out, "handbook.pdf")}
	if !slices.Equal(res.Handbooks, want) {
		t.Fatalf("printed %v, want %v", res.Handbooks, want)
	}
	for file, site := range map[string]string{"handbook.pdf": "site/handbook/handbook.pdf", "handbook-en.pdf": "site/en/handbook/handbook.pdf"} {
		got, inSite := readFile(t, filepath.Join(out, file)), readFile(t, filepath.Join(out, filepath.FromSlash(site)))
		if !writer.OwnPDF([]byte(got)) || got != inSite {
			t.Errorf("%s is not the PDF the site links to (%s)", file, site)
		}
	}
	// Built again unchanged: the handbook in place is left as it is.
	before, _ := os.Stat(filepath.Join(out, "handbook.pdf"))
	time.Sleep(20 * time.Millisecond)
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(filepath.Join(out, "handbook.pdf")); !after.ModTime().Equal(before.ModTime()) {
		t.Error("an unchanged handbook.pdf was written again")
	}
	// Another output alone leaves the handbooks as they are.
	if _, err := Build(Config{ContentDir: content, OutDir: out, Only: []string{"proposals"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "handbook-en.pdf")); err != nil {
		t.Fatal("a build of the proposals alone removed the handbook")
	}
	// Turned off in site.toml: the handbooks Playbook printed are removed,
	// and the site no longer offers one.
	cfgFile := filepath.Join(content, "site.toml")
	writeFile(t, cfgFile, []byte(readFile(t, cfgFile)+"\n[handbook]\npdf = false\n"))
	res, err = Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Handbooks) != 0 {
		t.Errorf("printed %v with pdf = false", res.Handbooks)
	}
	for _, f := range []string{"handbook.pdf", "handbook-en.pdf", "site/handbook/handbook.pdf"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err == nil {
			t.Errorf("%s is still there with pdf = false", f)
		}
	}
	if page := readFile(t, filepath.Join(out, "site", "handbook", "index.html")); strings.Contains(page, "handbook.pdf") {
		t.Error("the handbook page links to a PDF that is not printed")
	}
}

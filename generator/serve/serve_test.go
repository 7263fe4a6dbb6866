package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"playbook/generator"
	"playbook/generator/proposal"
)

// project writes a small playbook into a temporary folder.
func newProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"content/site.toml":        "title = \"测试\"\n[company]\nname = \"公司\"\n",
		"content/_index.md":        "+++\ntitle = \"首页\"\n+++\n欢迎\n",
		"content/steps/analyze.md": "+++\ntitle = \"客户分析\"\ntype = \"step\"\nstep = \"analyze\"\nstart = \"a\"\nend = \"b\"\n+++\n第一版\n",
		"content/fab/vest.md":      "+++\ntitle = \"马甲\"\n[[fab]]\nfeature = \"轻\"\nadvantage = \"暖\"\nbenefit = \"灵活\"\n+++\n",
		"content/accounts/acme.toml": "[account]\nname = \"某集团\"\n[[contacts]]\nname = \"李\"\nrole = \"decider\"\n[proposal]\ntitle = \"方案一\"\ndate = 2026-12-01\n" +
			"[[proposal.offerings]]\nfab = \"vest\"\nconfiguration = \"藏青\"\n[proposal.quote]\ntax_rate = 13\n[[proposal.quote.items]]\nname = \"马甲\"\nquantity = 10\nunit_price = 100\n",
	}
	for name, data := range files {
		write(t, filepath.Join(dir, name), data)
	}
	return dir
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	// Like an editor that saves safely: a temporary file renamed over the old one.
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".swp")
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

type running struct {
	srv    *Server
	url    string
	events chan [2]string // name, data
	stop   func()
}

// start runs a server on a free loopback port and follows its events.
func start(t testing.TB, dir string) *running {
	t.Helper()
	srv, err := New(Config{Build: generator.Config{ContentDir: filepath.Join(dir, "content")}, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, func(a string) { addr <- a }) }()
	r := &running{srv: srv, url: "http://" + <-addr, events: make(chan [2]string, 1000)}
	resp, err := http.Get(r.url + "/_playbook/events")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var name, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = line[7:]
			case strings.HasPrefix(line, "data: "):
				data += line[6:]
			case line == "":
				r.events <- [2]string{name, data}
				name, data = "", ""
			}
		}
	})
	r.expect(t, "hello", 5*time.Second)
	r.stop = func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		resp.Body.Close()
		wg.Wait()
	}
	t.Cleanup(func() {
		if r.stop != nil {
			r.stop()
		}
	})
	return r
}

// expect waits for the next event of a kind, skipping others.
func (r *running) expect(t testing.TB, name string, timeout time.Duration) string {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case e := <-r.events:
			if e[0] == name {
				return e[1]
			}
		case <-deadline:
			t.Fatalf("no %q event within %v", name, timeout)
		}
	}
}

// waitFor follows reload events until path answers with code and (for 200)
// contains want: creating a folder and its files can take two rebuilds.
func (r *running) waitFor(t testing.TB, path string, code int, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r.expect(t, "reload", 5*time.Second)
		got, body := r.get(t, path)
		if got == code && strings.Contains(body, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d, want %d with %q", path, got, code, want)
		}
	}
}

func (r *running) get(t testing.TB, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(r.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestIncremental: an edit renders only the pages that show it, and the
// handbook and search index made on request follow the edit.
func TestIncremental(t *testing.T) {
	dir := newProject(t)
	r := start(t, dir)
	if _, body := r.get(t, "/search/index.js"); !strings.Contains(body, "第一版") {
		t.Fatal("search index lacks the page text")
	}
	before := r.srv.cache.Made("site.page")
	write(t, filepath.Join(dir, "content/steps/analyze.md"), "+++\ntitle = \"客户分析\"\ntype = \"step\"\nstep = \"analyze\"\nstart = \"a\"\nend = \"b\"\n+++\n第三版\n")
	r.expect(t, "reload", 5*time.Second)
	if n := r.srv.cache.Made("site.page") - before; n != 1 {
		t.Errorf("a body edit rendered %d pages, want 1", n)
	}
	if _, body := r.get(t, "/search/index.js"); !strings.Contains(body, "第三版") {
		t.Error("search index did not follow the edit")
	}
	if _, body := r.get(t, "/handbook/"); !strings.Contains(body, "第三版") || !strings.Contains(body, "/_playbook/live.js") {
		t.Error("handbook did not follow the edit")
	}
	// A title shows in the sidebar, prev/next and lists: more pages change.
	before = r.srv.cache.Made("site.page")
	write(t, filepath.Join(dir, "content/fab/vest.md"), "+++\ntitle = \"羽绒马甲\"\n[[fab]]\nfeature = \"轻\"\nadvantage = \"暖\"\nbenefit = \"灵活\"\n+++\n")
	r.expect(t, "reload", 5*time.Second)
	if n := r.srv.cache.Made("site.page") - before; n < 2 {
		t.Errorf("a title edit rendered %d pages", n)
	}
	if _, body := r.get(t, "/fab/"); !strings.Contains(body, "羽绒马甲") {
		t.Error("the section list does not show the new title")
	}
	if _, body := r.get(t, "/fab/vest.html"); strings.Count(body, "羽绒马甲") < 2 {
		t.Error("the page's own sidebar and title do not show the new title")
	}
}

func TestEditReloadsAfterServing(t *testing.T) {
	dir := newProject(t)
	r := start(t, dir)
	if code, body := r.get(t, "/steps/analyze.html"); code != 200 || !strings.Contains(body, "第一版") || !strings.Contains(body, "/_playbook/live.js") {
		t.Fatalf("first page: %d", code)
	}
	write(t, filepath.Join(dir, "content/steps/analyze.md"), "+++\ntitle = \"客户分析\"\ntype = \"step\"\nstep = \"analyze\"\nstart = \"a\"\nend = \"b\"\n+++\n第二版\n")
	r.expect(t, "reload", 5*time.Second)
	// The reload is announced only once the new build is served.
	if _, body := r.get(t, "/steps/analyze.html"); !strings.Contains(body, "第二版") {
		t.Error("reload announced before the edit was served")
	}
}

func TestFoldersFollow(t *testing.T) {
	dir := newProject(t)
	r := start(t, dir)
	// A folder created later is watched too.
	os.MkdirAll(filepath.Join(dir, "content/toolkit/deep"), 0o755)
	write(t, filepath.Join(dir, "content/toolkit/deep/spin.md"), "+++\ntitle = \"SPIN\"\n+++\n问题库\n")
	r.waitFor(t, "/toolkit/deep/spin.html", 200, "问题库")
	write(t, filepath.Join(dir, "content/toolkit/deep/spin.md"), "+++\ntitle = \"SPIN\"\n+++\n改过\n")
	r.waitFor(t, "/toolkit/deep/spin.html", 200, "改过")
	// Rename, then delete the folder.
	os.Rename(filepath.Join(dir, "content/toolkit/deep/spin.md"), filepath.Join(dir, "content/toolkit/deep/questions.md"))
	r.waitFor(t, "/toolkit/deep/questions.html", 200, "改过")
	if code, _ := r.get(t, "/toolkit/deep/spin.html"); code != 404 {
		t.Errorf("old name still served: %d", code)
	}
	os.RemoveAll(filepath.Join(dir, "content/toolkit"))
	r.waitFor(t, "/toolkit/deep/questions.html", 404, "")
}

func TestErrorsOverlayAndFix(t *testing.T) {
	dir := newProject(t)
	r := start(t, dir)
	write(t, filepath.Join(dir, "content/fab/vest.md"), "+++\ntitle = \"马甲\"\ncolour = \"red\"\n+++\n")
	data := r.expect(t, "errors", 5*time.Second)
	if !strings.Contains(data, `"file":"`) || !strings.Contains(data, `fab/vest.md","line":3,"col":1`) || !strings.Contains(data, `unknown key`) {
		t.Errorf("errors event: %s", data)
	}
	// The last good site is still served, and a page opened now gets the errors too.
	if code, body := r.get(t, "/fab/vest.html"); code != 200 || !strings.Contains(body, "灵活") {
		t.Errorf("last good page not served: %d", code)
	}
	if _, body := r.get(t, "/_playbook/errors"); !strings.Contains(body, "colour") {
		t.Error("errors endpoint empty")
	}
	// A broken account is shown too.
	write(t, filepath.Join(dir, "content/fab/vest.md"), "+++\ntitle = \"马甲\"\n[[fab]]\nfeature = \"轻\"\nadvantage = \"暖\"\nbenefit = \"灵活\"\n+++\n")
	r.expect(t, "reload", 5*time.Second)
	if _, body := r.get(t, "/_playbook/errors"); body != "[]" {
		t.Errorf("errors not cleared: %s", body)
	}
	acme := filepath.Join(dir, "content/accounts/acme.toml")
	old, _ := os.ReadFile(acme)
	// A broken account stops only its own preview: the site is rebuilt,
	// and its errors are shown over the pages.
	write(t, acme, strings.Replace(string(old), "quantity = 10", "quantity = 0", 1))
	r.expect(t, "reload", 5*time.Second)
	if _, data := r.get(t, "/_playbook/errors"); !strings.Contains(data, "quantity") || !strings.Contains(data, "accounts/acme.toml") {
		t.Errorf("account error: %s", data)
	}
	if code, body := r.get(t, "/_proposals/acme.pdf"); code != http.StatusUnprocessableEntity || !strings.Contains(body, "quantity") {
		t.Errorf("a broken account's preview: %d %s", code, body)
	}
	write(t, acme, string(old))
	r.expect(t, "reload", 5*time.Second)
}

// TestThemeEdits: a broken template in a themes folder made while serving
// shows the overlay with its file and line; a CSS change swaps stylesheets.
func TestThemeEdits(t *testing.T) {
	dir := newProject(t)
	r := start(t, dir)
	footer := filepath.Join(dir, "themes/default/partials/footer.html")
	os.MkdirAll(filepath.Dir(footer), 0o755)
	write(t, footer, "{{define \"footer\"}}<footer>\n{{if .Site}}unclosed\n</footer>{{end}}\n")
	deadline := time.Now().Add(5 * time.Second)
	for {
		data := r.expect(t, "errors", 5*time.Second)
		if strings.Contains(data, "themes/default/partials/footer.html") && strings.Contains(data, `"line":4`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no template error: %s", data)
		}
	}
	write(t, footer, "{{define \"footer\"}}<footer>新页脚</footer>{{end}}\n")
	r.waitFor(t, "/", 200, "新页脚")
	css := filepath.Join(dir, "themes/default/assets/style.css")
	os.MkdirAll(filepath.Dir(css), 0o755)
	r.expect(t, "reload", 5*time.Second) // the new folder
	write(t, css, "body{color:red}")
	r.expect(t, "css", 5*time.Second)
	if _, body := r.get(t, "/assets/style.css"); body != "body{color:red}" {
		t.Errorf("stylesheet not replaced: %.40s", body)
	}
}

// TestBurst: 200 saves in about a second end with the final content served.
func TestBurst(t *testing.T) {
	dir := newProject(t)
	r := start(t, dir)
	name := filepath.Join(dir, "content/steps/analyze.md")
	for i := range 200 {
		os.WriteFile(name, fmt.Appendf(nil, "+++\ntitle = \"客户分析\"\ntype = \"step\"\nstep = \"analyze\"\nstart = \"a\"\nend = \"b\"\n+++\n版本 %d\n", i), 0o644)
		time.Sleep(5 * time.Millisecond)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		r.expect(t, "reload", 10*time.Second)
		if _, body := r.get(t, "/steps/analyze.html"); strings.Contains(body, "版本 199") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the final save was never served")
		}
	}
}

func TestOnlySiteFilesServed(t *testing.T) {
	dir := newProject(t)
	os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("secret"), 0o644)
	os.Symlink("steps", filepath.Join(dir, "content", "etc")) // inside: not published, a warning
	r := start(t, dir)
	for _, p := range []string{"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/etc/passwd", "//etc/passwd",
		"/accounts/acme.toml", "/site.toml", "/steps/analyze.md", "/.." + "/content/site.toml"} {
		req, _ := http.NewRequest("GET", r.url+"/", nil)
		req.URL.Opaque = p // as sent, not cleaned by the client
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if (resp.StatusCode != 404 && resp.StatusCode != 421) || strings.Contains(string(body), "secret") || strings.Contains(string(body), "root:x:0") {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	for path, ctype := range map[string]string{"/": "text/html", "/handbook/": "text/html", "/assets/style.css": "text/css", "/assets/site.js": "text/javascript", "/sitemap.xml": "xml", "/search/index.js": "javascript"} {
		resp, err := http.Get(r.url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if !strings.Contains(resp.Header.Get("Content-Type"), ctype) {
			t.Errorf("%s: content type %q", path, resp.Header.Get("Content-Type"))
		}
	}
}

func TestProposalPreview(t *testing.T) {
	dir := newProject(t)
	r := start(t, dir)
	if code, body := r.get(t, "/_proposals/"); code != 200 || !strings.Contains(body, "acme") || !strings.Contains(body, "方案一") {
		t.Fatalf("index: %d %s", code, body)
	}
	_, first := r.get(t, "/_proposals/acme.pdf")
	if !strings.HasPrefix(first, "%PDF-") {
		t.Fatal("no PDF")
	}
	acme := filepath.Join(dir, "content/accounts/acme.toml")
	old, _ := os.ReadFile(acme)
	write(t, acme, strings.Replace(string(old), "方案一", "方案二", 1))
	r.expect(t, "reload", 5*time.Second)
	_, second := r.get(t, "/_proposals/acme.pdf")
	if second == first {
		t.Error("the proposal did not follow the account edit")
	}
	// An edit elsewhere does not regenerate it.
	write(t, filepath.Join(dir, "content/_index.md"), "+++\ntitle = \"首页\"\n+++\n欢迎光临\n")
	r.expect(t, "reload", 5*time.Second)
	before := r.srv.cache.Made("proposal")
	if _, third := r.get(t, "/_proposals/acme.pdf"); third != second || r.srv.cache.Made("proposal") != before {
		t.Error("an unrelated edit regenerated the proposal")
	}
	// A FAB sheet it offers does.
	write(t, filepath.Join(dir, "content/fab/vest.md"), "+++\ntitle = \"马甲（新）\"\n[[fab]]\nfeature = \"轻\"\nadvantage = \"暖\"\nbenefit = \"灵活\"\n+++\n")
	r.expect(t, "reload", 5*time.Second)
	if _, fourth := r.get(t, "/_proposals/acme.pdf"); fourth == second {
		t.Error("a FAB sheet edit did not regenerate the proposal")
	}
	if code, body := r.get(t, "/_proposals/acme/"); code != 200 || !strings.Contains(body, "acme.pdf") {
		t.Errorf("preview page: %d", code)
	}
	// Nothing of the preview reaches the site.
	if code, _ := r.get(t, "/_proposals/nobody.pdf"); code != 404 {
		t.Errorf("unknown proposal: %d", code)
	}
}

func TestNoGoroutinesLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	dir := newProject(t)
	r := start(t, dir)
	r.get(t, "/")
	r.stop()
	r.stop = nil
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+1 {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after shutdown, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

// freshProposal renders an account's proposal from the files on disk now,
// with nothing cached: what a correct preview must serve.
func freshProposal(t *testing.T, dir, slug string) []byte {
	t.Helper()
	proj, diags := generator.Load(generator.Config{ContentDir: filepath.Join(dir, "content")}, generator.LoadOptions{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	data, d := proposal.Make(proj, nil, proj.Account(slug))
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	return data
}

// TestPreviewNeverStale: a proposal fetched right after an account edit,
// before the rebuild lands, is the old build's; once the rebuild is served,
// it is the new one, for good.
func TestPreviewNeverStale(t *testing.T) {
	dir := newProject(t)
	r := start(t, dir)
	_, first := r.get(t, "/_proposals/acme.pdf")
	acme := filepath.Join(dir, "content/accounts/acme.toml")
	old, _ := os.ReadFile(acme)
	write(t, acme, strings.Replace(string(old), "方案一", "方案二", 1))
	_, racing := r.get(t, "/_proposals/acme.pdf") // within microseconds of the save
	r.expect(t, "reload", 5*time.Second)
	want := freshProposal(t, dir, "acme")
	if racing != first && racing != string(want) {
		t.Error("a preview fetched during the rebuild is neither the old nor the new proposal")
	}
	time.Sleep(50 * time.Millisecond)
	for range 3 {
		if _, got := r.get(t, "/_proposals/acme.pdf"); got != string(want) {
			t.Fatal("the preview after the rebuild is not the edited proposal")
		}
	}
}

// TestFontReplaced: replacing the font file that site.toml names while
// serving is picked up by the next preview, both ways.
func TestFontReplaced(t *testing.T) {
	dir := newProject(t)
	font, err := os.ReadFile("../../themes/default/fonts/NotoSansSC-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "content/fonts/body.ttf"), string(font))
	site := filepath.Join(dir, "content/site.toml")
	cfg, _ := os.ReadFile(site)
	write(t, site, string(cfg)+"[pdf]\nfont = \"fonts/body.ttf\"\n")
	r := start(t, dir)
	if code, body := r.get(t, "/_proposals/acme.pdf"); code != 200 || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("first preview: %d", code)
	}
	write(t, filepath.Join(dir, "content/fonts/body.ttf"), "this is not a font")
	r.expect(t, "reload", 5*time.Second)
	if code, body := r.get(t, "/_proposals/acme.pdf"); code != http.StatusUnprocessableEntity || !strings.Contains(body, "pdf.font") {
		t.Errorf("after the font was broken: %d %.200s", code, body)
	}
	write(t, filepath.Join(dir, "content/fonts/body.ttf"), string(font))
	r.expect(t, "reload", 5*time.Second)
	if code, body := r.get(t, "/_proposals/acme.pdf"); code != 200 || body != string(freshProposal(t, dir, "acme")) {
		t.Errorf("after the font was restored: %d", code)
	}
}

// TestHammer requests every kind of file from several goroutines while the
// content changes under them (run with -race): every answer is whole, and
// the last edit is what is served at the end.
func TestHammer(t *testing.T) {
	dir := newProject(t)
	r := start(t, dir)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var failures atomic.Int64
	for i := range 4 {
		wg.Go(func() {
			paths := []string{"/", "/steps/analyze.html", "/search/index.js", "/handbook/", "/_proposals/acme.pdf", "/_proposals/", "/_playbook/errors", "/fab/vest.html"}
			for n := i; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(r.url + paths[n%len(paths)])
				if err != nil {
					failures.Add(1)
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || len(body) == 0 {
					failures.Add(1)
					t.Errorf("%s: %d", paths[n%len(paths)], resp.StatusCode)
				}
			}
		})
	}
	acme := filepath.Join(dir, "content/accounts/acme.toml")
	old, _ := os.ReadFile(acme)
	for i := range 40 {
		write(t, filepath.Join(dir, "content/steps/analyze.md"), fmt.Sprintf("+++\ntitle = \"客户分析\"\ntype = \"step\"\nstep = \"analyze\"\nstart = \"a\"\nend = \"b\"\n+++\n第 %d 版\n", i))
		write(t, acme, strings.Replace(string(old), "方案一", fmt.Sprintf("方案 %d", i), 1))
		time.Sleep(10 * time.Millisecond)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, body := r.get(t, "/steps/analyze.html"); strings.Contains(body, "第 39 版") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the last edit was never served")
		}
		time.Sleep(20 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if n := failures.Load(); n > 0 {
		t.Errorf("%d failed requests", n)
	}
	time.Sleep(50 * time.Millisecond)
	if _, got := r.get(t, "/_proposals/acme.pdf"); got != string(freshProposal(t, dir, "acme")) {
		t.Error("the preview is not the last edit's")
	}
}

// TestHandbookAndSearchCached: the handbook and the search index are made
// again when, and only when, what they show changed.
func TestHandbookAndSearchCached(t *testing.T) {
	dir := newProject(t)
	r := start(t, dir)
	r.get(t, "/handbook/")
	r.get(t, "/search/index.js")
	hb, search := r.srv.cache.Made("site.handbook"), r.srv.cache.Made("site.search")
	// An account is in neither.
	acme := filepath.Join(dir, "content/accounts/acme.toml")
	old, _ := os.ReadFile(acme)
	write(t, acme, strings.Replace(string(old), "方案一", "方案三", 1))
	r.expect(t, "reload", 5*time.Second)
	r.get(t, "/handbook/")
	r.get(t, "/search/index.js")
	if r.srv.cache.Made("site.handbook") != hb || r.srv.cache.Made("site.search") != search {
		t.Error("an account edit made the handbook or the search index again")
	}
	write(t, filepath.Join(dir, "content/steps/analyze.md"), "+++\ntitle = \"客户分析\"\ntype = \"step\"\nstep = \"analyze\"\nstart = \"a\"\nend = \"b\"\n+++\n第九版\n")
	r.expect(t, "reload", 5*time.Second)
	if _, body := r.get(t, "/handbook/"); !strings.Contains(body, "第九版") || r.srv.cache.Made("site.handbook") != hb+1 {
		t.Error("the handbook did not follow a page edit")
	}
	if _, body := r.get(t, "/search/index.js"); !strings.Contains(body, "第九版") || r.srv.cache.Made("site.search") != search+1 {
		t.Error("the search index did not follow a page edit")
	}
}

// TestPrivateToThisMachine: another Host (DNS rebinding) and other sites'
// pages get nothing; every answer keeps to pages of this server.
func TestPrivateToThisMachine(t *testing.T) {
	dir := newProject(t)
	r := start(t, dir)
	_, port, _ := strings.Cut(strings.TrimPrefix(r.url, "http://"), ":")
	do := func(path string, header map[string]string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", r.url+path, nil)
		for k, v := range header {
			if k == "Host" {
				req.Host = v
			} else {
				req.Header.Set(k, v)
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	for _, host := range []string{"evil.example:" + port, "evil.example", "127.0.0.1:1", "localhost.evil.example:" + port} {
		if resp, body := do("/search/index.js", map[string]string{"Host": host}); resp.StatusCode != http.StatusMisdirectedRequest || strings.Contains(body, "第一版") {
			t.Errorf("Host %s: %d", host, resp.StatusCode)
		}
	}
	for _, host := range []string{"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port} {
		if resp, _ := do("/", map[string]string{"Host": host}); resp.StatusCode != 200 {
			t.Errorf("Host %s refused: %d", host, resp.StatusCode)
		}
	}
	for _, path := range []string{"/search/index.js", "/_proposals/acme.pdf", "/_playbook/errors", "/_playbook/events"} {
		if resp, body := do(path, map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}); resp.StatusCode != 403 || strings.Contains(body, "第一版") {
			t.Errorf("%s from another site's page: %d", path, resp.StatusCode)
		}
		if resp, _ := do(path, map[string]string{"Origin": "http://evil.example"}); resp.StatusCode != 403 {
			t.Errorf("%s with another Origin: %d", path, resp.StatusCode)
		}
	}
	// A link from elsewhere still opens the site; a same-origin fetch works.
	if resp, _ := do("/", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}); resp.StatusCode != 200 {
		t.Errorf("navigation from another site: %d", resp.StatusCode)
	}
	resp, _ := do("/search/index.js", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": r.url})
	if resp.StatusCode != 200 || resp.Header.Get("Cross-Origin-Resource-Policy") != "same-origin" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("same-origin: %d %v", resp.StatusCode, resp.Header)
	}
	// "//x" redirects within this server.
	req, _ := http.NewRequest("GET", r.url+"/", nil)
	req.URL.Opaque = "//steps"
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if resp, err := noFollow.Do(req); err == nil {
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); strings.HasPrefix(loc, "//") {
			t.Errorf("//steps redirects to %q", loc)
		}
	}
}

// TestFolderChangesFollowed: a renamed folder, a folder swapped for another
// within one debounce, and a content folder deleted and restored (with
// themes/ beside it) are all followed.
func TestFolderChangesFollowed(t *testing.T) {
	dir := newProject(t)
	os.MkdirAll(filepath.Join(dir, "themes"), 0o755)
	r := start(t, dir)
	content := filepath.Join(dir, "content")
	os.MkdirAll(filepath.Join(content, "kit"), 0o755)
	write(t, filepath.Join(content, "kit/a.md"), "+++\ntitle = \"A\"\n+++\n第一版\n")
	r.waitFor(t, "/kit/a.html", 200, "第一版")
	// Renamed: the new folder is served, and edits inside it are followed.
	os.Rename(filepath.Join(content, "kit"), filepath.Join(content, "tools"))
	r.waitFor(t, "/tools/a.html", 200, "第一版")
	write(t, filepath.Join(content, "tools/a.md"), "+++\ntitle = \"A\"\n+++\n改名后\n")
	r.waitFor(t, "/tools/a.html", 200, "改名后")
	// Swapped within one debounce: the new folder's files, not the old.
	next := filepath.Join(dir, "next")
	os.MkdirAll(next, 0o755)
	os.WriteFile(filepath.Join(next, "a.md"), []byte("+++\ntitle = \"A\"\n+++\n换过的\n"), 0o644)
	os.Rename(filepath.Join(content, "tools"), filepath.Join(dir, "old-tools"))
	os.Rename(next, filepath.Join(content, "tools"))
	r.waitFor(t, "/tools/a.html", 200, "换过的")
	// Deleted and restored.
	backup := filepath.Join(dir, "backup")
	os.Rename(content, backup)
	r.expect(t, "errors", 5*time.Second)
	os.Rename(backup, content)
	write(t, filepath.Join(content, "tools/a.md"), "+++\ntitle = \"A\"\n+++\n恢复了\n")
	r.waitFor(t, "/tools/a.html", 200, "恢复了")
}

// TestBrokenAtStart: a tree that does not build when serve starts shows its
// errors on every page (with the live reload) and in /_proposals/, and the
// site once it is fixed.
func TestBrokenAtStart(t *testing.T) {
	dir := newProject(t)
	step := filepath.Join(dir, "content/steps/analyze.md")
	good, _ := os.ReadFile(step)
	write(t, step, "+++\ntitle = \"客户分析\"\ntype = \"step\"\nstep = \"nope\"\n+++\n")
	r := start(t, dir)
	code, body := r.get(t, "/steps/analyze.html")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "/_playbook/live.js") || !strings.Contains(body, "unknown step") {
		t.Errorf("a page of a broken tree: %d %s", code, body)
	}
	if code, body := r.get(t, "/_proposals/"); code != 200 || !strings.Contains(body, "unknown step") {
		t.Errorf("/_proposals/ of a broken tree: %d %s", code, body)
	}
	write(t, step, string(good))
	r.waitFor(t, "/steps/analyze.html", 200, "第一版")
}

// /_accounts/ lists the accounts and shows each one's brief, following
// edits; nothing of it is in the site.
func TestAccountBriefs(t *testing.T) {
	dir := newProject(t)
	r := start(t, dir)
	code, body := r.get(t, "/_accounts/")
	if code != 200 || !strings.Contains(body, `href="acme/"`) || !strings.Contains(body, "内部资料") {
		t.Fatalf("list: %d %s", code, body)
	}
	if code, body := r.get(t, "/_accounts/acme/"); code != 200 || !strings.Contains(body, "内部资料") || !strings.Contains(body, "/_playbook/live.js") {
		t.Fatalf("brief: %d %.500s", code, body)
	}
	acme := filepath.Join(dir, "content/accounts/acme.toml")
	old, _ := os.ReadFile(acme)
	write(t, acme, string(old)+"\n[progress]\nnext_action = \"给王总打电话\"\nnext_due = 2026-01-05\n")
	r.expect(t, "reload", 5*time.Second)
	if _, body := r.get(t, "/_accounts/acme/"); !strings.Contains(body, "给王总打电话") || !strings.Contains(body, "下一步已过期") {
		t.Errorf("the brief did not follow the edit:\n%.3000s", body)
	}
	for _, p := range []string{"/_accounts/nobody/", "/_accounts/acme/x", "/_accounts/../site.toml"} {
		if code, _ := r.get(t, p); code != 404 {
			t.Errorf("%s: %d", p, code)
		}
	}
	if code, body := r.get(t, "/search/index.js"); code != 200 || strings.Contains(body, "给王总打电话") {
		t.Error("account progress in the site's search index")
	}
}

// The handbook page links to the printed handbook, which serve makes on
// request from the current build.
func TestHandbookPDF(t *testing.T) {
	dir := newProject(t)
	r := start(t, dir)
	if _, body := r.get(t, "/handbook/"); !strings.Contains(body, `href="handbook.pdf"`) {
		t.Fatal("the handbook page does not link to its PDF")
	}
	code, pdf := r.get(t, "/handbook/handbook.pdf")
	if code != 200 || !strings.HasPrefix(pdf, "%PDF-") {
		t.Fatalf("handbook.pdf: %d %.20q", code, pdf)
	}
}

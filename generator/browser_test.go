package generator

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium returns the path of a headless-capable Chromium, or skips the test
// (fails it under CI=true, where .ci/run installs Chromium).
func chromium(t *testing.T) string {
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
	if !strings.Contains(results[0], "steps/needs/index.html") {
		t.Errorf("first result is not the 挖掘需求 step: %s", results[0])
	}
	if !strings.Contains(dom, "<mark>需求</mark>") {
		t.Error("no highlighted snippet")
	}
	// An English word finds the English page.
	dom, _ = dumpDOM(t, bin, "file://"+filepath.ToSlash(site)+"/search/index.html?q=glance")
	if !strings.Contains(dom, "toolkit/six-steps-en/index.html") {
		t.Error("searching an English word does not find the English page")
	}
	// The home page runs its scripts without console errors.
	if _, console := dumpDOM(t, bin, "file://"+filepath.ToSlash(site)+"/index.html"); console != "" {
		t.Errorf("console output on the home page:\n%s", console)
	}
}

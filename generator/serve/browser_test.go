package serve

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestServeInBrowser drives Chromium (playwright-core, .ci/npm/e2e.mjs)
// against a running server: an edit reloads the open page, a broken file
// shows the overlay, and the fix clears it.
func TestServeInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	script, _ := filepath.Abs("../../.ci/npm/e2e.mjs")
	node, err := exec.LookPath("node")
	_, chromeErr := exec.LookPath("chromium")
	_, modErr := os.Stat(filepath.Join(filepath.Dir(script), "node_modules", "playwright-core"))
	if err != nil || chromeErr != nil || modErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node, chromium or playwright-core missing (.ci/run installs them)")
		}
		t.Skip("node, chromium or .ci/npm/node_modules missing: skipping the browser test")
	}
	dir := newProject(t)
	r := start(t, dir)
	out, err := exec.Command(node, script, "serve", r.url, filepath.Join(dir, "content/steps/analyze.md"), "/steps/analyze.html").CombinedOutput()
	if err != nil {
		t.Errorf("%v\n%s", err, out)
	}
	t.Logf("%s", out)
}

package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHTMLValid runs the Nu Html Checker (vnu.jar, from npm: .ci/run installs
// it and sets VNU_JAR) over every page of the built example: no errors, no
// warnings.
func TestHTMLValid(t *testing.T) {
	if testing.Short() {
		t.Skip("HTML validation skipped in -short mode")
	}
	jar := os.Getenv("VNU_JAR")
	if _, err := os.Stat(jar); jar == "" || err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("vnu.jar not found: set VNU_JAR (.ci/run installs it)")
		}
		t.Skip("VNU_JAR not set: skipping HTML validation (npm install vnu-jar; VNU_JAR=.../vnu.jar)")
	}
	java := tool(t, "java", "default-jre-headless")
	dir := copyExample(t)
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output"), Skip: []string{"proposals"}}); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "output", "site")
	out, err := exec.Command(java, "-jar", jar, "--skip-non-html", site).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("the Nu Html Checker reports (%v):\n%s", err, strings.ReplaceAll(string(out), "file:"+site+"/", ""))
	}
}

// TestAccessibility runs axe-core in headless Chromium (through
// playwright-core; .ci/run installs both from npm into .ci/npm) on every page
// kind, in the light and the dark colour scheme: no serious or critical
// violation.
func TestAccessibility(t *testing.T) {
	if testing.Short() {
		t.Skip("accessibility checks skipped in -short mode")
	}
	node, script := npmScript(t, "a11y.mjs", "axe-core")
	dir := copyExample(t)
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output"), Skip: []string{"proposals"}}); err != nil {
		t.Fatal(err)
	}
	pages := []string{"index.html", "steps/needs.html", "fab/down-jacket-pro.html",
		"objections/price-too-high.html", "objections/index.html", "tags/index.html", "tags/价格.html",
		"search/index.html?q=需求", "handbook/index.html", "404.html", "en/index.html", "en/fab/field-parka.html", "coaching/index.html", "toolkit/sales-funnel.html",
		"checklists/pre-visit.html", "toolkit/communication-styles.html"}
	out, err := exec.Command(node, append([]string{script, filepath.Join(dir, "output", "site")}, pages...)...).CombinedOutput()
	if err != nil {
		t.Errorf("axe-core reports serious or critical violations (%v):\n%s", err, out)
	}
}

// TestBrowserEndToEnd drives Chromium over the site opened from file://:
// the home page without console errors, search in Chinese and English with
// a click on a result, the dark-mode toggle persisting across pages, the
// navigation on a 360 px phone; screenshots of each page kind are kept in
// $PLAYBOOK_ARTIFACTS (or a temporary folder).
func TestBrowserEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	node, script := npmScript(t, "e2e.mjs", "playwright-core")
	dir := copyExample(t)
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output"), Skip: []string{"proposals"}}); err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("PLAYBOOK_ARTIFACTS")
	if shots == "" {
		shots = t.TempDir()
	}
	out, err := exec.Command(node, script, "static", filepath.Join(dir, "output", "site"), shots).CombinedOutput()
	if err != nil {
		t.Errorf("%v\n%s", err, out)
	}
	t.Logf("%s", out)
}

// npmScript returns node and a script of .ci/npm that needs Chromium and an
// npm module, or skips the test (fails it under CI=true, where .ci/run
// installs them).
func npmScript(t testing.TB, script, module string) (node, path string) {
	t.Helper()
	chromium(t)
	node = tool(t, "node", "nodejs")
	path, _ = filepath.Abs("../.ci/npm/" + script)
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "node_modules", module)); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not installed in .ci/npm (.ci/run installs it)", module)
		}
		t.Skipf("%s not installed: skipping (cd .ci/npm && npm install)", module)
	}
	return node, path
}

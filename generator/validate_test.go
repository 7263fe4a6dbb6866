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
	if _, err := Build(Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output"), NoProposals: true}); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "output", "site")
	out, err := exec.Command(java, "-jar", jar, "--skip-non-html", site).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("the Nu Html Checker reports (%v):\n%s", err, strings.ReplaceAll(string(out), "file:"+site+"/", ""))
	}
}

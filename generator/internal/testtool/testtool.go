// Package testtool finds the outside commands tests use (pdftotext, qpdf,
// chromium): a test skips with a clear message where one is missing, and
// fails under CI=true, where .ci/run installs every one.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Path returns the path of command name, which the Debian package pkg
// provides, or skips the test (fails it under CI=true).
func Path(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (.ci/run installs %s)", name, pkg)
	}
	t.Skipf("%s not installed: skipping (apt-get install %s)", name, pkg)
	return ""
}

// Package testtool finds the outside commands tests use (pdftotext, qpdf,
// chromium): a test skips with a clear message where one is missing, and
// fails under CI=true, where .ci/run installs every one.
package testtool

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
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

// Word is a word of a PDF where pdftotext -bbox finds it, in points from
// the top left of its page (1-based).
type Word struct {
	Page                   int
	Text                   string
	XMin, YMin, XMax, YMax float64
}

var (
	bboxPage = regexp.MustCompile(`<page width="`)
	bboxWord = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)
)

// Words reads the words of PDF file with pdftotext -bbox (found by Path).
func Words(t testing.TB, file string) []Word {
	t.Helper()
	html, err := exec.Command(Path(t, "pdftotext", "poppler-utils"), "-bbox", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var out []Word
	for p, page := range bboxPage.Split(string(html), -1)[1:] {
		for _, m := range bboxWord.FindAllStringSubmatch(page, -1) {
			w := Word{Page: p + 1, Text: m[5]}
			for i, f := range []*float64{&w.XMin, &w.YMin, &w.XMax, &w.YMax} {
				v, err := strconv.ParseFloat(m[i+1], 64)
				if err != nil {
					t.Fatal(err)
				}
				*f = v
			}
			out = append(out, w)
		}
	}
	return out
}

package model

import (
	"strings"
	"testing"
)

func TestSplitFrontMatter(t *testing.T) {
	fm, body, line, err := SplitFrontMatter([]byte("\xef\xbb\xbf+++\r\ntitle = \"x\"\r\n+++\r\nbody\n"))
	if err != nil || strings.TrimSpace(string(fm)) != "title = \"x\"" || string(body) != "body\n" || line != 4 {
		t.Errorf("got %q %q %d %v", fm, body, line, err)
	}
	_, body, line, err = SplitFrontMatter([]byte("just text"))
	if err != nil || string(body) != "just text" || line != 1 {
		t.Errorf("no front matter: %q %d %v", body, line, err)
	}
}

func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range []string{"+++\ntitle = \"x\"\n+++\nbody", "+++\n", "---\n", "", "+++\r\n+++", "\xef\xbb\xbf+++\n+++\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, body, line, err := SplitFrontMatter(src)
		if err == nil && line > 1 && len(fm)+len(body) > len(src) {
			t.Fatalf("split grew the input: %d+%d > %d", len(fm), len(body), len(src))
		}
		if line < 1 {
			t.Fatalf("body line %d", line)
		}
	})
}

package model

import (
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
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

// TestFrontMatterSimple: the front matter most pages have is read without
// the general decoder, and the rest falls back to it.
func TestFrontMatterSimple(t *testing.T) {
	var fm frontMatter
	if !fm.DecodeSimple("title = \"客户分析\"\nweight = 3\ntags = [\"a\"]\ndraft = true\ntoc = false\nactivities = [\"拜访\", \"调研\"]\n") ||
		fm.Title != "客户分析" || fm.Weight != 3 || !fm.Draft || fm.TOC == nil || *fm.TOC || len(fm.Activities) != 2 {
		t.Errorf("simple front matter not read: %+v", fm)
	}
	for _, src := range []string{
		"title = \"x\"\nreviewed = 2026-01-02\n",        // a date
		"title = \"x\"\n[[fab]]\nfeature = \"f\"\n",     // a table
		"title = \"x\"\nweight = \"3\"\n",               // a type the key does not take
		"title = \"x\"\ntitel = \"y\"\n",                // an unknown key: the decoder reports it
		"title = \"x\"\ncascade = { type = \"fab\" }\n", // an inline table
	} {
		before := fm
		if fm.DecodeSimple(src) {
			t.Errorf("%q read as simple", src)
		}
		if !reflect.DeepEqual(fm, before) {
			t.Errorf("%q: a refused document changed the front matter", src)
		}
	}
}

// FuzzFrontMatterSimple: front matter read as simple holds what the
// general decoder reads.
func FuzzFrontMatterSimple(f *testing.F) {
	for _, s := range []string{
		"title = \"a\"\nweight = 3\ntags = [\"x\", \"y\"]\ndraft = false\ntoc = true\n",
		"title = \"\\u4e2d\\n\"  # c\r\nsummary = \"s\"\nlang = \"en\"\n",
		"step = \"needs\"\nstart = \"s\"\nend = \"e\"\nquestions = []\nchecklist = [\"c\"]\n",
		"objection = \"太贵\"\ncategory = \"price\"\nbehind = \"b\"\nimage = \"x.png\"\n",
		"weight = -9223372036854775808\nowner = \"o\"\nreview_every = \"6m\"\ntranslation_key = \"k\"\ntype = \"fab\"\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var quick frontMatter
		if !quick.DecodeSimple(src) {
			return
		}
		var full frontMatter
		md, err := toml.Decode(src, &full)
		if err != nil {
			t.Fatalf("%q: read as simple, TOML refuses: %v", src, err)
		}
		if len(md.Undecoded()) > 0 {
			t.Fatalf("%q: read as simple, TOML finds unknown keys %v", src, md.Undecoded())
		}
		if !reflect.DeepEqual(quick, full) {
			t.Fatalf("%q: simple %+v, TOML %+v", src, quick, full)
		}
	})
}

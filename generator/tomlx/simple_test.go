package tomlx

import (
	"reflect"
	"testing"

	"github.com/BurntSushi/toml"
)

// simple collects what Simple reads, as the general decoder's map would
// hold it.
func simple(src string) (map[string]any, bool) {
	got := map[string]any{}
	ok := Simple(src, func(k string, v Value) bool {
		switch v.Kind {
		case String:
			got[k] = v.Str
		case Integer:
			got[k] = v.Int
		case Boolean:
			got[k] = v.Bool
		case Strings:
			l := make([]any, len(v.List))
			for i, s := range v.List {
				l[i] = s
			}
			got[k] = l
		}
		return true
	})
	return got, ok
}

func TestSimple(t *testing.T) {
	for _, c := range []struct {
		src string
		ok  bool
	}{
		{"title = \"客户分析 \\\"六步\\\" \\u00e9\\U0001F600\"\nweight = -12\ndraft = true\n", true},
		{"# comment\n\ntags = [\"a\", \"b\" , ]  # tail\r\ntoc = false\n", true},
		{"tags = []\n", true},
		{"title = 'literal'\n", false},
		{"title = \"\"\"multi\"\"\"\n", false},
		{"a.b = 1\n", false},
		{"[table]\n", false},
		{"weight = 012\n", false},
		{"weight = 1_000\n", false},
		{"weight = +1\n", false},
		{"weight = 1.5\n", false},
		{"reviewed = 2026-01-02\n", false},
		{"title = \"a\"\ntitle = \"b\"\n", false},
		{"title = \"a\" b\n", false},
		{"title = \"\\x41\"\n", false},
		{"tags = [\"a\",\n\"b\"]\n", false},
		{"title = \"tab\tok\"\n", true},
		{"draft = truex\n", false},
	} {
		got, ok := simple(c.src)
		if ok != c.ok {
			t.Errorf("%q: simple %v, want %v", c.src, ok, c.ok)
			continue
		}
		if ok {
			var want map[string]any
			if _, err := toml.Decode(c.src, &want); err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%q: simple %#v, toml %#v (%v)", c.src, got, want, err)
			}
		}
	}
}

// FuzzSimple: a document Simple takes, TOML reads the same.
func FuzzSimple(f *testing.F) {
	for _, s := range []string{
		"title = \"a\"\nweight = 3\ntags = [\"x\", \"y\"]\ndraft = false\n",
		"title = \"\\u4e2d\\n\"  # c\r\n",
		"tags = [ ]\n",
		"weight = -0\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, ok := simple(src)
		if !ok {
			return
		}
		var want map[string]any
		if _, err := toml.Decode(src, &want); err != nil {
			t.Fatalf("%q: Simple took it, TOML refuses: %v", src, err)
		}
		if want == nil {
			want = map[string]any{}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: Simple read %#v, TOML %#v", src, got, want)
		}
	})
}

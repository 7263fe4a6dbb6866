package pinyin

import (
	"strings"
	"testing"
)

func TestSyllables(t *testing.T) {
	for in, want := range map[string]string{
		"回收账款":     "hui shou zhang kuan",
		"价格太高":     "jia ge tai gao",
		"SPIN 问题库": "spin wen ti ku",
		"女款":       "nv kuan",
		"第 3 步":    "di 3 bu",
		"":         "",
		"😀 x":      "x",
	} {
		if got := strings.Join(Syllables(in), " "); got != want {
			t.Errorf("Syllables(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSyllables(f *testing.F) {
	f.Add("回收账款 SPIN")
	f.Fuzz(func(t *testing.T, s string) {
		for _, syl := range Syllables(s) {
			if syl == "" || strings.ContainsAny(syl, " \t") {
				t.Fatalf("bad syllable %q", syl)
			}
		}
	})
}

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

// Every character of the table reads as its line says, in the unified
// block and out of it (U+FA18), and a character it lacks reads as none.
func TestOfWholeTable(t *testing.T) {
	n := 0
	for line := range strings.SplitSeq(table, "\n") {
		syl, chars, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		for _, r := range chars {
			n++
			if got := Of(r); got != syl {
				t.Fatalf("Of(%q) = %q, want %q", r, got, syl)
			}
		}
	}
	if n < 20000 || Of('\uFA18') == "" {
		t.Errorf("%d characters read, U+FA18 %q", n, Of('\uFA18'))
	}
	for _, r := range []rune{'a', 'é', '\u33FF', '\U00020000', -1} {
		if got := Of(r); got != "" {
			t.Errorf("Of(%q) = %q, want none", r, got)
		}
	}
}

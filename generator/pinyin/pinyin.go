// Package pinyin gives the toneless pinyin of Chinese characters, for
// searching titles and tags by pinyin (huikuan, hk). The table is each
// character's first reading in the Unicode Han Database (pinyin.txt).
package pinyin

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed pinyin.txt
var table string

var readings = sync.OnceValue(func() map[rune]string {
	m := make(map[rune]string, 27000)
	for line := range strings.SplitSeq(table, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		syl, chars, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		for _, r := range chars {
			m[r] = syl
		}
	}
	return m
})

// Of returns the reading of r ("hui" for 回), or "" when r has none.
func Of(r rune) string { return readings()[r] }

// Syllables spells s in pinyin: one syllable per Chinese character, and
// each run of other letters or digits, lower-cased, as one piece;
// everything else separates pieces. "回收账款" gives [hui shou zhang
// kuan]; "SPIN 问题库" gives [spin wen ti ku].
func Syllables(s string) []string {
	var out []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if syl := Of(r); syl != "" {
			flush()
			out = append(out, syl)
			continue
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			word.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			word.WriteRune(r + 'a' - 'A')
		default:
			flush()
		}
	}
	flush()
	return out
}

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

// readings holds each character's syllable: the characters of the
// unified block (where all but one are) in an array, the rest in a map.
// An array is built and read several times faster than a map of 27,000.
type readingTable struct {
	syllables []string                // the table's syllables, in order
	block     [0xA000 - 0x3400]uint16 // index+1 into syllables; 0: none
	other     map[rune]uint16
}

var readings = sync.OnceValue(func() *readingTable {
	t := &readingTable{other: map[rune]uint16{}}
	for line := range strings.SplitSeq(table, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		syl, chars, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		t.syllables = append(t.syllables, syl)
		n := uint16(len(t.syllables))
		for _, r := range chars {
			if r >= 0x3400 && r < 0xA000 {
				t.block[r-0x3400] = n
			} else {
				t.other[r] = n
			}
		}
	}
	return t
})

// Of returns the reading of r ("hui" for 回), or "" when r has none.
func Of(r rune) string {
	t := readings()
	var n uint16
	if r >= 0x3400 && r < 0xA000 {
		n = t.block[r-0x3400]
	} else {
		n = t.other[r]
	}
	if n == 0 {
		return ""
	}
	return t.syllables[n-1]
}

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

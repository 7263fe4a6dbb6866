package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// ids makes heading anchors that keep Chinese (and any letter or digit):
// "挖掘 需求" -> "挖掘-需求", "SPIN Questions" -> "spin-questions".
type ids struct {
	used map[string]bool
}

func newIDs() *ids { return &ids{used: map[string]bool{}} }

// Slug turns heading text into an anchor id, the same way headings get theirs.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '-' || unicode.IsSpace(r):
			dash = true
		}
	}
	return b.String()
}

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := Slug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }

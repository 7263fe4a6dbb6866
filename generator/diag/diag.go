// Package diag holds the positioned problems that Playbook reports to users:
// every problem carries file:line:col, and a build reports all of them at once.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Diagnostic is one problem in one input file.
type Diagnostic struct {
	File    string // path as the user knows it, e.g. content/steps/analyze.md
	Line    int    // 1-based; 0 when unknown
	Col     int    // 1-based, counted in characters; 0 when unknown
	Msg     string
	Warning bool // warnings are reported but do not fail a build
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	b.WriteString(": ")
	if d.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// List collects diagnostics. The zero value is ready to use.
type List []Diagnostic

// Errorf records an error.
func (l *List) Errorf(file string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Warnf records a warning.
func (l *List) Warnf(file string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(d Diagnostic) bool { return !d.Warning })
}

// Errors returns the errors only.
func (l List) Errors() List {
	return slices.DeleteFunc(slices.Clone(l), func(d Diagnostic) bool { return d.Warning })
}

// Warnings returns the warnings only.
func (l List) Warnings() List {
	return slices.DeleteFunc(slices.Clone(l), func(d Diagnostic) bool { return !d.Warning })
}

// Sort orders diagnostics by file, line, column and message, and drops exact duplicates.
func (l List) Sort() List {
	s := slices.Clone(l)
	slices.SortFunc(s, func(a, b Diagnostic) int {
		return cmp.Or(
			strings.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Msg, b.Msg),
		)
	})
	return slices.Compact(s)
}

// Err returns nil when the list holds no error, otherwise an *Error with every
// diagnostic (warnings included), sorted.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &Error{List: l.Sort()}
}

// Error is a failed step's complete list of problems.
type Error struct {
	List List
}

func (e *Error) Error() string {
	lines := make([]string, 0, len(e.List))
	for _, d := range e.List {
		lines = append(lines, d.String())
	}
	return strings.Join(lines, "\n")
}

// Suggest returns the candidate closest to word when it is close enough to be a
// likely misspelling ("unit_prise" -> "unit_price"), or "".
func Suggest(word string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := editDistance(strings.ToLower(word), strings.ToLower(c))
		if bestDist < 0 || d < bestDist || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	limit := max(1, len([]rune(word))/3)
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each cost one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// LineCol converts a byte offset in src to a 1-based line and a 1-based column
// counted in characters.
func LineCol(src []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(src))
	line = 1
	start := 0
	for i := 0; i < offset; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, len([]rune(string(src[start:offset]))) + 1
}

// Lines finds line and column numbers in one text quickly: the line starts
// are found once, so positioning many places costs no more than reading the
// text once.
type Lines struct {
	src    []byte
	starts []int
}

// NewLines indexes src.
func NewLines(src []byte) *Lines {
	l := &Lines{src: src, starts: []int{0}}
	for i, b := range src {
		if b == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// At is LineCol(src, offset).
func (l *Lines) At(offset int) (line, col int) {
	offset = min(max(offset, 0), len(l.src))
	i, found := slices.BinarySearch(l.starts, offset)
	if !found {
		i--
	}
	return i + 1, utf8.RuneCount(l.src[l.starts[i]:offset]) + 1
}

package tomlx

import "fmt"

// The TOML decoder takes memory that grows with the square of how deeply
// arrays and inline tables nest: 60 KB of "a = [[[[…" exhausts 8 GB. No
// playbook file nests more than a few levels, so Decode refuses deeper
// nesting, and very large files, before decoding.
const (
	// MaxDepth is how deeply arrays and inline tables may nest.
	MaxDepth = 16
	// MaxBytes is the largest TOML text (a site.toml, an account file, a
	// page's front matter).
	MaxBytes = 4 << 20
)

// tooDeep finds where nesting first goes past MaxDepth, outside strings and
// comments: line and column (1-based), or 0.
func tooDeep(src string) (line, col int) {
	depth := 0
	line, start := 1, 0
	atLineStart := true
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line, start, atLineStart = line+1, i+1, true
			continue
		case c == '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			i = skipString(src, i)
		case c == '[' || c == '{':
			// A table header ([a], [[a]]) opens no nesting.
			if atLineStart && c == '[' && depth == 0 {
				for i+1 < len(src) && src[i+1] != '\n' && src[i+1] != ']' {
					i++
				}
				break
			}
			depth++
			if depth > MaxDepth {
				return line, len([]rune(src[start:i])) + 1
			}
		case c == ']' || c == '}':
			depth = max(depth-1, 0)
		}
		if c != ' ' && c != '\t' {
			atLineStart = false
		}
	}
	return 0, 0
}

// skipString returns the index of the last byte of the string that starts
// at i ("…", '…', """…""", ”'…”').
func skipString(src string, i int) int {
	q := src[i]
	if i+2 < len(src) && src[i+1] == q && src[i+2] == q { // multi-line
		for j := i + 3; j+2 < len(src); j++ {
			if q == '"' && src[j] == '\\' {
				j++
				continue
			}
			if src[j] == q && src[j+1] == q && src[j+2] == q {
				return j + 2
			}
		}
		return len(src) - 1
	}
	for j := i + 1; j < len(src); j++ {
		switch {
		case q == '"' && src[j] == '\\':
			j++
		case src[j] == q || src[j] == '\n':
			return j
		}
	}
	return len(src) - 1
}

// limits reports a TOML text that is too large or too deep.
func limits(src string) (line, col int, msg string) {
	if len(src) > MaxBytes {
		return 1, 1, fmt.Sprintf("%d MB of TOML: at most %d MB", len(src)>>20, MaxBytes>>20)
	}
	if l, c := tooDeep(src); l > 0 {
		return l, c, fmt.Sprintf("arrays or inline tables nested more than %d deep", MaxDepth)
	}
	return 0, 0, ""
}

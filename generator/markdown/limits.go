package markdown

import (
	"bytes"
	"fmt"
)

// goldmark takes time that grows with the square of some structures (lists
// or quotes nested thousands deep, a line of thousands of unclosed links):
// a few hundred kilobytes of them take minutes. No playbook needs them, so
// Parse refuses them before parsing, with their place.
const (
	// MaxNesting is how deep lists and quotes may nest.
	MaxNesting = 32
	// MaxLineBytes is the longest line.
	MaxLineBytes = 32 << 10
)

// limits finds the first line that is too deep or too long.
func limits(src []byte) *Problem {
	for n, rest := 1, src; len(rest) > 0; n++ {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if len(line) > MaxLineBytes {
			return &Problem{Line: n, Col: 1, Msg: fmt.Sprintf("line of %d KB: lines are limited to %d KB (break it into several)", len(line)>>10, MaxLineBytes>>10)}
		}
		if depth := nesting(line); depth > MaxNesting {
			return &Problem{Line: n, Col: 1, Msg: fmt.Sprintf("lists or quotes nested %d deep: at most %d", depth, MaxNesting)}
		}
	}
	return nil
}

// nesting counts the list and quote markers that open a line, and its
// indentation in steps of two columns (how nested lists are written).
func nesting(line []byte) int {
	depth, i := 0, 0
	indent := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		indent++
		if line[i] == '\t' {
			indent += 3
		}
		i++
	}
	depth += indent / 2
	for i < len(line) {
		switch c := line[i]; {
		case c == '>':
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			i += 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				i = j + 2
			} else {
				return depth
			}
		default:
			return depth
		}
		depth++
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
	}
	return depth
}

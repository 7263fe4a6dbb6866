package tomlx

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Value is a value of a simple document (see Simple): a basic string, an
// integer, a boolean or a one-line array of basic strings.
type Value struct {
	Kind Kind
	Str  string
	Int  int64
	Bool bool
	List []string
}

// Kind is the type of a Value.
type Kind uint8

// The kinds of Value.
const (
	String Kind = iota + 1
	Integer
	Boolean
	Strings
)

// SimpleDecoder is a value that decodes a simple document itself (with
// Simple), much faster than the general decoder. DecodeSimple reports
// false, leaving the value as it was, for a document it does not take:
// Decode then decodes it in full, which reports what is wrong.
type SimpleDecoder interface {
	DecodeSimple(src string) bool
}

// Simple parses a document of what most front matter is: `key = value`
// lines with bare keys, and values that are basic strings ("…" with the
// escapes \" \\ \b \t \n \f \r \uXXXX \UXXXXXXXX), decimal integers, true
// or false, or arrays of basic strings on one line; blank lines and
// comments. It reports false for anything else (tables, dotted or quoted
// keys, dates, floats, literal or multi-line strings, a key written twice,
// …), which the general decoder reads as TOML says. It never accepts a
// document that TOML reads otherwise.
func Simple(src string, each func(key string, v Value) bool) bool {
	seen := make(map[string]bool, 8)
	for len(src) > 0 {
		line := src
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			line, src = strings.TrimSuffix(src[:i], "\r"), src[i+1:] // LF or CRLF
		} else {
			src = ""
		}
		rest := skipSpace(line)
		if rest == "" || rest[0] == '#' {
			if !validComment(rest) {
				return false
			}
			continue
		}
		key, rest, ok := bareKey(rest)
		if !ok || seen[key] {
			return false
		}
		seen[key] = true
		rest = skipSpace(rest)
		if rest == "" || rest[0] != '=' {
			return false
		}
		v, rest, ok := value(skipSpace(rest[1:]))
		if !ok {
			return false
		}
		rest = skipSpace(rest)
		if (rest != "" && rest[0] != '#') || !validComment(rest) {
			return false
		}
		if !each(key, v) {
			return false
		}
	}
	return true
}

func skipSpace(s string) string { return strings.TrimLeft(s, " \t") }

// validComment reports whether a comment (or nothing) holds no control
// characters but tabs, as TOML requires.
func validComment(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return utf8.ValidString(s)
}

func bareKey(s string) (key, rest string, ok bool) {
	i := 0
	for i < len(s) {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' {
			i++
			continue
		}
		break
	}
	return s[:i], s[i:], i > 0
}

func value(s string) (Value, string, bool) {
	switch {
	case s == "":
		return Value{}, "", false
	case s[0] == '"':
		str, rest, ok := basicString(s)
		return Value{Kind: String, Str: str}, rest, ok
	case s[0] == '[':
		return stringArray(s[1:])
	case strings.HasPrefix(s, "true"):
		return Value{Kind: Boolean, Bool: true}, s[4:], endOfValue(s[4:])
	case strings.HasPrefix(s, "false"):
		return Value{Kind: Boolean}, s[5:], endOfValue(s[5:])
	}
	// A decimal integer: no sign but minus, no leading zero, no underscore.
	i := 0
	if s[0] == '-' {
		i = 1
	}
	j := i
	for j < len(s) && '0' <= s[j] && s[j] <= '9' {
		j++
	}
	if j == i || (s[i] == '0' && j > i+1) || !endOfValue(s[j:]) {
		return Value{}, "", false
	}
	n, err := strconv.ParseInt(s[:j], 10, 64)
	return Value{Kind: Integer, Int: n}, s[j:], err == nil
}

// endOfValue reports whether a value may end before s: at the end of the
// line, a space or a comment.
func endOfValue(s string) bool {
	return s == "" || s[0] == ' ' || s[0] == '\t' || s[0] == '#'
}

// basicString reads a "…" string on one line.
func basicString(s string) (string, string, bool) {
	if strings.HasPrefix(s, `"""`) {
		return "", "", false // multi-line
	}
	var b strings.Builder
	plain := true
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			if plain {
				return s[1:i], s[i+1:], utf8.ValidString(s[1:i])
			}
			return b.String(), s[i+1:], utf8.ValidString(b.String())
		case (c < 0x20 && c != '\t') || c == 0x7f:
			return "", "", false
		case c == '\\':
			if plain {
				b.WriteString(s[1:i])
				plain = false
			}
			if i+1 >= len(s) {
				return "", "", false
			}
			i++
			switch s[i] {
			case '"', '\\':
				b.WriteByte(s[i])
			case 'b':
				b.WriteByte('\b')
			case 't':
				b.WriteByte('\t')
			case 'n':
				b.WriteByte('\n')
			case 'f':
				b.WriteByte('\f')
			case 'r':
				b.WriteByte('\r')
			case 'u', 'U':
				n := 4
				if s[i] == 'U' {
					n = 8
				}
				if i+n >= len(s) {
					return "", "", false
				}
				r, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
				if err != nil || strings.ContainsAny(s[i+1:i+1+n], "+-_") || !utf8.ValidRune(rune(r)) {
					return "", "", false
				}
				b.WriteRune(rune(r))
				i += n
			default:
				return "", "", false
			}
		case !plain:
			b.WriteByte(c)
		}
	}
	return "", "", false // not closed on this line
}

// stringArray reads the rest of a one-line array of basic strings.
func stringArray(s string) (Value, string, bool) {
	v := Value{Kind: Strings, List: []string{}}
	s = skipSpace(s)
	for {
		if s != "" && s[0] == ']' {
			return v, s[1:], true
		}
		if s == "" || s[0] != '"' {
			return Value{}, "", false
		}
		str, rest, ok := basicString(s)
		if !ok {
			return Value{}, "", false
		}
		v.List = append(v.List, str)
		s = skipSpace(rest)
		switch {
		case s != "" && s[0] == ',':
			s = skipSpace(s[1:])
		case s != "" && s[0] == ']':
		default:
			return Value{}, "", false
		}
	}
}

package model

import (
	"errors"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"playbook/generator/diag"
)

// decodeTOML decodes src strictly into v: syntax and type errors, and every key
// that v has no field for, become diagnostics. firstLine is the line of src's
// first line in file (for front matter, which starts after the opening +++).
func decodeTOML(src, file string, firstLine int, v any, allowed []string, diags *diag.List) (toml.MetaData, bool) {
	md, err := toml.Decode(src, v)
	if err != nil {
		line, col, msg := tomlError(err, src)
		diags.Errorf(file, line+firstLine-1, col, "%s", msg)
		return md, false
	}
	keys := locateKeys(src)
	undecoded := map[string]bool{}
	for _, k := range md.Undecoded() {
		undecoded[k.String()] = true
	}
outer:
	for _, k := range md.Undecoded() {
		path := k.String()
		// Report an unknown table once, not each key inside it.
		for i := 1; i < len(k); i++ {
			if undecoded[toml.Key(k[:i]).String()] {
				continue outer
			}
		}
		pos := keys[path]
		if pos.line == 0 {
			pos = position{1, 1}
		}
		msg := "unknown key \"" + path + "\""
		if s := diag.Suggest(k[len(k)-1], allowedAt(allowed, k)); s != "" {
			msg += " (did you mean \"" + s + "\"?)"
		}
		diags.Errorf(file, pos.line+firstLine-1, pos.col, "%s", msg)
	}
	return md, true
}

// allowedAt returns the allowed key names beside k (same table).
func allowedAt(allowed []string, k toml.Key) []string {
	prefix := strings.Join(k[:len(k)-1], ".")
	var out []string
	for _, a := range allowed {
		i := strings.LastIndexByte(a, '.')
		p, name := "", a
		if i >= 0 {
			p, name = a[:i], a[i+1:]
		}
		if p == prefix {
			out = append(out, name)
		}
	}
	return out
}

// typeError matches BurntSushi/toml's decoding errors, which are not ParseErrors.
var typeError = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "([^"]*)"\): (.*)$`)

// tomlError turns a decoding error into a position and a message.
func tomlError(err error, src string) (line, col int, msg string) {
	var pe toml.ParseError
	var ppe *toml.ParseError
	switch {
	case errors.As(err, &ppe):
		pe = *ppe
	case errors.As(err, &pe):
	default:
		m := typeError.FindStringSubmatch(err.Error())
		if m == nil {
			return 1, 1, "invalid TOML: " + strings.TrimPrefix(err.Error(), "toml: ")
		}
		pos := locateKeys(src)[m[2]]
		text := strings.Replace(m[3], "incompatible types: TOML value has type", "wrong type: the value is a TOML", 1)
		text = strings.Replace(text, "; destination has type", ", but it must be", 1)
		return max(pos.line, 1), max(pos.col, 1), m[2] + ": " + text
	}
	msg = pe.Message
	if pe.LastKey != "" && !strings.Contains(msg, pe.LastKey) {
		msg = pe.LastKey + ": " + msg
	}
	return max(pe.Position.Line, 1), max(pe.Position.Col, 1), "invalid TOML: " + msg
}

type position struct{ line, col int }

// locateKeys finds where each key of a TOML document is written, as dotted
// paths without array indices ("fab.feature"), for positioned messages about
// keys. BurntSushi/toml knows positions but does not expose them per key.
func locateKeys(src string) map[string]position {
	keys := map[string]position{}
	var table []string
	inMulti := "" // the closing quotes of an open multi-line string
	depth := 0    // open brackets of a multi-line array or inline table
	for i, line := range strings.Split(src, "\n") {
		lineNo := i + 1
		if inMulti != "" {
			if strings.Contains(line, inMulti) {
				inMulti = ""
			}
			continue
		}
		trimmed := strings.TrimSpace(line)
		indent := len([]rune(line)) - len([]rune(strings.TrimLeft(line, " \t")))
		if depth > 0 {
			depth += bracketBalance(trimmed)
			continue
		}
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		if trimmed[0] == '[' {
			name := strings.Trim(trimmed, "[]")
			if j := strings.Index(name, "]"); j >= 0 {
				name = name[:j]
			}
			table = splitKey(name)
			path := strings.Join(table, ".")
			if _, ok := keys[path]; !ok {
				keys[path] = position{lineNo, indent + 1}
			}
			continue
		}
		eq := strings.IndexByte(trimmed, '=')
		if eq <= 0 {
			continue
		}
		key := append(append([]string{}, table...), splitKey(strings.TrimSpace(trimmed[:eq]))...)
		path := strings.Join(key, ".")
		if _, ok := keys[path]; !ok {
			keys[path] = position{lineNo, indent + 1}
		}
		value := strings.TrimSpace(trimmed[eq+1:])
		for _, q := range []string{`"""`, `'''`} {
			if strings.HasPrefix(value, q) && !strings.Contains(value[3:], q) {
				inMulti = q
			}
		}
		if inMulti == "" {
			depth = bracketBalance(value)
		}
	}
	return keys
}

func splitKey(s string) []string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return parts
}

// bracketBalance counts [ and { minus ] and } outside strings.
func bracketBalance(s string) int {
	n := 0
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '#':
			return n
		case r == '[' || r == '{':
			n++
		case r == ']' || r == '}':
			n--
		}
	}
	return max(n, 0)
}

// Package tomlx decodes TOML strictly for user-facing files: syntax and type
// errors and every unknown key become positioned diagnostics, and the
// position of every key (array elements included) can be looked up for
// messages about values.
package tomlx

import (
	"errors"
	"iter"
	"maps"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"playbook/generator/diag"
)

// Pos is a 1-based line and column.
type Pos struct{ Line, Col int }

// Keys maps key paths to where they are written. Paths come in two forms:
// with array indices ("proposal.quote.items[2].quantity") and without
// ("proposal.quote.items.quantity", the first occurrence).
type Keys struct {
	pos   map[string]Pos
	all   map[string][]Pos // unindexed path -> every occurrence
	first int              // line offset for file positions
}

// At returns where path is written, walking up to the nearest written parent;
// line 1, column 1 when nothing is found.
func (k Keys) At(path string) Pos {
	for p := path; p != ""; {
		if pos, ok := k.pos[p]; ok {
			return Pos{pos.Line + k.first - 1, pos.Col}
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return Pos{max(k.first, 1), 1}
}

// All returns every place an unindexed path is written.
func (k Keys) All(path string) []Pos {
	var out []Pos
	for _, p := range k.all[path] {
		out = append(out, Pos{p.Line + k.first - 1, p.Col})
	}
	return out
}

// Has reports whether the path is written.
func (k Keys) Has(path string) bool { _, ok := k.pos[path]; return ok }

// Decode decodes src into v. file names the file in messages; firstLine is
// the file line of src's first line (front matter starts after +++). allowed
// lists the valid key paths without indices, for "did you mean" hints.
func Decode(src, file string, firstLine int, v any, allowed []string, diags *diag.List) (toml.MetaData, Keys, bool) {
	if line, col, msg := limits(src); msg != "" {
		diags.Errorf(file, line+firstLine-1, col, "%s", msg)
		return toml.MetaData{}, Keys{first: firstLine}, false
	}
	keys := Locate(src)
	keys.first = firstLine
	if sd, ok := v.(SimpleDecoder); ok && sd.DecodeSimple(src) {
		return toml.MetaData{}, keys, true
	}
	md, err := toml.Decode(src, v)
	if err != nil {
		line, col, msg := decodeError(err, keys)
		diags.Errorf(file, line+firstLine-1, col, "%s", msg)
		return md, keys, false
	}
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
		msg := "unknown key \"" + path + "\""
		if s := diag.Suggest(k[len(k)-1], allowedAt(allowed, k)); s != "" {
			msg += " (did you mean \"" + s + "\"?)"
		}
		places := keys.All(path)
		if len(places) == 0 {
			places = []Pos{{firstLine, 1}}
		}
		for _, p := range places {
			diags.Errorf(file, p.Line, p.Col, "%s", msg)
		}
	}
	return md, keys, true
}

// allowedAt returns the allowed key names beside k (in the same table).
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

// decodeError turns a decoding error into a position and a message.
func decodeError(err error, keys Keys) (line, col int, msg string) {
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
		pos := Pos{1, 1}
		if n, _ := strconv.Atoi(m[1]); n > 0 {
			pos = keys.onLine(m[2], n)
		} else if p, ok := keys.pos[m[2]]; ok {
			pos = p
		}
		text := strings.Replace(m[3], "incompatible types: TOML value has type", "wrong type: the value is a TOML", 1)
		text = strings.Replace(text, "; destination has type", ", but it must be", 1)
		return pos.Line, pos.Col, m[2] + ": " + text
	}
	msg = pe.Message
	if pe.LastKey != "" && !strings.Contains(msg, pe.LastKey) {
		msg = pe.LastKey + ": " + msg
	}
	return max(pe.Position.Line, 1), max(pe.Position.Col, 1), "invalid TOML: " + msg
}

// onLine finds the occurrence of an unindexed path on a line.
func (k Keys) onLine(path string, line int) Pos {
	for _, p := range k.all[path] {
		if p.Line == line {
			return p
		}
	}
	return Pos{line, 1}
}

// Locate finds where each key of a TOML document is written.
// BurntSushi/toml knows positions but does not expose them per key.
func Locate(src string) Keys {
	k := Keys{pos: map[string]Pos{}, all: map[string][]Pos{}, first: 1}
	add := func(indexed, plain string, p Pos) {
		if _, ok := k.pos[indexed]; !ok {
			k.pos[indexed] = p
		}
		if _, ok := k.pos[plain]; !ok {
			k.pos[plain] = p
		}
		k.all[plain] = append(k.all[plain], p)
	}
	var table, plainTable string // current table, with and without indices
	counts := map[string]int{}   // array-of-tables header -> elements so far
	inMulti := ""                // the closing quotes of an open multi-line string
	depth := 0                   // open brackets of a multi-line array or inline table
	for i, line := range strings.Split(src, "\n") {
		lineNo := i + 1
		if inMulti != "" {
			if strings.Contains(line, inMulti) {
				inMulti = ""
			}
			continue
		}
		trimmed := strings.TrimSpace(line)
		col := len([]rune(line)) - len([]rune(strings.TrimLeft(line, " \t"))) + 1
		if depth > 0 {
			depth = max(depth+bracketBalance(trimmed), 0)
			continue
		}
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		if trimmed[0] == '[' {
			array := strings.HasPrefix(trimmed, "[[")
			name := strings.TrimLeft(trimmed, "[")
			if j := strings.IndexByte(name, ']'); j >= 0 {
				name = name[:j]
			}
			parts := splitKey(name)
			plainTable = strings.Join(parts, ".")
			// Indices of enclosing arrays of tables carry over.
			table = ""
			for n := range parts {
				prefix := strings.Join(parts[:n+1], ".")
				if table != "" {
					table += "."
				}
				table += parts[n]
				if c, ok := counts[prefix]; ok && (n < len(parts)-1 || !array) {
					table += "[" + strconv.Itoa(c-1) + "]"
				}
			}
			if array {
				c := counts[plainTable]
				counts[plainTable] = c + 1
				table += "[" + strconv.Itoa(c) + "]"
			}
			add(table, plainTable, Pos{lineNo, col})
			continue
		}
		eq := strings.IndexByte(trimmed, '=')
		if eq <= 0 {
			continue
		}
		key := strings.Join(splitKey(strings.TrimSpace(trimmed[:eq])), ".")
		indexed, plain := key, key
		if table != "" {
			indexed, plain = table+"."+key, plainTable+"."+key
		}
		add(indexed, plain, Pos{lineNo, col})
		value := strings.TrimSpace(trimmed[eq+1:])
		for _, q := range []string{`"""`, `'''`} {
			if strings.HasPrefix(value, q) && !strings.Contains(value[3:], q) {
				inMulti = q
			}
		}
		if inMulti == "" {
			depth = max(bracketBalance(value), 0)
		}
	}
	return k
}

func splitKey(s string) []string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return parts
}

// bracketBalance counts [ and { minus ] and } outside strings and comments.
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
	return n
}

// Paths yields the written key paths without indices, in no set order.
func (k Keys) Paths() iter.Seq[string] { return maps.Keys(k.all) }

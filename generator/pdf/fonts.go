package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// Fonts are the TrueType faces a document is set in. Load them once per
// process: every document parses them again (fpdf cannot share a parsed
// font), but the bytes and the character coverage are shared.
type Fonts struct {
	Regular []byte
	Bold    []byte // nil: bold is synthesized by stroking the regular face
	covered map[rune]bool
	// remap gives characters above U+FFFF, which fpdf cannot address, the
	// Private Use code point that the font maps to the same glyph.
	remap map[rune]rune
}

// NewFonts checks that regular (and bold, when given) are TrueType fonts
// with glyph outlines fpdf can embed, and reads which characters they cover.
func NewFonts(regular, bold []byte) (*Fonts, error) {
	glyphs, err := coverage(regular)
	if err != nil {
		return nil, fmt.Errorf("regular font: %w", err)
	}
	cov, remap := printable(glyphs)
	if bold != nil {
		boldGlyphs, err := coverage(bold)
		if err != nil {
			return nil, fmt.Errorf("bold font: %w", err)
		}
		boldCov, boldRemap := printable(boldGlyphs)
		for r := range cov {
			if !boldCov[r] {
				delete(cov, r) // a character must print in both faces
			}
		}
		for r, pua := range remap {
			if boldRemap[r] != pua {
				delete(remap, r)
			}
		}
	}
	return &Fonts{Regular: regular, Bold: bold, covered: cov, remap: remap}, nil
}

// printable splits a font's characters into those fpdf can address (up
// to U+FFFF) and those above U+FFFF that a Private Use code point of the
// font shares a glyph with.
func printable(glyphs map[rune]uint16) (map[rune]bool, map[rune]rune) {
	cov := make(map[rune]bool, len(glyphs))
	pua := map[uint16]rune{}
	for r, g := range glyphs {
		if r <= 0xFFFF {
			cov[r] = true
		}
		if r >= 0xE000 && r <= 0xF8FF {
			pua[g] = r
		}
	}
	remap := map[rune]rune{}
	for r, g := range glyphs {
		if p, ok := pua[g]; ok && r > 0xFFFF {
			remap[r] = p
		}
	}
	return cov, remap
}

// Has reports whether every face can print r.
func (f *Fonts) Has(r rune) bool {
	if r > 0xFFFF {
		_, ok := f.remap[r]
		return ok
	}
	return f.covered[r]
}

// coverage parses a TrueType font's cmap (formats 4 and 12): the glyph of
// each character.
func coverage(font []byte) (map[rune]uint16, error) {
	if len(font) < 12 {
		return nil, errors.New("not a font file")
	}
	switch tag := string(font[:4]); tag {
	case "\x00\x01\x00\x00", "true":
	case "OTTO":
		return nil, errors.New("CFF (PostScript) outlines are not supported; use a TrueType (glyf) font")
	case "ttcf":
		return nil, errors.New("a TrueType collection (.ttc): name one face with font_face")
	default:
		return nil, errors.New("not a TrueType font")
	}
	tables, err := fontTables(font)
	if err != nil {
		return nil, err
	}
	if tables["glyf"] == nil {
		return nil, errors.New("no glyf table: the font has no TrueType outlines")
	}
	cmap := tables["cmap"]
	if len(cmap) < 4 {
		return nil, errors.New("no cmap table")
	}
	var best []byte
	bestFormat := 0
	for i := range int(binary.BigEndian.Uint16(cmap[2:])) {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			break
		}
		platform, encoding := binary.BigEndian.Uint16(cmap[rec:]), binary.BigEndian.Uint16(cmap[rec+2:])
		off := int(binary.BigEndian.Uint32(cmap[rec+4:]))
		if off+4 > len(cmap) || !(platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))) {
			continue
		}
		format := int(binary.BigEndian.Uint16(cmap[off:]))
		if (format == 12 && bestFormat != 12) || (format == 4 && bestFormat == 0) {
			best, bestFormat = cmap[off:], format
		}
	}
	cov := map[rune]uint16{}
	switch bestFormat {
	case 4:
		if len(best) < 14 {
			return nil, errors.New("bad cmap")
		}
		segs := int(binary.BigEndian.Uint16(best[6:])) / 2
		if 16+8*segs > len(best) {
			return nil, errors.New("bad cmap format 4")
		}
		ends, starts := best[14:], best[16+2*segs:]
		deltas, ranges := best[16+4*segs:], best[16+6*segs:]
		for s := range segs {
			end, start := rune(binary.BigEndian.Uint16(ends[2*s:])), rune(binary.BigEndian.Uint16(starts[2*s:]))
			delta, rangeOff := binary.BigEndian.Uint16(deltas[2*s:]), int(binary.BigEndian.Uint16(ranges[2*s:]))
			for r := start; r <= end && r != 0xFFFF; r++ {
				glyph := uint16(0)
				if rangeOff == 0 {
					glyph = uint16(r) + delta
				} else if at := 16 + 6*segs + 2*s + rangeOff + 2*int(r-start); at+2 <= len(best) {
					if g := binary.BigEndian.Uint16(best[at:]); g != 0 {
						glyph = g + delta
					}
				}
				if glyph != 0 {
					cov[r] = glyph
				}
			}
		}
	case 12:
		if len(best) < 16 {
			return nil, errors.New("bad cmap")
		}
		groups := int(binary.BigEndian.Uint32(best[12:]))
		for g := range groups {
			at := 16 + 12*g
			if at+12 > len(best) {
				break
			}
			start, end := rune(binary.BigEndian.Uint32(best[at:])), rune(binary.BigEndian.Uint32(best[at+4:]))
			glyph := binary.BigEndian.Uint32(best[at+8:])
			for r := start; r <= end && r <= 0x10FFFF && end-start < 0x110000; r++ {
				if g := glyph + uint32(r-start); g != 0 && g <= 0xFFFF {
					cov[r] = uint16(g)
				}
			}
		}
	default:
		return nil, errors.New("no Unicode cmap (format 4 or 12)")
	}
	return cov, nil
}

// fontTables reads a TrueType font's table directory.
func fontTables(font []byte) (map[string][]byte, error) {
	if len(font) < 12 {
		return nil, errors.New("not a font file")
	}
	tables := map[string][]byte{}
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(font) {
			return nil, errors.New("truncated table directory")
		}
		tag := string(font[rec : rec+4])
		off := int(binary.BigEndian.Uint32(font[rec+8:]))
		length := int(binary.BigEndian.Uint32(font[rec+12:]))
		if off < 0 || length < 0 || off+length > len(font) || off+length < off {
			return nil, fmt.Errorf("table %q out of bounds", tag)
		}
		tables[tag] = font[off : off+length]
	}
	return tables, nil
}

// postScriptName is the font's PostScript name (name ID 6), as a PDF name
// may hold it, or def when it has none.
func postScriptName(font []byte, def string) string {
	tables, err := fontTables(font)
	name := tables["name"]
	if err != nil || len(name) < 6 {
		return def
	}
	count, strs := int(binary.BigEndian.Uint16(name[2:])), int(binary.BigEndian.Uint16(name[4:]))
	for i := range count {
		rec := 6 + 12*i
		if rec+12 > len(name) {
			break
		}
		platform := binary.BigEndian.Uint16(name[rec:])
		id := binary.BigEndian.Uint16(name[rec+6:])
		length, off := int(binary.BigEndian.Uint16(name[rec+8:])), int(binary.BigEndian.Uint16(name[rec+10:]))
		if id != 6 || strs+off+length > len(name) {
			continue
		}
		raw := name[strs+off : strs+off+length]
		var b strings.Builder
		for j := 0; j < len(raw); j++ {
			c := raw[j]
			if platform == 0 || platform == 3 { // UTF-16BE
				if j%2 == 0 {
					continue
				}
			}
			if c > ' ' && c < 0x7f && !strings.ContainsRune("()<>[]{}/%#", rune(c)) {
				b.WriteByte(c)
			}
		}
		if b.Len() > 0 {
			return b.String()
		}
	}
	return def
}

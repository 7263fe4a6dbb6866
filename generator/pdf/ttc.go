package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// ExtractFace returns face n of a TrueType collection (.ttc) as a standalone
// .ttf, which fpdf can read. A plain .ttf is returned as it is (n must be 0).
func ExtractFace(font []byte, n int) ([]byte, error) {
	if len(font) < 12 {
		return nil, errors.New("not a font file")
	}
	if string(font[:4]) != "ttcf" {
		if n != 0 {
			return nil, fmt.Errorf("face %d: the file is a single font, not a collection", n)
		}
		return font, nil
	}
	count := int(binary.BigEndian.Uint32(font[8:]))
	if n < 0 || n >= count || 12+4*count > len(font) {
		return nil, fmt.Errorf("face %d: the collection has %d faces", n, count)
	}
	dir := int(binary.BigEndian.Uint32(font[12+4*n:]))
	if dir+12 > len(font) {
		return nil, errors.New("truncated collection")
	}
	numTables := int(binary.BigEndian.Uint16(font[dir+4:]))
	if dir+12+16*numTables > len(font) {
		return nil, errors.New("truncated table directory")
	}
	type table struct {
		tag  string
		rec  []byte
		data []byte
	}
	tables := make([]table, numTables)
	for i := range numTables {
		rec := font[dir+12+16*i : dir+28+16*i]
		off, length := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if off < 0 || length < 0 || off+length > len(font) || off+length < off {
			return nil, fmt.Errorf("table %q out of bounds", rec[:4])
		}
		tables[i] = table{tag: string(rec[:4]), rec: rec, data: font[off : off+length]}
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].tag < tables[j].tag })
	out := make([]byte, 12+16*numTables)
	copy(out, font[dir:dir+12])
	for i, t := range tables {
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		rec := out[12+16*i:]
		copy(rec, t.rec[:8]) // tag and checksum
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t.data)))
		out = append(out, t.data...)
	}
	return out, nil
}

package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
)

// finish rewrites the PDF fpdf wrote, object by object, and rebuilds its
// cross-reference table:
//
//   - each embedded font gets its PostScript name with a six-letter subset
//     tag, as PDF requires of a subset (ABCDEF+NotoSansSC-Regular), where
//     fpdf writes its internal name (utf8body);
//   - when characters above U+FFFF were printed through the Private Use
//     code points that share their glyphs, the fonts' ToUnicode maps give
//     the real characters back, so copying and searching find 𠮷, not
//     U+E000;
//   - the Info dictionary's strings are written as UTF-16 with surrogate
//     pairs (fpdf cuts characters above U+FFFF to 16 bits);
//   - the catalog points at the XMP metadata (fpdf writes the stream
//     without the reference), and the header says PDF 1.4, the version
//     that has XMP metadata.
//
// The rest of the file is kept byte for byte.
func finish(raw []byte, names map[string]string, remapped map[rune]rune, meta Meta) ([]byte, error) {
	at := bytes.LastIndex(raw, []byte("startxref"))
	if at < 0 {
		return nil, errors.New("pdf: no startxref")
	}
	xref, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(string(raw[at+len("startxref"):])), "%%EOF")))
	if err != nil || xref <= 0 || xref >= at {
		return nil, errors.New("pdf: bad startxref")
	}
	table := raw[xref:at]
	lines := strings.Split(string(table), "\n")
	if len(lines) < 3 || lines[0] != "xref" {
		return nil, errors.New("pdf: no xref table")
	}
	var first, count int
	if _, err := fmt.Sscanf(lines[1], "%d %d", &first, &count); err != nil || first != 0 || len(lines) < 2+count {
		return nil, errors.New("pdf: bad xref subsection")
	}
	var objs []object
	for i := 1; i < count; i++ {
		e := lines[2+i]
		if len(e) < 18 || e[17] != 'n' {
			continue
		}
		off, err := strconv.Atoi(e[:10])
		if err != nil || off <= 0 || off >= xref {
			return nil, fmt.Errorf("pdf: bad xref entry %d", i)
		}
		objs = append(objs, object{i, off})
	}
	slices.SortFunc(objs, func(a, b object) int { return a.off - b.off })
	if len(objs) == 0 {
		return nil, errors.New("pdf: no objects")
	}
	trailer := strings.Join(lines[2+count:], "\n")

	var out bytes.Buffer
	out.Grow(len(raw) + 4096)
	header := raw[:objs[0].off]
	header = bytes.Replace(header, []byte("%PDF-1.3"), []byte("%PDF-1.4"), 1)
	out.Write(header)
	offsets := make([]int, count)
	cmap := toUnicode(remapped)
	body := func(i int) []byte {
		end := xref
		if i+1 < len(objs) {
			end = objs[i+1].off
		}
		return raw[objs[i].off:end]
	}
	// fpdf writes the XMP metadata stream but does not point the catalog
	// at it.
	metadata := 0
	for i, o := range objs {
		if bytes.Contains(body(i), []byte("<< /Type /Metadata /Subtype /XML")) {
			metadata = o.num
		}
	}
	info := infoObject(meta)
	bodies := make([][]byte, len(objs))
	for i := range objs {
		obj := rewriteObject(body(i), names, cmap)
		if bytes.Contains(obj, []byte("\n/CreationDate ")) && bytes.Contains(obj, []byte("\n/Producer ")) {
			num, _, _ := bytes.Cut(obj, []byte("\n"))
			obj = append(append(num, '\n'), info...)
		}
		if metadata > 0 && bytes.Contains(obj, []byte("/Type /Catalog\n")) && !bytes.Contains(obj, []byte("/Metadata ")) {
			obj = bytes.Replace(obj, []byte("/Type /Catalog\n"), fmt.Appendf(nil, "/Type /Catalog\n/Metadata %d 0 R\n", metadata), 1)
		}
		bodies[i] = obj
	}
	canonicalImages(objs2nums(objs), bodies)
	for i, o := range objs {
		offsets[o.num] = out.Len()
		out.Write(bodies[i])
	}
	newXref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", count)
	for i := 1; i < count; i++ {
		if offsets[i] == 0 {
			out.WriteString(lines[2+i] + "\n") // a free entry, as fpdf wrote it
			continue
		}
		fmt.Fprintf(&out, "%010d 00000 n \n", offsets[i])
	}
	out.WriteString(trailer)
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", newXref)
	return out.Bytes(), nil
}

type object struct{ num, off int }

func objs2nums(objs []object) []int {
	nums := make([]int, len(objs))
	for i, o := range objs {
		nums[i] = o.num
	}
	return nums
}

var objRef = regexp.MustCompile(`(\d+) 0 R\b`)

// canonicalImages gives image objects numbers in the order of their
// content: fpdf writes images of the same width in map order, so the same
// document would otherwise come out with its images numbered differently
// from one run to the next. bodies[i] is object nums[i], starting with its
// "N 0 obj" line; references to the images are renumbered everywhere.
func canonicalImages(nums []int, bodies [][]byte) {
	var at []int // indexes of the image objects
	for i, b := range bodies {
		if bytes.Contains(b, []byte("/Subtype /Image")) {
			at = append(at, i)
		}
	}
	if len(at) < 2 {
		return
	}
	content := func(i int) []byte {
		_, rest, _ := bytes.Cut(bytes.TrimLeft(bodies[i], "\n"), []byte("\n"))
		return rest
	}
	sorted := slices.Clone(at)
	slices.SortStableFunc(sorted, func(a, b int) int { return bytes.Compare(content(a), content(b)) })
	slots := make([]int, len(at)) // the image object numbers, ascending
	for k, i := range at {
		slots[k] = nums[i]
	}
	slices.Sort(slots)
	renumber := map[int]int{}
	for k, i := range sorted {
		renumber[nums[i]] = slots[k]
	}
	for i, b := range bodies {
		// References live in the dictionaries, never in the streams.
		dict, stream := b, []byte(nil)
		if k := bytes.Index(b, []byte("stream\n")); k >= 0 {
			dict, stream = b[:k], b[k:]
		}
		if !bytes.Contains(dict, []byte(" 0 R")) {
			continue
		}
		dict = objRef.ReplaceAllFunc(dict, func(m []byte) []byte {
			n, _ := strconv.Atoi(string(m[:bytes.IndexByte(m, ' ')]))
			if to, ok := renumber[n]; ok {
				return fmt.Appendf(nil, "%d 0 R", to)
			}
			return m
		})
		bodies[i] = slices.Concat(dict, stream)
	}
	// Each image body moves to the slot of its new number, keeping the
	// file's order of slots.
	moved := make(map[int][]byte, len(at))
	for _, i := range at {
		moved[renumber[nums[i]]] = fmt.Appendf(nil, "%d 0 obj\n%s", renumber[nums[i]], content(i))
	}
	for _, i := range at {
		bodies[i] = moved[nums[i]]
	}
}

var fontName = regexp.MustCompile(`/(BaseFont|FontName) /(utf8[A-Za-z0-9]+)`)

// rewriteObject applies finish's changes to one object.
func rewriteObject(obj []byte, names map[string]string, cmap []byte) []byte {
	obj = fontName.ReplaceAllFunc(obj, func(m []byte) []byte {
		sub := fontName.FindSubmatch(m)
		name, ok := names[string(sub[2])]
		if !ok {
			return m
		}
		return []byte("/" + string(sub[1]) + " /" + name)
	})
	if cmap != nil && bytes.Contains(obj, []byte("/CIDInit /ProcSet findresource begin")) && bytes.Contains(obj, []byte("<0000> <FFFF> <0000>")) {
		head, _, ok := bytes.Cut(obj, []byte("stream\n"))
		if !ok {
			return obj
		}
		num, _, _ := bytes.Cut(head, []byte("\n"))
		var b bytes.Buffer
		fmt.Fprintf(&b, "%s\n<</Length %d>>\nstream\n%s\nendstream\nendobj\n", num, len(cmap), cmap)
		return b.Bytes()
	}
	return obj
}

// subsetTag is the six capital letters that name a font subset, derived
// from what makes the subset (so the same document gives the same tag).
func subsetTag(seed string) string {
	h := fnv.New64a()
	h.Write([]byte(seed))
	v := h.Sum64()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + byte(v%26)
		v /= 26
	}
	return string(tag)
}

// toUnicode is a ToUnicode CMap that maps every two-byte code to itself
// (as fpdf's does: fpdf's codes are the characters) except the Private Use
// codes in remapped (PUA → character), which map to UTF-16 surrogate
// pairs. nil when nothing was remapped.
func toUnicode(remapped map[rune]rune) []byte {
	if len(remapped) == 0 {
		return nil
	}
	var ranges, chars []string
	for hi := 0; hi < 256; hi++ {
		start := hi << 8
		for lo := 0; lo < 256; lo++ {
			c := rune(hi<<8 | lo)
			if r, ok := remapped[c]; ok {
				if int(c) > start {
					ranges = append(ranges, fmt.Sprintf("<%04X> <%04X> <%04X>", start, int(c)-1, start))
				}
				s1, s2 := utf16.EncodeRune(r)
				chars = append(chars, fmt.Sprintf("<%04X> <%04X%04X>", c, s1, s2))
				start = int(c) + 1
			}
		}
		if end := hi<<8 | 0xFF; start <= end {
			ranges = append(ranges, fmt.Sprintf("<%04X> <%04X> <%04X>", start, end, start))
		}
	}
	slices.Sort(chars)
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for len(ranges) > 0 { // at most 100 entries per block
		n := min(100, len(ranges))
		fmt.Fprintf(&b, "%d beginbfrange\n%s\nendbfrange\n", n, strings.Join(ranges[:n], "\n"))
		ranges = ranges[n:]
	}
	for len(chars) > 0 {
		n := min(100, len(chars))
		fmt.Fprintf(&b, "%d beginbfchar\n%s\nendbfchar\n", n, strings.Join(chars[:n], "\n"))
		chars = chars[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.Bytes()
}

// infoObject is the body of the Info dictionary object for m.
func infoObject(m Meta) []byte {
	var b bytes.Buffer
	b.WriteString("<<\n/Producer (Playbook)\n") // how writer.OwnPDF knows the file
	for _, kv := range [][2]string{{"Title", m.Title}, {"Subject", m.Subject},
		{"Author", m.Author}, {"Keywords", m.Keywords}, {"Creator", m.Creator}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "/%s %s\n", kv[0], pdfText(kv[1]))
		}
	}
	date := "D:" + m.Date.Format("20060102150405")
	fmt.Fprintf(&b, "/CreationDate (%s)\n/ModDate (%s)\n>>\nendobj\n", date, date)
	return b.Bytes()
}

// pdfText is s as a PDF text string: UTF-16BE with a byte order mark, in
// hexadecimal.
func pdfText(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

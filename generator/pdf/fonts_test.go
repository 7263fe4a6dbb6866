package pdf

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"playbook/generator/internal/testtool"
)

func themeFont(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../themes/default/fonts/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCoverage(t *testing.T) {
	f, err := NewFonts(themeFont(t, "NotoSansSC-Regular.ttf"), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Rare name characters, traditional characters, business symbols and
	// European letters: the bundled font covers them all.
	for _, r := range "华东石化羽绒服¥€£，。、；：“”（）…—①Ⅻ☐☑ABCabc0123456789喆堃镕䶮珺臺灣資訊㎡㎏‰№※√ÅströmŁódźMüllerŐŰ" {
		if !f.Has(r) {
			t.Errorf("%q not covered", r)
		}
	}
	for _, r := range "😀𠀀𠮷✔" {
		if f.Has(r) {
			t.Errorf("%q reported as covered", r)
		}
	}
}

// Every character a Chinese business document meets prints: the 8,105 of
// the 通用规范汉字表 (196 of them above U+FFFF, printed through Private Use
// code points), the 5,401 traditional characters of Big5 level 1, the
// symbols of business documents, Latin-1 and Latin Extended-A.
func TestFullCoverage(t *testing.T) {
	f, err := NewFonts(themeFont(t, "NotoSansSC-Regular.ttf"), nil)
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string]string{
		"通用规范汉字表":      readTestdata(t, "tygf8105.txt"),
		"Big5 level 1": readTestdata(t, "big5-level1.txt"),
		"symbols":      "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳℃±×÷≤≥※★√㎡㎏‰№〇～－＋（）【】《》「」『』…—·",
	}
	var latin strings.Builder
	for r := rune(0x20); r <= 0x17F; r++ {
		if r < 0x7F || r >= 0xA0 {
			latin.WriteRune(r)
		}
	}
	sets["Latin-1 and Latin Extended-A"] = latin.String()
	want := map[string]int{"通用规范汉字表": 8105, "Big5 level 1": 5401}
	for name, set := range sets {
		n, above := 0, 0
		for _, r := range set {
			if r == '\n' {
				continue
			}
			n++
			if r > 0xFFFF {
				above++
			}
			if !f.Has(r) {
				t.Errorf("%s: %q (U+%04X) does not print", name, r, r)
			}
		}
		if w, ok := want[name]; ok && n != w {
			t.Errorf("%s: %d characters in the test data, want %d", name, n, w)
		}
		if name == "通用规范汉字表" && above != 196 {
			t.Errorf("%d characters above U+FFFF, want 196", above)
		}
	}
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A character above U+FFFF prints through its Private Use code point and
// copies back as itself; the font is named with a subset tag; the XMP
// metadata says what the Info dictionary says.
func TestFinishedPDF(t *testing.T) {
	f, err := NewFonts(themeFont(t, "NotoSansSC-Regular.ttf"), nil)
	if err != nil {
		t.Fatal(err)
	}
	meta := Meta{Title: "建议书 <&> 𬘓", Author: "北方羽绒", Subject: "S", Keywords: "K", Creator: "Playbook", Lang: "zh-CN", Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	d := New(f, meta)
	d.AddPage()
	d.Text(20, 30, "编制人 欧阳𬘓𫐄𬭚 ok", Style{Size: 12})
	if p := d.Problems(); len(p) != 0 {
		t.Fatalf("problems: %v", p)
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`/BaseFont /[A-Z]{6}\+NotoSansSC-Regular\n`).Match(b) {
		t.Error("no subset-tagged font name")
	}
	if bytes.Contains(b, []byte("utf8body")) {
		t.Error("fpdf's internal font name left in the PDF")
	}
	again, _ := New(f, meta), 0
	again.AddPage()
	again.Text(20, 30, "编制人 欧阳𬘓𫐄𬭚 ok", Style{Size: 12})
	if b2, _ := again.Bytes(); !bytes.Equal(b, b2) {
		t.Error("the same document gave different bytes")
	}
	file := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if exec.Command("sh", "-c", "command -v qpdf").Run() == nil {
		if out, err := exec.Command("qpdf", "--check", file).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	}
	pdftotext := tool(t, "pdftotext", "poppler-utils")
	out, err := exec.Command(pdftotext, file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "欧阳𬘓𫐄𬭚") {
		t.Errorf("copied text %q lacks 欧阳𬘓𫐄𬭚", out)
	}
	info, _ := exec.Command("pdfinfo", file).Output()
	xmp, _ := exec.Command("pdfinfo", "-meta", file).Output()
	if !strings.Contains(string(info), "Title:           建议书 <&> 𬘓") {
		t.Errorf("Info title:\n%s", info)
	}
	for _, want := range []string{"建议书 &lt;&amp;&gt; 𬘓", "<rdf:li>北方羽绒</rdf:li>", "<xmp:CreateDate>2026-12-01T00:00:00</xmp:CreateDate>", "<rdf:li>zh-CN</rdf:li>"} {
		if !strings.Contains(string(xmp), want) {
			t.Errorf("XMP lacks %q:\n%s", want, xmp)
		}
	}
}

// tool returns the path of an outside command, or skips the test (fails it
// under CI=true, where .ci/run installs it).
func tool(t testing.TB, name, pkg string) string { t.Helper(); return testtool.Path(t, name, pkg) }

func TestRejectsBadFonts(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty": nil, "text": []byte("hello world, not a font"), "cff": []byte("OTTO\x00\x00\x00\x00\x00\x00\x00\x00"),
	} {
		if _, err := NewFonts(data, nil); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

// A collection made of two faces gives each back as a font fpdf can read.
func TestExtractFace(t *testing.T) {
	regular := themeFont(t, "NotoSansSC-Regular.ttf")
	ttc := makeTTC(t, regular, regular)
	for i, want := range [][]byte{regular, regular} {
		face, err := ExtractFace(ttc, i)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := NewFonts(face, nil); err != nil {
			t.Fatalf("face %d: %v", i, err)
		}
		a, _ := coverage(face)
		b, _ := coverage(want)
		if len(a) != len(b) {
			t.Errorf("face %d covers %d characters, want %d", i, len(a), len(b))
		}
		fonts, err := NewFonts(face, nil)
		if err != nil {
			t.Fatal(err)
		}
		d := New(fonts, Meta{})
		d.AddPage()
		d.Text(20, 20, "华东石化", Style{Size: 12})
		if _, err := d.Bytes(); err != nil {
			t.Errorf("face %d does not embed: %v", i, err)
		}
	}
	if _, err := ExtractFace(ttc, 2); err == nil {
		t.Error("face 2 of 2 accepted")
	}
}

// makeTTC builds a collection: a header, then each font's table directory
// with offsets into the whole file.
func makeTTC(t *testing.T, fonts ...[]byte) []byte {
	t.Helper()
	head := 12 + 4*len(fonts)
	out := make([]byte, head)
	copy(out, "ttcf\x00\x01\x00\x00")
	binary.BigEndian.PutUint32(out[8:], uint32(len(fonts)))
	for i, f := range fonts {
		base := len(out)
		binary.BigEndian.PutUint32(out[12+4*i:], uint32(base))
		out = append(out, f...)
		n := int(binary.BigEndian.Uint16(f[4:]))
		for k := range n {
			rec := base + 12 + 16*k
			off := binary.BigEndian.Uint32(out[rec+8:])
			binary.BigEndian.PutUint32(out[rec+8:], off+uint32(base))
		}
	}
	return out
}

func FuzzCoverage(f *testing.F) {
	f.Add([]byte("\x00\x01\x00\x00\x00\x02"))
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = coverage(data)
		_, _ = ExtractFace(data, 0)
		_, _ = NewFonts(data, nil)
		if name := postScriptName(data, "x"); strings.ContainsAny(name, " ()<>[]{}/%#") {
			t.Errorf("PostScript name %q is not a PDF name", name)
		}
	})
}

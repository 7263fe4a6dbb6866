package pdf

import (
	"encoding/binary"
	"os"
	"testing"
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
	for _, r := range "😀𠀀✔" {
		if f.Has(r) {
			t.Errorf("%q reported as covered", r)
		}
	}
}

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
		d := New(&Fonts{Regular: face, covered: a}, Meta{})
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
	})
}

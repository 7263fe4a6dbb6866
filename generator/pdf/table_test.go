package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Random tables of mixed content: every word pdftotext finds lies inside
// one column (between its paddings), on the page, and no amount is split.
func TestTableWordsStayInTheirCells(t *testing.T) {
	pdftotext := tool(t, "pdftotext", "poppler-utils")
	fonts, err := NewFonts(themeFont(t, "NotoSansSC-Regular.ttf"), nil)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(11, 27))
	pieces := []string{"羽绒服", "刘建华", "李娜", "封样", "subscription", "licence", "internationalization", "220 g",
		"2022—2026", "2026年12月1日", "①", "№ 7", "Łódź", "Åström", "，", "（选配）", "90% 白鸭绒", "supercalifragilisticexpialidocious"}
	for round := range 8 {
		cols := 2 + rng.IntN(6)
		tb := Table{Zebra: true}
		for c := range cols {
			align := Left
			if c >= cols-2 {
				align = Right
			}
			tb.Columns = append(tb.Columns, Column{Header: pieces[rng.IntN(len(pieces))], Align: align})
		}
		var amounts []string
		for range 3 + rng.IntN(40) {
			var row []Cell
			for c := range cols {
				if c >= cols-2 {
					a := fmt.Sprintf("¥%s.%02d", group(rng.Int64N(1_000_000_000_000)), rng.IntN(100))
					amounts = append(amounts, a)
					row = append(row, TextCell(a))
					continue
				}
				var b strings.Builder
				for range rng.IntN(8) {
					b.WriteString(pieces[rng.IntN(len(pieces))])
					if rng.IntN(2) == 0 {
						b.WriteString(" ")
					}
				}
				row = append(row, TextCell(b.String()))
			}
			tb.Rows = append(tb.Rows, row)
		}
		d := New(fonts, Meta{})
		d.AddPage()
		placed := d.Table(tb)
		data, err := d.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), "t.pdf")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		html, err := exec.Command(pdftotext, "-bbox", file, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		words := wordRe.FindAllStringSubmatch(string(html), -1)
		if len(words) < len(tb.Rows) {
			t.Fatalf("round %d: %d words for %d rows", round, len(words), len(tb.Rows))
		}
		const pt = 72 / 25.4
		for _, m := range words {
			x0, _ := strconv.ParseFloat(m[1], 64)
			x1, _ := strconv.ParseFloat(m[3], 64)
			inside := false
			for i, x := range placed.X {
				lo, hi := (x+cellPadX)*pt-0.6, (x+placed.W[i]-cellPadX)*pt+0.6
				inside = inside || x0 >= lo && x1 <= hi
			}
			if !inside {
				t.Errorf("round %d (%d columns, size %.1f): %q at x %.1f–%.1f is in no cell (columns %v)", round, cols, placed.Size, m[5], x0, x1, placed.X)
			}
		}
		text, _ := exec.Command(pdftotext, "-layout", file, "-").Output()
		for _, a := range amounts {
			if !strings.Contains(string(text), a) {
				t.Errorf("round %d: amount %s split (widths %.1f, size %.1f)", round, a, placed.W, placed.Size)
			}
		}
	}
}

var wordRe = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)

func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// The columns share the width as a browser would: short numbers and names
// keep their natural width, and only the long text column wraps.
func TestColumnLayout(t *testing.T) {
	fonts, err := NewFonts(themeFont(t, "NotoSansSC-Regular.ttf"), nil)
	if err != nil {
		t.Fatal(err)
	}
	d := New(fonts, Meta{})
	d.AddPage()
	long := strings.Repeat("按岗位配置款式，面料与工艺均按集团视觉规范定制。", 6)
	tb := Table{Columns: []Column{{Header: "序号"}, {Header: "负责人"}, {Header: "说明"}, {Header: "金额", Align: Right}},
		Rows: [][]Cell{{TextCell("1"), TextCell("刘建华"), TextCell(long), TextCell("¥1,280,000.00")}}}
	placed := d.Table(tb)
	w := func(s string) float64 { return d.Width(s, Style{Size: 9.5}) + 2*cellPadX }
	if placed.Size != 9.5 {
		t.Errorf("font size %v, want 9.5 (everything fits)", placed.Size)
	}
	for i, want := range []float64{w("序号"), w("刘建华"), 0, w("¥1,280,000.00")} {
		if want > 0 && (placed.W[i] < want-0.01 || placed.W[i] > want+0.5) {
			t.Errorf("column %d is %.1f mm wide, want its content's %.1f", i, placed.W[i], want)
		}
	}
	if sum(placed.W) < BodyW-0.01 || sum(placed.W) > BodyW+0.01 {
		t.Errorf("columns fill %.1f of %.1f mm", sum(placed.W), BodyW)
	}
}

// Two pictures of the same width (fpdf writes those in map order) still
// give the same bytes every time.
func TestImagesDeterministic(t *testing.T) {
	fonts, err := NewFonts(themeFont(t, "NotoSansSC-Regular.ttf"), nil)
	if err != nil {
		t.Fatal(err)
	}
	pic := func(c color.RGBA) []byte {
		img := image.NewRGBA(image.Rect(0, 0, 40, 30))
		draw.Draw(img, img.Bounds(), image.NewUniform(c), image.Point{}, draw.Src)
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	paletted := func(c color.RGBA) []byte {
		img := image.NewPaletted(image.Rect(0, 0, 40, 30), color.Palette{c, color.White})
		img.SetColorIndex(int(c.G)%40, int(c.B)%30, 1) // each picture its own pixels
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	make := func() []byte {
		d := New(fonts, Meta{})
		d.AddPage()
		pics := [][]byte{pic(color.RGBA{200, 0, 0, 255}), pic(color.RGBA{0, 200, 0, 255}), pic(color.RGBA{9, 9, 9, 128}),
			paletted(color.RGBA{0, 0, 200, 255}), paletted(color.RGBA{0, 100, 100, 255})}
		for i, p := range pics {
			if err := d.Image(fmt.Sprint("p", i), p, Margin, Top+float64(i)*35, 40, 30, White); err != nil {
				t.Fatal(err)
			}
		}
		b, err := d.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	first := make()
	for range 10 {
		if !bytes.Equal(make(), first) {
			t.Fatal("the same document gave different bytes")
		}
	}
}

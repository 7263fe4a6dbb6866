package pdf

import (
	"unicode"
	"unicode/utf8"

	"playbook/generator/pdf/linebreak"
)

// Column is a table column.
type Column struct {
	Header string
	Width  float64 // mm; 0: sized from the content
	Align  Align
}

// Cell is a table cell.
type Cell struct {
	Runs  []Run
	Bold  bool
	Fill  *RGB
	Color *RGB
	Field string // where the text comes from, for problems; "" : the table's (SetField before it)
}

// TextCell is a cell of plain text.
func TextCell(s string) Cell { return Cell{Runs: []Run{{Text: s}}} }

// Table is a table: its header repeats after a page break, and a row is
// never split across pages (unless it is taller than a whole page).
type Table struct {
	Columns    []Column
	Rows       [][]Cell
	Size       float64 // font size, points; 0: 9.5
	Indent     float64
	Width      float64 // 0: to the right margin
	HeaderFill *RGB    // nil: the brand colour
	Zebra      bool
	After      float64
	Together   bool    // keep the whole table on one page when it fits on one
	Keep       float64 // height of what follows and must stay with the last two rows (totals), mm
}

const cellPadX, cellPadY = 2.0, 1.5

// Placed is where a drawn table's columns ended up.
type Placed struct {
	X, W []float64 // each column's left edge and width, mm
	Size float64   // the font size the table was set in
}

// laidTable is a table broken into lines, ready to draw.
type laidTable struct {
	placed    Placed
	total, lh float64
	header    laidRow
	hasHeader bool
	rows      []laidRow
}

type laidRow struct {
	lines  [][]line
	fields []string // each cell's field, for problems while drawing
	h      float64
}

// height is the table's height when drawn on one page.
func (lt *laidTable) height() float64 {
	h := lt.header.h
	for _, r := range lt.rows {
		h += r.h
	}
	return h
}

// TableStart is the height of what Table keeps together at its start: the
// header and the first row (the whole table when it is kept together or
// has at most two rows).
func (d *Doc) TableStart(t Table) float64 {
	lt := d.layTable(&t)
	return lt.start(&t)
}

func (lt *laidTable) start(t *Table) float64 {
	h := lt.header.h
	switch {
	case t.Together || len(lt.rows) <= 2:
		for _, r := range lt.rows {
			h += r.h
		}
		if len(lt.rows) <= 2 {
			h += t.Keep
		}
	case len(lt.rows) > 0:
		h += lt.rows[0].h
	}
	return min(h, Bottom-Top)
}

// TableHeight is how tall t would be on one page, After included.
func (d *Doc) TableHeight(t Table) float64 {
	lt := d.layTable(&t)
	return lt.height() + t.After
}

func (d *Doc) layTable(t *Table) *laidTable {
	if t.Size == 0 {
		t.Size = 9.5
	}
	total := t.Width
	if total == 0 {
		total = BodyW - t.Indent
	}
	var headerCells []Cell
	hasHeader := false
	for _, c := range t.Columns {
		headerCells = append(headerCells, Cell{Runs: []Run{{Text: c.Header}}, Color: &White, Bold: true})
		hasHeader = hasHeader || c.Header != ""
	}
	widths, size, hyphenate := d.columnLayout(t, headerCells, total)
	lt := &laidTable{placed: Placed{W: widths, Size: size}, total: total, lh: size / ptPerMM * 1.5, hasHeader: hasHeader}
	x := Margin + t.Indent
	for _, w := range widths {
		lt.placed.X = append(lt.placed.X, x)
		x += w
	}
	base := Style{Size: size, Color: Black}
	field := d.field
	defer d.SetField(field)
	layRow := func(cells []Cell) laidRow {
		var r laidRow
		for i := range widths {
			var c Cell
			if i < len(cells) {
				c = cells[i]
			}
			d.field = field
			if c.Field != "" {
				d.field = c.Field
			}
			r.fields = append(r.fields, d.field)
			st := base
			st.Bold = c.Bold
			if c.Color != nil {
				st.Color = *c.Color
			}
			ls := d.layoutWith(c.Runs, widths[i]-2*cellPadX, st, hyphenate)
			r.lines = append(r.lines, ls)
			r.h = max(r.h, float64(len(ls))*lt.lh+2*cellPadY)
		}
		r.h = max(r.h, lt.lh+2*cellPadY)
		return r
	}
	lt.header = layRow(headerCells)
	if !hasHeader {
		lt.header.h = 0
	}
	lt.rows = make([]laidRow, len(t.Rows))
	for i, cells := range t.Rows {
		lt.rows[i] = layRow(cells)
	}
	return lt
}

// Table draws t at the cursor. Its columns are sized from their content,
// like a browser's automatic table layout (see columnLayout).
func (d *Doc) Table(t Table) Placed {
	field := d.field
	defer d.SetField(field)
	lt := d.layTable(&t)
	placed, widths, total, lh := lt.placed, lt.placed.W, lt.total, lt.lh
	header, hasHeader, rows := lt.header, lt.hasHeader, lt.rows
	headerFill := d.Brand
	if t.HeaderFill != nil {
		headerFill = *t.HeaderFill
	}
	drawRow := func(r laidRow, fill *RGB) {
		if fill != nil {
			d.Rect(placed.X[0], d.y, total, r.h, *fill)
		}
		for i, w := range widths {
			d.field = r.fields[i]
			for j, l := range r.lines[i] {
				d.drawLine(placed.X[i]+cellPadX, d.y+cellPadY+float64(j)*lh, l, w-2*cellPadX, lh, t.Columns[i].Align)
			}
		}
		d.Line(placed.X[0], d.y+r.h, placed.X[0]+total, d.y+r.h, 0.15, Rule)
		d.y += r.h
	}
	drawHeader := func() {
		if hasHeader {
			drawRow(header, &headerFill)
		}
	}
	// rest(i) is the height of rows i.. to the end.
	rest := func(i int) float64 {
		h := 0.0
		for _, r := range rows[i:] {
			h += r.h
		}
		return h
	}
	page := Bottom - Top
	// Keep the header with the first row, the whole table together when
	// asked, and the last two rows with what must follow the table (Keep).
	d.Need(lt.start(&t))
	drawHeader()
	tail := max(len(rows)-2, 0)
	for i, r := range rows {
		var fill *RGB
		if t.Zebra && i%2 == 1 {
			fill = &Zebra
		}
		for ci, c := range t.Rows[i] {
			if c.Fill != nil && ci == 0 {
				fill = c.Fill
			}
		}
		need := r.h
		if i == tail && i > 0 && d.y-Top >= page/5 {
			need = rest(i) + t.Keep // the last rows go on with what follows
			if header.h+need > page {
				need = r.h
			}
		}
		if d.y+need > Bottom {
			if r.h <= page-header.h {
				d.NewPage()
				drawHeader()
			} else {
				// Taller than a page: split it by lines, as a last resort.
				d.splitRow(r, placed, lh, t, drawHeader)
				continue
			}
		}
		drawRow(r, fill)
	}
	d.y += t.After
	return placed
}

// columnLayout sizes the columns from their content, as a browser's
// automatic table layout does: each column has a minimum width (its widest
// unbreakable piece: an amount, a number with its unit, a word, a short
// Chinese name or term, a date) and a preferred width (its longest line).
// When the preferred widths fit, every column gets its preferred width and
// the room left is shared in proportion; otherwise every column gets its
// minimum and the room left is shared in proportion to how much more each
// would like. Only when the minimums together are wider than the table does
// it fall back: first a smaller font (90%, then 80%), then hyphenated
// breaking of Latin words, never of numbers. A column with a Width keeps it.
func (d *Doc) columnLayout(t *Table, header []Cell, total float64) (widths []float64, size float64, hyphenate bool) {
	n := len(t.Columns)
	bounds := func(mode int) (mins, maxs []float64) {
		mins, maxs = make([]float64, n), make([]float64, n)
		field := d.field
		defer d.SetField(field)
		cell := func(i int, c Cell) {
			d.field = field
			if c.Field != "" {
				d.field = c.Field
			}
			st := Style{Size: t.Size, Bold: c.Bold}
			lo, hi := d.bounds(c.Runs, st, mode)
			mins[i], maxs[i] = max(mins[i], lo), max(maxs[i], hi)
		}
		for i := range n {
			cell(i, header[i])
		}
		for _, row := range t.Rows {
			for i, c := range row[:min(len(row), n)] {
				cell(i, c)
			}
		}
		return mins, maxs
	}
	share := func(mins, maxs []float64, scale float64) ([]float64, bool) {
		lo, hi := make([]float64, n), make([]float64, n)
		fixed := 0.0
		for i, c := range t.Columns {
			if c.Width > 0 {
				lo[i], hi[i] = c.Width, c.Width
			} else {
				lo[i] = mins[i]*scale + 2*cellPadX
				hi[i] = max(maxs[i]*scale+2*cellPadX, lo[i])
			}
			fixed += lo[i]
		}
		if fixed > total+1e-6 {
			return lo, false
		}
		return distribute(lo, hi, total, t.Columns), true
	}
	mins, maxs := bounds(modeWords)
	for _, scale := range []float64{1, 0.9, 0.8} {
		if w, ok := share(mins, maxs, scale); ok {
			return w, t.Size * scale, false
		}
	}
	mins, maxs = bounds(modeHyphenate)
	if w, ok := share(mins, maxs, 0.8); ok {
		return w, t.Size * 0.8, true
	}
	// Still too wide: only numbers and amounts keep their width; Chinese
	// text (dates included) breaks anywhere.
	mins, maxs = bounds(modeNumbers)
	w, ok := share(mins, maxs, 0.8)
	if !ok {
		// Even the numbers do not fit: shrink every column alike.
		s := sum(w)
		for i := range w {
			w[i] *= total / s
		}
	}
	return w, t.Size * 0.8, true
}

// How bounds counts a cell's unbreakable pieces.
const (
	modeWords     = iota // every piece, short Chinese runs included
	modeHyphenate        // long Latin words count for five letters and a hyphen
	modeNumbers          // only numbers and amounts count whole (a Chinese date may break after 年 or 月)
)

// distribute shares total between columns that need at least lo and would
// like hi (columns with a fixed Width have lo == hi and take no share).
// When all fit, the text columns share the room left.
func distribute(lo, hi []float64, total float64, cols []Column) []float64 {
	w := make([]float64, len(lo))
	if sum(hi) <= total {
		// Everything fits on one line: grow the columns in proportion.
		// Text columns (left-aligned) take the room, so that numbers stay
		// close to their headers; without text columns, all grow.
		grows := func(i int, text bool) bool { return cols[i].Width == 0 && (!text || cols[i].Align == Left) }
		text := false
		for i := range hi {
			text = text || grows(i, true)
		}
		grow, weight := total-sum(hi), 0.0
		for i := range hi {
			if grows(i, text) {
				weight += hi[i]
			}
		}
		for i := range hi {
			w[i] = hi[i]
			if grows(i, text) && weight > 0 {
				w[i] += grow * hi[i] / weight
			}
		}
		return w
	}
	room, want := total-sum(lo), 0.0
	for i := range lo {
		want += hi[i] - lo[i]
	}
	for i := range lo {
		w[i] = lo[i]
		if want > 0 {
			w[i] += room * (hi[i] - lo[i]) / want
		}
	}
	return w
}

// bounds is the narrowest width runs can be set in without breaking an
// unbreakable piece (see the modes for what counts as one), and their width unbroken (the longest line). A run of two to
// four Chinese characters between punctuation or spaces (a name: 李娜, 刘建华;
// a short term: 封样) counts as one piece.
func (d *Doc) bounds(runs []Run, st Style, mode int) (lo, hi float64) {
	s := styleRuns(runs, st)
	segs := linebreak.Segments(s.text)
	para := -1 // start of the current paragraph's first segment
	han := 0   // length of the current run of lone-ideograph segments
	runStart := 0
	endRun := func(end int) {
		if han >= 2 && han <= 4 && mode != modeNumbers {
			lo = max(lo, d.measure(&s, runStart, end))
		}
		han = 0
	}
	prevEnd := 0
	for _, sg := range segs {
		vis := sg.Start + len(sg.Visible())
		if para < 0 {
			para = sg.Start
		}
		if vis > sg.Start {
			hi = max(hi, d.measure(&s, para, vis))
		}
		v := sg.Visible()
		switch {
		case isLoneIdeograph(v) && sg.Space == 0:
			if han == 0 {
				runStart = sg.Start
			}
			han++
			prevEnd = vis
		case isLoneIdeograph(v):
			if han == 0 {
				runStart = sg.Start
			}
			han++
			endRun(vis)
		default:
			endRun(prevEnd)
		}
		if vis > sg.Start {
			w := d.measure(&s, sg.Start, vis)
			switch {
			case mode == modeNumbers && !isNumber(v):
				w = d.Width(string([]rune(v)[:min(2, utf8.RuneCountInString(v))]), st)
			case mode != modeWords && isWord(v) && utf8.RuneCountInString(v) > 8:
				// A long word may be hyphenated: it needs room for a
				// few letters and the hyphen; short words stay whole.
				w = d.Width(string([]rune(v)[:5])+"-", st)
			}
			lo = max(lo, w)
		}
		if sg.Hard {
			endRun(prevEnd)
			para = -1
		}
	}
	endRun(prevEnd)
	return lo, hi
}

// isNumber reports whether s is a number or an amount, perhaps with a
// short unit: digits, no Chinese, at most three letters (¥1,280,000.00,
// 3.5%, 220g, USD).
func isNumber(s string) bool {
	digits, letters := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits++
		case isHan(r):
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	return digits > 0 && letters <= 3
}

// isLoneIdeograph reports whether s is one Chinese character.
func isLoneIdeograph(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && unicode.Is(unicode.Han, r)
}

// isWord reports whether s is a word of letters (no digits), which may be
// hyphenated.
func isWord(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r) || unicode.Is(unicode.Han, r):
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	return letters > 0
}

// splitRow draws a row taller than a page across pages.
func (d *Doc) splitRow(r laidRow, placed Placed, lh float64, t Table, drawHeader func()) {
	cells := r.lines
	widths := placed.W
	done := make([]int, len(cells))
	for {
		if d.Room() < lh+2*cellPadY {
			d.NewPage()
			drawHeader()
		}
		fit := int((d.Room() - 2*cellPadY) / lh)
		h := 0.0
		more := false
		for i, w := range widths {
			x := placed.X[i]
			n := min(fit, len(cells[i])-done[i])
			for j := range n {
				d.field = r.fields[i]
				d.drawLine(x+cellPadX, d.y+cellPadY+float64(j)*lh, cells[i][done[i]+j], w-2*cellPadX, lh, t.Columns[i].Align)
			}
			done[i] += n
			h = max(h, float64(n)*lh+2*cellPadY)
			more = more || done[i] < len(cells[i])
		}
		d.Line(Margin+t.Indent, d.y+h, Margin+t.Indent+widths[0]+sum(widths[1:]), d.y+h, 0.15, Rule)
		d.y += h
		if !more {
			return
		}
		d.NewPage()
		drawHeader()
	}
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

package pdf

// Column is a table column.
type Column struct {
	Header string
	Width  float64 // mm; 0 shares the width left over
	Align  Align
}

// Cell is a table cell.
type Cell struct {
	Runs  []Run
	Bold  bool
	Fill  *RGB
	Color *RGB
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
	Together   bool // keep the whole table on one page when it fits on one
}

const cellPadX, cellPadY = 2.0, 1.5

// Table draws t at the cursor.
func (d *Doc) Table(t Table) {
	if t.Size == 0 {
		t.Size = 9.5
	}
	total := t.Width
	if total == 0 {
		total = BodyW - t.Indent
	}
	widths := columnWidths(t.Columns, total)
	lh := t.Size / ptPerMM * 1.5
	base := Style{Size: t.Size, Color: Black}
	headerFill := d.Brand
	if t.HeaderFill != nil {
		headerFill = *t.HeaderFill
	}
	type laid struct {
		lines [][]line
		h     float64
	}
	layRow := func(cells []Cell, bold bool) laid {
		var r laid
		for i := range widths {
			var c Cell
			if i < len(cells) {
				c = cells[i]
			}
			st := base
			st.Bold = bold || c.Bold
			if c.Color != nil {
				st.Color = *c.Color
			}
			ls := d.layout(c.Runs, widths[i]-2*cellPadX, st)
			r.lines = append(r.lines, ls)
			r.h = max(r.h, float64(len(ls))*lh+2*cellPadY)
		}
		r.h = max(r.h, lh+2*cellPadY)
		return r
	}
	var headerCells []Cell
	hasHeader := false
	for _, c := range t.Columns {
		headerCells = append(headerCells, Cell{Runs: []Run{{Text: c.Header}}, Color: &White})
		hasHeader = hasHeader || c.Header != ""
	}
	header := layRow(headerCells, true)
	drawRow := func(r laid, fill *RGB, first int) {
		x := Margin + t.Indent
		if fill != nil {
			d.Rect(x, d.y, total, r.h, *fill)
		}
		for i, w := range widths {
			for j, l := range r.lines[i][first:] {
				d.drawLine(x+cellPadX, d.y+cellPadY+float64(j)*lh, l, w-2*cellPadX, lh, t.Columns[i].Align)
			}
			x += w
		}
		d.Line(Margin+t.Indent, d.y+r.h, Margin+t.Indent+total, d.y+r.h, 0.15, Rule)
		d.y += r.h
	}
	drawHeader := func() {
		if hasHeader {
			drawRow(header, &headerFill, 0)
		}
	}
	rows := make([]laid, len(t.Rows))
	for i, cells := range t.Rows {
		rows[i] = layRow(cells, false)
	}
	// Keep the header with the first row (or the whole table together).
	first := header.h
	if len(rows) > 0 {
		first += rows[0].h
	}
	if t.Together {
		for _, r := range rows[min(1, len(rows)):] {
			first += r.h
		}
	}
	d.Need(min(first, Bottom-Top))
	drawHeader()
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
		if d.y+r.h > Bottom {
			full := Bottom - Top - header.h
			if r.h <= full {
				d.NewPage()
				drawHeader()
			} else {
				// Taller than a page: split it by lines, as a last resort.
				d.splitRow(r.lines, widths, lh, t, drawHeader)
				continue
			}
		}
		drawRow(r, fill, 0)
	}
	d.y += t.After
}

// splitRow draws a row taller than a page across pages.
func (d *Doc) splitRow(cells [][]line, widths []float64, lh float64, t Table, drawHeader func()) {
	done := make([]int, len(cells))
	for {
		if d.Room() < lh+2*cellPadY {
			d.NewPage()
			drawHeader()
		}
		fit := int((d.Room() - 2*cellPadY) / lh)
		x := Margin + t.Indent
		h := 0.0
		more := false
		for i, w := range widths {
			n := min(fit, len(cells[i])-done[i])
			for j := range n {
				d.drawLine(x+cellPadX, d.y+cellPadY+float64(j)*lh, cells[i][done[i]+j], w-2*cellPadX, lh, t.Columns[i].Align)
			}
			done[i] += n
			h = max(h, float64(n)*lh+2*cellPadY)
			more = more || done[i] < len(cells[i])
			x += w
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

// columnWidths gives fixed columns their width and shares the rest.
func columnWidths(cols []Column, total float64) []float64 {
	out := make([]float64, len(cols))
	fixed, free := 0.0, 0
	for i, c := range cols {
		out[i] = c.Width
		fixed += c.Width
		if c.Width == 0 {
			free++
		}
	}
	if free > 0 {
		share := max(total-fixed, 10*float64(free)) / float64(free)
		for i := range out {
			if out[i] == 0 {
				out[i] = share
			}
		}
	}
	return out
}

package markdown

import "testing"

// A line break inside a paragraph is a space in English and nothing
// between Chinese characters.
func TestLineBreaks(t *testing.T) {
	cases := []struct{ src, want string }{
		{"step pages,\nobjection cards", "<p>step pages,\nobjection cards</p>\n"},
		{"pages.\nObjection", "<p>pages.\nObjection</p>\n"},
		{"(see\nbelow)", "<p>(see\nbelow)</p>\n"},
		{"页面，\n卡片", "<p>页面，卡片</p>\n"},
		{"需求决定\n价值", "<p>需求决定价值</p>\n"},
		{"中文\n**重点**", "<p>中文<strong>重点</strong></p>\n"},
		{"他说\n“好”", "<p>他说“好”</p>\n"},
		{"中文\nEnglish", "<p>中文\nEnglish</p>\n"},
	}
	m := New(Options{})
	for _, c := range cases {
		r, err := m.Rendering(m.Parse([]byte(c.src), ParseOptions{Lang: "en"}))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.String(nil); got != c.want {
			t.Errorf("%q: got %q, want %q", c.src, got, c.want)
		}
	}
}

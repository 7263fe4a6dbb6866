package tomlx

import (
	"strings"
	"testing"

	"playbook/generator/diag"
)

const doc = `title = "x"
[proposal]
name = "p"
notes = """
a = 1
"""
[proposal.quote]
tax_rate = 13
[[proposal.quote.items]]
name = "a"
[[proposal.quote.items]]
name = "b"
unit_prise = 3
[[proposal.answers]]
question = "q"
tags = [
  "a # not a comment",
  "b",
]
after = 1
`

func TestLocate(t *testing.T) {
	k := Locate(doc)
	for path, want := range map[string]Pos{
		"title":                           {1, 1},
		"proposal.notes":                  {4, 1},
		"proposal.quote.tax_rate":         {8, 1},
		"proposal.quote.items[0].name":    {10, 1},
		"proposal.quote.items[1].name":    {12, 1},
		"proposal.quote.items[1]":         {11, 1},
		"proposal.quote.items.name":       {10, 1},
		"proposal.answers[0].question":    {15, 1},
		"proposal.quote.items[1].missing": {11, 1}, // falls back to its table
		"proposal.answers[0].after":       {20, 1}, // after a multi-line array
	} {
		if got := k.At(path); got != want {
			t.Errorf("At(%q) = %v, want %v", path, got, want)
		}
	}
	if k.Has("a") {
		t.Error("a key inside a multi-line string was taken for a key")
	}
}

func TestDecodeUnknownKey(t *testing.T) {
	var v struct {
		Title    string
		Proposal struct {
			Name  string
			Notes string
			Quote struct {
				TaxRate int `toml:"tax_rate"`
				Items   []struct {
					Name      string
					UnitPrice float64 `toml:"unit_price"`
				}
			}
			Answers []struct {
				Question string
				Tags     []string
				After    int
			}
		}
	}
	var d diag.List
	_, _, ok := Decode(doc, "a.toml", 1, &v, []string{"proposal.quote.items.unit_price", "proposal.quote.items.name"}, &d)
	if !ok || len(d) != 1 || !strings.Contains(d[0].String(), `a.toml:13:1: unknown key "proposal.quote.items.unit_prise" (did you mean "unit_price"?)`) {
		t.Errorf("diags = %v", d)
	}
}

func TestDecodeTypeError(t *testing.T) {
	var v struct {
		Items []struct{ Quantity int } `toml:"items"`
	}
	var d diag.List
	Decode("[[items]]\nquantity = 1\n[[items]]\n  quantity = \"x\"\n", "a.toml", 1, &v, nil, &d)
	if len(d) != 1 || !strings.HasPrefix(d[0].String(), "a.toml:4:3: items.quantity: wrong type") {
		t.Errorf("diags = %v", d)
	}
}

func FuzzLocate(f *testing.F) {
	f.Add(doc)
	f.Add("[[a]]\n[[a.b]]\nc = [\n1,\n]\n")
	f.Fuzz(func(t *testing.T, src string) {
		k := Locate(src)
		for p, pos := range k.pos {
			if pos.Line < 1 || pos.Col < 1 {
				t.Fatalf("%s at %v", p, pos)
			}
		}
	})
}

// TestDepthLimit: deep nesting is refused at its place before decoding;
// brackets in strings, comments and table headers do not count.
func TestDepthLimit(t *testing.T) {
	var v map[string]any
	var d diag.List
	deep := "title = \"x\"\na = " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"
	if _, _, ok := Decode(deep, "f.toml", 1, &v, nil, &d); ok || len(d) != 1 || d[0].Line != 2 || d[0].Col != 21 || !strings.Contains(d[0].Msg, "nested more than 16 deep") {
		t.Errorf("deep arrays: %v", d)
	}
	d = nil
	inline := "x = " + strings.Repeat("{a = ", 30000) + "1" + strings.Repeat("}", 30000) + "\n"
	if _, _, ok := Decode(inline, "f.toml", 3, &v, nil, &d); ok || len(d) != 1 || d[0].Line != 3 {
		t.Errorf("deep inline tables: %v", d)
	}
	d = nil
	fine := "[[items]]\nname = \"[[[[[[[[[[[[[[[[[[[[\" # [[[[[[[[[[[[[[[[[[[[[[\nlist = [[1, 2], [3]]\nt = '''{{{{{{{{{{{{{{{{{{{{{{'''\n"
	var items struct {
		Items []struct {
			Name string  `toml:"name"`
			List [][]int `toml:"list"`
			T    string  `toml:"t"`
		} `toml:"items"`
	}
	if _, _, ok := Decode(fine, "f.toml", 1, &items, []string{"items", "items.name", "items.list", "items.t"}, &d); !ok || len(d) != 0 {
		t.Errorf("ordinary TOML refused: %v", d)
	}
}

func FuzzLimits(f *testing.F) {
	f.Add("a = [[1]]\n# [[[\nb = \"[[\"\n")
	f.Add("t = '''{{{'''\n[[x]]\ny = {a = {b = 1}}\n")
	f.Fuzz(func(t *testing.T, src string) {
		line, col, msg := limits(src)
		if msg != "" && (line < 1 || col < 1 || line > strings.Count(src, "\n")+1) {
			t.Fatalf("position %d:%d for %q", line, col, msg)
		}
	})
}

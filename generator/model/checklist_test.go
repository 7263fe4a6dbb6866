package model

import "testing"

func TestChecklistID(t *testing.T) {
	for _, c := range []struct{ item, text, id string }{
		{"客户档案已建立 {#profile}", "客户档案已建立", "profile"},
		{"至少有一名愿意提供信息的**内线**，并清楚他属于哪一层级", "至少有一名愿意提供信息的**内线**，并清楚他属于哪一层级", "至少有一名愿意提供信息的内线并清楚他属于哪一层级"},
		{"Read [the guide](../x.md) first", "Read [the guide](../x.md) first", "read-the-guide-first"},
		{"？！", "？！", ""},
		{"一二三四五六七八九十一二三四五六七八九十一二三四五六", "一二三四五六七八九十一二三四五六七八九十一二三四五六", "一二三四五六七八九十一二三四五六七八九十一二三四"},
	} {
		text, id := checklistID(c.item)
		if text != c.text || id != c.id {
			t.Errorf("%q: got %q, %q; want %q, %q", c.item, text, id, c.text, c.id)
		}
	}
}

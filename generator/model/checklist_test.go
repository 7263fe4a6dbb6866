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

func TestEscalationLevel(t *testing.T) {
	e := &Escalation{Currency: "CNY", Amounts: []float64{200000, 500000}, Days: []int{30, 60, 90},
		Levels: [][]string{{"phone", "phone", "visit", "finance"}, {"phone", "visit", "finance", "legal"}, {"visit", "finance", "legal", "legal"}},
		Steps:  []*EscalationStep{{ID: "phone"}, {ID: "visit"}, {ID: "finance"}, {ID: "legal"}}}
	for _, c := range []struct {
		amount   float64
		currency string
		days     int
		want     string
	}{
		{1000, "CNY", 1, "phone"}, {1000, "CNY", 30, "phone"}, {1000, "CNY", 31, "phone"}, {1000, "CNY", 61, "visit"},
		{1000, "CNY", 400, "finance"}, {200000, "CNY", 45, "visit"}, {600000, "CNY", 5, "visit"}, {600000, "CNY", 70, "legal"},
		{600000, "USD", 70, "visit"}, // another currency: by days, in the first row
	} {
		if got := e.Level(c.amount, c.currency, c.days); got == nil || got.ID != c.want {
			t.Errorf("%v %s %d days: %v, want %s", c.amount, c.currency, c.days, got, c.want)
		}
	}
	if (*Escalation)(nil).Level(1, "CNY", 1) != nil {
		t.Error("no matrix gives a level")
	}
}

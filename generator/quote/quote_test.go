package quote

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func item(qty, price, disc string) Item {
	return Item{Name: "x", Quantity: d(qty), UnitPrice: d(price), DiscountPercent: d(disc)}
}

func TestCompute(t *testing.T) {
	tests := []struct {
		name                                      string
		in                                        Input
		lines                                     []string
		subtotal, discount, fees, net, tax, total string
	}{
		{
			name:     "tax exclusive, one line",
			in:       Input{Currency: "CNY", TaxRate: d("13"), Items: []Item{item("1200", "568.00", "0")}},
			lines:    []string{"681600.00"},
			subtotal: "681600.00", discount: "0.00", fees: "0.00", net: "681600.00", tax: "88608.00", total: "770208.00",
		},
		{
			name:  "line discount rounds half up",
			in:    Input{Currency: "CNY", Items: []Item{item("3", "0.35", "50")}}, // 0.525
			lines: []string{"0.53"}, subtotal: "0.53", discount: "0.00", fees: "0.00", net: "0.53", tax: "0.00", total: "0.53",
		},
		{
			name: "optional and gift items are outside the totals",
			in: Input{Currency: "CNY", TaxRate: d("13"), Items: []Item{
				item("10", "100", "0"),
				{Name: "opt", Quantity: d("2"), UnitPrice: d("50"), Optional: true},
				{Name: "gift", Quantity: d("1"), UnitPrice: d("999"), Gift: true},
			}},
			lines:    []string{"1000.00", "100.00", "999.00"},
			subtotal: "1000.00", discount: "0.00", fees: "0.00", net: "1000.00", tax: "130.00", total: "1130.00",
		},
		{
			name: "quote discount then fees then tax",
			in: Input{Currency: "CNY", TaxRate: d("13"), DiscountPercent: d("2"),
				Items: []Item{item("1200", "568", "0"), item("300", "198.5", "5")},
				Fees:  []Fee{{Name: "运费", Amount: d("3000")}, {Name: "包装", Amount: d("800.5")}}},
			lines:    []string{"681600.00", "56572.50"},
			subtotal: "738172.50", discount: "14763.45", fees: "3800.50", net: "727209.55", tax: "94537.24", total: "821746.79",
		},
		{
			name: "tax inclusive",
			in: Input{Currency: "USD", PricesIncludeTax: true, TaxRate: d("13"),
				Items: []Item{item("1", "113", "0")}},
			lines:    []string{"113.00"},
			subtotal: "113.00", discount: "0.00", fees: "0.00", net: "100.00", tax: "13.00", total: "113.00",
		},
		{
			name: "tax inclusive rounding",
			in: Input{Currency: "USD", PricesIncludeTax: true, TaxRate: d("5"),
				Items: []Item{item("7", "19.99", "0")}, Fees: []Fee{{Amount: d("45")}}},
			lines:    []string{"139.93"},
			subtotal: "139.93", discount: "0.00", fees: "45.00", net: "176.12", tax: "8.81", total: "184.93",
		},
		{
			name:     "zero-digit currency",
			in:       Input{Currency: "JPY", TaxRate: d("10"), Items: []Item{item("3", "333.5", "0")}},
			lines:    []string{"1001"},
			subtotal: "1001", discount: "0", fees: "0", net: "1001", tax: "100", total: "1101",
		},
		{
			name:     "fractional quantity",
			in:       Input{Currency: "CNY", Items: []Item{item("2.5", "10.01", "0")}},
			lines:    []string{"25.03"},
			subtotal: "25.03", discount: "0.00", fees: "0.00", net: "25.03", tax: "0.00", total: "25.03",
		},
		{
			name:     "full discount",
			in:       Input{Currency: "CNY", DiscountPercent: d("100"), TaxRate: d("13"), Items: []Item{item("1", "50", "100"), item("1", "50", "0")}},
			lines:    []string{"0.00", "50.00"},
			subtotal: "50.00", discount: "50.00", fees: "0.00", net: "0.00", tax: "0.00", total: "0.00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Compute(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range tt.lines {
				if got := q.Format(q.Lines[i].Amount); got != want {
					t.Errorf("line %d = %s, want %s", i, got, want)
				}
			}
			for _, c := range []struct {
				name string
				got  decimal.Decimal
				want string
			}{{"subtotal", q.Subtotal, tt.subtotal}, {"discount", q.Discount, tt.discount}, {"fees", q.Fees, tt.fees},
				{"net", q.Net, tt.net}, {"tax", q.Tax, tt.tax}, {"total", q.Total, tt.total}} {
				if q.Format(c.got) != c.want {
					t.Errorf("%s = %s, want %s", c.name, q.Format(c.got), c.want)
				}
			}
		})
	}
}

func TestComputeRejects(t *testing.T) {
	for name, in := range map[string]Input{
		"zero quantity":     {Items: []Item{item("0", "1", "0")}},
		"negative price":    {Items: []Item{item("1", "-1", "0")}},
		"line discount 101": {Items: []Item{item("1", "1", "101")}},
		"quote discount -1": {DiscountPercent: d("-1")},
		"negative tax":      {TaxRate: d("-13")},
		"negative fee":      {Fees: []Fee{{Amount: d("-5")}}},
	} {
		if _, err := Compute(in); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// The totals always equal the sum of their parts, and a tax-inclusive quote
// of the tax-exclusive total gives back the same net and tax (up to one minor
// unit of rounding).
func TestComputeProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cents := func(max int64) decimal.Decimal { return decimal.New(r.Int64N(max), -2) }
	for n := range 2000 {
		in := Input{Currency: "CNY", TaxRate: decimal.New(r.Int64N(30), 0), DiscountPercent: decimal.New(r.Int64N(101), 0)}
		for range 1 + r.IntN(8) {
			it := Item{Name: "i", Quantity: decimal.New(1+r.Int64N(5000), 0), UnitPrice: cents(1_000_000),
				DiscountPercent: decimal.New(r.Int64N(101), 0), Optional: r.IntN(6) == 0}
			it.Gift = !it.Optional && r.IntN(6) == 0
			in.Items = append(in.Items, it)
		}
		for range r.IntN(3) {
			in.Fees = append(in.Fees, Fee{Amount: cents(100_000)})
		}
		q, err := Compute(in)
		if err != nil {
			t.Fatal(err)
		}
		sum := decimal.Zero
		for _, l := range q.Lines {
			if !l.Optional && !l.Gift {
				sum = sum.Add(l.Amount)
			}
			if l.Amount.Exponent() < -2 && !l.Amount.Equal(l.Amount.Round(2)) {
				t.Fatalf("#%d: unrounded line %s", n, l.Amount)
			}
		}
		if !sum.Equal(q.Subtotal) {
			t.Fatalf("#%d: subtotal %s != sum of lines %s", n, q.Subtotal, sum)
		}
		if !q.Net.Add(q.Tax).Equal(q.Total) || !q.Subtotal.Sub(q.Discount).Add(q.Fees).Equal(q.Net) {
			t.Fatalf("#%d: totals do not add up: %+v", n, q)
		}
		incl := in
		incl.PricesIncludeTax = true
		incl.Items = []Item{{Quantity: decimal.NewFromInt(1), UnitPrice: q.Total}}
		incl.Fees, incl.DiscountPercent = nil, decimal.Zero
		qi, err := Compute(incl)
		if err != nil {
			t.Fatal(err)
		}
		if !qi.Total.Equal(q.Total) || qi.Tax.Sub(q.Tax).Abs().GreaterThan(d("0.01")) {
			t.Fatalf("#%d: inclusive %s/%s vs exclusive %s/%s", n, qi.Total, qi.Tax, q.Total, q.Tax)
		}
	}
}

func FuzzCompute(f *testing.F) {
	f.Add(int64(1200), int64(56800), int64(5), int64(2), int64(13), true, int64(300000))
	f.Fuzz(func(t *testing.T, qty, priceCents, lineDisc, disc, tax int64, incl bool, fee int64) {
		in := Input{Currency: "CNY", PricesIncludeTax: incl, TaxRate: decimal.New(tax, 0), DiscountPercent: decimal.New(disc, 0),
			Items: []Item{{Quantity: decimal.New(qty, 0), UnitPrice: decimal.New(priceCents, -2), DiscountPercent: decimal.New(lineDisc, 0)}},
			Fees:  []Fee{{Amount: decimal.New(fee, -2)}}}
		q, err := Compute(in)
		if err != nil {
			return
		}
		if !q.Net.Add(q.Tax).Equal(q.Total) {
			t.Fatalf("net %s + tax %s != total %s", q.Net, q.Tax, q.Total)
		}
	})
}

func TestInstalmentsAddUp(t *testing.T) {
	q, _ := Compute(Input{Currency: "CNY", TaxRate: d("13"), Items: []Item{item("3", "33.33", "0")},
		Payments: []Payment{{"a", d("30")}, {"b", d("60")}, {"c", d("10")}}})
	parts := q.Instalments
	sum := parts[0].Amount.Add(parts[1].Amount).Add(parts[2].Amount)
	if !sum.Equal(q.Total) || q.Format(parts[0].Amount) != "33.90" || parts[2].Milestone != "c" {
		t.Errorf("instalments %v sum %s, total %s", parts, sum, q.Total)
	}
}

func TestReport(t *testing.T) {
	q, err := Compute(Input{Currency: "CNY", TaxRate: d("13"), Items: []Item{item("1200", "568", "0")}, Lang: "zh-CN",
		Payments: []Payment{{Milestone: "签约", Percent: d("100")}}})
	if err != nil {
		t.Fatal(err)
	}
	r := q.Report("acme")
	if r.Items[0].Quantity != "1200" || r.Items[0].UnitPrice != "568.00" || r.Items[0].Amount != "681600.00" ||
		r.Total != "770208.00" || r.TotalInWords != "人民币柒拾柒万零贰佰零捌元整" || r.Payments[0].Amount != "770208.00" {
		t.Errorf("report = %+v", r)
	}
}

// TestSheet: the labelled totals that the proposal and `playbook quote` print.
func TestSheet(t *testing.T) {
	labels := map[string]string{"quote.subtotal": "小计", "quote.discount": "优惠", "quote.net": "不含税金额", "quote.tax": "税额",
		"quote.total": "价税合计", "quote.optional": "（选配）", "quote.gift": "赠送", "quote.gift_value": "赠品价值",
		"quote.total_incl": "合计（含税）", "quote.of_which_tax": "其中税额"}
	q, err := Compute(Input{Currency: "CNY", TaxRate: d("13"), DiscountPercent: d("2"), Lang: "zh-CN",
		Items: []Item{item("1200", "568", "0"), {Name: "礼", Quantity: d("1"), UnitPrice: d("60000"), Gift: true}},
		Fees:  []Fee{{Name: "运费", Amount: d("3000")}}})
	if err != nil {
		t.Fatal(err)
	}
	s := q.In(func(k string) string { return labels[k] })
	var got []string
	for _, r := range s.Totals() {
		got = append(got, r.Label+" "+s.Money(r.Amount))
	}
	want := []string{"小计 ¥681,600.00", "优惠（2%） -¥13,632.00", "运费 ¥3,000.00", "不含税金额 ¥670,968.00", "税额（13%） ¥87,225.84", "价税合计 ¥758,193.84", "赠品价值 ¥60,000.00"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("totals\n got %q\nwant %q", got, want)
	}
	// Tax included: the total comes first and the tax is part of it; no
	// net line that would read as an arithmetic error.
	incl, err := Compute(Input{Currency: "CNY", TaxRate: d("13"), PricesIncludeTax: true, Lang: "zh-CN",
		Items: []Item{item("10", "113", "0"), {Name: "选", Quantity: d("1"), UnitPrice: d("50"), Optional: true}}})
	if err != nil {
		t.Fatal(err)
	}
	si := incl.In(func(k string) string { return labels[k] })
	got = nil
	for _, r := range si.Totals() {
		got = append(got, r.Label+" "+si.Money(r.Amount))
	}
	want = []string{"小计 ¥1,130.00", "合计（含税） ¥1,130.00", "其中税额（13%） ¥130.00"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("tax-inclusive totals\n got %q\nwant %q", got, want)
	}
	if !incl.OptionalTotal.Equal(d("50")) || !q.GiftValue.Equal(d("60000")) {
		t.Errorf("optional total %s, gift value %s", incl.OptionalTotal, q.GiftValue)
	}
	if m := s.Marker(s.Lines[1]); m != "（赠送）" {
		t.Errorf("gift marker %q", m)
	}
	if m := s.Marker(Line{Item: Item{Name: "羽绒背心（选配）", Optional: true}}); m != "" {
		t.Errorf("a name that carries its marker gets it twice: %q", m)
	}
	en := &Sheet{Quote: &Quote{Lang: "en", Currency: "USD", Digits: 2}, L: func(k string) string { return map[string]string{"quote.gift": "Gift"}[k] }}
	if m, p, c := en.Marker(Line{Item: Item{Gift: true}}), en.Paren("Tax", "13%"), en.Colon(); m != " (Gift)" || p != "Tax (13%)" || c != ": " {
		t.Errorf("English: %q %q %q", m, p, c)
	}
}

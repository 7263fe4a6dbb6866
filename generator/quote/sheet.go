package quote

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Labels give the words a quote is printed with, in its language, by key
// (quote.subtotal, quote.tax, …): the theme's UI strings.
type Labels func(key string) string

// Sheet is a computed quote with its words: what a proposal prints and what
// `playbook quote` shows come from the same Sheet.
type Sheet struct {
	*Quote
	L Labels
}

// In labels q.
func (q *Quote) In(l Labels) *Sheet { return &Sheet{Quote: q, L: l} }

// Total is a labelled line of the totals.
type Total struct {
	Label  string
	Amount decimal.Decimal
	Grand  bool // the amount payable
	Aside  bool // information outside the sum (其中税额, 赠品价值): printed muted
}

// Totals are the sums in the order the quote rules give, each line adding
// up as printed:
//
//	tax excluded: 小计, 优惠（2%）, fees, 不含税金额, 税额（13%）, 价税合计
//	tax included: 小计, 优惠（2%）, fees, 合计（含税）, 其中税额（13%）
//
// (English: Subtotal, Discount, fees, Net (excl. tax), Tax, Total; or Total
// (incl. tax), of which tax), then 赠品价值 when there are gifts, which
// never enters the total.
func (s *Sheet) Totals() []Total {
	rows := []Total{{Label: s.L("quote.subtotal"), Amount: s.Subtotal}}
	if s.DiscountPercent.IsPositive() {
		rows = append(rows, Total{Label: s.Paren(s.L("quote.discount"), s.DiscountPercent.String()+"%"), Amount: s.Discount.Neg()})
	}
	for _, f := range s.FeeList {
		rows = append(rows, Total{Label: f.Name, Amount: f.Amount.Round(s.Digits)})
	}
	tax := s.Paren(s.L("quote.tax"), s.TaxRate.String()+"%")
	if s.PricesIncludeTax {
		rows = append(rows,
			Total{Label: s.L("quote.total_incl"), Amount: s.Total, Grand: true},
			Total{Label: s.Paren(s.L("quote.of_which_tax"), s.TaxRate.String()+"%"), Amount: s.Tax, Aside: true})
	} else {
		rows = append(rows,
			Total{Label: s.L("quote.net"), Amount: s.Net},
			Total{Label: tax, Amount: s.Tax},
			Total{Label: s.L("quote.total"), Amount: s.Total, Grand: true})
	}
	if s.GiftValue.IsPositive() {
		rows = append(rows, Total{Label: s.L("quote.gift_value"), Amount: s.GiftValue, Aside: true})
	}
	return rows
}

// Paren is "税额（13%）" in Chinese, "Tax (13%)" in English.
func (s *Sheet) Paren(label, value string) string {
	if s.Lang == "en" {
		return label + " (" + value + ")"
	}
	return label + "（" + value + "）"
}

// Colon is "：" in Chinese, ": " in English.
func (s *Sheet) Colon() string {
	if s.Lang == "en" {
		return ": "
	}
	return "："
}

// Marker is what follows an optional item's or a gift's name; nothing when
// the name already ends with it (羽绒背心（选配）).
func (s *Sheet) Marker(l Line) string {
	var m string
	switch {
	case l.Optional:
		m = s.L("quote.optional")
	case l.Gift && s.Lang == "en":
		m = " (" + s.L("quote.gift") + ")"
	case l.Gift:
		m = "（" + s.L("quote.gift") + "）"
	}
	if m != "" && strings.HasSuffix(strings.ToLower(strings.TrimSpace(l.Name)), strings.ToLower(strings.TrimSpace(m))) {
		return ""
	}
	return m
}

var symbols = map[string]string{"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$", "JPY": "¥"}

// Money writes an amount with the currency's symbol and thousands
// separators: ¥1,234,567.80, -¥146,469.35.
func (s *Sheet) Money(amount decimal.Decimal) string {
	str := amount.StringFixed(s.Digits)
	neg := strings.HasPrefix(str, "-")
	grouped := Group(strings.TrimPrefix(str, "-"))
	sym := symbols[s.Currency]
	if sym == "" {
		sym = s.Currency + " "
	}
	if neg {
		return "-" + sym + grouped
	}
	return sym + grouped
}

// Number writes an amount with thousands separators and no symbol.
func (s *Sheet) Number(amount decimal.Decimal) string { return Group(amount.StringFixed(s.Digits)) }

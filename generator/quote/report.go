package quote

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Group writes a decimal string with thousands separators:
// "1234567.50" -> "1,234,567.50".
func Group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// Report is the quote as other tools read it (`playbook quote --json`):
// money as decimal strings with exactly the currency's minor digits.
type Report struct {
	Account          string       `json:"account"`
	Currency         string       `json:"currency"`
	PricesIncludeTax bool         `json:"prices_include_tax"`
	TaxRate          string       `json:"tax_rate"`
	DiscountPercent  string       `json:"discount_percent"`
	Items            []ReportItem `json:"items"`
	FeeList          []ReportFee  `json:"fee_list"`
	Subtotal         string       `json:"subtotal"`
	GiftValue        string       `json:"gift_value"`     // Σ gift lines, not charged
	OptionalTotal    string       `json:"optional_total"` // Σ optional lines, not in the total
	Discount         string       `json:"discount"`
	Fees             string       `json:"fees"`
	Net              string       `json:"net"`
	Tax              string       `json:"tax"`
	Total            string       `json:"total"`
	TotalInWords     string       `json:"total_in_words"`
	Payments         []ReportPay  `json:"payments"`
}

// ReportItem is a line of the report.
type ReportItem struct {
	Name            string `json:"name"`
	Spec            string `json:"spec,omitempty"`
	Brand           string `json:"brand,omitempty"`
	Model           string `json:"model,omitempty"`
	Quantity        string `json:"quantity"`
	Unit            string `json:"unit,omitempty"`
	UnitPrice       string `json:"unit_price"`
	DiscountPercent string `json:"discount_percent"`
	Amount          string `json:"amount"`
	Optional        bool   `json:"optional"`
	Gift            bool   `json:"gift"`
}

// ReportFee is a fee of the report.
type ReportFee struct {
	Name   string `json:"name"`
	Amount string `json:"amount"`
}

// ReportPay is an instalment of the payment schedule.
type ReportPay struct {
	Milestone string `json:"milestone"`
	Percent   string `json:"percent"`
	Amount    string `json:"amount"`
}

// Report describes q for account slug, as `playbook quote --json` prints it.
func (q *Quote) Report(slug string) *Report {
	r := &Report{
		Account: slug, Currency: q.Currency, PricesIncludeTax: q.PricesIncludeTax,
		TaxRate: q.TaxRate.String(), DiscountPercent: q.DiscountPercent.String(),
		Subtotal: q.Format(q.Subtotal), Discount: q.Format(q.Discount), Fees: q.Format(q.Fees),
		GiftValue: q.Format(q.GiftValue), OptionalTotal: q.Format(q.OptionalTotal),
		Net: q.Format(q.Net), Tax: q.Format(q.Tax), Total: q.Format(q.Total), TotalInWords: q.Words,
		Items: []ReportItem{}, FeeList: []ReportFee{}, Payments: []ReportPay{},
	}
	for _, l := range q.Lines {
		r.Items = append(r.Items, ReportItem{
			Name: l.Name, Spec: l.Spec, Brand: l.Brand, Model: l.Model, Quantity: l.Quantity.String(), Unit: l.Unit,
			UnitPrice: q.Format(l.UnitPrice), DiscountPercent: l.DiscountPercent.String(),
			Amount: q.Format(l.Amount), Optional: l.Optional, Gift: l.Gift,
		})
	}
	for _, f := range q.FeeList {
		r.FeeList = append(r.FeeList, ReportFee{Name: f.Name, Amount: q.Format(f.Amount.Round(q.Digits))})
	}
	for _, p := range q.Instalments {
		r.Payments = append(r.Payments, ReportPay{Milestone: p.Milestone, Percent: p.Percent.String(), Amount: q.Format(p.Amount)})
	}
	return r
}

// split splits the total by percents (which total 100): each is
// rounded half-up, and the last takes the remainder, so they add up to the
// total exactly.
func (q *Quote) split(percents []decimal.Decimal) []decimal.Decimal {
	out := make([]decimal.Decimal, len(percents))
	sum := decimal.Zero
	for i, p := range percents {
		if i == len(percents)-1 {
			out[i] = q.Total.Sub(sum)
			break
		}
		out[i] = q.Total.Mul(p).Div(hundred).Round(q.Digits)
		sum = sum.Add(out[i])
	}
	return out
}

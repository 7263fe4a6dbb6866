package quote

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// Item is one line of a quote as written.
type Item struct {
	Name            string
	Spec            string
	Brand, Model    string // 规格型号: printed before the specification when given
	Unit            string
	Quantity        decimal.Decimal
	UnitPrice       decimal.Decimal
	DiscountPercent decimal.Decimal // line discount, 0-100
	Optional        bool            // shown, marked, outside every total
	Gift            bool            // shown as a gift, outside every total
}

// Fee is an extra charge: freight, packaging, installation.
type Fee struct {
	Name   string
	Amount decimal.Decimal
}

// Input is everything a quote is computed from.
type Input struct {
	Currency         string
	PricesIncludeTax bool
	TaxRate          decimal.Decimal // percent
	DiscountPercent  decimal.Decimal // quote-level, on the subtotal
	Items            []Item
	Fees             []Fee
	Payments         []Payment // the payment schedule; percents total 100
	Lang             string    // the language of the amount in words: zh-CN or en
}

// Payment is a milestone of the payment schedule.
type Payment struct {
	Milestone string
	Percent   decimal.Decimal
}

// Instalment is a payment with its amount.
type Instalment struct {
	Payment
	Amount decimal.Decimal
}

// Line is an item with its computed amount.
type Line struct {
	Item
	Amount decimal.Decimal
}

// Quote is a computed quote. Every amount is rounded to the currency's minor
// unit; the totals are exact sums of rounded parts.
type Quote struct {
	Currency         string
	Digits           int32
	PricesIncludeTax bool
	TaxRate          decimal.Decimal
	DiscountPercent  decimal.Decimal
	Lines            []Line
	FeeList          []Fee
	Subtotal         decimal.Decimal // lines that are neither optional nor gifts
	GiftValue        decimal.Decimal // Σ gift lines: shown, never charged
	OptionalTotal    decimal.Decimal // Σ optional lines: offered, not in the total
	Discount         decimal.Decimal
	Fees             decimal.Decimal
	Net              decimal.Decimal // without tax
	Tax              decimal.Decimal
	Total            decimal.Decimal // with tax
	Instalments      []Instalment    // the total split by the payment schedule
	Lang             string
	Words            string // the total in words, in Lang
}

var hundred = decimal.NewFromInt(100)

// Compute applies the contract's arithmetic (ACCOUNT-SCHEMA.md):
//
//	line amount = round(quantity × unit_price × (1 − line discount / 100))
//	subtotal    = Σ line amounts of items that are neither optional nor gifts
//	discount    = round(subtotal × discount_percent / 100)
//	fees        = Σ fee amounts
//	exclusive:  net = subtotal − discount + fees; tax = round(net × rate / 100); total = net + tax
//	inclusive:  total = subtotal − discount + fees; tax = round(total × rate / (100 + rate)); net = total − tax
//
// Rounding is half-up to the currency's minor unit. Inputs are checked:
// quantities must be positive, prices, fees and rates not negative, discounts
// within 0-100.
func Compute(in Input) (*Quote, error) {
	if err := validate(in); err != nil {
		return nil, err
	}
	digits := MinorDigits(in.Currency)
	round := func(d decimal.Decimal) decimal.Decimal { return d.Round(digits) }
	q := &Quote{
		Currency: in.Currency, Digits: digits, PricesIncludeTax: in.PricesIncludeTax,
		TaxRate: in.TaxRate, DiscountPercent: in.DiscountPercent, FeeList: in.Fees,
		Subtotal: decimal.Zero, Fees: decimal.Zero, GiftValue: decimal.Zero, OptionalTotal: decimal.Zero,
	}
	for _, it := range in.Items {
		factor := hundred.Sub(it.DiscountPercent).Div(hundred)
		amount := round(it.Quantity.Mul(it.UnitPrice).Mul(factor))
		q.Lines = append(q.Lines, Line{Item: it, Amount: amount})
		switch {
		case it.Gift:
			q.GiftValue = q.GiftValue.Add(amount)
		case it.Optional:
			q.OptionalTotal = q.OptionalTotal.Add(amount)
		default:
			q.Subtotal = q.Subtotal.Add(amount)
		}
	}
	q.Discount = round(q.Subtotal.Mul(in.DiscountPercent).Div(hundred))
	for _, f := range in.Fees {
		q.Fees = q.Fees.Add(round(f.Amount))
	}
	base := q.Subtotal.Sub(q.Discount).Add(q.Fees)
	if in.PricesIncludeTax {
		q.Total = base
		q.Tax = round(base.Mul(in.TaxRate).Div(hundred.Add(in.TaxRate)))
		q.Net = q.Total.Sub(q.Tax)
	} else {
		q.Net = base
		q.Tax = round(base.Mul(in.TaxRate).Div(hundred))
		q.Total = q.Net.Add(q.Tax)
	}
	percents := make([]decimal.Decimal, len(in.Payments))
	for i, p := range in.Payments {
		percents[i] = p.Percent
	}
	for i, amount := range q.split(percents) {
		q.Instalments = append(q.Instalments, Instalment{Payment: in.Payments[i], Amount: amount})
	}
	q.Lang = in.Lang
	words, err := Words(q.Total, q.Currency, in.Lang)
	if err != nil {
		return nil, err
	}
	q.Words = words
	return q, nil
}

func validate(in Input) error {
	var errs []error
	pct := func(name string, d decimal.Decimal) {
		if d.IsNegative() || d.GreaterThan(hundred) {
			errs = append(errs, fmt.Errorf("%s %s must be between 0 and 100", name, d))
		}
	}
	pct("discount_percent", in.DiscountPercent)
	if in.TaxRate.IsNegative() {
		errs = append(errs, fmt.Errorf("tax_rate %s must not be negative", in.TaxRate))
	}
	for i, it := range in.Items {
		if !it.Quantity.IsPositive() {
			errs = append(errs, fmt.Errorf("items[%d].quantity %s must be > 0", i, it.Quantity))
		}
		if it.UnitPrice.IsNegative() {
			errs = append(errs, fmt.Errorf("items[%d].unit_price %s must not be negative", i, it.UnitPrice))
		}
		pct(fmt.Sprintf("items[%d].discount_percent", i), it.DiscountPercent)
	}
	for i, f := range in.Fees {
		if f.Amount.IsNegative() {
			errs = append(errs, fmt.Errorf("fees[%d].amount %s must not be negative", i, f.Amount))
		}
	}
	return errors.Join(errs...)
}

// Format writes an amount with exactly the quote currency's minor digits.
func (q *Quote) Format(d decimal.Decimal) string { return d.StringFixed(q.Digits) }

// Package quote computes a proposal's quote exactly: line amounts, discounts,
// optional items and gifts outside the totals, fees, tax-exclusive and
// tax-inclusive prices, half-up rounding to the currency's minor unit, and the
// total in words (Chinese capitals, English). It does no I/O.
package quote

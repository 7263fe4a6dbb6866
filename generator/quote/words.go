package quote

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// maxIntegerDigits is the largest number of integer digits the words
// functions accept: amounts below 10^16 (up to 9,999,999,999,999,999 plus the
// minor part), which covers the 万, 亿 and 万亿 groups in Chinese and the
// quadrillion scale in English.
const maxIntegerDigits = 16

// errTooLarge is returned for amounts with more than maxIntegerDigits integer
// digits after rounding. The amount itself is not formatted into the message:
// a decimal with a huge exponent would make an enormous string.
var errTooLarge = fmt.Errorf("quote: amount too large to write in words (limit %d integer digits)", maxIntegerDigits)

// zeroMinorCurrencies lists ISO 4217 currencies without a minor unit.
var zeroMinorCurrencies = map[string]bool{
	"JPY": true, "KRW": true, "VND": true, "CLP": true, "ISK": true,
	"PYG": true, "UGX": true, "RWF": true, "KMF": true, "GNF": true,
	"DJF": true, "BIF": true, "VUV": true, "XAF": true, "XOF": true,
	"XPF": true,
}

// MinorDigits is the number of minor-unit digits of an ISO 4217 currency: 2 for most
// (CNY, USD, EUR, GBP, HKD, ...), 0 for JPY and KRW; unknown codes: 2.
func MinorDigits(currency string) int32 {
	if zeroMinorCurrencies[normalizeCurrency(currency)] {
		return 0
	}
	return 2
}

func normalizeCurrency(currency string) string {
	return strings.ToUpper(strings.TrimSpace(currency))
}

// splitAmount validates the currency and the amount, rounds the amount half-up
// to the currency's minor digits and returns the normalised currency code, the
// integer digits (no leading zeros, "0" for zero) and the minor digits
// (exactly MinorDigits long).
func splitAmount(amount decimal.Decimal, currency string) (code, intDigits, minor string, err error) {
	code = normalizeCurrency(currency)
	if len(code) != 3 {
		return "", "", "", fmt.Errorf("quote: invalid currency code %q", currency)
	}
	for i := 0; i < len(code); i++ {
		if code[i] < 'A' || code[i] > 'Z' {
			return "", "", "", fmt.Errorf("quote: invalid currency code %q", currency)
		}
	}
	if amount.Sign() < 0 {
		return "", "", "", errors.New("quote: amount is negative")
	}
	places := MinorDigits(code)
	if amount.Sign() == 0 {
		return code, "0", strings.Repeat("0", int(places)), nil
	}
	// Magnitude checks on the representation, so that absurd exponents never
	// make the rounding below build enormous numbers.
	mag := int64(amount.NumDigits()) + int64(amount.Exponent()) // amount < 10^mag, amount >= 10^(mag-1)
	if mag > maxIntegerDigits {
		return "", "", "", errTooLarge
	}
	if mag <= -int64(places)-1 {
		// amount < 10^-(places+1): rounds to zero.
		return code, "0", strings.Repeat("0", int(places)), nil
	}
	s := amount.Round(places).StringFixed(places)
	intDigits, minor, _ = strings.Cut(s, ".")
	if len(intDigits) > maxIntegerDigits {
		return "", "", "", errTooLarge
	}
	if len(minor) != int(places) {
		return "", "", "", errors.New("quote: internal error formatting amount")
	}
	return code, intDigits, minor, nil
}

// Words picks ChineseCapitals for lang "zh-CN" (or any "zh…") and EnglishWords otherwise.
func Words(amount decimal.Decimal, currency, lang string) (string, error) {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(lang)), "zh") {
		return ChineseCapitals(amount, currency)
	}
	return EnglishWords(amount, currency)
}

// ---------------------------------------------------------------------------
// Chinese capitals

var (
	cnDigits = [10]string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}
	cnUnits  = [4]string{"", "拾", "佰", "仟"}
	cnPrefix = map[string]string{
		"CNY": "人民币",
		"USD": "美元",
		"EUR": "欧元",
		"GBP": "英镑",
		"HKD": "港币",
		"JPY": "日元",
	}
)

// ChineseCapitals writes amount in Chinese accounting capitals (大写金额), e.g.
// 1234.50 CNY -> "人民币壹仟贰佰叁拾肆元伍角整".
func ChineseCapitals(amount decimal.Decimal, currency string) (string, error) {
	code, intDigits, minor, err := splitAmount(amount, currency)
	if err != nil {
		return "", err
	}
	prefix, ok := cnPrefix[code]
	if !ok {
		prefix = code
	}
	var b strings.Builder
	b.WriteString(prefix)

	intZero := intDigits == "0"
	jiao, fen := 0, 0
	if len(minor) == 2 {
		jiao, fen = int(minor[0]-'0'), int(minor[1]-'0')
	}
	if intZero && jiao == 0 && fen == 0 {
		b.WriteString("零元整")
		return b.String(), nil
	}
	if !intZero {
		writeChineseInteger(&b, intDigits)
		b.WriteString("元")
	}
	if jiao != 0 {
		b.WriteString(cnDigits[jiao])
		b.WriteString("角")
	}
	if fen != 0 {
		if jiao == 0 && !intZero {
			b.WriteString("零")
		}
		b.WriteString(cnDigits[fen])
		b.WriteString("分")
	} else {
		b.WriteString("整")
	}
	return b.String(), nil
}

// writeChineseInteger writes a positive integer given as decimal digits (no
// leading zeros, at most 16 digits). A run of zeros between non-zero digits
// becomes one 零, also across group boundaries; trailing zeros write nothing.
// 万 is written after a non-zero 4-digit group (the 10^4 group and the 10^12
// group, which gives 万亿); 亿 is written whenever anything at or above 10^8
// is non-zero.
func writeChineseInteger(b *strings.Builder, digits string) {
	n := len(digits)
	seen := false     // a non-zero digit has been written
	pending := false  // zeros seen since the last non-zero digit
	groupHas := false // the current 4-digit group has a non-zero digit
	for i := 0; i < n; i++ {
		pos := n - 1 - i
		d := int(digits[i] - '0')
		if d == 0 {
			if seen {
				pending = true
			}
		} else {
			if pending {
				b.WriteString("零")
				pending = false
			}
			b.WriteString(cnDigits[d])
			b.WriteString(cnUnits[pos%4])
			seen = true
			groupHas = true
		}
		if pos > 0 && pos%4 == 0 {
			switch pos / 4 {
			case 1, 3:
				if groupHas {
					b.WriteString("万")
				}
			case 2:
				if seen {
					b.WriteString("亿")
				}
			}
			groupHas = false
		}
	}
}

// ---------------------------------------------------------------------------
// English words

type enCurrency struct {
	one, many           string // major unit, singular and plural
	minorOne, minorMany string // minor unit, singular and plural
}

var enCurrencies = map[string]enCurrency{
	"USD": {"dollar", "dollars", "cent", "cents"},
	"EUR": {"euro", "euros", "cent", "cents"},
	"GBP": {"pound", "pounds", "penny", "pence"},
	"CNY": {"yuan", "yuan", "fen", "fen"},
	"HKD": {"Hong Kong dollar", "Hong Kong dollars", "cent", "cents"},
	"JPY": {"yen", "yen", "", ""},
}

var (
	enOnes = [20]string{
		"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
		"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
		"seventeen", "eighteen", "nineteen",
	}
	enTens   = [10]string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	enScales = []string{"", "thousand", "million", "billion", "trillion", "quadrillion"}
)

// EnglishWords writes amount in English words, e.g. 1234.50 USD ->
// "One thousand two hundred thirty-four dollars and fifty cents".
func EnglishWords(amount decimal.Decimal, currency string) (string, error) {
	code, intDigits, minor, err := splitAmount(amount, currency)
	if err != nil {
		return "", err
	}
	cur, ok := enCurrencies[code]
	if !ok {
		cur = enCurrency{code, code, "hundredth", "hundredths"}
	}
	major, err := strconv.ParseUint(intDigits, 10, 64)
	if err != nil {
		return "", fmt.Errorf("quote: internal error: %w", err)
	}
	var minorVal uint64
	if minor != "" {
		if minorVal, err = strconv.ParseUint(minor, 10, 64); err != nil {
			return "", fmt.Errorf("quote: internal error: %w", err)
		}
	}

	var parts []string
	if major != 0 || minorVal == 0 {
		parts = append(parts, englishInteger(major)+" "+plural(major, cur.one, cur.many))
	}
	if minorVal != 0 {
		parts = append(parts, englishInteger(minorVal)+" "+plural(minorVal, cur.minorOne, cur.minorMany))
	}
	return capitalize(strings.Join(parts, " and ")), nil
}

func plural(n uint64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// englishInteger writes n in lower-case English words without "and".
func englishInteger(n uint64) string {
	if n == 0 {
		return enOnes[0]
	}
	var groups []uint64
	for n > 0 {
		groups = append(groups, n%1000)
		n /= 1000
	}
	var words []string
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if g == 0 {
			continue
		}
		w := englishBelowThousand(g)
		if enScales[i] != "" {
			w += " " + enScales[i]
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// englishBelowThousand writes 1 <= n <= 999.
func englishBelowThousand(n uint64) string {
	var words []string
	if n >= 100 {
		words = append(words, enOnes[n/100]+" hundred")
		n %= 100
	}
	switch {
	case n == 0:
	case n < 20:
		words = append(words, enOnes[n])
	case n%10 == 0:
		words = append(words, enTens[n/10])
	default:
		words = append(words, enTens[n/10]+"-"+enOnes[n%10])
	}
	return strings.Join(words, " ")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c >= 'a' && c <= 'z' {
		return string(c-'a'+'A') + s[1:]
	}
	return s
}

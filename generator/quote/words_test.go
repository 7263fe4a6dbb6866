package quote

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

func TestChineseCapitals(t *testing.T) {
	cases := []struct {
		amount, currency, want string
	}{
		// Required cases.
		{"0.01", "CNY", "人民币壹分"},
		{"0.10", "CNY", "人民币壹角整"},
		{"0.05", "CNY", "人民币伍分"},
		{"0.50", "CNY", "人民币伍角整"},
		{"1.05", "CNY", "人民币壹元零伍分"},
		{"1.50", "CNY", "人民币壹元伍角整"},
		{"10.00", "CNY", "人民币壹拾元整"},
		{"11.00", "CNY", "人民币壹拾壹元整"},
		{"20.00", "CNY", "人民币贰拾元整"},
		{"105.00", "CNY", "人民币壹佰零伍元整"},
		{"100.05", "CNY", "人民币壹佰元零伍分"},
		{"1010.10", "CNY", "人民币壹仟零壹拾元壹角整"},
		{"1234.56", "CNY", "人民币壹仟贰佰叁拾肆元伍角陆分"},
		{"10000.00", "CNY", "人民币壹万元整"},
		{"10001.00", "CNY", "人民币壹万零壹元整"},
		{"100000.00", "CNY", "人民币壹拾万元整"},
		{"107000.53", "CNY", "人民币壹拾万零柒仟元伍角叁分"},
		{"1000001.00", "CNY", "人民币壹佰万零壹元整"},
		{"1004000.50", "CNY", "人民币壹佰万零肆仟元伍角整"},
		{"60036000.00", "CNY", "人民币陆仟零叁万陆仟元整"},
		{"100000000.00", "CNY", "人民币壹亿元整"},
		{"100000001.00", "CNY", "人民币壹亿零壹元整"},
		{"1000000001.01", "CNY", "人民币壹拾亿零壹元零壹分"},
		{"10000000000.00", "CNY", "人民币壹佰亿元整"},
		{"100010000.00", "CNY", "人民币壹亿零壹万元整"},
		{"999999999999.99", "CNY", "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
		{"681600.00", "CNY", "人民币陆拾捌万壹仟陆佰元整"},
		{"0", "CNY", "人民币零元整"},
		{"0.005", "CNY", "人民币壹分"},
		{"1.004", "CNY", "人民币壹元整"},
		{"1234.00", "USD", "美元壹仟贰佰叁拾肆元整"},
		// More of our own.
		{"1234.50", "CNY", "人民币壹仟贰佰叁拾肆元伍角整"},
		{"1.55", "CNY", "人民币壹元伍角伍分"},
		{"10.50", "CNY", "人民币壹拾元伍角整"},
		{"10.05", "CNY", "人民币壹拾元零伍分"},
		{"0.99", "CNY", "人民币玖角玖分"},
		{"1", "CNY", "人民币壹元整"},
		{"101", "CNY", "人民币壹佰零壹元整"},
		{"110", "CNY", "人民币壹佰壹拾元整"},
		{"1001", "CNY", "人民币壹仟零壹元整"},
		{"1100", "CNY", "人民币壹仟壹佰元整"},
		{"100100", "CNY", "人民币壹拾万零壹佰元整"},
		{"110000", "CNY", "人民币壹拾壹万元整"},
		{"1000000", "CNY", "人民币壹佰万元整"},
		{"10000000", "CNY", "人民币壹仟万元整"},
		{"10010000", "CNY", "人民币壹仟零壹万元整"},
		{"100000010", "CNY", "人民币壹亿零壹拾元整"},
		{"120000000", "CNY", "人民币壹亿贰仟万元整"},
		{"1000000000000", "CNY", "人民币壹万亿元整"},
		{"1000000000001", "CNY", "人民币壹万亿零壹元整"},
		{"1000100000000", "CNY", "人民币壹万零壹亿元整"},
		{"1500000000000", "CNY", "人民币壹万伍仟亿元整"},
		{"1000000010000", "CNY", "人民币壹万亿零壹万元整"},
		{"10000000000000", "CNY", "人民币壹拾万亿元整"},
		{"9999999999999999.99", "CNY", "人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
		{"1234567890123456.78", "CNY", "人民币壹仟贰佰叁拾肆万伍仟陆佰柒拾捌亿玖仟零壹拾贰万叁仟肆佰伍拾陆元柒角捌分"},
		{"0.004", "CNY", "人民币零元整"},
		{"0.995", "CNY", "人民币壹元整"},
		{"9.995", "CNY", "人民币壹拾元整"},
		{"0.0000000000000000000001", "CNY", "人民币零元整"},
		{"1e3", "CNY", "人民币壹仟元整"},
		{"1234.5", "cny", "人民币壹仟贰佰叁拾肆元伍角整"},
		{"5.20", "EUR", "欧元伍元贰角整"},
		{"8", "GBP", "英镑捌元整"},
		{"30.03", "HKD", "港币叁拾元零叁分"},
		{"1000", "JPY", "日元壹仟元整"},
		{"1000.5", "JPY", "日元壹仟零壹元整"},
		{"0.4", "JPY", "日元零元整"},
		{"0", "JPY", "日元零元整"},
		{"50000", "KRW", "KRW伍万元整"},
		{"1", "CHF", "CHF壹元整"},
		{"2.30", "chf", "CHF贰元叁角整"},
	}
	for _, c := range cases {
		got, err := ChineseCapitals(decimal.RequireFromString(c.amount), c.currency)
		if err != nil {
			t.Errorf("ChineseCapitals(%s, %s): unexpected error %v", c.amount, c.currency, err)
			continue
		}
		if got != c.want {
			t.Errorf("ChineseCapitals(%s, %s) = %q, want %q", c.amount, c.currency, got, c.want)
		}
	}
}

func TestEnglishWords(t *testing.T) {
	cases := []struct {
		amount, currency, want string
	}{
		{"1234.50", "USD", "One thousand two hundred thirty-four dollars and fifty cents"},
		{"1000001.01", "USD", "One million one dollars and one cent"},
		{"0.99", "USD", "Ninety-nine cents"},
		{"100", "EUR", "One hundred euros"},
		{"2.5", "GBP", "Two pounds and fifty pence"},
		{"1000", "JPY", "One thousand yen"},
		{"12.30", "CNY", "Twelve yuan and thirty fen"},
		{"0", "USD", "Zero dollars"},
		{"1.01", "USD", "One dollar and one cent"},
		{"1", "USD", "One dollar"},
		{"1000", "USD", "One thousand dollars"},
		{"0.01", "GBP", "One penny"},
		{"1.01", "GBP", "One pound and one penny"},
		{"1", "EUR", "One euro"},
		{"21", "EUR", "Twenty-one euros"},
		{"1", "HKD", "One Hong Kong dollar"},
		{"99.95", "HKD", "Ninety-nine Hong Kong dollars and ninety-five cents"},
		{"1", "CNY", "One yuan"},
		{"0.01", "CNY", "One fen"},
		{"1", "JPY", "One yen"},
		{"0", "JPY", "Zero yen"},
		{"1000.5", "JPY", "One thousand one yen"},
		{"2.50", "XYZ", "Two XYZ and fifty hundredths"},
		{"1.01", "xyz", "One XYZ and one hundredth"},
		{"0.005", "USD", "One cent"},
		{"1.004", "USD", "One dollar"},
		{"115", "USD", "One hundred fifteen dollars"},
		{"40", "USD", "Forty dollars"},
		{"1000000", "USD", "One million dollars"},
		{"1002003004", "USD", "One billion two million three thousand four dollars"},
		{"7000000000000", "USD", "Seven trillion dollars"},
		{"9999999999999999.99", "USD", "Nine quadrillion nine hundred ninety-nine trillion nine hundred ninety-nine billion nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine dollars and ninety-nine cents"},
		{"19.19", "EUR", "Nineteen euros and nineteen cents"},
		{"80.80", "USD", "Eighty dollars and eighty cents"},
		{"513.17", "USD", "Five hundred thirteen dollars and seventeen cents"},
	}
	for _, c := range cases {
		got, err := EnglishWords(decimal.RequireFromString(c.amount), c.currency)
		if err != nil {
			t.Errorf("EnglishWords(%s, %s): unexpected error %v", c.amount, c.currency, err)
			continue
		}
		if got != c.want {
			t.Errorf("EnglishWords(%s, %s) = %q, want %q", c.amount, c.currency, got, c.want)
		}
	}
}

func TestWords(t *testing.T) {
	amt := decimal.RequireFromString("1234.50")
	cases := []struct{ lang, currency, want string }{
		{"zh-CN", "CNY", "人民币壹仟贰佰叁拾肆元伍角整"},
		{"zh", "USD", "美元壹仟贰佰叁拾肆元伍角整"},
		{"zh-TW", "CNY", "人民币壹仟贰佰叁拾肆元伍角整"},
		{"ZH-cn", "CNY", "人民币壹仟贰佰叁拾肆元伍角整"},
		{"en", "USD", "One thousand two hundred thirty-four dollars and fifty cents"},
		{"en-US", "USD", "One thousand two hundred thirty-four dollars and fifty cents"},
		{"", "USD", "One thousand two hundred thirty-four dollars and fifty cents"},
		{"fr", "EUR", "One thousand two hundred thirty-four euros and fifty cents"},
	}
	for _, c := range cases {
		got, err := Words(amt, c.currency, c.lang)
		if err != nil {
			t.Errorf("Words(%s, %q): %v", c.currency, c.lang, err)
			continue
		}
		if got != c.want {
			t.Errorf("Words(%s, %q) = %q, want %q", c.currency, c.lang, got, c.want)
		}
	}
}

func TestMinorDigits(t *testing.T) {
	cases := []struct {
		currency string
		want     int32
	}{
		{"CNY", 2}, {"USD", 2}, {"EUR", 2}, {"GBP", 2}, {"HKD", 2},
		{"JPY", 0}, {"KRW", 0}, {"jpy", 0}, {"krw", 0}, {"XYZ", 2}, {"", 2},
	}
	for _, c := range cases {
		if got := MinorDigits(c.currency); got != c.want {
			t.Errorf("MinorDigits(%q) = %d, want %d", c.currency, got, c.want)
		}
	}
}

func TestWordsErrors(t *testing.T) {
	cases := []struct{ amount, currency string }{
		{"-0.01", "CNY"},
		{"-1", "USD"},
		{"-0.001", "CNY"},
		{"10000000000000000", "CNY"},
		{"10000000000000000", "JPY"},
		{"9999999999999999.995", "CNY"},
		{"9999999999999999.5", "JPY"},
		{"123456789012345678901234567890", "USD"},
		{"1", ""},
		{"1", "US"},
		{"1", "US D"},
		{"1", "12$"},
	}
	type errCase struct {
		amt      decimal.Decimal
		currency string
	}
	var all []errCase
	for _, c := range cases {
		all = append(all, errCase{decimal.RequireFromString(c.amount), c.currency})
	}
	// Extreme exponents (beyond what the string parser accepts).
	all = append(all,
		errCase{decimal.New(-1, -1_000_000_000), "CNY"},
		errCase{decimal.New(1, 1_000_000_000), "CNY"},
		errCase{decimal.New(1, 1_000_000_000), "JPY"},
	)
	for _, c := range all {
		amt := c.amt
		if got, err := ChineseCapitals(amt, c.currency); err == nil {
			t.Errorf("ChineseCapitals(%s, %q) = %q, want error", amt, c.currency, got)
		}
		if got, err := EnglishWords(amt, c.currency); err == nil {
			t.Errorf("EnglishWords(%s, %q) = %q, want error", amt, c.currency, got)
		}
		for _, lang := range []string{"zh-CN", "en"} {
			if got, err := Words(amt, c.currency, lang); err == nil {
				t.Errorf("Words(%s, %q, %s) = %q, want error", amt, c.currency, lang, got)
			}
		}
	}
	// The largest supported amounts still work.
	for _, s := range []string{"9999999999999999.99", "9999999999999999.994"} {
		if _, err := ChineseCapitals(decimal.RequireFromString(s), "CNY"); err != nil {
			t.Errorf("ChineseCapitals(%s): %v", s, err)
		}
	}
	if _, err := ChineseCapitals(decimal.RequireFromString("9999999999999999.4"), "JPY"); err != nil {
		t.Errorf("ChineseCapitals(9999999999999999.4 JPY): %v", err)
	}
	// Tiny positive amounts with huge negative exponents round to zero quickly.
	if got, err := ChineseCapitals(decimal.New(1, -1_000_000_000), "CNY"); err != nil || got != "人民币零元整" {
		t.Errorf("ChineseCapitals(1e-1000000000) = %q, %v", got, err)
	}
}

// ---------------------------------------------------------------------------
// Round-trip parser for Chinese capitals (test only).

var (
	parseDigits = map[rune]int64{'零': 0, '壹': 1, '贰': 2, '叁': 3, '肆': 4, '伍': 5, '陆': 6, '柒': 7, '捌': 8, '玖': 9}
	parseUnits  = map[rune]int64{'拾': 10, '佰': 100, '仟': 1000}
)

// parseCapitals converts the body of a Chinese capitals string (without the
// currency prefix) back to an amount in minor units (cents for 2-digit
// currencies, whole units for 0-digit ones). It is strict about the shape of
// the 元/角/分/整 tail and about what may follow a digit.
func parseCapitals(s string, minorDigits int32) (int64, error) {
	var (
		total, wan, section int64 // ≥亿 part (already shifted), 万 part, <万 part
		digit               int64 = -1
		integer, jiao, fen  int64
		sawYuan, sawJiao    bool
		sawFen, sawZheng    bool
	)
	runes := []rune(s)
	for i, r := range runes {
		if sawZheng || sawFen {
			return 0, fmt.Errorf("text after 整/分 at %d in %q", i, s)
		}
		if d, ok := parseDigits[r]; ok {
			if digit > 0 {
				return 0, fmt.Errorf("two digits in a row at %d in %q", i, s)
			}
			if d == 0 && i+1 < len(runes) && runes[i+1] == '零' {
				return 0, fmt.Errorf("零零 in %q", s)
			}
			digit = d
			continue
		}
		if u, ok := parseUnits[r]; ok {
			if sawYuan || digit <= 0 {
				return 0, fmt.Errorf("unit %c without digit at %d in %q", r, i, s)
			}
			section += digit * u
			digit = -1
			continue
		}
		take := func() int64 { // pending digit (0 if none)
			if digit < 0 {
				return 0
			}
			d := digit
			digit = -1
			return d
		}
		switch r {
		case '万':
			if sawYuan {
				return 0, fmt.Errorf("万 after 元 in %q", s)
			}
			wan += (section + take()) * 10_000
			section = 0
		case '亿':
			if sawYuan {
				return 0, fmt.Errorf("亿 after 元 in %q", s)
			}
			total = (total + wan + section + take()) * 100_000_000
			wan, section = 0, 0
		case '元':
			if sawYuan {
				return 0, fmt.Errorf("two 元 in %q", s)
			}
			integer = total + wan + section + take()
			sawYuan = true
		case '角':
			if sawJiao || digit <= 0 || (!sawYuan && (total|wan|section) != 0) {
				return 0, fmt.Errorf("bad 角 in %q", s)
			}
			jiao = take()
			sawJiao = true
		case '分':
			if digit <= 0 || (!sawYuan && (total|wan|section) != 0) {
				return 0, fmt.Errorf("bad 分 in %q", s)
			}
			fen = take()
			sawFen = true
		case '整':
			if digit >= 0 || !(sawYuan || sawJiao) {
				return 0, fmt.Errorf("bad 整 in %q", s)
			}
			sawZheng = true
		default:
			return 0, fmt.Errorf("unexpected %q in %q", r, s)
		}
	}
	if digit >= 0 || !(sawFen || sawZheng) {
		return 0, fmt.Errorf("incomplete %q", s)
	}
	if minorDigits == 0 {
		if sawJiao || sawFen {
			return 0, fmt.Errorf("角/分 for a 0-digit currency in %q", s)
		}
		return integer, nil
	}
	return integer*100 + jiao*10 + fen, nil
}

// checkChinese verifies the structural rules and the round trip of one amount
// given in minor units.
func checkChinese(t *testing.T, minor int64, currency string) {
	t.Helper()
	digits := MinorDigits(currency)
	amt := decimal.New(minor, -digits)
	got, err := ChineseCapitals(amt, currency)
	if err != nil {
		t.Fatalf("ChineseCapitals(%s, %s): %v", amt, currency, err)
	}
	prefix := chinesePrefix(currency)
	if !strings.HasPrefix(got, prefix) {
		t.Fatalf("ChineseCapitals(%s, %s) = %q: missing prefix %q", amt, currency, got, prefix)
	}
	body := strings.TrimPrefix(got, prefix)
	if !strings.ContainsAny(body, "元角分") {
		t.Fatalf("ChineseCapitals(%s, %s) = %q: no 元/角/分", amt, currency, got)
	}
	if strings.Contains(body, "零零") || strings.HasSuffix(body, "零") || strings.Contains(body, "分整") {
		t.Fatalf("ChineseCapitals(%s, %s) = %q: bad zeros or 整", amt, currency, got)
	}
	if strings.HasPrefix(body, "零") && body != "零元整" {
		t.Fatalf("ChineseCapitals(%s, %s) = %q: leading 零", amt, currency, got)
	}
	for _, bad := range []string{"零万", "零亿", "零元", "零角", "零分", "零拾", "零佰", "零仟", "万万", "亿亿"} {
		if strings.Contains(body, bad) && body != "零元整" {
			t.Fatalf("ChineseCapitals(%s, %s) = %q: contains %q", amt, currency, got, bad)
		}
	}
	back, err := parseCapitals(body, digits)
	if err != nil {
		t.Fatalf("ChineseCapitals(%s, %s) = %q: parse: %v", amt, currency, got, err)
	}
	if back != minor {
		t.Fatalf("ChineseCapitals(%s, %s) = %q: parses back as %d minor units", amt, currency, got, back)
	}
}

func chinesePrefix(currency string) string {
	code := strings.ToUpper(currency)
	if p, ok := cnPrefix[code]; ok {
		return p
	}
	return code
}

func TestParseCapitalsSelf(t *testing.T) {
	cases := map[string]int64{
		"壹仟贰佰叁拾肆元伍角陆分": 123456,
		"壹万亿零壹元整":      100000000000100,
		"壹拾万零柒仟元伍角叁分":  10700053,
		"伍分":           5,
		"零元整":          0,
	}
	for s, want := range cases {
		if got, err := parseCapitals(s, 2); err != nil || got != want {
			t.Errorf("parseCapitals(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"壹元零零伍分", "壹元伍分整", "拾元整", "壹元", "壹贰元整", "壹元伍角整伍分"} {
		if got, err := parseCapitals(s, 2); err == nil {
			t.Errorf("parseCapitals(%q) = %d, want error", s, got)
		}
	}
}

func TestChineseRoundTripSmall(t *testing.T) {
	for c := int64(0); c <= 20000; c++ {
		checkChinese(t, c, "CNY")
	}
	for c := int64(0); c <= 20000; c++ {
		checkChinese(t, c, "JPY")
	}
}

func TestChineseRoundTripLarge(t *testing.T) {
	const limit = int64(1_000_000_000_000_000_000) // 10^18 cents = 10^16 yuan
	var samples []int64
	// Every power of ten and every single non-zero digit at each position.
	for p, pow := 0, int64(1); p < 18; p, pow = p+1, pow*10 {
		for d := int64(1); d <= 9; d++ {
			samples = append(samples, d*pow, d*pow+1, d*pow-1)
		}
		// Two non-zero digits at every pair of positions.
		for q, pow2 := 0, int64(1); q < p; q, pow2 = q+1, pow2*10 {
			samples = append(samples, pow+pow2, 3*pow+7*pow2, pow+pow2+1)
		}
	}
	samples = append(samples, limit-1)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		samples = append(samples, rng.Int64N(limit))
		// Sparse values: few non-zero digits, many zero runs.
		var v int64
		for p, pow := 0, int64(1); p < 18; p, pow = p+1, pow*10 {
			if rng.IntN(4) == 0 {
				v += int64(rng.IntN(9)+1) * pow
			}
		}
		samples = append(samples, v)
	}
	for _, c := range samples {
		if c < 0 || c >= limit {
			continue
		}
		checkChinese(t, c, "CNY")
		checkChinese(t, c/100, "JPY")
	}
}

func TestEnglishSmall(t *testing.T) {
	for c := int64(0); c <= 20000; c++ {
		checkEnglish(t, c, "USD")
	}
}

func checkEnglish(t *testing.T, minor int64, currency string) {
	t.Helper()
	amt := decimal.New(minor, -MinorDigits(currency))
	got, err := EnglishWords(amt, currency)
	if err != nil {
		t.Fatalf("EnglishWords(%s, %s): %v", amt, currency, err)
	}
	r, _ := utf8.DecodeRuneInString(got)
	if got == "" || !unicode.IsUpper(r) {
		t.Fatalf("EnglishWords(%s, %s) = %q: must start with an upper-case letter", amt, currency, got)
	}
	if strings.Contains(got, "  ") || strings.HasSuffix(got, " ") || strings.Contains(got, " and and") {
		t.Fatalf("EnglishWords(%s, %s) = %q: bad spacing", amt, currency, got)
	}
	if strings.Count(got, " and ") > 1 {
		t.Fatalf("EnglishWords(%s, %s) = %q: more than one \"and\"", amt, currency, got)
	}
}

var fuzzCurrencies = []string{"CNY", "USD", "EUR", "GBP", "HKD", "JPY", "KRW", "CHF", "XYZ", "cny", "usd", "jpy"}

func FuzzWords(f *testing.F) {
	f.Add(int64(0), uint8(0))
	f.Add(int64(123456), uint8(1))
	f.Add(int64(100000001), uint8(5))
	f.Add(int64(-5), uint8(2))
	f.Add(int64(999999999999999999), uint8(0))
	f.Add(int64(1000000000000000000), uint8(3))
	f.Fuzz(func(t *testing.T, cents int64, ci uint8) {
		currency := fuzzCurrencies[int(ci)%len(fuzzCurrencies)]
		amt := decimal.New(cents, -2)
		zh, zhErr := Words(amt, currency, "zh-CN")
		en, enErr := Words(amt, currency, "en")
		// Integer part after rounding (half-up) to the currency's digits.
		rounded := amt.Round(MinorDigits(currency))
		tooLarge := rounded.GreaterThanOrEqual(decimal.New(1, maxIntegerDigits))
		if cents < 0 || tooLarge {
			if zhErr == nil || enErr == nil {
				t.Fatalf("%s %s: want errors, got %q, %q", amt, currency, zh, en)
			}
			return
		}
		if zhErr != nil || enErr != nil {
			t.Fatalf("%s %s: unexpected errors %v, %v", amt, currency, zhErr, enErr)
		}
		prefix := chinesePrefix(currency)
		if !strings.HasPrefix(zh, prefix) {
			t.Fatalf("%s %s: %q lacks prefix %q", amt, currency, zh, prefix)
		}
		if !strings.ContainsAny(zh, "元角分") || strings.Contains(zh, "零零") ||
			strings.HasSuffix(zh, "零") || strings.Contains(zh, "分整") {
			t.Fatalf("%s %s: bad Chinese %q", amt, currency, zh)
		}
		minor := rounded.Shift(MinorDigits(currency)).IntPart()
		checkChinese(t, minor, currency)
		r, _ := utf8.DecodeRuneInString(en)
		if en == "" || !unicode.IsUpper(r) {
			t.Fatalf("%s %s: bad English %q", amt, currency, en)
		}
	})
}
